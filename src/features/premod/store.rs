//! Premoderation's SQL: the places it is on (`premod_places`) and the held
//! posts (`premod_posts`, migration 0030). A decision is one conditional
//! UPDATE from `pending`, so two presses at once act once.

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, UserId};

use super::logic::{Media, RejectReason, Status};
use crate::db::{self, Db};

/// The places of a chat where premoderation is on (`WHOLE_CHAT` or topics).
pub async fn places(db: &Db, chat: ChatId) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT thread_id FROM premod_places WHERE chat_id = ? ORDER BY thread_id")
        .bind(chat.0)
        .fetch_all(db)
        .await
}

/// Turns premoderation on in a place; `false` when it already was.
pub async fn enable(db: &Db, chat: ChatId, place: i64, by: UserId, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO premod_places (chat_id, thread_id, enabled_by, enabled_at) VALUES (?, ?, ?, ?)",
    )
    .bind(chat.0)
    .bind(place)
    .bind(by.0 as i64)
    .bind(db::ts(at))
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Turns it off in a place; `false` when it was not on there.
pub async fn disable(db: &Db, chat: ChatId, place: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM premod_places WHERE chat_id = ? AND thread_id = ?")
        .bind(chat.0)
        .bind(place)
        .execute(db)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// A post to hold.
pub struct NewPost<'a> {
    pub chat: ChatId,
    pub message_id: i32,
    pub thread_id: Option<i32>,
    pub author: UserId,
    pub body_html: &'a str,
    pub media: Option<(Media, &'a str)>,
    pub at: DateTime<Utc>,
}

/// Holds a post; its id, or `None` when this message is already held (a
/// replayed update).
pub async fn hold(db: &Db, p: &NewPost<'_>) -> sqlx::Result<Option<i64>> {
    let id = sqlx::query_scalar(
        "INSERT INTO premod_posts (chat_id, message_id, thread_id, author_id, body_html, media, file_id, held_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (chat_id, message_id) DO NOTHING RETURNING post_id",
    )
    .bind(p.chat.0)
    .bind(p.message_id)
    .bind(p.thread_id)
    .bind(p.author.0 as i64)
    .bind(p.body_html)
    .bind(p.media.map(|(m, _)| m.as_str()))
    .bind(p.media.map(|(_, f)| f))
    .bind(db::ts(p.at))
    .fetch_optional(db)
    .await?;
    Ok(id)
}

/// Lets go of a post that could not be held (the bot could not delete it).
pub async fn release(db: &Db, post_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM premod_posts WHERE post_id = ? AND status = 'pending'")
        .bind(post_id)
        .execute(db)
        .await?;
    Ok(())
}

/// A held post, as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Post {
    pub post_id: i64,
    pub chat_id: i64,
    pub message_id: i64,
    pub thread_id: Option<i32>,
    pub author_id: i64,
    pub body_html: String,
    pub media: Option<String>,
    pub file_id: Option<String>,
    pub status: String,
    pub decided_by: Option<i64>,
    pub reason: Option<String>,
}

impl Post {
    pub fn status(&self) -> Status {
        self.status.parse().unwrap_or(Status::Pending)
    }

    /// Its photo or document, when it has one.
    pub fn media(&self) -> Option<(Media, &str)> {
        Some((self.media.as_deref()?.parse().ok()?, self.file_id.as_deref()?))
    }
}

pub async fn post(db: &Db, post_id: i64) -> sqlx::Result<Option<Post>> {
    sqlx::query_as(
        "SELECT post_id, chat_id, message_id, thread_id, author_id, body_html, media, file_id, status,
                decided_by, reason
         FROM premod_posts WHERE post_id = ?",
    )
    .bind(post_id)
    .fetch_optional(db)
    .await
}

/// Decides a pending post: `true` for the one press that did.
pub async fn decide(
    db: &Db,
    post_id: i64,
    verdict: Status,
    by: UserId,
    reason: Option<RejectReason>,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE premod_posts SET status = ?, decided_by = ?, decided_at = ?, reason = ?
         WHERE post_id = ? AND status = 'pending'",
    )
    .bind(verdict.as_str())
    .bind(by.0 as i64)
    .bind(db::ts(at))
    .bind(reason.map(RejectReason::as_str))
    .bind(post_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Back to pending: an approval whose repost Telegram refused.
pub async fn reopen(db: &Db, post_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE premod_posts SET status = 'pending', decided_by = NULL, decided_at = NULL, reason = NULL
         WHERE post_id = ?",
    )
    .bind(post_id)
    .execute(db)
    .await?;
    Ok(())
}

pub async fn set_repost(db: &Db, post_id: i64, message_id: i32) -> sqlx::Result<()> {
    sqlx::query("UPDATE premod_posts SET repost_message_id = ? WHERE post_id = ?")
        .bind(message_id)
        .bind(post_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn set_author_told(db: &Db, post_id: i64, told: bool) -> sqlx::Result<()> {
    sqlx::query("UPDATE premod_posts SET author_told = ? WHERE post_id = ?")
        .bind(told)
        .bind(post_id)
        .execute(db)
        .await?;
    Ok(())
}

/// The reason moderation's log gives a held post's removal.
pub const HOLD_REASON: &str = "premoderation";

/// An approved post counts for its author again: the removal logged when it
/// was held (which trust subtracts from the member's messages) is dropped.
pub async fn forget_removal(db: &Db, chat: ChatId, message_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM mod_log WHERE chat_id = ? AND source_message_id = ? AND action = 'delete'
           AND automatic = 1 AND reason = ?",
    )
    .bind(chat.0)
    .bind(message_id)
    .bind(HOLD_REASON)
    .execute(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::members::testing::{CHAT, chat, t0};

    fn new_post(message_id: i32) -> NewPost<'static> {
        NewPost {
            chat: CHAT,
            message_id,
            thread_id: Some(5),
            author: UserId(7),
            body_html: "<b>hi</b>",
            media: Some((Media::Photo, "file-1")),
            at: t0(),
        }
    }

    #[tokio::test]
    async fn a_post_is_held_once_and_decided_once() {
        let (_dir, db) = db::scratch().await;
        chat(&db).await;
        let id = hold(&db, &new_post(10)).await.unwrap().expect("held");
        assert_eq!(hold(&db, &new_post(10)).await.unwrap(), None, "a replay holds nothing twice");
        let post = post(&db, id).await.unwrap().unwrap();
        assert_eq!((post.status(), post.media()), (Status::Pending, Some((Media::Photo, "file-1"))));
        assert!(decide(&db, id, Status::Approved, UserId(1), None, t0()).await.unwrap());
        assert!(!decide(&db, id, Status::Rejected, UserId(2), Some(RejectReason::Spam), t0()).await.unwrap());
        let post = super::post(&db, id).await.unwrap().unwrap();
        assert_eq!((post.status(), post.decided_by, post.reason), (Status::Approved, Some(1), None));
        reopen(&db, id).await.unwrap();
        assert_eq!(super::post(&db, id).await.unwrap().unwrap().status(), Status::Pending);
    }

    #[tokio::test]
    async fn places_switch_and_the_hold_is_forgotten_on_approval() {
        let (_dir, db) = db::scratch().await;
        chat(&db).await;
        assert!(enable(&db, CHAT, 5, UserId(1), t0()).await.unwrap());
        assert!(!enable(&db, CHAT, 5, UserId(1), t0()).await.unwrap());
        assert!(enable(&db, CHAT, 0, UserId(1), t0()).await.unwrap());
        assert_eq!(places(&db, CHAT).await.unwrap(), vec![0, 5]);
        assert!(disable(&db, CHAT, 5).await.unwrap() && !disable(&db, CHAT, 5).await.unwrap());
        sqlx::query(
            "INSERT INTO mod_log (chat_id, source_message_id, action, target_id, automatic, reason, at)
             VALUES (?, 10, 'delete', 7, 1, ?, ?)",
        )
        .bind(CHAT.0)
        .bind(HOLD_REASON)
        .bind(db::ts(t0()))
        .execute(&db)
        .await
        .unwrap();
        forget_removal(&db, CHAT, 10).await.unwrap();
        let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM mod_log").fetch_one(&db).await.unwrap();
        assert_eq!(left, 0);
    }
}
