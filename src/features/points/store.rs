//! Points' SQL: the ledger, badges, the leaderboard and a member's progress.

use chrono::{DateTime, NaiveDate, Utc};

use super::logic::{Badge, Reason, Reference};
use crate::db::{Db, ts};

/// One change of points.
#[derive(Debug, Clone)]
pub struct Award {
    pub chat_id: i64,
    pub user_id: i64,
    pub points: i64,
    pub reason: Reason,
    pub reference: Reference,
    pub note: Option<String>,
    pub by: Option<i64>,
    pub at: DateTime<Utc>,
}

/// Writes an award once: `true` the first time, `false` when the same
/// (chat, user, reason, reference) was already paid.
pub async fn award<'e>(db: impl sqlx::SqliteExecutor<'e>, a: &Award) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO points_ledger (chat_id, user_id, points, reason, reference, note, by_user_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(a.chat_id)
    .bind(a.user_id)
    .bind(a.points)
    .bind(a.reason.as_str())
    .bind(a.reference.to_string())
    .bind(&a.note)
    .bind(a.by)
    .bind(ts(a.at))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn total(db: &Db, chat_id: i64, user_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE chat_id = ? AND user_id = ?")
        .bind(chat_id)
        .bind(user_id)
        .fetch_one(db)
        .await
}

/// Points by reason for a member.
pub async fn total_for(db: &Db, chat_id: i64, user_id: i64, reason: Reason) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE chat_id = ? AND user_id = ? AND reason = ?",
    )
    .bind(chat_id)
    .bind(user_id)
    .bind(reason.as_str())
    .fetch_one(db)
    .await
}

/// Every member's points since `since` (all time for `None`), highest first;
/// members at zero are left out.
pub async fn leaderboard(
    db: &Db,
    chat_id: i64,
    since: Option<DateTime<Utc>>,
) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as(
        "SELECT user_id, SUM(points) AS total FROM points_ledger
         WHERE chat_id = ? AND (? IS NULL OR at >= ?)
         GROUP BY user_id HAVING total <> 0 ORDER BY total DESC, user_id",
    )
    .bind(chat_id)
    .bind(since.map(ts))
    .bind(since.map(ts))
    .fetch_all(db)
    .await
}

/// The member thanked most often in a window: (user, thanks).
pub async fn most_helpful(
    db: &Db,
    chat_id: i64,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> sqlx::Result<Option<(i64, i64)>> {
    sqlx::query_as(
        "SELECT user_id, COUNT(*) AS n FROM points_ledger
         WHERE chat_id = ? AND reason = ? AND at >= ? AND at < ?
         GROUP BY user_id ORDER BY n DESC, MIN(at), user_id LIMIT 1",
    )
    .bind(chat_id)
    .bind(Reason::HelpfulAnswer.as_str())
    .bind(ts(since))
    .bind(ts(until))
    .fetch_optional(db)
    .await
}

/// Stores a badge once: `true` the first time.
pub async fn unlock(
    db: &Db,
    chat_id: i64,
    user_id: i64,
    badge: Badge,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done =
        sqlx::query("INSERT OR IGNORE INTO badges (chat_id, user_id, badge, earned_at) VALUES (?, ?, ?, ?)")
            .bind(chat_id)
            .bind(user_id)
            .bind(badge.as_str())
            .bind(ts(at))
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// A member's badges in [`Badge::ALL`] order (unknown names skipped).
pub async fn badges(db: &Db, chat_id: i64, user_id: i64) -> sqlx::Result<Vec<Badge>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT badge FROM badges WHERE chat_id = ? AND user_id = ? ORDER BY earned_at, badge",
    )
    .bind(chat_id)
    .bind(user_id)
    .fetch_all(db)
    .await?;
    let mut badges: Vec<Badge> = names.iter().filter_map(|n| n.parse().ok()).collect();
    badges.sort();
    Ok(badges)
}

/// What badges are computed from.
pub struct Progress {
    pub messages: i64,
    pub introduced: bool,
    pub helpful_answers: i64,
    pub qualified_referrals: i64,
    pub active_days: Vec<NaiveDate>,
    pub ideas_done: i64,
}

pub async fn progress(db: &Db, chat_id: i64, user_id: i64) -> sqlx::Result<Progress> {
    let messages: Option<i64> =
        sqlx::query_scalar("SELECT message_count FROM members WHERE chat_id = ? AND user_id = ?")
            .bind(chat_id)
            .bind(user_id)
            .fetch_optional(db)
            .await?;
    let introduced: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM onboarding WHERE chat_id = ? AND user_id = ? AND introduced_at IS NOT NULL",
    )
    .bind(chat_id)
    .bind(user_id)
    .fetch_one(db)
    .await?;
    let helpful_answers: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM points_ledger WHERE chat_id = ? AND user_id = ? AND reason = ?",
    )
    .bind(chat_id)
    .bind(user_id)
    .bind(Reason::HelpfulAnswer.as_str())
    .fetch_one(db)
    .await?;
    let qualified_referrals: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM referrals WHERE chat_id = ? AND referrer_id = ? AND status = 'qualified'",
    )
    .bind(chat_id)
    .bind(user_id)
    .fetch_one(db)
    .await?;
    // A year of days is plenty for a 30-day streak.
    let days: Vec<String> = sqlx::query_scalar(
        "SELECT day FROM activity_daily WHERE chat_id = ? AND user_id = ? ORDER BY day DESC LIMIT 400",
    )
    .bind(chat_id)
    .bind(user_id)
    .fetch_all(db)
    .await?;
    Ok(Progress {
        messages: messages.unwrap_or(0),
        introduced: introduced > 0,
        helpful_answers,
        qualified_referrals,
        active_days: days.iter().filter_map(|d| d.parse().ok()).collect(),
        ideas_done: crate::features::ideas::store::done_by(db, chat_id, user_id).await?,
    })
}

/// Introductions posted (onboarding) that have not been paid yet.
pub async fn unpaid_introductions(db: &Db) -> sqlx::Result<Vec<(i64, i64, String)>> {
    sqlx::query_as(
        "SELECT o.chat_id, o.user_id, o.introduced_at FROM onboarding o
         WHERE o.introduced_at IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM points_ledger l WHERE l.chat_id = o.chat_id AND l.user_id = o.user_id
                 AND l.reason = 'introduction' AND l.reference = 'once')
         LIMIT 500",
    )
    .fetch_all(db)
    .await
}

/// A member's standing in a chat for /me.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct Member {
    pub since: Option<String>,
    pub message_count: i64,
}

pub async fn member(db: &Db, chat_id: i64, user_id: i64) -> sqlx::Result<Option<Member>> {
    sqlx::query_as(
        "SELECT COALESCE(joined_at, first_seen_at) AS since, message_count FROM members
         WHERE chat_id = ? AND user_id = ?",
    )
    .bind(chat_id)
    .bind(user_id)
    .fetch_optional(db)
    .await
}

/// Group chats the bot is in (for the weekly digest).
pub async fn active_groups(db: &Db) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT chat_id FROM chats WHERE kind IN ('group', 'supergroup') AND bot_status NOT IN ('left', 'kicked')",
    )
    .fetch_all(db)
    .await
}

/// Badges unlocked but not announced yet, oldest first.
pub async fn unannounced(db: &Db, limit: i64) -> sqlx::Result<Vec<(i64, i64, Badge)>> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT chat_id, user_id, badge FROM badges WHERE announced = 0 ORDER BY earned_at LIMIT ?",
    )
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().filter_map(|(c, u, b)| b.parse().ok().map(|b| (c, u, b))).collect())
}

pub async fn mark_announced(db: &Db, chat_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE badges SET announced = 1 WHERE chat_id = ? AND announced = 0")
        .bind(chat_id)
        .execute(db)
        .await?;
    Ok(())
}
