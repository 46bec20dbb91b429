//! Events: what `/addevent` adds, `/events` lists and the Second nudge offers.

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, UserId};

use crate::db::{Db, ts};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Event {
    pub event_id: i64,
    pub starts_at: String,
    pub title: String,
}

/// Adds an event, keyed by the command message: `None` when that command
/// already added it (a replay). `by` unknown is stored as 0.
pub async fn add_event(
    db: &Db,
    chat: ChatId,
    starts_at: DateTime<Utc>,
    title: &str,
    by: Option<UserId>,
    at: DateTime<Utc>,
    source_message_id: i32,
) -> sqlx::Result<Option<i64>> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO nudge_events (chat_id, starts_at, title, created_by, created_at, source_message_id)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(chat.0)
    .bind(ts(starts_at))
    .bind(title)
    .bind(by.map_or(0, |u| u.0 as i64))
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

/// Deletes an event of the chat: `false` if there was none by that number.
pub async fn delete_event(db: &Db, chat: ChatId, event_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM nudge_events WHERE chat_id = ? AND event_id = ?")
        .bind(chat.0)
        .bind(event_id)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}
