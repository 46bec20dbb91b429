//! Durations as people type them: `30m`, `2h`, `1d`, `1w`, `1h30m`, `90s`,
//! and the Russian letters `м`/`мин`, `ч`, `д`, `н`/`нед`. Used by settings
//! (`/set warn_mute 24h`) and by commands that take a duration.

use chrono::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("empty")]
    Empty,
    #[error("not a duration like 30m, 2h, 1d, 1w")]
    Invalid,
    #[error("shorter than a minute")]
    TooShort,
    #[error("longer than 366 days")]
    TooLong,
}

/// Telegram treats restrictions shorter than 30 s or longer than 366 days as
/// forever, so those are refused rather than silently made permanent (a
/// minute at least, leaving room for the time an update takes to handle).
pub const MIN_SECS: i64 = 60;
pub const MAX_SECS: i64 = 366 * 86_400;

/// Whether `word` was meant as a duration, parsed or not: a sign or any
/// digit (Arabic-Indic and other scripts' digits too) followed by letters
/// only. `/mute -5m` and `/mute ٣d` are durations that do not parse — to be
/// refused with the examples, never taken for a reason (which would make the
/// sanction permanent).
pub fn looks_like_duration(word: &str) -> bool {
    let body = word.strip_prefix(['-', '+', '−']).unwrap_or(word);
    let mut chars = body.chars().peekable();
    if !chars.peek().is_some_and(|c| c.is_numeric()) {
        return false;
    }
    body.chars().all(|c| c.is_numeric() || c.is_alphabetic() || c == '.' || c == ',')
}

pub fn parse(raw: &str) -> Result<Duration, DurationError> {
    let s = raw.trim().to_lowercase();
    if s.is_empty() {
        return Err(DurationError::Empty);
    }
    let mut total: i64 = 0;
    let mut rest = s.as_str();
    while !rest.is_empty() {
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
        if digits == 0 {
            return Err(DurationError::Invalid);
        }
        // More than 12 digits is past any limit: too long, not an overflow.
        let number: i64 = if digits > 12 {
            i64::MAX / 4
        } else {
            rest[..digits].parse().map_err(|_| DurationError::Invalid)?
        };
        rest = &rest[digits..];
        let unit_len = rest.find(|c: char| c.is_ascii_digit()).unwrap_or(rest.len());
        let unit = rest[..unit_len].trim();
        rest = &rest[unit_len..];
        let secs_per: i64 = match unit {
            "s" | "sec" | "с" | "сек" => 1,
            "m" | "min" | "м" | "мин" => 60,
            "h" | "hr" | "ч" => 3_600,
            "d" | "д" | "дн" => 86_400,
            "w" | "wk" | "н" | "нед" => 604_800,
            _ => return Err(DurationError::Invalid),
        };
        total = total.saturating_add(number.saturating_mul(secs_per));
    }
    match total {
        t if t < MIN_SECS => Err(DurationError::TooShort),
        t if t > MAX_SECS => Err(DurationError::TooLong),
        t => Ok(Duration::seconds(t)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duration_looking_words() {
        for word in ["-5m", "+1d", "−2h", "٣d", "1y", "30m", "1h30m", "5", "1.5h", "٣"] {
            assert!(looks_like_duration(word), "{word}");
        }
        for word in ["spam", "m5", "-", "", "5 m", "ok!", "—5m", "flood🙂"] {
            assert!(!looks_like_duration(word), "{word}");
        }
        assert!(parse("-5m").is_err() && parse("٣d").is_err());
    }

    #[test]
    fn common_forms() {
        assert_eq!(parse("30m"), Ok(Duration::minutes(30)));
        assert_eq!(parse(" 2H "), Ok(Duration::hours(2)));
        assert_eq!(parse("1d"), Ok(Duration::days(1)));
        assert_eq!(parse("1w"), Ok(Duration::weeks(1)));
        assert_eq!(parse("1h30m"), Ok(Duration::minutes(90)));
        assert_eq!(parse("2ч"), Ok(Duration::hours(2)));
        assert_eq!(parse("10мин"), Ok(Duration::minutes(10)));
        assert_eq!(parse("1нед"), Ok(Duration::weeks(1)));
    }

    #[test]
    fn bad_input() {
        assert_eq!(parse(""), Err(DurationError::Empty));
        assert_eq!(parse("soon"), Err(DurationError::Invalid));
        assert_eq!(parse("10"), Err(DurationError::Invalid));
        assert_eq!(parse("h"), Err(DurationError::Invalid));
        assert_eq!(parse("-5m"), Err(DurationError::Invalid));
        assert_eq!(parse("10s"), Err(DurationError::TooShort));
        assert_eq!(parse("59s"), Err(DurationError::TooShort));
        assert_eq!(parse("60s"), Ok(Duration::minutes(1)));
        assert_eq!(parse("400d"), Err(DurationError::TooLong));
        assert_eq!(parse("99999999999999999999999d"), Err(DurationError::TooLong));
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = parse(&s);
        }

        #[test]
        fn whole_minutes_round_trip(m in 1i64..500_000) {
            let parsed = parse(&format!("{m}m"));
            if m * 60 <= MAX_SECS {
                proptest::prop_assert_eq!(parsed, Ok(Duration::minutes(m)));
            } else {
                proptest::prop_assert_eq!(parsed, Err(DurationError::TooLong));
            }
        }
    }
}
