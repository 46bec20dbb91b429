//! The content calendar under load: scheduler ticks with 10 000 schedules
//! across 1 000 chats — ticks that post the due ones (a tenth of them due at
//! once), then a tick with nothing due.

use std::time::{Duration, Instant};

use chrono::Utc;

use super::{Benchmark, establish, lean_world, mark, start};

pub(super) const BENCH: Benchmark = Benchmark {
    name: "calendar",
    about: "Scheduler ticks with 10 000 scheduled posts across 1 000 chats (a tenth due at once)",
    in_all: true,
    run: |_| Box::pin(rows()),
};

const CHATS: u64 = 1_000;
const SCHEDULES: i64 = 10_000;

async fn rows() -> anyhow::Result<String> {
    eprintln!("calendar: {SCHEDULES} schedules across {CHATS} chats …");
    let fake = lean_world(CHATS, 0).await?;
    let bot = start(&fake, None).await?;
    let db = &bot.hearth.ctx.db;
    establish(db, CHATS, 0).await?;
    let now = Utc::now();
    // Every tenth schedule is due a minute ago; the rest tomorrow.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
         INSERT INTO calendar_schedules (chat_id, number, recurrence, body_html, next_at,
             source_message_id, created_by, created_at)
         SELECT -1000000 - (i % ?2), i / ?2 + 1, 'daily 09:00', 'Friday question: what did you ship?',
                CASE WHEN i % 10 = 0 THEN ?3 ELSE ?4 END, i + 1, 1, ?5 FROM n",
    )
    .bind(SCHEDULES)
    .bind(CHATS as i64)
    .bind(crate::db::ts(now - chrono::Duration::minutes(1)))
    .bind(crate::db::ts(now + chrono::Duration::days(1)))
    .bind(crate::db::ts(now))
    .execute(db)
    .await?;
    let due = "SELECT COUNT(*) FROM calendar_schedules WHERE next_at <= ?";
    let due_now = || sqlx::query_scalar::<_, i64>(due).bind(crate::db::ts(Utc::now())).fetch_one(db);
    let mut posting = Vec::new();
    while due_now().await? > 0 {
        anyhow::ensure!(posting.len() < 100, "the due posts never went out");
        let started = Instant::now();
        let failed = bot.hearth.tick().await;
        posting.push(started.elapsed().as_secs_f64());
        anyhow::ensure!(failed.is_empty(), "jobs failed: {failed:?}");
    }
    let posted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM calendar_occurrences WHERE status = 'sent'")
        .fetch_one(db)
        .await?;
    anyhow::ensure!(posted == SCHEDULES / 10, "posted {posted} of {}", SCHEDULES / 10);
    let started = Instant::now();
    let failed = bot.hearth.tick().await;
    let idle = started.elapsed().as_secs_f64();
    anyhow::ensure!(failed.is_empty(), "jobs failed: {failed:?}");
    bot.hearth.shutdown(Duration::from_secs(10)).await;
    let slowest = posting.iter().copied().fold(0.0, f64::max);
    Ok(format!(
        "| scheduler ticks with {SCHEDULES} scheduled posts across {CHATS} chats: the slowest of the {} ticks posting the {posted} due at once / a tick with none due | {:.0} ms / {:.0} ms | < 1 s | {} |\n",
        posting.len(),
        slowest * 1000.0,
        idle * 1000.0,
        mark(slowest < 1.0 && idle < 1.0)
    ))
}
