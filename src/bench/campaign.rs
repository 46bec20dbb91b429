//! A nudge campaign: many due DMs sent under Telegram's limits, the fake
//! answering 429 past them.

use std::time::{Duration, Instant};

use chrono::Utc;
use teloxide::adaptors::throttle::Limits;

use super::{BenchOptions, Benchmark, lean_world, mark, start_with_limits};

pub(super) const BENCH: Benchmark = Benchmark {
    name: "campaign",
    about: "A nudge campaign under Telegram's limits (takes about 7 minutes)",
    in_all: true,
    run: |opts| Box::pin(rows(opts)),
};

/// Runs it and returns its rows of the results table.
async fn rows(opts: &BenchOptions) -> anyhow::Result<String> {
    let mut out = String::new();
    eprintln!("nudge campaign: {} due DMs under Telegram's limits …", opts.campaign_dms);
    let c = campaign(opts.campaign_dms).await?;
    out.push_str(&format!(
        "| a nudge campaign: {} due DMs, Telegram's limits in the bot, a fake answering 429 past them | {} sent in {:.0} s: {:.1} DMs/s, {} × 429 | ≥ 25/s, zero 429s | {} |\n",
        opts.campaign_dms,
        c.sent,
        c.seconds,
        c.rate(),
        c.refused,
        mark(c.rate() >= 25.0 && c.refused == 0 && c.sent == opts.campaign_dms)
    ));
    Ok(out)
}

/// What a nudge campaign did.
struct Campaign {
    sent: u64,
    refused: u64,
    seconds: f64,
}

impl Campaign {
    fn rate(&self) -> f64 {
        self.sent as f64 / self.seconds.max(f64::EPSILON)
    }
}

/// A nudge campaign: `dms` members who started the bot joined 20 days ago
/// and never posted, so all are due their first nudge at once. The bot runs
/// with Telegram's real limits and the fake answers 429 past them; scheduler
/// ticks queue the nudges (a bounded batch a tick) and the paced sender sends
/// them. Measures DMs sent per second and the 429s.
async fn campaign(dms: u64) -> anyhow::Result<Campaign> {
    let chat = -3_000_000i64;
    let first_user = 30_000_000i64;
    let fake = lean_world(0, 0).await?;
    fake.with(|w| {
        w.enforce_limits = true;
        w.record_calls = true;
        w.add_user(1, "Owner");
        w.add_group(chat, "Campaign", 1);
        for i in 0..dms as i64 {
            w.add_user(first_user + i, "Quiet").started_bot = true;
        }
    });
    let bot = start_with_limits(&fake, None, Some(telegram_limits())).await?;
    let db = &bot.hearth.ctx.db;
    let now = crate::db::ts(Utc::now());
    let joined = crate::db::ts(Utc::now() - chrono::Duration::days(20));
    let mut tx = crate::db::begin_write(db).await?;
    sqlx::query("INSERT INTO chats (chat_id, kind, title, added_at, updated_at) VALUES (?, 'supergroup', 'Campaign', ?, ?)")
        .bind(chat)
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    // Every DM is measured: no holdout, no quiet hours (from = to).
    for (key, value) in [("nudge_holdout_percent", "0"), ("quiet_from", "00:00"), ("quiet_to", "00:00")] {
        sqlx::query("INSERT INTO chat_settings (chat_id, key, value) VALUES (?, ?, ?)")
            .bind(chat)
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
         INSERT INTO users (user_id, first_name, dm_open, updated_at) SELECT ?2 + i, 'Quiet', 1, ?3 FROM n",
    )
    .bind(dms as i64)
    .bind(first_user)
    .bind(&now)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?1)
         INSERT INTO members (chat_id, user_id, status, first_seen_at, joined_at, join_count)
         SELECT ?2, ?3 + i, 'member', ?4, ?4, 1 FROM n",
    )
    .bind(dms as i64)
    .bind(chat)
    .bind(first_user)
    .bind(&joined)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;

    let started = Instant::now();
    let deadline = started + Duration::from_secs(dms / 20 + 120);
    let mut sent = 0u64;
    while Instant::now() < deadline {
        let failed = bot.hearth.tick().await;
        anyhow::ensure!(failed.is_empty(), "jobs failed: {failed:?}");
        sent = fake.with(|w| {
            w.calls
                .iter()
                .filter(|c| c.method == "sendMessage" && !c.faulted && c.chat_id() != Some(chat))
                .count()
        }) as u64;
        if sent >= dms {
            break;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let seconds = fake.with(|w| {
        let sends: Vec<_> = w.calls.iter().filter(|c| c.method == "sendMessage" && !c.faulted).collect();
        match (sends.first(), sends.last()) {
            (Some(a), Some(b)) => b.at.duration_since(a.at).as_secs_f64(),
            _ => 0.0,
        }
    });
    let refused = fake.with(|w| w.rate_limited);
    bot.hearth.shutdown(Duration::from_secs(10)).await;
    Ok(Campaign { sent, refused, seconds })
}

/// Telegram's limits: 30 messages/s overall, 1/s in a chat, 20/min in a group.
fn telegram_limits() -> Limits {
    Limits {
        messages_per_sec_chat: 1,
        messages_per_min_chat: 20,
        messages_per_min_channel_or_supergroup: 20,
        messages_per_sec_overall: 30,
    }
}
