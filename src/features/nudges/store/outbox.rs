//! The DM outbox: queued nudges, taken one at a time by the paced sender
//! and finished once (sent, failed, unreachable, cancelled or deferred).

use chrono::{DateTime, Utc};

use crate::db::{Db, ts};

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

/// DMs deferred by quiet hours, queued again for the chats in `chat_ids`
/// (the ones out of their quiet hours): one statement for them all.
pub async fn requeue_deferred(db: &Db, chat_ids: &[i64]) -> sqlx::Result<u64> {
    if chat_ids.is_empty() {
        return Ok(0);
    }
    let done = sqlx::query(
        "UPDATE nudge_outbox SET state = 'queued'
         WHERE state = 'deferred' AND chat_id IN (SELECT value FROM json_each(?))",
    )
    .bind(serde_json::Value::from(chat_ids).to_string())
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}
