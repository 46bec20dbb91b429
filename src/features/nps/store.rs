//! NPS and survey SQL.

use chrono::{DateTime, Utc};

use super::logic::{Agreement, Distribution, PollSummary, Score, Tally};
use crate::db::{self, Db, parse_ts, ts};

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

pub async fn poll_by_number(db: &Db, chat_id: i64, number: i64) -> sqlx::Result<Option<Poll>> {
    sqlx::query_as(&format!("{POLL} WHERE chat_id = ? AND number = ?"))
        .bind(chat_id)
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
pub async fn previous_poll(db: &Db, chat_id: i64, number: i64) -> sqlx::Result<Option<Poll>> {
    sqlx::query_as(&format!("{POLL} WHERE chat_id = ? AND number < ? ORDER BY number DESC LIMIT 1"))
        .bind(chat_id)
        .bind(number)
        .fetch_optional(db)
        .await
}

/// What opening a poll or a survey did.
#[derive(Debug, Clone)]
pub enum Opened<T> {
    New(T),
    /// The chat already has an open one.
    AlreadyOpen(T),
    /// The command that opened it came again (a replayed update): what it
    /// opened, so what the first run did not post can be posted now.
    Replayed(T),
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

/// Whether the command `message_id` already closed a poll (`table`
/// "nps_polls") or a survey ("surveys") in the chat.
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
    user_id: i64,
    score: Score,
    at: DateTime<Utc>,
) -> sqlx::Result<VoteOutcome> {
    let mut tx = db::begin_write(db).await?;
    let before: Option<i64> =
        sqlx::query_scalar("SELECT score FROM nps_votes WHERE poll_id = ? AND user_id = ?")
            .bind(poll_id)
            .bind(user_id)
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
        .bind(user_id)
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
pub async fn claim_reason_ask(db: &Db, poll_id: i64, user_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE nps_votes SET reason_asked = 1 WHERE poll_id = ? AND user_id = ? AND reason_asked = 0",
    )
    .bind(poll_id)
    .bind(user_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Stores the follow-up reason; `false` when there is no such vote.
pub async fn set_reason(db: &Db, poll_id: i64, user_id: i64, reason: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE nps_votes SET reason = ? WHERE poll_id = ? AND user_id = ?")
        .bind(reason)
        .bind(poll_id)
        .bind(user_id)
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

// ---- surveys ------------------------------------------------------------------

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
    chat_id: i64,
    survey_id: i64,
    question: usize,
    message_id: i32,
) -> sqlx::Result<()> {
    sqlx::query("INSERT OR REPLACE INTO survey_messages (chat_id, survey_id, question, message_id) VALUES (?, ?, ?, ?)")
        .bind(chat_id)
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
    user_id: i64,
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
    .bind(user_id)
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
