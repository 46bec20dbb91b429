//! Analytics SQL. Every query is a range scan of an index for one chat
//! (members by last message or join date, member events by kind and date,
//! the daily activity rollup, questions by date): no scan of all messages.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use teloxide::types::ChatId;

use super::{
    csv::Table,
    logic::{self, Answered, Engagement, Retention, Segments},
};
use crate::{
    db::{Db, ts},
    features::{moderation, nudges::logic::SegmentRules, trust},
    settings::{Registry, SettingsCache},
};

fn day(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

const PRESENT: &str = "status NOT IN ('left', 'kicked')";

/// Members present now (as far as the bot knows).
pub async fn members_now(db: &Db, chat_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM members WHERE chat_id = ? AND {PRESENT}"))
        .bind(chat_id)
        .fetch_one(db)
        .await
}

/// Joins and leaves since `since`.
pub async fn joins_and_leaves(db: &Db, chat_id: i64, since: DateTime<Utc>) -> sqlx::Result<(i64, i64)> {
    let count = |kind: &'static str| {
        sqlx::query_scalar::<_, i64>(
            "SELECT COUNT(*) FROM member_events WHERE chat_id = ? AND kind = ? AND at >= ?",
        )
        .bind(chat_id)
        .bind(kind)
        .bind(ts(since))
        .fetch_one(db)
    };
    Ok((count("joined").await?, count("left").await?))
}

/// DAU, WAU, MAU at `now`: members whose last message is within the trailing
/// 1, 7, 30 days (the last message is the latest, so "posted in the window"
/// is "the last post is in it"): one index range, the month's.
pub async fn engagement(db: &Db, chat_id: i64, now: DateTime<Utc>) -> sqlx::Result<Engagement> {
    let ago = |days: i64| ts(now - Duration::days(days));
    let (dau, wau, mau): (i64, i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(last_message_at > ?2), 0), COALESCE(SUM(last_message_at > ?3), 0), COUNT(*)
         FROM members WHERE chat_id = ?1 AND last_message_at > ?4",
    )
    .bind(chat_id)
    .bind(ago(1))
    .bind(ago(7))
    .bind(ago(30))
    .fetch_one(db)
    .await?;
    Ok(Engagement { dau, wau, mau })
}

/// Messages from `since`'s day on (the chat's daily rollup).
pub async fn messages_since(db: &Db, chat_id: i64, since: DateTime<Utc>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COALESCE(SUM(messages), 0) FROM chat_days WHERE chat_id = ? AND day >= ?")
        .bind(chat_id)
        .bind(day(since))
        .fetch_one(db)
        .await
}

/// Present members by silence, counted from the later of the last post and
/// the join (the first sighting when the join is unknown), with the
/// thresholds of the silent-member rules. One pass, one bucket per member.
pub async fn segments(
    db: &Db,
    chat_id: i64,
    now: DateTime<Utc>,
    rules: &SegmentRules,
) -> sqlx::Result<Segments> {
    let at_risk = ts(now - Duration::days(i64::from(rules.active_days)));
    let silent = ts(now - Duration::days(i64::from(rules.silent_days)));
    let gone = ts(now - Duration::days(i64::from(rules.goodbye_days)));
    let rows: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT CASE WHEN q > ?2 THEN 0 WHEN q > ?3 THEN 1 WHEN q > ?4 THEN 2 ELSE 3 END AS bucket, COUNT(*)
         FROM (SELECT MAX(COALESCE(joined_at, first_seen_at), COALESCE(last_message_at, '')) AS q
               FROM members WHERE chat_id = ?1 AND {PRESENT})
         GROUP BY bucket"
    ))
    .bind(chat_id)
    .bind(at_risk)
    .bind(silent)
    .bind(gone)
    .fetch_all(db)
    .await?;
    let mut seg = Segments::default();
    for (bucket, n) in rows {
        match bucket {
            0 => seg.active = n,
            1 => seg.at_risk = n,
            2 => seg.silent = n,
            _ => seg.gone = n,
        }
    }
    // Archived members (the nudges said goodbye) stopped posting long ago:
    // they are counted apart from the rest of the gone.
    let archived: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM nudge_members WHERE chat_id = ? AND segment = 'archived'")
            .bind(chat_id)
            .fetch_one(db)
            .await?;
    seg.archived = archived.min(seg.gone);
    seg.gone -= seg.archived;
    Ok(seg)
}

/// The chat's segment thresholds (`active_days`, `silent_days`,
/// `goodbye_days`), as the nudges read them.
pub async fn segment_rules(db: &Db, chat_id: i64) -> sqlx::Result<SegmentRules> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT key, value FROM chat_settings
         WHERE chat_id = ? AND key IN ('active_days', 'silent_days', 'goodbye_days')",
    )
    .bind(chat_id)
    .fetch_all(db)
    .await?;
    let defaults = SegmentRules::default();
    let day = |key: &str, fallback: u32| {
        rows.iter().find(|(k, _)| k == key).and_then(|(_, v)| v.parse::<u32>().ok()).unwrap_or(fallback)
    };
    Ok(SegmentRules::ordered(
        day("active_days", defaults.active_days),
        day("silent_days", defaults.silent_days),
        day("goodbye_days", defaults.goodbye_days),
    ))
}

/// How the questions asked from `since`'s day on were answered: the daily
/// rollup's rows by answer minute (`question_days`, kept by the messages
/// triggers), less the questions of the last 24 h that nobody else has
/// replied to yet (still open: a seek per question of the last day).
/// With `thread`, only the questions asked in that forum topic (the help
/// topic) count.
pub async fn questions_answered(
    db: &Db,
    chat_id: i64,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    thread: Option<i32>,
) -> sqlx::Result<Answered> {
    let in_thread = if thread.is_some() { " AND thread_id = ?3" } else { "" };
    let by_minute: Vec<(i64, i64)> = sqlx::query_as(&format!(
        "SELECT answer_minute, SUM(questions) FROM question_days
         WHERE chat_id = ?1 AND day >= ?2{in_thread} GROUP BY answer_minute"
    ))
    .bind(chat_id)
    .bind(day(since))
    .bind(thread)
    .fetch_all(db)
    .await?;
    let open: i64 = sqlx::query_scalar(&open_questions_sql(thread.is_some()))
        .bind(chat_id)
        .bind(ts(now - Duration::hours(24)))
        .bind(day(since))
        .bind(thread)
        .fetch_one(db)
        .await?;
    Ok(logic::answered(&by_minute, open))
}

/// Questions asked after ?2 (and on ?3's day or later) that no other
/// member has replied to.
fn open_questions_sql(in_thread: bool) -> String {
    let in_thread = if in_thread { " AND q.thread_id = ?4" } else { "" };
    format!(
        "SELECT COUNT(*) FROM messages q
         WHERE q.chat_id = ?1 AND q.is_question = 1 AND q.sent_at > ?2 AND q.sent_at >= ?3{in_thread}
           AND NOT EXISTS (SELECT 1 FROM messages r
                           WHERE r.chat_id = q.chat_id AND r.reply_to_message_id = q.message_id
                             AND r.user_id <> q.user_id)"
    )
}

/// Day-30 retention of the members whose (latest) join the bot saw at least
/// 30 days before `now`; participants posted within 14 days of joining. The
/// first post after the join is the onboarding row's (kept by the messages
/// trigger), read in the same pass; only members without a row, or whose
/// row predates a rejoin, cost a seek into their messages. Grouped by the
/// three flags so that each is computed once per member.
pub async fn retention(db: &Db, chat_id: i64, now: DateTime<Utc>) -> sqlx::Result<Retention> {
    let rows: Vec<(bool, bool, bool, i64)> = sqlx::query_as(
        "SELECT stayed, posting, part, COUNT(*) FROM (
             SELECT (m.left_at IS NULL OR m.left_at < m.joined_at OR julianday(m.left_at) >= jd + 30) AS stayed,
                    COALESCE(julianday(m.last_message_at) >= jd + 30, 0) AS posting,
                    COALESCE(julianday(CASE WHEN o.user_id IS NULL OR o.first_message_at < m.joined_at
                        THEN (SELECT MIN(x.sent_at) FROM messages x
                              WHERE x.chat_id = m.chat_id AND x.user_id = m.user_id AND x.sent_at >= m.joined_at)
                        ELSE o.first_message_at END) < jd + 14, 0) AS part
             FROM (SELECT chat_id, user_id, joined_at, left_at, last_message_at, julianday(joined_at) AS jd
                   FROM members WHERE chat_id = ? AND joined_at IS NOT NULL AND joined_at <= ?) m
             LEFT JOIN onboarding o ON o.chat_id = m.chat_id AND o.user_id = m.user_id)
         GROUP BY 1, 2, 3",
    )
    .bind(chat_id)
    .bind(ts(now - Duration::days(30)))
    .fetch_all(db)
    .await?;
    let mut r = Retention::default();
    for (stayed, posting, part, n) in rows {
        let stayed_n = if stayed { n } else { 0 };
        r.cohort += n;
        r.stayed += stayed_n;
        r.posting += if posting { n } else { 0 };
        if part {
            r.participants += n;
            r.participants_stayed += stayed_n;
        } else {
            r.others += n;
            r.others_stayed += stayed_n;
        }
    }
    Ok(r)
}

/// Referrals of newcomers who joined since `since`: (joined by referral, qualified).
pub async fn referral_conversion(db: &Db, chat_id: i64, since: DateTime<Utc>) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(status = 'qualified'), 0) FROM referrals
         WHERE chat_id = ? AND joined_at >= ? AND COALESCE(void_reason, '') NOT IN ('self_referral', 'rejoin')",
    )
    .bind(chat_id)
    .bind(ts(since))
    .fetch_one(db)
    .await
}

/// One day of the overview chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Day {
    pub day: NaiveDate,
    pub members: i64,
    pub dau: i64,
    pub messages: i64,
}

/// Day by day from `first` to `last` (inclusive): members present at the
/// end of the day (today's count walked back through joins and leaves),
/// distinct posters and messages (the chat's daily rollup).
pub async fn daily(db: &Db, chat_id: i64, first: NaiveDate, last: NaiveDate) -> sqlx::Result<Vec<Day>> {
    let now = members_now(db, chat_id).await?;
    daily_from(db, chat_id, first, last, now).await
}

/// `daily`, given the members present now (`members_now`, when the caller
/// has it already: the count is a pass over the chat's members).
pub async fn daily_from(
    db: &Db,
    chat_id: i64,
    first: NaiveDate,
    last: NaiveDate,
    now: i64,
) -> sqlx::Result<Vec<Day>> {
    let from = first.format("%Y-%m-%d").to_string();
    let activity: Vec<(String, i64, i64)> =
        sqlx::query_as("SELECT day, posters, messages FROM chat_days WHERE chat_id = ? AND day >= ?")
            .bind(chat_id)
            .bind(&from)
            .fetch_all(db)
            .await?;
    let events: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT kind, substr(at, 1, 10) AS d, COUNT(*) FROM member_events
         WHERE chat_id = ? AND kind IN ('joined', 'left') AND at >= ? GROUP BY kind, d",
    )
    .bind(chat_id)
    .bind(&from)
    .fetch_all(db)
    .await?;
    let parse = |d: &str| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    let mut days = Vec::new();
    let mut d = first;
    while d <= last {
        days.push(Day { day: d, members: 0, dau: 0, messages: 0 });
        d += Duration::days(1);
    }
    for (d, dau, messages) in activity {
        if let Some(slot) = parse(&d).and_then(|d| days.iter_mut().find(|x| x.day == d)) {
            slot.dau = dau;
            slot.messages = messages;
        }
    }
    // Members at the end of day d = now − joins after d + leaves after d.
    let mut net_after: i64 = 0;
    for slot in days.iter_mut().rev() {
        slot.members = (now - net_after).max(0);
        for (kind, d, n) in &events {
            if parse(d) == Some(slot.day) {
                net_after += if kind == "joined" { *n } else { -*n };
            }
        }
    }
    Ok(days)
}

/// Weekly join cohorts since `since`: (Monday of the week, members who joined).
pub async fn cohort_sizes(
    db: &Db,
    chat_id: i64,
    since: DateTime<Utc>,
) -> sqlx::Result<Vec<(NaiveDate, i64)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT date(joined_at, 'weekday 0', '-6 days') AS w, COUNT(*) FROM members
         WHERE chat_id = ? AND joined_at >= ? GROUP BY w",
    )
    .bind(chat_id)
    .bind(ts(since))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(w, n)| Some((NaiveDate::parse_from_str(&w, "%Y-%m-%d").ok()?, n)))
        .collect())
}

/// For each cohort since `since` and each week since joining: how many of
/// its members posted in that week.
pub async fn cohort_activity(
    db: &Db,
    chat_id: i64,
    since: DateTime<Utc>,
) -> sqlx::Result<Vec<(NaiveDate, i64, i64)>> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT c.w, CAST((julianday(x.sent_at) - julianday(c.joined_at)) / 7 AS INTEGER) AS k,
                COUNT(DISTINCT c.user_id)
         FROM (SELECT user_id, joined_at, date(joined_at, 'weekday 0', '-6 days') AS w FROM members
               WHERE chat_id = ?1 AND joined_at >= ?2) c
         JOIN messages x ON x.chat_id = ?1 AND x.user_id = c.user_id AND x.sent_at >= c.joined_at
         GROUP BY c.w, k",
    )
    .bind(chat_id)
    .bind(ts(since))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(w, k, n)| Some((NaiveDate::parse_from_str(&w, "%Y-%m-%d").ok()?, k, n)))
        .collect())
}

// ---- exports ------------------------------------------------------------------

fn text(v: Option<String>) -> String {
    v.unwrap_or_default()
}

/// The settings a member's trust level is computed with (the thresholds and
/// the warnings' expiry), read without the bot's cache.
const TRUST_SETTINGS: Registry = Registry(&[trust::SETTINGS, moderation::SETTINGS]);

/// The columns of the members export, in `MemberExportRow`'s order, with
/// its `FROM` (`m` the members, `u` the users): the dashboard's CSV selects
/// them with its own filters and order.
pub const MEMBER_EXPORT_SELECT: &str =
    "SELECT m.user_id, u.first_name, u.last_name, u.username, m.status, m.joined_at, m.left_at,
            m.first_seen_at, m.last_message_at, m.message_count
     FROM members m LEFT JOIN users u ON u.user_id = m.user_id";

/// One member as `MEMBER_EXPORT_SELECT` reads it.
pub type MemberExportRow = (
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    i64,
);

/// Everyone the bot has seen in the chat, with their trust level now.
pub async fn export_members(db: &Db, chat_id: i64) -> sqlx::Result<Table> {
    let sql = format!("{MEMBER_EXPORT_SELECT} WHERE m.chat_id = ? ORDER BY m.user_id");
    let rows: Vec<MemberExportRow> = sqlx::query_as(&sql).bind(chat_id).fetch_all(db).await?;
    members_table(db, chat_id, rows).await
}

/// The members export's header and cells for `rows` (in their order), with
/// each member's trust level: `/export members` and the dashboard's CSV.
pub async fn members_table(db: &Db, chat_id: i64, rows: Vec<MemberExportRow>) -> sqlx::Result<Table> {
    let header = vec![
        "user_id",
        "first_name",
        "last_name",
        "username",
        "status",
        "joined_at",
        "left_at",
        "first_seen_at",
        "last_message_at",
        "messages",
        "trust_level",
    ];
    let settings = SettingsCache::new(TRUST_SETTINGS).get(db, chat_id).await?;
    let levels = trust::chat_levels(db, ChatId(chat_id), &settings, Utc::now()).await?;
    let rows = rows
        .into_iter()
        .map(|r| {
            let level = levels.get(&r.0).copied().unwrap_or_default().number().to_string();
            vec![
                r.0.to_string(),
                text(r.1),
                text(r.2),
                text(r.3),
                r.4,
                text(r.5),
                text(r.6),
                r.7,
                text(r.8),
                r.9.to_string(),
                level,
            ]
        })
        .collect();
    Ok((header, rows))
}

/// The daily activity rollup: one row per member per day with a post.
pub async fn export_activity(db: &Db, chat_id: i64) -> sqlx::Result<Table> {
    type Row = (String, i64, Option<String>, Option<String>, i64);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT a.day, a.user_id, u.first_name, u.username, a.messages
         FROM activity_daily a LEFT JOIN users u ON u.user_id = a.user_id
         WHERE a.chat_id = ? ORDER BY a.day, a.user_id",
    )
    .bind(chat_id)
    .fetch_all(db)
    .await?;
    let header = vec!["day", "user_id", "first_name", "username", "messages"];
    let rows =
        rows.into_iter().map(|r| vec![r.0, r.1.to_string(), text(r.2), text(r.3), r.4.to_string()]).collect();
    Ok((header, rows))
}

/// Every referral: who came, who invited them, how it ended.
pub async fn export_referrals(db: &Db, chat_id: i64) -> sqlx::Result<Table> {
    type Row =
        (i64, Option<String>, i64, Option<String>, String, String, String, Option<String>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT r.user_id, n.first_name, r.referrer_id, p.first_name, r.via, r.joined_at, r.status,
                r.void_reason, r.settled_at
         FROM referrals r LEFT JOIN users n ON n.user_id = r.user_id LEFT JOIN users p ON p.user_id = r.referrer_id
         WHERE r.chat_id = ? ORDER BY r.joined_at, r.user_id",
    )
    .bind(chat_id)
    .fetch_all(db)
    .await?;
    let header = vec![
        "newcomer_id",
        "newcomer_name",
        "referrer_id",
        "referrer_name",
        "via",
        "joined_at",
        "status",
        "void_reason",
        "settled_at",
    ];
    let rows = rows
        .into_iter()
        .map(|r| {
            vec![r.0.to_string(), text(r.1), r.2.to_string(), text(r.3), r.4, r.5, r.6, text(r.7), text(r.8)]
        })
        .collect();
    Ok((header, rows))
}

#[cfg(test)]
mod tests {
    use super::open_questions_sql;

    /// The open questions of the last day come from the partial questions
    /// index (the topic is a filter on the rows it selects), each one's
    /// replies from the replies index: no scan.
    #[tokio::test]
    async fn open_questions_use_the_indexes() {
        let (_dir, db) = crate::db::scratch().await;
        for in_thread in [false, true] {
            let sql = format!("EXPLAIN QUERY PLAN {}", open_questions_sql(in_thread));
            let rows: Vec<(i64, i64, i64, String)> =
                sqlx::query_as(&sql).bind(1).bind("2026").bind("2026").bind(7).fetch_all(&db).await.unwrap();
            let plan = rows.into_iter().map(|r| r.3).collect::<Vec<_>>().join("\n");
            assert!(plan.contains("messages_questions"), "{plan}");
            assert!(plan.contains("messages_reply"), "{plan}");
            assert!(!plan.lines().any(|l| l.starts_with("SCAN")), "{plan}");
        }
        db.close().await;
    }

    /// The rollups the triggers keep answer as the messages themselves do:
    /// the chart's days equal activity_daily summed, and the questions'
    /// minutes follow only the first reply by someone else, within 24 h.
    #[tokio::test]
    async fn the_daily_rollups_follow_the_messages() {
        use chrono::Duration;

        use super::*;
        use crate::{
            ingest::record::{SeenMessage, record_messages},
            kernel::members::testing::{CHAT, chat, posts, t0},
        };
        let (_dir, db) = crate::db::scratch().await;
        chat(&db).await;
        posts(&db, 1, 3, 0).await;
        posts(&db, 2, 2, 1).await;
        let now = t0() + Duration::hours(1);
        let msg = |id: i32,
                   user: i64,
                   minutes_ago: i64,
                   reply_to: Option<i32>,
                   question: bool,
                   thread: Option<i32>| {
            SeenMessage {
                chat_id: CHAT.0,
                message_id: id,
                user_id: user,
                at: now - Duration::minutes(minutes_ago),
                thread_id: thread,
                reply_to_message_id: reply_to,
                reply_to_user_id: None,
                is_question: question,
                is_post: true,
            }
        };
        let day = 24 * 60;
        let batch = [
            // Asked 3 days ago; the asker's own reply does not answer it,
            // another member's 90 minutes later does, a third reply moves nothing.
            msg(100, 1, 3 * day, None, true, None),
            msg(101, 1, 3 * day - 10, Some(100), false, None),
            msg(102, 2, 3 * day - 90, Some(100), false, None),
            msg(103, 3, 3 * day - 120, Some(100), false, None),
            // Answered after 30 hours: too late, unanswered.
            msg(110, 2, 3 * day - 200, None, true, None),
            msg(111, 1, 3 * day - 200 - 30 * 60, Some(110), false, None),
            // Never answered, had its day.
            msg(120, 3, day + 60, None, true, None),
            // Asked an hour ago: open; asked two hours ago, answered: counts.
            msg(130, 2, 60, None, true, None),
            msg(140, 3, 120, None, true, Some(7)),
            msg(141, 1, 100, Some(140), false, Some(7)),
        ];
        let mut conn = db.acquire().await.unwrap();
        record_messages(&mut conn, &batch).await.unwrap();
        // A replayed batch changes nothing.
        record_messages(&mut conn, &batch).await.unwrap();
        drop(conn);

        let rolled: Vec<(String, i64, i64)> =
            sqlx::query_as("SELECT day, posters, messages FROM chat_days WHERE chat_id = ? ORDER BY day")
                .bind(CHAT.0)
                .fetch_all(&db)
                .await
                .unwrap();
        let summed: Vec<(String, i64, i64)> = sqlx::query_as(
            "SELECT day, COUNT(*), SUM(messages) FROM activity_daily WHERE chat_id = ? GROUP BY day ORDER BY day",
        )
        .bind(CHAT.0)
        .fetch_all(&db)
        .await
        .unwrap();
        assert_eq!(rolled, summed);
        assert!(
            rolled.iter().any(|&(_, posters, messages)| posters >= 2 && messages > posters),
            "{rolled:?}"
        );

        let since = now - Duration::days(7);
        let a = questions_answered(&db, CHAT.0, since, now, None).await.unwrap();
        // Four questions had their day or an answer (the fifth is open):
        // two answered, after 90 and 20 minutes.
        assert_eq!((a.asked, a.answered), (4, 2), "{a:?}");
        assert_eq!(a.median_secs, Some((90.0 + 20.0) * 60.0 / 2.0));
        let in_topic = questions_answered(&db, CHAT.0, since, now, Some(7)).await.unwrap();
        assert_eq!((in_topic.asked, in_topic.answered, in_topic.median_secs), (1, 1, Some(1200.0)));
        // From two days back (that day on): the unanswered one and the two
        // young ones, one of them open.
        let recent = questions_answered(&db, CHAT.0, now - Duration::days(2), now, None).await.unwrap();
        assert_eq!((recent.asked, recent.answered), (2, 1), "{recent:?}");
        db.close().await;
    }

    /// /stats reads what every room wrote: joins and leaves (the kernel),
    /// messages through the triggers (ingest), referrals: one small
    /// community whose numbers are known.
    #[tokio::test]
    async fn the_overview_counts_what_every_room_recorded() {
        use chrono::Duration;
        use teloxide::types::UserId;

        use super::*;
        use crate::kernel::members::{
            store::record_leave,
            testing::{CHAT, chat, joined, posts, t0},
        };
        let (_dir, db) = crate::db::scratch().await;
        chat(&db).await;
        for user in [1, 2, 3, 4] {
            joined(&db, user, 40).await;
        }
        joined(&db, 5, 3).await;
        posts(&db, 1, 3, 0).await; // today and the two days before
        posts(&db, 2, 1, 5).await; // last week
        posts(&db, 3, 1, 20).await; // this month
        posts(&db, 4, 1, 35).await; // before the month
        // Day-30 retention: leaving 25 days after joining is not staying.
        record_leave(&db, CHAT, UserId(4), t0() - Duration::days(15), "left").await.unwrap();
        sqlx::query(
            "INSERT INTO referrals (chat_id, user_id, referrer_id, via, joined_at, status)
             VALUES (?1, 5, 1, 'link', ?2, 'qualified'), (?1, 6, 1, 'link', ?2, 'pending')",
        )
        .bind(CHAT.0)
        .bind(ts(t0() - Duration::days(3)))
        .execute(&db)
        .await
        .unwrap();

        let now = t0() + Duration::hours(1);
        assert_eq!(members_now(&db, CHAT.0).await.unwrap(), 4);
        assert_eq!(joins_and_leaves(&db, CHAT.0, now - Duration::days(30)).await.unwrap(), (1, 1));
        let e = engagement(&db, CHAT.0, now).await.unwrap();
        assert_eq!((e.dau, e.wau, e.mau), (1, 2, 3));
        assert_eq!(messages_since(&db, CHAT.0, now - Duration::days(7)).await.unwrap(), 4);
        assert_eq!(referral_conversion(&db, CHAT.0, now - Duration::days(30)).await.unwrap(), (2, 1));
        // The 30-day cohort: the four who joined 40 days ago, one of whom left.
        let r = retention(&db, CHAT.0, now).await.unwrap();
        assert_eq!((r.cohort, r.stayed), (4, 3));
    }
}
