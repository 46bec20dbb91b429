//! Conversations in a user's DM (one at a time per user, kept across
//! restarts): an introduction, an NPS reason, a nudge survey answer. The
//! tree hands a DM that is not a command to the feature whose dialogue is open.

use chrono::{DateTime, Utc};

use crate::db::{Db, ts};

/// A conversation in a user's DM (one at a time), kept across restarts.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Dialogue {
    pub user_id: i64,
    pub kind: String,
    pub chat_id: i64,
    pub step: String,
    pub data: String,
}

pub async fn dialogue(db: &Db, user_id: i64) -> sqlx::Result<Option<Dialogue>> {
    sqlx::query_as("SELECT user_id, kind, chat_id, step, data FROM dm_dialogues WHERE user_id = ?")
        .bind(user_id)
        .fetch_optional(db)
        .await
}

pub async fn set_dialogue(db: &Db, d: &Dialogue, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO dm_dialogues (user_id, kind, chat_id, step, data, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET kind = excluded.kind, chat_id = excluded.chat_id,
             step = excluded.step, data = excluded.data, updated_at = excluded.updated_at",
    )
    .bind(d.user_id)
    .bind(&d.kind)
    .bind(d.chat_id)
    .bind(&d.step)
    .bind(&d.data)
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(())
}

pub async fn clear_dialogue(db: &Db, user_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM dm_dialogues WHERE user_id = ?").bind(user_id).execute(db).await?;
    Ok(done.rows_affected() > 0)
}
