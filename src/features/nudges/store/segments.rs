//! Segments in SQL: the groups the bot is in, and the few indexed UPDATEs
//! a tick moves every chat's members between segments with (the members' `quiet_since`
//! follows their posts and joins by trigger, see migrations/0012).

use chrono::{DateTime, Duration, Utc};

use crate::{
    db::{Db, ts},
    features::nudges::logic::SegmentRules,
};

/// Groups the bot is in.
pub async fn chats(db: &Db) -> sqlx::Result<Vec<i64>> {
    sqlx::query_scalar(
        "SELECT chat_id FROM chats WHERE kind IN ('group', 'supergroup')
           AND bot_status NOT IN ('left', 'kicked') ORDER BY chat_id",
    )
    .fetch_all(db)
    .await
}

/// The chats' thresholds as one JSON parameter for `json_each`: a row
/// `[chat_id, active cutoff, silent cutoff, gone cutoff]` each (members
/// quiet since at or before a cutoff have crossed it).
fn cutoffs(chats: &[(i64, SegmentRules)], now: DateTime<Utc>) -> String {
    let cut = |d: u32| ts(now - Duration::days(i64::from(d)));
    let rows: Vec<serde_json::Value> = chats
        .iter()
        .map(|(chat_id, r)| {
            serde_json::json!([chat_id, cut(r.active_days), cut(r.silent_days), cut(r.goodbye_days)])
        })
        .collect();
    serde_json::Value::Array(rows).to_string()
}

/// The chats' cutoffs as a table (`?1`: `cutoffs`).
const CUT: &str = "WITH cut AS (
    SELECT json_extract(value, '$[0]') AS chat_id, json_extract(value, '$[1]') AS active,
           json_extract(value, '$[2]') AS silent, json_extract(value, '$[3]') AS gone
    FROM json_each(?1))";

/// Moves members forward `to` a segment from the ones `from` (an SQL list)
/// when their silence crossed the chat's `cutoff` column; at most `?3`.
/// With `look`, a member who moves is due for a look by the ladder at `?2`.
pub(super) fn forward_sql(to: &str, from: &str, cutoff: &str, look: bool) -> String {
    let next = if look { "?2" } else { "next_at" };
    format!(
        "{CUT} UPDATE nudge_members SET segment = '{to}', next_at = {next}
         WHERE (chat_id, user_id) IN (
             SELECT n.chat_id, n.user_id FROM cut JOIN nudge_members n ON n.chat_id = cut.chat_id
             WHERE n.segment IN {from} AND n.quiet_since <= cut.{cutoff} LIMIT ?3)"
    )
}

/// Moves members back `to` a segment from the ones `from` when their
/// silence is shorter than the chat's `cutoff` column (thresholds raised).
pub(super) fn back_sql(to: &str, from: &str, cutoff: &str) -> String {
    format!(
        "{CUT} UPDATE nudge_members SET segment = '{to}'
         WHERE (chat_id, user_id) IN (
             SELECT n.chat_id, n.user_id FROM cut JOIN nudge_members n ON n.chat_id = cut.chat_id
             WHERE n.segment IN {from} AND n.quiet_since > cut.{cutoff})"
    )
}

/// Moves the members of `chats` (each with its thresholds) to the segment
/// their silence puts them in: six statements in one transaction for all
/// the chats, each reading only the rows that cross a threshold (index on
/// `(chat_id, segment, quiet_since)`, probed chat by chat). A member who
/// enters Silent or Gone is due for a look by the ladder at once.
///
/// At most `cap` members move forward, the chats taken in the order given:
/// after a mass event (the bot meeting a big group, a long outage) segments
/// catch up over a few ticks instead of one long one.
pub async fn update_segments(
    db: &Db,
    chats: &[(i64, SegmentRules)],
    now: DateTime<Utc>,
    cap: i64,
) -> sqlx::Result<u64> {
    if chats.is_empty() {
        return Ok(0);
    }
    let (cut, now_s) = (cutoffs(chats, now), ts(now));
    let mut tx = crate::db::begin_write(db).await?;
    let mut moved = 0;
    // Forward: gone, then silent, then at risk (a member moves once).
    let forward = [
        ("gone", "('active', 'at_risk', 'silent')", "gone", true),
        ("silent", "('active', 'at_risk')", "silent", true),
        ("at_risk", "('active')", "active", false),
    ];
    for (to, from, cutoff, look) in forward {
        let left = cap - moved as i64;
        if left <= 0 {
            break;
        }
        moved += sqlx::query(&forward_sql(to, from, cutoff, look))
            .bind(&cut)
            .bind(&now_s)
            .bind(left)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    }
    // Back (thresholds raised by /set): silence counted afresh is shorter.
    let back = [
        ("active", "('at_risk', 'silent', 'gone')", "active"),
        ("at_risk", "('silent', 'gone')", "silent"),
        ("silent", "('gone')", "gone"),
    ];
    for (to, from, cutoff) in back {
        moved += sqlx::query(&back_sql(to, from, cutoff)).bind(&cut).execute(&mut *tx).await?.rows_affected();
    }
    tx.commit().await?;
    Ok(moved)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        db::scratch as db,
        features::nudges::{
            logic::Segment,
            store::{due, segment_counts},
        },
    };

    /// Segments follow posts, joins and leaves through the triggers, and the
    /// scheduler's UPDATEs move only the members who crossed a threshold.
    /// An active member's posts move their quiet_since at most hourly (one
    /// row write an hour, not one a message); a post by a quiet member ends
    /// the silence at once.
    #[tokio::test]
    async fn posts_move_quiet_since_hourly_and_end_a_silence_at_once() {
        let (_dir, db) = db().await;
        sqlx::query(
            "INSERT INTO chats (chat_id, kind, added_at, updated_at) VALUES (-5, 'supergroup', 'x', 'x')",
        )
        .execute(&db)
        .await
        .unwrap();
        let t0: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let post = |at: DateTime<Utc>| {
            let db = db.clone();
            async move {
                sqlx::query(
                    "INSERT INTO messages (chat_id, message_id, user_id, sent_at) VALUES (-5, ?, 1, ?)",
                )
                .bind(at.timestamp())
                .bind(ts(at))
                .execute(&db)
                .await
                .unwrap();
            }
        };
        let quiet_since = || {
            let db = db.clone();
            async move {
                sqlx::query_scalar::<_, String>("SELECT quiet_since FROM nudge_members WHERE user_id = 1")
                    .fetch_one(&db)
                    .await
                    .unwrap()
            }
        };
        post(t0).await;
        assert_eq!(quiet_since().await, ts(t0));
        post(t0 + Duration::minutes(30)).await;
        assert_eq!(quiet_since().await, ts(t0), "within the hour: no write");
        post(t0 + Duration::minutes(61)).await;
        assert_eq!(quiet_since().await, ts(t0 + Duration::minutes(61)));
        // Quiet for 20 days: silent; one post makes them active at once.
        let later = t0 + Duration::days(20);
        update_segments(&db, &[(-5, SegmentRules::default())], later, 100).await.unwrap();
        post(later + Duration::minutes(1)).await;
        let (segment, since): (String, String) =
            sqlx::query_as("SELECT segment, quiet_since FROM nudge_members WHERE user_id = 1")
                .fetch_one(&db)
                .await
                .unwrap();
        assert_eq!((segment.as_str(), since), ("active", ts(later + Duration::minutes(1))));
    }

    /// A tick moves at most `cap` members; the rest follow on later ticks.
    #[tokio::test]
    async fn segment_moves_are_capped_per_call() {
        let (_dir, db) = db().await;
        sqlx::query(
            "INSERT INTO chats (chat_id, kind, added_at, updated_at) VALUES (-5, 'supergroup', 'x', 'x')",
        )
        .execute(&db)
        .await
        .unwrap();
        let t0: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let at = ts(t0 - Duration::days(20));
        for user in 1..=5 {
            sqlx::query(
                "INSERT INTO members (chat_id, user_id, first_seen_at, joined_at, join_count) VALUES (-5, ?, ?, ?, 1)",
            )
            .bind(user)
            .bind(&at)
            .bind(&at)
            .execute(&db)
            .await
            .unwrap();
        }
        let rules = SegmentRules::default();
        let moved: Vec<u64> = {
            let mut v = Vec::new();
            for _ in 0..4 {
                v.push(update_segments(&db, &[(-5, rules)], t0, 2).await.unwrap());
            }
            v
        };
        assert_eq!(moved, [2, 2, 1, 0]);
        let counts = segment_counts(&db, -5).await.unwrap();
        assert_eq!(counts.iter().find(|(x, _)| *x == Segment::Silent).unwrap().1, 5);
    }

    /// One call moves the members of several chats, each by its own
    /// thresholds, and the cap is shared in the order the chats are given.
    #[tokio::test]
    async fn chats_move_by_their_own_thresholds_under_one_cap() {
        let (_dir, db) = db().await;
        let t0: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let at = ts(t0 - Duration::days(10));
        for chat in [-5, -6] {
            sqlx::query(
                "INSERT INTO chats (chat_id, kind, added_at, updated_at) VALUES (?, 'supergroup', 'x', 'x')",
            )
            .bind(chat)
            .execute(&db)
            .await
            .unwrap();
            for user in 1..=3 {
                sqlx::query(
                    "INSERT INTO members (chat_id, user_id, first_seen_at, joined_at, join_count) VALUES (?, ?, ?, ?, 1)",
                )
                .bind(chat)
                .bind(user)
                .bind(&at)
                .bind(&at)
                .execute(&db)
                .await
                .unwrap();
            }
        }
        // Ten days quiet: silent where silence starts at 7 days, active where
        // it starts at 30 (and at risk after 14).
        let strict = SegmentRules { active_days: 3, silent_days: 7, goodbye_days: 60 };
        let lenient = SegmentRules { active_days: 20, silent_days: 30, goodbye_days: 90 };
        let segment_of = |chat: i64| {
            let db = db.clone();
            async move {
                sqlx::query_scalar::<_, String>(
                    "SELECT group_concat(segment) FROM (SELECT segment FROM nudge_members WHERE chat_id = ? ORDER BY user_id)",
                )
                .bind(chat)
                .fetch_one(&db)
                .await
                .unwrap()
            }
        };
        assert_eq!(update_segments(&db, &[(-6, strict), (-5, lenient)], t0, 2).await.unwrap(), 2);
        assert_eq!(segment_of(-6).await, "silent,silent,active", "the first chat takes the cap first");
        assert_eq!(segment_of(-5).await, "active,active,active");
        assert_eq!(update_segments(&db, &[(-5, lenient), (-6, strict)], t0, 10).await.unwrap(), 1);
        assert_eq!(segment_of(-6).await, "silent,silent,silent");
        assert_eq!(segment_of(-5).await, "active,active,active", "ten days is not silence there");
        assert_eq!(update_segments(&db, &[], t0, 10).await.unwrap(), 0);
    }

    #[tokio::test]
    async fn segments_follow_members() {
        let (_dir, db) = db().await;
        sqlx::query(
            "INSERT INTO chats (chat_id, kind, added_at, updated_at) VALUES (-5, 'supergroup', 'x', 'x')",
        )
        .execute(&db)
        .await
        .unwrap();
        let t0: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        for (user, days_ago) in [(1, 0), (2, 8), (3, 20), (4, 90)] {
            let at = ts(t0 - Duration::days(days_ago));
            sqlx::query(
                "INSERT INTO members (chat_id, user_id, first_seen_at, joined_at, join_count) VALUES (-5, ?, ?, ?, 1)",
            )
            .bind(user)
            .bind(&at)
            .bind(&at)
            .execute(&db)
            .await
            .unwrap();
        }
        let rules = SegmentRules::default();
        assert_eq!(update_segments(&db, &[(-5, rules)], t0, 10_000).await.unwrap(), 3);
        assert_eq!(update_segments(&db, &[(-5, rules)], t0, 10_000).await.unwrap(), 0, "nothing moves twice");
        let counts = segment_counts(&db, -5).await.unwrap();
        let n = |s: Segment| counts.iter().find(|(x, _)| *x == s).unwrap().1;
        assert_eq!(
            (n(Segment::Active), n(Segment::AtRisk), n(Segment::Silent), n(Segment::Gone)),
            (1, 1, 1, 1)
        );
        assert!(due(&db, -5, t0, 10).await.unwrap().is_empty(), "only members the bot may DM");
        sqlx::query("INSERT INTO users (user_id, first_name, dm_open, updated_at) VALUES (3, 'C', 1, 'x'), (4, 'D', 1, 'x')")
            .execute(&db)
            .await
            .unwrap();
        let due = due(&db, -5, t0, 10).await.unwrap();
        assert_eq!(due.iter().map(|d| d.user_id).collect::<Vec<_>>(), [3, 4]);
        // A post: active again, the ladder reset; a leave: left.
        sqlx::query("UPDATE nudge_members SET steps = 1 WHERE user_id = 3").execute(&db).await.unwrap();
        sqlx::query("UPDATE members SET last_message_at = ? WHERE user_id = 3")
            .bind(ts(t0))
            .execute(&db)
            .await
            .unwrap();
        sqlx::query("UPDATE members SET status = 'left' WHERE user_id = 4").execute(&db).await.unwrap();
        let row: (String, i64, Option<String>) =
            sqlx::query_as("SELECT segment, steps, next_at FROM nudge_members WHERE user_id = 3")
                .fetch_one(&db)
                .await
                .unwrap();
        assert_eq!(row, ("active".to_owned(), 0, None));
        let left: String = sqlx::query_scalar("SELECT segment FROM nudge_members WHERE user_id = 4")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(left, "left");
        // Raised thresholds bring members back.
        let relaxed = SegmentRules { active_days: 30, silent_days: 40, goodbye_days: 100 };
        update_segments(&db, &[(-5, relaxed)], t0, 10_000).await.unwrap();
        let at_risk: String = sqlx::query_scalar("SELECT segment FROM nudge_members WHERE user_id = 2")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(at_risk, "active");
    }
}
