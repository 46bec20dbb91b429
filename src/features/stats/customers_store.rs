//! The SQL of /stats customers and the `customers-retention` export: the
//! customer registry (`customers`, `customer_links`, `customer_nps`, kept by
//! the customers room) read beside this chat's members and daily activity.
//!
//! The cohort is counted in two small passes instead of one join over every
//! customer: the whole cohort by tenure and churn month from the dates index
//! alone (`customers_dates`, migration 0022), and the participants from this
//! chat's posters in the 30 days before the cohort's day, each a seek into
//! the links and the customer. The others are the difference.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::{
    csv::Table,
    retention::{Cell, Month, Tenure},
};
use crate::{
    db::{Db, ts},
    features::nps::logic::{Score, Tally},
};

/// Participants posted in this chat in the `PARTICIPATION_DAYS` days before
/// the cohort's day.
pub const PARTICIPATION_DAYS: i64 = 30;

/// "Active participants" posted in the last `ACTIVE_DAYS` days.
pub const ACTIVE_DAYS: i64 = 30;

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// What the registry holds, seen from this chat.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CustomerCounts {
    /// Customers known to the registry.
    pub known: i64,
    /// …linked to an account that is a member of this chat.
    pub linked: i64,
    /// …of whom posted here in the last `ACTIVE_DAYS` days.
    pub active: i64,
}

pub async fn counts(db: &Db, chat_id: i64, now: DateTime<Utc>) -> sqlx::Result<CustomerCounts> {
    let known: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers").fetch_one(db).await?;
    let (linked, active): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COALESCE(SUM(m.last_message_at > ?2), 0)
         FROM customer_links l JOIN members m ON m.chat_id = ?1 AND m.user_id = l.user_id
         WHERE m.status NOT IN ('left', 'kicked')",
    )
    .bind(chat_id)
    .bind(ts(now - Duration::days(ACTIVE_DAYS)))
    .fetch_one(db)
    .await?;
    Ok(CustomerCounts { known, linked, active })
}

/// The tenure stratum of `c.since` on ?t0 (the numbering of
/// `Tenure::from_index`; `Tenure::at` is the same rule in Rust, and a test
/// holds them together). Binds: ?2 t0 − 90 days, ?3 t0 − 365 days.
const TENURE: &str =
    "CASE WHEN c.since IS NULL THEN 3 WHEN c.since > ?2 THEN 0 WHEN c.since >= ?3 THEN 1 ELSE 2 END";

/// A customer on ?1 (t0): since then or since unknown, not churned by then.
/// (Written without OR, so that SQLite scans one covering index instead of
/// gathering rows from three.)
const IN_COHORT: &str = "COALESCE(c.since, '') <= ?1 AND COALESCE(c.churned_at, '9999') > ?1";

/// The month a customer churned in, if by ?4 (today).
const CHURN_MONTH: &str = "CASE WHEN c.churned_at <= ?4 THEN substr(c.churned_at, 1, 7) END";

/// This chat's posters (?5) in the days [?6, ?1).
const POSTERS: &str =
    "SELECT DISTINCT user_id FROM activity_daily WHERE chat_id = ?5 AND day >= ?6 AND day < ?1";

/// Binds what `TENURE`, `IN_COHORT`, `CHURN_MONTH` and (with a chat)
/// `POSTERS` read: ?1 t0, ?2 t0 − 90 days, ?3 t0 − 365 days, ?4 today,
/// ?5 the chat, ?6 the first day of the participation window.
fn bind_cohort<'q, O>(
    query: sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments<'q>>,
    t0: NaiveDate,
    today: NaiveDate,
    chat_id: Option<i64>,
) -> sqlx::query::QueryAs<'q, sqlx::Sqlite, O, sqlx::sqlite::SqliteArguments<'q>> {
    let query = query
        .bind(day(t0))
        .bind(day(t0 - Duration::days(90)))
        .bind(day(t0 - Duration::days(365)))
        .bind(day(today));
    match chat_id {
        Some(chat_id) => query.bind(chat_id).bind(day(t0 - Duration::days(PARTICIPATION_DAYS))),
        None => query,
    }
}

fn cells(rows: Vec<(i64, Option<String>, i64)>) -> Vec<Cell> {
    rows.into_iter()
        .map(|(tenure, churned, n)| Cell {
            tenure: Tenure::from_index(tenure),
            // A churn date the month of which cannot be read still churned.
            churned: churned.map(|m| Month::parse(&m).unwrap_or(Month { year: 0, month: 1 })),
            n,
        })
        .collect()
}

/// The cohort of `t0` (customers then) by tenure and churn month by
/// `today`, and the same for its participants (linked to an account that
/// posted in this chat in the 30 days before `t0`).
///
/// The whole cohort takes two reads: its size by stratum (one pass over the
/// covering `customers_dates` index, summed without sorting), and those who
/// churned between `t0` and today by stratum and month (a range of
/// `customers_churned_since`); the retained are the difference.
pub async fn cohort_cells(
    db: &Db,
    chat_id: i64,
    t0: NaiveDate,
    today: NaiveDate,
) -> sqlx::Result<(Vec<Cell>, Vec<Cell>)> {
    let totals_sql = totals_query();
    let (total, unknown, under90, to365): (i64, i64, i64, i64) =
        bind_cohort(sqlx::query_as(&totals_sql), t0, today, None).fetch_one(db).await?;
    let churned_sql = churned_query();
    let churned = cells(bind_cohort(sqlx::query_as(&churned_sql), t0, today, None).fetch_all(db).await?);
    let sizes = [under90, to365, total - unknown - under90 - to365, unknown];
    let mut cohort: Vec<Cell> = Tenure::ALL
        .iter()
        .zip(sizes)
        .map(|(&tenure, size)| {
            let gone: i64 = churned.iter().filter(|c| c.tenure == tenure).map(|c| c.n).sum();
            Cell { tenure, churned: None, n: size - gone }
        })
        .filter(|c| c.n > 0)
        .collect();
    cohort.extend(churned);
    let participants_sql = participants_query();
    let participants =
        bind_cohort(sqlx::query_as(&participants_sql), t0, today, Some(chat_id)).fetch_all(db).await?;
    Ok((cohort, cells(participants)))
}

/// The cohort's size: all, since unknown, under 90 days, 90–365 days.
fn totals_query() -> String {
    format!(
        "SELECT COUNT(*), COALESCE(SUM(c.since IS NULL), 0), COALESCE(SUM(c.since > ?2), 0),
                COALESCE(SUM(c.since >= ?3 AND c.since <= ?2), 0)
         FROM customers c WHERE {IN_COHORT}"
    )
}

/// Those of the cohort who churned after ?1 and by ?4, by stratum and month.
fn churned_query() -> String {
    format!(
        "SELECT {TENURE} AS s, substr(c.churned_at, 1, 7) AS m, COUNT(*) FROM customers c
         WHERE c.churned_at > ?1 AND c.churned_at <= ?4 AND COALESCE(c.since, '') <= ?1
         GROUP BY s, m"
    )
}

/// The participants: the linked accounts among this chat's posters (an
/// in-memory list), each customer's dates from the narrow index (pinned: on
/// a database never analyzed SQLite would read the wide rows).
fn participants_query() -> String {
    format!(
        "SELECT {TENURE} AS s, {CHURN_MONTH} AS m, COUNT(*)
         FROM customer_links l JOIN customers c INDEXED BY customers_dates ON c.customer_id = l.customer_id
         WHERE l.user_id IN ({POSTERS}) AND {IN_COHORT} GROUP BY s, m"
    )
}

/// The company's NPS of community members and of other customers: each
/// customer's latest answer from `from` to `today`; members are customers
/// linked to an account that posted in this chat since `posted_since`.
pub async fn nps_tallies(
    db: &Db,
    chat_id: i64,
    from: NaiveDate,
    today: NaiveDate,
    posted_since: DateTime<Utc>,
) -> sqlx::Result<(Tally, Tally)> {
    // SQLite takes the bare `score` from the row holding MAX(answered_on).
    let rows: Vec<(bool, i64, i64)> = sqlx::query_as(
        "SELECT m.user_id IS NOT NULL AS member, a.score, COUNT(*)
         FROM (SELECT customer_id, score, MAX(answered_on) FROM customer_nps
               WHERE answered_on >= ?1 AND answered_on <= ?2 GROUP BY customer_id) a
         LEFT JOIN customer_links l ON l.customer_id = a.customer_id
         LEFT JOIN members m ON m.chat_id = ?3 AND m.user_id = l.user_id AND m.last_message_at >= ?4
         GROUP BY 1, 2",
    )
    .bind(day(from))
    .bind(day(today))
    .bind(chat_id)
    .bind(ts(posted_since))
    .fetch_all(db)
    .await?;
    let (mut members, mut others) = (Tally::default(), Tally::default());
    for (member, score, n) in rows {
        let Some(score) = Score::new(score) else { continue };
        let tally = if member { &mut members } else { &mut others };
        for _ in 0..n {
            tally.add(score);
        }
    }
    Ok((members, others))
}

/// How many rows `export_retention` writes today (UTC): the customers of
/// the default cohort (`IN_COHORT` at `CUSTOMER_DAYS_DEFAULT` days before
/// today; a test holds the two together). `?`: the chat, unused.
pub const RETENTION_COUNT_SQL: &str = "SELECT COUNT(*) FROM customers c
     WHERE ? IS NOT NULL AND COALESCE(c.since, '') <= date('now', '-90 days')
       AND COALESCE(c.churned_at, '9999') > date('now', '-90 days')";

/// One row per customer of the default cohort (`CUSTOMER_DAYS_DEFAULT` days
/// before `today`): the registry's dates, the linked account, and how
/// /stats customers classed them — tenure stratum, participant, retained.
pub async fn export_retention(db: &Db, chat_id: i64, today: NaiveDate) -> sqlx::Result<Table> {
    let t0 = super::retention::cohort_day(today, super::logic::CUSTOMER_DAYS_DEFAULT);
    type Row = (String, Option<String>, Option<String>, Option<i64>, Option<bool>);
    let sql = format!(
        "SELECT c.customer_id, c.since, c.churned_at, l.user_id, l.user_id IN ({POSTERS})
         FROM customers c LEFT JOIN customer_links l ON l.customer_id = c.customer_id
         WHERE {IN_COHORT} ORDER BY c.customer_id"
    );
    let rows: Vec<Row> = bind_cohort(sqlx::query_as(&sql), t0, today, Some(chat_id)).fetch_all(db).await?;
    let header = vec![
        "customer_id",
        "since",
        "churned_at",
        "user_id",
        "cohort_day",
        "tenure",
        "participant",
        "retained",
    ];
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
    let today_s = day(today);
    let rows = rows
        .into_iter()
        .map(|(id, since, churned, user, participant)| {
            let tenure = Tenure::at(since.as_deref().and_then(|s| s.parse().ok()), t0);
            let retained = churned.as_deref().is_none_or(|c| c > today_s.as_str());
            vec![
                id,
                since.unwrap_or_default(),
                churned.unwrap_or_default(),
                user.map(|u| u.to_string()).unwrap_or_default(),
                day(t0),
                tenure.as_str().to_owned(),
                yes_no(participant.unwrap_or(false)),
                yes_no(retained),
            ]
        })
        .collect();
    Ok((header, rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::stats::retention::CohortRetention;
    use crate::kernel::members::testing::{CHAT, chat, joined, posts, t0 as now};

    async fn customer(db: &Db, id: &str, since: Option<&str>, churned: Option<&str>, user: Option<i64>) {
        sqlx::query(
            "INSERT INTO customers (customer_id, since, churned_at, updated_at) VALUES (?, ?, ?, '')",
        )
        .bind(id)
        .bind(since)
        .bind(churned)
        .execute(db)
        .await
        .unwrap();
        if let Some(user) = user {
            sqlx::query("INSERT INTO customer_links (customer_id, user_id, via, linked_at) VALUES (?, ?, 'admin', '')")
                .bind(id)
                .bind(user)
                .execute(db)
                .await
                .unwrap();
        }
    }

    /// The export's size check counts the rows the export writes today.
    #[tokio::test]
    async fn the_retention_count_is_the_exports_rows() {
        let (_dir, db) = crate::db::scratch().await;
        chat(&db).await;
        let today = chrono::Utc::now().date_naive();
        let t0 = super::super::retention::cohort_day(today, super::super::logic::CUSTOMER_DAYS_DEFAULT);
        let at = |days_after_t0: i64| day(t0 + Duration::days(days_after_t0));
        customer(&db, "in", Some(&at(-10)), None, None).await;
        customer(&db, "unknown-since", None, Some(&at(5)), None).await;
        customer(&db, "on-t0", Some(&at(0)), None, None).await;
        customer(&db, "later", Some(&at(1)), None, None).await;
        customer(&db, "gone-before", Some(&at(-50)), Some(&at(0)), None).await;
        let (_, rows) = export_retention(&db, CHAT.0, today).await.unwrap();
        let counted: i64 = sqlx::query_scalar(RETENTION_COUNT_SQL).bind(CHAT.0).fetch_one(&db).await.unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(counted, rows.len() as i64);
    }

    /// A small registry whose every number is known, read the two ways
    /// (the report's cells and the export's rows), which must agree.
    #[tokio::test]
    async fn the_cohort_by_tenure_participation_and_churn() {
        let (_dir, db) = crate::db::scratch().await;
        chat(&db).await;
        let today = now().date_naive();
        let t0 = today - Duration::days(90);
        let d = |days_before_t0: i64| day(t0 - Duration::days(days_before_t0));
        let after = |days_after_t0: i64| day(t0 + Duration::days(days_after_t0));
        for user in [1, 2, 3, 4] {
            joined(&db, user, 200).await;
        }
        posts(&db, 1, 1, 100).await; // 10 days before t0: a participant
        posts(&db, 2, 1, 95).await; // 5 days before t0
        posts(&db, 3, 1, 89).await; // the day after t0: not a participant
        posts(&db, 4, 1, 130).await; // 40 days before t0: not either
        customer(&db, "a", Some(&d(10)), None, Some(1)).await; // under 90, participant, retained
        customer(&db, "b", Some(&d(400)), Some(&after(20)), Some(2)).await; // over 365, participant, churned
        customer(&db, "c", Some(&d(90)), None, Some(3)).await; // 90–365, linked, not participant
        customer(&db, "d", None, Some(&after(40)), Some(4)).await; // unknown, not participant, churned
        customer(&db, "e", Some(&d(365)), None, None).await; // 90–365, not linked
        customer(&db, "f", Some(&after(1)), None, None).await; // not yet a customer on t0
        customer(&db, "g", Some(&d(50)), Some(&d(0)), None).await; // churned on t0: out
        customer(&db, "h", Some(&d(50)), Some(&after(120)), None).await; // churns after today: retained

        let (cohort, participants) = cohort_cells(&db, CHAT.0, t0, today).await.unwrap();
        let r = CohortRetention::from_cells(&cohort, &participants);
        assert_eq!((r.participants.n, r.participants.retained), (2, 1));
        assert_eq!((r.others.n, r.others.retained), (4, 3));
        let by = |t: Tenure| r.strata[Tenure::ALL.iter().position(|x| *x == t).unwrap()];
        assert_eq!((by(Tenure::Under90).0.n, by(Tenure::Under90).1.n), (1, 1));
        assert_eq!((by(Tenure::To365).0.n, by(Tenure::To365).1.n), (0, 2));
        assert_eq!((by(Tenure::Over365).0.n, by(Tenure::Over365).1.n), (1, 0));
        assert_eq!((by(Tenure::Unknown).1.n, by(Tenure::Unknown).1.retained), (1, 0));
        let b_month = Month::of(t0 + Duration::days(20));
        assert!(participants.iter().any(|c| c.churned == Some(b_month) && c.tenure == Tenure::Over365));

        let (header, rows) = export_retention(&db, CHAT.0, today).await.unwrap();
        assert_eq!(header[5..], ["tenure", "participant", "retained"]);
        let ids: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(ids, ["a", "b", "c", "d", "e", "h"]);
        let row = |id: &str| rows.iter().find(|r| r[0] == id).unwrap()[5..].join(",");
        assert_eq!(row("a"), "under-90d,yes,yes");
        assert_eq!(row("b"), "over-365d,yes,no");
        assert_eq!(row("c"), "90-365d,no,yes");
        assert_eq!(row("d"), "unknown,no,no");
        assert_eq!(row("e"), "90-365d,no,yes");
        assert_eq!(row("h"), "under-90d,no,yes");
        // The export's classes add up to the report's cells.
        for (i, t) in Tenure::ALL.iter().enumerate() {
            let n = rows.iter().filter(|r| r[5] == t.as_str()).count() as i64;
            assert_eq!(n, r.strata[i].0.n + r.strata[i].1.n, "{t:?}");
        }

        let c = counts(&db, CHAT.0, now()).await.unwrap();
        assert_eq!((c.known, c.linked, c.active), (8, 4, 0));
        db.close().await;
    }

    #[tokio::test]
    async fn nps_of_members_and_of_other_customers() {
        let (_dir, db) = crate::db::scratch().await;
        chat(&db).await;
        let today = now().date_naive();
        joined(&db, 1, 200).await;
        joined(&db, 2, 200).await;
        posts(&db, 1, 1, 10).await; // posted in the window
        posts(&db, 2, 1, 120).await; // not since the window began
        customer(&db, "a", None, None, Some(1)).await;
        customer(&db, "b", None, None, Some(2)).await;
        customer(&db, "c", None, None, None).await;
        let answer = |id: &'static str, days_ago: i64, score: i64| {
            let db = db.clone();
            async move {
                sqlx::query("INSERT INTO customer_nps (customer_id, answered_on, score) VALUES (?, ?, ?)")
                    .bind(id)
                    .bind(day(today - Duration::days(days_ago)))
                    .bind(score)
                    .execute(&db)
                    .await
                    .unwrap();
            }
        };
        answer("a", 100, 0).await; // too old
        answer("a", 30, 3).await; // replaced by the later answer
        answer("a", 5, 10).await;
        answer("b", 20, 8).await;
        answer("c", 50, 2).await;
        answer("c", 95, 10).await; // too old
        let (members, others) =
            nps_tallies(&db, CHAT.0, today - Duration::days(90), today, now() - Duration::days(90))
                .await
                .unwrap();
        assert_eq!((members.promoters, members.passives, members.detractors), (1, 0, 0));
        assert_eq!((others.promoters, others.passives, others.detractors), (0, 1, 1));
        db.close().await;
    }

    /// Over a big registry, the cohort reads an index, never the table, and
    /// the participants come from this chat's activity by its key.
    #[tokio::test]
    async fn the_cohort_reads_indexes() {
        let (_dir, db) = crate::db::scratch().await;
        let plan = |sql: String| {
            let db = db.clone();
            async move {
                let rows: Vec<(i64, i64, i64, String)> = sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}"))
                    .bind("2026-08-04")
                    .bind("2026-05-06")
                    .bind("2025-08-04")
                    .bind("2026-11-02")
                    .bind(1)
                    .bind("2026-07-05")
                    .fetch_all(&db)
                    .await
                    .unwrap();
                rows.into_iter().map(|r| r.3).collect::<Vec<_>>().join("\n")
            }
        };
        let totals = plan(totals_query()).await;
        assert!(totals.contains("SCAN c USING COVERING INDEX customers_dates"), "{totals}");
        let churned = plan(churned_query()).await;
        assert!(churned.contains("SEARCH c USING COVERING INDEX customers_churned_since"), "{churned}");
        let part = plan(participants_query()).await;
        assert!(part.contains("SEARCH activity_daily USING PRIMARY KEY"), "{part}");
        assert!(part.contains("SEARCH c USING COVERING INDEX customers_dates"), "{part}");
        assert!(!part.contains("SCAN c") && !part.contains("SCAN l"), "{part}");
        db.close().await;
    }
}
