//! Ideas' SQL: ideas, votes, statuses, merges, lists, and the numbers the
//! analytics feature reads (`stats`, `export_rows`).

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, UserId};

use super::logic::{ListFilter, Status, Tally, Vote, VoteOutcome, apply_vote, median};
use crate::db::{Db, begin_write, parse_ts, ts};

/// A member's ideas that are done (the co-creator badge). The query lives in
/// points, the room below, whose badges need it; reachable here by its name.
pub use crate::features::points::store::ideas_done as done_by;

/// One idea as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Idea {
    pub idea_id: i64,
    pub chat_id: i64,
    pub number: i64,
    pub author_id: i64,
    pub text: String,
    pub status: String,
    pub comment: Option<String>,
    pub merged_into: Option<i64>,
    pub card_message_id: Option<i64>,
    pub card_thread_id: Option<i64>,
    pub created_at: String,
    pub taken_up_at: Option<String>,
    pub done_at: Option<String>,
}

impl Idea {
    /// The stored status; an unknown word reads as open.
    pub fn status(&self) -> Status {
        self.status.parse().unwrap_or(Status::Open)
    }
}

pub(super) const COLUMNS: &str = "idea_id, chat_id, number, author_id, text, status, comment, merged_into,
    card_message_id, card_thread_id, created_at, taken_up_at, done_at";

/// What `/idea` stores.
pub struct NewIdea<'a> {
    pub chat_id: ChatId,
    pub author_id: UserId,
    pub submitted_by: UserId,
    pub text: &'a str,
    pub source_message_id: i32,
    pub at: DateTime<Utc>,
}

/// Stores an idea with the chat's next number. The command message is the
/// key: a twice-delivered /idea returns the first idea and `false`.
pub async fn create(db: &Db, new: &NewIdea<'_>) -> sqlx::Result<(Idea, bool)> {
    let mut tx = begin_write(db).await?;
    let existing: Option<Idea> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM ideas WHERE chat_id = ? AND source_message_id = ?"))
            .bind(new.chat_id.0)
            .bind(new.source_message_id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(idea) = existing {
        tx.commit().await?;
        return Ok((idea, false));
    }
    let idea: Idea = sqlx::query_as(&format!(
        "INSERT INTO ideas (chat_id, number, author_id, submitted_by, text, source_message_id, created_at)
         VALUES (?, (SELECT COALESCE(MAX(number), 0) + 1 FROM ideas WHERE chat_id = ?), ?, ?, ?, ?, ?)
         RETURNING {COLUMNS}"
    ))
    .bind(new.chat_id.0)
    .bind(new.chat_id.0)
    .bind(new.author_id.0 as i64)
    .bind(new.submitted_by.0 as i64)
    .bind(new.text)
    .bind(new.source_message_id)
    .bind(ts(new.at))
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((idea, true))
}

pub async fn set_card(db: &Db, idea_id: i64, message_id: i32, thread_id: Option<i32>) -> sqlx::Result<()> {
    sqlx::query("UPDATE ideas SET card_message_id = ?, card_thread_id = ? WHERE idea_id = ?")
        .bind(message_id)
        .bind(thread_id)
        .bind(idea_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Removes an idea whose card could not be posted (its number is free again).
pub async fn delete_unposted(db: &Db, idea_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM ideas WHERE idea_id = ? AND card_message_id IS NULL")
        .bind(idea_id)
        .execute(db)
        .await?;
    Ok(())
}

pub async fn by_id(db: &Db, idea_id: i64) -> sqlx::Result<Option<Idea>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM ideas WHERE idea_id = ?"))
        .bind(idea_id)
        .fetch_optional(db)
        .await
}

pub async fn by_number(db: &Db, chat_id: i64, number: i64) -> sqlx::Result<Option<Idea>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM ideas WHERE chat_id = ? AND number = ?"))
        .bind(chat_id)
        .bind(number)
        .fetch_optional(db)
        .await
}

pub async fn tally(db: &Db, idea_id: i64) -> sqlx::Result<Tally> {
    let (up, down): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(value = 1), 0), COALESCE(SUM(value = -1), 0) FROM idea_votes WHERE idea_id = ?",
    )
    .bind(idea_id)
    .fetch_one(db)
    .await?;
    Ok(Tally { up, down })
}

/// Records a member's vote (one per idea, changeable).
pub async fn vote(
    db: &Db,
    chat: ChatId,
    idea_id: i64,
    user: UserId,
    vote: Vote,
    at: DateTime<Utc>,
) -> sqlx::Result<VoteOutcome> {
    let mut tx = begin_write(db).await?;
    let previous: Option<i64> =
        sqlx::query_scalar("SELECT value FROM idea_votes WHERE idea_id = ? AND user_id = ?")
            .bind(idea_id)
            .bind(user.0 as i64)
            .fetch_optional(&mut *tx)
            .await?;
    let outcome = apply_vote(previous, vote);
    if outcome != VoteOutcome::Same {
        sqlx::query(
            "INSERT INTO idea_votes (chat_id, idea_id, user_id, value, at) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (idea_id, user_id) DO UPDATE SET value = excluded.value, at = excluded.at",
        )
        .bind(chat.0)
        .bind(idea_id)
        .bind(user.0 as i64)
        .bind(vote.value())
        .bind(ts(at))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(outcome)
}

/// Moves an idea from `from` to `to` (only if it is still in `from`, so a
/// replayed command changes nothing): `true` when it moved. The comment is
/// the new status's (none clears the previous one).
pub async fn set_status(
    db: &Db,
    idea_id: i64,
    from: Status,
    to: Status,
    comment: Option<&str>,
    at: DateTime<Utc>,
    request: impl std::fmt::Display,
) -> sqlx::Result<bool> {
    let mut tx = begin_write(db).await?;
    let at = ts(at);
    let done = sqlx::query(
        "UPDATE ideas SET status = ?, comment = ?, status_at = ?,
             taken_up_at = CASE WHEN ? THEN COALESCE(taken_up_at, ?) ELSE taken_up_at END,
             done_at = CASE WHEN ? THEN ? ELSE done_at END
         WHERE idea_id = ? AND status = ?",
    )
    .bind(to.as_str())
    .bind(comment)
    .bind(&at)
    .bind(to.is_taken_up())
    .bind(&at)
    .bind(to == Status::Done)
    .bind(&at)
    .bind(idea_id)
    .bind(from.as_str())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        tx.commit().await?;
        return Ok(false);
    }
    // Which command set it, committed with it: a retry of that command
    // re-runs the effects instead of finding "already this status".
    sqlx::query("INSERT OR IGNORE INTO once_keys (key, at) VALUES (?, ?)")
        .bind(status_set_key(idea_id, to, request))
        .bind(&at)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// `request` names what asked for the change: the command's message id
/// (as the key always had it), or a dashboard form's token.
fn status_set_key(idea_id: i64, status: Status, request: impl std::fmt::Display) -> String {
    format!("idea-status-by:{idea_id}:{}:{request}", status.as_str())
}

/// Whether the request `request` (a command's message id, a form's token)
/// set idea `idea_id` to `status` (the idea may have moved on since).
pub async fn status_set_by(
    db: &Db,
    idea_id: i64,
    status: Status,
    request: impl std::fmt::Display,
) -> sqlx::Result<bool> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM once_keys WHERE key = ?")
        .bind(status_set_key(idea_id, status, request))
        .fetch_one(db)
        .await?;
    Ok(n > 0)
}

/// Whether the once-key `key` was claimed (`db::claim_once`).
pub async fn once_done(db: &Db, key: &str) -> sqlx::Result<bool> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM once_keys WHERE key = ?").bind(key).fetch_one(db).await?;
    Ok(n > 0)
}

/// How many DMs about `status` were queued at `at` (by the command of that
/// time), sent or not.
pub async fn notices_queued_at(
    db: &Db,
    idea_id: i64,
    status: Status,
    at: DateTime<Utc>,
) -> sqlx::Result<u64> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM idea_notices WHERE idea_id = ? AND status = ? AND queued_at = ?",
    )
    .bind(idea_id)
    .bind(status.as_str())
    .bind(ts(at))
    .fetch_one(db)
    .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Marks `from` merged into `into` and moves its votes: a member who voted
/// on both keeps their vote on `into`. `false` if `from` was already merged.
pub async fn merge(db: &Db, from: i64, into: i64, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let mut tx = begin_write(db).await?;
    let marked = sqlx::query(
        "UPDATE ideas SET status = 'merged', merged_into = ?, status_at = ?
         WHERE idea_id = ? AND status <> 'merged'",
    )
    .bind(into)
    .bind(ts(at))
    .bind(from)
    .execute(&mut *tx)
    .await?;
    if marked.rows_affected() == 0 {
        tx.commit().await?;
        return Ok(false);
    }
    sqlx::query(
        "INSERT OR IGNORE INTO idea_votes (chat_id, idea_id, user_id, value, at)
         SELECT chat_id, ?, user_id, value, at FROM idea_votes WHERE idea_id = ?",
    )
    .bind(into)
    .bind(from)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM idea_votes WHERE idea_id = ?").bind(from).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(true)
}

/// Queues a DM about `status` for the author (if their DM is open) and every
/// 👍 voter whose DM is open; returns how many were queued (a member is
/// queued once per idea and status).
pub async fn queue_notices(db: &Db, idea: &Idea, status: Status, at: DateTime<Utc>) -> sqlx::Result<u64> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO idea_notices (chat_id, idea_id, user_id, status, queued_at)
         SELECT ?1, ?2, u.user_id, ?3, ?4 FROM users u
         WHERE u.dm_open = 1 AND (u.user_id = ?5 OR u.user_id IN
             (SELECT user_id FROM idea_votes WHERE idea_id = ?2 AND value = 1))",
    )
    .bind(idea.chat_id)
    .bind(idea.idea_id)
    .bind(status.as_str())
    .bind(ts(at))
    .bind(idea.author_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected())
}

/// A queued DM: (idea, user, status).
pub type Notice = (i64, i64, String);

/// DMs not sent yet, oldest first (of one idea, or of all).
pub async fn pending_notices(db: &Db, idea_id: Option<i64>, limit: i64) -> sqlx::Result<Vec<Notice>> {
    sqlx::query_as(
        "SELECT idea_id, user_id, status FROM idea_notices
         WHERE sent_at IS NULL AND (?1 IS NULL OR idea_id = ?1)
         ORDER BY queued_at, idea_id, user_id LIMIT ?2",
    )
    .bind(idea_id)
    .bind(limit)
    .fetch_all(db)
    .await
}

/// Marks a DM sent before sending it (a crash never sends it twice): `true`
/// when this call claimed it.
pub async fn claim_notice(db: &Db, n: &Notice, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE idea_notices SET sent_at = ? WHERE idea_id = ? AND user_id = ? AND status = ? AND sent_at IS NULL",
    )
    .bind(ts(at))
    .bind(n.0)
    .bind(n.1)
    .bind(&n.2)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ideas for `/ideas`, with their votes.
pub async fn list(db: &Db, chat_id: i64, filter: ListFilter, limit: i64) -> sqlx::Result<Vec<(Idea, Tally)>> {
    let (statuses, order) = match filter {
        ListFilter::Top => ("'open', 'planned', 'in_progress'", "score DESC, i.number"),
        ListFilter::New => ("'open'", "i.number DESC"),
        ListFilter::Planned => ("'planned', 'in_progress'", "score DESC, i.number"),
        ListFilter::Done => ("'done'", "i.done_at DESC, i.number DESC"),
    };
    // Both fragments are constants chosen above, never outside input.
    let sql = format!(
        "SELECT {cols}, COALESCE(SUM(v.value = 1), 0) AS up, COALESCE(SUM(v.value = -1), 0) AS down,
             COALESCE(SUM(v.value), 0) AS score
         FROM ideas i LEFT JOIN idea_votes v ON v.idea_id = i.idea_id
         WHERE i.chat_id = ? AND i.status IN ({statuses})
         GROUP BY i.idea_id ORDER BY {order} LIMIT ?",
        cols = COLUMNS.split(',').map(|c| format!("i.{}", c.trim())).collect::<Vec<_>>().join(", ")
    );
    let rows: Vec<IdeaRow> = sqlx::query_as(&sql).bind(chat_id).bind(limit).fetch_all(db).await?;
    Ok(rows.into_iter().map(|r| (r.idea, Tally { up: r.up, down: r.down })).collect())
}

#[derive(sqlx::FromRow)]
struct IdeaRow {
    #[sqlx(flatten)]
    idea: Idea,
    up: i64,
    down: i64,
}

/// Ideas taken up (planned, in progress or done) or done within a window,
/// for the weekly digest.
pub async fn taken_up_between(
    db: &Db,
    chat_id: i64,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> sqlx::Result<Vec<Idea>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM ideas
         WHERE chat_id = ?1 AND status IN ('planned', 'in_progress', 'done')
           AND ((taken_up_at >= ?2 AND taken_up_at < ?3) OR (done_at >= ?2 AND done_at < ?3))
         ORDER BY number LIMIT 20"
    ))
    .bind(chat_id)
    .bind(ts(since))
    .bind(ts(until))
    .fetch_all(db)
    .await
}

/// The ideas board in numbers, for /stats.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IdeaStats {
    /// Ideas submitted since `since` (merged duplicates left out).
    pub submitted: i64,
    /// Of those, how many were taken up (planned, in progress or done).
    pub taken_up: i64,
    /// `taken_up / submitted`, 0.0–1.0 (0 when nothing was submitted).
    pub share_taken_up: f64,
    /// Median time from submission to done, over the ideas done since `since`.
    pub median_to_done: Option<chrono::Duration>,
}

pub async fn stats(db: &Db, chat_id: i64, since: DateTime<Utc>) -> sqlx::Result<IdeaStats> {
    let since = ts(since);
    let (submitted, taken_up): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(status IN ('planned', 'in_progress', 'done')), 0) FROM ideas
         WHERE chat_id = ? AND created_at >= ? AND status <> 'merged'",
    )
    .bind(chat_id)
    .bind(&since)
    .fetch_one(db)
    .await?;
    let done: Vec<(String, String)> = sqlx::query_as(
        "SELECT created_at, done_at FROM ideas
         WHERE chat_id = ? AND status = 'done' AND done_at >= ?",
    )
    .bind(chat_id)
    .bind(&since)
    .fetch_all(db)
    .await?;
    let durations = done
        .iter()
        .filter_map(|(c, d)| Some(parse_ts(d)? - parse_ts(c)?))
        .filter(|d| *d >= chrono::Duration::zero())
        .collect();
    Ok(IdeaStats {
        submitted,
        taken_up,
        share_taken_up: if submitted > 0 { taken_up as f64 / submitted as f64 } else { 0.0 },
        median_to_done: median(durations),
    })
}

/// Every idea of a chat as a table (headers, rows), for /export.
pub async fn export_rows(db: &Db, chat_id: i64) -> sqlx::Result<(Vec<&'static str>, Vec<Vec<String>>)> {
    let headers = vec![
        "number",
        "status",
        "author_id",
        "author_name",
        "text",
        "up",
        "down",
        "score",
        "created_at",
        "taken_up_at",
        "done_at",
        "merged_into",
        "comment",
    ];
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        i64,
        String,
        i64,
        Option<String>,
        Option<String>,
        String,
        i64,
        i64,
        String,
        Option<String>,
        Option<String>,
        Option<i64>,
        Option<String>,
    )> = sqlx::query_as(
        "SELECT i.number, i.status, i.author_id, u.first_name, u.last_name, i.text,
             (SELECT COUNT(*) FROM idea_votes v WHERE v.idea_id = i.idea_id AND v.value = 1),
             (SELECT COUNT(*) FROM idea_votes v WHERE v.idea_id = i.idea_id AND v.value = -1),
             i.created_at, i.taken_up_at, i.done_at,
             (SELECT m.number FROM ideas m WHERE m.idea_id = i.merged_into), i.comment
         FROM ideas i LEFT JOIN users u ON u.user_id = i.author_id
         WHERE i.chat_id = ? ORDER BY i.number",
    )
    .bind(chat_id)
    .fetch_all(db)
    .await?;
    let rows = rows
        .into_iter()
        .map(
            |(number, status, author, first, last, text, up, down, created, taken, done, merged, comment)| {
                let name = match (first, last) {
                    (Some(f), Some(l)) if !l.is_empty() => format!("{f} {l}"),
                    (Some(f), _) => f,
                    _ => String::new(),
                };
                vec![
                    number.to_string(),
                    status,
                    author.to_string(),
                    name,
                    text,
                    up.to_string(),
                    down.to_string(),
                    (up - down).to_string(),
                    created,
                    taken.unwrap_or_default(),
                    done.unwrap_or_default(),
                    merged.map(|m| m.to_string()).unwrap_or_default(),
                    comment.unwrap_or_default(),
                ]
            },
        )
        .collect();
    Ok((headers, rows))
}
