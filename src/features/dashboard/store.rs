//! The dashboard's SQL: sessions (by the hash of their token), the signatures
//! already used to sign in, one-time links.

use chrono::{DateTime, Utc};

use crate::db::{Db, ts};

/// A stored session.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub user_id: i64,
    pub lang: String,
    pub csrf: String,
}

pub async fn create_session(
    db: &Db,
    token_hash: &str,
    user_id: i64,
    lang: &str,
    csrf: &str,
    now: DateTime<Utc>,
    expires: DateTime<Utc>,
) -> sqlx::Result<()> {
    // Sign-ins are rare: the expired rows go on the way.
    sqlx::query("DELETE FROM dashboard_sessions WHERE expires_at <= ?").bind(ts(now)).execute(db).await?;
    sqlx::query(
        "INSERT INTO dashboard_sessions (token_hash, user_id, lang, csrf, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(lang)
    .bind(csrf)
    .bind(ts(now))
    .bind(ts(expires))
    .execute(db)
    .await
    .map(drop)
}

pub async fn session(db: &Db, token_hash: &str, now: DateTime<Utc>) -> sqlx::Result<Option<SessionRow>> {
    sqlx::query_as(
        "SELECT user_id, lang, csrf FROM dashboard_sessions WHERE token_hash = ? AND expires_at > ?",
    )
    .bind(token_hash)
    .bind(ts(now))
    .fetch_optional(db)
    .await
}

pub async fn end_session(db: &Db, token_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM dashboard_sessions WHERE token_hash = ?")
        .bind(token_hash)
        .execute(db)
        .await
        .map(drop)
}

/// Claims a signature for one sign-in: `false` when it was used already (a
/// replay). Signatures older than `keep_after` can go: Telegram's older data
/// is refused as expired anyway.
pub async fn claim_signature(
    db: &Db,
    hash: &str,
    now: DateTime<Utc>,
    keep_after: DateTime<Utc>,
) -> sqlx::Result<bool> {
    sqlx::query("DELETE FROM dashboard_signatures WHERE used_at < ?")
        .bind(ts(keep_after))
        .execute(db)
        .await?;
    let done = sqlx::query("INSERT OR IGNORE INTO dashboard_signatures (hash, used_at) VALUES (?, ?)")
        .bind(hash)
        .bind(ts(now))
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn create_link(
    db: &Db,
    token_hash: &str,
    user_id: i64,
    lang: &str,
    expires: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO dashboard_links (token_hash, user_id, lang, expires_at) VALUES (?, ?, ?, ?)")
        .bind(token_hash)
        .bind(user_id)
        .bind(lang)
        .bind(ts(expires))
        .execute(db)
        .await
        .map(drop)
}

/// Uses a one-time link: its user and language, once, while it is fresh.
pub async fn use_link(db: &Db, token_hash: &str, now: DateTime<Utc>) -> sqlx::Result<Option<(i64, String)>> {
    sqlx::query_as(
        "UPDATE dashboard_links SET used_at = ?1
         WHERE token_hash = ?2 AND used_at IS NULL AND expires_at > ?1
         RETURNING user_id, lang",
    )
    .bind(ts(now))
    .bind(token_hash)
    .fetch_optional(db)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[tokio::test]
    async fn a_signature_signs_in_once_and_a_link_opens_once_while_fresh() {
        let (_dir, db) = crate::db::scratch().await;
        let now = Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).single().expect("a date");
        let day_ago = now - Duration::days(1);
        assert!(claim_signature(&db, "abc", now, day_ago).await.expect("claims"));
        assert!(!claim_signature(&db, "abc", now, day_ago).await.expect("claims"), "a replay");

        create_link(&db, "l1", 7, "en", now + Duration::minutes(10)).await.expect("stored");
        assert_eq!(use_link(&db, "l1", now).await.expect("reads"), Some((7, "en".into())));
        assert_eq!(use_link(&db, "l1", now).await.expect("reads"), None, "used");
        create_link(&db, "l2", 7, "en", now + Duration::minutes(10)).await.expect("stored");
        assert_eq!(use_link(&db, "l2", now + Duration::hours(1)).await.expect("reads"), None, "expired");

        create_session(&db, "s1", 7, "ru", "c", now, now + Duration::hours(1)).await.expect("stored");
        assert_eq!(session(&db, "s1", now).await.expect("reads").map(|s| s.user_id), Some(7));
        assert!(session(&db, "s1", now + Duration::hours(2)).await.expect("reads").is_none(), "expired");
        end_session(&db, "s1").await.expect("ends");
        assert!(session(&db, "s1", now).await.expect("reads").is_none());
    }
}
