//! `hearth bench`: end-to-end measurements against the fake Bot API on
//! loopback — throughput, join→welcome latency under load, memory, one
//! scheduler tick over many member rows, a nudge campaign under Telegram's
//! limits — and the /stats queries on a generated community. Results go to
//! BENCHMARKS.md.
//!
//! Here: the options, the list of benchmarks (`BENCHMARKS`: `hearth bench`
//! shows it, `hearth bench <name>` runs one, `all` every one marked for it),
//! and what they share: starting the fake and the bot, an established
//! community, measuring CPU time and memory, reporting. Each benchmark is a
//! file with its `BENCH`; a new one is a new file and a line in `BENCHMARKS`.

use std::sync::Arc;

use chrono::Utc;
use futures::future::BoxFuture;
use teloxide::adaptors::throttle::Limits;

use crate::{app::Hearth, clock::SystemClock, ingest::Tree, sim::FakeTelegram};

mod calendar;
mod campaign;
mod customers_import;
mod dashboard;
mod latency;
mod memory;
mod scheduler;
mod stats;
mod throughput;

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
    /// The benchmark to run, or `all`; without one, the list of them.
    #[arg(value_parser = which_parser())]
    pub which: Option<String>,
    /// Members of the generated community for the stats run.
    #[arg(long, default_value_t = 100_000)]
    pub stats_members: u64,
    /// Messages of the generated community for the stats run (a year of them).
    #[arg(long, default_value_t = 10_000_000)]
    pub stats_messages: u64,
    /// Customers in the generated CSV for the customers-import run.
    #[arg(long, default_value_t = 1_000_000)]
    pub import_customers: u64,
}

/// A benchmark: its name on the command line, one line about it, and what
/// it measures, as rows of the results table.
pub struct Benchmark {
    pub name: &'static str,
    pub about: &'static str,
    /// Whether `hearth bench all` runs it.
    pub in_all: bool,
    pub run: for<'a> fn(&'a BenchOptions) -> BoxFuture<'a, anyhow::Result<String>>,
}

/// Every benchmark, in the order `all` runs them and the list shows them.
pub const BENCHMARKS: &[Benchmark] = &[
    throughput::BENCH,
    latency::BENCH,
    memory::BENCH,
    scheduler::BENCH,
    campaign::BENCH,
    stats::BENCH,
    customers_import::BENCH,
    calendar::BENCH,
    dashboard::BENCH,
];

/// The head of the results table (Markdown) the benchmarks' rows go under.
const TABLE_HEAD: &str = "| benchmark | result | target | |\n|---|---|---|---|\n";

/// The names `all` leaves out, for the help and the list.
fn not_in_all() -> String {
    let names: Vec<&str> = BENCHMARKS.iter().filter(|b| !b.in_all).map(|b| b.name).collect();
    names.join(", ")
}

/// The benchmark names (and `all`) the command line accepts, with their lines for `--help`.
fn which_parser() -> clap::builder::PossibleValuesParser {
    use clap::builder::{PossibleValue, PossibleValuesParser};
    let all = PossibleValue::new("all").help(format!("Every benchmark but {}", not_in_all()));
    PossibleValuesParser::new(
        std::iter::once(all).chain(BENCHMARKS.iter().map(|b| PossibleValue::new(b.name).help(b.about))),
    )
}

/// The list `hearth bench` prints without a name.
fn list() -> String {
    let width = BENCHMARKS.iter().map(|b| b.name.len()).max().unwrap_or(0);
    let mut out = String::from("benchmarks (`hearth bench <name>` runs one; --help for the sizes):\n");
    for b in BENCHMARKS {
        out.push_str(&format!("  {:width$}  {}\n", b.name, b.about));
    }
    out.push_str(&format!("  {:width$}  Every benchmark but {}\n", "all", not_in_all()));
    out
}

/// Runs the chosen benchmarks and returns a Markdown table (without a
/// choice, the list of benchmarks).
pub async fn run(opts: &BenchOptions) -> anyhow::Result<String> {
    let chosen: Vec<&Benchmark> = match opts.which.as_deref() {
        None => return Ok(list()),
        Some("all") => BENCHMARKS.iter().filter(|b| b.in_all).collect(),
        Some(name) => match BENCHMARKS.iter().find(|b| b.name == name) {
            Some(bench) => vec![bench],
            None => anyhow::bail!("no benchmark {name:?}\n{}", list()),
        },
    };
    let mut out = String::from(TABLE_HEAD);
    for bench in chosen {
        out.push_str(&(bench.run)(opts).await?);
    }
    Ok(out)
}

/// A result's mark in the table: whether it met its target.
fn mark(ok: bool) -> &'static str {
    if ok { "✅" } else { "❌" }
}

// ---- what the benchmarks share ------------------------------------------------

/// The bot under measurement, and the folder of its database.
struct Bot {
    hearth: Hearth,
    _dir: tempfile::TempDir,
}

async fn start(fake: &FakeTelegram, tree: Option<Tree>) -> anyhow::Result<Bot> {
    // Processing is measured, not Telegram's pacing (the campaign has its own).
    start_with_limits(fake, tree, None).await
}

/// The bot with Telegram's own `limits`, or room to spare without.
async fn start_with_limits(
    fake: &FakeTelegram,
    tree: Option<Tree>,
    limits: Option<Limits>,
) -> anyhow::Result<Bot> {
    let dir = tempfile::tempdir()?;
    let db_url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let mut config = fake.bot_config(&db_url, 86_400, 10_000)?;
    if let Some(limits) = limits {
        config.limits = limits;
    }
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

#[cfg(test)]
mod tests {
    use super::BENCHMARKS;

    #[test]
    fn every_benchmark_has_its_own_name() {
        let mut names: Vec<&str> = BENCHMARKS.iter().map(|b| b.name).collect();
        names.push("all");
        let count = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), count, "two benchmarks (or one and `all`) share a name");
    }
}
