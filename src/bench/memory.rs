//! Memory: resident memory after many messages from many members in 1 000
//! chats (the fake's own share told apart).

use std::time::{Duration, Instant};

use super::{BenchOptions, Benchmark, lean_world, mark, rss_mib, start};

pub(super) const BENCH: Benchmark = Benchmark {
    name: "memory",
    about: "Resident memory after many messages from many members in 1 000 chats",
    in_all: true,
    run: |opts| Box::pin(rows(opts)),
};

/// Runs it and returns its rows of the results table.
async fn rows(opts: &BenchOptions) -> anyhow::Result<String> {
    let mut out = String::new();
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
    Ok(out)
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
