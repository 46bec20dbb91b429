//! Raid mode's SQL (migration 0031): the chat's raids, the newcomers each
//! holds, and the invite links it paused — with the referral links the bot
//! made read from `referral_links`.

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, UserId};

use crate::db::{self, Db};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Raid {
    pub raid_id: i64,
    pub chat_id: i64,
    started_at: String,
    pub started_by: Option<i64>,
    last_spike_at: String,
    pub notice_message_id: Option<i64>,
    pub ended_at: Option<String>,
    pub ended_by: Option<i64>,
}

impl Raid {
    pub fn started_at(&self) -> Option<DateTime<Utc>> {
        db::parse_ts(&self.started_at)
    }

    pub fn last_spike_at(&self) -> Option<DateTime<Utc>> {
        db::parse_ts(&self.last_spike_at)
    }

    pub fn is_open(&self) -> bool {
        self.ended_at.is_none()
    }
}

const COLUMNS: &str =
    "raid_id, chat_id, started_at, started_by, last_spike_at, notice_message_id, ended_at, ended_by";

pub async fn open_raid(db: &Db, chat: ChatId) -> sqlx::Result<Option<Raid>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM raids WHERE chat_id = ? AND ended_at IS NULL"))
        .bind(chat.0)
        .fetch_optional(db)
        .await
}

pub async fn raid(db: &Db, raid_id: i64) -> sqlx::Result<Option<Raid>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM raids WHERE raid_id = ?"))
        .bind(raid_id)
        .fetch_optional(db)
        .await
}

/// Opens a raid in the chat; `None` when one is open already (the unique
/// index on open raids decides).
pub async fn start(
    db: &Db,
    chat: ChatId,
    at: DateTime<Utc>,
    by: Option<UserId>,
) -> sqlx::Result<Option<Raid>> {
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT OR IGNORE INTO raids (chat_id, started_at, started_by, last_spike_at)
         VALUES (?, ?, ?, ?) RETURNING raid_id",
    )
    .bind(chat.0)
    .bind(db::ts(at))
    .bind(by.map(|u| u.0 as i64))
    .bind(db::ts(at))
    .fetch_optional(db)
    .await?;
    match id {
        Some(id) => raid(db, id).await,
        None => Ok(None),
    }
}

pub async fn set_notice(db: &Db, raid_id: i64, message_id: i32) -> sqlx::Result<()> {
    sqlx::query("UPDATE raids SET notice_message_id = ? WHERE raid_id = ?")
        .bind(message_id)
        .bind(raid_id)
        .execute(db)
        .await
        .map(drop)
}

/// Claims telling the admins about a raid: `true` once per raid.
pub async fn claim_admins_told(db: &Db, raid_id: i64, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE raids SET admins_told_at = ? WHERE raid_id = ? AND admins_told_at IS NULL")
            .bind(db::ts(at))
            .bind(raid_id)
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// A spike went on at `at`: the calm is counted from the latest one.
pub async fn spiked(db: &Db, raid_id: i64, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE raids SET last_spike_at = MAX(last_spike_at, ?) WHERE raid_id = ?")
        .bind(db::ts(at))
        .bind(raid_id)
        .execute(db)
        .await
        .map(drop)
}

/// Holds a newcomer in the raid: `true` the first time (then restrict them).
pub async fn hold(
    db: &Db,
    raid_id: i64,
    chat: ChatId,
    user: UserId,
    name: &str,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO raid_newcomers (raid_id, chat_id, user_id, name, joined_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(raid_id)
    .bind(chat.0)
    .bind(user.0 as i64)
    .bind(name)
    .bind(db::ts(at))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn mark_restricted(db: &Db, raid_id: i64, user: UserId) -> sqlx::Result<()> {
    sqlx::query("UPDATE raid_newcomers SET restricted = 1 WHERE raid_id = ? AND user_id = ?")
        .bind(raid_id)
        .bind(user.0 as i64)
        .execute(db)
        .await
        .map(drop)
}

pub async fn held_count(db: &Db, raid_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM raid_newcomers WHERE raid_id = ?")
        .bind(raid_id)
        .fetch_one(db)
        .await
}

/// The held newcomers' names, in the order they came.
pub async fn names(db: &Db, raid_id: i64) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar("SELECT name FROM raid_newcomers WHERE raid_id = ? ORDER BY joined_at, user_id")
        .bind(raid_id)
        .fetch_all(db)
        .await
}

/// Claims ending a raid: `true` for the one caller that ends it.
pub async fn claim_end(db: &Db, raid_id: i64, at: DateTime<Utc>, by: Option<UserId>) -> sqlx::Result<bool> {
    let done =
        sqlx::query("UPDATE raids SET ended_at = ?, ended_by = ? WHERE raid_id = ? AND ended_at IS NULL")
            .bind(db::ts(at))
            .bind(by.map(|u| u.0 as i64))
            .bind(raid_id)
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// Every open raid (few: one per chat under attack).
pub async fn open_raids(db: &Db) -> sqlx::Result<Vec<Raid>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM raids WHERE ended_at IS NULL ORDER BY raid_id"))
        .fetch_all(db)
        .await
}

/// Raids ended but not wound up (a crash in the middle of it).
pub async fn unfinished(db: &Db) -> sqlx::Result<Vec<Raid>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM raids WHERE ended_at IS NOT NULL AND summary_sent_at IS NULL ORDER BY raid_id"
    ))
    .fetch_all(db)
    .await
}

/// A held newcomer not yet released, with whether the bot restricted them
/// and their status in the chat as last seen.
#[derive(Debug, sqlx::FromRow)]
pub struct Held {
    pub user_id: i64,
    pub restricted: bool,
    pub status: Option<String>,
}

pub async fn to_release(db: &Db, raid_id: i64) -> sqlx::Result<Vec<Held>> {
    sqlx::query_as(
        "SELECT n.user_id, n.restricted, m.status FROM raid_newcomers n
         LEFT JOIN members m ON m.chat_id = n.chat_id AND m.user_id = n.user_id
         WHERE n.raid_id = ? AND n.released_at IS NULL ORDER BY n.joined_at, n.user_id",
    )
    .bind(raid_id)
    .fetch_all(db)
    .await
}

/// The raid is done with a newcomer: let in, left alone (banned, gone), or
/// handed to the rules gate (`owes_rules`).
pub async fn released(
    db: &Db,
    raid_id: i64,
    user_id: i64,
    owes_rules: bool,
    at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE raid_newcomers SET released_at = ?, owes_rules = ? WHERE raid_id = ? AND user_id = ?")
        .bind(db::ts(at))
        .bind(owes_rules)
        .bind(raid_id)
        .bind(user_id)
        .execute(db)
        .await
        .map(drop)
}

/// How the held newcomers ended: (let in, waiting for the rules gate,
/// still out — banned or gone).
pub async fn outcome(db: &Db, raid_id: i64) -> sqlx::Result<(i64, i64, i64)> {
    sqlx::query_as(
        "SELECT COALESCE(SUM(COALESCE(m.status, 'member') NOT IN ('kicked', 'left') AND n.owes_rules = 0), 0),
                COALESCE(SUM(COALESCE(m.status, 'member') NOT IN ('kicked', 'left') AND n.owes_rules = 1), 0),
                COALESCE(SUM(COALESCE(m.status, 'member') IN ('kicked', 'left')), 0)
         FROM raid_newcomers n LEFT JOIN members m ON m.chat_id = n.chat_id AND m.user_id = n.user_id
         WHERE n.raid_id = ?",
    )
    .bind(raid_id)
    .fetch_one(db)
    .await
}

pub async fn finished(db: &Db, raid_id: i64, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE raids SET summary_sent_at = ? WHERE raid_id = ?")
        .bind(db::ts(at))
        .bind(raid_id)
        .execute(db)
        .await
        .map(drop)
}

/// The reusable invite links the bot made in the chat (referral links; the
/// entry room's links are single-use, which a raid cannot pour through).
pub async fn bot_links(db: &Db, chat: ChatId) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT url, name FROM referral_links WHERE chat_id = ? AND revoked_at IS NULL ORDER BY url",
    )
    .bind(chat.0)
    .fetch_all(db)
    .await
}

/// Notes a link to pause in this raid: `true` the first time.
pub async fn add_link(db: &Db, raid_id: i64, chat: ChatId, url: &str, name: &str) -> sqlx::Result<bool> {
    let done =
        sqlx::query("INSERT OR IGNORE INTO raid_links (raid_id, chat_id, url, name) VALUES (?, ?, ?, ?)")
            .bind(raid_id)
            .bind(chat.0)
            .bind(url)
            .bind(name)
            .execute(db)
            .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn link_paused(db: &Db, raid_id: i64, url: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE raid_links SET paused = 1 WHERE raid_id = ? AND url = ?")
        .bind(raid_id)
        .bind(url)
        .execute(db)
        .await
        .map(drop)
}

/// The links this raid paused and has not restored: (url, name).
pub async fn links_to_restore(db: &Db, raid_id: i64) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as(
        "SELECT url, name FROM raid_links WHERE raid_id = ? AND paused = 1 AND restored_at IS NULL ORDER BY url",
    )
    .bind(raid_id)
    .fetch_all(db)
    .await
}

pub async fn link_restored(db: &Db, raid_id: i64, url: &str, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query("UPDATE raid_links SET restored_at = ? WHERE raid_id = ? AND url = ?")
        .bind(db::ts(at))
        .bind(raid_id)
        .bind(url)
        .execute(db)
        .await
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[tokio::test]
    async fn one_open_raid_per_chat_each_newcomer_held_once() {
        let (_dir, db) = db::scratch().await;
        let at = Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).single().unwrap();
        let chat = ChatId(-100);
        let raid = start(&db, chat, at, None).await.unwrap().expect("started");
        assert!(start(&db, chat, at, None).await.unwrap().is_none(), "one open raid at a time");
        assert!(hold(&db, raid.raid_id, chat, UserId(7), "A", at).await.unwrap());
        assert!(!hold(&db, raid.raid_id, chat, UserId(7), "A", at).await.unwrap());
        assert_eq!(held_count(&db, raid.raid_id).await.unwrap(), 1);
        assert!(claim_admins_told(&db, raid.raid_id, at).await.unwrap());
        assert!(!claim_admins_told(&db, raid.raid_id, at).await.unwrap());
        assert!(claim_end(&db, raid.raid_id, at, None).await.unwrap());
        assert!(!claim_end(&db, raid.raid_id, at, None).await.unwrap());
        assert!(open_raid(&db, chat).await.unwrap().is_none());
        assert_eq!(unfinished(&db).await.unwrap().len(), 1);
        // The referral links' table is read as the referrals room wrote it.
        assert!(bot_links(&db, chat).await.unwrap().is_empty());
        assert_eq!(to_release(&db, raid.raid_id).await.unwrap().len(), 1);
        assert_eq!(outcome(&db, raid.raid_id).await.unwrap(), (1, 0, 0));
        assert!(hold(&db, raid.raid_id, chat, UserId(8), "B", at).await.unwrap());
        released(&db, raid.raid_id, 8, true, at).await.unwrap();
        assert_eq!(outcome(&db, raid.raid_id).await.unwrap(), (1, 1, 0), "one waits for the rules gate");
        assert!(start(&db, chat, at, None).await.unwrap().is_some(), "the next raid after the end");
    }
}
