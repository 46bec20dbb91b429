//! SQL for chats, users, members and activity. Every write that counts
//! something is keyed by Telegram's ids, so replays change nothing twice.

use chrono::{DateTime, Utc};
use teloxide::types::{Chat, User};

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
pub async fn touch_member(db: &Db, chat_id: i64, user_id: i64, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT OR IGNORE INTO members (chat_id, user_id, status, first_seen_at) VALUES (?, ?, 'member', ?)",
    )
    .bind(chat_id)
    .bind(user_id)
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(())
}

/// A group message, as stored for activity and analytics.
#[derive(Debug, Clone)]
pub struct SeenMessage {
    pub chat_id: i64,
    pub message_id: i32,
    pub user_id: i64,
    pub at: DateTime<Utc>,
    pub thread_id: Option<i32>,
    pub reply_to_message_id: Option<i32>,
    pub reply_to_user_id: Option<i64>,
    pub is_question: bool,
}

/// Records messages once each (a replay or a duplicate delivery is ignored),
/// many per statement. The members' counters, the day's activity and the
/// onboarding funnel follow in the same statement (trigger `messages_counters`).
pub async fn record_messages(
    conn: &mut sqlx::SqliteConnection,
    messages: &[SeenMessage],
) -> sqlx::Result<()> {
    for chunk in messages.chunks(100) {
        let values = vec!["(?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(",");
        let sql = format!(
            "INSERT OR IGNORE INTO messages (chat_id, message_id, user_id, sent_at, thread_id,
                 reply_to_message_id, reply_to_user_id, is_question) VALUES {values}"
        );
        // Only the full-size statement stays prepared (see `ingest::store_batch`).
        let mut q = sqlx::query(&sql).persistent(chunk.len() == 100);
        for m in chunk {
            q = q
                .bind(m.chat_id)
                .bind(m.message_id)
                .bind(m.user_id)
                .bind(ts(m.at))
                .bind(m.thread_id)
                .bind(m.reply_to_message_id)
                .bind(m.reply_to_user_id)
                .bind(m.is_question);
        }
        q.execute(&mut *conn).await?;
    }
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

/// Records a join with Telegram's date. Exactly one caller per real join gets
/// `First` or `Returning`.
pub async fn record_join(
    db: &Db,
    chat_id: i64,
    user_id: i64,
    at: DateTime<Utc>,
    invite_link: Option<&str>,
) -> sqlx::Result<JoinKind> {
    let mut tx = crate::db::begin_write(db).await?;
    let row: Option<(String, i64)> =
        sqlx::query_as("SELECT status, join_count FROM members WHERE chat_id = ? AND user_id = ?")
            .bind(chat_id)
            .bind(user_id)
            .fetch_optional(&mut *tx)
            .await?;
    let kind = match row {
        None => JoinKind::First,
        Some((status, _)) if status == "left" || status == "kicked" => JoinKind::Returning,
        // Seen speaking before any join was recorded: this is their join.
        Some((_, 0)) => JoinKind::First,
        Some(_) => JoinKind::Duplicate,
    };
    if kind != JoinKind::Duplicate {
        let at_s = ts(at);
        sqlx::query(
            "INSERT INTO members (chat_id, user_id, status, first_seen_at, joined_at, join_count)
             VALUES (?1, ?2, 'member', ?3, ?3, 1)
             ON CONFLICT (chat_id, user_id) DO UPDATE SET status = 'member', joined_at = ?3,
                 left_at = NULL, join_count = members.join_count + 1",
        )
        .bind(chat_id)
        .bind(user_id)
        .bind(&at_s)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT OR IGNORE INTO member_events (chat_id, user_id, kind, at, invite_link) VALUES (?, ?, 'joined', ?, ?)",
        )
        .bind(chat_id)
        .bind(user_id)
        .bind(&at_s)
        .bind(invite_link)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(kind)
}

/// Records a leave (or a ban); `true` if the member was present.
pub async fn record_leave(
    db: &Db,
    chat_id: i64,
    user_id: i64,
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
    .bind(chat_id)
    .bind(user_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if changed {
        sqlx::query(
            "INSERT OR IGNORE INTO member_events (chat_id, user_id, kind, at) VALUES (?, ?, 'left', ?)",
        )
        .bind(chat_id)
        .bind(user_id)
        .bind(&at_s)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(changed)
}

pub async fn set_member_status(db: &Db, chat_id: i64, user_id: i64, status: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE members SET status = ? WHERE chat_id = ? AND user_id = ?")
        .bind(status)
        .bind(chat_id)
        .bind(user_id)
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

/// Groups the user is in that the bot is also in (for a DM /start).
pub async fn shared_chats(db: &Db, user_id: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query_as(
        "SELECT c.chat_id, COALESCE(c.title, '') FROM members m JOIN chats c ON c.chat_id = m.chat_id
         WHERE m.user_id = ? AND m.status NOT IN ('left', 'kicked')
           AND c.kind IN ('group', 'supergroup') AND c.bot_status NOT IN ('left', 'kicked')
         ORDER BY c.title LIMIT 20",
    )
    .bind(user_id)
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

/// The chat where a community's admins want to be told things.
pub async fn log_chat(db: &Db, chat_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT log_chat_id FROM log_chats WHERE chat_id = ?")
        .bind(chat_id)
        .fetch_optional(db)
        .await
}

pub async fn set_log_chat(db: &Db, chat_id: i64, log_chat_id: Option<i64>) -> sqlx::Result<()> {
    match log_chat_id {
        Some(log) => {
            sqlx::query(
                "INSERT INTO log_chats (chat_id, log_chat_id) VALUES (?, ?)
                 ON CONFLICT (chat_id) DO UPDATE SET log_chat_id = excluded.log_chat_id",
            )
            .bind(chat_id)
            .bind(log)
            .execute(db)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM log_chats WHERE chat_id = ?").bind(chat_id).execute(db).await?;
        }
    }
    Ok(())
}

/// A conversation in a user's DM (one at a time), kept across restarts.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Dialogue {
    pub user_id: i64,
    pub kind: String,
    pub chat_id: i64,
    pub step: String,
    pub data: String,
}

pub async fn dialogue(db: &Db, user_id: i64) -> sqlx::Result<Option<Dialogue>> {
    sqlx::query_as("SELECT user_id, kind, chat_id, step, data FROM dm_dialogues WHERE user_id = ?")
        .bind(user_id)
        .fetch_optional(db)
        .await
}

pub async fn set_dialogue(db: &Db, d: &Dialogue, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO dm_dialogues (user_id, kind, chat_id, step, data, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (user_id) DO UPDATE SET kind = excluded.kind, chat_id = excluded.chat_id,
             step = excluded.step, data = excluded.data, updated_at = excluded.updated_at",
    )
    .bind(d.user_id)
    .bind(&d.kind)
    .bind(d.chat_id)
    .bind(&d.step)
    .bind(&d.data)
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(())
}

pub async fn clear_dialogue(db: &Db, user_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM dm_dialogues WHERE user_id = ?").bind(user_id).execute(db).await?;
    Ok(done.rows_affected() > 0)
}

/// Title of a chat the bot knows.
pub async fn chat_title(db: &Db, chat_id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT COALESCE(title, '') FROM chats WHERE chat_id = ?")
        .bind(chat_id)
        .fetch_optional(db)
        .await
}

/// Whether the user is (as far as the bot knows) present in the chat.
pub async fn is_present(db: &Db, chat_id: i64, user_id: i64) -> sqlx::Result<bool> {
    let status: Option<String> =
        sqlx::query_scalar("SELECT status FROM members WHERE chat_id = ? AND user_id = ?")
            .bind(chat_id)
            .bind(user_id)
            .fetch_optional(db)
            .await?;
    Ok(status.is_some_and(|s| s != "left" && s != "kicked"))
}
