//! /stats over a big community: a year of it built in a fresh database with
//! set-based SQL, then what /stats, /stats 90d and /stats cohorts read, and
//! /stats customers over a registry ten times the members (a tenth of it
//! linked to them), and the members export with every member's trust level,
//! timed (wall and CPU). No Telegram involved.

use std::time::Instant;

use chrono::Utc;

use super::{BenchOptions, Benchmark, cpu_secs, mark};

pub(super) const BENCH: Benchmark = Benchmark {
    name: "stats",
    about: "The /stats queries over a generated community (no Telegram involved)",
    in_all: false,
    run: |opts| Box::pin(rows(opts)),
};

/// Runs it and returns its rows of the results table.
async fn rows(opts: &BenchOptions) -> anyhow::Result<String> {
    stats_bench(opts.stats_members, opts.stats_messages).await
}

pub(super) const STATS_CHAT: i64 = -3_000_000;

/// Builds a year of a community in a fresh database with set-based SQL:
/// `members` members (joins spread over the year, a tenth of them gone),
/// `messages` messages (a few members write most of them; one in twenty
/// asks, and most questions get replies), and the rollups the bot keeps as it goes
/// (activity_daily, the chat's days and questions, the members' counters,
/// the onboarding rows).
pub(super) async fn build_community(
    db: &crate::db::Db,
    members: u64,
    messages: u64,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<()> {
    let start = now - chrono::Duration::days(365);
    let start_s = crate::db::ts(start);
    let year_secs: i64 = 365 * 86_400;
    let mut conn = db.acquire().await?;
    sqlx::query("PRAGMA synchronous = OFF").execute(&mut *conn).await?;
    sqlx::query("PRAGMA cache_size = -262144").execute(&mut *conn).await?;
    // The messages' triggers would upsert per message; the rollups are built
    // in bulk below instead (and their own triggers put back after).
    // Secondary indexes are rebuilt after the load.
    let triggers: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('messages', 'activity_daily')",
    )
    .fetch_all(&mut *conn)
    .await?;
    for (name, _) in &triggers {
        sqlx::query(&format!("DROP TRIGGER {name}")).execute(&mut *conn).await?;
    }
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' AND sql IS NOT NULL",
    )
    .fetch_all(&mut *conn)
    .await?;
    for (name, _) in &indexes {
        sqlx::query(&format!("DROP INDEX {name}")).execute(&mut *conn).await?;
    }
    sqlx::query("INSERT INTO chats (chat_id, kind, title, added_at, updated_at) VALUES (?, 'supergroup', 'Bench', ?, ?)")
        .bind(STATS_CHAT)
        .bind(&start_s)
        .bind(&start_s)
        .execute(&mut *conn)
        .await?;
    // Messages in time order over the year; the sender is skewed towards low
    // ids (x² of a uniform draw), who are also the earliest to join.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
         INSERT INTO messages (chat_id, message_id, user_id, sent_at, reply_to_message_id, is_question)
         SELECT ?2, i + 1,
                30000000 + CAST(?3 * ((abs(random()) % 1000000) / 1e6) * ((abs(random()) % 1000000) / 1e6) AS INTEGER),
                strftime('%Y-%m-%dT%H:%M:%SZ', ?4, '+' || (i * ?5 / ?1) || ' seconds'),
                CASE WHEN i % 10 < 3 AND i % 20 <> 0 THEN i - (i % 20) + 1 END,
                i % 20 = 0
         FROM n",
    )
    .bind(messages as i64)
    .bind(STATS_CHAT)
    .bind(members as i64)
    .bind(&start_s)
    .bind(year_secs)
    .execute(&mut *conn)
    .await?;
    for (_, sql) in &indexes {
        sqlx::query(sql).execute(&mut *conn).await?;
    }
    // Members: joins spread over the year by id; every tenth has left.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
         INSERT INTO members (chat_id, user_id, status, first_seen_at, joined_at, left_at, join_count)
         SELECT ?2, 30000000 + i, CASE WHEN i % 10 = 9 THEN 'left' ELSE 'member' END, j, j,
                CASE WHEN i % 10 = 9 THEN strftime('%Y-%m-%dT%H:%M:%SZ', j, '+20 days') END, 1
         FROM (SELECT i, strftime('%Y-%m-%dT%H:%M:%SZ', ?3, '+' || (i * ?4 / ?1) || ' seconds') AS j FROM n)",
    )
    .bind(members as i64)
    .bind(STATS_CHAT)
    .bind(&start_s)
    .bind(year_secs)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE members SET (last_message_at, message_count) = (
             SELECT MAX(sent_at), COUNT(*) FROM messages x WHERE x.chat_id = members.chat_id AND x.user_id = members.user_id)
         WHERE chat_id = ?",
    )
    .bind(STATS_CHAT)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO member_events (chat_id, user_id, kind, at) SELECT chat_id, user_id, 'joined', joined_at FROM members WHERE chat_id = ?1
         UNION ALL SELECT chat_id, user_id, 'left', left_at FROM members WHERE chat_id = ?1 AND left_at IS NOT NULL",
    )
    .bind(STATS_CHAT)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO activity_daily (chat_id, day, user_id, messages)
         SELECT chat_id, substr(sent_at, 1, 10), user_id, COUNT(*) FROM messages WHERE chat_id = ? GROUP BY 1, 2, 3",
    )
    .bind(STATS_CHAT)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO chat_days (chat_id, day, posters, messages)
         SELECT chat_id, day, COUNT(*), SUM(messages) FROM activity_daily WHERE chat_id = ? GROUP BY day",
    )
    .bind(STATS_CHAT)
    .execute(&mut *conn)
    .await?;
    // Each question in its day's row by the minutes to its first reply by
    // someone else (-1: none within 24 h), as the triggers leave it.
    sqlx::query(
        "INSERT INTO question_days (chat_id, day, thread_id, answer_minute, questions)
         SELECT ?1, substr(sent_at, 1, 10), 0,
                CASE WHEN strftime('%s', a) - strftime('%s', sent_at) <= 86400
                     THEN MAX(0, (strftime('%s', a) - strftime('%s', sent_at)) / 60) ELSE -1 END AS m,
                COUNT(*)
         FROM (SELECT q.sent_at, (SELECT MIN(r.sent_at) FROM messages r
                                  WHERE r.chat_id = ?1 AND r.reply_to_message_id = q.message_id AND r.user_id <> q.user_id) AS a
               FROM messages q WHERE q.chat_id = ?1 AND q.is_question = 1)
         GROUP BY 2, m",
    )
    .bind(STATS_CHAT)
    .execute(&mut *conn)
    .await?;
    for (_, sql) in &triggers {
        sqlx::query(sql).execute(&mut *conn).await?;
    }
    sqlx::query(
        "INSERT INTO onboarding (chat_id, user_id, joined_at, rules_accepted_at, first_message_at)
         SELECT chat_id, user_id, joined_at, CASE WHEN user_id % 3 > 0 THEN joined_at END,
                CASE WHEN message_count > 0 THEN joined_at END
         FROM members WHERE chat_id = ?",
    )
    .bind(STATS_CHAT)
    .execute(&mut *conn)
    .await?;
    sqlx::query("ANALYZE").execute(&mut *conn).await?;
    sqlx::query("PRAGMA cache_size = -2000").execute(&mut *conn).await?;
    sqlx::query("PRAGMA synchronous = NORMAL").execute(&mut *conn).await?;
    Ok(())
}

/// A customer registry of `customers` rows as an import leaves it (keyed
/// hashes included, so rows are their real size): since spread over four
/// years (one in fifty unknown), a quarter churned within the last 400 days;
/// every tenth customer linked to one of the first `linked` members; one in
/// twenty answered the company's NPS survey in the last 80 days.
async fn build_customers(
    db: &crate::db::Db,
    customers: u64,
    linked: u64,
    now: chrono::DateTime<Utc>,
) -> anyhow::Result<()> {
    let today = now.format("%Y-%m-%d").to_string();
    let mut conn = db.acquire().await?;
    sqlx::query("PRAGMA synchronous = OFF").execute(&mut *conn).await?;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
         INSERT INTO customers (customer_id, email_hash, phone_hash, since, churned_at, plan, updated_at)
         SELECT printf('c%08d', i), hex(randomblob(32)), hex(randomblob(32)),
                CASE WHEN i % 50 <> 0 THEN date(?2, '-' || (i * 7 % 1460) || ' days') END,
                CASE WHEN i % 4 = 0 THEN date(?2, '-' || (i * 13 % 400) || ' days') END,
                'basic', ?2
         FROM n",
    )
    .bind(customers as i64)
    .bind(&today)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
         INSERT INTO customer_links (customer_id, user_id, via, linked_at)
         SELECT printf('c%08d', i * 10), 30000000 + i, 'admin', ?2 FROM n",
    )
    .bind(linked.min(customers / 10) as i64)
    .bind(&today)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
         INSERT INTO customer_nps (customer_id, answered_on, score)
         SELECT printf('c%08d', i * 20), date(?2, '-' || (i % 80) || ' days'), i % 11 FROM n",
    )
    .bind((customers / 20) as i64)
    .bind(&today)
    .execute(&mut *conn)
    .await?;
    sqlx::query("ANALYZE").execute(&mut *conn).await?;
    sqlx::query("PRAGMA synchronous = NORMAL").execute(&mut *conn).await?;
    Ok(())
}

/// Times what /stats, /stats 90d and /stats cohorts read, on a generated
/// community, and returns the rows of a Markdown table.
async fn stats_bench(members: u64, messages: u64) -> anyhow::Result<String> {
    use crate::features::stats::{self, Report, logic::Period, report};
    let dir = tempfile::tempdir()?;
    let url = format!("sqlite://{}", dir.path().join("stats.db").display());
    let db = crate::db::connect(&url).await?;
    let now = Utc::now();
    let built = Instant::now();
    build_community(&db, members, messages, now).await?;
    let build_secs = built.elapsed().as_secs_f64();
    eprintln!("stats: community built in {build_secs:.1} s");
    let lang = crate::i18n::Lang::En;

    let mut rows = Vec::new();
    for period in [Period::Month, Period::Quarter] {
        let mut runs = Vec::new();
        let mut parts = Vec::new();
        for _ in 0..3 {
            let (started, cpu) = (Instant::now(), cpu_secs());
            let report = Report::new(db.clone(), STATS_CHAT, now, period.days(), lang);
            let mut part_ms = Vec::new();
            for section in stats::SECTIONS {
                let t = Instant::now();
                section(&report).await?;
                part_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            }
            let t = Instant::now();
            let (from, to) = report::chart_days(now, period);
            stats::store::daily(&db, STATS_CHAT, from, to).await?;
            part_ms.push(t.elapsed().as_secs_f64() * 1000.0);
            let wall = started.elapsed().as_secs_f64();
            if runs.iter().all(|(w, _)| wall < *w) {
                parts = part_ms;
            }
            runs.push((wall, cpu_secs() - cpu));
        }
        let parts = parts.iter().map(|ms| format!("{ms:.0}")).collect::<Vec<_>>().join(" / ");
        rows.push((
            format!(
                "/stats {}d: every section and the chart's data (ms of the members / activity / newcomers / questions / retention / nps / nudges / ideas sections and the chart in the fastest run: {parts})",
                period.days()
            ),
            runs,
        ));
    }
    let mut runs = Vec::new();
    for _ in 0..3 {
        let (started, cpu) = (Instant::now(), cpu_secs());
        let since = now - chrono::Duration::weeks(8);
        stats::store::cohort_sizes(&db, STATS_CHAT, since).await?;
        stats::store::cohort_activity(&db, STATS_CHAT, since).await?;
        runs.push((started.elapsed().as_secs_f64(), cpu_secs() - cpu));
    }
    rows.push(("/stats cohorts: 8 weekly cohorts".to_owned(), runs));
    let mut runs = Vec::new();
    for _ in 0..3 {
        let (started, cpu) = (Instant::now(), cpu_secs());
        stats::export_csv(&db, STATS_CHAT, "members").await?;
        runs.push((started.elapsed().as_secs_f64(), cpu_secs() - cpu));
    }
    rows.push(("/export members: every member with their trust level".to_owned(), runs));

    let customers = members * 10;
    let built = Instant::now();
    build_customers(&db, customers, members, now).await?;
    eprintln!("stats: {customers} customers built in {:.1} s", built.elapsed().as_secs_f64());
    let mut runs = Vec::new();
    for _ in 0..3 {
        let (started, cpu) = (Instant::now(), cpu_secs());
        stats::customers::customers_report(&db, STATS_CHAT, "Bench", now, 90, lang).await?;
        runs.push((started.elapsed().as_secs_f64(), cpu_secs() - cpu));
    }
    rows.push((
        format!(
            "/stats customers 90: {customers} customers ({members} linked to members, {} NPS answers)",
            customers / 20
        ),
        runs,
    ));

    // Wall time depends on what else the machine runs; CPU time (this
    // process, all threads) much less so.
    let mut out = String::new();
    for (what, runs) in rows {
        let (first, first_cpu) = runs[0];
        let (best, best_cpu) =
            runs.iter().copied().fold((f64::MAX, 0.0), |a, r| if r.0 < a.0 { r } else { a });
        out.push_str(&format!(
            "| {what}, {members} members, {messages} messages | first {:.0} ms (CPU {:.0} ms), best of 3 {:.0} ms (CPU {:.0} ms) | < 1 s | {} |\n",
            first * 1000.0,
            first_cpu * 1000.0,
            best * 1000.0,
            best_cpu * 1000.0,
            mark(first < 1.0)
        ));
    }
    out.push_str(&format!("| (building that community with set-based SQL) | {build_secs:.1} s | — | |\n"));
    db.close().await;
    Ok(out)
}
