//! The dashboard over the /stats community (`bench stats`'s: 100 000
//! members, 10 000 000 messages by default): the overview and the members
//! pages requested from the dashboard's router in process — the server's
//! time from the request to the last byte of the page, and the page's
//! weight. Telegram is the fake (the admin check asks it once, then the
//! cache answers).

use std::time::Instant;

use axum::{body::Body, http::Request};
use chrono::Utc;
use tower::ServiceExt;

use super::{
    BenchOptions, Benchmark, mark,
    stats::{STATS_CHAT, build_community},
};
use crate::{app::Hearth, clock::SystemClock, features::dashboard, i18n::Lang, sim::FakeTelegram};

pub(super) const BENCH: Benchmark = Benchmark {
    name: "dashboard",
    about: "The dashboard's overview and members pages over the /stats community (server time, page weight)",
    in_all: false,
    run: |opts| Box::pin(rows(opts)),
};

const ADMIN: i64 = 77;
/// The targets: server time and weight of a page.
const TARGET_MS: f64 = 300.0;
const TARGET_KB: f64 = 300.0;

async fn rows(opts: &BenchOptions) -> anyhow::Result<String> {
    let fake = FakeTelegram::start().await?;
    fake.with(|w| {
        w.add_user(ADMIN, "Admin");
        w.add_group(STATS_CHAT, "Bench", ADMIN);
    });
    let dir = tempfile::tempdir()?;
    let db_url = format!("sqlite://{}", dir.path().join("dashboard.db").display());
    let db = crate::db::connect(&db_url).await?;
    let built = Instant::now();
    build_community(&db, opts.stats_members, opts.stats_messages, Utc::now()).await?;
    db.close().await;
    eprintln!("dashboard: community built in {:.1} s", built.elapsed().as_secs_f64());

    let mut config = fake.bot_config(&db_url, 86_400, 10_000)?;
    config.listen = Some("127.0.0.1:0".parse()?);
    config.public_url = Some(url::Url::parse("http://127.0.0.1")?);
    let hearth = Hearth::start(config, std::sync::Arc::new(SystemClock)).await?;
    let router = dashboard::http_routes(&hearth.ctx).ok_or_else(|| anyhow::anyhow!("no dashboard"))?;
    let token = dashboard::session::open(&hearth.ctx, ADMIN, Lang::En).await?;
    let cookie = format!("{}={token}", dashboard::session::COOKIE);

    let pages = [
        ("overview, 30 days", String::new()),
        ("overview, 90 days", "?days=90".to_owned()),
        ("members, by last post, page 1", "members?sort=last_post".to_owned()),
        ("members, page 1000", "members?page=1000".to_owned()),
        ("members, searched", "members?q=3000123".to_owned()),
    ];
    let mut out = String::new();
    for (what, tail) in pages {
        let path = dashboard::web::chat_url(STATS_CHAT, &tail);
        let mut times = Vec::new();
        let mut weight = 0;
        for _ in 0..3 {
            let request = Request::get(&path).header("cookie", &cookie).body(Body::empty())?;
            let started = Instant::now();
            let response = router.clone().oneshot(request).await?;
            let status = response.status();
            let body = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024).await?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            anyhow::ensure!(status.is_success(), "{path}: {status}");
            weight = body.len();
        }
        let (first, best) = (times[0], times.iter().copied().fold(f64::INFINITY, f64::min));
        let kb = weight as f64 / 1024.0;
        out.push_str(&format!(
            "| dashboard {what} ({} members, {} messages): server time first / best of 3, weight | {first:.0} / {best:.0} ms, {kb:.0} KB | < {TARGET_MS:.0} ms, < {TARGET_KB:.0} KB | {} |\n",
            opts.stats_members,
            opts.stats_messages,
            mark(best < TARGET_MS && kb < TARGET_KB)
        ));
    }
    hearth.shutdown(std::time::Duration::from_secs(5)).await;
    Ok(out)
}
