//! Onboarding's SQL: texts, links, the per-join row, welcome posts, the funnel.

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, UserId};

use crate::db::{Db, parse_ts, ts};

pub async fn text(db: &Db, chat_id: i64, kind: &str) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT text FROM chat_texts WHERE chat_id = ? AND kind = ?")
        .bind(chat_id)
        .bind(kind)
        .fetch_optional(db)
        .await
}

pub async fn set_text(db: &Db, chat_id: i64, kind: &str, text: Option<&str>) -> sqlx::Result<()> {
    match text {
        Some(text) => {
            sqlx::query(
                "INSERT INTO chat_texts (chat_id, kind, text) VALUES (?, ?, ?)
                 ON CONFLICT (chat_id, kind) DO UPDATE SET text = excluded.text",
            )
            .bind(chat_id)
            .bind(kind)
            .bind(text)
            .execute(db)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM chat_texts WHERE chat_id = ? AND kind = ?")
                .bind(chat_id)
                .bind(kind)
                .execute(db)
                .await?;
        }
    }
    Ok(())
}

pub async fn links(db: &Db, chat_id: i64) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT title, url FROM welcome_links WHERE chat_id = ? ORDER BY position, title")
        .bind(chat_id)
        .fetch_all(db)
        .await
}

pub async fn add_link(db: &Db, chat_id: i64, title: &str, url: &str) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO welcome_links (chat_id, title, url, position)
         VALUES (?1, ?2, ?3, (SELECT COALESCE(MAX(position), 0) + 1 FROM welcome_links WHERE chat_id = ?1))
         ON CONFLICT (chat_id, title) DO UPDATE SET url = excluded.url",
    )
    .bind(chat_id)
    .bind(title)
    .bind(url)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn delete_link(db: &Db, chat_id: i64, title: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM welcome_links WHERE chat_id = ? AND title = ?")
        .bind(chat_id)
        .bind(title)
        .execute(db)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Starts (or restarts, on a rejoin) a member's onboarding row.
pub async fn start_join(db: &Db, chat: ChatId, user: UserId, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO onboarding (chat_id, user_id, joined_at) VALUES (?, ?, ?)
         ON CONFLICT (chat_id, user_id) DO UPDATE SET joined_at = excluded.joined_at,
             welcome_message_id = NULL, gated = 0, gated_at = NULL, checkin_sent_at = NULL, removed_at = NULL",
    )
    .bind(chat.0)
    .bind(user.0 as i64)
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_welcome(
    db: &Db,
    chat: ChatId,
    user: UserId,
    message_id: Option<i32>,
    gated: bool,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE onboarding SET welcome_message_id = ?, gated = ? WHERE chat_id = ? AND user_id = ?")
        .bind(message_id)
        .bind(gated)
        .bind(chat.0)
        .bind(user.0 as i64)
        .execute(db)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Row {
    pub chat_id: i64,
    pub user_id: i64,
    pub joined_at: String,
    pub welcome_message_id: Option<i32>,
    pub gated: bool,
    /// When the gate's button was shown: the join, or a raid's end.
    pub gate_shown_at: String,
    pub rules_accepted_at: Option<String>,
    pub introduced_at: Option<String>,
}

pub async fn row(db: &Db, chat: ChatId, user: UserId) -> sqlx::Result<Option<Row>> {
    sqlx::query_as(
        "SELECT chat_id, user_id, joined_at, welcome_message_id, gated,
                COALESCE(gated_at, joined_at) AS gate_shown_at, rules_accepted_at, introduced_at
         FROM onboarding WHERE chat_id = ? AND user_id = ?",
    )
    .bind(chat.0)
    .bind(user.0 as i64)
    .fetch_optional(db)
    .await
}

/// Whether the member ever accepted the chat's rules (on any earlier join too).
pub async fn accepted_rules(db: &Db, chat: ChatId, user: UserId) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM onboarding WHERE chat_id = ? AND user_id = ? AND rules_accepted_at IS NOT NULL",
    )
    .bind(chat.0)
    .bind(user.0 as i64)
    .fetch_one(db)
    .await?;
    Ok(n > 0)
}

/// Records the acceptance once; `false` if it was already recorded.
pub async fn accept_rules(db: &Db, chat: ChatId, user: UserId, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE onboarding SET rules_accepted_at = ? WHERE chat_id = ? AND user_id = ? AND rules_accepted_at IS NULL",
    )
    .bind(ts(at))
    .bind(chat.0)
    .bind(user.0 as i64)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets a funnel timestamp column once.
pub async fn mark_step(
    db: &Db,
    chat: ChatId,
    user: UserId,
    column: Step,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let col = column.column();
    // Read first: most calls find the step already done, and a read takes no
    // write lock.
    let pending: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT 1 FROM onboarding WHERE chat_id = ? AND user_id = ? AND {col} IS NULL"
    ))
    .bind(chat.0)
    .bind(user.0 as i64)
    .fetch_optional(db)
    .await?;
    if pending.is_none() {
        return Ok(false);
    }
    let done = sqlx::query(&format!(
        "UPDATE onboarding SET {col} = ? WHERE chat_id = ? AND user_id = ? AND {col} IS NULL"
    ))
    .bind(ts(at))
    .bind(chat.0)
    .bind(user.0 as i64)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Funnel columns that are set once.
#[derive(Debug, Clone, Copy)]
pub enum Step {
    DmOpened,
    Introduced,
    CheckinSent,
    Removed,
}

impl Step {
    fn column(self) -> &'static str {
        match self {
            Step::DmOpened => "dm_opened_at",
            Step::Introduced => "introduced_at",
            Step::CheckinSent => "checkin_sent_at",
            Step::Removed => "removed_at",
        }
    }
}

pub async fn set_goal(db: &Db, chat: ChatId, user: UserId, goal: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE onboarding SET goal = ? WHERE chat_id = ? AND user_id = ?")
        .bind(goal)
        .bind(chat.0)
        .bind(user.0 as i64)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn answer_checkin(
    db: &Db,
    chat: ChatId,
    user: UserId,
    answer: &str,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE onboarding SET checkin_answer = ?, checkin_answered_at = ?
         WHERE chat_id = ? AND user_id = ? AND checkin_sent_at IS NOT NULL AND checkin_answered_at IS NULL",
    )
    .bind(answer)
    .bind(ts(at))
    .bind(chat.0)
    .bind(user.0 as i64)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A raid's held newcomer at its end: gated from `at` unless they accepted
/// the rules (on this join or an earlier one). Whether the gate now waits.
pub async fn gate_from(db: &Db, chat: ChatId, user: UserId, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE onboarding SET gated = 1, gated_at = ?
         WHERE chat_id = ? AND user_id = ? AND rules_accepted_at IS NULL AND removed_at IS NULL",
    )
    .bind(ts(at))
    .bind(chat.0)
    .bind(user.0 as i64)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn record_welcome_post(
    db: &Db,
    chat_id: i64,
    message_id: i32,
    at: DateTime<Utc>,
    pending_gate: bool,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT OR IGNORE INTO welcome_posts (chat_id, message_id, posted_at, pending_gate) VALUES (?, ?, ?, ?)",
    )
    .bind(chat_id)
    .bind(message_id)
    .bind(ts(at))
    .bind(pending_gate)
    .execute(db)
    .await?;
    Ok(())
}

/// Earlier welcomes that can go (clean chat): not deleted yet, and not still
/// carrying a rules button a newcomer has to press.
pub async fn stale_welcomes(db: &Db, chat_id: i64, keep: i32) -> sqlx::Result<Vec<i32>> {
    sqlx::query_scalar(
        "SELECT p.message_id FROM welcome_posts p
         WHERE p.chat_id = ?1 AND p.deleted = 0 AND p.message_id <> ?2
           AND NOT EXISTS (SELECT 1 FROM onboarding o WHERE o.chat_id = p.chat_id
                 AND o.welcome_message_id = p.message_id AND o.gated = 1
                 AND o.rules_accepted_at IS NULL AND o.removed_at IS NULL)",
    )
    .bind(chat_id)
    .bind(keep)
    .fetch_all(db)
    .await
}

pub async fn mark_welcome_deleted(db: &Db, chat_id: i64, message_id: i32) -> sqlx::Result<()> {
    sqlx::query("UPDATE welcome_posts SET deleted = 1 WHERE chat_id = ? AND message_id = ?")
        .bind(chat_id)
        .bind(message_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Members gated before `before` who never accepted.
pub async fn overdue_gates(db: &Db, before: DateTime<Utc>) -> sqlx::Result<Vec<(ChatId, UserId)>> {
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT o.chat_id, o.user_id FROM onboarding o JOIN members m
           ON m.chat_id = o.chat_id AND m.user_id = o.user_id
         WHERE o.gated = 1 AND o.rules_accepted_at IS NULL AND o.removed_at IS NULL
           AND COALESCE(o.gated_at, o.joined_at) <= ? AND m.status NOT IN ('left', 'kicked')
         LIMIT 500",
    )
    .bind(ts(before))
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(c, u)| (ChatId(c), UserId(u as u64))).collect())
}

/// Newcomers due a check-in who can be written to.
pub async fn due_checkins(db: &Db, now: DateTime<Utc>) -> sqlx::Result<Vec<(ChatId, UserId, String)>> {
    let rows: Vec<(i64, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT o.chat_id, o.user_id, o.joined_at,
                (SELECT value FROM chat_settings s WHERE s.chat_id = o.chat_id AND s.key = 'checkin_days')
         FROM onboarding o
         JOIN members m ON m.chat_id = o.chat_id AND m.user_id = o.user_id
         JOIN users u ON u.user_id = o.user_id
         WHERE o.checkin_sent_at IS NULL AND o.removed_at IS NULL AND m.status NOT IN ('left', 'kicked')
           AND u.dm_open = 1 AND o.joined_at <= ?
         LIMIT 500",
    )
    .bind(ts(now))
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter(|(_, _, joined, days)| {
            let days: i64 = days.as_deref().and_then(|d| d.parse().ok()).unwrap_or(3);
            days > 0 && parse_ts(joined).is_some_and(|j| j + chrono::Duration::days(days) <= now)
        })
        .map(|(c, u, _, days)| (ChatId(c), UserId(u as u64), days.unwrap_or_default()))
        .collect())
}

/// Funnel counts of members who joined since `since`, in step order.
pub async fn funnel(db: &Db, chat_id: i64, since: DateTime<Utc>) -> sqlx::Result<[u64; 6]> {
    let row: (i64, i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(rules_accepted_at), COUNT(dm_opened_at), COUNT(introduced_at),
                COUNT(first_message_at), COUNT(checkin_answered_at)
         FROM onboarding WHERE chat_id = ? AND joined_at >= ?",
    )
    .bind(chat_id)
    .bind(ts(since))
    .fetch_one(db)
    .await?;
    Ok([row.0, row.1, row.2, row.3, row.4, row.5].map(|n| n.max(0) as u64))
}
