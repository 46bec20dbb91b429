//! Survey answers: stored once per silence, the free text, and the counts.

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, UserId};

use crate::{
    db::{Db, ts},
    features::nudges::logic::SurveyAnswer,
};

/// Stores a survey answer to the First nudge of the current silence, once;
/// `false` if there is no such nudge or it was already answered.
pub async fn answer_survey(
    db: &Db,
    chat: ChatId,
    user: UserId,
    answer: SurveyAnswer,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE nudge_members SET survey_answer = ?, survey_text = NULL, survey_at = ?
         WHERE chat_id = ? AND user_id = ? AND (steps & 1) = 1 AND silence_started_at IS NOT NULL
           AND (survey_at IS NULL OR survey_at < silence_started_at)",
    )
    .bind(answer.as_str())
    .bind(ts(at))
    .bind(chat.0)
    .bind(user.0 as i64)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The free text of an "other" answer.
pub async fn survey_text(db: &Db, chat: ChatId, user: UserId, text: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE nudge_members SET survey_text = ? WHERE chat_id = ? AND user_id = ? AND survey_answer = 'other'",
    )
    .bind(text)
    .bind(chat.0)
    .bind(user.0 as i64)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Survey answers given in the chat, per answer.
pub async fn survey_counts(db: &Db, chat_id: i64) -> sqlx::Result<Vec<(String, i64)>> {
    sqlx::query_as(
        "SELECT survey_answer, COUNT(*) FROM nudge_members WHERE chat_id = ? AND survey_answer IS NOT NULL
         GROUP BY survey_answer ORDER BY COUNT(*) DESC, survey_answer",
    )
    .bind(chat_id)
    .fetch_all(db)
    .await
}
