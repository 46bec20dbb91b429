//! Per-chat settings: one typed registry that `/set`, `/settings` and the
//! README's table all come from. Each feature declares its `SETTINGS`; the
//! feature list puts them together into a `Registry` after `CORE`.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use crate::{db::Db, i18n::Lang};

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Bool,
    Int {
        min: i64,
        max: i64,
    },
    /// An integer in `min..=max` that must also stay above the setting
    /// `above` and below the setting `below` (keys of other integer
    /// settings), so thresholds keep their order whichever is set first
    /// (`active_days` < `silent_days` < `goodbye_days`). `Registry::validate`
    /// holds a value against them, for `/set` and any other form alike.
    OrderedInt {
        min: i64,
        max: i64,
        above: Option<&'static str>,
        below: Option<&'static str>,
    },
    /// A duration like 30m, 2h, 7d; "0" or "off" where `allow_off`.
    Duration {
        allow_off: bool,
    },
    /// A duration of at least `min` (itself a duration, like "1d"): for
    /// schedules where a short one would flood the chat. Stored values below
    /// it (from before the minimum) read as `min`.
    DurationAtLeast {
        allow_off: bool,
        min: &'static str,
    },
    Choice(&'static [&'static str]),
    Lang,
    /// HH:MM, 24-hour.
    Time,
    /// An IANA time zone name (Europe/Moscow) or UTC.
    Timezone,
}

#[derive(Debug, Clone, Copy)]
pub struct SettingDef {
    pub key: &'static str,
    pub kind: Kind,
    /// Canonical default value.
    pub default: &'static str,
    /// Locale key of one line of help.
    pub help: &'static str,
}

/// Every setting, group by group (the core's first, then each feature's).
#[derive(Clone, Copy)]
pub struct Registry(pub &'static [&'static [SettingDef]]);

impl Registry {
    pub fn iter(self) -> impl Iterator<Item = &'static SettingDef> {
        self.0.iter().flat_map(|s| s.iter())
    }

    pub fn find(self, key: &str) -> Option<&'static SettingDef> {
        self.iter().find(|d| d.key == key)
    }

    /// Validates `raw` for the setting `key` against the chat's `current`
    /// settings and returns the canonical text to store: the value itself
    /// (`canonical`), then the order it must keep with other settings —
    /// those it names (`OrderedInt`'s `above`/`below`) and those that name
    /// it. `/set` and any other form that changes settings call this.
    pub fn validate(self, current: &ChatSettings, key: &str, raw: &str) -> Result<String, SettingError> {
        let def = self.find(key).ok_or(SettingError::UnknownKey)?;
        let value = canonical(def, raw)?;
        let Ok(n) = value.parse::<i64>() else { return Ok(value) };
        let out_of_order = |other: &'static str, above: bool| {
            let bound = current.int(other);
            let fine = if above { n > bound } else { n < bound };
            (!fine).then_some(SettingError::OutOfOrder { other, bound, above })
        };
        if let Kind::OrderedInt { above, below, .. } = def.kind {
            let named = above.map(|k| (k, true)).into_iter().chain(below.map(|k| (k, false)));
            if let Some(err) = named.filter_map(|(other, above)| out_of_order(other, above)).next() {
                return Err(err);
            }
        }
        for other in self.iter().filter(|d| d.key != def.key) {
            let Kind::OrderedInt { above, below, .. } = other.kind else { continue };
            // `other` must stay above this one: this one stays below it, and the reverse.
            let err = match (above == Some(def.key), below == Some(def.key)) {
                (true, _) => out_of_order(other.key, false),
                (_, true) => out_of_order(other.key, true),
                _ => None,
            };
            if let Some(err) = err {
                return Err(err);
            }
        }
        Ok(value)
    }

    /// The README's settings table (a test keeps the README in step).
    pub fn markdown_table(self) -> String {
        let mut out = String::from("| key | default | values | what it does |\n|---|---|---|---|\n");
        for def in self.iter() {
            let values = match def.kind {
                Kind::Bool => "on, off".to_owned(),
                Kind::Int { min, max } | Kind::OrderedInt { min, max, .. } => format!("{min}–{max}"),
                Kind::Duration { allow_off: true } => "duration (30m, 2h, 7d, 2w) or off".to_owned(),
                Kind::Duration { allow_off: false } => "duration (30m, 2h, 7d, 2w)".to_owned(),
                Kind::DurationAtLeast { allow_off: true, min } => {
                    format!("duration of at least {min}, or off")
                }
                Kind::DurationAtLeast { allow_off: false, min } => format!("duration of at least {min}"),
                Kind::Choice(o) => o.join(", "),
                Kind::Lang => "en, ru".to_owned(),
                Kind::Time => "HH:MM".to_owned(),
                Kind::Timezone => "IANA time zone".to_owned(),
            };
            let help = crate::i18n::text(Lang::En, def.help, None);
            out.push_str(&format!("| `{}` | `{}` | {} | {} |\n", def.key, def.default, values, help));
        }
        out
    }
}

/// The settings of the core (before any feature's).
pub const CORE: &[SettingDef] =
    &[SettingDef { key: "lang", kind: Kind::Lang, default: "en", help: "setting-lang" }];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingError {
    UnknownKey,
    BadValue {
        expected: String,
    },
    /// The value would break the order with another setting: it must be
    /// more (`above`) or less than `other`, now `bound`.
    OutOfOrder {
        other: &'static str,
        bound: i64,
        above: bool,
    },
}

/// Validates `raw` for `def` and returns the canonical text to store.
pub fn canonical(def: &SettingDef, raw: &str) -> Result<String, SettingError> {
    let raw = raw.trim();
    let bad = |expected: &str| SettingError::BadValue { expected: expected.to_owned() };
    match def.kind {
        Kind::Bool => match raw.to_lowercase().as_str() {
            "on" | "yes" | "true" | "1" | "вкл" | "да" => Ok("on".into()),
            "off" | "no" | "false" | "0" | "выкл" | "нет" => Ok("off".into()),
            _ => Err(bad("on | off")),
        },
        Kind::Int { min, max } | Kind::OrderedInt { min, max, .. } => raw
            .parse::<i64>()
            .ok()
            .filter(|n| (min..=max).contains(n))
            .map(|n| n.to_string())
            .ok_or_else(|| bad(&format!("{min}…{max}"))),
        Kind::Duration { allow_off } => {
            if allow_off && matches!(raw.to_lowercase().as_str(), "0" | "off" | "выкл") {
                return Ok("off".into());
            }
            let expected = if allow_off { "30m, 2h, 7d, 2w | off" } else { "30m, 2h, 7d, 2w" };
            parse_duration(raw).map(|_| raw.to_lowercase()).ok_or_else(|| bad(expected))
        }
        Kind::DurationAtLeast { allow_off, min } => {
            if allow_off && matches!(raw.to_lowercase().as_str(), "0" | "off" | "выкл") {
                return Ok("off".into());
            }
            let expected = format!("≥ {min} (1d, 7d, 2w){}", if allow_off { " | off" } else { "" });
            let floor = parse_duration(min).unwrap_or_default();
            parse_duration(raw)
                .filter(|d| *d >= floor)
                .map(|_| raw.to_lowercase())
                .ok_or_else(|| bad(&expected))
        }
        Kind::Choice(options) => options
            .iter()
            .find(|o| o.eq_ignore_ascii_case(raw))
            .map(|o| (*o).to_owned())
            .ok_or_else(|| bad(&options.join(" | "))),
        Kind::Lang => Lang::parse(raw).map(|l| l.code().to_owned()).ok_or_else(|| bad("en | ru")),
        Kind::Time => {
            parse_hhmm(raw).map(|t| t.format("%H:%M").to_string()).map_err(|_| bad("HH:MM, e.g. 22:00"))
        }
        Kind::Timezone => parse_timezone(raw)
            .map(|tz| tz.name().to_owned())
            .map_err(|_| bad("UTC, Europe/Moscow, America/New_York …")),
    }
}

/// Why a time of day or a time zone could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("not a time of day (HH:MM, e.g. 22:00): {0:?}")]
    Time(String),
    #[error("not an IANA time zone (UTC, Europe/Moscow …): {0:?}")]
    Timezone(String),
}

/// `"22:00"` (also `"9:05"`) as a time of day: the one parser of
/// [`Kind::Time`] values, for `/set` and for whoever reads them.
pub fn parse_hhmm(raw: &str) -> Result<chrono::NaiveTime, ParseError> {
    chrono::NaiveTime::parse_from_str(raw.trim(), "%H:%M").map_err(|_| ParseError::Time(raw.to_owned()))
}

/// An IANA zone name (`Europe/Moscow`), or `UTC` in any case: the one
/// parser of [`Kind::Timezone`] values.
pub fn parse_timezone(raw: &str) -> Result<chrono_tz::Tz, ParseError> {
    let raw = raw.trim();
    if raw.eq_ignore_ascii_case("utc") {
        return Ok(chrono_tz::Tz::UTC);
    }
    raw.parse::<chrono_tz::Tz>().map_err(|_| ParseError::Timezone(raw.to_owned()))
}

/// Durations in settings and commands (30m, 2h, 7d).
pub fn parse_duration(raw: &str) -> Option<chrono::Duration> {
    crate::duration::parse(raw).ok()
}

/// A chat's settings, read once and cached until a `/set` changes them.
#[derive(Clone)]
pub struct ChatSettings {
    registry: Registry,
    values: HashMap<String, String>,
}

impl ChatSettings {
    pub fn new(registry: Registry, values: HashMap<String, String>) -> ChatSettings {
        ChatSettings { registry, values }
    }

    fn find(&self, key: &str) -> Option<&'static SettingDef> {
        self.registry.find(key)
    }

    /// The stored value or the default (an unknown key reads as "").
    pub fn raw(&self, key: &str) -> &str {
        match self.values.get(key) {
            Some(v) => v,
            None => self.find(key).map(|d| d.default).unwrap_or(""),
        }
    }

    pub fn bool(&self, key: &str) -> bool {
        self.raw(key) == "on"
    }

    pub fn int(&self, key: &str) -> i64 {
        let fallback = self.find(key).and_then(|d| d.default.parse().ok()).unwrap_or(0);
        self.raw(key).parse().unwrap_or(fallback)
    }

    /// `None` for "off"; never below the setting's minimum.
    pub fn duration(&self, key: &str) -> Option<chrono::Duration> {
        let d = parse_duration(self.raw(key))?;
        match self.find(key).map(|def| def.kind) {
            Some(Kind::DurationAtLeast { min, .. }) => {
                Some(parse_duration(min).map_or(d, |floor| d.max(floor)))
            }
            _ => Some(d),
        }
    }

    pub fn lang(&self) -> Lang {
        Lang::parse(self.raw("lang")).unwrap_or_default()
    }

    /// The chat's `timezone` (UTC when the stored one does not parse).
    pub fn timezone(&self) -> chrono_tz::Tz {
        parse_timezone(self.raw("timezone")).unwrap_or(chrono_tz::Tz::UTC)
    }

    pub fn is_set(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }
}

pub struct SettingsCache {
    registry: Registry,
    chats: Mutex<HashMap<i64, Arc<ChatSettings>>>,
}

impl SettingsCache {
    pub fn new(registry: Registry) -> SettingsCache {
        SettingsCache { registry, chats: Mutex::new(HashMap::new()) }
    }

    pub fn registry(&self) -> Registry {
        self.registry
    }

    pub async fn get(&self, db: &Db, chat_id: i64) -> sqlx::Result<Arc<ChatSettings>> {
        if let Some(s) = self.chats.lock().ok().and_then(|c| c.get(&chat_id).cloned()) {
            return Ok(s);
        }
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT key, value FROM chat_settings WHERE chat_id = ?")
                .bind(chat_id)
                .fetch_all(db)
                .await?;
        let settings = Arc::new(ChatSettings::new(self.registry, rows.into_iter().collect()));
        if let Ok(mut chats) = self.chats.lock() {
            chats.insert(chat_id, settings.clone());
        }
        Ok(settings)
    }

    pub async fn set(&self, db: &Db, chat_id: i64, key: &str, value: &str) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO chat_settings (chat_id, key, value) VALUES (?, ?, ?)
             ON CONFLICT (chat_id, key) DO UPDATE SET value = excluded.value",
        )
        .bind(chat_id)
        .bind(key)
        .bind(value)
        .execute(db)
        .await?;
        self.forget(chat_id);
        Ok(())
    }

    pub fn forget(&self, chat_id: i64) {
        if let Ok(mut chats) = self.chats.lock() {
            chats.remove(&chat_id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEST: Registry = Registry(&[
        CORE,
        &[SettingDef {
            key: "every",
            kind: Kind::DurationAtLeast { allow_off: false, min: "1d" },
            default: "7d",
            help: "setting-lang",
        }],
    ]);

    #[test]
    fn values_are_canonicalized() {
        let lang = TEST.find("lang").unwrap();
        assert_eq!(canonical(lang, "RU").unwrap(), "ru");
        assert!(matches!(canonical(lang, "de"), Err(SettingError::BadValue { .. })));
        let def = SettingDef { key: "x", kind: Kind::Bool, default: "on", help: "" };
        assert_eq!(canonical(&def, "Yes").unwrap(), "on");
        let def = SettingDef { key: "x", kind: Kind::Int { min: 1, max: 5 }, default: "1", help: "" };
        assert!(canonical(&def, "6").is_err());
        assert!(canonical(&def, "99999999999999999999999").is_err());
        let def = SettingDef { key: "x", kind: Kind::Duration { allow_off: true }, default: "off", help: "" };
        assert_eq!(canonical(&def, "24H").unwrap(), "24h");
        assert_eq!(canonical(&def, "off").unwrap(), "off");
        assert!(canonical(&def, "forever").is_err());
        let def = SettingDef {
            key: "x",
            kind: Kind::DurationAtLeast { allow_off: true, min: "1d" },
            default: "off",
            help: "",
        };
        assert!(
            matches!(canonical(&def, "1m"), Err(SettingError::BadValue { expected }) if expected.contains("≥ 1d"))
        );
        assert!(canonical(&def, "23h").is_err());
        assert_eq!(canonical(&def, "24h").unwrap(), "24h");
        assert_eq!(canonical(&def, "7D").unwrap(), "7d");
        assert_eq!(canonical(&def, "off").unwrap(), "off");
        let s = ChatSettings::new(TEST, [("x".to_owned(), "1h30m".to_owned())].into());
        assert_eq!(s.duration("x"), Some(chrono::Duration::minutes(90)));
        let def = SettingDef { key: "x", kind: Kind::Timezone, default: "UTC", help: "" };
        assert_eq!(canonical(&def, "Europe/Moscow").unwrap(), "Europe/Moscow");
        assert!(canonical(&def, "Mars/Olympus").is_err());
        assert_eq!(canonical(&def, "utc").unwrap(), "UTC");
    }

    const DAYS: Registry = Registry(&[&[
        SettingDef {
            key: "low",
            kind: Kind::OrderedInt { min: 1, max: 100, above: None, below: Some("mid") },
            default: "7",
            help: "",
        },
        // Declares only its lower bound: `high` is bounded by it all the same.
        SettingDef {
            key: "mid",
            kind: Kind::OrderedInt { min: 1, max: 100, above: Some("low"), below: None },
            default: "14",
            help: "",
        },
        SettingDef {
            key: "high",
            kind: Kind::OrderedInt { min: 1, max: 100, above: Some("mid"), below: None },
            default: "60",
            help: "",
        },
    ]]);

    #[test]
    fn ordered_settings_keep_their_order_whichever_is_set() {
        let s = ChatSettings::new(DAYS, HashMap::new());
        let order = |other, bound, above| Err(SettingError::OutOfOrder { other, bound, above });
        assert_eq!(DAYS.validate(&s, "high", "3"), order("mid", 14, true));
        assert_eq!(DAYS.validate(&s, "high", "14"), order("mid", 14, true));
        assert_eq!(DAYS.validate(&s, "high", "15").as_deref(), Ok("15"));
        assert_eq!(DAYS.validate(&s, "low", "20"), order("mid", 14, false));
        assert_eq!(DAYS.validate(&s, "mid", "7"), order("low", 7, true));
        // `high` names `mid`; `mid` does not name `high` and is held below it anyway.
        assert_eq!(DAYS.validate(&s, "mid", "60"), order("high", 60, false));
        assert_eq!(DAYS.validate(&s, "mid", "59").as_deref(), Ok("59"));
        // The value itself comes first; unknown keys are unknown.
        assert!(matches!(DAYS.validate(&s, "mid", "x"), Err(SettingError::BadValue { .. })));
        assert_eq!(DAYS.validate(&s, "nope", "1"), Err(SettingError::UnknownKey));
        // Against what is stored, not the defaults.
        let s = ChatSettings::new(DAYS, [("mid".to_owned(), "30".to_owned())].into());
        assert_eq!(DAYS.validate(&s, "low", "20").as_deref(), Ok("20"));
        assert_eq!(DAYS.validate(&s, "high", "20"), order("mid", 30, true));
    }

    #[test]
    fn the_catalogs_bounds_name_integer_settings_and_its_defaults_keep_them() {
        let registry = crate::features::CATALOG.settings;
        let defaults = ChatSettings::new(registry, HashMap::new());
        for def in registry.iter() {
            let Kind::OrderedInt { above, below, .. } = def.kind else { continue };
            for other in above.into_iter().chain(below) {
                let named = registry.find(other).map(|d| d.kind);
                assert!(
                    matches!(named, Some(Kind::Int { .. } | Kind::OrderedInt { .. })),
                    "{} is bounded by {other}, which is no integer setting",
                    def.key
                );
            }
            assert_eq!(
                registry.validate(&defaults, def.key, def.default).as_deref(),
                Ok(def.default),
                "{}",
                def.key
            );
        }
    }

    #[test]
    fn a_stored_shorter_value_reads_as_the_minimum_and_a_missing_one_as_the_default() {
        let s = ChatSettings::new(TEST, [("every".to_owned(), "1m".to_owned())].into());
        assert_eq!(s.duration("every"), Some(chrono::Duration::days(1)));
        let s = ChatSettings::new(TEST, [("every".to_owned(), "2w".to_owned())].into());
        assert_eq!(s.duration("every"), Some(chrono::Duration::weeks(2)));
        let s = ChatSettings::new(TEST, HashMap::new());
        assert_eq!(s.duration("every"), Some(chrono::Duration::days(7)));
        assert_eq!(s.raw("lang"), "en");
        assert_eq!(s.raw("unknown"), "");
    }
}
