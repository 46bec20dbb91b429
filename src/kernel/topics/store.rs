//! Topics' SQL: the bindings of kinds of post to forum topics.

use chrono::{DateTime, Utc};

use super::TopicKind;
use crate::db::{Db, ts};

/// Whether Telegram last described the chat as a forum.
pub async fn is_forum(db: &Db, chat_id: i64) -> sqlx::Result<bool> {
    let forum: Option<i64> = sqlx::query_scalar("SELECT is_forum FROM chats WHERE chat_id = ?")
        .bind(chat_id)
        .fetch_optional(db)
        .await?;
    Ok(forum.unwrap_or(0) != 0)
}

/// Every binding of a chat, by kind.
pub async fn bindings(db: &Db, chat_id: i64) -> sqlx::Result<Vec<(TopicKind, i32)>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT kind, thread_id FROM forum_topics WHERE chat_id = ? ORDER BY kind")
            .bind(chat_id)
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().filter_map(|(k, t)| Some((k.parse().ok()?, i32::try_from(t).ok()?))).collect())
}

pub async fn bind(
    db: &Db,
    chat_id: i64,
    kind: TopicKind,
    thread_id: i32,
    by: i64,
    at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO forum_topics (chat_id, kind, thread_id, set_by, set_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (chat_id, kind) DO UPDATE SET thread_id = excluded.thread_id,
             set_by = excluded.set_by, set_at = excluded.set_at",
    )
    .bind(chat_id)
    .bind(kind.as_str())
    .bind(thread_id)
    .bind(by)
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(())
}

/// `true` when there was a binding to remove.
pub async fn unbind(db: &Db, chat_id: i64, kind: TopicKind) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM forum_topics WHERE chat_id = ? AND kind = ?")
        .bind(chat_id)
        .bind(kind.as_str())
        .execute(db)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// The help topic of a forum group, if one is bound (`/settopic help`): the
/// "questions answered" statistic counts only questions asked there.
pub async fn help_thread(db: &Db, chat_id: i64) -> sqlx::Result<Option<i32>> {
    if !is_forum(db, chat_id).await? {
        return Ok(None);
    }
    Ok(bindings(db, chat_id).await?.into_iter().find(|(k, _)| *k == TopicKind::Help).map(|(_, t)| t))
}
