//! Latency: join → welcome under a background load of group messages.

use std::time::{Duration, Instant};

use super::{BenchOptions, Benchmark, establish, lean_world, mark, start};

pub(super) const BENCH: Benchmark = Benchmark {
    name: "latency",
    about: "Join → welcome, p50 and p99, under a background load of group messages",
    in_all: true,
    run: |opts| Box::pin(rows(opts)),
};

/// Runs it and returns its rows of the results table.
async fn rows(opts: &BenchOptions) -> anyhow::Result<String> {
    let mut out = String::new();
    eprintln!("latency: {} joins under {} msg/s …", opts.joins, opts.background_rate);
    let (p50, p99) = latency(opts.joins, opts.background_rate).await?;
    out.push_str(&format!(
        "| join → welcome, under {} msg/s ({} joins) | p50 {p50:.1} ms, p99 {p99:.1} ms | p99 < 50 ms | {} |\n",
        opts.background_rate,
        opts.joins,
        mark(p99 < 50.0)
    ));
    Ok(out)
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
