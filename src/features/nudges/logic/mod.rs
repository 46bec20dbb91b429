//! Pure rules for silent-member nudges (no Telegram, no SQL): segments, the
//! nudge ladder, the holdout group, quiet hours, survey answers,
//! reactivation, DM pacing and event arguments. Everything is re-exported
//! here, so `logic::X` is the one path to it.

mod events;
mod holdout;
mod ladder;
mod pacing;
mod quiet_hours;
mod reactivation;
mod segments;
mod survey;

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

pub use events::{EventError, MAX_EVENT_TITLE, parse_event};
pub use holdout::in_holdout;
pub use ladder::{LadderRules, LadderStep, NudgeState, Steps, next_look, next_nudge};
pub use pacing::dm_schedule;
pub use quiet_hours::QuietHours;
pub use reactivation::{REACTIVATION_WINDOW_DAYS, ReactivationRate, compare, reactivated};
pub use segments::{Segment, SegmentRules, segment, silence_start};
pub use survey::SurveyAnswer;

fn days(n: u32) -> Duration {
    Duration::days(i64::from(n))
}

/// The first instant ≥ `not_before` whose local time is `local` or, if that
/// local time does not exist (a DST gap), the first later one that does.
fn first_instant_at_or_after(
    tz: Tz,
    local: NaiveDateTime,
    not_before: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    // Gaps last at most a day; step a minute at a time.
    (0..=25 * 60).find_map(|m| {
        let t = local.checked_add_signed(Duration::minutes(m))?;
        let candidates = match tz.from_local_datetime(&t) {
            LocalResult::Single(a) => [Some(a), None],
            LocalResult::Ambiguous(a, b) => [Some(a), Some(b)],
            LocalResult::None => [None, None],
        };
        candidates.into_iter().flatten().map(|c| c.with_timezone(&Utc)).find(|c| *c >= not_before)
    })
}

#[cfg(test)]
mod testing {
    use chrono::{DateTime, Duration, Utc};

    pub(super) fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    pub(super) const NOW: &str = "2026-11-25T12:00:00Z";

    pub(super) fn ago(d: i64) -> Option<DateTime<Utc>> {
        Some(t(NOW) - Duration::days(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in Segment::ALL {
            assert_eq!(s.as_str().parse::<Segment>().unwrap(), *s);
        }
        for s in LadderStep::ALL {
            assert_eq!(s.to_string().parse::<LadderStep>().unwrap(), *s);
        }
        for a in SurveyAnswer::ALL {
            assert_eq!(a.as_str().parse::<SurveyAnswer>().unwrap(), *a);
        }
        assert_eq!(Segment::AtRisk.as_str(), "at_risk");
        assert_eq!(SurveyAnswer::DontKnowWhereToStart.as_str(), "where_to_start");
        assert_eq!(SurveyAnswer::ALL.len(), 4);
        let err = "Active".parse::<Segment>().unwrap_err();
        assert_eq!(err, crate::named::UnknownName { what: "segment", got: "Active".into() });
        assert!(err.to_string().contains("segment"));
        assert!("maybe".parse::<SurveyAnswer>().is_err());
        assert!("third".parse::<LadderStep>().is_err());
    }
}
