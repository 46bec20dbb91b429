//! Surveys: opening (once per command), their question messages, answers,
//! closing, and the distribution of the answers.

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, UserId};

use super::Opened;
use crate::{
    db::{self, Db, ts},
    features::nps::logic::{Agreement, Distribution},
};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Survey {
    pub survey_id: i64,
    pub chat_id: i64,
    pub opened_at: String,
    pub closed_at: Option<String>,
    pub opened_by_message_id: Option<i64>,
    pub closed_by_message_id: Option<i64>,
}

const SURVEY: &str = "SELECT survey_id, chat_id, opened_at, closed_at, opened_by_message_id, closed_by_message_id FROM surveys";

pub async fn survey(db: &Db, survey_id: i64) -> sqlx::Result<Option<Survey>> {
    sqlx::query_as(&format!("{SURVEY} WHERE survey_id = ?")).bind(survey_id).fetch_optional(db).await
}

pub async fn open_survey(db: &Db, chat_id: i64) -> sqlx::Result<Option<Survey>> {
    sqlx::query_as(&format!("{SURVEY} WHERE chat_id = ? AND closed_at IS NULL"))
        .bind(chat_id)
        .fetch_optional(db)
        .await
}

pub async fn latest_survey(db: &Db, chat_id: i64) -> sqlx::Result<Option<Survey>> {
    sqlx::query_as(&format!("{SURVEY} WHERE chat_id = ? ORDER BY survey_id DESC LIMIT 1"))
        .bind(chat_id)
        .fetch_optional(db)
        .await
}

/// The chat's latest `limit` surveys, newest first.
pub async fn surveys(db: &Db, chat_id: i64, limit: i64) -> sqlx::Result<Vec<Survey>> {
    sqlx::query_as(&format!("{SURVEY} WHERE chat_id = ? ORDER BY survey_id DESC LIMIT ?"))
        .bind(chat_id)
        .bind(limit)
        .fetch_all(db)
        .await
}

/// Opens a survey, unless one is open or `by_message` already opened one.
pub async fn create_survey(
    db: &Db,
    chat_id: i64,
    at: DateTime<Utc>,
    by_message: i32,
) -> sqlx::Result<Opened<Survey>> {
    let mut tx = db::begin_write(db).await?;
    let seen: Option<Survey> =
        sqlx::query_as(&format!("{SURVEY} WHERE chat_id = ? AND opened_by_message_id = ?"))
            .bind(chat_id)
            .bind(by_message)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(survey) = seen {
        return Ok(Opened::Replayed(survey));
    }
    let open: Option<Survey> = sqlx::query_as(&format!("{SURVEY} WHERE chat_id = ? AND closed_at IS NULL"))
        .bind(chat_id)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(open) = open {
        return Ok(Opened::AlreadyOpen(open));
    }
    let s: Survey = sqlx::query_as(
        "INSERT INTO surveys (chat_id, opened_at, opened_by_message_id) VALUES (?, ?, ?)
         RETURNING survey_id, chat_id, opened_at, closed_at, opened_by_message_id, closed_by_message_id",
    )
    .bind(chat_id)
    .bind(ts(at))
    .bind(by_message)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Opened::New(s))
}

pub async fn delete_survey(db: &Db, survey_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM surveys WHERE survey_id = ?").bind(survey_id).execute(db).await?;
    Ok(())
}

pub async fn add_survey_message(
    db: &Db,
    chat: ChatId,
    survey_id: i64,
    question: usize,
    message_id: i32,
) -> sqlx::Result<()> {
    sqlx::query("INSERT OR REPLACE INTO survey_messages (chat_id, survey_id, question, message_id) VALUES (?, ?, ?, ?)")
        .bind(chat.0)
        .bind(survey_id)
        .bind(question as i64)
        .bind(message_id)
        .execute(db)
        .await?;
    Ok(())
}

/// The survey's messages as (question, message id).
pub async fn survey_messages(db: &Db, survey_id: i64) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as("SELECT question, message_id FROM survey_messages WHERE survey_id = ? ORDER BY question")
        .bind(survey_id)
        .fetch_all(db)
        .await
}

pub async fn close_survey(db: &Db, survey_id: i64, at: DateTime<Utc>, by_message: i32) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE surveys SET closed_at = ?, closed_by_message_id = ? WHERE survey_id = ? AND closed_at IS NULL",
    )
    .bind(ts(at))
    .bind(by_message)
    .bind(survey_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records (or changes) an answer; `true` when it was new or changed.
pub async fn answer(
    db: &Db,
    survey_id: i64,
    question: usize,
    user: UserId,
    value: Agreement,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT INTO survey_answers (survey_id, question, user_id, value, answered_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (survey_id, question, user_id) DO UPDATE SET value = excluded.value,
             answered_at = excluded.answered_at WHERE value <> excluded.value",
    )
    .bind(survey_id)
    .bind(question as i64)
    .bind(user.0 as i64)
    .bind(i64::from(value.get()))
    .bind(ts(at))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Per question (0–3) the distribution of answers, and the respondents.
pub async fn survey_results(db: &Db, survey_id: i64) -> sqlx::Result<([Distribution; 4], i64)> {
    let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT question, value, COUNT(*) FROM survey_answers WHERE survey_id = ? GROUP BY question, value",
    )
    .bind(survey_id)
    .fetch_all(db)
    .await?;
    let mut out = [Distribution::default(); 4];
    for (q, v, c) in rows {
        let (Ok(q), Ok(v)) = (usize::try_from(q), usize::try_from(v)) else { continue };
        if let Some(slot) = out.get_mut(q).and_then(|d| d.0.get_mut(v.wrapping_sub(1))) {
            *slot = u32::try_from(c).unwrap_or(0);
        }
    }
    let respondents: i64 =
        sqlx::query_scalar("SELECT COUNT(DISTINCT user_id) FROM survey_answers WHERE survey_id = ?")
            .bind(survey_id)
            .fetch_one(db)
            .await?;
    Ok((out, respondents))
}

/// The survey a `/surveyclose` message closed, if it did.
pub async fn survey_closed_by(db: &Db, chat_id: i64, message_id: i32) -> sqlx::Result<Option<Survey>> {
    sqlx::query_as(&format!("{SURVEY} WHERE chat_id = ? AND closed_by_message_id = ?"))
        .bind(chat_id)
        .bind(message_id)
        .fetch_optional(db)
        .await
}

fn survey_results_key(survey_id: i64) -> String {
    format!("survey-results-posted:{survey_id}")
}

/// Whether a closed survey's results were posted.
pub async fn survey_results_posted(db: &Db, survey_id: i64) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM once_keys WHERE key = ?")
        .bind(survey_results_key(survey_id))
        .fetch_one(db)
        .await?;
    Ok(n > 0)
}

/// Records that a closed survey's results were posted.
pub async fn mark_survey_results_posted(db: &Db, survey_id: i64, at: DateTime<Utc>) -> sqlx::Result<()> {
    db::claim_once(db, &survey_results_key(survey_id), at).await?;
    Ok(())
}
