//! The nudge ladder: its three steps (a survey, an invitation, a goodbye),
//! their pacing, a member's nudge bookkeeping, and which step is due when.

use chrono::{DateTime, Utc};

use super::{Segment, days};
use crate::named::named_enum;

/// The nudges, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LadderStep {
    /// On becoming silent: a DM with a one-tap survey.
    First,
    /// `second_after_days` into the silence: an invitation with something concrete.
    Second,
    /// On becoming gone: a warm goodbye, then the caller archives the member.
    Goodbye,
}

named_enum!(LadderStep, "ladder step", {
    First => "first",
    Second => "second",
    Goodbye => "goodbye",
});

impl LadderStep {
    fn bit(self) -> u8 {
        match self {
            LadderStep::First => 1,
            LadderStep::Second => 2,
            LadderStep::Goodbye => 4,
        }
    }
}

/// A set of ladder steps, storable as a small integer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Steps(u8);

impl Steps {
    pub fn contains(self, step: LadderStep) -> bool {
        self.0 & step.bit() != 0
    }

    pub fn insert(&mut self, step: LadderStep) {
        self.0 |= step.bit();
    }

    pub fn bits(self) -> u8 {
        self.0
    }

    /// Unknown bits are dropped.
    pub fn from_bits(bits: u8) -> Self {
        Self(bits & 0b111)
    }

    /// From a stored `steps` column; a value out of range reads as no step.
    pub fn from_column(bits: i64) -> Self {
        Self::from_bits(u8::try_from(bits).unwrap_or(0))
    }
}

/// Ladder pacing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LadderRules {
    /// At most one nudge per member per this many days.
    pub nudge_gap_days: u32,
    /// The Second step comes this many days after the silence started.
    pub second_after_days: u32,
    /// Whether Gone members get the Goodbye step (and get archived).
    pub goodbye: bool,
}

impl Default for LadderRules {
    fn default() -> Self {
        Self { nudge_gap_days: 7, second_after_days: 14, goodbye: true }
    }
}

/// A member's nudge bookkeeping.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NudgeState {
    /// Start of the current silence; `record` sets it on the first nudge.
    pub silence_started_at: Option<DateTime<Utc>>,
    /// Steps sent during the current silence.
    pub steps_done: Steps,
    /// Last nudge of any kind (survives a reset: it paces all nudges).
    pub last_nudge_at: Option<DateTime<Utc>>,
    pub opted_out: bool,
    /// The bot cannot DM them (never started it, or blocked it).
    pub unreachable: bool,
    pub in_holdout: bool,
}

impl NudgeState {
    /// Notes that `step` was sent at `now`.
    pub fn record(&mut self, step: LadderStep, now: DateTime<Utc>) {
        self.steps_done.insert(step);
        self.last_nudge_at = Some(now);
        self.silence_started_at.get_or_insert(now);
    }

    /// The member posted: the silence is over and the ladder starts over.
    /// Returns whether there was a silence to end. Opt-out, reachability,
    /// holdout and `last_nudge_at` stay.
    pub fn reset_on_post(&mut self) -> bool {
        let had = self.silence_started_at.is_some() || self.steps_done != Steps::default();
        self.silence_started_at = None;
        self.steps_done = Steps::default();
        had
    }
}

/// The nudge due now, if any.
///
/// Only Silent and Gone members are nudged, never opted-out, unreachable or
/// holdout ones, at most once per `nudge_gap_days`, each step once per
/// silence. First always comes first (even for a member already Gone, so
/// nobody is archived without a friendly word); Gone then goes straight to
/// Goodbye, Silent gets Second once `second_after_days` have passed since
/// `silence_started_at`. Quiet hours are the caller's business.
pub fn next_nudge(
    rules: &LadderRules,
    segment: Segment,
    state: &NudgeState,
    now: DateTime<Utc>,
) -> Option<LadderStep> {
    if !matches!(segment, Segment::Silent | Segment::Gone)
        || state.opted_out
        || state.unreachable
        || state.in_holdout
    {
        return None;
    }
    if let Some(last) = state.last_nudge_at
        && now - last < days(rules.nudge_gap_days)
    {
        return None;
    }
    let done = state.steps_done;
    if !done.contains(LadderStep::First) {
        return Some(LadderStep::First);
    }
    if segment == Segment::Gone && rules.goodbye {
        return (!done.contains(LadderStep::Goodbye)).then_some(LadderStep::Goodbye);
    }
    let second_due = state.silence_started_at.is_some_and(|s| now - s >= days(rules.second_after_days));
    (second_due && !done.contains(LadderStep::Second)).then_some(LadderStep::Second)
}

/// When the ladder should look at a member again, assuming the segment stays
/// (a move to Gone is noticed by the segment update, which looks at once):
/// the earliest moment [`next_nudge`] could return a step, never before
/// `now`; `None` when nothing more can come in this segment.
pub fn next_look(
    rules: &LadderRules,
    segment: Segment,
    state: &NudgeState,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if !matches!(segment, Segment::Silent | Segment::Gone)
        || state.opted_out
        || state.unreachable
        || state.in_holdout
    {
        return None;
    }
    let done = state.steps_done;
    let pending_from = if !done.contains(LadderStep::First) {
        now
    } else if segment == Segment::Gone && rules.goodbye {
        if done.contains(LadderStep::Goodbye) {
            return None;
        }
        now
    } else if !done.contains(LadderStep::Second) {
        state.silence_started_at?.checked_add_signed(days(rules.second_after_days))?
    } else {
        return None;
    };
    let gap_ends = state.last_nudge_at.and_then(|l| l.checked_add_signed(days(rules.nudge_gap_days)));
    Some(pending_from.max(gap_ends.unwrap_or(now)).max(now))
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::features::nudges::logic::{
        SegmentRules, segment,
        testing::{NOW, ago, t},
    };

    #[test]
    fn steps_bitset() {
        let mut s = Steps::default();
        assert!(!s.contains(LadderStep::First));
        s.insert(LadderStep::First);
        s.insert(LadderStep::Goodbye);
        assert!(s.contains(LadderStep::First) && s.contains(LadderStep::Goodbye));
        assert!(!s.contains(LadderStep::Second));
        assert_eq!(Steps::from_bits(s.bits()), s);
        assert_eq!(Steps::from_bits(0xff).bits(), 0b111);
    }

    /// Walks the ladder day by day from `from`, recording what is sent.
    fn walk(
        segment_at: impl Fn(DateTime<Utc>) -> Segment,
        state: &mut NudgeState,
        from: DateTime<Utc>,
        days: i64,
    ) -> Vec<(i64, LadderStep)> {
        let rules = LadderRules::default();
        let mut sent = vec![];
        for d in 0..days {
            let now = from + Duration::days(d);
            if let Some(step) = next_nudge(&rules, segment_at(now), state, now) {
                state.record(step, now);
                sent.push((d, step));
            }
        }
        sent
    }

    #[test]
    fn ladder_in_order_once_each() {
        let rules = SegmentRules::default();
        let last_post = t("2026-01-01T10:00:00Z");
        let seg_at = |now| segment(&rules, now, None, Some(last_post), false, false);
        let mut state = NudgeState::default();
        let sent = walk(seg_at, &mut state, last_post, 200);
        assert_eq!(sent, vec![(14, LadderStep::First), (28, LadderStep::Second), (60, LadderStep::Goodbye)]);
        assert_eq!(state.silence_started_at, Some(last_post + Duration::days(14)));
    }

    #[test]
    fn long_gone_member_gets_first_then_goodbye() {
        let rules = SegmentRules::default();
        let last_post = t("2025-01-01T10:00:00Z");
        let seg_at = |now| segment(&rules, now, None, Some(last_post), false, false);
        let mut state = NudgeState::default();
        let sent = walk(seg_at, &mut state, t(NOW), 60);
        assert_eq!(sent, vec![(0, LadderStep::First), (7, LadderStep::Goodbye)]);
    }

    #[test]
    fn without_goodbye_gone_members_get_second_only() {
        let ladder = LadderRules { goodbye: false, ..LadderRules::default() };
        let mut state = NudgeState::default();
        state.record(LadderStep::First, t(NOW));
        let later = t(NOW) + Duration::days(13);
        assert_eq!(next_nudge(&ladder, Segment::Gone, &state, later), None);
        let later = t(NOW) + Duration::days(14);
        assert_eq!(next_nudge(&ladder, Segment::Gone, &state, later), Some(LadderStep::Second));
        state.record(LadderStep::Second, later);
        assert_eq!(next_nudge(&ladder, Segment::Gone, &state, later + Duration::days(99)), None);
    }

    #[test]
    fn gap_between_nudges() {
        let ladder = LadderRules::default();
        let state = NudgeState { last_nudge_at: ago(6), ..NudgeState::default() };
        assert_eq!(next_nudge(&ladder, Segment::Silent, &state, t(NOW)), None);
        let state = NudgeState { last_nudge_at: ago(7), ..NudgeState::default() };
        assert_eq!(next_nudge(&ladder, Segment::Silent, &state, t(NOW)), Some(LadderStep::First));
    }

    #[test]
    fn nobody_nudged_who_should_not_be() {
        let ladder = LadderRules::default();
        let now = t(NOW);
        let fresh = NudgeState::default();
        for s in [Segment::Active, Segment::AtRisk, Segment::Archived, Segment::Left] {
            assert_eq!(next_nudge(&ladder, s, &fresh, now), None, "{s}");
        }
        for state in [
            NudgeState { opted_out: true, ..NudgeState::default() },
            NudgeState { unreachable: true, ..NudgeState::default() },
            NudgeState { in_holdout: true, ..NudgeState::default() },
        ] {
            assert_eq!(next_nudge(&ladder, Segment::Silent, &state, now), None);
            assert_eq!(next_nudge(&ladder, Segment::Gone, &state, now), None);
        }
        // Second is never due without a known silence start.
        let mut state = NudgeState::default();
        state.steps_done.insert(LadderStep::First);
        assert_eq!(next_nudge(&ladder, Segment::Silent, &state, now), None);
    }

    #[test]
    fn posting_starts_the_ladder_over() {
        let ladder = LadderRules::default();
        let mut state = NudgeState::default();
        assert!(!state.reset_on_post());
        let first = t(NOW);
        state.record(LadderStep::First, first);
        assert_eq!(next_nudge(&ladder, Segment::Silent, &state, first + Duration::days(8)), None);
        assert!(state.reset_on_post());
        assert_eq!(state.steps_done, Steps::default());
        assert_eq!(state.silence_started_at, None);
        assert_eq!(state.last_nudge_at, Some(first));
        // Silent again later: First once more, and the gap still counts.
        assert_eq!(next_nudge(&ladder, Segment::Silent, &state, first + Duration::days(3)), None);
        assert_eq!(
            next_nudge(&ladder, Segment::Silent, &state, first + Duration::days(30)),
            Some(LadderStep::First)
        );
        let mut opted = NudgeState { opted_out: true, unreachable: true, in_holdout: true, ..state };
        opted.reset_on_post();
        assert!(opted.opted_out && opted.unreachable && opted.in_holdout);
    }

    #[test]
    fn next_look_follows_the_ladder() {
        let ladder = LadderRules::default();
        let now = t(NOW);
        let fresh = NudgeState::default();
        assert_eq!(next_look(&ladder, Segment::Silent, &fresh, now), Some(now));
        assert_eq!(next_look(&ladder, Segment::Active, &fresh, now), None);
        let mut s = NudgeState::default();
        s.record(LadderStep::First, now);
        assert_eq!(next_look(&ladder, Segment::Silent, &s, now), Some(now + Duration::days(14)));
        assert_eq!(next_look(&ladder, Segment::Gone, &s, now), Some(now + Duration::days(7)));
        s.record(LadderStep::Second, now + Duration::days(14));
        assert_eq!(next_look(&ladder, Segment::Silent, &s, now + Duration::days(14)), None);
        s.record(LadderStep::Goodbye, now + Duration::days(60));
        assert_eq!(next_look(&ladder, Segment::Gone, &s, now + Duration::days(60)), None);
        let held = NudgeState { in_holdout: true, ..NudgeState::default() };
        assert_eq!(next_look(&ladder, Segment::Silent, &held, now), None);
        // Whatever it says, next_nudge agrees at that moment.
        let mut s = NudgeState::default();
        s.record(LadderStep::First, now);
        let at = next_look(&ladder, Segment::Silent, &s, now).unwrap();
        assert_eq!(next_nudge(&ladder, Segment::Silent, &s, at), Some(LadderStep::Second));
        assert_eq!(next_nudge(&ladder, Segment::Silent, &s, at - Duration::seconds(1)), None);
    }
}
