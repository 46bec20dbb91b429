//! The calendar's SQL: scheduled posts (numbered per chat, soft-deleted so
//! numbers are never reused) and the occurrences claimed before posting.

use chrono::{DateTime, Utc};

use crate::db::{Db, begin_write, parse_ts, ts};

/// One scheduled post as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Schedule {
    pub schedule_id: i64,
    pub chat_id: i64,
    pub number: i64,
    pub recurrence: String,
    pub template: Option<String>,
    pub body_html: Option<String>,
    pub photo_file_id: Option<String>,
    pub pin: bool,
    pub paused: bool,
    pub next_at: Option<String>,
}

impl Schedule {
    pub fn next_at(&self) -> Option<DateTime<Utc>> {
        self.next_at.as_deref().and_then(parse_ts)
    }
}

const COLUMNS: &str =
    "schedule_id, chat_id, number, recurrence, template, body_html, photo_file_id, pin, paused, next_at";

/// What `/schedule` stores.
pub struct NewSchedule<'a> {
    pub chat_id: i64,
    pub recurrence: &'a str,
    pub template: Option<&'a str>,
    pub body_html: Option<&'a str>,
    pub photo_file_id: Option<&'a str>,
    pub pin: bool,
    pub next_at: DateTime<Utc>,
    pub source_message_id: i32,
    pub created_by: i64,
    pub at: DateTime<Utc>,
}

/// Stores a schedule with the chat's next number. The command message is
/// the key: a twice-delivered `/schedule` returns the first one.
pub async fn create(db: &Db, new: &NewSchedule<'_>) -> sqlx::Result<Schedule> {
    let mut tx = begin_write(db).await?;
    let existing: Option<Schedule> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM calendar_schedules WHERE chat_id = ? AND source_message_id = ?"
    ))
    .bind(new.chat_id)
    .bind(new.source_message_id)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(existing) = existing {
        return Ok(existing);
    }
    let number: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(number), 0) + 1 FROM calendar_schedules WHERE chat_id = ?")
            .bind(new.chat_id)
            .fetch_one(&mut *tx)
            .await?;
    let schedule = sqlx::query_as(&format!(
        "INSERT INTO calendar_schedules (chat_id, number, recurrence, template, body_html, photo_file_id,
             pin, next_at, source_message_id, created_by, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {COLUMNS}"
    ))
    .bind(new.chat_id)
    .bind(number)
    .bind(new.recurrence)
    .bind(new.template)
    .bind(new.body_html)
    .bind(new.photo_file_id)
    .bind(new.pin)
    .bind(ts(new.next_at))
    .bind(new.source_message_id)
    .bind(new.created_by)
    .bind(ts(new.at))
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(schedule)
}

/// The chat's schedules not removed, by number.
pub async fn list(db: &Db, chat_id: i64) -> sqlx::Result<Vec<Schedule>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM calendar_schedules WHERE chat_id = ? AND deleted_at IS NULL ORDER BY number"
    ))
    .bind(chat_id)
    .fetch_all(db)
    .await
}

/// The chat's schedule `number`, unless removed.
pub async fn by_number(db: &Db, chat_id: i64, number: i64) -> sqlx::Result<Option<Schedule>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM calendar_schedules WHERE chat_id = ? AND number = ? AND deleted_at IS NULL"
    ))
    .bind(chat_id)
    .bind(number)
    .fetch_optional(db)
    .await
}

/// Removes schedule `number`; `false` when there was none.
pub async fn remove(db: &Db, chat_id: i64, number: i64, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE calendar_schedules SET deleted_at = ?, next_at = NULL
         WHERE chat_id = ? AND number = ? AND deleted_at IS NULL",
    )
    .bind(ts(at))
    .bind(chat_id)
    .bind(number)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Pauses a schedule (its next occurrence kept for the resume).
pub async fn pause(db: &Db, schedule_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE calendar_schedules SET paused = 1 WHERE schedule_id = ?")
        .bind(schedule_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Resumes a schedule from `next_at` on (`None`: nothing left to post, the
/// schedule is done).
pub async fn resume(db: &Db, schedule_id: i64, next_at: Option<DateTime<Utc>>) -> sqlx::Result<()> {
    sqlx::query("UPDATE calendar_schedules SET paused = 0, next_at = ? WHERE schedule_id = ?")
        .bind(next_at.map(ts))
        .bind(schedule_id)
        .execute(db)
        .await?;
    Ok(())
}

/// A new content for a schedule (a template's text becomes its own).
pub async fn set_body(
    db: &Db,
    schedule_id: i64,
    body_html: &str,
    photo_file_id: Option<&str>,
) -> sqlx::Result<()> {
    sqlx::query("UPDATE calendar_schedules SET body_html = ?, photo_file_id = ? WHERE schedule_id = ?")
        .bind(body_html)
        .bind(photo_file_id)
        .bind(schedule_id)
        .execute(db)
        .await?;
    Ok(())
}

/// The next occurrence to look at (`None`: the schedule is done).
pub async fn set_next(db: &Db, schedule_id: i64, next_at: Option<DateTime<Utc>>) -> sqlx::Result<()> {
    sqlx::query("UPDATE calendar_schedules SET next_at = ? WHERE schedule_id = ?")
        .bind(next_at.map(ts))
        .bind(schedule_id)
        .execute(db)
        .await?;
    Ok(())
}

/// The chat's schedules still to post (not removed, not done; paused ones count).
pub async fn active_count(db: &Db, chat_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM calendar_schedules WHERE chat_id = ? AND deleted_at IS NULL AND next_at IS NOT NULL",
    )
    .bind(chat_id)
    .fetch_one(db)
    .await
}

/// Active schedules with an occurrence due at `now`, oldest first, at most `limit`.
pub async fn due(db: &Db, now: DateTime<Utc>, limit: i64) -> sqlx::Result<Vec<Schedule>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM calendar_schedules
         WHERE next_at IS NOT NULL AND next_at <= ? AND paused = 0 AND deleted_at IS NULL
         ORDER BY next_at LIMIT ?"
    ))
    .bind(ts(now))
    .bind(limit)
    .fetch_all(db)
    .await
}

/// What became of an occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Sending,
    Sent,
    Failed,
    Skipped,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Sending => "sending",
            Outcome::Sent => "sent",
            Outcome::Failed => "failed",
            Outcome::Skipped => "skipped",
        }
    }
}

/// Claims an occurrence as `outcome` (sending): `true` the first time only,
/// so it is posted once across ticks and restarts.
pub async fn claim(
    db: &Db,
    schedule_id: i64,
    occurrence: DateTime<Utc>,
    outcome: Outcome,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO calendar_occurrences (schedule_id, occurrence_at, status, decided_at)
         VALUES (?, ?, ?, ?)",
    )
    .bind(schedule_id)
    .bind(ts(occurrence))
    .bind(outcome.as_str())
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Claims `occurrences` as skipped in one statement; how many were new
/// (the others were claimed before, by a tick that posted or skipped them).
pub async fn skip(
    db: &Db,
    schedule_id: i64,
    occurrences: &[DateTime<Utc>],
    at: DateTime<Utc>,
) -> sqlx::Result<u64> {
    if occurrences.is_empty() {
        return Ok(0);
    }
    let times: Vec<String> = occurrences.iter().map(|o| ts(*o)).collect();
    let done = sqlx::query(
        "INSERT OR IGNORE INTO calendar_occurrences (schedule_id, occurrence_at, status, decided_at)
         SELECT ?, value, ?, ? FROM json_each(?)",
    )
    .bind(schedule_id)
    .bind(Outcome::Skipped.as_str())
    .bind(ts(at))
    .bind(serde_json::Value::from(times).to_string())
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// How a claimed occurrence ended (sent, with its message, or failed).
pub async fn finish(
    db: &Db,
    schedule_id: i64,
    occurrence: DateTime<Utc>,
    outcome: Outcome,
    message_id: Option<i32>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE calendar_occurrences SET status = ?, posted_message_id = ?
         WHERE schedule_id = ? AND occurrence_at = ?",
    )
    .bind(outcome.as_str())
    .bind(message_id)
    .bind(schedule_id)
    .bind(ts(occurrence))
    .execute(db)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[tokio::test]
    async fn numbers_are_per_chat_a_command_schedules_once_and_occurrences_are_claimed_once() {
        let (_dir, db) = crate::db::scratch().await;
        for chat in [-1, -2] {
            sqlx::query("INSERT INTO chats (chat_id, kind, title, added_at, updated_at) VALUES (?, 'supergroup', 't', '', '')")
                .bind(chat)
                .execute(&db)
                .await
                .unwrap();
        }
        let at = Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap();
        let new = |chat_id, source_message_id| NewSchedule {
            chat_id,
            recurrence: "daily 09:00",
            template: None,
            body_html: Some("hi"),
            photo_file_id: None,
            pin: false,
            next_at: at,
            source_message_id,
            created_by: 1,
            at,
        };
        assert_eq!(create(&db, &new(-1, 5)).await.unwrap().number, 1);
        assert_eq!(create(&db, &new(-1, 5)).await.unwrap().number, 1, "the same command again");
        assert_eq!(create(&db, &new(-1, 6)).await.unwrap().number, 2);
        assert_eq!(create(&db, &new(-2, 6)).await.unwrap().number, 1);
        assert!(remove(&db, -1, 2, at).await.unwrap());
        assert!(!remove(&db, -1, 2, at).await.unwrap());
        assert_eq!(create(&db, &new(-1, 7)).await.unwrap().number, 3, "numbers are not reused");
        assert_eq!(list(&db, -1).await.unwrap().len(), 2);
        let id = by_number(&db, -1, 1).await.unwrap().unwrap().schedule_id;
        assert!(claim(&db, id, at, Outcome::Sending, at).await.unwrap());
        assert!(!claim(&db, id, at, Outcome::Sending, at).await.unwrap());
        let (day, later) = (chrono::Duration::days(1), at + chrono::Duration::days(2));
        assert_eq!(
            skip(&db, id, &[at, at + day, later], later).await.unwrap(),
            2,
            "the posted one stays posted"
        );
        assert_eq!(skip(&db, id, &[at + day, later], later).await.unwrap(), 0, "skipped once");
        assert!(!claim(&db, id, later, Outcome::Sending, later).await.unwrap());
        finish(&db, id, at, Outcome::Sent, Some(9)).await.unwrap();
        assert_eq!(due(&db, at, 10).await.unwrap().len(), 3);
        pause(&db, id).await.unwrap();
        assert_eq!(due(&db, at, 10).await.unwrap().len(), 2);
    }
}
