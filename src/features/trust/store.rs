//! The trust room's SQL: a member's facts read from what other rooms record
//! (members and their counters, the onboarding row's rules gate, active
//! warnings, the points ledger, daily activity) and the admins' choices.
//! Levels are computed from these on read, so a warning that expires or a
//! point earned shows at once.

use chrono::{DateTime, NaiveDate, Utc};
use teloxide::types::{ChatId, UserId};

use super::logic::{Facts, Level};
use crate::db::{self, Db};

/// The moderation log's action for a message the bot removed (moderation's
/// `ModAction::Delete`; a store test holds the two together).
const REMOVED_ACTION: &str = "delete";

/// The ledger's reason for a thank-you reply (points' `Reason::HelpfulAnswer`;
/// a store test holds the two together).
const HELPFUL_REASON: &str = "helpful_answer";

/// Where the facts are read: the warning cutoff and the activity window.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    /// Warnings given at or before this have expired (`None`: never).
    pub warnings_since: Option<DateTime<Utc>>,
    /// The first and the last day of the trailing weeks.
    pub first_day: NaiveDate,
    pub today: NaiveDate,
}

#[derive(sqlx::FromRow)]
struct FactsRow {
    user_id: i64,
    since: Option<String>,
    rules_ok: bool,
    messages: i64,
    weeks_active: i64,
    active_warnings: i64,
    points: i64,
    helpful: i64,
    chosen: Option<String>,
}

impl From<FactsRow> for Facts {
    fn from(r: FactsRow) -> Facts {
        Facts {
            user_id: r.user_id,
            since: r.since.as_deref().and_then(db::parse_ts),
            rules_ok: r.rules_ok,
            messages: r.messages,
            weeks_active: r.weeks_active,
            active_warnings: r.active_warnings,
            points: r.points,
            helpful: r.helpful,
            chosen: r.chosen.and_then(|c| c.parse::<Level>().ok()),
        }
    }
}

/// Some members' facts, each from an index on the member: their messages
/// of the window (`messages_user`), their warnings, ledger rows and
/// removals. ?1 chat, ?2 the members' ids (a JSON array), ?3 warning
/// cutoff, ?4 and ?5 the window's first and last day, ?6 the helpful
/// reason, ?7 the removal action.
const MEMBER_FACTS: &str = "SELECT m.user_id, COALESCE(m.joined_at, m.first_seen_at) AS since,
         NOT (COALESCE(o.gated, 0) = 1 AND o.rules_accepted_at IS NULL) AS rules_ok,
         m.message_count - (SELECT COUNT(*) FROM mod_log l
             WHERE l.chat_id = ?1 AND l.target_id = m.user_id AND l.action = ?7) AS messages,
         (SELECT COUNT(DISTINCT CAST(julianday(?5) - julianday(substr(g.sent_at, 1, 10)) AS INTEGER) / 7)
            FROM messages g
           WHERE g.chat_id = ?1 AND g.user_id = m.user_id AND g.sent_at >= ?4
             AND substr(g.sent_at, 1, 10) <= ?5)
             AS weeks_active,
         (SELECT COUNT(*) FROM mod_warnings w
           WHERE w.chat_id = ?1 AND w.user_id = m.user_id AND w.cleared_at IS NULL AND w.created_at > ?3)
             AS active_warnings,
         (SELECT COALESCE(SUM(p.points), 0) FROM points_ledger p
           WHERE p.chat_id = ?1 AND p.user_id = m.user_id) AS points,
         (SELECT COUNT(*) FROM points_ledger p
           WHERE p.chat_id = ?1 AND p.user_id = m.user_id AND p.reason = ?6) AS helpful,
         c.level AS chosen
     FROM members m
     LEFT JOIN onboarding o ON o.chat_id = m.chat_id AND o.user_id = m.user_id
     LEFT JOIN trust_choices c ON c.chat_id = m.chat_id AND c.user_id = m.user_id
     WHERE m.chat_id = ?1 AND m.user_id IN (SELECT value FROM json_each(?2))
     ORDER BY m.user_id";

/// Every member's facts, each source read once for the whole chat and
/// grouped by member (the window's daily activity, warnings, the ledger,
/// removals). The same bindings (?2 unused).
const CHAT_FACTS: &str = "SELECT m.user_id, COALESCE(m.joined_at, m.first_seen_at) AS since,
         NOT (COALESCE(o.gated, 0) = 1 AND o.rules_accepted_at IS NULL) AS rules_ok,
         m.message_count - COALESCE(r.removed, 0) AS messages,
         COALESCE(a.weeks, 0) AS weeks_active,
         COALESCE(w.active, 0) AS active_warnings,
         COALESCE(p.points, 0) AS points,
         COALESCE(p.helpful, 0) AS helpful,
         c.level AS chosen
     FROM members m
     LEFT JOIN onboarding o ON o.chat_id = m.chat_id AND o.user_id = m.user_id
     LEFT JOIN trust_choices c ON c.chat_id = m.chat_id AND c.user_id = m.user_id
     LEFT JOIN (SELECT target_id, COUNT(*) AS removed FROM mod_log
                 WHERE chat_id = ?1 AND action = ?7 GROUP BY target_id) r
            ON r.target_id = m.user_id
     LEFT JOIN (SELECT user_id, COUNT(DISTINCT CAST(julianday(?5) - julianday(day) AS INTEGER) / 7) AS weeks
                  FROM activity_daily WHERE chat_id = ?1 AND day >= ?4 AND day <= ?5 GROUP BY user_id) a
            ON a.user_id = m.user_id
     LEFT JOIN (SELECT user_id, COUNT(*) AS active FROM mod_warnings
                 WHERE chat_id = ?1 AND cleared_at IS NULL AND created_at > ?3 GROUP BY user_id) w
            ON w.user_id = m.user_id
     LEFT JOIN (SELECT user_id, SUM(points) AS points, SUM(reason = ?6) AS helpful FROM points_ledger
                 WHERE chat_id = ?1 GROUP BY user_id) p
            ON p.user_id = m.user_id
     WHERE m.chat_id = ?1
     ORDER BY m.user_id";

/// The facts `sql` reads (one of the two above) for the chat and `users`.
async fn read_facts(db: &Db, sql: &str, chat: ChatId, users: &[i64], w: Window) -> sqlx::Result<Vec<Facts>> {
    let rows: Vec<FactsRow> = sqlx::query_as(sql)
        .bind(chat.0)
        .bind(serde_json::Value::from(users).to_string())
        .bind(w.warnings_since.map(db::ts).unwrap_or_default())
        .bind(w.first_day.to_string())
        .bind(w.today.to_string())
        .bind(HELPFUL_REASON)
        .bind(REMOVED_ACTION)
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(Facts::from).collect())
}

/// A member's facts (`None`: the bot has never seen them in the chat).
/// Messages the bot removed (a newcomer's link, a filtered word) do not count.
pub async fn facts(db: &Db, chat: ChatId, user: UserId, w: Window) -> sqlx::Result<Option<Facts>> {
    Ok(read_facts(db, MEMBER_FACTS, chat, &[user.0 as i64], w).await?.pop())
}

/// Some members' facts, by user id (those never seen in the chat left out),
/// in one statement.
pub async fn members_facts(db: &Db, chat: ChatId, users: &[i64], w: Window) -> sqlx::Result<Vec<Facts>> {
    read_facts(db, MEMBER_FACTS, chat, users, w).await
}

/// Every member's facts, by user id (as `facts` reads them one by one).
pub async fn chat_facts(db: &Db, chat: ChatId, w: Window) -> sqlx::Result<Vec<Facts>> {
    read_facts(db, CHAT_FACTS, chat, &[], w).await
}

/// An admin's choice of level for a member (replacing an earlier one).
pub async fn choose(
    db: &Db,
    chat: ChatId,
    user: UserId,
    level: Level,
    by: UserId,
    at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO trust_choices (chat_id, user_id, level, chosen_by, chosen_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (chat_id, user_id) DO UPDATE SET level = excluded.level,
             chosen_by = excluded.chosen_by, chosen_at = excluded.chosen_at",
    )
    .bind(chat.0)
    .bind(user.0 as i64)
    .bind(level.as_str())
    .bind(by.0 as i64)
    .bind(db::ts(at))
    .execute(db)
    .await?;
    Ok(())
}

/// Back to the computed level; `true` when there was a choice.
pub async fn unchoose(db: &Db, chat: ChatId, user: UserId) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM trust_choices WHERE chat_id = ? AND user_id = ?")
        .bind(chat.0)
        .bind(user.0 as i64)
        .execute(db)
        .await?;
    Ok(done.rows_affected() > 0)
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::{
        features::{moderation::logic::ModAction, points::logic::Reason},
        kernel::members::testing::{CHAT, chat, joined, posts, t0},
    };

    fn window(expire_days: i64) -> Window {
        let today = t0().date_naive();
        Window {
            warnings_since: super::super::logic::warnings_since(expire_days, t0()),
            first_day: super::super::logic::window_start(today, 4),
            today,
        }
    }

    async fn warn(db: &Db, user: i64, source: i64, days_ago: i64) {
        sqlx::query(
            "INSERT INTO mod_warnings (chat_id, source_message_id, user_id, created_at) VALUES (?, ?, ?, ?)",
        )
        .bind(CHAT.0)
        .bind(source)
        .bind(user)
        .bind(db::ts(t0() - Duration::days(days_ago)))
        .execute(db)
        .await
        .unwrap();
    }

    async fn award(db: &Db, user: i64, points: i64, reason: &str, reference: &str) {
        sqlx::query(
            "INSERT INTO points_ledger (chat_id, user_id, points, reason, reference, at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(CHAT.0)
        .bind(user)
        .bind(points)
        .bind(reason)
        .bind(reference)
        .bind(db::ts(t0()))
        .execute(db)
        .await
        .unwrap();
    }

    #[tokio::test]
    async fn facts_come_from_what_the_other_rooms_recorded() {
        let (_dir, db) = db::scratch().await;
        chat(&db).await;
        joined(&db, 7, 30).await;
        // Three posts a week apart (weeks 0, 1, 2) and one outside the window.
        posts(&db, 7, 1, 0).await;
        posts(&db, 7, 1, 8).await;
        posts(&db, 7, 2, 14).await;
        posts(&db, 7, 1, 29).await;
        warn(&db, 7, 1, 2).await;
        warn(&db, 7, 2, 40).await;
        assert_eq!(Reason::HelpfulAnswer.as_str(), HELPFUL_REASON);
        assert_eq!(ModAction::Delete.as_str(), REMOVED_ACTION);
        // One of the five messages was removed by the bot; a warning is no removal.
        for (source, action) in [(1000, REMOVED_ACTION), (1001, "warn")] {
            sqlx::query(
                "INSERT INTO mod_log (chat_id, source_message_id, action, target_id, automatic, at)
                 VALUES (?, ?, ?, 7, 1, ?)",
            )
            .bind(CHAT.0)
            .bind(source)
            .bind(action)
            .bind(db::ts(t0()))
            .execute(&db)
            .await
            .unwrap();
        }
        award(&db, 7, 5, HELPFUL_REASON, "m1").await;
        award(&db, 7, 5, HELPFUL_REASON, "m2").await;
        award(&db, 7, 1, Reason::DailyFirstMessage.as_str(), "d1").await;
        let f = facts(&db, CHAT, UserId(7), window(30)).await.unwrap().unwrap();
        assert_eq!(f.since, Some(t0() - Duration::days(30)));
        assert!(f.rules_ok);
        assert_eq!((f.messages, f.weeks_active, f.active_warnings), (4, 3, 1));
        assert_eq!((f.points, f.helpful, f.chosen), (11, 2, None));
        let all = chat_facts(&db, CHAT, window(30)).await.unwrap();
        assert_eq!(all, std::slice::from_ref(&f), "the chat's query reads what the member's does");
        // Warnings that never expire all count.
        assert_eq!(facts(&db, CHAT, UserId(7), window(0)).await.unwrap().unwrap().active_warnings, 2);
        assert_eq!(chat_facts(&db, CHAT, window(0)).await.unwrap()[0].active_warnings, 2);
        assert_eq!(facts(&db, CHAT, UserId(8), window(30)).await.unwrap(), None);
    }

    #[tokio::test]
    async fn the_rules_gate_and_choices_are_read() {
        let (_dir, db) = db::scratch().await;
        chat(&db).await;
        joined(&db, 7, 1).await;
        joined(&db, 8, 1).await;
        sqlx::query("INSERT INTO onboarding (chat_id, user_id, joined_at, gated) VALUES (?, 7, ?, 1)")
            .bind(CHAT.0)
            .bind(db::ts(t0()))
            .execute(&db)
            .await
            .unwrap();
        let all = chat_facts(&db, CHAT, window(30)).await.unwrap();
        assert_eq!(all.iter().map(|f| (f.user_id, f.rules_ok)).collect::<Vec<_>>(), [(7, false), (8, true)]);
        choose(&db, CHAT, UserId(8), Level::Leader, UserId(1), t0()).await.unwrap();
        let f = facts(&db, CHAT, UserId(8), window(30)).await.unwrap().unwrap();
        assert_eq!(f.chosen, Some(Level::Leader));
        assert!(unchoose(&db, CHAT, UserId(8)).await.unwrap());
        assert!(!unchoose(&db, CHAT, UserId(8)).await.unwrap());
        assert_eq!(facts(&db, CHAT, UserId(8), window(30)).await.unwrap().unwrap().chosen, None);
    }
}
