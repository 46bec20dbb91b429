//! The ladder's rows: the members due for a look (an index range on
//! `next_at`), the decisions applied in one transaction (queueing DMs in the
//! outbox, the holdout's cohort), a member's row, and archive and prune.

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, UserId};

use crate::{
    db::{Db, ts},
    features::nudges::logic::{LadderStep, Steps},
};

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

/// Which of `chat_ids` have a member due for a look at `now` (one probe of
/// the `next_at` index a chat, in one statement).
pub async fn chats_with_due(db: &Db, chat_ids: &[i64], now: DateTime<Utc>) -> sqlx::Result<Vec<i64>> {
    if chat_ids.is_empty() {
        return Ok(Vec::new());
    }
    sqlx::query_scalar(CHATS_WITH_DUE)
        .bind(serde_json::Value::from(chat_ids).to_string())
        .bind(ts(now))
        .fetch_all(db)
        .await
}

pub(super) const CHATS_WITH_DUE: &str = "SELECT c.value FROM json_each(?1) c
     WHERE EXISTS (SELECT 1 FROM nudge_members n
                   WHERE n.chat_id = c.value AND n.next_at IS NOT NULL AND n.next_at <= ?2)";

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
                    cohort(&mut tx, ChatId(chat_id), UserId(row.user_id as u64), &now_s, false).await?;
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
                    cohort(&mut tx, ChatId(chat_id), UserId(row.user_id as u64), &now_s, true).await?;
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
    chat: ChatId,
    user: UserId,
    at: &str,
    holdout: bool,
) -> sqlx::Result<()> {
    sqlx::query("INSERT OR IGNORE INTO nudge_cohort (chat_id, user_id, at, holdout) VALUES (?, ?, ?, ?)")
        .bind(chat.0)
        .bind(user.0 as i64)
        .bind(at)
        .bind(holdout)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Member {
    pub segment: String,
    pub steps: i64,
    pub silence_started_at: Option<String>,
    pub survey_at: Option<String>,
}

/// A member's ladder row in a chat.
pub async fn member(db: &Db, chat: ChatId, user: UserId) -> sqlx::Result<Option<Member>> {
    sqlx::query_as(
        "SELECT segment, steps, silence_started_at, survey_at FROM nudge_members WHERE chat_id = ? AND user_id = ?",
    )
    .bind(chat.0)
    .bind(user.0 as i64)
    .fetch_optional(db)
    .await
}

/// The goodbye went out: no more nudges.
pub async fn archive(db: &Db, chat: ChatId, user: UserId, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE nudge_members SET segment = 'archived', archived_at = ?, next_at = NULL
         WHERE chat_id = ? AND user_id = ? AND segment = 'gone'",
    )
    .bind(ts(at))
    .bind(chat.0)
    .bind(user.0 as i64)
    .execute(db)
    .await?;
    Ok(())
}

/// Archived members not yet removed (for the `prune` setting).
pub async fn unpruned(db: &Db, chat_id: i64, limit: i64) -> sqlx::Result<Vec<UserId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT user_id FROM nudge_members WHERE chat_id = ? AND segment = 'archived' AND pruned_at IS NULL
         ORDER BY archived_at LIMIT ?",
    )
    .bind(chat_id)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(ids.into_iter().map(|id| UserId(id as u64)).collect())
}

/// An archived member was removed (or tried once).
pub async fn mark_pruned(db: &Db, chat: ChatId, user: UserId, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE nudge_members SET pruned_at = ? WHERE chat_id = ? AND user_id = ?")
        .bind(ts(at))
        .bind(chat.0)
        .bind(user.0 as i64)
        .execute(db)
        .await?;
    Ok(())
}
