//! Moderation SQL: warnings, filters, reports, the log.

use chrono::{DateTime, Utc};

use super::logic::{ModAction, ReportChoice};
use crate::db::{self, Db};

/// A new warning, keyed by its source message.
pub struct NewWarning<'a> {
    pub chat_id: i64,
    pub source_message_id: i32,
    pub user_id: i64,
    pub by: Option<i64>,
    pub reason: Option<&'a str>,
    pub at: DateTime<Utc>,
}

/// What adding a warning did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Warned {
    /// The same source already warned (a replayed update).
    Duplicate,
    /// Active warnings now, including the new one.
    Active(u32),
}

/// Adds a warning and counts the member's active ones (created after
/// `since`, not cleared) in one transaction. The caller clears them
/// (`reset_warnings`) once the limit's action worked: the count starts over.
pub async fn add_warning(db: &Db, w: &NewWarning<'_>, since: Option<DateTime<Utc>>) -> sqlx::Result<Warned> {
    let mut tx = db::begin_write(db).await?;
    let inserted = sqlx::query(
        "INSERT OR IGNORE INTO mod_warnings (chat_id, source_message_id, user_id, by_user_id, reason, created_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(w.chat_id)
    .bind(w.source_message_id)
    .bind(w.user_id)
    .bind(w.by)
    .bind(w.reason)
    .bind(db::ts(w.at))
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(Warned::Duplicate);
    }
    let since = since.map(db::ts).unwrap_or_default();
    let active: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM mod_warnings
         WHERE chat_id = ? AND user_id = ? AND cleared_at IS NULL AND created_at > ?",
    )
    .bind(w.chat_id)
    .bind(w.user_id)
    .bind(&since)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Warned::Active(u32::try_from(active).unwrap_or(u32::MAX)))
}

/// An active warning, for /warns.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WarningRow {
    pub reason: Option<String>,
    pub created_at: String,
    pub by_user_id: Option<i64>,
}

pub async fn active_warnings(
    db: &Db,
    chat_id: i64,
    user_id: i64,
    since: Option<DateTime<Utc>>,
) -> sqlx::Result<Vec<WarningRow>> {
    sqlx::query_as(
        "SELECT reason, created_at, by_user_id FROM mod_warnings
         WHERE chat_id = ? AND user_id = ? AND cleared_at IS NULL AND created_at > ?
         ORDER BY created_at, source_message_id",
    )
    .bind(chat_id)
    .bind(user_id)
    .bind(since.map(db::ts).unwrap_or_default())
    .fetch_all(db)
    .await
}

/// What /unwarn did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unwarned {
    /// This command message was already handled (a replayed or retried update).
    Replay,
    /// The member had no active warning; nothing was logged.
    Nothing,
    /// The latest active warning was cleared and the log row added.
    Dropped,
}

/// /unwarn, once per command message: in one transaction, logs the entry
/// (keyed by chat, command message and 'unwarn', mod_log's unique key) and
/// clears the member's latest active warning only if that row is new.
pub async fn unwarn_once(db: &Db, e: &LogEntry<'_>, since: Option<DateTime<Utc>>) -> sqlx::Result<Unwarned> {
    let mut tx = db::begin_write(db).await?;
    let logged = sqlx::query(
        "INSERT OR IGNORE INTO mod_log
             (chat_id, source_message_id, action, target_id, actor_id, automatic, reason, until, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(e.chat_id)
    .bind(e.source_message_id)
    .bind(ModAction::Unwarn.as_str())
    .bind(e.target_id)
    .bind(e.actor_id)
    .bind(e.actor_id.is_none())
    .bind(e.reason)
    .bind(e.until.map(db::ts))
    .bind(db::ts(e.at))
    .execute(&mut *tx)
    .await?;
    if logged.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(Unwarned::Replay);
    }
    let done = sqlx::query(
        "UPDATE mod_warnings SET cleared_at = ?
         WHERE (chat_id, source_message_id) IN (
             SELECT chat_id, source_message_id FROM mod_warnings
             WHERE chat_id = ? AND user_id = ? AND cleared_at IS NULL AND created_at > ?
             ORDER BY created_at DESC, source_message_id DESC LIMIT 1)",
    )
    .bind(db::ts(e.at))
    .bind(e.chat_id)
    .bind(e.target_id)
    .bind(since.map(db::ts).unwrap_or_default())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        tx.rollback().await?;
        return Ok(Unwarned::Nothing);
    }
    tx.commit().await?;
    Ok(Unwarned::Dropped)
}

/// Clears every active warning; returns how many.
pub async fn reset_warnings(db: &Db, chat_id: i64, user_id: i64, at: DateTime<Utc>) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE mod_warnings SET cleared_at = ? WHERE chat_id = ? AND user_id = ? AND cleared_at IS NULL",
    )
    .bind(db::ts(at))
    .bind(chat_id)
    .bind(user_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

// ---- filters ------------------------------------------------------------------

pub async fn filters(db: &Db, chat_id: i64) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT pattern, action FROM mod_filters WHERE chat_id = ? ORDER BY created_at, pattern")
        .bind(chat_id)
        .fetch_all(db)
        .await
}

pub async fn filter_count(db: &Db, chat_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM mod_filters WHERE chat_id = ?").bind(chat_id).fetch_one(db).await
}

/// Adds or replaces (the action of) a filter.
pub async fn add_filter(
    db: &Db,
    chat_id: i64,
    pattern: &str,
    action: &str,
    by: i64,
    at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO mod_filters (chat_id, pattern, action, created_by, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (chat_id, pattern) DO UPDATE SET action = excluded.action",
    )
    .bind(chat_id)
    .bind(pattern)
    .bind(action)
    .bind(by)
    .bind(db::ts(at))
    .execute(db)
    .await?;
    Ok(())
}

/// Removes a filter by its stored pattern; `false` if none.
pub async fn remove_filter(db: &Db, chat_id: i64, pattern: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM mod_filters WHERE chat_id = ? AND pattern = ?")
        .bind(chat_id)
        .bind(pattern)
        .execute(db)
        .await?;
    Ok(done.rows_affected() > 0)
}

// ---- members ------------------------------------------------------------------

/// When the member last joined, if the bot saw it.
pub async fn joined_at(db: &Db, chat_id: i64, user_id: i64) -> sqlx::Result<Option<DateTime<Utc>>> {
    let raw: Option<Option<String>> =
        sqlx::query_scalar("SELECT joined_at FROM members WHERE chat_id = ? AND user_id = ?")
            .bind(chat_id)
            .bind(user_id)
            .fetch_optional(db)
            .await?;
    Ok(raw.flatten().as_deref().and_then(db::parse_ts))
}

/// A user the bot has met, by @username (without the @, any case).
pub async fn user_by_username(
    db: &Db,
    username: &str,
) -> sqlx::Result<Option<(i64, String, Option<String>)>> {
    sqlx::query_as(
        "SELECT user_id, first_name, last_name FROM users WHERE username = ? COLLATE NOCASE
         ORDER BY updated_at DESC LIMIT 1",
    )
    .bind(username)
    .fetch_optional(db)
    .await
}

// ---- the log ------------------------------------------------------------------

pub struct LogEntry<'a> {
    pub chat_id: i64,
    pub source_message_id: Option<i32>,
    pub action: ModAction,
    pub target_id: i64,
    pub actor_id: Option<i64>,
    pub reason: Option<&'a str>,
    pub until: Option<DateTime<Utc>>,
    pub at: DateTime<Utc>,
}

/// Records an action; `false` when this source already logged it.
pub async fn log(db: &Db, e: &LogEntry<'_>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO mod_log
             (chat_id, source_message_id, action, target_id, actor_id, automatic, reason, until, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(e.chat_id)
    .bind(e.source_message_id)
    .bind(e.action.as_str())
    .bind(e.target_id)
    .bind(e.actor_id)
    .bind(e.actor_id.is_none())
    .bind(e.reason)
    .bind(e.until.map(db::ts))
    .bind(db::ts(e.at))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LogRow {
    pub action: String,
    pub target_id: i64,
    pub actor_id: Option<i64>,
    pub automatic: bool,
    pub reason: Option<String>,
    pub until: Option<String>,
    pub at: String,
}

/// The last `n` entries, newest first.
pub async fn recent_log(db: &Db, chat_id: i64, n: i64) -> sqlx::Result<Vec<LogRow>> {
    sqlx::query_as(
        "SELECT action, target_id, actor_id, automatic, reason, until, at FROM mod_log
         WHERE chat_id = ? ORDER BY entry_id DESC LIMIT ?",
    )
    .bind(chat_id)
    .bind(n)
    .fetch_all(db)
    .await
}

/// The moderation log as CSV columns and rows (plain values; the CSV writer
/// quotes), oldest first.
pub async fn export_rows(db: &Db, chat_id: i64) -> sqlx::Result<(Vec<&'static str>, Vec<Vec<String>>)> {
    let rows: Vec<LogRow> = sqlx::query_as(
        "SELECT action, target_id, actor_id, automatic, reason, until, at FROM mod_log
         WHERE chat_id = ? ORDER BY entry_id",
    )
    .bind(chat_id)
    .fetch_all(db)
    .await?;
    let header = vec!["at", "action", "target_id", "actor_id", "automatic", "reason", "until"];
    let rows = rows
        .into_iter()
        .map(|r| {
            vec![
                r.at,
                r.action,
                r.target_id.to_string(),
                r.actor_id.map(|a| a.to_string()).unwrap_or_default(),
                if r.automatic { "yes".to_owned() } else { "no".to_owned() },
                r.reason.unwrap_or_default(),
                r.until.unwrap_or_default(),
            ]
        })
        .collect();
    Ok((header, rows))
}

// ---- reports ------------------------------------------------------------------

pub struct NewReport<'a> {
    pub chat_id: i64,
    pub report_message_id: i32,
    pub reported_message_id: i32,
    pub reporter_id: i64,
    pub target_id: i64,
    pub reason: Option<&'a str>,
    pub at: DateTime<Utc>,
}

/// Reports by a member in the hour before `at`.
pub async fn recent_reports(db: &Db, chat_id: i64, reporter_id: i64, at: DateTime<Utc>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM mod_reports WHERE chat_id = ? AND reporter_id = ? AND created_at > ?",
    )
    .bind(chat_id)
    .bind(reporter_id)
    .bind(db::ts(at - chrono::Duration::hours(1)))
    .fetch_one(db)
    .await
}

/// Stores a report; `None` when this command was already handled.
pub async fn add_report(db: &Db, r: &NewReport<'_>) -> sqlx::Result<Option<i64>> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO mod_reports
             (chat_id, report_message_id, reported_message_id, reporter_id, target_id, reason, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(r.chat_id)
    .bind(r.report_message_id)
    .bind(r.reported_message_id)
    .bind(r.reporter_id)
    .bind(r.target_id)
    .bind(r.reason)
    .bind(db::ts(r.at))
    .execute(db)
    .await?;
    Ok((done.rows_affected() == 1).then(|| done.last_insert_rowid()))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Report {
    pub report_id: i64,
    pub chat_id: i64,
    pub reported_message_id: i64,
    pub reporter_id: i64,
    pub target_id: i64,
    pub reason: Option<String>,
    pub status: String,
}

pub async fn report(db: &Db, report_id: i64) -> sqlx::Result<Option<Report>> {
    sqlx::query_as(
        "SELECT report_id, chat_id, reported_message_id, reporter_id, target_id, reason, status
         FROM mod_reports WHERE report_id = ?",
    )
    .bind(report_id)
    .fetch_optional(db)
    .await
}

/// Claims an open report for a choice; `false` when someone already did.
pub async fn claim_report(
    db: &Db,
    report_id: i64,
    choice: ReportChoice,
    by: i64,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE mod_reports SET status = ?, handled_by = ?, handled_at = ? WHERE report_id = ? AND status = 'open'",
    )
    .bind(choice.status())
    .bind(by)
    .bind(db::ts(at))
    .bind(report_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Undoes a claim whose action Telegram refused.
pub async fn reopen_report(db: &Db, report_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE mod_reports SET status = 'open', handled_by = NULL, handled_at = NULL WHERE report_id = ?",
    )
    .bind(report_id)
    .execute(db)
    .await?;
    Ok(())
}
