//! Segments: where a member stands by the days since their last post or
//! join (active, at risk, silent, gone), and archived or left.

use chrono::{DateTime, Utc};

use super::days;
use crate::named::named_enum;

/// Thresholds (in days without a post) between segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentRules {
    pub active_days: u32,
    pub silent_days: u32,
    pub goodbye_days: u32,
}

impl Default for SegmentRules {
    fn default() -> Self {
        Self { active_days: 7, silent_days: 14, goodbye_days: 60 }
    }
}

impl SegmentRules {
    /// From settings that are validated one by one: each threshold is made
    /// at least a day past the previous, so the segments stay in order.
    pub fn ordered(active_days: u32, silent_days: u32, goodbye_days: u32) -> Self {
        let active_days = active_days.max(1);
        let silent_days = silent_days.max(active_days + 1);
        let goodbye_days = goodbye_days.max(silent_days + 1);
        Self { active_days, silent_days, goodbye_days }
    }
}

/// Where a member stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Segment {
    Active,
    AtRisk,
    Silent,
    Gone,
    Archived,
    Left,
}

named_enum!(Segment, "segment", {
    Active => "active",
    AtRisk => "at_risk",
    Silent => "silent",
    Gone => "gone",
    Archived => "archived",
    Left => "left",
});

/// The moment silence is measured from: the later of the last post and the
/// join (a rejoin starts a fresh grace period), or `None` if neither is known.
fn quiet_since(
    joined_at: Option<DateTime<Utc>>,
    last_post_at: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    joined_at.max(last_post_at)
}

/// A member's segment. `left` wins over `archived`, both over activity.
///
/// Silence is counted from the later of the last post and the join, so a
/// newcomer who has not posted yet gets the same grace as someone who just
/// posted: Active for `active_days`, then AtRisk, Silent, Gone. A member with
/// neither date known is Active (no evidence of silence; pass the first-seen
/// date as `joined_at` when the join is unknown). Dates in the future count as
/// "just now".
pub fn segment(
    rules: &SegmentRules,
    now: DateTime<Utc>,
    joined_at: Option<DateTime<Utc>>,
    last_post_at: Option<DateTime<Utc>>,
    left: bool,
    archived: bool,
) -> Segment {
    if left {
        return Segment::Left;
    }
    if archived {
        return Segment::Archived;
    }
    let Some(since) = quiet_since(joined_at, last_post_at) else {
        return Segment::Active;
    };
    let quiet = now - since;
    if quiet >= days(rules.goodbye_days) {
        Segment::Gone
    } else if quiet >= days(rules.silent_days) {
        Segment::Silent
    } else if quiet >= days(rules.active_days) {
        Segment::AtRisk
    } else {
        Segment::Active
    }
}

/// When the member became (or will become) Silent; for the holdout group this
/// is the "would have been nudged" time. `None` if no date is known.
pub fn silence_start(
    rules: &SegmentRules,
    joined_at: Option<DateTime<Utc>>,
    last_post_at: Option<DateTime<Utc>>,
) -> Option<DateTime<Utc>> {
    quiet_since(joined_at, last_post_at)?.checked_add_signed(days(rules.silent_days))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::nudges::logic::testing::{NOW, ago, t};

    fn seg(joined: Option<DateTime<Utc>>, last: Option<DateTime<Utc>>) -> Segment {
        segment(&SegmentRules::default(), t(NOW), joined, last, false, false)
    }

    #[test]
    fn segments_by_last_post() {
        assert_eq!(seg(ago(400), ago(0)), Segment::Active);
        assert_eq!(seg(ago(400), ago(6)), Segment::Active);
        assert_eq!(seg(ago(400), ago(7)), Segment::AtRisk);
        assert_eq!(seg(ago(400), ago(13)), Segment::AtRisk);
        assert_eq!(seg(ago(400), ago(14)), Segment::Silent);
        assert_eq!(seg(ago(400), ago(59)), Segment::Silent);
        assert_eq!(seg(ago(400), ago(60)), Segment::Gone);
        assert_eq!(seg(None, ago(61)), Segment::Gone);
    }

    #[test]
    fn newcomers_get_a_grace_period() {
        // Joined recently, never posted: not silent yet.
        assert_eq!(seg(ago(2), None), Segment::Active);
        assert_eq!(seg(ago(8), None), Segment::AtRisk);
        assert_eq!(seg(ago(14), None), Segment::Silent);
        assert_eq!(seg(ago(90), None), Segment::Gone);
        // A rejoin restarts the clock even after an old post.
        assert_eq!(seg(ago(1), ago(100)), Segment::Active);
        // Nothing known, or dates in the future: active.
        assert_eq!(seg(None, None), Segment::Active);
        assert_eq!(seg(None, ago(-3)), Segment::Active);
    }

    #[test]
    fn left_and_archived_override() {
        let r = SegmentRules::default();
        let now = t(NOW);
        assert_eq!(segment(&r, now, ago(1), ago(0), true, true), Segment::Left);
        assert_eq!(segment(&r, now, ago(1), ago(0), false, true), Segment::Archived);
        assert_eq!(segment(&r, now, None, None, true, false), Segment::Left);
    }

    #[test]
    fn silence_start_is_when_silent_begins() {
        let r = SegmentRules::default();
        assert_eq!(silence_start(&r, ago(100), ago(20)), ago(6));
        assert_eq!(silence_start(&r, ago(3), None), ago(-11));
        assert_eq!(silence_start(&r, None, None), None);
        let start = silence_start(&r, None, ago(20)).unwrap();
        assert_eq!(segment(&r, start, None, ago(20), false, false), Segment::Silent);
        let huge = SegmentRules { silent_days: u32::MAX, ..r };
        assert_eq!(silence_start(&huge, None, ago(0)), None);
    }

    #[test]
    fn ordered_rules() {
        assert_eq!(SegmentRules::ordered(7, 14, 60), SegmentRules::default());
        assert_eq!(
            SegmentRules::ordered(20, 14, 10),
            SegmentRules { active_days: 20, silent_days: 21, goodbye_days: 22 }
        );
        assert_eq!(
            SegmentRules::ordered(0, 0, 0),
            SegmentRules { active_days: 1, silent_days: 2, goodbye_days: 3 }
        );
    }
}
