//! Recording what members say: the first step of the tree for every
//! message records the chat and the sender (a write only when they changed)
//! and puts a group message in the update's `MessageSlot`; the flusher
//! (`super::flush`) writes many of them in the transaction that marks their
//! updates done.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::types::{Message, MessageKind};

use crate::{
    db::ts,
    kernel::{Ctx, members::store as members},
    telegram::command::{Addressed, Command},
};

/// Runs first for every message: records the chat, the sender, the member
/// and the message itself. Never fails the update: errors are logged.
pub async fn track_message(ctx: Arc<Ctx>, msg: Arc<Message>, slot: MessageSlot) {
    for attempt in 1..=4u64 {
        match track(&ctx, &msg).await {
            Ok(seen) => {
                slot.put(seen);
                return;
            }
            Err(err) if attempt < 4 => {
                tracing::warn!(chat_id = msg.chat.id.0, %err, attempt, "tracking failed; retrying");
                tokio::time::sleep(std::time::Duration::from_millis(50 * attempt)).await;
            }
            Err(err) => tracing::error!(chat_id = msg.chat.id.0, %err, "tracking failed"),
        }
    }
}

/// Records the chat and the sender (a write only when something changed) and
/// returns the group message to count. Counting is left to the ingestion's
/// flusher, which writes it in the same transaction as the update's done mark.
async fn track(ctx: &Ctx, msg: &Message) -> sqlx::Result<Option<SeenMessage>> {
    let at = msg.date;
    let seen = ctx.state::<Seen>();
    if seen.chat_changed(&msg.chat) {
        members::upsert_chat(&ctx.db, &msg.chat, at).await?;
    }
    let Some(user) = &msg.from else { return Ok(None) };
    if seen.user_changed(user) {
        members::upsert_user(&ctx.db, user, at).await?;
    }
    if msg.chat.is_private() {
        if !user.is_bot {
            members::mark_dm_open(&ctx.db, user.id.0 as i64).await?;
        }
        return Ok(None);
    }
    // Service messages about joins and leaves are recorded by `on_join_message`.
    if user.is_bot || msg.sender_chat.is_some() || !matches!(msg.kind, MessageKind::Common(_)) {
        return Ok(None);
    }
    let reply = msg.reply_to_message();
    let seen = SeenMessage {
        chat_id: msg.chat.id.0,
        message_id: msg.id.0,
        user_id: user.id.0 as i64,
        at,
        thread_id: msg.thread_id.map(|t| t.0.0),
        reply_to_message_id: reply.map(|r| r.id.0),
        reply_to_user_id: reply.and_then(|r| r.from.as_ref()).map(|u| u.id.0 as i64),
        is_question: asks(msg),
        is_post: is_community_message(ctx, msg),
    };
    Ok(Some(seen))
}

/// Whether a group message is taking part in the community (a post for
/// activity, segments, retention and badges): not a look-up command
/// (`/rules`, `/top` …), nor a command for another bot (`/x@otherbot`) or
/// for no bot here; a command whose spec says so (`/idea …`) is.
pub fn is_community_message(ctx: &Ctx, msg: &Message) -> bool {
    let Some(text) = msg.text().or_else(|| msg.caption()) else { return true };
    match Command::addressed(text, ctx.bot_username()) {
        Addressed::NoCommand => true,
        Addressed::OtherBot => false,
        Addressed::Us(cmd) => ctx.catalog.commands().any(|spec| spec.name == cmd.name && spec.counts_as_post),
    }
}

/// Hands a group message from the handler tree to the ingestion, which
/// records it with the update's done mark (one transaction for many updates).
#[derive(Clone, Default)]
pub struct MessageSlot(Arc<std::sync::Mutex<Option<SeenMessage>>>);

impl MessageSlot {
    fn put(&self, seen: Option<SeenMessage>) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = seen;
        }
    }

    pub fn take(&self) -> Option<SeenMessage> {
        self.0.lock().ok().and_then(|mut s| s.take())
    }
}

/// What the bot last wrote about each chat and user, so that a message from
/// someone already known costs no write. Bounded: cleared when it grows large.
#[derive(Default)]
pub struct Seen {
    chats: std::sync::Mutex<std::collections::HashMap<i64, u64>>,
    users: std::sync::Mutex<std::collections::HashMap<i64, u64>>,
}

const SEEN_CAP: usize = 200_000;

fn fingerprint(value: &impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(value)
}

fn changed(map: &std::sync::Mutex<std::collections::HashMap<i64, u64>>, id: i64, print: u64) -> bool {
    let Ok(mut map) = map.lock() else { return true };
    if map.get(&id) == Some(&print) {
        return false;
    }
    if map.len() >= SEEN_CAP {
        map.clear();
    }
    map.insert(id, print);
    true
}

impl Seen {
    /// `true` when the chat is new to this process or its title, username or
    /// kind changed.
    pub fn chat_changed(&self, chat: &teloxide::types::Chat) -> bool {
        changed(&self.chats, chat.id.0, fingerprint(chat))
    }

    /// `true` when the user is new to this process or their name, username or
    /// language changed.
    pub fn user_changed(&self, user: &teloxide::types::User) -> bool {
        changed(&self.users, user.id.0 as i64, fingerprint(user))
    }
}

/// A group message, as stored for activity and analytics (a post), or only
/// as the sign that its sender is a member (a command that is no post).
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
    /// Taking part in the community (`is_community_message`): recorded as a
    /// message, with the counters, the day's activity and the funnel.
    /// Otherwise only the member is recorded (first seen now, if new).
    pub is_post: bool,
}

/// Records posts once each (a replay or a duplicate delivery is ignored),
/// many per statement. The members' counters, the day's activity and the
/// onboarding funnel follow in the same statement (trigger `messages_counters`).
/// A message that is no post only makes its sender a known member.
pub async fn record_messages(
    conn: &mut sqlx::SqliteConnection,
    messages: &[SeenMessage],
) -> sqlx::Result<()> {
    let (posts, others): (Vec<&SeenMessage>, Vec<&SeenMessage>) = messages.iter().partition(|m| m.is_post);
    for m in others {
        sqlx::query(
            "INSERT OR IGNORE INTO members (chat_id, user_id, status, first_seen_at) VALUES (?, ?, 'member', ?)",
        )
        .bind(m.chat_id)
        .bind(m.user_id)
        .bind(ts(m.at))
        .execute(&mut *conn)
        .await?;
    }
    for chunk in posts.chunks(100) {
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

const QUESTION_WORDS_EN: &[&str] = &[
    "what", "what's", "whats", "why", "how", "how's", "when", "where", "where's", "who", "who's", "whom",
    "whose", "which", "can", "could", "would", "should", "is", "are", "does", "did", "anyone", "anybody",
];

const QUESTION_WORDS_RU: &[&str] = &[
    "что",
    "чего",
    "чем",
    "почему",
    "зачем",
    "как",
    "каким",
    "какой",
    "какая",
    "какое",
    "какие",
    "каких",
    "когда",
    "где",
    "куда",
    "откуда",
    "кто",
    "кого",
    "кому",
    "сколько",
    "чей",
    "чья",
    "чьё",
    "чье",
    "чьи",
    "который",
    "которая",
    "которое",
    "которые",
    "подскажите",
    "подскажи",
    "можно",
    "разве",
    "неужели",
    "кто-нибудь",
    "кто-то",
    "есть",
];

/// Whether a message's text or caption asks (`is_question`).
pub fn asks(msg: &Message) -> bool {
    msg.text().or(msg.caption()).is_some_and(is_question)
}

/// A message that asks: ends with a question mark, or starts with a question
/// word (English or Russian).
pub fn is_question(text: &str) -> bool {
    let text = text.trim();
    if text.ends_with(['?', '？', '¿']) {
        return true;
    }
    let first: String = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'')
        .to_lowercase();
    if first.is_empty() {
        return false;
    }
    // "есть" asks only with "ли" after it ("есть ли у кого …").
    if first == "есть" {
        return text.split_whitespace().nth(1).is_some_and(|w| w.to_lowercase().starts_with("ли"));
    }
    QUESTION_WORDS_EN.contains(&first.as_str()) || QUESTION_WORDS_RU.contains(&first.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_en_and_ru() {
        for q in [
            "Anyone here?",
            "how do I reset my password",
            "What's the plan",
            "Is it open today",
            "ok?  ",
            "Как настроить бота",
            "почему не работает",
            "Подскажите, где взять ключ",
            "Есть ли у кого-нибудь зарядка",
            "Кто-нибудь был на встрече",
            "Что думаете",
        ] {
            assert!(is_question(q), "{q:?} asks");
        }
        for s in [
            "",
            "   ",
            "Thanks everyone",
            "I know how it works",
            "Привет всем",
            "Есть новости: мы запустились",
            "Что-то сломалось",
            "😀",
            "!!!",
        ] {
            assert!(!is_question(s), "{s:?} does not ask");
        }
    }
}
