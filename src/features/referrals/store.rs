//! Referrals' SQL: members' invite links, deep-link claims, referrals and
//! their settlement (with the ledger, in one transaction).

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, UserId};

use super::logic::VoidReason;
use crate::{
    db::{Db, ts},
    features::points::store::{self as points, Award},
};

/// The member's stored (unrevoked) invite link for the chat.
pub async fn link(db: &Db, chat: ChatId, user: UserId) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT url FROM referral_links WHERE chat_id = ? AND user_id = ? AND revoked_at IS NULL",
    )
    .bind(chat.0)
    .bind(user.0 as i64)
    .fetch_optional(db)
    .await
}

/// Stores a new link unless one exists; returns the link that is stored.
pub async fn save_link(
    db: &Db,
    chat: ChatId,
    user: UserId,
    url: &str,
    name: &str,
    at: DateTime<Utc>,
) -> sqlx::Result<String> {
    sqlx::query(
        "INSERT INTO referral_links (chat_id, user_id, url, name, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (chat_id, user_id) DO UPDATE SET url = excluded.url, name = excluded.name,
             created_at = excluded.created_at, revoked_at = NULL
         WHERE referral_links.revoked_at IS NOT NULL",
    )
    .bind(chat.0)
    .bind(user.0 as i64)
    .bind(url)
    .bind(name)
    .bind(ts(at))
    .execute(db)
    .await?;
    let stored: Option<String> = link(db, chat, user).await?;
    Ok(stored.unwrap_or_else(|| url.to_owned()))
}

/// Who owns a link URL of this chat: `Some((owner, revoked))`.
pub async fn link_owner(db: &Db, chat: ChatId, url: &str) -> sqlx::Result<Option<(UserId, bool)>> {
    let owner: Option<(i64, bool)> = sqlx::query_as(
        "SELECT user_id, revoked_at IS NOT NULL FROM referral_links WHERE chat_id = ? AND url = ?",
    )
    .bind(chat.0)
    .bind(url)
    .fetch_optional(db)
    .await?;
    Ok(owner.map(|(user, revoked)| (UserId(user as u64), revoked)))
}

pub async fn revoke_link(db: &Db, chat: ChatId, url: &str, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE referral_links SET revoked_at = ? WHERE chat_id = ? AND url = ? AND revoked_at IS NULL",
    )
    .bind(ts(at))
    .bind(chat.0)
    .bind(url)
    .execute(db)
    .await?;
    Ok(())
}

/// `/start ref_<code>`: the first claim wins. `true` if this one was stored.
pub async fn claim(
    db: &Db,
    chat: ChatId,
    newcomer: UserId,
    referrer: UserId,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO referral_claims (chat_id, user_id, referrer_id, claimed_at) VALUES (?, ?, ?, ?)",
    )
    .bind(chat.0)
    .bind(newcomer.0 as i64)
    .bind(referrer.0 as i64)
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn claimed_by(db: &Db, chat: ChatId, newcomer: UserId) -> sqlx::Result<Option<UserId>> {
    let referrer: Option<i64> =
        sqlx::query_scalar("SELECT referrer_id FROM referral_claims WHERE chat_id = ? AND user_id = ?")
            .bind(chat.0)
            .bind(newcomer.0 as i64)
            .fetch_optional(db)
            .await?;
    Ok(referrer.map(|r| UserId(r as u64)))
}

/// Records a referral once per newcomer and chat: `true` if it is new.
/// `void` records one that will never count (self-referral, rejoin).
pub async fn record(
    db: &Db,
    chat: ChatId,
    newcomer: UserId,
    referrer: UserId,
    via: &str,
    joined_at: DateTime<Utc>,
    void: Option<VoidReason>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO referrals (chat_id, user_id, referrer_id, via, joined_at, status, void_reason, settled_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CASE WHEN ?7 IS NULL THEN NULL ELSE ?5 END)",
    )
    .bind(chat.0)
    .bind(newcomer.0 as i64)
    .bind(referrer.0 as i64)
    .bind(via)
    .bind(ts(joined_at))
    .bind(if void.is_some() { "void" } else { "pending" })
    .bind(void.map(VoidReason::as_str))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Voids a pending referral; `true` if it was pending.
pub async fn void(
    db: &Db,
    chat: ChatId,
    newcomer: UserId,
    reason: VoidReason,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE referrals SET status = 'void', void_reason = ?, settled_at = ?
         WHERE chat_id = ? AND user_id = ? AND status = 'pending'",
    )
    .bind(reason.as_str())
    .bind(ts(at))
    .bind(chat.0)
    .bind(newcomer.0 as i64)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A pending referral with what qualification needs to know.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Pending {
    pub chat_id: i64,
    pub user_id: i64,
    pub referrer_id: i64,
    pub joined_at: String,
    /// members.status (None: never seen).
    pub status: Option<String>,
    pub join_count: Option<i64>,
    /// Messages posted since joining.
    pub messages: i64,
    /// The onboarding row put the newcomer behind the rules gate.
    pub gated: Option<bool>,
}

impl Pending {
    pub fn chat(&self) -> ChatId {
        ChatId(self.chat_id)
    }

    pub fn newcomer(&self) -> UserId {
        UserId(self.user_id as u64)
    }

    pub fn referrer(&self) -> UserId {
        UserId(self.referrer_id as u64)
    }
}

pub async fn pending(db: &Db) -> sqlx::Result<Vec<Pending>> {
    sqlx::query_as(
        "SELECT r.chat_id, r.user_id, r.referrer_id, r.joined_at, m.status, m.join_count,
             (SELECT COUNT(*) FROM messages g WHERE g.chat_id = r.chat_id AND g.user_id = r.user_id
                 AND g.sent_at >= r.joined_at) AS messages,
             o.gated
         FROM referrals r
         LEFT JOIN members m ON m.chat_id = r.chat_id AND m.user_id = r.user_id
         LEFT JOIN onboarding o ON o.chat_id = r.chat_id AND o.user_id = r.user_id
         WHERE r.status = 'pending' ORDER BY r.joined_at LIMIT 1000",
    )
    .fetch_all(db)
    .await
}

/// Marks a referral qualified and pays both sides, in one transaction:
/// `true` only for the call that did it (the referral was pending and the
/// ledger had no such rewards yet).
pub async fn qualify(db: &Db, r: &Pending, referrer: &Award, newcomer: &Award) -> sqlx::Result<bool> {
    let mut tx = crate::db::begin_write(db).await?;
    let changed = sqlx::query(
        "UPDATE referrals SET status = 'qualified', settled_at = ? WHERE chat_id = ? AND user_id = ? AND status = 'pending'",
    )
    .bind(ts(referrer.at))
    .bind(r.chat_id)
    .bind(r.user_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !changed {
        tx.rollback().await?;
        return Ok(false);
    }
    let paid_referrer = points::award(&mut *tx, referrer).await?;
    let paid_newcomer = points::award(&mut *tx, newcomer).await?;
    tx.commit().await?;
    Ok(paid_referrer || paid_newcomer)
}

/// A member's referrals in one chat.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Joined through the member (self-referrals and rejoins left out).
    pub invited: i64,
    pub qualified: i64,
    pub pending: i64,
}

/// A member's referrals; the qualified ones are counted by points (the
/// referral badges need the same number).
pub async fn counts(db: &Db, chat: ChatId, referrer: UserId) -> sqlx::Result<Counts> {
    let (invited, pending): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(status = 'pending'), 0)
         FROM referrals WHERE chat_id = ? AND referrer_id = ?
             AND COALESCE(void_reason, '') NOT IN ('self_referral', 'rejoin')",
    )
    .bind(chat.0)
    .bind(referrer.0 as i64)
    .fetch_one(db)
    .await?;
    let qualified = points::qualified_referrals(db, chat, referrer).await?;
    Ok(Counts { invited, qualified, pending })
}

/// The chat's referrals overall: (joined by referral, qualified, pending).
pub async fn chat_counts(db: &Db, chat_id: i64) -> sqlx::Result<Counts> {
    let (invited, qualified, pending): (i64, i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(status = 'qualified'), 0), COALESCE(SUM(status = 'pending'), 0)
         FROM referrals WHERE chat_id = ? AND COALESCE(void_reason, '') NOT IN ('self_referral', 'rejoin')",
    )
    .bind(chat_id)
    .fetch_one(db)
    .await?;
    Ok(Counts { invited, qualified, pending })
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TopReferrer {
    pub referrer_id: i64,
    pub invited: i64,
    pub qualified: i64,
}

/// Referrers by qualified referrals (then invited); `window` limits to the
/// referrals that qualified in it.
pub async fn top_referrers(
    db: &Db,
    chat_id: i64,
    window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    limit: i64,
) -> sqlx::Result<Vec<TopReferrer>> {
    match window {
        None => {
            sqlx::query_as(
                "SELECT referrer_id, COUNT(*) AS invited, COALESCE(SUM(status = 'qualified'), 0) AS qualified
                 FROM referrals WHERE chat_id = ? AND COALESCE(void_reason, '') NOT IN ('self_referral', 'rejoin')
                 GROUP BY referrer_id ORDER BY qualified DESC, invited DESC, referrer_id LIMIT ?",
            )
            .bind(chat_id)
            .bind(limit)
            .fetch_all(db)
            .await
        }
        Some((since, until)) => {
            sqlx::query_as(
                "SELECT referrer_id, COUNT(*) AS invited, COUNT(*) AS qualified
                 FROM referrals WHERE chat_id = ? AND status = 'qualified' AND settled_at >= ? AND settled_at < ?
                 GROUP BY referrer_id ORDER BY qualified DESC, referrer_id LIMIT ?",
            )
            .bind(chat_id)
            .bind(ts(since))
            .bind(ts(until))
            .bind(limit)
            .fetch_all(db)
            .await
        }
    }
}

/// A public chat's @username, for a t.me link.
pub async fn chat_username(db: &Db, chat_id: i64) -> sqlx::Result<Option<String>> {
    let name: Option<Option<String>> = sqlx::query_scalar("SELECT username FROM chats WHERE chat_id = ?")
        .bind(chat_id)
        .fetch_optional(db)
        .await?;
    Ok(name.flatten().filter(|u| !u.is_empty()))
}
