//! What the notes' errors say, localized.

use super::logic::{MAX_CAPTION, MAX_NAME, MAX_PHRASE, MAX_PHRASES, MAX_TEXT, NoteError};
use crate::{i18n::Lang, t, telegram::html::escape};

pub fn error_text(lang: Lang, err: &NoteError, usage: &str) -> String {
    match err {
        NoteError::MissingName => crate::i18n::text(lang, usage, None),
        NoteError::MissingText => t!(lang, "note-err-no-text"),
        NoteError::NameTooLong => t!(lang, "note-err-name-too-long", max = MAX_NAME),
        NoteError::BadName => t!(lang, "note-err-bad-name"),
        NoteError::TextTooLong => t!(lang, "note-err-text-too-long", max = MAX_TEXT),
        NoteError::CaptionTooLong => t!(lang, "note-err-caption-too-long", max = MAX_CAPTION),
        NoteError::EmptyPhrase => t!(lang, "note-err-empty-phrase"),
        NoteError::PhraseWithoutWord => t!(lang, "note-err-phrase-no-word"),
        NoteError::PhraseTooCommon(phrase) => {
            t!(lang, "note-err-phrase-common", phrase = crate::telegram::html::escape(phrase))
        }
        NoteError::PhraseTooLong => t!(lang, "note-err-phrase-too-long", max = MAX_PHRASE),
        NoteError::TooManyPhrases => t!(lang, "note-err-too-many-phrases", max = MAX_PHRASES),
    }
}

/// "There is no note #x" with the closest names, if any.
pub fn unknown_note(lang: Lang, name: &str, closest: &[&str]) -> String {
    let mut text = t!(lang, "note-err-unknown", name = escape(name));
    if !closest.is_empty() {
        let names: Vec<String> = closest.iter().map(|n| format!("<code>#{}</code>", escape(n))).collect();
        text.push('\n');
        text.push_str(&t!(lang, "note-did-you-mean", names = names.join(", ")));
    }
    text
}
