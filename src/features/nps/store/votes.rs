//! Votes: one changeable score per member and poll, the follow-up reason,
//! the tallies the results read, and the votes export.

use chrono::{DateTime, Utc};
use teloxide::types::UserId;

use super::Poll;
use crate::{
    db::{self, Db, ts},
    features::nps::logic::{Score, Tally},
};

/// What a tap did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteOutcome {
    New,
    Changed,
    Same,
}

/// Records (or changes) a member's score; one row per (poll, member) by key.
pub async fn vote(
    db: &Db,
    poll_id: i64,
    user: UserId,
    score: Score,
    at: DateTime<Utc>,
) -> sqlx::Result<VoteOutcome> {
    let mut tx = db::begin_write(db).await?;
    let before: Option<i64> =
        sqlx::query_scalar("SELECT score FROM nps_votes WHERE poll_id = ? AND user_id = ?")
            .bind(poll_id)
            .bind(user.0 as i64)
            .fetch_optional(&mut *tx)
            .await?;
    let score = i64::from(score.get());
    let outcome = match before {
        None => VoteOutcome::New,
        Some(s) if s == score => VoteOutcome::Same,
        Some(_) => VoteOutcome::Changed,
    };
    if outcome != VoteOutcome::Same {
        sqlx::query(
            "INSERT INTO nps_votes (poll_id, user_id, score, voted_at, updated_at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (poll_id, user_id) DO UPDATE SET score = excluded.score, updated_at = excluded.updated_at",
        )
        .bind(poll_id)
        .bind(user.0 as i64)
        .bind(score)
        .bind(ts(at))
        .bind(ts(at))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

/// Claims the one follow-up question for this vote; `true` the first time.
pub async fn claim_reason_ask(db: &Db, poll_id: i64, user: UserId) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE nps_votes SET reason_asked = 1 WHERE poll_id = ? AND user_id = ? AND reason_asked = 0",
    )
    .bind(poll_id)
    .bind(user.0 as i64)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Stores the follow-up reason; `false` when there is no such vote.
pub async fn set_reason(db: &Db, poll_id: i64, user: UserId, reason: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE nps_votes SET reason = ? WHERE poll_id = ? AND user_id = ?")
        .bind(reason)
        .bind(poll_id)
        .bind(user.0 as i64)
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn response_count(db: &Db, poll_id: i64) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM nps_votes WHERE poll_id = ?").bind(poll_id).fetch_one(db).await
}

async fn scores(db: &Db, poll_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar("SELECT score FROM nps_votes WHERE poll_id = ?").bind(poll_id).fetch_all(db).await
}

pub async fn tally(db: &Db, poll_id: i64) -> sqlx::Result<Tally> {
    Ok(Tally::from_scores(scores(db, poll_id).await?.into_iter().filter_map(Score::new)))
}

/// The tallies of voters who posted in the chat in `[since, until]` (active)
/// and of the rest (silent).
pub async fn tally_by_activity(
    db: &Db,
    poll: &Poll,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> sqlx::Result<(Tally, Tally)> {
    let rows: Vec<(i64, bool)> = sqlx::query_as(
        "SELECT v.score, EXISTS (SELECT 1 FROM messages m WHERE m.chat_id = ? AND m.user_id = v.user_id
                                   AND m.sent_at >= ? AND m.sent_at <= ?)
         FROM nps_votes v WHERE v.poll_id = ?",
    )
    .bind(poll.chat_id)
    .bind(ts(since))
    .bind(ts(until))
    .bind(poll.poll_id)
    .fetch_all(db)
    .await?;
    let (mut active, mut silent) = (Tally::default(), Tally::default());
    for (score, is_active) in rows {
        if let Some(s) = Score::new(score) {
            if is_active { active.add(s) } else { silent.add(s) }
        }
    }
    Ok((active, silent))
}

/// The detractors' reasons, oldest vote first.
pub async fn detractor_reasons(db: &Db, poll_id: i64) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT reason FROM nps_votes WHERE poll_id = ? AND score <= 6 AND reason IS NOT NULL
         ORDER BY voted_at, user_id",
    )
    .bind(poll_id)
    .fetch_all(db)
    .await
}

/// Votes as CSV for analytics: one row per vote, no user ids (scores are
/// private; results are aggregates).
pub async fn export_rows(db: &Db, chat_id: i64) -> sqlx::Result<(Vec<&'static str>, Vec<Vec<String>>)> {
    let header = vec!["poll", "poll_opened_at", "voted_at", "score", "category", "reason"];
    let rows: Vec<(i64, String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT p.number, p.opened_at, v.voted_at, v.score, v.reason
         FROM nps_votes v JOIN nps_polls p ON p.poll_id = v.poll_id
         WHERE p.chat_id = ? ORDER BY p.number, v.voted_at, v.user_id",
    )
    .bind(chat_id)
    .fetch_all(db)
    .await?;
    let rows = rows
        .into_iter()
        .map(|(number, opened, voted, score, reason)| {
            let category = Score::new(score).map(|s| s.category().as_str()).unwrap_or("");
            vec![
                number.to_string(),
                opened,
                voted,
                score.to_string(),
                category.to_owned(),
                reason.unwrap_or_default(),
            ]
        })
        .collect();
    Ok((header, rows))
}
