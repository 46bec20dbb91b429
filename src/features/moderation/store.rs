//! Moderation SQL: warnings, filters, reports, the log (and the mutes and
//! bans it holds), the chats that spoke in a group.

use chrono::{DateTime, Utc};
use teloxide::types::{Chat, ChatId, UserId};

use super::logic::{ModAction, ReportChoice, Sender};
use crate::db::{self, Db};

/// A new warning, keyed by its source message.
pub struct NewWarning<'a> {
    pub chat_id: ChatId,
    pub source_message_id: i32,
    pub user_id: Sender,
    pub by: Option<UserId>,
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
    .bind(w.chat_id.0)
    .bind(w.source_message_id)
    .bind(w.user_id.raw())
    .bind(w.by.map(|u| u.0 as i64))
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
    .bind(w.chat_id.0)
    .bind(w.user_id.raw())
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
    chat: ChatId,
    user: Sender,
    since: Option<DateTime<Utc>>,
) -> sqlx::Result<Vec<WarningRow>> {
    sqlx::query_as(
        "SELECT reason, created_at, by_user_id FROM mod_warnings
         WHERE chat_id = ? AND user_id = ? AND cleared_at IS NULL AND created_at > ?
         ORDER BY created_at, source_message_id",
    )
    .bind(chat.0)
    .bind(user.raw())
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
    .bind(e.chat_id.0)
    .bind(e.source_message_id)
    .bind(ModAction::Unwarn.as_str())
    .bind(e.target_id.raw())
    .bind(e.actor_id.map(|u| u.0 as i64))
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
    .bind(e.chat_id.0)
    .bind(e.target_id.raw())
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
pub async fn reset_warnings(db: &Db, chat: ChatId, user: Sender, at: DateTime<Utc>) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "UPDATE mod_warnings SET cleared_at = ? WHERE chat_id = ? AND user_id = ? AND cleared_at IS NULL",
    )
    .bind(db::ts(at))
    .bind(chat.0)
    .bind(user.raw())
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
    chat: ChatId,
    pattern: &str,
    action: &str,
    by: UserId,
    at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO mod_filters (chat_id, pattern, action, created_by, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (chat_id, pattern) DO UPDATE SET action = excluded.action",
    )
    .bind(chat.0)
    .bind(pattern)
    .bind(action)
    .bind(by.0 as i64)
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
pub async fn joined_at(db: &Db, chat: ChatId, user: UserId) -> sqlx::Result<Option<DateTime<Utc>>> {
    let raw: Option<Option<String>> =
        sqlx::query_scalar("SELECT joined_at FROM members WHERE chat_id = ? AND user_id = ?")
            .bind(chat.0)
            .bind(user.0 as i64)
            .fetch_optional(db)
            .await?;
    Ok(raw.flatten().as_deref().and_then(db::parse_ts))
}

// ---- the log ------------------------------------------------------------------

/// An action to log; no actor for an automatic one.
pub struct LogEntry<'a> {
    pub chat_id: ChatId,
    pub source_message_id: Option<i32>,
    pub action: ModAction,
    pub target_id: Sender,
    pub actor_id: Option<UserId>,
    pub reason: Option<&'a str>,
    pub until: Option<DateTime<Utc>>,
    pub at: DateTime<Utc>,
    /// The actor acted as a community moderator (not an admin).
    pub by_moderator: bool,
}

/// Records an action; `false` when this source already logged it.
pub async fn log(db: &Db, e: &LogEntry<'_>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO mod_log
             (chat_id, source_message_id, action, target_id, actor_id, automatic, reason, until, at,
              by_community_moderator)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(e.chat_id.0)
    .bind(e.source_message_id)
    .bind(e.action.as_str())
    .bind(e.target_id.raw())
    .bind(e.actor_id.map(|u| u.0 as i64))
    .bind(e.actor_id.is_none())
    .bind(e.reason)
    .bind(e.until.map(db::ts))
    .bind(db::ts(e.at))
    .bind(e.by_moderator)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The latest mute, unmute, ban, unban or kick of `target` in a chat: its
/// action and its end (`None`: for good). Whatever came last decides whether
/// a mute is in force: a lift, a ban or a kick ends it.
pub async fn last_restriction(
    db: &Db,
    chat: ChatId,
    target: Sender,
) -> sqlx::Result<Option<(ModAction, Option<DateTime<Utc>>)>> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT action, until FROM mod_log
         WHERE chat_id = ? AND target_id = ? AND action IN ('mute', 'unmute', 'ban', 'unban', 'kick')
         ORDER BY at DESC, entry_id DESC LIMIT 1",
    )
    .bind(chat.0)
    .bind(target.raw())
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(|(action, until)| {
        Some((ModAction::parse(&action)?, until.as_deref().and_then(db::parse_ts)))
    }))
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LogRow {
    pub action: String,
    pub target_id: i64,
    pub actor_id: Option<i64>,
    pub automatic: bool,
    /// By a community moderator (read by /modlog; the export leaves it out).
    #[sqlx(default)]
    pub by_moderator: bool,
    pub reason: Option<String>,
    pub until: Option<String>,
    pub at: String,
}

/// The last `n` entries, newest first.
pub async fn recent_log(db: &Db, chat_id: i64, n: i64) -> sqlx::Result<Vec<LogRow>> {
    sqlx::query_as(
        "SELECT action, target_id, actor_id, automatic, reason, until, at,
                by_community_moderator AS by_moderator
         FROM mod_log WHERE chat_id = ? ORDER BY entry_id DESC LIMIT ?",
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

// ---- chats that spoke in a group ----------------------------------------------

/// Keeps the title and username of a chat (a channel) moderation acted on,
/// for the log's lines.
pub async fn remember_sender_chat(db: &Db, chat: &Chat, at: DateTime<Utc>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO mod_sender_chats (chat_id, title, username, seen_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (chat_id) DO UPDATE SET title = excluded.title, username = excluded.username,
             seen_at = excluded.seen_at
         WHERE mod_sender_chats.title IS NOT excluded.title OR mod_sender_chats.username IS NOT excluded.username",
    )
    .bind(chat.id.0)
    .bind(chat.title().unwrap_or_default())
    .bind(chat.username())
    .bind(db::ts(at))
    .execute(db)
    .await?;
    Ok(())
}

/// The title and username of a chat moderation acted on, if it was kept.
pub async fn sender_chat(db: &Db, chat: ChatId) -> sqlx::Result<Option<(String, Option<String>)>> {
    sqlx::query_as("SELECT title, username FROM mod_sender_chats WHERE chat_id = ?")
        .bind(chat.0)
        .fetch_optional(db)
        .await
}

// ---- reports ------------------------------------------------------------------

pub struct NewReport<'a> {
    pub chat_id: ChatId,
    pub report_message_id: i32,
    pub reported_message_id: i32,
    pub reporter_id: UserId,
    pub target_id: UserId,
    pub reason: Option<&'a str>,
    pub at: DateTime<Utc>,
    /// The reporter was trusted (TL2+) when they reported: the report counts
    /// toward `report_threshold`.
    pub trusted: bool,
}

/// Reports by a member in the hour before `at`.
pub async fn recent_reports(db: &Db, chat: ChatId, reporter: UserId, at: DateTime<Utc>) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM mod_reports WHERE chat_id = ? AND reporter_id = ? AND created_at > ?",
    )
    .bind(chat.0)
    .bind(reporter.0 as i64)
    .bind(db::ts(at - chrono::Duration::hours(1)))
    .fetch_one(db)
    .await
}

/// Stores a report; `None` when this command was already handled.
pub async fn add_report(db: &Db, r: &NewReport<'_>) -> sqlx::Result<Option<i64>> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO mod_reports
             (chat_id, report_message_id, reported_message_id, reporter_id, target_id, reason, created_at,
              trusted)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(r.chat_id.0)
    .bind(r.report_message_id)
    .bind(r.reported_message_id)
    .bind(r.reporter_id.0 as i64)
    .bind(r.target_id.0 as i64)
    .bind(r.reason)
    .bind(db::ts(r.at))
    .bind(r.trusted)
    .execute(db)
    .await?;
    Ok((done.rows_affected() == 1).then(|| done.last_insert_rowid()))
}

#[derive(Debug, Clone)]
pub struct Report {
    pub report_id: i64,
    pub chat_id: ChatId,
    pub reported_message_id: i64,
    pub reporter_id: UserId,
    pub target_id: UserId,
    pub reason: Option<String>,
    pub status: String,
}

#[derive(sqlx::FromRow)]
struct ReportRow {
    report_id: i64,
    chat_id: i64,
    reported_message_id: i64,
    reporter_id: i64,
    target_id: i64,
    reason: Option<String>,
    status: String,
}

pub async fn report(db: &Db, report_id: i64) -> sqlx::Result<Option<Report>> {
    let row: Option<ReportRow> = sqlx::query_as(
        "SELECT report_id, chat_id, reported_message_id, reporter_id, target_id, reason, status
         FROM mod_reports WHERE report_id = ?",
    )
    .bind(report_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Report {
        report_id: r.report_id,
        chat_id: ChatId(r.chat_id),
        reported_message_id: r.reported_message_id,
        reporter_id: UserId(r.reporter_id as u64),
        target_id: UserId(r.target_id as u64),
        reason: r.reason,
        status: r.status,
    }))
}

/// Claims an open report for a choice; `false` when someone already did.
pub async fn claim_report(
    db: &Db,
    report_id: i64,
    choice: ReportChoice,
    by: UserId,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE mod_reports SET status = ?, handled_by = ?, handled_at = ? WHERE report_id = ? AND status = 'open'",
    )
    .bind(choice.status())
    .bind(by.0 as i64)
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

// ---- messages hidden by trusted reports ---------------------------------------

/// Distinct trusted members who reported a message (one who reported it
/// twice counts once).
pub async fn trusted_reporters(db: &Db, chat: ChatId, message_id: i32) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(DISTINCT reporter_id) FROM mod_reports
         WHERE chat_id = ? AND reported_message_id = ? AND trusted = 1",
    )
    .bind(chat.0)
    .bind(message_id)
    .fetch_one(db)
    .await
}

/// Claims the hiding of a message, before it is deleted; `None` when it
/// was already hidden (a replay, a later report).
pub async fn hide_message(
    db: &Db,
    chat: ChatId,
    message_id: i32,
    author: UserId,
    reporters: i64,
    at: DateTime<Utc>,
) -> sqlx::Result<Option<i64>> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO mod_hidden_messages (chat_id, message_id, author_id, reporters, hidden_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(chat.0)
    .bind(message_id)
    .bind(author.0 as i64)
    .bind(reporters)
    .bind(db::ts(at))
    .execute(db)
    .await?;
    Ok((done.rows_affected() == 1).then(|| done.last_insert_rowid()))
}

/// A hidden message, as its Restore / Confirm buttons find it.
#[derive(Debug, Clone)]
pub struct Hidden {
    pub chat_id: ChatId,
    pub message_id: i32,
    pub author_id: UserId,
    pub reporters: i64,
    pub status: String,
}

pub async fn hidden(db: &Db, hidden_id: i64) -> sqlx::Result<Option<Hidden>> {
    let row: Option<(i64, i32, i64, i64, String)> = sqlx::query_as(
        "SELECT chat_id, message_id, author_id, reporters, status FROM mod_hidden_messages WHERE hidden_id = ?",
    )
    .bind(hidden_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(chat, message_id, author, reporters, status)| Hidden {
        chat_id: ChatId(chat),
        message_id,
        author_id: UserId(author as u64),
        reporters,
        status,
    }))
}

/// Records an admin's decision on a hidden message (`restored` or
/// `confirmed`); `false` when it was already decided.
pub async fn decide_hidden(
    db: &Db,
    hidden_id: i64,
    status: &str,
    by: UserId,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE mod_hidden_messages SET status = ?, decided_by = ?, decided_at = ?
         WHERE hidden_id = ? AND status = 'hidden'",
    )
    .bind(status)
    .bind(by.0 as i64)
    .bind(db::ts(at))
    .bind(hidden_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Undoes a decision whose action Telegram refused.
pub async fn undecide_hidden(db: &Db, hidden_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE mod_hidden_messages SET status = 'hidden', decided_by = NULL, decided_at = NULL
         WHERE hidden_id = ?",
    )
    .bind(hidden_id)
    .execute(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::members::testing::{CHAT, chat, t0};

    fn report(message: i32, reporter: u64, trusted: bool) -> NewReport<'static> {
        NewReport {
            chat_id: CHAT,
            report_message_id: message * 100 + reporter as i32,
            reported_message_id: message,
            reporter_id: UserId(reporter),
            target_id: UserId(9),
            reason: None,
            at: t0(),
            trusted,
        }
    }

    #[tokio::test]
    async fn trusted_reporters_count_once_each_and_a_message_hides_once() {
        let (_dir, db) = db::scratch().await;
        chat(&db).await;
        for (reporter, trusted) in [(1, true), (2, false), (3, true)] {
            assert!(add_report(&db, &report(5, reporter, trusted)).await.unwrap().is_some());
        }
        // The same trusted member again, on another command message.
        let again = NewReport { report_message_id: 999, ..report(5, 1, true) };
        assert!(add_report(&db, &again).await.unwrap().is_some());
        assert!(add_report(&db, &report(6, 4, true)).await.unwrap().is_some());
        assert_eq!(trusted_reporters(&db, CHAT, 5).await.unwrap(), 2);

        let id = hide_message(&db, CHAT, 5, UserId(9), 2, t0()).await.unwrap().expect("hidden");
        assert_eq!(hide_message(&db, CHAT, 5, UserId(9), 3, t0()).await.unwrap(), None, "once");
        let found = hidden(&db, id).await.unwrap().expect("found");
        assert_eq!((found.message_id, found.author_id, found.status.as_str()), (5, UserId(9), "hidden"));
        assert!(decide_hidden(&db, id, "restored", UserId(1), t0()).await.unwrap());
        assert!(!decide_hidden(&db, id, "confirmed", UserId(1), t0()).await.unwrap(), "decided once");
        undecide_hidden(&db, id).await.unwrap();
        assert!(decide_hidden(&db, id, "confirmed", UserId(1), t0()).await.unwrap());
        assert!(hidden(&db, id + 1).await.unwrap().is_none());
    }
}
