//! Notes logic: plain functions over plain types — note names, the
//! arguments of /note and /notetrigger, `#name` calls, trigger phrases
//! (matched by `crate::phrase`, inflected forms included), the cooldown of
//! automatic answers, the closest names to a mistyped one.

use chrono::{DateTime, Duration, Utc};
use regex::RegexSet;

use crate::phrase::{self, Forms};

/// Longest note name, in characters.
pub const MAX_NAME: usize = 32;
/// Longest note text, in UTF-16 units of what it shows (Telegram's measure).
pub const MAX_TEXT: usize = crate::telegram::html::MAX_TEXT;
/// Longest caption of a photo or document note, in the same units.
pub const MAX_CAPTION: usize = crate::telegram::html::MAX_CAPTION;
/// Longest trigger phrase, in characters, and most phrases per note.
pub const MAX_PHRASE: usize = 100;
pub const MAX_PHRASES: usize = 20;
/// How many close names a miss suggests.
pub const MAX_SUGGESTIONS: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoteError {
    #[error("no name")]
    MissingName,
    #[error("no text")]
    MissingText,
    #[error("name too long")]
    NameTooLong,
    #[error("bad characters in the name")]
    BadName,
    #[error("text too long")]
    TextTooLong,
    #[error("caption too long")]
    CaptionTooLong,
    #[error("an empty trigger phrase")]
    EmptyPhrase,
    #[error("a trigger phrase without a word")]
    PhraseWithoutWord,
    #[error("a trigger phrase that would match almost any question")]
    PhraseTooCommon(String),
    #[error("trigger phrase too long")]
    PhraseTooLong,
    #[error("too many trigger phrases")]
    TooManyPhrases,
}

/// A note's name: 1–32 letters (any script), digits, `_` or `-`, compared
/// without case (kept lowercased).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NoteName(String);

pub fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

impl NoteName {
    pub fn parse(raw: &str) -> Result<NoteName, NoteError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(NoteError::MissingName);
        }
        if raw.chars().count() > MAX_NAME {
            return Err(NoteError::NameTooLong);
        }
        if !raw.chars().all(is_name_char) {
            return Err(NoteError::BadName);
        }
        Ok(NoteName(raw.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `/note <name> [text]` (and `/faq`, `/delnote`, `/notetrigger`): the name,
/// and the rest (trimmed; `None` when nothing follows).
pub fn split_name(args: &str) -> Result<(NoteName, Option<&str>), NoteError> {
    let args = args.trim();
    let (name, rest) = match args.split_once(char::is_whitespace) {
        Some((name, rest)) => (name, Some(rest.trim()).filter(|r| !r.is_empty())),
        None => (args, None),
    };
    Ok((NoteName::parse(name)?, rest))
}

/// A note's text fits one message: measured on what it shows, in UTF-16
/// units as Telegram counts.
pub fn check_text(visible: &str) -> Result<(), NoteError> {
    if visible.trim().is_empty() {
        return Err(NoteError::MissingText);
    }
    if visible.encode_utf16().count() > MAX_TEXT {
        return Err(NoteError::TextTooLong);
    }
    Ok(())
}

/// A photo's or document's caption fits Telegram's 1024 (it may be empty).
pub fn check_caption(visible: &str) -> Result<(), NoteError> {
    if visible.encode_utf16().count() > MAX_CAPTION {
        return Err(NoteError::CaptionTooLong);
    }
    Ok(())
}

/// `#name` at the very start of a message: the name it calls (the name
/// characters after `#`), if it is a valid name.
pub fn hashtag_call(text: &str) -> Option<NoteName> {
    let rest = text.strip_prefix('#')?;
    let end = rest.find(|c: char| !is_name_char(c)).unwrap_or(rest.len());
    NoteName::parse(&rest[..end]).ok()
}

/// `/notetrigger <name> phrase; phrase`: the phrases, whitespace collapsed,
/// duplicates (ignoring case) dropped. Nothing after the name clears them
/// (an empty list). An empty entry (`a;;b`, a trailing `;`) is refused.
pub fn parse_phrases(raw: Option<&str>) -> Result<Vec<String>, NoteError> {
    let Some(raw) = raw else { return Ok(Vec::new()) };
    let mut phrases: Vec<String> = Vec::new();
    for part in raw.split(';') {
        let phrase = part.split_whitespace().collect::<Vec<_>>().join(" ");
        if phrase.is_empty() {
            return Err(NoteError::EmptyPhrase);
        }
        if phrase.chars().count() > MAX_PHRASE {
            return Err(NoteError::PhraseTooLong);
        }
        if !phrase.chars().any(char::is_alphanumeric) {
            return Err(NoteError::PhraseWithoutWord);
        }
        if !has_telling_word(&phrase) {
            return Err(NoteError::PhraseTooCommon(phrase));
        }
        if !phrases.iter().any(|p| p.to_lowercase() == phrase.to_lowercase()) {
            phrases.push(phrase);
        }
    }
    if phrases.len() > MAX_PHRASES {
        return Err(NoteError::TooManyPhrases);
    }
    Ok(phrases)
}

/// Words too common to tell one question from another (English and
/// Russian): a phrase made only of these (or of words under three letters)
/// would answer nearly every question.
const COMMON_WORDS: &[&str] = &[
    "the",
    "and",
    "you",
    "your",
    "for",
    "how",
    "what",
    "why",
    "who",
    "when",
    "where",
    "can",
    "this",
    "that",
    "with",
    "are",
    "was",
    "not",
    "but",
    "have",
    "has",
    "any",
    "all",
    "there",
    "here",
    "its",
    "does",
    "did",
    "что",
    "как",
    "это",
    "для",
    "где",
    "кто",
    "мне",
    "они",
    "она",
    "его",
    "или",
    "там",
    "так",
    "уже",
    "есть",
    "все",
    "всё",
    "когда",
    "почему",
    "зачем",
    "можно",
    "нужно",
    "если",
    "меня",
    "вас",
    "нас",
];

/// Whether a phrase has a word that tells questions apart: three letters or
/// more, and not one of the most common words.
fn has_telling_word(phrase: &str) -> bool {
    phrase
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .any(|w| w.chars().count() >= 3 && !COMMON_WORDS.contains(&w.as_str()))
}

/// How phrases are stored (one column) and read back.
pub const PHRASE_SEPARATOR: &str = "; ";

pub fn join_phrases(phrases: &[String]) -> String {
    phrases.join(PHRASE_SEPARATOR)
}

pub fn split_phrases(stored: &str) -> Vec<String> {
    stored.split(';').map(str::trim).filter(|p| !p.is_empty()).map(str::to_owned).collect()
}

/// A chat's trigger phrases, compiled into one set (inflected forms
/// match): a question is read once however many notes and phrases there are.
#[derive(Debug, Clone)]
pub struct Triggers {
    /// The notes with phrases, in the order given.
    names: Vec<String>,
    /// Every phrase of every note.
    set: RegexSet,
    /// The note (index in `names`) of each phrase of `set`.
    owners: Vec<usize>,
}

impl Triggers {
    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }
}

/// Compiles stored (name, phrases) rows, skipping phrases that no longer
/// compile and notes left with none.
pub fn compile_triggers(rows: &[(String, String)]) -> Triggers {
    let (mut names, mut sources, mut owners) = (Vec::new(), Vec::new(), Vec::new());
    for (name, stored) in rows {
        let phrases: Vec<String> = split_phrases(stored)
            .iter()
            .map(|p| phrase::source(p, Forms::Inflected))
            .filter(|source| phrase::compile(source).is_ok())
            .collect();
        if phrases.is_empty() {
            continue;
        }
        owners.extend(std::iter::repeat_n(names.len(), phrases.len()));
        sources.extend(phrases);
        names.push(name.clone());
    }
    let set = phrase::compile_set(&sources).unwrap_or_else(|err| {
        tracing::warn!(?err, phrases = sources.len(), "the chat's trigger phrases do not compile together");
        RegexSet::empty()
    });
    if set.is_empty() {
        names.clear();
    }
    Triggers { names, set, owners }
}

/// The notes whose phrases `text` matches, in the order given (by name).
pub fn matching<'a>(triggers: &'a Triggers, text: &str) -> impl Iterator<Item = &'a str> + use<'a> {
    let mut hit: Vec<usize> =
        triggers.set.matches(text).iter().map(|phrase| triggers.owners[phrase]).collect();
    hit.dedup();
    hit.into_iter().map(|note| triggers.names[note].as_str())
}

/// The earliest date a note's last automatic answer may have for the note
/// to answer a question asked `at` (`None`: no cooldown, it always may).
/// It may when its last answer was at least `cooldown` before.
pub fn cooldown_floor(at: DateTime<Utc>, cooldown: Option<Duration>) -> Option<DateTime<Utc>> {
    cooldown.filter(|c| *c > Duration::zero()).map(|c| at - c)
}

/// The names closest to a mistyped `query`, best first: those it begins or
/// that begin with it, then those within a few edits (normalized
/// Damerau–Levenshtein similarity at least 0.5).
pub fn closest<'a>(query: &str, names: &'a [String]) -> Vec<&'a str> {
    let query = query.to_lowercase();
    let mut scored: Vec<(f64, &str)> = names
        .iter()
        .filter_map(|name| {
            let similarity = strsim::normalized_damerau_levenshtein(&query, name);
            let prefix = !query.is_empty() && (name.starts_with(&query) || query.starts_with(name.as_str()));
            let score = if prefix { 1.0 + similarity } else { similarity };
            (score >= 0.5).then_some((score, name.as_str()))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(MAX_SUGGESTIONS).map(|(_, name)| name).collect()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn names_are_letters_digits_underscores_and_dashes() {
        assert_eq!(NoteName::parse("Rules").unwrap().as_str(), "rules");
        assert_eq!(NoteName::parse("Доставка_2-й").unwrap().as_str(), "доставка_2-й");
        assert_eq!(NoteName::parse("  faq  ").unwrap().as_str(), "faq");
        assert_eq!(NoteName::parse(""), Err(NoteError::MissingName));
        assert_eq!(NoteName::parse("a b"), Err(NoteError::BadName));
        assert_eq!(NoteName::parse("<b>"), Err(NoteError::BadName));
        assert_eq!(NoteName::parse("#rules"), Err(NoteError::BadName));
        assert_eq!(NoteName::parse(&"я".repeat(32)).unwrap().as_str().chars().count(), 32);
        assert_eq!(NoteName::parse(&"я".repeat(33)), Err(NoteError::NameTooLong));
        assert_eq!(NoteName::parse("RULES"), NoteName::parse("rules"), "case-insensitive");
    }

    #[test]
    fn arguments_split_into_a_name_and_the_rest() {
        let (name, rest) = split_name("  Wifi   The password is <b>x</b> \n more").unwrap();
        assert_eq!((name.as_str(), rest), ("wifi", Some("The password is <b>x</b> \n more")));
        assert_eq!(split_name("wifi").unwrap().1, None);
        assert_eq!(split_name("").unwrap_err(), NoteError::MissingName);
        assert_eq!(split_name("wi*fi text").unwrap_err(), NoteError::BadName);
    }

    #[test]
    fn texts_fit_one_message() {
        assert_eq!(check_text("  "), Err(NoteError::MissingText));
        assert!(check_text(&"я".repeat(4096)).is_ok());
        assert_eq!(check_text(&"я".repeat(4097)), Err(NoteError::TextTooLong));
        // 😀 is two UTF-16 units.
        assert_eq!(check_text(&"😀".repeat(2049)), Err(NoteError::TextTooLong));
        assert!(check_caption("").is_ok() && check_caption(&"я".repeat(1024)).is_ok());
        assert_eq!(check_caption(&"я".repeat(1025)), Err(NoteError::CaptionTooLong));
    }

    #[test]
    fn hashtags_at_the_start_call_notes() {
        assert_eq!(hashtag_call("#rules").unwrap().as_str(), "rules");
        assert_eq!(hashtag_call("#Доставка, пожалуйста").unwrap().as_str(), "доставка");
        assert_eq!(hashtag_call("see #rules"), None);
        assert_eq!(hashtag_call("# rules"), None);
        assert_eq!(hashtag_call(&format!("#{}", "a".repeat(33))), None);
    }

    #[test]
    fn trigger_phrases_parse_and_refuse_empty_entries() {
        assert_eq!(
            parse_phrases(Some(" delivery  time ;Сроки доставки; DELIVERY TIME")).unwrap(),
            ["delivery time", "Сроки доставки"]
        );
        assert_eq!(parse_phrases(None).unwrap(), Vec::<String>::new());
        assert_eq!(parse_phrases(Some("wifi;;code")), Err(NoteError::EmptyPhrase));
        assert_eq!(parse_phrases(Some("refund;")), Err(NoteError::EmptyPhrase));
        assert_eq!(parse_phrases(Some("?!")), Err(NoteError::PhraseWithoutWord));
        assert_eq!(parse_phrases(Some(&"a".repeat(101))), Err(NoteError::PhraseTooLong));
        let many = (0..21).map(|i| format!("word{i}")).collect::<Vec<_>>().join(";");
        assert_eq!(parse_phrases(Some(&many)), Err(NoteError::TooManyPhrases));
        let stored = join_phrases(&parse_phrases(Some("a wifi; в офисе")).unwrap());
        assert_eq!(split_phrases(&stored), ["a wifi", "в офисе"]);
        // Phrases that would answer almost every question.
        for common in ["a", "is it", "how", "what is the", "как", "что это", "и в"] {
            assert_eq!(
                parse_phrases(Some(common)),
                Err(NoteError::PhraseTooCommon(common.into())),
                "{common}"
            );
        }
        assert!(parse_phrases(Some("how to pay")).is_ok());
        assert!(parse_phrases(Some("как оплатить")).is_ok());
    }

    #[test]
    fn triggers_match_inflected_forms_on_word_boundaries() {
        let triggers = compile_triggers(&[
            ("delivery".into(), "сроки доставки; delivery time".into()),
            ("refunds".into(), "вернуть деньги; refund".into()),
            ("empty".into(), "".into()),
        ]);
        assert_eq!(triggers.len(), 2, "a note without phrases is no trigger");
        let hit = |text: &str| matching(&triggers, text).map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(hit("Какие СРОКИ ДОСТАВКИ в Казань?"), ["delivery"]);
        assert_eq!(hit("а срок доставки какой?"), ["delivery"], "срок is a form of сроки");
        assert_eq!(hit("What are the delivery times?"), ["delivery"]);
        assert_eq!(hit("Как вернуть деньги?"), ["refunds"]);
        assert_eq!(hit("Can I get a refund?"), ["refunds"]);
        assert_eq!(hit("Is prefunding a thing?"), Vec::<String>::new(), "no match inside a word");
        assert_eq!(hit("Как дела?"), Vec::<String>::new());
        assert_eq!(
            hit("delivery time? сроки доставки? refund?"),
            ["delivery", "refunds"],
            "each note once, in order"
        );
    }

    #[test]
    fn the_cooldown_floor_is_the_question_less_the_cooldown() {
        let at = Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap();
        let ten = Some(Duration::minutes(10));
        assert_eq!(cooldown_floor(at, ten), Some(at - Duration::minutes(10)));
        assert_eq!(cooldown_floor(at, Some(Duration::zero())), None);
    }

    #[test]
    fn misses_suggest_the_closest_names() {
        let names: Vec<String> = ["rules", "delivery", "refunds", "доставка"].map(String::from).to_vec();
        assert_eq!(closest("rulse", &names), ["rules"]);
        assert_eq!(closest("deliv", &names), ["delivery"]);
        assert_eq!(closest("Доставк", &names), ["доставка"]);
        assert_eq!(closest("zzz", &names), Vec::<&str>::new());
    }
}
