//! The numbers of /stats as data: what each section says, computed once.
//! `sections.rs` words them for the /stats message; the dashboard's overview
//! shows the same values as cards. No formatting here, no Telegram.

use super::{
    Report,
    customers::{CustomersFigures, customers_figures},
    logic::{self, Answered, CUSTOMER_DAYS_DEFAULT, Engagement, Period, Retention, Segments},
    report, store,
};
use crate::features::{
    ideas::{self, store::IdeaStats},
    notes,
    nps::{self, logic::PollSummary},
    nudges::{self, logic::SegmentRules, store::Reactivation},
    onboarding,
};
use crate::kernel::topics;

/// Members now, joined and left in the period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Members {
    pub now: i64,
    pub joined: i64,
    pub left: i64,
}

impl Members {
    /// Net growth over the period.
    pub fn net(&self) -> i64 {
        self.joined - self.left
    }
}

pub async fn members(r: &Report) -> sqlx::Result<Members> {
    let now = store::members_now(&r.db, r.chat_id).await?;
    let (joined, left) = store::joins_and_leaves(&r.db, r.chat_id, r.since).await?;
    Ok(Members { now, joined, left })
}

/// DAU/WAU/MAU at the report's moment, the period's messages, the activity
/// segments and the thresholds they were counted with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Activity {
    pub engagement: Engagement,
    pub messages: i64,
    pub days: i64,
    pub rules: SegmentRules,
    pub segments: Segments,
}

impl Activity {
    pub fn per_day(&self) -> f64 {
        messages_per_day(self.messages, self.days)
    }
}

/// Messages a day over `days` (at least one day).
pub fn messages_per_day(messages: i64, days: i64) -> f64 {
    messages as f64 / days.max(1) as f64
}

pub async fn activity(r: &Report) -> sqlx::Result<Activity> {
    let engagement = store::engagement(&r.db, r.chat_id, r.now).await?;
    let messages = store::messages_since(&r.db, r.chat_id, r.since).await?;
    let rules = store::segment_rules(&r.db, r.chat_id).await?;
    let segments = store::segments(&r.db, r.chat_id, r.now, &rules).await?;
    Ok(Activity { engagement, messages, days: r.days, rules, segments })
}

/// The onboarding funnel of the period's newcomers, step by step, and their
/// referral conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Newcomers {
    pub joined: i64,
    pub rules: i64,
    pub dm: i64,
    pub intro: i64,
    pub posted: i64,
    pub checkin: i64,
    /// Joined by a referral link (self-referrals and rejoins left out).
    pub invited: i64,
    pub qualified: i64,
}

impl Newcomers {
    /// The funnel's steps in order (joined first), as shares of the joined.
    pub fn steps(&self) -> [i64; 6] {
        [self.joined, self.rules, self.dm, self.intro, self.posted, self.checkin]
    }

    pub fn share(&self, step: i64) -> Option<f64> {
        logic::pct(step, self.joined)
    }

    pub fn qualified_pct(&self) -> Option<f64> {
        logic::pct(self.qualified, self.invited)
    }
}

pub async fn newcomers(r: &Report) -> sqlx::Result<Newcomers> {
    let [joined, rules, dm, intro, posted, checkin] =
        onboarding::store::funnel(&r.db, r.chat_id, r.since).await?.map(|n| n as i64);
    let (invited, qualified) = store::referral_conversion(&r.db, r.chat_id, r.since).await?;
    Ok(Newcomers { joined, rules, dm, intro, posted, checkin, invited, qualified })
}

/// Questions answered by members within 24 h, those the FAQ answered, and
/// whether only the help topic's questions were counted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Questions {
    pub answered: Answered,
    pub by_faq: i64,
    pub help_topic: bool,
}

pub async fn questions(r: &Report) -> sqlx::Result<Questions> {
    let help = topics::store::help_thread(&r.db, r.chat_id).await?;
    let answered = store::questions_answered(&r.db, r.chat_id, r.since, r.now, help).await?;
    let by_faq = notes::store::answered_since(&r.db, r.chat_id, r.since).await?;
    Ok(Questions { answered, by_faq, help_topic: help.is_some() })
}

/// Day-30 retention and the participants' and others' shares.
pub async fn retention(r: &Report) -> sqlx::Result<Retention> {
    store::retention(&r.db, r.chat_id, r.now).await
}

/// The last NPS poll, and the number and score of the previous one that had
/// responses.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Nps {
    pub last: Option<PollSummary>,
    pub previous: Option<(i64, i32)>,
}

impl Nps {
    /// The last poll's score minus the previous one's.
    pub fn change(&self) -> Option<i32> {
        Some(self.last.as_ref()?.nps()? - self.previous?.1)
    }
}

pub async fn nps(r: &Report) -> sqlx::Result<Nps> {
    let mut polls = nps::store::history(&r.db, r.chat_id).await?;
    let last = polls.pop();
    let previous = polls.iter().rev().find_map(|p| Some((p.number, p.nps()?)));
    Ok(Nps { last, previous })
}

/// The nudged members' reactivation beside the holdout's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Nudges {
    pub reactivation: Reactivation,
    /// Nudged minus holdout, in percentage points.
    pub diff: Option<f64>,
    /// Either group is below `logic::SMALL_SAMPLE`.
    pub small: bool,
}

impl Nudges {
    /// Nobody was nudged nor held out in the period.
    pub fn none(&self) -> bool {
        self.reactivation.nudged.nudged == 0 && self.reactivation.holdout.nudged == 0
    }
}

pub async fn nudges(r: &Report) -> sqlx::Result<Nudges> {
    let reactivation = nudges::store::reactivation(&r.db, r.chat_id, r.since).await?;
    let (n, h) = (reactivation.nudged, reactivation.holdout);
    let diff = nudges::logic::compare(&n, &h);
    let small = n.nudged < logic::SMALL_SAMPLE || h.nudged < logic::SMALL_SAMPLE;
    Ok(Nudges { reactivation, diff, small })
}

/// The ideas board over the period.
pub async fn ideas(r: &Report) -> sqlx::Result<IdeaStats> {
    ideas::store::stats(&r.db, r.chat_id, r.since).await
}

/// Every figure of the report at once (the dashboard's overview): the
/// sections', the default /stats customers' (`None` without a registry) and
/// the chart's days.
#[derive(Debug, Clone, PartialEq)]
pub struct Overview {
    pub members: Members,
    pub activity: Activity,
    pub newcomers: Newcomers,
    pub questions: Questions,
    pub retention: Retention,
    pub customers: Option<CustomersFigures>,
    pub nps: Nps,
    pub nudges: Nudges,
    pub ideas: IdeaStats,
    pub daily: Vec<store::Day>,
}

impl Overview {
    /// Nothing to tell yet: no post in the month or the period, no join,
    /// nobody here 30 days, no poll (a new chat, its admins only).
    pub fn is_empty(&self) -> bool {
        self.activity.engagement.mau == 0
            && self.activity.messages == 0
            && self.newcomers.joined == 0
            && self.retention.cohort == 0
            && self.nps.last.is_none()
    }
}

pub async fn overview(r: &Report) -> anyhow::Result<Overview> {
    let period = Period::from_days(r.days).unwrap_or(Period::Month);
    let (first, last) = report::chart_days(r.now, period);
    // Each figure is its own reads: on a pool of several connections they
    // run side by side (the dashboard's readers), on one they queue.
    let members = members(r).await?;
    let (daily, activity, newcomers, questions, retention, customers, nps, nudges, ideas) = tokio::try_join!(
        async {
            Ok::<_, anyhow::Error>(store::daily_from(&r.db, r.chat_id, first, last, members.now).await?)
        },
        async { Ok(activity(r).await?) },
        async { Ok(newcomers(r).await?) },
        async { Ok(questions(r).await?) },
        async { Ok(retention(r).await?) },
        customers_figures(&r.db, r.chat_id, r.now, CUSTOMER_DAYS_DEFAULT),
        async { Ok(nps(r).await?) },
        async { Ok(nudges(r).await?) },
        async { Ok(ideas(r).await?) },
    )?;
    Ok(Overview { daily, members, activity, newcomers, questions, retention, customers, nps, nudges, ideas })
}

/// A median duration in whole days and hours (rounded to the hour).
pub fn days_hours(d: chrono::Duration) -> (i64, i64) {
    let hours = (d.num_minutes().max(0) as f64 / 60.0).round() as i64;
    (hours / 24, hours % 24)
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::{db, i18n::Lang};

    #[test]
    fn small_helpers() {
        assert_eq!(messages_per_day(7, 30), 7.0 / 30.0);
        assert_eq!(messages_per_day(5, 0), 5.0);
        assert_eq!(days_hours(Duration::minutes(26 * 60 + 31)), (1, 3));
        assert_eq!(days_hours(Duration::minutes(-5)), (0, 0));
        let m = Members { now: 10, joined: 2, left: 5 };
        assert_eq!(m.net(), -3);
        let n = Newcomers { joined: 4, rules: 2, invited: 0, ..Newcomers::default() };
        assert_eq!(n.share(n.rules), Some(50.0));
        assert_eq!(n.qualified_pct(), None);
        assert_eq!(n.steps()[0], 4);
    }

    #[test]
    fn the_change_needs_both_scores() {
        let poll = |number, promoters| PollSummary {
            poll_id: number,
            number,
            opened_at: chrono::Utc::now(),
            closed_at: None,
            tally: nps::logic::Tally { promoters, passives: 0, detractors: 1 },
        };
        let nps = Nps { last: Some(poll(2, 1)), previous: Some((1, -100)) };
        assert_eq!(nps.change(), Some(100));
        assert_eq!(Nps { previous: None, ..nps.clone() }.change(), None);
        assert_eq!(Nps::default().change(), None);
    }

    /// A chat the bot has never seen: every figure is zero or absent, none fails.
    #[tokio::test]
    async fn an_empty_chat_has_figures_too() {
        let (_dir, pool) = db::scratch().await;
        let r = Report::new(pool, -100_999, chrono::Utc::now(), 30, Lang::En);
        assert_eq!(members(&r).await.unwrap(), Members::default());
        let a = activity(&r).await.unwrap();
        assert_eq!((a.engagement.mau, a.messages, a.segments.total()), (0, 0, 0));
        assert_eq!(a.engagement.stickiness(), None);
        assert_eq!(newcomers(&r).await.unwrap(), Newcomers::default());
        assert_eq!(questions(&r).await.unwrap().answered.asked, 0);
        assert_eq!(retention(&r).await.unwrap().cohort, 0);
        assert_eq!(nps(&r).await.unwrap(), Nps::default());
        assert!(nudges(&r).await.unwrap().none());
        assert_eq!(ideas(&r).await.unwrap().submitted, 0);
        let all = overview(&r).await.unwrap();
        assert!(all.is_empty() && all.customers.is_none());
        assert_eq!(all.daily.len(), 30);
    }
}
