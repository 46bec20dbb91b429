//! The nudges' SQL. Segments move with a few indexed UPDATEs per chat (the
//! members' `quiet_since` follows their posts and joins by trigger, see
//! migrations/0012); due nudges are an index range on `next_at`.

use chrono::{DateTime, Duration, Utc};

use super::logic::{LadderStep, ReactivationRate, Segment, SegmentRules, Steps, SurveyAnswer};
use crate::db::{Db, ts};

/// Groups the bot is in.
pub async fn chats(db: &Db) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT chat_id FROM chats WHERE kind IN ('group', 'supergroup')
           AND bot_status NOT IN ('left', 'kicked') ORDER BY chat_id",
    )
    .fetch_all(db)
    .await
}

/// Moves a chat's members to the segment their silence puts them in. Each
/// statement reads only the rows that cross a threshold (index on
/// `(chat_id, segment, quiet_since)`). A member who enters Silent or Gone is
/// due for a look by the ladder at once.
///
/// At most `cap` members move forward: after a mass event (the bot meeting
/// a big group, a long outage) segments catch up over a few ticks instead of
/// one long one.
pub async fn update_segments(
    db: &Db,
    chat_id: i64,
    rules: &SegmentRules,
    now: DateTime<Utc>,
    cap: i64,
) -> sqlx::Result<u64> {
    let cut = |d: u32| ts(now - Duration::days(i64::from(d)));
    let (active, silent, gone) = (cut(rules.active_days), cut(rules.silent_days), cut(rules.goodbye_days));
    let now_s = ts(now);
    let mut tx = crate::db::begin_write(db).await?;
    let mut moved = 0;
    // Forward: gone, then silent, then at risk (a member moves once).
    let forward: [(&str, &str, &str, bool); 3] = [
        ("gone", "('active', 'at_risk', 'silent')", &gone, true),
        ("silent", "('active', 'at_risk')", &silent, true),
        ("at_risk", "('active')", &active, false),
    ];
    for (to, from, cutoff, look) in forward {
        let left = cap - moved as i64;
        if left <= 0 {
            break;
        }
        let next = if look { "?1" } else { "next_at" };
        let sql = format!(
            "UPDATE nudge_members SET segment = '{to}', next_at = {next}
             WHERE chat_id = ?2 AND user_id IN (
                 SELECT user_id FROM nudge_members
                 WHERE chat_id = ?2 AND segment IN {from} AND quiet_since <= ?3 LIMIT ?4)"
        );
        moved += sqlx::query(&sql)
            .bind(&now_s)
            .bind(chat_id)
            .bind(cutoff)
            .bind(left)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    }
    // Back (thresholds raised by /set): silence counted afresh is shorter.
    let back: [(&str, &str, &str); 3] = [
        ("active", "('at_risk', 'silent', 'gone')", &active),
        ("at_risk", "('silent', 'gone')", &silent),
        ("silent", "('gone')", &gone),
    ];
    for (to, from, cutoff) in back {
        let sql = format!(
            "UPDATE nudge_members SET segment = '{to}'
             WHERE chat_id = ?1 AND segment IN {from} AND quiet_since > ?2"
        );
        moved += sqlx::query(&sql).bind(chat_id).bind(cutoff).execute(&mut *tx).await?.rows_affected();
    }
    tx.commit().await?;
    Ok(moved)
}

/// Due members the bot must not DM (DM not open, or opted out) leave the
/// queue in one statement; /start or `/nudges on` puts them back.
pub async fn drop_undeliverable(db: &Db, chat_id: i64, now: DateTime<Utc>, cap: i64) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE nudge_members SET next_at = NULL
         WHERE chat_id = ?1 AND user_id IN (
               SELECT user_id FROM nudge_members WHERE chat_id = ?1 AND next_at IS NOT NULL AND next_at <= ?2
               ORDER BY next_at LIMIT ?3)
           AND (user_id IN (SELECT user_id FROM nudge_optouts)
                OR NOT EXISTS (SELECT 1 FROM users u WHERE u.user_id = nudge_members.user_id AND u.dm_open = 1)
                OR EXISTS (SELECT 1 FROM members m WHERE m.chat_id = nudge_members.chat_id
                           AND m.user_id = nudge_members.user_id AND m.status IN ('creator', 'administrator')))",
    )
    .bind(chat_id)
    .bind(ts(now))
    .bind(cap)
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// A member the ladder looks at.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Due {
    pub user_id: i64,
    pub segment: String,
    pub quiet_since: String,
    pub silence_started_at: Option<String>,
    pub steps: i64,
    pub last_nudge_at: Option<String>,
    pub holdout: Option<bool>,
}

/// Due members among the earliest `limit` (the window
/// [`drop_undeliverable`] just checked), so the work stays bounded.
pub async fn due(db: &Db, chat_id: i64, now: DateTime<Utc>, limit: i64) -> sqlx::Result<Vec<Due>> {
    sqlx::query_as(
        "SELECT n.user_id, n.segment, n.quiet_since, n.silence_started_at, n.steps, n.last_nudge_at, n.holdout
         FROM nudge_members n
         WHERE n.chat_id = ?1 AND n.user_id IN (
               SELECT user_id FROM nudge_members WHERE chat_id = ?1 AND next_at IS NOT NULL AND next_at <= ?2
               ORDER BY next_at LIMIT ?4)
           AND EXISTS (SELECT 1 FROM users u WHERE u.user_id = n.user_id AND u.dm_open = 1)
           AND n.user_id NOT IN (SELECT user_id FROM nudge_optouts)
         ORDER BY n.next_at LIMIT ?3",
    )
    .bind(chat_id)
    .bind(ts(now))
    .bind(limit)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// What the ladder decided for one member.
pub enum Decision {
    /// Send `step` now: recorded here, the DM queued in the outbox.
    Send { step: LadderStep, steps: Steps, silence_started_at: DateTime<Utc>, next_at: Option<DateTime<Utc>> },
    /// In the holdout: record that they would have been nudged, never look again this silence.
    Holdout { first_time: bool },
    /// Nothing now; look again at `next_at`.
    Wait { next_at: Option<DateTime<Utc>>, holdout: bool },
}

/// Applies the decisions of one batch in one transaction. The DM is queued
/// only if the row is still in the state it was read in (a post in between
/// wins), and at most once per (member, step, silence).
pub async fn apply(
    db: &Db,
    chat_id: i64,
    now: DateTime<Utc>,
    decisions: &[(Due, Decision)],
) -> sqlx::Result<usize> {
    let now_s = ts(now);
    let mut queued = 0;
    let mut tx = crate::db::begin_write(db).await?;
    for (row, decision) in decisions {
        match decision {
            Decision::Send { step, steps, silence_started_at, next_at } => {
                let done = sqlx::query(
                    "UPDATE nudge_members SET steps = ?, last_nudge_at = ?, silence_started_at = ?,
                         next_at = ?, holdout = 0
                     WHERE chat_id = ? AND user_id = ? AND quiet_since = ? AND steps = ?",
                )
                .bind(i64::from(steps.bits()))
                .bind(&now_s)
                .bind(ts(*silence_started_at))
                .bind(next_at.map(ts))
                .bind(chat_id)
                .bind(row.user_id)
                .bind(&row.quiet_since)
                .bind(row.steps)
                .execute(&mut *tx)
                .await?;
                if done.rows_affected() != 1 {
                    continue;
                }
                let inserted = sqlx::query(
                    "INSERT OR IGNORE INTO nudge_outbox (chat_id, user_id, step, silence_key, created_at)
                     VALUES (?, ?, ?, ?, ?)",
                )
                .bind(chat_id)
                .bind(row.user_id)
                .bind(step.as_str())
                .bind(&row.quiet_since)
                .bind(&now_s)
                .execute(&mut *tx)
                .await?;
                queued += inserted.rows_affected() as usize;
                if *step == LadderStep::First {
                    cohort(&mut tx, chat_id, row.user_id, &now_s, false).await?;
                }
            }
            Decision::Holdout { first_time } => {
                sqlx::query(
                    "UPDATE nudge_members SET holdout = 1, steps = 7, next_at = NULL
                     WHERE chat_id = ? AND user_id = ? AND quiet_since = ?",
                )
                .bind(chat_id)
                .bind(row.user_id)
                .bind(&row.quiet_since)
                .execute(&mut *tx)
                .await?;
                if *first_time {
                    cohort(&mut tx, chat_id, row.user_id, &now_s, true).await?;
                }
            }
            Decision::Wait { next_at, holdout } => {
                sqlx::query(
                    "UPDATE nudge_members SET next_at = ?, holdout = ?
                     WHERE chat_id = ? AND user_id = ? AND quiet_since = ?",
                )
                .bind(next_at.map(ts))
                .bind(holdout)
                .bind(chat_id)
                .bind(row.user_id)
                .bind(&row.quiet_since)
                .execute(&mut *tx)
                .await?;
            }
        }
    }
    tx.commit().await?;
    Ok(queued)
}

async fn cohort(
    tx: &mut sqlx::SqliteConnection,
    chat_id: i64,
    user_id: i64,
    at: &str,
    holdout: bool,
) -> sqlx::Result<()> {
    sqlx::query("INSERT OR IGNORE INTO nudge_cohort (chat_id, user_id, at, holdout) VALUES (?, ?, ?, ?)")
        .bind(chat_id)
        .bind(user_id)
        .bind(at)
        .bind(holdout)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

// ---- the outbox --------------------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Outgoing {
    pub id: i64,
    pub chat_id: i64,
    pub user_id: i64,
    pub step: String,
}

/// DMs a previous process was sending when it stopped: never sent again
/// (a DM twice is worse than one lost).
pub async fn abandon_in_flight(db: &Db) -> sqlx::Result<u64> {
    let done =
        sqlx::query("UPDATE nudge_outbox SET state = 'failed' WHERE state = 'sending'").execute(db).await?;
    Ok(done.rows_affected())
}

pub async fn queued(db: &Db, limit: i64) -> sqlx::Result<Vec<Outgoing>> {
    sqlx::query_as(
        "SELECT id, chat_id, user_id, step FROM nudge_outbox WHERE state = 'queued' ORDER BY id LIMIT ?",
    )
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Takes one queued DM for sending; `false` if it was already taken.
pub async fn take(db: &Db, id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE nudge_outbox SET state = 'sending' WHERE id = ? AND state = 'queued'")
        .bind(id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn finish(db: &Db, id: i64, state: &str, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE nudge_outbox SET state = ?1, sent_at = CASE WHEN ?1 = 'deferred' THEN NULL ELSE ?2 END WHERE id = ?3")
        .bind(state)
        .bind(ts(at))
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// DMs held back by quiet hours go back in the queue.
pub async fn requeue_deferred(db: &Db, chat_id: i64) -> sqlx::Result<u64> {
    let done =
        sqlx::query("UPDATE nudge_outbox SET state = 'queued' WHERE chat_id = ? AND state = 'deferred'")
            .bind(chat_id)
            .execute(db)
            .await?;
    Ok(done.rows_affected())
}

/// The goodbye went out: no more nudges.
pub async fn archive(db: &Db, chat_id: i64, user_id: i64, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE nudge_members SET segment = 'archived', archived_at = ?, next_at = NULL
         WHERE chat_id = ? AND user_id = ? AND segment = 'gone'",
    )
    .bind(ts(at))
    .bind(chat_id)
    .bind(user_id)
    .execute(db)
    .await?;
    Ok(())
}

/// Archived members not yet removed (for the `prune` setting).
pub async fn unpruned(db: &Db, chat_id: i64, limit: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT user_id FROM nudge_members WHERE chat_id = ? AND segment = 'archived' AND pruned_at IS NULL
         ORDER BY archived_at LIMIT ?",
    )
    .bind(chat_id)
    .bind(limit)
    .fetch_all(db)
    .await
}

pub async fn mark_pruned(db: &Db, chat_id: i64, user_id: i64, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE nudge_members SET pruned_at = ? WHERE chat_id = ? AND user_id = ?")
        .bind(ts(at))
        .bind(chat_id)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

// ---- members, survey, opt-out --------------------------------------------------

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Member {
    pub segment: String,
    pub steps: i64,
    pub silence_started_at: Option<String>,
    pub survey_at: Option<String>,
}

pub async fn member(db: &Db, chat_id: i64, user_id: i64) -> sqlx::Result<Option<Member>> {
    sqlx::query_as(
        "SELECT segment, steps, silence_started_at, survey_at FROM nudge_members WHERE chat_id = ? AND user_id = ?",
    )
    .bind(chat_id)
    .bind(user_id)
    .fetch_optional(db)
    .await
}

/// Stores a survey answer to the First nudge of the current silence, once;
/// `false` if there is no such nudge or it was already answered.
pub async fn answer_survey(
    db: &Db,
    chat_id: i64,
    user_id: i64,
    answer: SurveyAnswer,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE nudge_members SET survey_answer = ?, survey_text = NULL, survey_at = ?
         WHERE chat_id = ? AND user_id = ? AND (steps & 1) = 1 AND silence_started_at IS NOT NULL
           AND (survey_at IS NULL OR survey_at < silence_started_at)",
    )
    .bind(answer.as_str())
    .bind(ts(at))
    .bind(chat_id)
    .bind(user_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn survey_text(db: &Db, chat_id: i64, user_id: i64, text: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE nudge_members SET survey_text = ? WHERE chat_id = ? AND user_id = ? AND survey_answer = 'other'",
    )
    .bind(text)
    .bind(chat_id)
    .bind(user_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// `/nudges off`: `true` if it changed something.
pub async fn opt_out(db: &Db, user_id: i64, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let mut tx = crate::db::begin_write(db).await?;
    let done = sqlx::query("INSERT OR IGNORE INTO nudge_optouts (user_id, at) VALUES (?, ?)")
        .bind(user_id)
        .bind(ts(at))
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE nudge_members SET next_at = NULL WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE nudge_outbox SET state = 'cancelled' WHERE user_id = ? AND state = 'queued'")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// `/nudges on`: `true` if they had opted out.
pub async fn opt_in(db: &Db, user_id: i64, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let mut tx = crate::db::begin_write(db).await?;
    let done =
        sqlx::query("DELETE FROM nudge_optouts WHERE user_id = ?").bind(user_id).execute(&mut *tx).await?;
    sqlx::query(
        "UPDATE nudge_members SET next_at = COALESCE(next_at, ?)
         WHERE user_id = ? AND segment IN ('silent', 'gone')",
    )
    .bind(ts(at))
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

pub async fn opted_out(db: &Db, user_id: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM nudge_optouts WHERE user_id = ?")
        .bind(user_id)
        .fetch_one(db)
        .await?;
    Ok(n > 0)
}

// ---- what a nudge offers ---------------------------------------------------------

/// The most replied-to messages of the chat since `since`: (message id, replies).
pub async fn lively(
    db: &Db,
    chat_id: i64,
    since: DateTime<Utc>,
    limit: i64,
) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as(
        "SELECT reply_to_message_id, COUNT(*) AS n FROM messages
         WHERE chat_id = ? AND sent_at >= ? AND reply_to_message_id IS NOT NULL
         GROUP BY reply_to_message_id HAVING n >= 2 ORDER BY n DESC, reply_to_message_id DESC LIMIT ?",
    )
    .bind(chat_id)
    .bind(ts(since))
    .bind(limit)
    .fetch_all(db)
    .await
}

pub async fn chat_username(db: &Db, chat_id: i64) -> sqlx::Result<Option<String>> {
    Ok(sqlx::query_scalar::<_, Option<String>>("SELECT username FROM chats WHERE chat_id = ?")
        .bind(chat_id)
        .fetch_optional(db)
        .await?
        .flatten())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Event {
    pub event_id: i64,
    pub starts_at: String,
    pub title: String,
}

/// Adds an event, keyed by the command message: `None` when that command
/// already added it (a replay).
pub async fn add_event(
    db: &Db,
    chat_id: i64,
    starts_at: DateTime<Utc>,
    title: &str,
    by: i64,
    at: DateTime<Utc>,
    source_message_id: i32,
) -> sqlx::Result<Option<i64>> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO nudge_events (chat_id, starts_at, title, created_by, created_at, source_message_id)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(chat_id)
    .bind(ts(starts_at))
    .bind(title)
    .bind(by)
    .bind(ts(at))
    .bind(source_message_id)
    .execute(db)
    .await?;
    Ok((done.rows_affected() == 1).then(|| done.last_insert_rowid()))
}

/// Whether the command `message_id` added an event in the chat.
pub async fn event_added_by(db: &Db, chat_id: i64, message_id: i32) -> sqlx::Result<bool> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM nudge_events WHERE chat_id = ? AND source_message_id = ?")
            .bind(chat_id)
            .bind(message_id)
            .fetch_one(db)
            .await?;
    Ok(n > 0)
}

pub async fn upcoming(db: &Db, chat_id: i64, now: DateTime<Utc>, limit: i64) -> sqlx::Result<Vec<Event>> {
    sqlx::query_as(
        "SELECT event_id, starts_at, title FROM nudge_events WHERE chat_id = ? AND starts_at >= ?
         ORDER BY starts_at, event_id LIMIT ?",
    )
    .bind(chat_id)
    .bind(ts(now))
    .bind(limit)
    .fetch_all(db)
    .await
}

pub async fn delete_event(db: &Db, chat_id: i64, event_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM nudge_events WHERE chat_id = ? AND event_id = ?")
        .bind(chat_id)
        .bind(event_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

// ---- group invitations for members the bot cannot DM -------------------------------

/// Quiet members the bot cannot DM, not invited in this silence yet.
pub async fn unreachable_quiet(db: &Db, chat_id: i64, limit: i64) -> sqlx::Result<Vec<(i64, Option<bool>)>> {
    sqlx::query_as(
        "SELECT n.user_id, n.holdout FROM nudge_members n JOIN users u ON u.user_id = n.user_id
         WHERE n.chat_id = ? AND n.segment IN ('silent', 'gone') AND u.dm_open = 0 AND u.is_bot = 0
           AND (n.group_invited_at IS NULL OR n.group_invited_at < n.quiet_since)
           AND (n.holdout IS NULL OR n.holdout = 0)
           AND n.user_id NOT IN (SELECT user_id FROM nudge_optouts)
           AND NOT EXISTS (SELECT 1 FROM members m WHERE m.chat_id = n.chat_id AND m.user_id = n.user_id
                           AND m.status IN ('creator', 'administrator'))
         ORDER BY n.quiet_since LIMIT ?",
    )
    .bind(chat_id)
    .bind(limit)
    .fetch_all(db)
    .await
}

pub async fn mark_invited(db: &Db, chat_id: i64, user_ids: &[i64], at: DateTime<Utc>) -> sqlx::Result<()> {
    let mut tx = crate::db::begin_write(db).await?;
    for user_id in user_ids {
        sqlx::query("UPDATE nudge_members SET group_invited_at = ? WHERE chat_id = ? AND user_id = ?")
            .bind(ts(at))
            .bind(chat_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

pub async fn set_holdout(db: &Db, chat_id: i64, user_id: i64, holdout: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE nudge_members SET holdout = ? WHERE chat_id = ? AND user_id = ? AND holdout IS NULL")
        .bind(holdout)
        .bind(chat_id)
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

// ---- reports (/silent, analytics) ---------------------------------------------------

/// Members per segment (every segment, zeros included, in [`Segment::ALL`] order).
pub async fn segment_counts(db: &Db, chat_id: i64) -> sqlx::Result<Vec<(Segment, i64)>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT segment, COUNT(*) FROM nudge_members WHERE chat_id = ? GROUP BY segment")
            .bind(chat_id)
            .fetch_all(db)
            .await?;
    Ok(Segment::ALL
        .iter()
        .map(|s| (*s, rows.iter().find(|(name, _)| name == s.as_str()).map_or(0, |(_, n)| *n)))
        .collect())
}

/// Reactivation of the members first nudged since `since` (nudged) beside
/// those who would have been (holdout): posted within
/// [`super::logic::REACTIVATION_WINDOW_DAYS`] days after.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reactivation {
    pub nudged: ReactivationRate,
    pub holdout: ReactivationRate,
}

pub async fn reactivation(db: &Db, chat_id: i64, since: DateTime<Utc>) -> sqlx::Result<Reactivation> {
    let window = format!("+{} days", super::logic::REACTIVATION_WINDOW_DAYS);
    let rows: Vec<(bool, i64, i64)> = sqlx::query_as(
        "SELECT c.holdout, COUNT(*),
                SUM(EXISTS (SELECT 1 FROM messages m
                            WHERE m.chat_id = c.chat_id AND m.user_id = c.user_id AND m.sent_at >= c.at
                              AND m.sent_at <= strftime('%Y-%m-%dT%H:%M:%SZ', c.at, ?)))
         FROM nudge_cohort c WHERE c.chat_id = ? AND c.at >= ? GROUP BY c.holdout",
    )
    .bind(window)
    .bind(chat_id)
    .bind(ts(since))
    .fetch_all(db)
    .await?;
    let rate = |holdout: bool| {
        rows.iter()
            .find(|(h, _, _)| *h == holdout)
            .map_or(ReactivationRate::new(0, 0), |(_, n, r)| ReactivationRate::new(*n as u64, *r as u64))
    };
    Ok(Reactivation { nudged: rate(false), holdout: rate(true) })
}

/// A quiet member as /silent lists them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QuietMember {
    pub user_id: i64,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub segment: String,
    pub last_seen: String,
    pub steps: i64,
    pub holdout: Option<bool>,
    pub survey_answer: Option<String>,
    pub survey_text: Option<String>,
    pub dm_open: Option<bool>,
}

pub async fn quiet_members(db: &Db, chat_id: i64, limit: i64) -> sqlx::Result<Vec<QuietMember>> {
    sqlx::query_as(
        "SELECT n.user_id, u.first_name, u.last_name, n.segment, n.quiet_since AS last_seen, n.steps,
                n.holdout, n.survey_answer, n.survey_text, u.dm_open
         FROM nudge_members n LEFT JOIN users u ON u.user_id = n.user_id
         WHERE n.chat_id = ?1 AND n.segment IN ('silent', 'gone') AND COALESCE(u.is_bot, 0) = 0
           AND NOT EXISTS (SELECT 1 FROM members m WHERE m.chat_id = ?1 AND m.user_id = n.user_id
                           AND m.status IN ('creator', 'administrator'))
         ORDER BY n.quiet_since LIMIT ?2",
    )
    .bind(chat_id)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Survey answers given in the chat, per answer.
pub async fn survey_counts(db: &Db, chat_id: i64) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "SELECT survey_answer, COUNT(*) FROM nudge_members WHERE chat_id = ? AND survey_answer IS NOT NULL
         GROUP BY survey_answer ORDER BY COUNT(*) DESC, survey_answer",
    )
    .bind(chat_id)
    .fetch_all(db)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn db() -> (tempfile::TempDir, Db) {
        let dir = tempfile::tempdir().unwrap();
        let db =
            crate::db::connect(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
        (dir, db)
    }

    async fn plan(db: &Db, sql: &str) -> String {
        let rows: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}")).fetch_all(db).await.unwrap();
        rows.into_iter().map(|r| r.3).collect::<Vec<_>>().join("\n")
    }

    /// The tick's statements read index ranges, never the whole table: a
    /// tick costs what changes, not how many members there are.
    #[tokio::test]
    async fn tick_queries_use_indexes() {
        let (_dir, db) = db().await;
        let statements = [
            "UPDATE nudge_members SET segment = 'gone', next_at = '1'
             WHERE chat_id = 1 AND segment IN ('active', 'at_risk', 'silent') AND quiet_since <= '2'",
            "UPDATE nudge_members SET segment = 'active' WHERE chat_id = 1
             AND segment IN ('at_risk', 'silent', 'gone') AND quiet_since > '2'",
            "SELECT user_id FROM nudge_members WHERE chat_id = 1 AND next_at IS NOT NULL AND next_at <= '3'
             ORDER BY next_at LIMIT 10",
            "UPDATE nudge_members SET next_at = NULL WHERE chat_id = 1 AND next_at IS NOT NULL AND next_at <= '3'",
            "SELECT id FROM nudge_outbox WHERE state = 'queued' ORDER BY id LIMIT 100",
            "SELECT segment, COUNT(*) FROM nudge_members WHERE chat_id = 1 GROUP BY segment",
        ];
        for sql in statements {
            let p = plan(&db, sql).await;
            assert!(p.lines().all(|l| l.contains("USING") && l.contains("INDEX")), "{sql}\n{p}");
        }
    }

    /// Segments follow posts, joins and leaves through the triggers, and the
    /// scheduler's UPDATEs move only the members who crossed a threshold.
    /// An active member's posts move their quiet_since at most hourly (one
    /// row write an hour, not one a message); a post by a quiet member ends
    /// the silence at once.
    #[tokio::test]
    async fn posts_move_quiet_since_hourly_and_end_a_silence_at_once() {
        let (_dir, db) = db().await;
        sqlx::query(
            "INSERT INTO chats (chat_id, kind, added_at, updated_at) VALUES (-5, 'supergroup', 'x', 'x')",
        )
        .execute(&db)
        .await
        .unwrap();
        let t0: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let post = |at: DateTime<Utc>| {
            let db = db.clone();
            async move {
                sqlx::query(
                    "INSERT INTO messages (chat_id, message_id, user_id, sent_at) VALUES (-5, ?, 1, ?)",
                )
                .bind(at.timestamp())
                .bind(ts(at))
                .execute(&db)
                .await
                .unwrap();
            }
        };
        let quiet_since = || {
            let db = db.clone();
            async move {
                sqlx::query_scalar::<_, String>("SELECT quiet_since FROM nudge_members WHERE user_id = 1")
                    .fetch_one(&db)
                    .await
                    .unwrap()
            }
        };
        post(t0).await;
        assert_eq!(quiet_since().await, ts(t0));
        post(t0 + Duration::minutes(30)).await;
        assert_eq!(quiet_since().await, ts(t0), "within the hour: no write");
        post(t0 + Duration::minutes(61)).await;
        assert_eq!(quiet_since().await, ts(t0 + Duration::minutes(61)));
        // Quiet for 20 days: silent; one post makes them active at once.
        let later = t0 + Duration::days(20);
        update_segments(&db, -5, &SegmentRules::default(), later, 100).await.unwrap();
        post(later + Duration::minutes(1)).await;
        let (segment, since): (String, String) =
            sqlx::query_as("SELECT segment, quiet_since FROM nudge_members WHERE user_id = 1")
                .fetch_one(&db)
                .await
                .unwrap();
        assert_eq!((segment.as_str(), since), ("active", ts(later + Duration::minutes(1))));
    }

    /// A tick moves at most `cap` members; the rest follow on later ticks.
    #[tokio::test]
    async fn segment_moves_are_capped_per_call() {
        let (_dir, db) = db().await;
        sqlx::query(
            "INSERT INTO chats (chat_id, kind, added_at, updated_at) VALUES (-5, 'supergroup', 'x', 'x')",
        )
        .execute(&db)
        .await
        .unwrap();
        let t0: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let at = ts(t0 - Duration::days(20));
        for user in 1..=5 {
            sqlx::query(
                "INSERT INTO members (chat_id, user_id, first_seen_at, joined_at, join_count) VALUES (-5, ?, ?, ?, 1)",
            )
            .bind(user)
            .bind(&at)
            .bind(&at)
            .execute(&db)
            .await
            .unwrap();
        }
        let rules = SegmentRules::default();
        let moved: Vec<u64> = {
            let mut v = Vec::new();
            for _ in 0..4 {
                v.push(update_segments(&db, -5, &rules, t0, 2).await.unwrap());
            }
            v
        };
        assert_eq!(moved, [2, 2, 1, 0]);
        let counts = segment_counts(&db, -5).await.unwrap();
        assert_eq!(counts.iter().find(|(x, _)| *x == Segment::Silent).unwrap().1, 5);
    }

    #[tokio::test]
    async fn segments_follow_members() {
        let (_dir, db) = db().await;
        sqlx::query(
            "INSERT INTO chats (chat_id, kind, added_at, updated_at) VALUES (-5, 'supergroup', 'x', 'x')",
        )
        .execute(&db)
        .await
        .unwrap();
        let t0: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        for (user, days_ago) in [(1, 0), (2, 8), (3, 20), (4, 90)] {
            let at = ts(t0 - Duration::days(days_ago));
            sqlx::query(
                "INSERT INTO members (chat_id, user_id, first_seen_at, joined_at, join_count) VALUES (-5, ?, ?, ?, 1)",
            )
            .bind(user)
            .bind(&at)
            .bind(&at)
            .execute(&db)
            .await
            .unwrap();
        }
        let rules = SegmentRules::default();
        assert_eq!(update_segments(&db, -5, &rules, t0, 10_000).await.unwrap(), 3);
        assert_eq!(update_segments(&db, -5, &rules, t0, 10_000).await.unwrap(), 0, "nothing moves twice");
        let counts = segment_counts(&db, -5).await.unwrap();
        let n = |s: Segment| counts.iter().find(|(x, _)| *x == s).unwrap().1;
        assert_eq!(
            (n(Segment::Active), n(Segment::AtRisk), n(Segment::Silent), n(Segment::Gone)),
            (1, 1, 1, 1)
        );
        assert!(due(&db, -5, t0, 10).await.unwrap().is_empty(), "only members the bot may DM");
        sqlx::query("INSERT INTO users (user_id, first_name, dm_open, updated_at) VALUES (3, 'C', 1, 'x'), (4, 'D', 1, 'x')")
            .execute(&db)
            .await
            .unwrap();
        let due = due(&db, -5, t0, 10).await.unwrap();
        assert_eq!(due.iter().map(|d| d.user_id).collect::<Vec<_>>(), [3, 4]);
        // A post: active again, the ladder reset; a leave: left.
        sqlx::query("UPDATE nudge_members SET steps = 1 WHERE user_id = 3").execute(&db).await.unwrap();
        sqlx::query("UPDATE members SET last_message_at = ? WHERE user_id = 3")
            .bind(ts(t0))
            .execute(&db)
            .await
            .unwrap();
        sqlx::query("UPDATE members SET status = 'left' WHERE user_id = 4").execute(&db).await.unwrap();
        let row: (String, i64, Option<String>) =
            sqlx::query_as("SELECT segment, steps, next_at FROM nudge_members WHERE user_id = 3")
                .fetch_one(&db)
                .await
                .unwrap();
        assert_eq!(row, ("active".to_owned(), 0, None));
        let left: String = sqlx::query_scalar("SELECT segment FROM nudge_members WHERE user_id = 4")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(left, "left");
        // Raised thresholds bring members back.
        let relaxed = SegmentRules { active_days: 30, silent_days: 40, goodbye_days: 100 };
        update_segments(&db, -5, &relaxed, t0, 10_000).await.unwrap();
        let at_risk: String = sqlx::query_scalar("SELECT segment FROM nudge_members WHERE user_id = 2")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(at_risk, "active");
    }
}
