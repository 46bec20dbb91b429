//! The second entry point: every `HEARTH_TICK_SECS` the scheduler runs each
//! feature's periodic job with the clock's time. A failing job is logged and
//! the others still run; ticks never overlap.

use std::{future::Future, pin::Pin, sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use tokio::sync::Mutex;
use tokio_util::sync::CancellationToken;

use crate::kernel::Ctx;

pub type JobFuture = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send>>;

/// A periodic job: a name for the logs and a function of the time.
#[derive(Clone, Copy)]
pub struct Job {
    pub name: &'static str,
    pub run: fn(Arc<Ctx>, DateTime<Utc>) -> JobFuture,
}

pub struct Scheduler {
    jobs: Vec<Job>,
    running: Mutex<()>,
}

impl Scheduler {
    pub fn new(jobs: Vec<Job>) -> Self {
        Self { jobs, running: Mutex::new(()) }
    }

    /// Runs every job once, in order; returns the names of the jobs that failed.
    pub async fn tick(&self, ctx: &Arc<Ctx>) -> Vec<&'static str> {
        let _one_at_a_time = self.running.lock().await;
        let now = ctx.clock.now();
        let mut failed = Vec::new();
        for job in &self.jobs {
            let started = std::time::Instant::now();
            match (job.run)(ctx.clone(), now).await {
                Ok(()) => {
                    tracing::debug!(job = job.name, ms = started.elapsed().as_millis() as u64, "job done")
                }
                Err(err) => {
                    tracing::error!(job = job.name, error = %format!("{err:#}"), "job failed");
                    failed.push(job.name);
                }
            }
        }
        ctx.metrics.record_tick(now, ctx.clock.now());
        failed
    }

    /// Ticks every `period` until `stop` is cancelled.
    pub async fn run(self: Arc<Self>, ctx: Arc<Ctx>, period: Duration, stop: CancellationToken) {
        // The first tick one period after start (not at once): start-up work
        // is the ingestion's; tests and the demo tick by hand.
        let mut interval = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                _ = stop.cancelled() => return,
                _ = interval.tick() => {
                    self.tick(&ctx).await;
                }
            }
        }
    }
}

/// The kernel's own jobs, run first each tick: the inbox drops handled
/// updates after three days, and the allocator hands freed memory back.
pub const HOUSEKEEPING: &[Job] = &[
    Job {
        name: "prune-inbox",
        run: |ctx, _| Box::pin(async move { Ok(crate::ingest::prune(&ctx.db, 3).await.map(drop)?) }),
    },
    Job { name: "release-memory", run: |_, _| Box::pin(async { crate::metrics::release_memory() }) },
];
