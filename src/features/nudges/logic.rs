//! Pure rules for silent-member nudges: segments, the nudge ladder, the
//! holdout group, quiet hours, survey answers, reactivation and DM pacing.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, LocalResult, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use crate::named::named_enum;

/// Why a time or time zone could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("not a time of day (HH:MM, e.g. 22:00): {0:?}")]
    Time(String),
    #[error("not an IANA time zone (UTC, Europe/Moscow …): {0:?}")]
    Timezone(String),
}

fn days(n: u32) -> Duration {
    Duration::days(i64::from(n))
}

// ---------------------------------------------------------------- segments

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

// ------------------------------------------------------------------ ladder

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

// ----------------------------------------------------------------- holdout

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A member's stable bucket in 0..100 (SplitMix64 over both ids).
fn holdout_bucket(chat_id: i64, user_id: i64) -> u8 {
    let h = splitmix64(splitmix64(chat_id as u64) ^ user_id as u64);
    (h % 100) as u8
}

/// Whether a member belongs to the `percent`% who are never nudged (the
/// control group). Deterministic across runs, builds and Rust versions;
/// `percent` ≥ 100 means everyone.
pub fn in_holdout(chat_id: i64, user_id: i64, percent: u8) -> bool {
    holdout_bucket(chat_id, user_id) < percent
}

// ------------------------------------------------------------- quiet hours

/// `"22:00"` (also `"9:05"`) as a time of day.
pub fn parse_hhmm(raw: &str) -> Result<NaiveTime, ParseError> {
    NaiveTime::parse_from_str(raw.trim(), "%H:%M").map_err(|_| ParseError::Time(raw.to_owned()))
}

/// An IANA zone name (`Europe/Moscow`), or `UTC` in any case.
pub fn parse_timezone(raw: &str) -> Result<Tz, ParseError> {
    let raw = raw.trim();
    if raw.eq_ignore_ascii_case("utc") {
        return Ok(Tz::UTC);
    }
    raw.parse::<Tz>().map_err(|_| ParseError::Timezone(raw.to_owned()))
}

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

// ------------------------------------------------------------------ survey

/// The one-tap survey in the First nudge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SurveyAnswer {
    NoTime,
    NotInterested,
    DontKnowWhereToStart,
    Other,
}

named_enum!(SurveyAnswer, "survey answer", {
    NoTime => "no_time",
    NotInterested => "not_interested",
    DontKnowWhereToStart => "where_to_start",
    Other => "other",
});

// ------------------------------------------------------------ reactivation

/// Default window for [`reactivated`].
pub const REACTIVATION_WINDOW_DAYS: u32 = 14;

/// Whether the member posted within `window_days` after `nudged_at` (for the
/// holdout group: the time they would have been nudged, see [`silence_start`]).
pub fn reactivated(
    nudged_at: DateTime<Utc>,
    first_post_after: Option<DateTime<Utc>>,
    window_days: u32,
) -> bool {
    first_post_after.is_some_and(|p| p >= nudged_at && p - nudged_at <= days(window_days))
}

/// How many of a group came back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReactivationRate {
    /// Members in the group (for the holdout: those who would have been nudged).
    pub nudged: u64,
    pub reactivated: u64,
    /// `reactivated / nudged` in percent; `None` for an empty group.
    pub pct: Option<f64>,
}

impl ReactivationRate {
    pub fn new(nudged: u64, reactivated: u64) -> Self {
        let pct = (nudged > 0).then(|| reactivated as f64 * 100.0 / nudged as f64);
        Self { nudged, reactivated, pct }
    }
}

/// The nudges' effect: nudged minus holdout rate, in percentage points;
/// `None` when either group is empty.
pub fn compare(nudged: &ReactivationRate, holdout: &ReactivationRate) -> Option<f64> {
    Some(nudged.pct? - holdout.pct?)
}

// ------------------------------------------------------------------ pacing

/// Send offsets from the campaign start for `count` DMs at `per_second`
/// (0 counts as 1), evenly spaced: DM `i` goes at `i / per_second` seconds.
pub fn dm_schedule(count: usize, per_second: u32) -> impl Iterator<Item = StdDuration> {
    let rate = u64::from(per_second.max(1));
    (0..count as u64).map(move |i| {
        let nanos = (i % rate) * 1_000_000_000 / rate;
        StdDuration::new(i / rate, nanos as u32)
    })
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

// ------------------------------------------------------------------ events

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

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    const NOW: &str = "2026-11-25T12:00:00Z";

    fn ago(d: i64) -> Option<DateTime<Utc>> {
        Some(t(NOW) - Duration::days(d))
    }

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
    fn holdout_share_is_close_to_percent() {
        let chat = -1001234567890;
        let share = |p| (0..100_000i64).filter(|u| in_holdout(chat, 1_000_000 + u, p)).count();
        let ten = share(10);
        assert!((9_500..=10_500).contains(&ten), "{ten}");
        assert_eq!(share(0), 0);
        assert_eq!(share(100), 100_000);
        assert_eq!(share(255), 100_000);
        // Random-looking ids too.
        let ten = (0..100_000u64).filter(|i| in_holdout(chat, (splitmix64(*i) >> 24) as i64, 10)).count();
        assert!((9_500..=10_500).contains(&ten), "{ten}");
    }

    #[test]
    fn holdout_is_stable() {
        // Pinned values: changing the hash would reshuffle existing groups.
        assert_eq!(splitmix64(0), 0xE220_A839_7B1D_CDAF);
        assert_eq!(holdout_bucket(-1001234567890, 42), 62);
        assert_eq!(holdout_bucket(-100, 123456789), 77);
        assert_eq!(in_holdout(-5, 7, 50), in_holdout(-5, 7, 50));
        assert_ne!(
            (0..20).map(|u| holdout_bucket(1, u)).collect::<Vec<_>>(),
            (0..20).map(|u| holdout_bucket(2, u)).collect::<Vec<_>>()
        );
    }

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

    #[test]
    fn reactivation() {
        let n = t(NOW);
        assert!(reactivated(n, Some(n + Duration::days(3)), 14));
        assert!(reactivated(n, Some(n + Duration::days(14)), REACTIVATION_WINDOW_DAYS));
        assert!(!reactivated(n, Some(n + Duration::days(14) + Duration::seconds(1)), 14));
        assert!(!reactivated(n, Some(n - Duration::seconds(1)), 14));
        assert!(!reactivated(n, None, 14));
    }

    #[test]
    fn rates_and_comparison() {
        let nudged = ReactivationRate::new(200, 50);
        let holdout = ReactivationRate::new(20, 3);
        assert_eq!(nudged.pct, Some(25.0));
        assert_eq!(holdout.pct, Some(15.0));
        assert_eq!(compare(&nudged, &holdout), Some(10.0));
        let empty = ReactivationRate::new(0, 0);
        assert_eq!(empty.pct, None);
        assert_eq!(compare(&nudged, &empty), None);
        assert_eq!(compare(&empty, &holdout), None);
    }

    #[test]
    fn dm_schedule_spreads_evenly() {
        let offsets: Vec<_> = dm_schedule(10_000, 25).collect();
        assert_eq!(offsets.len(), 10_000);
        assert_eq!(offsets[0], StdDuration::ZERO);
        assert_eq!(offsets[1], StdDuration::from_millis(40));
        assert_eq!(offsets[25], StdDuration::from_secs(1));
        assert_eq!(offsets[9_999], StdDuration::from_millis(399_960));
        assert!(offsets.windows(2).all(|w| w[1] - w[0] == StdDuration::from_millis(40)));
        // Never more than 25 in any one second.
        assert!(offsets.iter().filter(|d| d.as_secs() == 7).count() == 25);
        let zero: Vec<_> = dm_schedule(3, 0).collect();
        assert_eq!(zero, [0, 1, 2].map(StdDuration::from_secs));
        assert_eq!(dm_schedule(0, 25).count(), 0);
        let third: Vec<_> = dm_schedule(4, 3).collect();
        assert_eq!(third[1], StdDuration::new(0, 333_333_333));
        assert_eq!(third[3], StdDuration::from_secs(1));
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
