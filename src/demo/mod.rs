//! `hearth demo`: the real bot — the same ingestion, handler tree, database
//! code and scheduler — against the built-in fake Telegram, playing a short
//! community story with compressed time (back-dated events and a manual
//! clock), told as a transcript of who said what and what the bot did.
//!
//! The story is a list of chapters; each step acts as a member would (a
//! message, a join, a button press), waits until the bot has handled it, and
//! narrates the Bot API calls the bot made. A step whose expected effect did
//! not happen is reported as failed, and `hearth demo` then exits non-zero.
//!
//! Here: the options, the cast, the stage, the story (the list of chapters,
//! in order) and the runner. `stage` sets the stage up and holds what people
//! do on it; `transcript` tells what happened; `checks` the steps' expected
//! effects; `daily_life` a week of ordinary chatter; the chapters are in the
//! files named for them. A new chapter is a file with `chapter!(|s, chart| {
//! … })` and a line in `STORY` (and its `demo-chapter-<id>` title in the
//! locales).

use std::{
    path::{Path, PathBuf},
    sync::Arc,
    time::Duration,
};

use chrono::{DateTime, TimeZone, Utc};

use crate::{app::Hearth, clock::ManualClock, i18n::Lang, sim::FakeTelegram, t};

/// A chapter of the story: `chapter!(|s, chart| { … })` in its own file
/// defines its `chapter` function (`s` is the stage, `chart` where the /stats
/// chart goes).
macro_rules! chapter {
    (|$stage:ident, $chart:ident| $body:block) => {
        pub(super) fn chapter<'a>(
            $stage: &'a mut $crate::demo::Stage,
            $chart: &'a ::std::path::Path,
        ) -> ::futures::future::BoxFuture<'a, ::anyhow::Result<()>> {
            Box::pin(async move {
                let _ = &$chart;
                $body
            })
        }
    };
}

mod checks;
mod daily_life;
mod stage;
mod transcript;

mod introduction;
mod moderation;
mod nps;
mod nudges;
mod referrals;
mod stats;
mod welcome;

#[derive(Debug, Clone, clap::Args)]
pub struct DemoOptions {
    /// Keep the demo's database here (default: a temporary file).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Tell the story in this language (en or ru).
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// Where to save the /stats chart (default: the system's temp folder).
    #[arg(long)]
    pub chart: Option<PathBuf>,
    /// After the story, keep its world and serve the admin dashboard on
    /// 127.0.0.1 until Ctrl-C; a one-time sign-in link is printed.
    #[arg(long)]
    pub dashboard: bool,
    /// The dashboard's port with --dashboard (0: any free port).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
}

/// What a run produced.
#[derive(Debug, Default)]
pub struct Report {
    pub transcript: String,
    /// The chapters told, by their stable ids.
    pub chapters: Vec<&'static str>,
    /// Steps whose expected effect did not happen.
    pub failures: Vec<String>,
    /// The /stats chart, saved as a PNG.
    pub chart: Option<PathBuf>,
}

pub const GROUP: i64 = -100_200_300;
pub const OLGA: i64 = 1;
pub const ALICE: i64 = 101;
pub const BORIS: i64 = 102;
pub const CHEN: i64 = 103;
pub const DANA: i64 = 104;
pub const EVE: i64 = 105;

/// Monday morning, when the story starts.
fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).single().unwrap_or_else(Utc::now)
}

/// The simulated world, the running bot, and the story told so far.
pub struct Stage {
    lang: Lang,
    fake: FakeTelegram,
    clock: Arc<ManualClock>,
    hearth: Option<Hearth>,
    /// Calls already narrated.
    told: usize,
    echo: bool,
    report: Report,
}

type Chapter = for<'a> fn(&'a mut Stage, &'a Path) -> futures::future::BoxFuture<'a, anyhow::Result<()>>;

/// The story, in order: each chapter's stable id (its title is the
/// `demo-chapter-<id>` message) and the chapter.
const STORY: &[(&str, Chapter)] = &[
    ("welcome", welcome::chapter),
    ("introduction", introduction::chapter),
    ("moderation", moderation::chapter),
    ("nps", nps::chapter),
    ("referral", referrals::chapter),
    ("nudge", nudges::chapter),
    ("stats", stats::chapter),
];

/// Runs the whole story; the transcript is printed as it goes when `echo`.
/// With `--dashboard`, then serves the dashboard until Ctrl-C.
pub async fn run(opts: &DemoOptions, echo: bool) -> anyhow::Result<Report> {
    run_serving(opts, echo, |_| async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::warn!(%err, "cannot wait for Ctrl-C; the dashboard closes");
        }
    })
    .await
}

/// `run`, with `serve` given the dashboard's one-time sign-in link (with
/// `--dashboard`): the dashboard is served until `serve` returns.
pub async fn run_serving<F, Fut>(opts: &DemoOptions, echo: bool, serve: F) -> anyhow::Result<Report>
where
    F: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let lang = Lang::parse(&opts.lang)
        .ok_or_else(|| anyhow::anyhow!("--lang takes en or ru, not {:?}", opts.lang))?;
    let dir = tempfile::tempdir()?;
    let db_path = opts.db.clone().unwrap_or_else(|| dir.path().join("demo.db"));
    // The story starts a fresh world (update ids from 1): an old demo's
    // database would have confirmed them already.
    anyhow::ensure!(
        !db_path.exists(),
        "{} already exists: the demo writes a new database; choose another --db path",
        db_path.display()
    );
    let chart = opts.chart.clone().unwrap_or_else(|| std::env::temp_dir().join("hearth-demo-stats.png"));
    let mut stage = Stage::open(lang, &db_path, echo, opts.dashboard.then_some(opts.port)).await?;
    let title = stage.group_title();
    stage.line(t!(lang, "demo-opening", chat = title));
    for (n, &(id, chapter)) in STORY.iter().enumerate() {
        stage.heading(n + 1, id);
        chapter(&mut stage, &chart).await?;
        stage.report.chapters.push(id);
    }
    let failed = stage.report.failures.len();
    stage.line(String::new());
    stage.line(if failed == 0 {
        t!(lang, "demo-ending-ok")
    } else {
        t!(lang, "demo-ending-failed", count = failed)
    });
    if let Some(path) = &stage.report.chart {
        stage.line(t!(lang, "demo-chart-saved", path = path.display().to_string()));
    }
    if opts.db.is_some() {
        stage.line(t!(lang, "demo-db-kept", path = db_path.display().to_string()));
    }
    if opts.dashboard {
        let hearth = stage.hearth()?;
        let addr = hearth.addrs.listen.ok_or_else(|| anyhow::anyhow!("the dashboard is not served"))?;
        let path = crate::features::dashboard::session::one_time_link(
            &hearth.ctx,
            OLGA,
            lang,
            chrono::Duration::hours(1),
        )
        .await?;
        let link = format!("http://{addr}{path}");
        stage.line(t!(lang, "demo-dashboard", link = link.clone()));
        serve(link).await;
    }
    if let Some(h) = stage.hearth.take() {
        h.shutdown(Duration::from_secs(5)).await;
    }
    Ok(std::mem::take(&mut stage.report))
}
