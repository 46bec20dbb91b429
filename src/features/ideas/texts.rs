//! What the ideas handlers all say the same way: a status's name and the
//! answer to a bad command or press.

use super::logic::{IdeaError, Status};
use crate::{i18n::Lang, t, telegram::html};

/// The localized name of a status.
pub fn status_name(lang: Lang, status: Status) -> String {
    crate::i18n::named(lang, "idea-status", status.as_str())
}

/// The localized answer to a bad command or press.
pub fn error_text(lang: Lang, err: &IdeaError) -> String {
    match err {
        IdeaError::Empty => t!(lang, "idea-usage"),
        IdeaError::TooLong { max } => t!(lang, "idea-err-too-long", max = *max),
        IdeaError::NotFound { number } => t!(lang, "idea-err-not-found", number = *number),
        IdeaError::UnknownStatus { word } => {
            t!(lang, "idea-err-unknown-status", word = html::escape(&html::truncate(word, 32)))
        }
        IdeaError::SameStatus => t!(lang, "idea-err-same-status"),
        IdeaError::Merged => t!(lang, "idea-err-merged"),
        IdeaError::NotAllowed { from, to } => {
            t!(lang, "idea-err-not-allowed", from = status_name(lang, *from), to = status_name(lang, *to))
        }
        IdeaError::MergeSelf => t!(lang, "idea-err-merge-self"),
        IdeaError::ClosedForVotes(status) => t!(lang, "idea-err-closed", status = status_name(lang, *status)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_a_name_in_both_languages() {
        for lang in Lang::ALL {
            for status in Status::ALL {
                assert!(
                    !status_name(lang, status).starts_with("idea-status-"),
                    "{status} in {}",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn russian_plurals_and_escaping() {
        let told = |n: i64| t!(Lang::Ru, "idea-status-set", number = 3, status = "сделана", count = n);
        assert!(told(1).contains("1 участник получит"), "{}", told(1));
        assert!(told(3).contains("3 участника получат"), "{}", told(3));
        assert!(told(5).contains("5 участников получат"), "{}", told(5));
        assert!(told(21).contains("21 участник получит"), "{}", told(21));
        assert!(told(0).contains("некому"), "{}", told(0));
        let err = error_text(Lang::En, &IdeaError::UnknownStatus { word: "<b>".into() });
        assert!(err.contains("&lt;b&gt;"), "{err}");
    }
}
