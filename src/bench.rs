//! `hearth bench`: end-to-end measurements against the fake Bot API on
//! loopback — throughput, join→welcome latency under load, memory, and one
//! scheduler tick over many member rows. Results go to BENCHMARKS.md.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use chrono::Utc;
use teloxide::{adaptors::throttle::Limits, dptree};

use crate::{
    app::Hearth,
    clock::SystemClock,
    config::Config,
    ingest::Tree,
    sim::{self, FakeTelegram},
};

#[derive(Debug, Clone, clap::Args)]
pub struct BenchOptions {
    /// Group messages for the throughput run.
    #[arg(long, default_value_t = 20_000)]
    pub messages: u64,
    /// Joins timed in the latency run.
    #[arg(long, default_value_t = 200)]
    pub joins: u64,
    /// Background messages per second during the latency run.
    #[arg(long, default_value_t = 1000)]
    pub background_rate: u64,
    /// Messages for the memory run (the target is stated for 1 000 000).
    #[arg(long, default_value_t = 1_000_000)]
    pub memory_messages: u64,
    /// Distinct members for the memory run.
    #[arg(long, default_value_t = 100_000)]
    pub memory_members: u64,
    /// Member rows for the scheduler run.
    #[arg(long, default_value_t = 1_000_000)]
    pub tick_members: u64,
    /// Due DMs in the nudge campaign run.
    #[arg(long, default_value_t = 10_000)]
    pub campaign_dms: u64,
    /// Which benchmark: all (but stats), or one of them.
    #[arg(value_enum, default_value_t = Which::All)]
    pub which: Which,
    /// Members of the generated community for the stats run.
    #[arg(long, default_value_t = 100_000)]
    pub stats_members: u64,
    /// Messages of the generated community for the stats run (a year of them).
    #[arg(long, default_value_t = 10_000_000)]
    pub stats_messages: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Which {
    /// Everything but `stats`.
    All,
    Throughput,
    Latency,
    Memory,
    Scheduler,
    /// A nudge campaign under Telegram's limits (takes about 7 minutes).
    Campaign,
    /// The /stats queries over a generated community (no Telegram involved).
    Stats,
}

struct Bot {
    hearth: Hearth,
    _dir: tempfile::TempDir,
}

async fn start(fake: &FakeTelegram, tree: Option<Tree>) -> anyhow::Result<Bot> {
    // Processing is measured, not Telegram's pacing (the campaign has its own).
    let unbounded = Limits {
        messages_per_sec_chat: 10_000,
        messages_per_min_chat: 1_000_000,
        messages_per_min_channel_or_supergroup: 1_000_000,
        messages_per_sec_overall: 10_000,
    };
    start_with_limits(fake, tree, unbounded).await
}

async fn start_with_limits(fake: &FakeTelegram, tree: Option<Tree>, limits: Limits) -> anyhow::Result<Bot> {
    let dir = tempfile::tempdir()?;
    let db_url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let url = fake.url().to_string();
    let mut config = Config::from_lookup(|k| match k {
        "TELOXIDE_TOKEN" => Some(sim::TOKEN.to_owned()),
        "TELOXIDE_API_URL" => Some(url.clone()),
        "DATABASE_URL" => Some(db_url.clone()),
        "HEARTH_TICK_SECS" => Some("86400".to_owned()),
        _ => None,
    })?;
    config.poll_timeout = Duration::from_secs(1);
    config.limits = limits;
    let clock = Arc::new(SystemClock);
    let hearth = match tree {
        Some(tree) => Hearth::start_with_tree(config, clock, tree).await?,
        None => Hearth::start(config, clock).await?,
    };
    Ok(Bot { hearth, _dir: dir })
}

async fn lean_world(chats: u64, members_per_chat: u64) -> anyhow::Result<FakeTelegram> {
    let fake = FakeTelegram::start().await?;
    fake.with(|w| {
        w.record_calls = false;
        w.keep_messages = false;
        for c in 0..chats {
            let chat = -1_000_000 - c as i64;
            w.add_user(1, "Owner");
            w.add_group(chat, &format!("Bench {c}"), 1);
            for m in 0..members_per_chat {
                let user = 10_000 + (c * members_per_chat + m) as i64;
                w.add_user(user, &format!("Member{user}"));
            }
        }
    });
    Ok(fake)
}

/// An established community: the chats exist and every member already has
/// the "first message" badge (a first post is announced in the group, and
/// those announcements wait behind Telegram's per-group limit — a cost of
/// first contact, not of steady state).
async fn establish(db: &crate::db::Db, chats: u64, per_chat: u64) -> anyhow::Result<()> {
    let now = crate::db::ts(Utc::now());
    let mut tx = crate::db::begin_write(db).await?;
    for c in 0..chats {
        let chat = -1_000_000 - c as i64;
        sqlx::query("INSERT OR IGNORE INTO chats (chat_id, kind, title, added_at, updated_at) VALUES (?, 'supergroup', 'Bench', ?, ?)")
            .bind(chat)
            .bind(&now)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        for m in 0..per_chat {
            let user = 10_000 + (c * per_chat + m) as i64;
            sqlx::query("INSERT OR IGNORE INTO badges (chat_id, user_id, badge, earned_at) VALUES (?, ?, 'first_message', ?)")
                .bind(chat)
                .bind(user)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Group messages per second, end to end (ingest, tracking, the whole tree).
async fn throughput(messages: u64, tree: Option<Tree>) -> anyhow::Result<f64> {
    let (chats, per_chat) = (20u64, 500u64);
    let fake = lean_world(chats, per_chat).await?;
    let bot = start(&fake, tree).await?;
    establish(&bot.hearth.ctx.db, chats, per_chat).await?;
    // Warm-up, not timed: every member posts once, so the timed run measures
    // an established community (first posts also earn and announce badges).
    let warm = chats * per_chat;
    fake.with(|w| {
        for c in 0..chats {
            for m in 0..per_chat {
                w.say(-1_000_000 - c as i64, 10_000 + (c * per_chat + m) as i64, "hi all");
            }
        }
    });
    bot.hearth.ctx.metrics.wait_processed(warm).await;
    bot.hearth.ctx.metrics.wait_flushed(warm).await;
    let started = Instant::now();
    fake.with(|w| {
        for i in 0..messages {
            let c = i % chats;
            let user = 10_000 + (c * per_chat + (i / chats) % per_chat) as i64;
            w.say(-1_000_000 - c as i64, user, "hello everyone, how is it going today?");
            // Dated as a busy community would be, 1 000 messages a second
            // (see `memory`): long runs must not turn into a flood.
            if i % 1000 == 999 {
                w.now += 1;
            }
        }
    });
    bot.hearth.ctx.metrics.wait_processed(warm + messages).await;
    bot.hearth.ctx.metrics.wait_flushed(warm + messages).await;
    let rate = messages as f64 / started.elapsed().as_secs_f64();
    bot.hearth.shutdown(Duration::from_secs(10)).await;
    Ok(rate)
}

/// Join → welcome sent (or the batch welcome edited to name them), under a
/// background load of group messages. Returns (p50, p99) in milliseconds.
async fn latency(joins: u64, background_rate: u64) -> anyhow::Result<(f64, f64)> {
    let fake = lean_world(20, 500).await?;
    let bot = start(&fake, None).await?;
    establish(&bot.hearth.ctx.db, 20, 500).await?;
    fake.with(|w| {
        for c in 0..20u64 {
            for m in 0..500u64 {
                w.say(-1_000_000 - c as i64, 10_000 + (c * 500 + m) as i64, "hi all");
            }
        }
    });
    bot.hearth.ctx.metrics.wait_processed(10_000).await;
    fake.with(|w| w.record_calls = true);
    let stop = tokio_util::sync::CancellationToken::new();
    let background = {
        let fake = fake.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_millis(10));
            let per_tick = (background_rate / 100).max(1);
            let mut i = 0u64;
            while !stop.is_cancelled() {
                tick.tick().await;
                fake.with(|w| {
                    for _ in 0..per_tick {
                        let c = 1 + i % 19;
                        w.say(
                            -1_000_000 - c as i64,
                            10_000 + (c * 500 + i % 500) as i64,
                            "background chatter",
                        );
                        i += 1;
                    }
                });
            }
        })
    };
    let mut pushed = Vec::new();
    for j in 0..joins {
        let user = 5_000_000 + j as i64;
        let chat = -1_000_000 - (j % 20) as i64;
        fake.with(|w| {
            w.add_user(user, &format!("Newcomer{j}"));
            w.join(chat, user, None);
        });
        pushed.push((user, Instant::now()));
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    // Wait for every welcome to show up.
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut millis = Vec::new();
    while Instant::now() < deadline {
        millis = fake.with(|w| {
            pushed
                .iter()
                .filter_map(|(user, at)| {
                    let needle = format!("tg://user?id={user}\"");
                    w.calls
                        .iter()
                        .filter(|c| matches!(c.method.as_str(), "sendMessage" | "editMessageText"))
                        .find(|c| c.text().contains(&needle))
                        .map(|c| c.at.saturating_duration_since(*at).as_secs_f64() * 1000.0)
                })
                .collect::<Vec<f64>>()
        });
        if millis.len() as u64 == joins {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop.cancel();
    let _ = background.await;
    bot.hearth.shutdown(Duration::from_secs(10)).await;
    anyhow::ensure!(millis.len() as u64 == joins, "only {} of {joins} welcomes were seen", millis.len());
    millis.sort_by(f64::total_cmp);
    let pct = |p: f64| millis[((millis.len() as f64 - 1.0) * p).round() as usize];
    Ok((pct(0.50), pct(0.99)))
}

/// Resident memory after `messages` from `members` members in 1 000 chats.
///
/// The fake shares the process: its users are all created before the bot
/// starts, and the RSS that costs is returned too, so the bot's own share can
/// be told apart. Returns (RSS, the fake's users' share, messages/s).
async fn memory(messages: u64, members: u64) -> anyhow::Result<(f64, f64, f64)> {
    let chats = 1000u64;
    let fake = lean_world(0, 0).await?;
    let before_fake = rss_mib().unwrap_or(f64::NAN);
    fake.with(|w| {
        w.add_user(1, "Owner");
        for c in 0..chats {
            w.add_group(-1_000_000 - c as i64, &format!("Bench {c}"), 1);
        }
        for member in 0..members.min(messages) {
            w.add_user(10_000_000 + member as i64, "M");
        }
    });
    let fake_share = rss_mib().unwrap_or(f64::NAN) - before_fake;
    let bot = start(&fake, None).await?;
    let batch = 10_000;
    let mut sent = 0;
    let started = Instant::now();
    while sent < messages {
        let n = batch.min(messages - sent);
        fake.with(|w| {
            for i in sent..sent + n {
                let member = i % members;
                let chat = -1_000_000 - (member % chats) as i64;
                let user = 10_000_000 + member as i64;
                w.say(chat, user, "a message of ordinary length, about forty characters");
            }
            // Telegram dates messages when they are sent: a busy community of
            // 1 000 messages a second (all in one second, each member's
            // ninth message would be a flood and the run a 100 000-member raid).
            w.now += (n / 1000).max(1) as i64;
        });
        sent += n;
        bot.hearth.ctx.metrics.wait_processed(sent).await;
        bot.hearth.ctx.metrics.wait_flushed(sent).await;
    }
    let secs = started.elapsed().as_secs_f64();
    // Measured as it stands once the scheduler has ticked (every minute in
    // production; its `release-memory` job trims the allocator).
    let failed = bot.hearth.tick().await;
    anyhow::ensure!(failed.is_empty(), "jobs failed: {failed:?}");
    let rss = rss_mib().unwrap_or(f64::NAN);
    bot.hearth.shutdown(Duration::from_secs(10)).await;
    Ok((rss, fake_share, messages as f64 / secs))
}

/// CPU time this process has used (user + system, all threads), from
/// /proc (10 ms resolution); 0 where /proc is missing.
fn cpu_secs() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // Fields after the command name (which is in parentheses): utime is the
    // 12th, stime the 13th.
    let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else { return 0.0 };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
    (ticks(11) + ticks(12)) / 100.0
}

fn rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 =
        status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
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

/// Throughput runs per side (alternating with the baseline).
const ROUNDS: usize = 3;

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied().unwrap_or(f64::NAN)
}

/// Run rates in the order measured, for the table (`12 345, 13 456/s`).
fn runs(values: &[f64]) -> String {
    let list: Vec<String> = values.iter().map(|v| format!("{v:.0}")).collect();
    format!("{}/s", list.join(", "))
}

/// Runs the chosen benchmarks and returns a Markdown table.
pub async fn run(opts: &BenchOptions) -> anyhow::Result<String> {
    if opts.which == Which::Stats {
        return stats_bench(opts.stats_members, opts.stats_messages).await;
    }
    let on = |w: Which| opts.which == Which::All || opts.which == w;
    let mark = |ok: bool| if ok { "✅" } else { "❌" };
    let mut out = String::from("| benchmark | result | target | |\n|---|---|---|---|\n");
    if on(Which::Throughput) {
        let noop: Tree = Arc::new(dptree::entry().endpoint(|| async { Ok(()) }));
        eprintln!("throughput: {} messages, 20 chats × 500 members …", opts.messages);
        // Alternating runs, the median of each: one run is a second or two,
        // and a shared machine's hiccup would decide a single comparison.
        let (mut fulls, mut bases) = (Vec::new(), Vec::new());
        for round in 1..=ROUNDS {
            eprintln!("  round {round}/{ROUNDS}: the bot, then the do-nothing baseline …");
            fulls.push(throughput(opts.messages, None).await?);
            bases.push(throughput(opts.messages, Some(noop.clone())).await?);
        }
        let (full, base) = (median(&fulls), median(&bases));
        out.push_str(&format!(
            "| throughput, group messages end to end (20 chats × 500 members who have posted before, {} messages; median of {ROUNDS}, runs {}) | {full:.0}/s | ≥ 5 000/s | {} |\n",
            opts.messages,
            runs(&fulls),
            mark(full >= 5000.0)
        ));
        out.push_str(&format!(
            "| the same with a handler that does nothing (runs {}) | {base:.0}/s (full = {:.0} % of it) | full ≥ 50 % | {} |\n",
            runs(&bases),
            full / base * 100.0,
            mark(full >= base / 2.0)
        ));
    }
    if on(Which::Latency) {
        eprintln!("latency: {} joins under {} msg/s …", opts.joins, opts.background_rate);
        let (p50, p99) = latency(opts.joins, opts.background_rate).await?;
        out.push_str(&format!(
            "| join → welcome, under {} msg/s ({} joins) | p50 {p50:.1} ms, p99 {p99:.1} ms | p99 < 50 ms | {} |\n",
            opts.background_rate,
            opts.joins,
            mark(p99 < 50.0)
        ));
    }
    if on(Which::Memory) {
        eprintln!(
            "memory: {} messages from {} members in 1 000 chats …",
            opts.memory_messages, opts.memory_members
        );
        let (rss, fake, mem_rate) = memory(opts.memory_messages, opts.memory_members).await?;
        out.push_str(&format!(
            "| RSS after {} messages from {} members in 1 000 chats (bot and fake in one process) | {rss:.0} MiB, of which the fake's users {fake:.0} MiB: the bot ≈ {:.0} MiB ({mem_rate:.0} msg/s) | < 100 MB at 1 M | {} |\n",
            opts.memory_messages,
            opts.memory_members,
            rss - fake,
            mark(rss - fake < 95.0)
        ));
    }
    if on(Which::Scheduler) {
        eprintln!("scheduler: ticks over {} member rows …", opts.tick_members);
        let (first, steady) = scheduler_tick(opts.tick_members).await?;
        out.push_str(&format!(
            "| one scheduler tick over {} member rows (segments, due nudges, every job): the first, when they all turn quiet at once / the next | {:.0} ms / {:.0} ms | < 1 s | {} |\n",
            opts.tick_members,
            first * 1000.0,
            steady * 1000.0,
            mark(first < 1.0 && steady < 1.0)
        ));
    }
    if on(Which::Campaign) {
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
    }
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
    let bot = start_with_limits(&fake, None, telegram_limits()).await?;
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

// ---- /stats over a big community ---------------------------------------------

const STATS_CHAT: i64 = -3_000_000;

/// Builds a year of a community in a fresh database with set-based SQL:
/// `members` members (joins spread over the year, a tenth of them gone),
/// `messages` messages (a few members write most of them; one in twenty
/// asks, and most questions get replies), and the rollups the bot keeps as it goes
/// (activity_daily, the members' counters, the onboarding rows).
async fn build_community(
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
    // The counters' trigger would upsert per message; the rollups are built
    // in bulk below instead. Secondary indexes are rebuilt after the load.
    sqlx::query("DROP TRIGGER IF EXISTS messages_counters").execute(&mut *conn).await?;
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

/// Times what /stats, /stats 90d and /stats cohorts read, on a generated
/// community, and returns a Markdown table.
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

    // Wall time depends on what else the machine runs; CPU time (this
    // process, all threads) much less so.
    let mut out = String::from("| benchmark | result | target | |\n|---|---|---|---|\n");
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
            if first < 1.0 { "✅" } else { "❌" }
        ));
    }
    out.push_str(&format!("| (building that community with set-based SQL) | {build_secs:.1} s | — | |\n"));
    db.close().await;
    Ok(out)
}
