//! Discussions: the chat's liveliest threads, which the Second nudge offers.

use chrono::{DateTime, Utc};

use crate::db::{Db, ts};

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
