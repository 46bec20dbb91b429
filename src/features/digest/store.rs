//! The digest's SQL: the groups it goes to (its sections come from the
//! features it shows).

use crate::db::Db;

/// Group chats the bot is in.
pub async fn active_groups(db: &Db) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT chat_id FROM chats WHERE kind IN ('group', 'supergroup') AND bot_status NOT IN ('left', 'kicked')",
    )
    .fetch_all(db)
    .await
}
