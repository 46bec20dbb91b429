//! Quiet hours: the local hours when no DM goes out, wrapping past midnight
//! and across DST changes.

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use super::first_instant_at_or_after;
use crate::settings::{ParseError, parse_hhmm, parse_timezone};

/// Local hours when no DMs go out, `[from, to)`, wrapping past midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub from: NaiveTime,
    pub to: NaiveTime,
    pub tz: Tz,
}

impl QuietHours {
    /// From settings strings: `"22:00"`, `"09:00"`, `"Europe/Moscow"`.
    pub fn parse(from: &str, to: &str, tz: &str) -> Result<Self, ParseError> {
        Ok(Self { from: parse_hhmm(from)?, to: parse_hhmm(to)?, tz: parse_timezone(tz)? })
    }

    /// Whether `now` falls in the quiet hours (never, if `from == to`).
    pub fn is_quiet(&self, now: DateTime<Utc>) -> bool {
        let t = now.with_timezone(&self.tz).time();
        if self.from <= self.to { self.from <= t && t < self.to } else { t >= self.from || t < self.to }
    }

    /// `now` if it is not quiet, else the end of the quiet hours. Around DST
    /// changes the end is the first existing local time at or after `to`.
    pub fn next_allowed(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        let mut t = now;
        // A skipped day (Samoa, 2011) can land in the next quiet period once.
        for _ in 0..3 {
            if !self.is_quiet(t) {
                return t;
            }
            match self.quiet_end(t) {
                Some(end) if end > t => t = end,
                _ => break,
            }
        }
        t
    }

    fn quiet_end(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let local = now.with_timezone(&self.tz);
        let date = if local.time() < self.to { local.date_naive() } else { local.date_naive().succ_opt()? };
        first_instant_at_or_after(self.tz, date.and_time(self.to), now)
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::features::nudges::logic::testing::t;

    #[test]
    fn parses_times_and_zones() {
        assert_eq!(parse_hhmm("22:00").unwrap(), NaiveTime::from_hms_opt(22, 0, 0).unwrap());
        assert_eq!(parse_hhmm(" 9:05 ").unwrap(), NaiveTime::from_hms_opt(9, 5, 0).unwrap());
        for bad in ["24:00", "22", "22:60", "", "ten", "22:00:00"] {
            assert_eq!(parse_hhmm(bad), Err(ParseError::Time(bad.into())), "{bad}");
        }
        assert_eq!(parse_timezone("Europe/Moscow").unwrap(), Tz::Europe__Moscow);
        assert_eq!(parse_timezone("UTC").unwrap(), Tz::UTC);
        assert_eq!(parse_timezone("utc").unwrap(), Tz::UTC);
        assert!(matches!(parse_timezone("Mars/Olympus"), Err(ParseError::Timezone(_))));
        assert!(parse_timezone("").is_err());
        let q = QuietHours::parse("22:00", "09:00", "Europe/Moscow").unwrap();
        assert_eq!(q.tz, Tz::Europe__Moscow);
        assert!(QuietHours::parse("22:00", "9", "UTC").is_err());
        assert!(QuietHours::parse("22:00", "09:00", "Moscow").is_err());
    }

    #[test]
    fn quiet_hours_wrap_past_midnight() {
        // Moscow is UTC+3 all year.
        let q = QuietHours::parse("22:00", "09:00", "Europe/Moscow").unwrap();
        assert!(!q.is_quiet(t("2026-11-25T18:59:00Z"))); // 21:59
        assert!(q.is_quiet(t("2026-11-25T19:00:00Z"))); // 22:00
        assert!(q.is_quiet(t("2026-11-25T23:00:00Z"))); // 02:00
        assert!(!q.is_quiet(t("2026-11-26T06:00:00Z"))); // 09:00
        assert_eq!(q.next_allowed(t("2026-11-25T12:00:00Z")), t("2026-11-25T12:00:00Z"));
        assert_eq!(q.next_allowed(t("2026-11-25T20:00:00Z")), t("2026-11-26T06:00:00Z"));
        assert_eq!(q.next_allowed(t("2026-11-25T23:00:00Z")), t("2026-11-26T06:00:00Z"));
        assert_eq!(q.next_allowed(t("2026-11-26T05:59:59Z")), t("2026-11-26T06:00:00Z"));
    }

    #[test]
    fn quiet_hours_same_day_and_never() {
        let q = QuietHours::parse("13:00", "14:30", "UTC").unwrap();
        assert!(q.is_quiet(t("2026-11-25T13:00:00Z")));
        assert!(!q.is_quiet(t("2026-11-25T14:30:00Z")));
        assert!(!q.is_quiet(t("2026-11-25T23:00:00Z")));
        assert_eq!(q.next_allowed(t("2026-11-25T13:10:00Z")), t("2026-11-25T14:30:00Z"));
        let never = QuietHours::parse("22:00", "22:00", "UTC").unwrap();
        for h in 0..24 {
            let now = t("2026-11-25T00:00:00Z") + Duration::hours(h);
            assert!(!never.is_quiet(now));
            assert_eq!(never.next_allowed(now), now);
        }
    }

    #[test]
    fn quiet_hours_across_dst() {
        // Berlin springs forward 2026-03-29 02:00 CET → 03:00 CEST.
        let q = QuietHours::parse("22:00", "02:30", "Europe/Berlin").unwrap();
        let allowed = q.next_allowed(t("2026-03-28T22:00:00Z")); // 23:00 CET
        assert_eq!(allowed, t("2026-03-29T01:00:00Z")); // 03:00 CEST
        assert!(!q.is_quiet(allowed));
        // Falls back 2026-10-25 03:00 CEST → 02:00 CET: 02:10 happens twice.
        assert_eq!(q.next_allowed(t("2026-10-25T00:10:00Z")), t("2026-10-25T00:30:00Z"));
        assert_eq!(q.next_allowed(t("2026-10-25T01:10:00Z")), t("2026-10-25T01:30:00Z"));
    }

    #[test]
    fn quiet_hours_across_a_skipped_day() {
        // Samoa skipped 2011-12-30; the next existing local time, 31 Dec
        // 00:00, is quiet again, so the answer is 31 Dec 09:00 (+14).
        let q = QuietHours::parse("22:00", "09:00", "Pacific/Apia").unwrap();
        let now = t("2011-12-30T09:00:00Z"); // 29 Dec 23:00 (-10)
        assert!(q.is_quiet(now));
        let allowed = q.next_allowed(now);
        assert_eq!(allowed, t("2011-12-30T19:00:00Z"));
        assert!(!q.is_quiet(allowed));
    }
}
