//! Localization: Fluent files under `locales/<lang>/`, compiled into the
//! binary, with CLDR plural rules ("1 участник, 2 участника, 5 участников").
//!
//! Messages are HTML: arguments are inserted as given, so callers escape
//! anything a user wrote (`telegram::html::escape`) before passing it.

use std::{borrow::Cow, collections::HashMap};

use fluent_templates::LanguageIdentifier;
use fluent_templates::{Loader, fluent_bundle::FluentValue};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // No Unicode isolation marks around arguments: they would show up in
        // names and links inside Telegram messages.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ru];

    /// `en` / `ru` (also `en-US`, `ru-RU` as Telegram's language_code sends them).
    pub fn parse(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ru" => Some(Lang::Ru),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    /// In a DM: the user's Telegram language when we speak it, else `fallback`
    /// (the chat's language, or the default).
    pub fn for_user(language_code: Option<&str>, fallback: Lang) -> Lang {
        language_code.and_then(Lang::parse).unwrap_or(fallback)
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::En => fluent_templates::langid!("en"),
            Lang::Ru => fluent_templates::langid!("ru"),
        }
    }
}

pub type Args = HashMap<Cow<'static, str>, FluentValue<'static>>;

/// Values that can be passed as message arguments.
pub trait IntoArg {
    fn into_arg(self) -> FluentValue<'static>;
}

impl IntoArg for String {
    fn into_arg(self) -> FluentValue<'static> {
        FluentValue::from(self)
    }
}
impl IntoArg for &String {
    fn into_arg(self) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}
impl IntoArg for &str {
    fn into_arg(self) -> FluentValue<'static> {
        FluentValue::from(self.to_owned())
    }
}
macro_rules! numeric_arg {
    ($($t:ty),*) => {$(
        impl IntoArg for $t {
            fn into_arg(self) -> FluentValue<'static> {
                FluentValue::from(self)
            }
        }
    )*};
}
numeric_arg!(i64, i32, u32, u64, usize, f64);

pub fn arg(value: impl IntoArg) -> FluentValue<'static> {
    value.into_arg()
}

/// Looks a message up; a missing key is logged and shown as the key itself
/// (a test keeps every key used in code present in both languages).
pub fn text(lang: Lang, key: &str, args: Option<&Args>) -> String {
    match LOCALES.try_lookup_complete(&lang.id(), key, args) {
        Some(s) => s,
        None => {
            tracing::warn!(key, lang = lang.code(), "missing locale key");
            key.to_owned()
        }
    }
}

/// The localized name of something stored by name (a badge, a status, a
/// segment …): the key `<prefix>-<name>`, underscores written as hyphens.
pub fn named(lang: Lang, prefix: &str, name: &str) -> String {
    text(lang, &format!("{prefix}-{}", name.replace('_', "-")), None)
}

/// `t!(lang, "key")` or `t!(lang, "key", name = value, count = n)`.
#[macro_export]
macro_rules! t {
    ($lang:expr, $key:literal) => {
        $crate::i18n::text($lang, $key, None)
    };
    ($lang:expr, $key:literal, $($name:ident = $val:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::Args::new();
        $( args.insert(::std::borrow::Cow::Borrowed(stringify!($name)), $crate::i18n::arg($val)); )+
        $crate::i18n::text($lang, $key, Some(&args))
    }};
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::{collections::BTreeSet, fs, path::Path};

    fn keys(lang: &str) -> BTreeSet<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(lang);
        let mut keys = BTreeSet::new();
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "ftl") {
                for line in fs::read_to_string(&path).unwrap().lines() {
                    if let Some((key, _)) = line.split_once('=') {
                        let key = key.trim();
                        if !line.starts_with([' ', '\t', '#', '.', '*', '['])
                            && !key.is_empty()
                            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                        {
                            keys.insert(key.to_owned());
                        }
                    }
                }
            }
        }
        keys
    }

    #[test]
    fn every_key_exists_in_both_languages() {
        let en = keys("en");
        let ru = keys("ru");
        assert!(!en.is_empty());
        let only_en: Vec<_> = en.difference(&ru).collect();
        let only_ru: Vec<_> = ru.difference(&en).collect();
        assert!(only_en.is_empty(), "keys missing in ru: {only_en:?}");
        assert!(only_ru.is_empty(), "keys missing in en: {only_ru:?}");
    }

    /// Every `t!(lang, "key"...)` in the sources names a key that exists.
    #[test]
    fn every_key_used_in_code_exists() {
        let en = keys("en");
        let mut missing = Vec::new();
        let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("i18n.rs") {
                    let src = fs::read_to_string(&path).unwrap();
                    for (i, _) in src.match_indices("t!(") {
                        // `t!(` itself, not the tail of `assert!(` and friends.
                        let before = src[..i].chars().next_back().unwrap_or(' ');
                        if before.is_alphanumeric() || before == '_' {
                            continue;
                        }
                        let rest = &src[i..];
                        let Some(q) = rest.find('"') else { continue };
                        if rest[..q].contains(')') || rest[..q].contains('\n') && q > 80 {
                            continue;
                        }
                        let after = &rest[q + 1..];
                        let Some(end) = after.find('"') else { continue };
                        let key = &after[..end];
                        if key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                            && !key.is_empty()
                            && !en.contains(key)
                        {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(missing.is_empty(), "keys used but not defined: {missing:?}");
    }

    #[test]
    fn russian_plurals_follow_cldr() {
        let one = crate::t!(Lang::Ru, "members-count", count = 1);
        let few = crate::t!(Lang::Ru, "members-count", count = 2);
        let many = crate::t!(Lang::Ru, "members-count", count = 5);
        assert_eq!(one, "1 участник");
        assert_eq!(few, "2 участника");
        assert_eq!(many, "5 участников");
        assert_eq!(crate::t!(Lang::En, "members-count", count = 1), "1 member");
        assert_eq!(crate::t!(Lang::En, "members-count", count = 21), "21 members");
    }

    #[test]
    fn language_choice() {
        assert_eq!(Lang::for_user(Some("ru-RU"), Lang::En), Lang::Ru);
        assert_eq!(Lang::for_user(Some("de"), Lang::Ru), Lang::Ru);
        assert_eq!(Lang::for_user(None, Lang::En), Lang::En);
    }
}
