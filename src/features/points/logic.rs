//! Pure rules for points: ledger reasons and references, thanks detection,
//! badges, streaks, leaderboard ranks and the weekly digest key.

use std::{collections::BTreeSet, fmt};

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

pub use crate::named::UnknownName;
use crate::named::named_enum;

// ------------------------------------------------------------------ ledger

/// Why points were given. Each names the [`Reference`] it is keyed by; the
/// ledger's unique (chat, user, reason, reference) makes awards idempotent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reason {
    /// First message of the day: [`Reference::Day`] (the chat's local date).
    DailyFirstMessage,
    /// Thanked for an answer: [`Reference::Message`] (the answer, the thanker).
    HelpfulAnswer,
    /// Brought a newcomer who qualified: [`Reference::User`] (the newcomer).
    ReferralReferrer,
    /// Joined through a referral and qualified: [`Reference::User`] (the referrer).
    ReferralNewcomer,
    /// Posted an introduction: [`Reference::Once`].
    Introduction,
    /// Given by an admin: [`Reference::Command`] (the command's message).
    AdminGift,
    /// Their idea was planned: [`Reference::Idea`].
    IdeaPlanned,
    /// Their idea was done: [`Reference::Idea`].
    IdeaDone,
    /// Their message was the best answer of the week: [`Reference::Answer`].
    BestAnswer,
}

named_enum!(Reason, "points reason", {
    DailyFirstMessage => "daily_first_message",
    HelpfulAnswer => "helpful_answer",
    ReferralReferrer => "referral_referrer",
    ReferralNewcomer => "referral_newcomer",
    Introduction => "introduction",
    AdminGift => "admin_gift",
    IdeaPlanned => "idea_planned",
    IdeaDone => "idea_done",
    BestAnswer => "best_answer",
});

impl Reason {
    /// The usual award; `None` for [`Reason::AdminGift`] (the admin says how much).
    pub fn default_points(self) -> Option<i64> {
        match self {
            Reason::DailyFirstMessage => Some(1),
            Reason::HelpfulAnswer => Some(5),
            Reason::ReferralReferrer => Some(10),
            Reason::ReferralNewcomer => Some(5),
            Reason::Introduction => Some(10),
            Reason::AdminGift => None,
            Reason::IdeaPlanned => Some(20),
            Reason::IdeaDone => Some(50),
            Reason::BestAnswer => Some(15),
        }
    }
}

/// What an award is about, stored as text next to the [`Reason`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reference {
    /// `day:2026-11-25`
    Day(NaiveDate),
    /// `msg:<chat>:<message id>:<thanker>`
    Message { chat_id: i64, message_id: i32, thanker: i64 },
    /// `answer:<chat>:<message id>`
    Answer { chat_id: i64, message_id: i32 },
    /// `user:<user id>`
    User(i64),
    /// `idea:<idea id>`
    Idea(i64),
    /// `cmd:<message id>` (the admin's command message in the chat)
    Command(i32),
    /// `once`
    Once,
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reference::Day(d) => write!(f, "day:{}", d.format("%Y-%m-%d")),
            Reference::Message { chat_id, message_id, thanker } => {
                write!(f, "msg:{chat_id}:{message_id}:{thanker}")
            }
            Reference::Answer { chat_id, message_id } => write!(f, "answer:{chat_id}:{message_id}"),
            Reference::User(id) => write!(f, "user:{id}"),
            Reference::Idea(id) => write!(f, "idea:{id}"),
            Reference::Command(message_id) => write!(f, "cmd:{message_id}"),
            Reference::Once => f.write_str("once"),
        }
    }
}

impl Reference {
    /// The answer a thanks reference (`msg:<chat>:<message id>:<thanker>`) is
    /// about: (chat, message id). `None` for any other text.
    pub fn thanked_answer(text: &str) -> Option<(i64, i32)> {
        let mut parts = text.strip_prefix("msg:")?.split(':');
        let chat_id = parts.next()?.parse().ok()?;
        let message_id = parts.next()?.parse().ok()?;
        let _thanker: i64 = parts.next()?.parse().ok()?;
        parts.next().is_none().then_some((chat_id, message_id))
    }
}

/// The ledger's reference text for an award (`Reference`'s `Display`).
pub fn reference(r: &Reference) -> String {
    r.to_string()
}

// ------------------------------------------------------------------ thanks

/// Whole words that say thanks on their own.
const THANKS_WORDS: &[&str] =
    &["thanks", "thx", "thanx", "tnx", "ty", "tysm", "tyvm", "thankyou", "спс", "благодарю", "благодарствую"];
/// Word beginnings that say thanks (спасибо, спасибки, пасиба …).
const THANKS_STEMS: &[&str] = &["спасиб", "пасиб"];
/// Words after which a thanks is a refusal ("no thanks", "нет, спасибо").
const REFUSALS: &[&str] = &["no", "нет"];

/// Whether a message thanks someone, in English or Russian: a thanks word
/// (whole word, any case), "thank you/u/ya", or 🙏. "No thanks" and "нет,
/// спасибо" are refusals, not thanks; sarcasm ("thanks for nothing") is not
/// detected.
pub fn is_thanks(text: &str) -> bool {
    if text.contains('🙏') {
        return true;
    }
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    words.iter().enumerate().any(|(i, w)| {
        let thanks = THANKS_WORDS.contains(w)
            || THANKS_STEMS.iter().any(|s| w.starts_with(s))
            || (*w == "thank" && words.get(i + 1).is_some_and(|n| ["you", "u", "ya"].contains(n)));
        let refused = i.checked_sub(1).and_then(|j| words.get(j)).is_some_and(|p| REFUSALS.contains(p));
        thanks && !refused
    })
}

/// Whether thanking earns the thanked member points: not for thanking
/// yourself, not for thanking a bot (or an anonymous admin / channel).
pub fn helpful_answer_award(thanker: i64, thanked: i64, thanked_is_bot: bool) -> bool {
    thanker != thanked && !thanked_is_bot
}

// ------------------------------------------------------------------ badges

/// Achievements shown on a member's profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Badge {
    /// Joined through a founder's personal invitation (given by the entry
    /// feature, not earned from totals: not in [`Badge::ALL`]).
    Founder,
    FirstMessage,
    Introduced,
    FirstHelpfulAnswer,
    TenHelpfulAnswers,
    FirstReferral,
    /// Three qualified referrals.
    Ambassador,
    ThirtyDayStreak,
    /// Their first idea was done.
    CoCreator,
    /// A best answer of the week.
    BestAnswer,
    /// Three best answers of the week.
    ThreeBestAnswers,
}

impl Badge {
    /// The badges a member's totals earn ([`badges_earned`]), in order: what
    /// is left to unlock is among these.
    pub const ALL: &[Badge] = &[
        Badge::FirstMessage,
        Badge::Introduced,
        Badge::FirstHelpfulAnswer,
        Badge::TenHelpfulAnswers,
        Badge::FirstReferral,
        Badge::Ambassador,
        Badge::ThirtyDayStreak,
        Badge::CoCreator,
        Badge::BestAnswer,
        Badge::ThreeBestAnswers,
    ];

    /// Badges given for something the totals do not count.
    pub const GIVEN: &[Badge] = &[Badge::Founder];

    /// Every badge, given ones first.
    pub fn every() -> impl Iterator<Item = Badge> {
        Badge::GIVEN.iter().chain(Badge::ALL).copied()
    }

    /// The stored snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Badge::Founder => "founder",
            Badge::FirstMessage => "first_message",
            Badge::Introduced => "introduced",
            Badge::FirstHelpfulAnswer => "first_helpful_answer",
            Badge::TenHelpfulAnswers => "ten_helpful_answers",
            Badge::FirstReferral => "first_referral",
            Badge::Ambassador => "ambassador",
            Badge::ThirtyDayStreak => "thirty_day_streak",
            Badge::CoCreator => "co_creator",
            Badge::BestAnswer => "best_answer",
            Badge::ThreeBestAnswers => "three_best_answers",
        }
    }
}

impl fmt::Display for Badge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Badge {
    type Err = UnknownName;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Badge::every()
            .find(|b| b.as_str() == s)
            .ok_or_else(|| UnknownName { what: "badge", got: s.to_owned() })
    }
}

/// A member's totals in one chat.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemberProgress {
    pub messages: u32,
    pub introduced: bool,
    pub helpful_answers: u32,
    pub qualified_referrals: u32,
    pub longest_streak_days: u32,
    pub ideas_done: u32,
    pub best_answers: u32,
}

/// Best answers of the week for [`Badge::ThreeBestAnswers`].
pub const THREE_BEST_ANSWERS: u32 = 3;

/// Every badge the totals earn, in [`Badge::ALL`] order; the caller awards
/// the ones not yet stored.
pub fn badges_earned(p: &MemberProgress) -> Vec<Badge> {
    Badge::ALL
        .iter()
        .copied()
        .filter(|b| match b {
            Badge::FirstMessage => p.messages >= 1,
            Badge::Introduced => p.introduced,
            Badge::FirstHelpfulAnswer => p.helpful_answers >= 1,
            Badge::TenHelpfulAnswers => p.helpful_answers >= 10,
            Badge::FirstReferral => p.qualified_referrals >= 1,
            Badge::Ambassador => p.qualified_referrals >= 3,
            Badge::ThirtyDayStreak => p.longest_streak_days >= 30,
            Badge::CoCreator => p.ideas_done >= 1,
            Badge::BestAnswer => p.best_answers >= 1,
            Badge::ThreeBestAnswers => p.best_answers >= THREE_BEST_ANSWERS,
            Badge::Founder => false,
        })
        .collect()
}

/// The current streak: consecutive active days ending at `as_of`, or at the
/// day before (today is not over yet). Order and duplicates don't matter;
/// days after `as_of` are ignored.
pub fn streak_days(active_days: &[NaiveDate], as_of: NaiveDate) -> u32 {
    let days: BTreeSet<NaiveDate> = active_days.iter().copied().filter(|d| *d <= as_of).collect();
    let Some(&last) = days.last() else { return 0 };
    if as_of.signed_duration_since(last) > Duration::days(1) {
        return 0;
    }
    run_ending_at(&days, last)
}

/// The longest run of consecutive active days.
pub fn longest_streak(active_days: &[NaiveDate]) -> u32 {
    let days: BTreeSet<NaiveDate> = active_days.iter().copied().collect();
    let mut best = 0;
    let mut run = 0;
    let mut prev: Option<NaiveDate> = None;
    for &d in &days {
        run = if prev.and_then(|p| p.succ_opt()) == Some(d) { run + 1 } else { 1 };
        best = best.max(run);
        prev = Some(d);
    }
    best
}

fn run_ending_at(days: &BTreeSet<NaiveDate>, last: NaiveDate) -> u32 {
    let mut n = 0;
    let mut day = Some(last);
    while let Some(d) = day.filter(|d| days.contains(d)) {
        n += 1;
        day = d.pred_opt();
    }
    n
}

// ------------------------------------------------------------- leaderboard

/// The window `/top` covers: trailing 7 or 30 days, or all time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum TopPeriod {
    #[default]
    Week,
    Month,
    All,
}

named_enum!(TopPeriod, "period", {
    Week => "week",
    Month => "month",
    All => "all",
});

impl TopPeriod {
    /// A `/top` argument: empty means the default (week); any case.
    pub fn parse_arg(raw: &str) -> Result<Self, UnknownName> {
        let raw = raw.trim();
        if raw.is_empty() { Ok(Self::default()) } else { raw.to_lowercase().parse() }
    }

    /// Points earned at or after this instant count; `None`: all of them.
    pub fn since(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            TopPeriod::Week => now.checked_sub_signed(Duration::days(7)),
            TopPeriod::Month => now.checked_sub_signed(Duration::days(30)),
            TopPeriod::All => None,
        }
    }
}

/// A member's 1-based rank in `(user, points)` rows, ties sharing a rank
/// (1, 2, 2, 4). The rows need not be sorted.
pub fn rank_of(rows: &[(i64, i64)], user: i64) -> Option<usize> {
    let &(_, points) = rows.iter().find(|(u, _)| *u == user)?;
    Some(1 + rows.iter().filter(|(_, p)| *p > points).count())
}

/// The rank of each row of a leaderboard sorted by points, highest first,
/// ties sharing a rank (1, 2, 2, 4).
pub fn competition_ranks(sorted: &[(i64, i64)]) -> Vec<usize> {
    let mut ranks = Vec::with_capacity(sorted.len());
    let mut prev: Option<(i64, usize)> = None;
    for (i, &(_, points)) in sorted.iter().enumerate() {
        let rank = match prev {
            Some((p, r)) if p == points => r,
            _ => i + 1,
        };
        ranks.push(rank);
        prev = Some((points, rank));
    }
    ranks
}

// ------------------------------------------------------------------ digest

/// The ISO week of `now` in `tz`, e.g. `2026-W48`: the weekly digest's
/// unique key, so it goes out once per week.
pub fn iso_week_key(now: DateTime<Utc>, tz: Tz) -> String {
    let week = now.with_timezone(&tz).iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn reasons() {
        for r in Reason::ALL {
            assert_eq!(r.as_str().parse::<Reason>().unwrap(), *r);
        }
        assert_eq!(Reason::ALL.len(), 9);
        assert_eq!(Reason::DailyFirstMessage.to_string(), "daily_first_message");
        assert_eq!(Reason::DailyFirstMessage.default_points(), Some(1));
        assert_eq!(Reason::HelpfulAnswer.default_points(), Some(5));
        assert_eq!(Reason::BestAnswer.default_points(), Some(15));
        assert_eq!(Reason::ReferralReferrer.default_points(), Some(10));
        assert_eq!(Reason::ReferralNewcomer.default_points(), Some(5));
        assert_eq!(Reason::Introduction.default_points(), Some(10));
        assert_eq!(Reason::AdminGift.default_points(), None);
        assert_eq!(Reason::IdeaPlanned.default_points(), Some(20));
        assert_eq!(Reason::IdeaDone.default_points(), Some(50));
        let err = "bonus".parse::<Reason>().unwrap_err();
        assert_eq!(err, UnknownName { what: "points reason", got: "bonus".into() });
        assert_eq!(err.to_string(), "unknown points reason: \"bonus\"");
    }

    #[test]
    fn references() {
        assert_eq!(reference(&Reference::Day(d("2026-11-25"))), "day:2026-11-25");
        let msg = Reference::Message { chat_id: -1001234567890, message_id: 77, thanker: 42 };
        assert_eq!(reference(&msg), "msg:-1001234567890:77:42");
        assert_eq!(reference(&Reference::User(42)), "user:42");
        assert_eq!(reference(&Reference::Answer { chat_id: -100, message_id: 7 }), "answer:-100:7");
        assert_eq!(Reference::thanked_answer(&reference(&msg)), Some((-1001234567890, 77)));
        for other in ["user:42", "msg:1:2", "msg:1:2:3:4", "msg:a:2:3", "answer:-100:7"] {
            assert_eq!(Reference::thanked_answer(other), None, "{other}");
        }
        assert_eq!(reference(&Reference::Idea(3)), "idea:3");
        assert_eq!(reference(&Reference::Command(9)), "cmd:9");
        assert_eq!(reference(&Reference::Once), "once");
    }

    #[test]
    fn thanks_in_english_and_russian() {
        for yes in [
            "Thanks!",
            "thanks a lot",
            "THX",
            "ty",
            "ok ty!",
            "Thank you so much",
            "thank u",
            "thankyou",
            "Спасибо!",
            "спасибо большое",
            "Спасибки)",
            "спс",
            "Пасиб",
            "пасиба",
            "благодарю",
            "Огромное СПАСИБО",
            "🙏",
            "🙏🏻",
            "got it 🙏",
            "great, thanks.",
            "@anna спасибо",
        ] {
            assert!(is_thanks(yes), "{yes:?}");
        }
        for no in [
            "",
            "typical",
            "thanksgiving",
            "thank",
            "thank god",
            "think you",
            "no thanks",
            "No, thanks.",
            "нет, спасибо",
            "благодаря тебе",
            "type it",
            "спаси нас",
            "hello",
        ] {
            assert!(!is_thanks(no), "{no:?}");
        }
        // Only a refusal right before the thanks counts.
        assert!(is_thanks("no way, thanks!"));
        // Kept simple: sarcasm counts.
        assert!(is_thanks("thanks for nothing"));
    }

    #[test]
    fn helpful_answers() {
        assert!(helpful_answer_award(1, 2, false));
        assert!(!helpful_answer_award(1, 1, false));
        assert!(!helpful_answer_award(1, 2, true));
    }

    #[test]
    fn badges() {
        assert_eq!(badges_earned(&MemberProgress::default()), vec![]);
        let p =
            MemberProgress { messages: 1, helpful_answers: 1, qualified_referrals: 1, ..Default::default() };
        assert_eq!(
            badges_earned(&p),
            vec![Badge::FirstMessage, Badge::FirstHelpfulAnswer, Badge::FirstReferral]
        );
        let all = MemberProgress {
            messages: 500,
            introduced: true,
            helpful_answers: 10,
            qualified_referrals: 3,
            longest_streak_days: 30,
            ideas_done: 1,
            best_answers: 3,
        };
        assert_eq!(badges_earned(&all), Badge::ALL);
        let almost = MemberProgress {
            helpful_answers: 9,
            qualified_referrals: 2,
            longest_streak_days: 29,
            best_answers: 2,
            ..all
        };
        let earned = badges_earned(&almost);
        assert!(earned.contains(&Badge::BestAnswer));
        for b in
            [Badge::TenHelpfulAnswers, Badge::Ambassador, Badge::ThirtyDayStreak, Badge::ThreeBestAnswers]
        {
            assert!(!earned.contains(&b), "{b}");
        }
        for b in Badge::ALL {
            assert_eq!(b.as_str().parse::<Badge>().unwrap(), *b);
        }
        assert_eq!(Badge::CoCreator.as_str(), "co_creator");
        assert!("hero".parse::<Badge>().is_err());
    }

    #[test]
    fn the_founder_badge_is_given_not_earned() {
        let all = MemberProgress {
            messages: 500,
            introduced: true,
            helpful_answers: 10,
            qualified_referrals: 3,
            longest_streak_days: 30,
            ideas_done: 1,
            best_answers: 3,
        };
        assert!(!badges_earned(&all).contains(&Badge::Founder));
        assert!(!Badge::ALL.contains(&Badge::Founder));
        assert_eq!("founder".parse::<Badge>(), Ok(Badge::Founder));
        assert_eq!(Badge::every().count(), Badge::ALL.len() + 1);
        for b in Badge::every() {
            assert_eq!(b.as_str().parse::<Badge>(), Ok(b));
        }
    }

    #[test]
    fn streaks() {
        let days: Vec<NaiveDate> =
            ["2026-11-20", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-23"].map(d).to_vec();
        assert_eq!(streak_days(&days, d("2026-11-24")), 3);
        // Today not posted yet: yesterday's streak still stands.
        assert_eq!(streak_days(&days, d("2026-11-25")), 3);
        assert_eq!(streak_days(&days, d("2026-11-26")), 0);
        // Later days are ignored.
        assert_eq!(streak_days(&days, d("2026-11-22")), 1);
        assert_eq!(streak_days(&days, d("2026-11-21")), 1);
        assert_eq!(streak_days(&[], d("2026-11-21")), 0);
        assert_eq!(streak_days(&[NaiveDate::MIN], NaiveDate::MIN), 1);
        let month: Vec<NaiveDate> = d("2026-01-15").iter_days().take(30).collect();
        assert_eq!(streak_days(&month, d("2026-02-13")), 30);
        assert_eq!(longest_streak(&month), 30);
        assert_eq!(longest_streak(&days), 3);
        assert_eq!(longest_streak(&[]), 0);
        assert_eq!(longest_streak(&[NaiveDate::MAX, NaiveDate::MAX]), 1);
    }

    #[test]
    fn top_periods() {
        assert_eq!(TopPeriod::default(), TopPeriod::Week);
        assert_eq!(TopPeriod::parse_arg("").unwrap(), TopPeriod::Week);
        assert_eq!(TopPeriod::parse_arg(" Month ").unwrap(), TopPeriod::Month);
        assert_eq!(TopPeriod::parse_arg("all").unwrap(), TopPeriod::All);
        assert!(TopPeriod::parse_arg("year").is_err());
        for p in TopPeriod::ALL {
            assert_eq!(p.to_string().parse::<TopPeriod>().unwrap(), *p);
        }
        let now = t("2026-11-25T12:00:00Z");
        assert_eq!(TopPeriod::Week.since(now), Some(t("2026-11-18T12:00:00Z")));
        assert_eq!(TopPeriod::Month.since(now), Some(t("2026-10-26T12:00:00Z")));
        assert_eq!(TopPeriod::All.since(now), None);
        assert_eq!(TopPeriod::Week.since(DateTime::<Utc>::MIN_UTC), None);
    }

    #[test]
    fn ranks_share_ties() {
        let rows = [(10, 50), (11, 40), (12, 40), (13, 30), (14, 30), (15, 5)];
        let ranks: Vec<_> = rows.iter().map(|(u, _)| rank_of(&rows, *u).unwrap()).collect();
        assert_eq!(ranks, [1, 2, 2, 4, 4, 6]);
        assert_eq!(competition_ranks(&rows), ranks);
        assert_eq!(rank_of(&rows, 99), None);
        assert_eq!(rank_of(&[], 1), None);
        assert_eq!(competition_ranks(&[]), Vec::<usize>::new());
        let unsorted = [(1, 5), (2, 9), (3, 5)];
        assert_eq!(rank_of(&unsorted, 3), Some(2));
        assert_eq!(competition_ranks(&[(1, 7), (2, 7), (3, 7)]), [1, 1, 1]);
    }

    #[test]
    fn iso_week_keys() {
        assert_eq!(iso_week_key(t("2026-11-25T12:00:00Z"), Tz::UTC), "2026-W48");
        assert_eq!(iso_week_key(t("2026-01-05T00:00:00Z"), Tz::UTC), "2026-W02");
        // Year boundaries follow the ISO year.
        assert_eq!(iso_week_key(t("2026-12-31T12:00:00Z"), Tz::UTC), "2026-W53");
        assert_eq!(iso_week_key(t("2027-01-03T12:00:00Z"), Tz::UTC), "2026-W53");
        assert_eq!(iso_week_key(t("2024-12-30T12:00:00Z"), Tz::UTC), "2025-W01");
        // Sunday 22:30 UTC is already Monday in Moscow.
        let sunday = t("2026-11-29T22:30:00Z");
        assert_eq!(iso_week_key(sunday, Tz::UTC), "2026-W48");
        assert_eq!(iso_week_key(sunday, Tz::Europe__Moscow), "2026-W49");
    }
}
