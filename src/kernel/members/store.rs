//! SQL for chats, users and members. Every write that counts something is
//! keyed by Telegram's ids, so replays change nothing twice.

use chrono::{DateTime, Utc};
use teloxide::types::{Chat, ChatId, User, UserId};

use crate::db::{Db, ts};

pub async fn upsert_chat(db: &Db, chat: &Chat, at: DateTime<Utc>) -> sqlx::Result<()> {
    let kind = if chat.is_private() {
        "private"
    } else if chat.is_supergroup() {
        "supergroup"
    } else if chat.is_group() {
        "group"
    } else {
        "channel"
    };
    sqlx::query(
        "INSERT INTO chats (chat_id, kind, title, username, is_forum, added_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
         ON CONFLICT (chat_id) DO UPDATE SET kind = excluded.kind,
             title = COALESCE(excluded.title, chats.title),
             username = excluded.username, is_forum = excluded.is_forum,
             updated_at = excluded.updated_at",
    )
    .bind(chat.id.0)
    .bind(kind)
    .bind(chat.title())
    .bind(chat.username())
    .bind(is_forum(chat))
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(())
}

/// Whether a chat is a forum supergroup (has topics).
pub fn is_forum(chat: &Chat) -> bool {
    use teloxide::types::{ChatKind, ChatPublic, PublicChatKind, PublicChatSupergroup};
    matches!(
        &chat.kind,
        ChatKind::Public(ChatPublic {
            kind: PublicChatKind::Supergroup(PublicChatSupergroup { is_forum: true, .. }),
            ..
        })
    )
}

pub async fn upsert_user(db: &Db, user: &User, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO users (user_id, first_name, last_name, username, language_code, is_bot, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET first_name = excluded.first_name,
             last_name = excluded.last_name, username = excluded.username,
             language_code = COALESCE(excluded.language_code, users.language_code),
             updated_at = excluded.updated_at",
    )
    .bind(user.id.0 as i64)
    .bind(&user.first_name)
    .bind(&user.last_name)
    .bind(&user.username)
    .bind(&user.language_code)
    .bind(user.is_bot)
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(())
}

/// Makes sure a member row exists (first seen now).
pub async fn touch_member(db: &Db, chat: ChatId, user: UserId, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT OR IGNORE INTO members (chat_id, user_id, status, first_seen_at) VALUES (?, ?, 'member', ?)",
    )
    .bind(chat.0)
    .bind(user.0 as i64)
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JoinKind {
    /// The first join the bot has seen.
    First,
    /// Back after leaving.
    Returning,
    /// Already present: the second report of the same join (Telegram sends a
    /// chat_member update and a new_chat_members message) or a replay.
    Duplicate,
}

/// Records a join with Telegram's date. A real join gets `First` or
/// `Returning` until its features have reacted to it (`join_handled`): a
/// replay after a crash reacts again, a report after that is a `Duplicate`
/// (one in flight is caught in memory, by `members::claim_join`).
pub async fn record_join(
    db: &Db,
    chat: ChatId,
    user: UserId,
    at: DateTime<Utc>,
    invite_link: Option<&str>,
) -> sqlx::Result<JoinKind> {
    let mut tx = crate::db::begin_write(db).await?;
    let row: Option<(String, i64, i64)> = sqlx::query_as(
        "SELECT status, join_count, joins_handled FROM members WHERE chat_id = ? AND user_id = ?",
    )
    .bind(chat.0)
    .bind(user.0 as i64)
    .fetch_optional(&mut *tx)
    .await?;
    let (kind, new_join) = match row {
        None => (JoinKind::First, true),
        Some((status, _, _)) if status == "left" || status == "kicked" => (JoinKind::Returning, true),
        // Seen speaking before any join was recorded: this is their join.
        Some((_, 0, _)) => (JoinKind::First, true),
        // Recorded, but the features never finished reacting to it (the
        // process was killed in between, or they failed): the join again.
        Some((_, joins, handled)) if handled < joins => {
            (if joins == 1 { JoinKind::First } else { JoinKind::Returning }, false)
        }
        Some(_) => (JoinKind::Duplicate, false),
    };
    if new_join {
        let at_s = ts(at);
        sqlx::query(
            "INSERT INTO members (chat_id, user_id, status, first_seen_at, joined_at, join_count)
             VALUES (?1, ?2, 'member', ?3, ?3, 1)
             ON CONFLICT (chat_id, user_id) DO UPDATE SET status = 'member', joined_at = ?3,
                 left_at = NULL, join_count = members.join_count + 1",
        )
        .bind(chat.0)
        .bind(user.0 as i64)
        .bind(&at_s)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT OR IGNORE INTO member_events (chat_id, user_id, kind, at, invite_link) VALUES (?, ?, 'joined', ?, ?)",
        )
        .bind(chat.0)
        .bind(user.0 as i64)
        .bind(&at_s)
        .bind(invite_link)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(kind)
}

/// The features have reacted to the member's latest join.
pub async fn join_handled(db: &Db, chat: ChatId, user: UserId) -> sqlx::Result<()> {
    sqlx::query("UPDATE members SET joins_handled = join_count WHERE chat_id = ? AND user_id = ?")
        .bind(chat.0)
        .bind(user.0 as i64)
        .execute(db)
        .await?;
    Ok(())
}

/// Records a leave (or a ban); `true` if the member was present.
pub async fn record_leave(
    db: &Db,
    chat: ChatId,
    user: UserId,
    at: DateTime<Utc>,
    status: &str,
) -> sqlx::Result<bool> {
    let mut tx = crate::db::begin_write(db).await?;
    let at_s = ts(at);
    let changed = sqlx::query(
        "UPDATE members SET status = ?, left_at = ? WHERE chat_id = ? AND user_id = ? AND status NOT IN ('left', 'kicked')",
    )
    .bind(status)
    .bind(&at_s)
    .bind(chat.0)
    .bind(user.0 as i64)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if changed {
        sqlx::query(
            "INSERT OR IGNORE INTO member_events (chat_id, user_id, kind, at) VALUES (?, ?, 'left', ?)",
        )
        .bind(chat.0)
        .bind(user.0 as i64)
        .bind(&at_s)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(changed)
}

pub async fn set_member_status(db: &Db, chat: ChatId, user: UserId, status: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE members SET status = ? WHERE chat_id = ? AND user_id = ?")
        .bind(status)
        .bind(chat.0)
        .bind(user.0 as i64)
        .execute(db)
        .await?;
    Ok(())
}

pub struct BotRights {
    pub status: &'static str,
    pub can_restrict: bool,
    pub can_delete: bool,
    pub can_invite: bool,
}

pub async fn set_bot_status(db: &Db, chat_id: i64, r: &BotRights, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE chats SET bot_status = ?, bot_can_restrict = ?, bot_can_delete = ?, bot_can_invite = ?,
             updated_at = ? WHERE chat_id = ?",
    )
    .bind(r.status)
    .bind(r.can_restrict)
    .bind(r.can_delete)
    .bind(r.can_invite)
    .bind(ts(at))
    .bind(chat_id)
    .execute(db)
    .await?;
    Ok(())
}

/// The user started the bot (or wrote to it): it may DM them again.
pub async fn mark_dm_open(db: &Db, user_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET dm_open = 1, dm_unreachable_at = NULL WHERE user_id = ?")
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

/// A 403 came back: no more DMs until they /start the bot again.
pub async fn mark_unreachable(db: &Db, user_id: i64, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE users SET dm_open = 0, dm_unreachable_at = ? WHERE user_id = ?")
        .bind(ts(at))
        .bind(user_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn dm_open(db: &Db, user_id: i64) -> sqlx::Result<bool> {
    let open: Option<bool> = sqlx::query_scalar("SELECT dm_open FROM users WHERE user_id = ?")
        .bind(user_id)
        .fetch_optional(db)
        .await?;
    Ok(open.unwrap_or(false))
}

/// Groups the user is in that the bot is also in (for a DM /start): 20 at most.
pub async fn shared_chats(db: &Db, user_id: i64) -> sqlx::Result<Vec<(i64, String)>> {
    shared_chats_up_to(db, user_id, 20).await
}

/// `shared_chats`, `limit` at most, by title.
pub async fn shared_chats_up_to(db: &Db, user_id: i64, limit: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT c.chat_id, COALESCE(c.title, '') FROM members m JOIN chats c ON c.chat_id = m.chat_id
         WHERE m.user_id = ? AND m.status NOT IN ('left', 'kicked')
           AND c.kind IN ('group', 'supergroup') AND c.bot_status NOT IN ('left', 'kicked')
         ORDER BY c.title LIMIT ?",
    )
    .bind(user_id)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// A user's name parts, if the bot has met them.
pub async fn user_name(db: &Db, user_id: i64) -> sqlx::Result<Option<(String, Option<String>)>> {
    sqlx::query_as("SELECT first_name, last_name FROM users WHERE user_id = ?")
        .bind(user_id)
        .fetch_optional(db)
        .await
}

/// Title of a chat the bot knows.
pub async fn chat_title(db: &Db, chat_id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT COALESCE(title, '') FROM chats WHERE chat_id = ?")
        .bind(chat_id)
        .fetch_optional(db)
        .await
}

/// Whether the user is (as far as the bot knows) present in the chat.
pub async fn is_present(db: &Db, chat: ChatId, user: UserId) -> sqlx::Result<bool> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM members WHERE chat_id = ? AND user_id = ?")
            .bind(chat.0)
            .bind(user.0 as i64)
            .fetch_optional(db)
            .await?;
    Ok(status.is_some_and(|s| s != "left" && s != "kicked"))
}

/// A user the bot has met, by @username (without the @, any case).
pub async fn user_by_username(db: &Db, username: &str) -> sqlx::Result<Option<UserId>> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT user_id FROM users WHERE username = ? COLLATE NOCASE ORDER BY updated_at DESC LIMIT 1",
    )
    .bind(username)
    .fetch_optional(db)
    .await?;
    Ok(id.map(|id| UserId(id as u64)))
}

/// The language Telegram last gave for a user.
pub async fn language_code(db: &Db, user_id: i64) -> sqlx::Result<Option<String>> {
    let code: Option<Option<String>> =
        sqlx::query_scalar("SELECT language_code FROM users WHERE user_id = ?")
            .bind(user_id)
            .fetch_optional(db)
            .await?;
    Ok(code.flatten())
}

/// A chat's public @username, if it has one.
pub async fn chat_username(db: &Db, chat_id: i64) -> sqlx::Result<Option<String>> {
    let name: Option<Option<String>> = sqlx::query_scalar("SELECT username FROM chats WHERE chat_id = ?")
        .bind(chat_id)
        .fetch_optional(db)
        .await?;
    Ok(name.flatten())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::members::testing::{CHAT, chat, t0};

    #[tokio::test]
    async fn a_join_stays_a_join_until_its_features_have_reacted() {
        let (_dir, db) = crate::db::scratch().await;
        chat(&db).await;
        let user = UserId(61);
        let join = |at| record_join(&db, CHAT, user, at, None);
        assert_eq!(join(t0()).await.expect("join"), JoinKind::First);
        // Killed before the welcome: the replayed update is still the join.
        assert_eq!(join(t0()).await.expect("replay"), JoinKind::First);
        join_handled(&db, CHAT, user).await.expect("handled");
        assert_eq!(join(t0()).await.expect("second report"), JoinKind::Duplicate);

        record_leave(&db, CHAT, user, t0(), "left").await.expect("leave");
        assert_eq!(join(t0()).await.expect("back"), JoinKind::Returning);
        assert_eq!(join(t0()).await.expect("replay"), JoinKind::Returning);
        join_handled(&db, CHAT, user).await.expect("handled");
        assert_eq!(join(t0()).await.expect("second report"), JoinKind::Duplicate);
        let counted: i64 = sqlx::query_scalar("SELECT join_count FROM members WHERE user_id = 61")
            .fetch_one(&db)
            .await
            .expect("count");
        assert_eq!(counted, 2, "replays and reports are not joins");
    }
}
