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

#[cfg(test)]
mod tests {
    use teloxide::types::{ChatId, UserId};

    use super::*;
    use crate::{
        features::ideas::{logic::Vote, store},
        kernel::members::testing::{CHAT, chat, joined, t0},
    };

    async fn idea(db: &Db, n: i32, text: &str, author: u64) -> i64 {
        let new = store::NewIdea {
            chat_id: CHAT,
            author_id: UserId(author),
            submitted_by: UserId(author),
            text,
            source_message_id: n,
            at: t0(),
        };
        store::create(db, &new).await.expect("stored").0.idea_id
    }

    #[tokio::test]
    async fn the_board_holds_one_status_with_votes_and_names_and_the_counts_all() {
        let (_dir, db) = crate::db::scratch().await;
        chat(&db).await;
        joined(&db, 7, 3).await;
        sqlx::query("INSERT OR REPLACE INTO users (user_id, first_name, last_name, updated_at) VALUES (7, 'Ann', 'Lee', '')")
            .execute(&db)
            .await
            .expect("a user");
        let first = idea(&db, 1, "<b>bold</b> idea", 7).await;
        let second = idea(&db, 2, "second", 8).await;
        let third = idea(&db, 3, "third", 7).await;
        for (user, vote) in [(1, Vote::Up), (2, Vote::Up), (3, Vote::Down)] {
            store::vote(&db, CHAT, second, UserId(user), vote, t0()).await.expect("voted");
        }
        store::vote(&db, CHAT, first, UserId(1), Vote::Down, t0()).await.expect("voted");
        store::set_status(&db, third, Status::Open, Status::Done, None, t0(), 9).await.expect("moved");
        sqlx::query("INSERT INTO chats (chat_id, kind, title, added_at, updated_at) SELECT -1, kind, 'Other', added_at, updated_at FROM chats WHERE chat_id = ?")
            .bind(CHAT.0)
            .execute(&db)
            .await
            .expect("another chat");
        let other = store::NewIdea {
            chat_id: ChatId(-1),
            author_id: UserId(7),
            submitted_by: UserId(7),
            text: "another chat's",
            source_message_id: 4,
            at: t0(),
        };
        store::create(&db, &other).await.expect("stored");

        let open = board(&db, CHAT.0, Status::Open, 10).await.expect("the board");
        let order: Vec<(i64, i64, i64)> =
            open.iter().map(|r| (r.idea.number, r.tally.up, r.tally.down)).collect();
        assert_eq!(order, vec![(2, 2, 1), (1, 0, 1)], "best scored first, this chat only");
        assert_eq!(open[1].idea.text, "<b>bold</b> idea", "as written: the page escapes it");
        assert_eq!(open[1].author, Some(("Ann".to_owned(), Some("Lee".to_owned()))));
        assert_eq!(open[0].author, None, "a user the bot never saw has no name");
        assert_eq!(board(&db, CHAT.0, Status::Open, 1).await.expect("the board").len(), 1, "the limit");
        let done = board(&db, CHAT.0, Status::Done, 10).await.expect("the board");
        assert_eq!(done.iter().map(|r| r.idea.number).collect::<Vec<_>>(), vec![3]);
        let mut counts = status_counts(&db, CHAT.0).await.expect("counts");
        counts.sort_by_key(|(s, _)| s.as_str());
        assert_eq!(counts, vec![(Status::Done, 1), (Status::Open, 2)]);
    }
}
