//! Opt-out: `/nudges off` and `on`, for every chat at once.

use chrono::{DateTime, Utc};

use crate::db::{Db, ts};

/// `/nudges off`: `true` if it changed something.
pub async fn opt_out(db: &Db, user_id: i64, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let mut tx = crate::db::begin_write(db).await?;
    let done = sqlx::query("INSERT OR IGNORE INTO nudge_optouts (user_id, at) VALUES (?, ?)")
        .bind(user_id)
        .bind(ts(at))
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE nudge_members SET next_at = NULL WHERE user_id = ?")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE nudge_outbox SET state = 'cancelled' WHERE user_id = ? AND state = 'queued'")
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

/// `/nudges on`: `true` if they had opted out.
pub async fn opt_in(db: &Db, user_id: i64, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let mut tx = crate::db::begin_write(db).await?;
    let done =
        sqlx::query("DELETE FROM nudge_optouts WHERE user_id = ?").bind(user_id).execute(&mut *tx).await?;
    sqlx::query(
        "UPDATE nudge_members SET next_at = COALESCE(next_at, ?)
         WHERE user_id = ? AND segment IN ('silent', 'gone')",
    )
    .bind(ts(at))
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

pub async fn opted_out(db: &Db, user_id: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM nudge_optouts WHERE user_id = ?")
        .bind(user_id)
        .fetch_one(db)
        .await?;
    Ok(n > 0)
}
