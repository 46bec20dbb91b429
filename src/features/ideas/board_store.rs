//! The board as the dashboard shows it: the ideas of one status with their
//! votes and their authors' names, and how many ideas each status holds.

use super::{
    logic::{Status, Tally},
    store::{COLUMNS, Idea},
};
use crate::db::Db;

/// An idea on the dashboard's board: its votes and its author's name as
/// the bot last saw it (first, last).
#[derive(Debug, Clone)]
pub struct BoardRow {
    pub idea: Idea,
    pub tally: Tally,
    pub author: Option<(String, Option<String>)>,
}

/// The ideas of one status, the best scored first (done ones the latest
/// first), at most `limit`.
pub async fn board(db: &Db, chat_id: i64, status: Status, limit: i64) -> sqlx::Result<Vec<BoardRow>> {
    let order = if status == Status::Done { "i.done_at DESC, i.number DESC" } else { "score DESC, i.number" };
    // The order is one of two constants, never outside input.
    let sql = format!(
        "SELECT {cols}, COALESCE(SUM(v.value = 1), 0) AS up, COALESCE(SUM(v.value = -1), 0) AS down,
             COALESCE(SUM(v.value), 0) AS score, u.first_name, u.last_name
         FROM ideas i LEFT JOIN idea_votes v ON v.idea_id = i.idea_id
             LEFT JOIN users u ON u.user_id = i.author_id
         WHERE i.chat_id = ? AND i.status = ?
         GROUP BY i.idea_id ORDER BY {order} LIMIT ?",
        cols = COLUMNS.split(',').map(|c| format!("i.{}", c.trim())).collect::<Vec<_>>().join(", ")
    );
    let rows: Vec<BoardSqlRow> =
        sqlx::query_as(&sql).bind(chat_id).bind(status.as_str()).bind(limit).fetch_all(db).await?;
    Ok(rows
        .into_iter()
        .map(|r| BoardRow {
            idea: r.idea,
            tally: Tally { up: r.up, down: r.down },
            author: r.first_name.map(|f| (f, r.last_name)),
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct BoardSqlRow {
    #[sqlx(flatten)]
    idea: Idea,
    up: i64,
    down: i64,
    first_name: Option<String>,
    last_name: Option<String>,
}

/// How many ideas of the chat have each status.
pub async fn status_counts(db: &Db, chat_id: i64) -> sqlx::Result<Vec<(Status, i64)>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, COUNT(*) FROM ideas WHERE chat_id = ? GROUP BY status")
            .bind(chat_id)
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().filter_map(|(s, n)| Some((s.parse().ok()?, n))).collect())
}
