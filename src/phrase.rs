//! Phrases people type, found in messages: the one matcher behind
//! moderation's word filters and the FAQ's trigger phrases. Matching is
//! case-insensitive and Unicode-aware, on Unicode word boundaries, the
//! phrase's words apart by any whitespace; the regex is built with bounded
//! cost.
//!
//! `Forms::Exact` matches the words as typed (`спам` is not in `спаммер`).
//! `Forms::Inflected` also matches their inflected forms, by this rule: a
//! phrase word of at least `MIN_STEMMED` letters matches any text word that
//! *begins with its stem* — the Snowball stem (the Russian algorithm for a
//! word with Cyrillic letters, the English one otherwise), cut back to the
//! part it shares with the word itself (English `delivery` stems to
//! `deliveri`, so `deliver`) and kept only while at least `MIN_STEM`
//! letters long. `доставка` (stem `доставк`) matches `доставки`,
//! `доставку`, `доставкой`; `refund` matches `refunds`, `refunded`. A
//! shorter word, or one that does not start and end with a letter or digit
//! (`c++`), matches only as itself. Word boundaries hold at the start:
//! `доставка` never matches inside `недоставка`.

use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use rust_stemmers::{Algorithm, Stemmer};

/// Compiled size and lazy-DFA cache bounds for one pattern.
const REGEX_SIZE_LIMIT: usize = 256 * 1024;
const REGEX_DFA_LIMIT: usize = 512 * 1024;

/// Words shorter than this (in letters) are matched only as they are.
pub const MIN_STEMMED: usize = 4;
/// The shortest stem a word is matched by.
pub const MIN_STEM: usize = 3;

/// Which forms of the phrase's words match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forms {
    /// The words as typed, whole.
    Exact,
    /// The words and their inflected forms (by stem, see the module's rule).
    Inflected,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    #[error("invalid regex")]
    Invalid,
    #[error("regex too costly")]
    TooCostly,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The stem `word` is matched by (lowercased), or `None` when it matches
/// only as itself.
pub fn stem(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    if lower.chars().count() < MIN_STEMMED || !lower.chars().all(char::is_alphanumeric) {
        return None;
    }
    let cyrillic = lower.chars().any(|c| ('\u{0400}'..='\u{04FF}').contains(&c));
    let algorithm = if cyrillic { Algorithm::Russian } else { Algorithm::English };
    let stemmed = Stemmer::create(algorithm).stem(&lower).into_owned();
    let shared: String =
        lower.chars().zip(stemmed.chars()).take_while(|(a, b)| a == b).map(|(a, _)| a).collect();
    (shared.chars().count() >= MIN_STEM).then_some(shared)
}

/// One word's pattern: whole, with `\b` on the sides that are word
/// characters, or its stem followed by any word characters.
fn word_source(word: &str, forms: Forms) -> String {
    if forms == Forms::Inflected
        && let Some(stem) = stem(word)
    {
        return format!(r"\b{}\w*", regex::escape(&stem));
    }
    let start = if word.chars().next().is_some_and(is_word_char) { r"\b" } else { "" };
    let end = if word.chars().next_back().is_some_and(is_word_char) { r"\b" } else { "" };
    format!("{start}{}{end}", regex::escape(word))
}

/// The regex source of a phrase: its words in order, apart by whitespace.
pub fn source(phrase: &str, forms: Forms) -> String {
    phrase.split_whitespace().map(|w| word_source(w, forms)).collect::<Vec<_>>().join(r"\s+")
}

/// Compiles a regex source case-insensitively, Unicode-aware, with bounds
/// on its size (a filter's own regex, or a phrase's `source`).
pub fn compile(source: &str) -> Result<Regex, PatternError> {
    RegexBuilder::new(source)
        .case_insensitive(true)
        .unicode(true)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_LIMIT)
        .nest_limit(50)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => PatternError::TooCostly,
            _ => PatternError::Invalid,
        })
}

/// Compiles many regex sources into one set, as `compile` compiles one
/// (its bounds scaled by their number): one pass over a text tells which
/// of them match.
pub fn compile_set(sources: &[String]) -> Result<RegexSet, PatternError> {
    let n = sources.len().max(1);
    RegexSetBuilder::new(sources)
        .case_insensitive(true)
        .unicode(true)
        .size_limit(REGEX_SIZE_LIMIT.saturating_mul(n))
        .dfa_size_limit(REGEX_DFA_LIMIT.saturating_mul(n))
        .nest_limit(50)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(_) => PatternError::TooCostly,
            _ => PatternError::Invalid,
        })
}

/// A phrase's matcher.
pub fn matcher(phrase: &str, forms: Forms) -> Result<Regex, PatternError> {
    compile(&source(phrase, forms))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inflected(phrase: &str) -> Regex {
        matcher(phrase, Forms::Inflected).unwrap()
    }

    #[test]
    fn exact_words_match_whole_words_only() {
        let re = matcher("спам", Forms::Exact).unwrap();
        assert!(re.is_match("Это СПАМ!"));
        assert!(!re.is_match("спаммер"));
        let re = matcher("c++", Forms::Exact).unwrap();
        assert!(re.is_match("I like c++ a lot"));
    }

    #[test]
    fn russian_words_match_their_inflected_forms() {
        let re = inflected("доставка");
        for text in ["Где доставка?", "сроки доставки", "про доставку", "с ДОСТАВКОЙ что?"]
        {
            assert!(re.is_match(text), "{text}");
        }
        assert!(!re.is_match("недоставка груза"), "a word boundary at the start");
        assert!(!re.is_match("достаток"));
        let re = inflected("вернуть деньги");
        assert!(re.is_match("как мне вернуть деньги?"));
        assert!(re.is_match("Можно вернуть  ДЕНЬГАМИ?"));
        assert!(!re.is_match("вернуть обратно деньги"), "the words in order, side by side");
        let re = inflected("оплата картой");
        assert!(re.is_match("оплату картами принимаете?"));
    }

    #[test]
    fn english_words_match_their_inflected_forms() {
        let re = inflected("refund");
        assert!(re.is_match("Any REFUNDS?") && re.is_match("was it refunded?"));
        assert!(!re.is_match("prefund"));
        let re = inflected("delivery time");
        assert!(re.is_match("what are the delivery times?"));
        assert!(inflected("delivery").is_match("was it delivered?"));
    }

    #[test]
    fn short_and_symbolic_words_match_only_as_themselves() {
        assert_eq!(stem("как"), None);
        assert_eq!(stem("c++"), None);
        assert_eq!(stem("доставка").as_deref(), Some("доставк"));
        assert_eq!(stem("Delivery").as_deref(), Some("deliver"));
        let re = inflected("vpn");
        assert!(re.is_match("is vpn ok?"));
        assert!(!re.is_match("vpns?"));
        let re = inflected("c++ курс");
        assert!(re.is_match("есть c++ курсы?"));
    }

    #[test]
    fn costly_regexes_are_refused() {
        assert_eq!(compile(r"\w{1000}{1000}").unwrap_err(), PatternError::TooCostly);
        assert_eq!(compile("(unclosed").unwrap_err(), PatternError::Invalid);
    }
}
