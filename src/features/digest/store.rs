//! The digest's SQL: the groups it goes to (its sections come from the
//! features it shows).

use std::collections::HashSet;

use crate::db::Db;

/// Group chats the bot is in.
pub async fn active_groups(db: &Db) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT chat_id FROM chats WHERE kind IN ('group', 'supergroup') AND bot_status NOT IN ('left', 'kicked')",
    )
    .fetch_all(db)
    .await
}

/// Which of these once-keys are claimed.
pub async fn claimed(db: &Db, keys: &[String]) -> sqlx::Result<HashSet<String>> {
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let mut conn = db.acquire().await?;
    let rows: Vec<(String,)> =
        crate::db::rows_in(&mut conn, "SELECT key FROM once_keys WHERE key IN", &keys).await?;
    Ok(rows.into_iter().map(|(key,)| key).collect())
}
