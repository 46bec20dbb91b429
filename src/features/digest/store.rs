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

/// Which of these once-keys are claimed, in one query.
pub async fn claimed(db: &Db, keys: &[String]) -> sqlx::Result<HashSet<String>> {
    let mut claimed = HashSet::new();
    // Under SQLite's 32 766 parameters a statement.
    for chunk in keys.chunks(10_000) {
        let sql = format!("SELECT key FROM once_keys WHERE key IN ({})", vec!["?"; chunk.len()].join(", "));
        let mut q = sqlx::query_scalar::<_, String>(&sql);
        for key in chunk {
            q = q.bind(key);
        }
        claimed.extend(q.fetch_all(db).await?);
    }
    Ok(claimed)
}
