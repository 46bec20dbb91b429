//! Events: `/addevent` arguments parsed into a start and a title.

use chrono::{DateTime, NaiveTime, Utc};
use chrono_tz::Tz;

use super::first_instant_at_or_after;
use crate::settings::parse_hhmm;

/// Why `/addevent` arguments were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EventError {
    #[error("expected: <YYYY-MM-DD> [HH:MM] <title>")]
    Usage,
    #[error("not a date")]
    BadDate,
    #[error("in the past")]
    Past,
    #[error("title too long")]
    TitleTooLong,
}

/// Longest event title, in characters.
pub const MAX_EVENT_TITLE: usize = 200;

/// `/addevent 2026-12-05 18:30 Meetup in the park` (time optional, local to
/// `tz`; a date alone means 00:00) → the start in UTC and the title.
pub fn parse_event(args: &str, tz: Tz, now: DateTime<Utc>) -> Result<(DateTime<Utc>, String), EventError> {
    let mut words = args.split_whitespace();
    let date = words.next().ok_or(EventError::Usage)?;
    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| EventError::BadDate)?;
    let rest: Vec<&str> = words.collect();
    let (time, title_words) = match rest.first().map(|w| parse_hhmm(w)) {
        Some(Ok(time)) => (time, &rest[1..]),
        _ => (NaiveTime::MIN, &rest[..]),
    };
    let title = title_words.join(" ");
    if title.is_empty() {
        return Err(EventError::Usage);
    }
    if title.chars().count() > MAX_EVENT_TITLE {
        return Err(EventError::TitleTooLong);
    }
    let start = first_instant_at_or_after(tz, date.and_time(time), DateTime::<Utc>::MIN_UTC)
        .ok_or(EventError::BadDate)?;
    if start < now {
        return Err(EventError::Past);
    }
    Ok((start, title))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::nudges::logic::testing::{NOW, t};

    #[test]
    fn events_parse() {
        let now = t(NOW);
        let (at, title) =
            parse_event("2026-12-05 18:30 Meetup in the park", Tz::Europe__Moscow, now).unwrap();
        assert_eq!(at, t("2026-12-05T15:30:00Z"));
        assert_eq!(title, "Meetup in the park");
        let (at, title) = parse_event("2026-12-05 Quiz", Tz::UTC, now).unwrap();
        assert_eq!((at, title.as_str()), (t("2026-12-05T00:00:00Z"), "Quiz"));
        assert_eq!(parse_event("", Tz::UTC, now), Err(EventError::Usage));
        assert_eq!(parse_event("2026-12-05", Tz::UTC, now), Err(EventError::Usage));
        assert_eq!(parse_event("2026-12-05 18:30", Tz::UTC, now), Err(EventError::Usage));
        assert_eq!(parse_event("tomorrow Quiz", Tz::UTC, now), Err(EventError::BadDate));
        assert_eq!(parse_event("2026-02-30 Quiz", Tz::UTC, now), Err(EventError::BadDate));
        assert_eq!(parse_event("2020-01-01 Old", Tz::UTC, now), Err(EventError::Past));
        let long = format!("2026-12-05 {}", "x".repeat(201));
        assert_eq!(parse_event(&long, Tz::UTC, now), Err(EventError::TitleTooLong));
    }
}
