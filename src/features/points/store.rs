//! Points' SQL: the ledger, badges, the leaderboard and a member's progress
//! (the counts badges are computed from, read from the other features'
//! tables: points is the room below them, so it imports none of them).

use chrono::{DateTime, NaiveDate, Utc};
use teloxide::types::{ChatId, UserId};

use super::logic::{Badge, Reason, Reference};
use crate::db::{Db, ts};

/// One change of points.
#[derive(Debug, Clone)]
pub struct Award {
    pub chat_id: ChatId,
    pub user_id: UserId,
    pub points: i64,
    pub reason: Reason,
    pub reference: Reference,
    pub note: Option<String>,
    pub by: Option<UserId>,
    pub at: DateTime<Utc>,
}

/// Writes an award once: `true` the first time, `false` when the same
/// (chat, user, reason, reference) was already paid.
pub async fn award<'e>(db: impl sqlx::SqliteExecutor<'e>, a: &Award) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO points_ledger (chat_id, user_id, points, reason, reference, note, by_user_id, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(a.chat_id.0)
    .bind(a.user_id.0 as i64)
    .bind(a.points)
    .bind(a.reason.as_str())
    .bind(a.reference.to_string())
    .bind(&a.note)
    .bind(a.by.map(|u| u.0 as i64))
    .bind(ts(a.at))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn total(db: &Db, chat: ChatId, user: UserId) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE chat_id = ? AND user_id = ?")
        .bind(chat.0)
        .bind(user.0 as i64)
        .fetch_one(db)
        .await
}

/// Points by reason for a member.
pub async fn total_for(db: &Db, chat: ChatId, user: UserId, reason: Reason) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE chat_id = ? AND user_id = ? AND reason = ?",
    )
    .bind(chat.0)
    .bind(user.0 as i64)
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

/// The thanks members received in a chat between two dates: (the thanked
/// author, the ledger reference naming the answer and the thanker).
pub async fn thanks_between(
    db: &Db,
    chat_id: i64,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT user_id, reference FROM points_ledger
         WHERE chat_id = ? AND reason = ? AND at >= ? AND at < ? ORDER BY at, entry_id",
    )
    .bind(chat_id)
    .bind(Reason::HelpfulAnswer.as_str())
    .bind(ts(since))
    .bind(ts(until))
    .fetch_all(db)
    .await
}

/// Stores a badge once: `true` the first time.
pub async fn unlock(
    db: &Db,
    chat: ChatId,
    user: UserId,
    badge: Badge,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done =
        sqlx::query("INSERT OR IGNORE INTO badges (chat_id, user_id, badge, earned_at) VALUES (?, ?, ?, ?)")
            .bind(chat.0)
            .bind(user.0 as i64)
            .bind(badge.as_str())
            .bind(ts(at))
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// A member's badges in [`Badge::ALL`] order (unknown names skipped).
pub async fn badges(db: &Db, chat: ChatId, user: UserId) -> sqlx::Result<Vec<Badge>> {
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT badge FROM badges WHERE chat_id = ? AND user_id = ? ORDER BY earned_at, badge",
    )
    .bind(chat.0)
    .bind(user.0 as i64)
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
    pub best_answers: i64,
}

/// How many awards of one reason a member has had.
pub async fn awards(db: &Db, chat: ChatId, user: UserId, reason: Reason) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM points_ledger WHERE chat_id = ? AND user_id = ? AND reason = ?")
        .bind(chat.0)
        .bind(user.0 as i64)
        .bind(reason.as_str())
        .fetch_one(db)
        .await
}

pub async fn progress(db: &Db, chat: ChatId, user: UserId) -> sqlx::Result<Progress> {
    let messages: Option<i64> =
        sqlx::query_scalar("SELECT message_count FROM members WHERE chat_id = ? AND user_id = ?")
            .bind(chat.0)
            .bind(user.0 as i64)
            .fetch_optional(db)
            .await?;
    let introduced: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM onboarding WHERE chat_id = ? AND user_id = ? AND introduced_at IS NOT NULL",
    )
    .bind(chat.0)
    .bind(user.0 as i64)
    .fetch_one(db)
    .await?;
    let helpful_answers = awards(db, chat, user, Reason::HelpfulAnswer).await?;
    let best_answers = awards(db, chat, user, Reason::BestAnswer).await?;
    // A year of days is plenty for a 30-day streak.
    let days: Vec<String> = sqlx::query_scalar(
        "SELECT day FROM activity_daily WHERE chat_id = ? AND user_id = ? ORDER BY day DESC LIMIT 400",
    )
    .bind(chat.0)
    .bind(user.0 as i64)
    .fetch_all(db)
    .await?;
    Ok(Progress {
        messages: messages.unwrap_or(0),
        introduced: introduced > 0,
        helpful_answers,
        qualified_referrals: qualified_referrals(db, chat, user).await?,
        active_days: days.iter().filter_map(|d| d.parse().ok()).collect(),
        ideas_done: ideas_done(db, chat, user).await?,
        best_answers,
    })
}

/// How many of the newcomers a member brought qualified (the referral
/// badges; `referrals` counts with it too, so the two never disagree).
pub async fn qualified_referrals(db: &Db, chat: ChatId, referrer: UserId) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM referrals WHERE chat_id = ? AND referrer_id = ? AND status = 'qualified'",
    )
    .bind(chat.0)
    .bind(referrer.0 as i64)
    .fetch_one(db)
    .await
}

/// A member's ideas that are done (the co-creator badge).
pub async fn ideas_done(db: &Db, chat: ChatId, author: UserId) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM ideas WHERE chat_id = ? AND author_id = ? AND status = 'done'")
        .bind(chat.0)
        .bind(author.0 as i64)
        .fetch_one(db)
        .await
}

/// Introductions posted (onboarding) that have not been paid yet: (chat,
/// member, when).
pub async fn unpaid_introductions(db: &Db) -> sqlx::Result<Vec<(ChatId, UserId, String)>> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT o.chat_id, o.user_id, o.introduced_at FROM onboarding o
         WHERE o.introduced_at IS NOT NULL AND NOT EXISTS (
             SELECT 1 FROM points_ledger l WHERE l.chat_id = o.chat_id AND l.user_id = o.user_id
                 AND l.reason = 'introduction' AND l.reference = 'once')
         LIMIT 500",
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(|(c, u, at)| (ChatId(c), UserId(u as u64), at)).collect())
}

/// Badges unlocked but not announced yet, oldest first.
pub async fn unannounced(db: &Db, limit: i64) -> sqlx::Result<Vec<(ChatId, UserId, Badge)>> {
    let rows: Vec<(i64, i64, String)> = sqlx::query_as(
        "SELECT chat_id, user_id, badge FROM badges WHERE announced = 0 ORDER BY earned_at LIMIT ?",
    )
    .bind(limit)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(c, u, b)| b.parse().ok().map(|b| (ChatId(c), UserId(u as u64), b)))
        .collect())
}

pub async fn mark_announced(db: &Db, chat_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE badges SET announced = 1 WHERE chat_id = ? AND announced = 0")
        .bind(chat_id)
        .execute(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    //! Badge progress reads the tables of other rooms: referrals, ideas,
    //! onboarding and the members' counters kept by the messages triggers.
    use super::*;
    use crate::{
        db::scratch,
        features::referrals,
        kernel::members::testing::{CHAT, chat, joined, posts, t0},
    };

    async fn referral(db: &Db, chat: ChatId, newcomer: i64, referrer: i64, status: &str, void: Option<&str>) {
        sqlx::query(
            "INSERT INTO chats (chat_id, kind, added_at, updated_at) VALUES (?1, 'supergroup', ?2, ?2)
             ON CONFLICT DO NOTHING",
        )
        .bind(chat.0)
        .bind(ts(t0()))
        .execute(db)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO referrals (chat_id, user_id, referrer_id, via, joined_at, status, void_reason)
             VALUES (?, ?, ?, 'link', ?, ?, ?)",
        )
        .bind(chat.0)
        .bind(newcomer)
        .bind(referrer)
        .bind(ts(t0()))
        .bind(status)
        .bind(void)
        .execute(db)
        .await
        .unwrap();
    }

    async fn idea(db: &Db, number: i64, author: i64, status: &str) {
        sqlx::query(
            "INSERT INTO ideas (chat_id, number, author_id, submitted_by, text, status, source_message_id, created_at)
             VALUES (?, ?, ?, ?, 'an idea', ?, ?, ?)",
        )
        .bind(CHAT.0)
        .bind(number)
        .bind(author)
        .bind(author)
        .bind(status)
        .bind(number)
        .bind(ts(t0()))
        .execute(db)
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn badge_progress_counts_what_the_other_rooms_recorded_and_referrals_agree() {
        let (_dir, db) = scratch().await;
        chat(&db).await;
        let (alice, bob) = (UserId(1001), UserId(1002));
        joined(&db, 1001, 40).await;
        joined(&db, 1002, 40).await;
        posts(&db, 1001, 5, 0).await;
        posts(&db, 1002, 2, 3).await;
        // Alice brought four: two qualified, one pending, one void (left);
        // a self-referral does not count, nor a qualified one in another chat.
        referral(&db, CHAT, 2001, 1001, "qualified", None).await;
        referral(&db, CHAT, 2002, 1001, "qualified", None).await;
        referral(&db, CHAT, 2003, 1001, "pending", None).await;
        referral(&db, CHAT, 2004, 1001, "void", Some("left")).await;
        referral(&db, CHAT, 1001, 1001, "void", Some("self_referral")).await;
        referral(&db, ChatId(-100_600), 2005, 1001, "qualified", None).await;
        idea(&db, 1, 1001, "done").await;
        idea(&db, 2, 1001, "open").await;
        idea(&db, 3, 1002, "done").await;
        sqlx::query(
            "INSERT INTO onboarding (chat_id, user_id, joined_at, introduced_at) VALUES (?, ?, ?, ?)",
        )
        .bind(CHAT.0)
        .bind(1001)
        .bind(ts(t0()))
        .bind(ts(t0()))
        .execute(&db)
        .await
        .unwrap();

        let p = progress(&db, CHAT, alice).await.unwrap();
        assert_eq!(p.messages, 5);
        assert_eq!(p.active_days.len(), 5);
        assert!(p.introduced);
        assert_eq!(p.qualified_referrals, 2);
        assert_eq!(p.ideas_done, 1);
        let p = progress(&db, CHAT, bob).await.unwrap();
        assert_eq!((p.messages, p.qualified_referrals, p.ideas_done, p.introduced), (2, 0, 1, false));

        let c = referrals::store::counts(&db, CHAT, alice).await.unwrap();
        assert_eq!((c.invited, c.qualified, c.pending), (4, 2, 1));
        let all = referrals::store::chat_counts(&db, CHAT.0).await.unwrap();
        assert_eq!((all.invited, all.qualified), (4, c.qualified));
    }
}
