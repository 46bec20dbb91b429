//! Throughput: group messages per second end to end (ingest, tracking, the
//! whole tree), in alternating rounds against a handler that does nothing.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use teloxide::dptree;

use super::{BenchOptions, Benchmark, establish, lean_world, mark, median, runs, start};
use crate::ingest::Tree;

pub(super) const BENCH: Benchmark = Benchmark {
    name: "throughput",
    about: "Group messages per second end to end, 20 chats × 500 members, against a do-nothing handler",
    in_all: true,
    run: |opts| Box::pin(rows(opts)),
};

/// Throughput runs per side (alternating with the baseline).
const ROUNDS: usize = 3;

/// Runs it and returns its rows of the results table.
async fn rows(opts: &BenchOptions) -> anyhow::Result<String> {
    let mut out = String::new();
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
    Ok(out)
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
