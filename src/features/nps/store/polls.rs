//! Polls: opening (once per command), closing, whether their results are
//! posted, the scheduler's queries, and every poll of a chat with its tally.

use chrono::{DateTime, Utc};
use teloxide::types::ChatId;

use super::Opened;
use crate::{
    db::{self, Db, parse_ts, ts},
    features::nps::logic::{PollSummary, Tally},
};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Poll {
    pub poll_id: i64,
    pub chat_id: i64,
    pub number: i64,
    pub question: String,
    pub message_id: Option<i64>,
    pub opened_at: String,
    pub closed_at: Option<String>,
    pub opened_by_message_id: Option<i64>,
    pub closed_by_message_id: Option<i64>,
}

impl Poll {
    pub fn is_open(&self) -> bool {
        self.closed_at.is_none()
    }

    pub fn opened(&self) -> DateTime<Utc> {
        parse_ts(&self.opened_at).unwrap_or_default()
    }

    pub fn closed(&self) -> Option<DateTime<Utc>> {
        self.closed_at.as_deref().and_then(parse_ts)
    }
}

const POLL: &str = "SELECT poll_id, chat_id, number, question, message_id, opened_at, closed_at,
    opened_by_message_id, closed_by_message_id FROM nps_polls";

pub async fn poll(db: &Db, poll_id: i64) -> sqlx::Result<Option<Poll>> {
    sqlx::query_as(&format!("{POLL} WHERE poll_id = ?")).bind(poll_id).fetch_optional(db).await
}

pub async fn open_poll(db: &Db, chat_id: i64) -> sqlx::Result<Option<Poll>> {
    sqlx::query_as(&format!("{POLL} WHERE chat_id = ? AND closed_at IS NULL"))
        .bind(chat_id)
        .fetch_optional(db)
        .await
}

pub async fn poll_by_number(db: &Db, chat: ChatId, number: i64) -> sqlx::Result<Option<Poll>> {
    sqlx::query_as(&format!("{POLL} WHERE chat_id = ? AND number = ?"))
        .bind(chat.0)
        .bind(number)
        .fetch_optional(db)
        .await
}

pub async fn latest_poll(db: &Db, chat_id: i64) -> sqlx::Result<Option<Poll>> {
    sqlx::query_as(&format!("{POLL} WHERE chat_id = ? ORDER BY number DESC LIMIT 1"))
        .bind(chat_id)
        .fetch_optional(db)
        .await
}

/// The poll before `number` in the same chat.
pub async fn previous_poll(db: &Db, chat: ChatId, number: i64) -> sqlx::Result<Option<Poll>> {
    sqlx::query_as(&format!("{POLL} WHERE chat_id = ? AND number < ? ORDER BY number DESC LIMIT 1"))
        .bind(chat.0)
        .bind(number)
        .fetch_optional(db)
        .await
}

/// Opens a poll, unless one is open or `by_message` already opened one.
pub async fn create_poll(
    db: &Db,
    chat_id: i64,
    question: &str,
    at: DateTime<Utc>,
    by_message: Option<i32>,
) -> sqlx::Result<Opened<Poll>> {
    let mut tx = db::begin_write(db).await?;
    if let Some(by) = by_message {
        let seen: Option<Poll> =
            sqlx::query_as(&format!("{POLL} WHERE chat_id = ? AND opened_by_message_id = ?"))
                .bind(chat_id)
                .bind(by)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some(poll) = seen {
            return Ok(Opened::Replayed(poll));
        }
    }
    let existing: Option<Poll> = sqlx::query_as(&format!("{POLL} WHERE chat_id = ? AND closed_at IS NULL"))
        .bind(chat_id)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(p) = existing {
        return Ok(Opened::AlreadyOpen(p));
    }
    let poll: Poll = sqlx::query_as(
        "INSERT INTO nps_polls (chat_id, number, question, opened_at, opened_by_message_id)
         VALUES (?, (SELECT COALESCE(MAX(number), 0) + 1 FROM nps_polls WHERE chat_id = ?), ?, ?, ?)
         RETURNING poll_id, chat_id, number, question, message_id, opened_at, closed_at,
             opened_by_message_id, closed_by_message_id",
    )
    .bind(chat_id)
    .bind(chat_id)
    .bind(question)
    .bind(ts(at))
    .bind(by_message)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Opened::New(poll))
}

pub async fn set_poll_message(db: &Db, poll_id: i64, message_id: i32) -> sqlx::Result<()> {
    sqlx::query("UPDATE nps_polls SET message_id = ? WHERE poll_id = ?")
        .bind(message_id)
        .bind(poll_id)
        .execute(db)
        .await?;
    Ok(())
}

/// A poll whose message could not be posted never existed.
pub async fn delete_poll(db: &Db, poll_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM nps_polls WHERE poll_id = ?").bind(poll_id).execute(db).await?;
    Ok(())
}

/// Closes the poll; `true` only for the call that closed it. Its results
/// are due from then on, until `results_posted` (so a failed post is made
/// again by a retry of the command or by the job).
pub async fn close_poll(
    db: &Db,
    poll_id: i64,
    at: DateTime<Utc>,
    by_message: Option<i32>,
) -> sqlx::Result<bool> {
    let mut tx = db::begin_write(db).await?;
    let done = sqlx::query(
        "UPDATE nps_polls SET closed_at = ?, closed_by_message_id = ? WHERE poll_id = ? AND closed_at IS NULL",
    )
    .bind(ts(at))
    .bind(by_message)
    .bind(poll_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 1 {
        sqlx::query("INSERT OR IGNORE INTO once_keys (key, at) VALUES (?, ?)")
            .bind(results_due_key(poll_id))
            .bind(ts(at))
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(done.rows_affected() == 1)
}

fn results_due_key(poll_id: i64) -> String {
    format!("nps-results-due:{poll_id}")
}

fn results_posted_key(poll_id: i64) -> String {
    format!("nps-results-posted:{poll_id}")
}

/// Whether a closed poll's results were posted.
pub async fn results_posted(db: &Db, poll_id: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM once_keys WHERE key = ?")
        .bind(results_posted_key(poll_id))
        .fetch_one(db)
        .await?;
    Ok(n > 0)
}

/// Records that a closed poll's results were posted (or given up on).
pub async fn mark_results_posted(db: &Db, poll_id: i64, at: DateTime<Utc>) -> sqlx::Result<()> {
    db::claim_once(db, &results_posted_key(poll_id), at).await?;
    Ok(())
}

/// Polls closed since `since` whose results are due and not posted.
pub async fn unreported_polls(db: &Db, since: DateTime<Utc>) -> sqlx::Result<Vec<Poll>> {
    sqlx::query_as(&format!(
        "{POLL} WHERE closed_at IS NOT NULL AND closed_at >= ?
           AND EXISTS (SELECT 1 FROM once_keys WHERE key = 'nps-results-due:' || poll_id)
           AND NOT EXISTS (SELECT 1 FROM once_keys WHERE key = 'nps-results-posted:' || poll_id)
         ORDER BY poll_id"
    ))
    .bind(ts(since))
    .fetch_all(db)
    .await
}

/// The poll the command `message_id` closed, if it closed one.
pub async fn poll_closed_by(db: &Db, chat_id: i64, message_id: i32) -> sqlx::Result<Option<Poll>> {
    sqlx::query_as(&format!("{POLL} WHERE chat_id = ? AND closed_by_message_id = ?"))
        .bind(chat_id)
        .bind(message_id)
        .fetch_optional(db)
        .await
}

/// Every open poll (the scheduler's auto close).
pub async fn open_polls(db: &Db) -> sqlx::Result<Vec<Poll>> {
    sqlx::query_as(&format!("{POLL} WHERE closed_at IS NULL ORDER BY poll_id")).fetch_all(db).await
}

/// Chats with a recurring poll (`nps_every` set and not off), and when their
/// last poll opened.
pub async fn recurring_chats(db: &Db) -> sqlx::Result<Vec<(i64, Option<String>)>> {
    sqlx::query_as(
        "SELECT s.chat_id, (SELECT MAX(opened_at) FROM nps_polls p WHERE p.chat_id = s.chat_id)
         FROM chat_settings s JOIN chats c ON c.chat_id = s.chat_id
         WHERE s.key = 'nps_every' AND s.value <> 'off'
           AND c.kind IN ('group', 'supergroup') AND c.bot_status NOT IN ('left', 'kicked')
         ORDER BY s.chat_id",
    )
    .fetch_all(db)
    .await
}

/// Members the bot knows in the chat (present, not bots).
pub async fn members_known(db: &Db, chat_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM members m LEFT JOIN users u ON u.user_id = m.user_id
         WHERE m.chat_id = ? AND m.status NOT IN ('left', 'kicked') AND COALESCE(u.is_bot, 0) = 0",
    )
    .bind(chat_id)
    .fetch_one(db)
    .await
}

/// poll_id, number, opened_at, closed_at, promoters, passives, detractors.
type HistoryRow = (i64, i64, String, Option<String>, i64, i64, i64);

/// Every poll of a chat with its tally, oldest first (/npshistory; the
/// analytics chart).
pub async fn history(db: &Db, chat_id: i64) -> sqlx::Result<Vec<PollSummary>> {
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "SELECT p.poll_id, p.number, p.opened_at, p.closed_at,
                COALESCE(SUM(v.score >= 9), 0), COALESCE(SUM(v.score BETWEEN 7 AND 8), 0),
                COALESCE(SUM(v.score <= 6), 0)
         FROM nps_polls p LEFT JOIN nps_votes v ON v.poll_id = p.poll_id
         WHERE p.chat_id = ? GROUP BY p.poll_id ORDER BY p.number",
    )
    .bind(chat_id)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(poll_id, number, opened, closed, p, pa, d)| PollSummary {
            poll_id,
            number,
            opened_at: parse_ts(&opened).unwrap_or_default(),
            closed_at: closed.as_deref().and_then(parse_ts),
            tally: Tally {
                promoters: u32::try_from(p).unwrap_or(0),
                passives: u32::try_from(pa).unwrap_or(0),
                detractors: u32::try_from(d).unwrap_or(0),
            },
        })
        .collect())
}

/// The latest poll (open or closed) with its NPS, margin and n (for /stats).
pub async fn latest_summary(db: &Db, chat_id: i64) -> sqlx::Result<Option<PollSummary>> {
    Ok(history(db, chat_id).await?.pop())
}
