//! Entry's SQL: requests to join and their decisions, each chat's entry
//! texts, personal invite links, access-code tries, and the churns acted on.

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, UserId};

use super::logic::{How, LinkKind, Mode, Status};
use crate::db::{Db, parse_ts, ts};

// ------------------------------------------------------------------ requests

/// A request to join as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Request {
    pub request_id: i64,
    pub chat_id: i64,
    pub user_id: i64,
    pub user_chat_id: i64,
    pub requested_at: String,
    pub status: String,
    pub decided_how: Option<String>,
    pub decided_by: Option<i64>,
    pub answer: Option<String>,
}

impl Request {
    pub fn chat(&self) -> ChatId {
        ChatId(self.chat_id)
    }

    pub fn user(&self) -> UserId {
        UserId(self.user_id as u64)
    }

    pub fn status(&self) -> Status {
        self.status.parse().unwrap_or(Status::Pending)
    }

    pub fn how(&self) -> Option<How> {
        self.decided_how.as_deref().and_then(|h| h.parse().ok())
    }

    pub fn requested_at(&self) -> Option<DateTime<Utc>> {
        parse_ts(&self.requested_at)
    }
}

const REQUEST: &str = "SELECT request_id, chat_id, user_id, user_chat_id, requested_at, status, decided_how,
    decided_by, answer FROM entry_requests";

/// Records a request; its id the first time, `None` for a repeated delivery.
pub async fn add_request(
    db: &Db,
    chat: ChatId,
    user: UserId,
    user_chat_id: i64,
    at: DateTime<Utc>,
    invite_link: Option<&str>,
) -> sqlx::Result<Option<i64>> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO entry_requests (chat_id, user_id, user_chat_id, requested_at, invite_link)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(chat.0)
    .bind(user.0 as i64)
    .bind(user_chat_id)
    .bind(ts(at))
    .bind(invite_link)
    .execute(db)
    .await?;
    Ok((done.rows_affected() == 1).then(|| done.last_insert_rowid()))
}

pub async fn request(db: &Db, request_id: i64) -> sqlx::Result<Option<Request>> {
    sqlx::query_as(&format!("{REQUEST} WHERE request_id = ?")).bind(request_id).fetch_optional(db).await
}

/// A user's pending requests, in every chat.
pub async fn pending_of(db: &Db, user: UserId) -> sqlx::Result<Vec<Request>> {
    sqlx::query_as(&format!("{REQUEST} WHERE user_id = ? AND status = 'pending' ORDER BY request_id"))
        .bind(user.0 as i64)
        .fetch_all(db)
        .await
}

/// Pending requests made at or before `before`, oldest first.
pub async fn pending_before(db: &Db, before: DateTime<Utc>) -> sqlx::Result<Vec<Request>> {
    sqlx::query_as(&format!(
        "{REQUEST} WHERE status = 'pending' AND requested_at <= ? ORDER BY requested_at LIMIT 500"
    ))
    .bind(ts(before))
    .fetch_all(db)
    .await
}

pub async fn set_answer(db: &Db, request_id: i64, answer: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE entry_requests SET answer = ? WHERE request_id = ?")
        .bind(answer)
        .bind(request_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn mark_posted(db: &Db, request_id: i64, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE entry_requests SET posted_at = ? WHERE request_id = ?")
        .bind(ts(at))
        .bind(request_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Decides a pending request (once: `false` when it was no longer pending).
pub async fn claim(
    db: &Db,
    request_id: i64,
    status: Status,
    how: How,
    by: Option<UserId>,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE entry_requests SET status = ?, decided_how = ?, decided_by = ?, decided_at = ?
         WHERE request_id = ? AND status = 'pending'",
    )
    .bind(status.as_str())
    .bind(how.as_str())
    .bind(by.map(|u| u.0 as i64))
    .bind(ts(at))
    .bind(request_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Telegram said no: the request is pending again.
pub async fn reopen(db: &Db, request_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE entry_requests SET status = 'pending', decided_how = NULL, decided_by = NULL, decided_at = NULL
         WHERE request_id = ?",
    )
    .bind(request_id)
    .execute(db)
    .await?;
    Ok(())
}

/// The applicant had withdrawn: the claimed decision becomes `gone`.
pub async fn mark_gone(db: &Db, request_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE entry_requests SET status = 'gone', decided_how = 'withdrawn' WHERE request_id = ?")
        .bind(request_id)
        .execute(db)
        .await?;
    Ok(())
}

// ------------------------------------------------------------------ chats

/// The chat's entry question (`None`: the default).
pub async fn question(db: &Db, chat: ChatId) -> sqlx::Result<Option<String>> {
    let q: Option<Option<String>> = sqlx::query_scalar("SELECT question FROM entry_chats WHERE chat_id = ?")
        .bind(chat.0)
        .fetch_optional(db)
        .await?;
    Ok(q.flatten())
}

pub async fn set_question(db: &Db, chat: ChatId, question: Option<&str>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO entry_chats (chat_id, question) VALUES (?, ?)
         ON CONFLICT (chat_id) DO UPDATE SET question = excluded.question",
    )
    .bind(chat.0)
    .bind(question)
    .execute(db)
    .await?;
    Ok(())
}

/// Where a refused applicant can become a customer (`/setentrylink`).
pub async fn refusal_link(db: &Db, chat: ChatId) -> sqlx::Result<Option<String>> {
    let l: Option<Option<String>> =
        sqlx::query_scalar("SELECT refusal_link FROM entry_chats WHERE chat_id = ?")
            .bind(chat.0)
            .fetch_optional(db)
            .await?;
    Ok(l.flatten())
}

pub async fn set_refusal_link(db: &Db, chat: ChatId, url: Option<&str>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO entry_chats (chat_id, refusal_link) VALUES (?, ?)
         ON CONFLICT (chat_id) DO UPDATE SET refusal_link = excluded.refusal_link",
    )
    .bind(chat.0)
    .bind(url)
    .execute(db)
    .await?;
    Ok(())
}

/// Records that the admins were told the bot lacks the invite right;
/// `true` the first time (until `clear_rights_warning`).
pub async fn warn_rights_once(db: &Db, chat: ChatId, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO entry_chats (chat_id, rights_warned_at) VALUES (?, ?)
         ON CONFLICT (chat_id) DO UPDATE SET rights_warned_at = excluded.rights_warned_at
         WHERE entry_chats.rights_warned_at IS NULL",
    )
    .bind(chat.0)
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn clear_rights_warning(db: &Db, chat: ChatId) -> sqlx::Result<()> {
    sqlx::query("UPDATE entry_chats SET rights_warned_at = NULL WHERE chat_id = ?")
        .bind(chat.0)
        .execute(db)
        .await?;
    Ok(())
}

/// The chats the bot is in whose `entry` setting is one of `modes`.
pub async fn chats_in(db: &Db, modes: &[Mode]) -> sqlx::Result<Vec<ChatId>> {
    let mut chats = Vec::new();
    for mode in modes {
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT s.chat_id FROM chat_settings s JOIN chats c ON c.chat_id = s.chat_id
             WHERE s.key = 'entry' AND s.value = ? AND c.bot_status NOT IN ('left', 'kicked')
             ORDER BY s.chat_id",
        )
        .bind(mode.as_str())
        .fetch_all(db)
        .await?;
        chats.extend(ids.into_iter().map(ChatId));
    }
    Ok(chats)
}

// ------------------------------------------------------------------ links

/// A personal invite link the bot made.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct EntryLink {
    pub url: String,
    pub chat_id: i64,
    pub customer_id: String,
    pub kind: String,
    pub joined_user_id: Option<i64>,
}

impl EntryLink {
    pub fn kind(&self) -> Option<LinkKind> {
        self.kind.parse().ok()
    }
}

/// A link of this kind made for the customer, not used or revoked yet.
pub async fn unused_link(
    db: &Db,
    chat: ChatId,
    customer_id: &str,
    kind: LinkKind,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "SELECT url FROM entry_links WHERE chat_id = ? AND customer_id = ? AND kind = ?
           AND joined_user_id IS NULL AND revoked_at IS NULL ORDER BY created_at DESC LIMIT 1",
    )
    .bind(chat.0)
    .bind(customer_id)
    .bind(kind.as_str())
    .fetch_optional(db)
    .await
}

/// A link just made.
pub struct NewLink<'a> {
    pub url: &'a str,
    pub chat: ChatId,
    pub customer_id: &'a str,
    pub kind: LinkKind,
    pub name: &'a str,
    pub by: Option<UserId>,
    pub at: DateTime<Utc>,
}

pub async fn save_link(db: &Db, link: &NewLink<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT OR IGNORE INTO entry_links (url, chat_id, customer_id, kind, name, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(link.url)
    .bind(link.chat.0)
    .bind(link.customer_id)
    .bind(link.kind.as_str())
    .bind(link.name)
    .bind(link.by.map(|u| u.0 as i64))
    .bind(ts(link.at))
    .execute(db)
    .await?;
    Ok(())
}

pub async fn link_by_url(db: &Db, chat: ChatId, url: &str) -> sqlx::Result<Option<EntryLink>> {
    sqlx::query_as(
        "SELECT url, chat_id, customer_id, kind, joined_user_id FROM entry_links WHERE chat_id = ? AND url = ?",
    )
    .bind(chat.0)
    .bind(url)
    .fetch_optional(db)
    .await
}

/// Who came through the link (the first only): `true` the first time.
pub async fn mark_joined(db: &Db, url: &str, user: UserId, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE entry_links SET joined_user_id = ?, joined_at = ? WHERE url = ? AND joined_user_id IS NULL",
    )
    .bind(user.0 as i64)
    .bind(ts(at))
    .bind(url)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn mark_revoked(db: &Db, url: &str, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE entry_links SET revoked_at = ? WHERE url = ? AND revoked_at IS NULL")
        .bind(ts(at))
        .bind(url)
        .execute(db)
        .await?;
    Ok(())
}

/// Founders of a chat: invited (links made), joined through them, and of
/// those, who posted at least once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct FounderCounts {
    pub invited: i64,
    pub joined: i64,
    pub posted: i64,
}

pub async fn founder_counts(db: &Db, chat: ChatId) -> sqlx::Result<FounderCounts> {
    sqlx::query_as(
        "SELECT COUNT(DISTINCT l.customer_id) AS invited,
                COUNT(DISTINCT l.joined_user_id) AS joined,
                COUNT(DISTINCT CASE WHEN m.message_count > 0 THEN l.joined_user_id END) AS posted
         FROM entry_links l
         LEFT JOIN members m ON m.chat_id = l.chat_id AND m.user_id = l.joined_user_id
         WHERE l.chat_id = ? AND l.kind = 'founder'",
    )
    .bind(chat.0)
    .fetch_one(db)
    .await
}

// ------------------------------------------------------------------ codes

pub async fn record_attempt(db: &Db, user: UserId, at: DateTime<Utc>, ok: bool) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO entry_code_attempts (user_id, at, ok) VALUES (?, ?, ?)")
        .bind(user.0 as i64)
        .bind(ts(at))
        .bind(ok)
        .execute(db)
        .await?;
    Ok(())
}

/// When the account typed wrong codes since `since`.
pub async fn wrong_since(db: &Db, user: UserId, since: DateTime<Utc>) -> sqlx::Result<Vec<DateTime<Utc>>> {
    let at: Vec<String> =
        sqlx::query_scalar("SELECT at FROM entry_code_attempts WHERE user_id = ? AND ok = 0 AND at > ?")
            .bind(user.0 as i64)
            .bind(ts(since))
            .fetch_all(db)
            .await?;
    Ok(at.iter().filter_map(|a| parse_ts(a)).collect())
}

// ------------------------------------------------------------------ churn

/// A churn the policy acted on.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Churn {
    pub customer_id: String,
    pub churned_at: String,
    pub user_id: i64,
}

/// Records that this churn of the customer was acted on: `true` the first time.
pub async fn claim_churn(db: &Db, churn: &Churn, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO entry_churn (customer_id, churned_at, user_id, noticed_at) VALUES (?, ?, ?, ?)",
    )
    .bind(&churn.customer_id)
    .bind(&churn.churned_at)
    .bind(churn.user_id)
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn churn_noticed(db: &Db, customer_id: &str, churned_at: &str) -> sqlx::Result<bool> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM entry_churn WHERE customer_id = ? AND churned_at = ?")
            .bind(customer_id)
            .bind(churned_at)
            .fetch_one(db)
            .await?;
    Ok(n > 0)
}

/// Records a removal from the chat for this churn: `true` the first time.
pub async fn claim_removal(db: &Db, chat: ChatId, churn: &Churn, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO entry_removals (chat_id, customer_id, churned_at, user_id, removed_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(chat.0)
    .bind(&churn.customer_id)
    .bind(&churn.churned_at)
    .bind(churn.user_id)
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Churns acted on whose customer has not been welcomed back.
pub async fn unwelcomed(db: &Db) -> sqlx::Result<Vec<Churn>> {
    sqlx::query_as(
        "SELECT customer_id, churned_at, user_id FROM entry_churn WHERE welcomed_back_at IS NULL
         ORDER BY noticed_at LIMIT 1000",
    )
    .fetch_all(db)
    .await
}

pub async fn mark_welcomed_back(db: &Db, churn: &Churn, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE entry_churn SET welcomed_back_at = ? WHERE customer_id = ? AND churned_at = ?")
        .bind(ts(at))
        .bind(&churn.customer_id)
        .bind(&churn.churned_at)
        .execute(db)
        .await?;
    Ok(())
}

/// The chats the member was removed from for this churn.
pub async fn removed_from(db: &Db, churn: &Churn) -> sqlx::Result<Vec<ChatId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "SELECT chat_id FROM entry_removals WHERE customer_id = ? AND churned_at = ? ORDER BY chat_id",
    )
    .bind(&churn.customer_id)
    .bind(&churn.churned_at)
    .fetch_all(db)
    .await?;
    Ok(ids.into_iter().map(ChatId).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_request_is_decided_once() {
        let (_dir, db) = crate::db::scratch().await;
        let (chat, user, at) = (ChatId(-100), UserId(7), Utc::now());
        let id = add_request(&db, chat, user, 7, at, None).await.unwrap().unwrap();
        assert_eq!(add_request(&db, chat, user, 7, at, None).await.unwrap(), None, "a repeated delivery");
        assert_eq!(pending_of(&db, user).await.unwrap().len(), 1);
        assert!(claim(&db, id, Status::Approved, How::Admin, Some(UserId(1)), at).await.unwrap());
        assert!(!claim(&db, id, Status::Declined, How::Admin, Some(UserId(2)), at).await.unwrap());
        let r = request(&db, id).await.unwrap().unwrap();
        assert_eq!((r.status(), r.how(), r.decided_by), (Status::Approved, Some(How::Admin), Some(1)));
        reopen(&db, id).await.unwrap();
        assert_eq!(pending_before(&db, at).await.unwrap().len(), 1);
        assert!(claim(&db, id, Status::Declined, How::Fallback, None, at).await.unwrap());
        mark_gone(&db, id).await.unwrap();
        assert_eq!(request(&db, id).await.unwrap().unwrap().status(), Status::Gone);
        assert!(pending_of(&db, user).await.unwrap().is_empty());
    }

    #[tokio::test]
    async fn the_rights_warning_goes_once_until_cleared() {
        let (_dir, db) = crate::db::scratch().await;
        let (chat, at) = (ChatId(-100), Utc::now());
        set_question(&db, chat, Some("Why?")).await.unwrap();
        assert!(warn_rights_once(&db, chat, at).await.unwrap());
        assert!(!warn_rights_once(&db, chat, at).await.unwrap());
        clear_rights_warning(&db, chat).await.unwrap();
        assert!(warn_rights_once(&db, chat, at).await.unwrap());
        assert_eq!(question(&db, chat).await.unwrap().as_deref(), Some("Why?"));
        assert_eq!(refusal_link(&db, chat).await.unwrap(), None);
    }
}
