//! Group invitations: the quiet members the bot cannot DM, and who was invited.

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, UserId};

use crate::db::{Db, ts};

/// Quiet members the bot cannot DM, not invited in this silence yet.
pub async fn unreachable_quiet(
    db: &Db,
    chat_id: i64,
    limit: i64,
) -> sqlx::Result<Vec<(UserId, Option<bool>)>> {
    let rows: Vec<(i64, Option<bool>)> = sqlx::query_as(
        "SELECT n.user_id, n.holdout FROM nudge_members n JOIN users u ON u.user_id = n.user_id
         WHERE n.chat_id = ? AND n.segment IN ('silent', 'gone') AND u.dm_open = 0 AND u.is_bot = 0
           AND (n.group_invited_at IS NULL OR n.group_invited_at < n.quiet_since)
           AND (n.holdout IS NULL OR n.holdout = 0)
           AND n.user_id NOT IN (SELECT user_id FROM nudge_optouts)
           AND NOT EXISTS (SELECT 1 FROM members m WHERE m.chat_id = n.chat_id AND m.user_id = n.user_id
                           AND m.status IN ('creator', 'administrator'))
         ORDER BY n.quiet_since LIMIT ?",
    )
    .bind(chat_id)
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(id, holdout)| (UserId(id as u64), holdout)).collect())
}

/// The members one group invitation mentioned (not invited again this silence).
pub async fn mark_invited(db: &Db, chat: ChatId, users: &[UserId], at: DateTime<Utc>) -> sqlx::Result<()> {
    let mut tx = crate::db::begin_write(db).await?;
    for user in users {
        sqlx::query("UPDATE nudge_members SET group_invited_at = ? WHERE chat_id = ? AND user_id = ?")
            .bind(ts(at))
            .bind(chat.0)
            .bind(user.0 as i64)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await
}

/// A member's holdout decision, made once (a stored one stays).
pub async fn set_holdout(db: &Db, chat: ChatId, user: UserId, holdout: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE nudge_members SET holdout = ? WHERE chat_id = ? AND user_id = ? AND holdout IS NULL")
        .bind(holdout)
        .bind(chat.0)
        .bind(user.0 as i64)
        .execute(db)
        .await?;
    Ok(())
}
