//! Counters the bot keeps about itself (updates handled, handler latency,
//! Telegram errors, scheduler lag). Tests wait on `processed` to know that
//! every pushed update has been handled.

use std::{
    collections::BTreeMap,
    sync::{
        Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use chrono::{DateTime, Utc};
use tokio::sync::Notify;

/// Process-wide counters of outgoing traffic, bumped where calls are made
/// (`telegram::send`): one process talks to one Telegram.
pub static MESSAGES_SENT: AtomicU64 = AtomicU64::new(0);
/// Calls to Telegram given up after flood control or 5xx retries ran out.
pub static GIVEN_UP: AtomicU64 = AtomicU64::new(0);
static API_ERRORS: Mutex<BTreeMap<&'static str, u64>> = Mutex::new(BTreeMap::new());

/// Counts a failed Telegram call by its error code.
pub fn record_api_error(err: &teloxide::RequestError) {
    use teloxide::RequestError::*;
    let code = match err {
        Api(api) => {
            let text = api.to_string();
            if text.starts_with("Forbidden") || text.contains("blocked") || text.contains("initiate") {
                "403"
            } else {
                "400"
            }
        }
        RetryAfter(_) => "429",
        MigrateToChatId(_) => "migrated",
        Network(_) | Io(_) => "network",
        InvalidJson { .. } => "invalid_json",
    };
    if let Ok(mut m) = API_ERRORS.lock() {
        *m.entry(code).or_default() += 1;
    }
}

/// Upper bounds (seconds) of the handler latency histogram.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Default)]
pub struct Metrics {
    processed: AtomicU64,
    /// Held while numbering and queueing a handled update for the flusher.
    pub flush_order: Mutex<()>,
    enqueued: AtomicU64,
    flushed: AtomicU64,
    flushed_changed: Notify,
    flush_wanted: Notify,
    latency_buckets: [AtomicU64; BUCKETS.len()],
    processed_changed: Notify,
    by_kind: Mutex<BTreeMap<&'static str, u64>>,
    handler_micros_total: AtomicU64,
    handler_failures: AtomicU64,
    tick_lag_ms: AtomicU64,
}

impl Metrics {
    pub fn record_update(&self, kind: &'static str, took: Duration, failed: bool) {
        if let Ok(mut m) = self.by_kind.lock() {
            *m.entry(kind).or_default() += 1;
        }
        self.handler_micros_total.fetch_add(took.as_micros() as u64, Ordering::Relaxed);
        let secs = took.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|b| secs <= *b) {
            self.latency_buckets[i].fetch_add(1, Ordering::Relaxed);
        }
        if failed {
            self.handler_failures.fetch_add(1, Ordering::Relaxed);
        }
        self.processed.fetch_add(1, Ordering::SeqCst);
        self.processed_changed.notify_waiters();
    }

    pub fn processed(&self) -> u64 {
        self.processed.load(Ordering::SeqCst)
    }

    pub fn handler_failures(&self) -> u64 {
        self.handler_failures.load(Ordering::Relaxed)
    }

    /// Waits until at least `n` updates have been handled.
    pub async fn wait_processed(&self, n: u64) {
        loop {
            let changed = self.processed_changed.notified();
            if self.processed() >= n {
                return;
            }
            changed.await;
        }
    }

    /// The position of a handled update in the flusher's queue.
    pub fn next_flush_seq(&self) -> u64 {
        self.enqueued.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Handled updates whose effects and done marks are committed.
    pub fn record_flushed(&self, n: u64) {
        self.flushed.fetch_add(n, Ordering::SeqCst);
        self.flushed_changed.notify_waiters();
    }

    /// Waits until at least `n` handled updates are committed (and asks
    /// the flusher not to wait for more).
    pub async fn wait_flushed(&self, n: u64) {
        loop {
            let changed = self.flushed_changed.notified();
            if self.flushed.load(Ordering::SeqCst) >= n {
                return;
            }
            self.want_flush();
            changed.await;
        }
    }

    /// Tells the flusher to write now: an update waits for it.
    pub fn want_flush(&self) {
        self.flush_wanted.notify_one();
    }

    /// Resolves when `want_flush` was called (or had been, since the last time).
    pub async fn flush_wanted(&self) {
        self.flush_wanted.notified().await;
    }

    pub fn record_tick(&self, scheduled: DateTime<Utc>, finished: DateTime<Utc>) {
        let lag = (finished - scheduled).num_milliseconds().max(0) as u64;
        self.tick_lag_ms.store(lag, Ordering::Relaxed);
    }

    /// The Prometheus text exposition of everything above.
    pub fn render(&self) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let _ = writeln!(out, "# TYPE hearth_updates_total counter");
        for (kind, n) in self.updates_by_kind() {
            let _ = writeln!(out, "hearth_updates_total{{kind=\"{kind}\"}} {n}");
        }
        let _ = writeln!(out, "# TYPE hearth_handler_failures_total counter");
        let _ = writeln!(out, "hearth_handler_failures_total {}", self.handler_failures());
        let _ = writeln!(out, "# TYPE hearth_handler_seconds histogram");
        let mut cumulative = 0;
        for (i, bound) in BUCKETS.iter().enumerate() {
            cumulative += self.latency_buckets[i].load(Ordering::Relaxed);
            let _ = writeln!(out, "hearth_handler_seconds_bucket{{le=\"{bound}\"}} {cumulative}");
        }
        let count = self.processed();
        let _ = writeln!(out, "hearth_handler_seconds_bucket{{le=\"+Inf\"}} {count}");
        let sum = self.handler_micros_total.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "hearth_handler_seconds_sum {sum}");
        let _ = writeln!(out, "hearth_handler_seconds_count {count}");
        let _ = writeln!(out, "# TYPE hearth_telegram_errors_total counter");
        if let Ok(errors) = API_ERRORS.lock() {
            for (code, n) in errors.iter() {
                let _ = writeln!(out, "hearth_telegram_errors_total{{code=\"{code}\"}} {n}");
            }
        }
        let _ = writeln!(out, "# TYPE hearth_messages_sent_total counter");
        let _ = writeln!(out, "hearth_messages_sent_total {}", MESSAGES_SENT.load(Ordering::Relaxed));
        let _ = writeln!(out, "hearth_calls_given_up_total {}", GIVEN_UP.load(Ordering::Relaxed));
        let _ = writeln!(out, "# TYPE hearth_scheduler_lag_seconds gauge");
        let lag = self.tick_lag_ms.load(Ordering::Relaxed) as f64 / 1000.0;
        let _ = writeln!(out, "hearth_scheduler_lag_seconds {lag}");
        out
    }

    pub fn updates_by_kind(&self) -> BTreeMap<&'static str, u64> {
        self.by_kind.lock().map(|m| m.clone()).unwrap_or_default()
    }
}

/// Hands the allocator's free pages back to the system. glibc keeps what a
/// burst of updates freed (each worker thread's arena grows to its high-water
/// mark); trimming once a scheduler tick keeps the resident size near what is
/// live. Elsewhere (musl, other systems) there is nothing to do.
pub fn release_memory() -> anyhow::Result<()> {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns unused pages of glibc's heaps to the
    // kernel; it takes no pointers and is safe to call from any thread.
    unsafe {
        libc::malloc_trim(0);
    }
    Ok(())
}
