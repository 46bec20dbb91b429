//! A small community written through the real write paths (the kernel's
//! member SQL and the messages triggers), for store tests of the features
//! that read what other rooms wrote.

use chrono::{DateTime, Duration, TimeZone, Utc};
use teloxide::types::{ChatId, UserId};

use crate::{
    db::{Db, ts},
    ingest::record::{SeenMessage, record_messages},
};

pub const CHAT: ChatId = ChatId(-100_500);

/// Noon on 2026-11-02, UTC.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 12, 0, 0).single().unwrap_or_default()
}

/// The chat, as `upsert_chat` writes it.
pub async fn chat(db: &Db) {
    sqlx::query(
        "INSERT OR IGNORE INTO chats (chat_id, kind, title, added_at, updated_at) VALUES (?, 'supergroup', 'Lounge', ?, ?)",
    )
    .bind(CHAT.0)
    .bind(ts(t0()))
    .bind(ts(t0()))
    .execute(db)
    .await
    .expect("chat row");
}

/// A member who joined `days_ago` (a join event, as `record_join` writes it).
pub async fn joined(db: &Db, user: u64, days_ago: i64) {
    let at = t0() - Duration::days(days_ago);
    super::store::record_join(db, CHAT, UserId(user), at, None).await.expect("join");
}

/// `n` messages from `user`, one a day ending `days_ago` (through the triggers
/// that keep the counters and the daily rollup).
pub async fn posts(db: &Db, user: u64, n: i64, days_ago: i64) {
    let first_id = (user as i64 * 1000 + days_ago * 10) as i32;
    let messages: Vec<SeenMessage> = (0..n)
        .map(|i| SeenMessage {
            chat_id: CHAT.0,
            message_id: first_id + i as i32,
            user_id: user as i64,
            at: t0() - Duration::days(days_ago + n - 1 - i),
            thread_id: None,
            reply_to_message_id: None,
            reply_to_user_id: None,
            is_question: false,
            is_post: true,
        })
        .collect();
    let mut conn = db.acquire().await.expect("connection");
    record_messages(&mut conn, &messages).await.expect("messages");
}
