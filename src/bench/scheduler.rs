//! Scheduler: one tick over many member rows — the first, when they all
//! turn quiet at once, and the next.

use std::time::{Duration, Instant};

use chrono::Utc;

use super::{BenchOptions, Benchmark, lean_world, mark, start};

pub(super) const BENCH: Benchmark = Benchmark {
    name: "scheduler",
    about: "One scheduler tick over many member rows (the first and the next)",
    in_all: true,
    run: |opts| Box::pin(rows(opts)),
};

/// Runs it and returns its rows of the results table.
async fn rows(opts: &BenchOptions) -> anyhow::Result<String> {
    let mut out = String::new();
    eprintln!("scheduler: ticks over {} member rows …", opts.tick_members);
    let (first, steady) = scheduler_tick(opts.tick_members).await?;
    out.push_str(&format!(
        "| one scheduler tick over {} member rows (segments, due nudges, every job): the first, when they all turn quiet at once / the next | {:.0} ms / {:.0} ms | < 1 s | {} |\n",
        opts.tick_members,
        first * 1000.0,
        steady * 1000.0,
        mark(first < 1.0 && steady < 1.0)
    ));
    Ok(out)
}

/// One scheduler tick over `members` member rows (inserted directly).
async fn scheduler_tick(members: u64) -> anyhow::Result<(f64, f64)> {
    let fake = lean_world(1, 0).await?;
    let bot = start(&fake, None).await?;
    let db = &bot.hearth.ctx.db;
    let now = crate::db::ts(Utc::now());
    let old = crate::db::ts(Utc::now() - chrono::Duration::days(40));
    let mut tx = crate::db::begin_write(db).await?;
    for c in 0..100i64 {
        sqlx::query("INSERT OR IGNORE INTO chats (chat_id, kind, title, added_at, updated_at) VALUES (?, 'supergroup', 'B', ?, ?)")
            .bind(-2_000_000 - c)
            .bind(&now)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?)
         INSERT INTO members (chat_id, user_id, status, first_seen_at, joined_at, join_count, last_message_at, message_count)
         SELECT -2000000 - (i % 100), 20000000 + i, 'member', ?2, ?2, 1,
                CASE WHEN i % 3 = 0 THEN ?2 ELSE ?3 END, i % 50 FROM n",
    )
    .bind(members as i64)
    .bind(&old)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    let started = Instant::now();
    let failed = bot.hearth.tick().await;
    let first = started.elapsed().as_secs_f64();
    anyhow::ensure!(failed.is_empty(), "jobs failed: {failed:?}");
    let started = Instant::now();
    let failed = bot.hearth.tick().await;
    let steady = started.elapsed().as_secs_f64();
    anyhow::ensure!(failed.is_empty(), "jobs failed: {failed:?}");
    bot.hearth.shutdown(Duration::from_secs(10)).await;
    Ok((first, steady))
}
