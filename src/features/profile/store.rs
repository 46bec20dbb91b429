//! The profile's SQL: a member's standing in a chat (the rest of /me comes
//! from the features it shows).

use teloxide::types::{ChatId, UserId};

use crate::db::Db;

/// A member's standing in a chat for /me.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct Member {
    pub since: Option<String>,
    pub message_count: i64,
}

pub async fn member(db: &Db, chat: ChatId, user: UserId) -> sqlx::Result<Option<Member>> {
    sqlx::query_as(
        "SELECT COALESCE(joined_at, first_seen_at) AS since, message_count FROM members
         WHERE chat_id = ? AND user_id = ?",
    )
    .bind(chat.0)
    .bind(user.0 as i64)
    .fetch_optional(db)
    .await
}
