//! Community moderators: the level-3 members an admin promoted. The store
//! every room that lets them act reads (moderation's warnings, mutes and
//! reports; premoderation's Approve / Reject): one row a moderator.

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, UserId};

use crate::db::{self, Db};

/// Makes `user` a community moderator of `chat`; `false` when they already were.
pub async fn promote(
    db: &Db,
    chat: ChatId,
    user: UserId,
    by: UserId,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO community_moderators (chat_id, user_id, promoted_by, promoted_at)
         VALUES (?, ?, ?, ?)",
    )
    .bind(chat.0)
    .bind(user.0 as i64)
    .bind(by.0 as i64)
    .bind(db::ts(at))
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// No longer a community moderator; `false` when they were not one.
pub async fn demote(db: &Db, chat: ChatId, user: UserId) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM community_moderators WHERE chat_id = ? AND user_id = ?")
        .bind(chat.0)
        .bind(user.0 as i64)
        .execute(db)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Whether `user` is a community moderator of `chat`.
pub async fn is_moderator(db: &Db, chat: ChatId, user: UserId) -> sqlx::Result<bool> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM community_moderators WHERE chat_id = ? AND user_id = ?")
            .bind(chat.0)
            .bind(user.0 as i64)
            .fetch_optional(db)
            .await?;
    Ok(found.is_some())
}

/// The chat's community moderators' user ids, earliest promoted first.
pub async fn moderators(db: &Db, chat: ChatId) -> sqlx::Result<Vec<UserId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT user_id FROM community_moderators WHERE chat_id = ? ORDER BY promoted_at, user_id",
    )
    .bind(chat.0)
    .fetch_all(db)
    .await?;
    Ok(ids.into_iter().map(|id| UserId(id as u64)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::members::testing::{CHAT, chat, t0};

    #[tokio::test]
    async fn promoted_once_listed_and_demoted() {
        let (_dir, db) = db::scratch().await;
        chat(&db).await;
        let (c, u, admin) = (CHAT, UserId(7), UserId(1));
        assert!(!is_moderator(&db, c, u).await.unwrap());
        assert!(promote(&db, c, u, admin, t0()).await.unwrap());
        assert!(!promote(&db, c, u, admin, t0()).await.unwrap(), "a second promotion changes nothing");
        assert!(is_moderator(&db, c, u).await.unwrap());
        assert_eq!(moderators(&db, c).await.unwrap(), vec![u]);
        assert!(demote(&db, c, u).await.unwrap());
        assert!(!demote(&db, c, u).await.unwrap());
        assert!(moderators(&db, c).await.unwrap().is_empty());
    }
}
