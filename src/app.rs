//! The top of the house: config → pool → bot → context → ingestion with the
//! handler tree, the scheduler with the features' jobs, and the HTTP
//! servers. `Hearth::start` is what `main`, the tests, the benchmarks and
//! `hearth demo` all run.

use std::{sync::Arc, time::Duration};

use teloxide::{prelude::*, requests::Request, types::Me};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

pub use crate::kernel::Ctx;
use crate::{
    clock::{Clock, SystemClock},
    config::Config,
    db, features, ingest,
    metrics::Metrics,
    scheduler::Scheduler,
    telegram::{self, auth::AdminCache},
    web,
};

/// A running bot.
pub struct Hearth {
    pub ctx: Arc<Ctx>,
    pub scheduler: Arc<Scheduler>,
    stop: CancellationToken,
    tasks: Vec<JoinHandle<()>>,
    pub addrs: Addresses,
    /// Updates found unfinished in the inbox and handled again at start.
    pub replayed: u64,
}

/// Where the HTTP servers listen (useful when the configured port was 0).
#[derive(Debug, Default, Clone, Copy)]
pub struct Addresses {
    /// HEARTH_LISTEN's server: the webhook, the API, the dashboard.
    pub listen: Option<std::net::SocketAddr>,
    pub metrics: Option<std::net::SocketAddr>,
}

impl Hearth {
    /// Opens the database, greets Telegram, replays unfinished updates and
    /// starts polling and the scheduler.
    pub async fn start(config: Config, clock: Arc<dyn Clock>) -> anyhow::Result<Hearth> {
        Self::start_with_tree(config, clock, Arc::new(crate::tree::tree())).await
    }

    /// `start` with another handler tree (the benchmarks' do-nothing baseline).
    pub async fn start_with_tree(
        config: Config,
        clock: Arc<dyn Clock>,
        tree: ingest::Tree,
    ) -> anyhow::Result<Hearth> {
        let db = db::connect(&config.database_url).await?;
        let raw = telegram::raw_bot(&config);
        let me = get_me(&raw).await?;
        tracing::info!(username = me.user.username.as_deref().unwrap_or(""), "connected to Telegram");
        let bot = telegram::hearth_bot(raw.clone(), config.limits);
        let admins = AdminCache::new(Duration::from_secs(300));
        let ctx =
            Arc::new(Ctx::new(db, bot, config, clock, me, admins, Metrics::default(), features::CATALOG));

        features::community::register_commands(&ctx).await;

        let stop = CancellationToken::new();
        let (feed, router) = ingest::spawn_router(ctx.clone(), tree, stop.clone());
        let replay = ingest::unfinished(&ctx.db).await?;
        let replayed = replay.len() as u64;
        if !replay.is_empty() {
            tracing::info!(count = replay.len(), "replaying unfinished updates");
        }
        for update in replay {
            feed.send(update).await?;
        }

        let scheduler = Arc::new(Scheduler::new(features::jobs()));
        let mut tasks =
            vec![router, tokio::spawn(scheduler.clone().run(ctx.clone(), ctx.config.tick, stop.clone()))];
        let mut addrs = Addresses::default();
        if let Some(addr) = ctx.config.metrics_addr {
            let (task, bound) = web::serve(addr, web::ops_routes(ctx.clone()), stop.clone()).await?;
            tasks.push(task);
            addrs.metrics = Some(bound);
        }
        // One HTTP server on HEARTH_LISTEN: the webhook (if set), and what
        // the features serve (the CRM's API, the dashboard), whichever apply.
        if let Some(listen) = ctx.config.listen {
            let mut routes = features::http_routes(&ctx);
            if let Some(hook) = ctx.config.webhook.clone() {
                web::set_webhook(&raw, &hook).await?;
                routes = routes.merge(web::webhook_routes(ctx.clone(), &hook, feed.clone()));
            }
            let (task, bound) =
                web::serve(listen, routes.merge(web::ops_routes(ctx.clone())), stop.clone()).await?;
            tasks.push(task);
            addrs.listen = Some(bound);
            tracing::info!(listen = %bound, webhook = ctx.config.webhook.is_some(), "HTTP server");
        }
        if ctx.config.webhook.is_none() {
            if let Err(err) = raw.delete_webhook().send().await {
                tracing::warn!(%err, "deleteWebhook failed; getUpdates may conflict");
            }
            tasks.push(tokio::spawn(ingest::poll(ctx.clone(), raw, feed, stop.clone())));
        }
        Ok(Hearth { ctx, scheduler, stop, tasks, addrs, replayed })
    }

    /// Runs the scheduler's jobs once now (tests and the demo move the clock
    /// and tick by hand).
    pub async fn tick(&self) -> Vec<&'static str> {
        self.scheduler.tick(&self.ctx).await
    }

    /// Stops taking updates, lets the ones in flight finish, and returns
    /// within `deadline`.
    pub async fn shutdown(self, deadline: Duration) {
        self.stop.cancel();
        let all = futures::future::join_all(self.tasks);
        if tokio::time::timeout(deadline, all).await.is_err() {
            tracing::warn!("shutdown deadline passed; exiting with work in flight (it will be replayed)");
        }
        self.ctx.db.close().await;
    }
}

async fn get_me(raw: &Bot) -> anyhow::Result<Me> {
    let mut wait = Duration::from_millis(200);
    let mut attempt = 1;
    loop {
        match raw.get_me().send().await {
            Ok(me) => return Ok(me),
            Err(teloxide::RequestError::Api(teloxide::ApiError::InvalidToken)) => {
                anyhow::bail!("Telegram rejected TELOXIDE_TOKEN: check the token @BotFather gave you")
            }
            Err(err) if attempt < 5 => {
                tracing::warn!(%err, attempt, "getMe failed; retrying");
                tokio::time::sleep(wait).await;
                wait *= 2;
                attempt += 1;
            }
            Err(err) => return Err(anyhow::Error::new(err).context("cannot reach Telegram (getMe)")),
        }
    }
}

/// `hearth` with no arguments: run until SIGINT or SIGTERM, then drain.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let hearth = Hearth::start(config, Arc::new(SystemClock)).await?;
    wait_for_signal().await;
    tracing::info!("stopping: finishing the updates in flight");
    hearth.shutdown(Duration::from_secs(9)).await;
    Ok(())
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
