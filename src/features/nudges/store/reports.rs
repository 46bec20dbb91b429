//! Reports (/silent, /stats): members per segment, reactivation beside the
//! holdout, and the quiet members.

use chrono::{DateTime, Utc};

use crate::{
    db::{Db, ts},
    features::nudges::logic::{REACTIVATION_WINDOW_DAYS, ReactivationRate, Segment},
};

/// Members per segment (every segment, zeros included, in [`Segment::ALL`] order).
pub async fn segment_counts(db: &Db, chat_id: i64) -> sqlx::Result<Vec<(Segment, i64)>> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT segment, COUNT(*) FROM nudge_members WHERE chat_id = ? GROUP BY segment")
            .bind(chat_id)
            .fetch_all(db)
            .await?;
    Ok(Segment::ALL
        .iter()
        .map(|s| (*s, rows.iter().find(|(name, _)| name == s.as_str()).map_or(0, |(_, n)| *n)))
        .collect())
}

/// Reactivation of the members first nudged since `since` (nudged) beside
/// those who would have been (holdout): posted within
/// [`REACTIVATION_WINDOW_DAYS`] days after.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reactivation {
    pub nudged: ReactivationRate,
    pub holdout: ReactivationRate,
}

pub async fn reactivation(db: &Db, chat_id: i64, since: DateTime<Utc>) -> sqlx::Result<Reactivation> {
    let window = format!("+{} days", REACTIVATION_WINDOW_DAYS);
    let rows: Vec<(bool, i64, i64)> = sqlx::query_as(
        "SELECT c.holdout, COUNT(*),
                SUM(EXISTS (SELECT 1 FROM messages m
                            WHERE m.chat_id = c.chat_id AND m.user_id = c.user_id AND m.sent_at >= c.at
                              AND m.sent_at <= strftime('%Y-%m-%dT%H:%M:%SZ', c.at, ?)))
         FROM nudge_cohort c WHERE c.chat_id = ? AND c.at >= ? GROUP BY c.holdout",
    )
    .bind(window)
    .bind(chat_id)
    .bind(ts(since))
    .fetch_all(db)
    .await?;
    let rate = |holdout: bool| {
        rows.iter()
            .find(|(h, _, _)| *h == holdout)
            .map_or(ReactivationRate::new(0, 0), |(_, n, r)| ReactivationRate::new(*n as u64, *r as u64))
    };
    Ok(Reactivation { nudged: rate(false), holdout: rate(true) })
}

/// A quiet member as /silent lists them.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QuietMember {
    pub user_id: i64,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub segment: String,
    pub last_seen: String,
    pub steps: i64,
    pub holdout: Option<bool>,
    pub survey_answer: Option<String>,
    pub survey_text: Option<String>,
    pub dm_open: Option<bool>,
}

pub async fn quiet_members(db: &Db, chat_id: i64, limit: i64) -> sqlx::Result<Vec<QuietMember>> {
    sqlx::query_as(
        "SELECT n.user_id, u.first_name, u.last_name, n.segment, n.quiet_since AS last_seen, n.steps,
                n.holdout, n.survey_answer, n.survey_text, u.dm_open
         FROM nudge_members n LEFT JOIN users u ON u.user_id = n.user_id
         WHERE n.chat_id = ?1 AND n.segment IN ('silent', 'gone') AND COALESCE(u.is_bot, 0) = 0
           AND NOT EXISTS (SELECT 1 FROM members m WHERE m.chat_id = ?1 AND m.user_id = n.user_id
                           AND m.status IN ('creator', 'administrator'))
         ORDER BY n.quiet_since LIMIT ?2",
    )
    .bind(chat_id)
    .bind(limit)
    .fetch_all(db)
    .await
}
