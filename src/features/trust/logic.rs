//! Trust levels, after Discourse's TL0–TL3, as pure decisions over what a
//! member has done: the thresholds (the chat's settings), the member's
//! facts (read by the store), and the level with what the next one needs.

use chrono::{DateTime, Utc};

use crate::{named::named_enum, settings::ChatSettings};

/// A trust level: newcomer (TL0), member (TL1), regular (TL2), leader (TL3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Level {
    #[default]
    Newcomer,
    Member,
    Regular,
    Leader,
}

named_enum!(Level, "trust level", {
    Newcomer => "newcomer",
    Member => "member",
    Regular => "regular",
    Leader => "leader",
});

impl Level {
    /// 0 to 3, as in "TL2".
    pub fn number(self) -> u32 {
        match self {
            Level::Newcomer => 0,
            Level::Member => 1,
            Level::Regular => 2,
            Level::Leader => 3,
        }
    }
}

/// What an admin says with `/trust @user <word>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Chosen as a leader (TL3) whatever the thresholds say.
    Leader,
    /// Back to the computed level.
    Auto,
}

named_enum!(Choice, "trust choice", {
    Leader => "leader",
    Auto => "auto",
});

/// The chat's thresholds (`trust1_messages` …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Thresholds {
    pub messages: i64,
    pub days: i64,
    pub weeks_active: i64,
    pub weeks: i64,
    pub points: i64,
    pub helpful: i64,
}

impl Thresholds {
    pub fn of(settings: &ChatSettings) -> Thresholds {
        let weeks = settings.int("trust2_weeks").max(1);
        Thresholds {
            messages: settings.int("trust1_messages"),
            days: settings.int("trust1_days"),
            // "4 of 3 weeks" cannot be met: read as every week of the window.
            weeks_active: settings.int("trust2_weeks_active").clamp(1, weeks),
            weeks,
            points: settings.int("trust3_points"),
            helpful: settings.int("trust3_helpful"),
        }
    }
}

/// What the bot knows of a member, as the store reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub user_id: i64,
    /// Joined (or first seen) at.
    pub since: Option<DateTime<Utc>>,
    /// Not behind the rules gate, or accepted the rules.
    pub rules_ok: bool,
    pub messages: i64,
    /// Weeks of the trailing window with at least one message.
    pub weeks_active: i64,
    pub active_warnings: i64,
    pub points: i64,
    /// Helpful answers (thanks) received.
    pub helpful: i64,
    /// An admin chose this level.
    pub chosen: Option<Level>,
}

/// One thing still missing for the next level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Rules,
    Messages { have: i64, need: i64 },
    Days { have: i64, need: i64 },
    Weeks { have: i64, need: i64, of: i64 },
    NoWarnings { count: i64 },
    Points { have: i64, need: i64 },
    Helpful { have: i64, need: i64 },
}

/// A member's level, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// The level in force: the computed or chosen one, at most TL1 while a
    /// warning is active.
    pub level: Level,
    /// What the thresholds alone give.
    pub computed: Level,
    /// Active warnings holding the level at TL1.
    pub capped: bool,
    /// What the next level still needs (empty at TL3).
    pub next: Vec<Need>,
    pub facts: Facts,
}

/// Whole days from `since` to `now` (none known: 0).
fn days_since(since: Option<DateTime<Utc>>, now: DateTime<Utc>) -> i64 {
    since.map(|s| (now - s).num_days().max(0)).unwrap_or(0)
}

/// The level of a member at `now`: computed from the facts, or the admin's
/// choice; any active warning holds it at TL1 until the warning expires.
pub fn standing(t: &Thresholds, f: &Facts, now: DateTime<Utc>) -> Standing {
    let days = days_since(f.since, now);
    let mut tl1 = Vec::new();
    if !f.rules_ok {
        tl1.push(Need::Rules);
    }
    if f.messages < t.messages {
        tl1.push(Need::Messages { have: f.messages, need: t.messages });
    }
    if days < t.days {
        tl1.push(Need::Days { have: days, need: t.days });
    }
    let mut tl2 = Vec::new();
    if f.weeks_active < t.weeks_active {
        tl2.push(Need::Weeks { have: f.weeks_active, need: t.weeks_active, of: t.weeks });
    }
    let mut tl3 = Vec::new();
    if f.points < t.points {
        tl3.push(Need::Points { have: f.points, need: t.points });
    }
    if f.helpful < t.helpful {
        tl3.push(Need::Helpful { have: f.helpful, need: t.helpful });
    }
    // The thresholds alone, warnings aside.
    let (computed, mut next) = if !tl1.is_empty() {
        (Level::Newcomer, tl1)
    } else if !tl2.is_empty() {
        (Level::Member, tl2)
    } else if !tl3.is_empty() {
        (Level::Regular, tl3)
    } else {
        (Level::Leader, Vec::new())
    };
    let unwarned = f.chosen.map_or(computed, |c| c.max(computed));
    let warned = f.active_warnings > 0;
    let capped = warned && unwarned > Level::Member;
    let level = if warned { unwarned.min(Level::Member) } else { unwarned };
    if capped {
        // Held at TL1: the level comes back when the warnings expire.
        next = vec![Need::NoWarnings { count: f.active_warnings }];
    } else if level == Level::Leader {
        next.clear();
    } else if warned && level == Level::Member {
        next.push(Need::NoWarnings { count: f.active_warnings });
    }
    Standing { level, computed, capped, next, facts: f.clone() }
}

/// Whether a member's newcomer limits (links, forwards, media) are lifted:
/// from TL1 on (the time limit may lift them earlier).
pub fn lifts_newcomer_limits(s: &Standing) -> bool {
    s.level >= Level::Member
}

/// The trailing `weeks` weeks as whole days before `today`: a day `n` days
/// ago is in week `n / 7`; this is the first day of the window.
pub fn window_start(today: chrono::NaiveDate, weeks: i64) -> chrono::NaiveDate {
    today - chrono::Duration::days(weeks * 7 - 1)
}

/// Warnings given before this no longer count (`warn_expire_days`; 0: never).
pub fn warnings_since(expire_days: i64, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    (expire_days > 0).then(|| now - chrono::Duration::days(expire_days))
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap()
    }

    const T: Thresholds =
        Thresholds { messages: 10, days: 3, weeks_active: 3, weeks: 4, points: 200, helpful: 10 };

    /// A member who meets TL1 exactly.
    fn tl1() -> Facts {
        Facts {
            user_id: 7,
            since: Some(now() - Duration::days(3)),
            rules_ok: true,
            messages: 10,
            ..Facts::default()
        }
    }

    fn tl2() -> Facts {
        Facts { weeks_active: 3, ..tl1() }
    }

    fn tl3() -> Facts {
        Facts { points: 200, helpful: 10, ..tl2() }
    }

    fn level(f: &Facts) -> Level {
        standing(&T, f, now()).level
    }

    #[test]
    fn tl1_needs_rules_messages_and_days_each_at_its_boundary() {
        assert_eq!(level(&tl1()), Level::Member);
        assert_eq!(level(&Facts { messages: 9, ..tl1() }), Level::Newcomer);
        let almost = Facts { since: Some(now() - Duration::days(3) + Duration::seconds(1)), ..tl1() };
        assert_eq!(level(&almost), Level::Newcomer);
        assert_eq!(level(&Facts { rules_ok: false, ..tl1() }), Level::Newcomer);
        assert_eq!(level(&Facts { since: None, ..tl1() }), Level::Newcomer);
        let s = standing(&T, &Facts { messages: 4, rules_ok: false, since: Some(now()), ..tl1() }, now());
        assert_eq!(
            s.next,
            [Need::Rules, Need::Messages { have: 4, need: 10 }, Need::Days { have: 0, need: 3 }]
        );
    }

    #[test]
    fn tl2_needs_active_weeks_and_no_warnings() {
        assert_eq!(level(&tl2()), Level::Regular);
        assert_eq!(level(&Facts { weeks_active: 2, ..tl2() }), Level::Member);
        let s = standing(&T, &Facts { weeks_active: 2, ..tl1() }, now());
        assert_eq!(s.next, [Need::Weeks { have: 2, need: 3, of: 4 }]);
        // Active weeks alone without TL1 give nothing.
        assert_eq!(level(&Facts { messages: 0, ..tl2() }), Level::Newcomer);
    }

    #[test]
    fn tl3_by_threshold_needs_points_and_helpful_answers() {
        assert_eq!(level(&tl3()), Level::Leader);
        assert!(standing(&T, &tl3(), now()).next.is_empty());
        assert_eq!(level(&Facts { points: 199, ..tl3() }), Level::Regular);
        assert_eq!(level(&Facts { helpful: 9, ..tl3() }), Level::Regular);
        let s = standing(&T, &Facts { points: 50, helpful: 2, ..tl2() }, now());
        assert_eq!(s.next, [Need::Points { have: 50, need: 200 }, Need::Helpful { have: 2, need: 10 }]);
        // Points without TL2 give nothing.
        assert_eq!(level(&Facts { weeks_active: 0, ..tl3() }), Level::Member);
    }

    #[test]
    fn an_active_warning_caps_at_tl1_and_its_expiry_restores() {
        let warned = Facts { active_warnings: 1, ..tl3() };
        let s = standing(&T, &warned, now());
        assert_eq!((s.level, s.capped), (Level::Member, true));
        assert_eq!(s.next, [Need::NoWarnings { count: 1 }]);
        // A warning does not lift a newcomer, nor cap them below TL1.
        assert_eq!(level(&Facts { active_warnings: 2, ..tl1() }), Level::Member);
        let newcomer = Facts { active_warnings: 1, messages: 0, ..tl1() };
        assert_eq!(level(&newcomer), Level::Newcomer);
        assert!(!standing(&T, &newcomer, now()).capped);
        // Expired (no longer counted by the store): back where it was.
        assert_eq!(level(&Facts { active_warnings: 0, ..warned }), Level::Leader);
    }

    #[test]
    fn a_chosen_leader_is_tl3_until_warned() {
        let chosen = Facts { chosen: Some(Level::Leader), ..Facts::default() };
        let s = standing(&T, &chosen, now());
        assert_eq!((s.level, s.computed), (Level::Leader, Level::Newcomer));
        assert!(s.next.is_empty());
        let warned = Facts { active_warnings: 1, ..chosen.clone() };
        let s = standing(&T, &warned, now());
        assert_eq!((s.level, s.capped), (Level::Member, true));
        assert_eq!(s.next, [Need::NoWarnings { count: 1 }]);
        assert_eq!(level(&Facts { active_warnings: 0, ..warned }), Level::Leader);
    }

    #[test]
    fn newcomer_limits_lift_from_tl1() {
        assert!(!lifts_newcomer_limits(&standing(&T, &Facts { messages: 9, ..tl1() }, now())));
        assert!(lifts_newcomer_limits(&standing(&T, &tl1(), now())));
        let chosen = Facts { chosen: Some(Level::Leader), ..Facts::default() };
        assert!(lifts_newcomer_limits(&standing(&T, &chosen, now())));
    }

    #[test]
    fn windows_and_cutoffs() {
        let today = now().date_naive();
        assert_eq!(window_start(today, 4), today - Duration::days(27));
        assert_eq!(window_start(today, 1), today - Duration::days(6));
        assert_eq!(warnings_since(0, now()), None);
        assert_eq!(warnings_since(30, now()), Some(now() - Duration::days(30)));
    }

    #[test]
    fn level_words_parse() {
        assert_eq!("leader".parse::<Choice>(), Ok(Choice::Leader));
        assert_eq!("auto".parse::<Choice>(), Ok(Choice::Auto));
        assert!("boss".parse::<Choice>().is_err());
        assert_eq!(Level::Regular.number(), 2);
        assert_eq!("leader".parse::<Level>(), Ok(Level::Leader));
    }
}
