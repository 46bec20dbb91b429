//! The best answers' SQL.

use chrono::{DateTime, Utc};

use crate::db::{Db, ts};

/// A best answer waiting to be featured by the digest.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Pick {
    pub message_id: i64,
    pub author_id: i64,
    pub chosen_by: Option<i64>,
    pub thanks: i64,
}

/// Records a best answer once: `true` the first time (a message is chosen
/// at most once, by an admin or by the thanks).
pub async fn choose(
    db: &Db,
    chat_id: i64,
    message_id: i32,
    author_id: i64,
    chosen_by: Option<i64>,
    thanks: i64,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO best_answers (chat_id, message_id, author_id, chosen_by, thanks, chosen_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(chat_id)
    .bind(message_id)
    .bind(author_id)
    .bind(chosen_by)
    .bind(thanks)
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The picks since `since` the digest has not featured yet, oldest first.
pub async fn unfeatured(db: &Db, chat_id: i64, since: DateTime<Utc>) -> sqlx::Result<Vec<Pick>> {
    sqlx::query_as(
        "SELECT message_id, author_id, chosen_by, thanks FROM best_answers
         WHERE chat_id = ? AND featured_at IS NULL AND chosen_at >= ? ORDER BY chosen_at, message_id",
    )
    .bind(chat_id)
    .bind(ts(since))
    .fetch_all(db)
    .await
}

/// The digest featured these picks.
pub async fn mark_featured(db: &Db, chat_id: i64, picks: &[Pick], at: DateTime<Utc>) -> sqlx::Result<()> {
    for pick in picks {
        sqlx::query("UPDATE best_answers SET featured_at = ? WHERE chat_id = ? AND message_id = ?")
            .bind(ts(at))
            .bind(chat_id)
            .bind(pick.message_id)
            .execute(db)
            .await?;
    }
    Ok(())
}
