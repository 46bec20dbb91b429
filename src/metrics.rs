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

#[derive(Default)]
pub struct Metrics {
    processed: AtomicU64,
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

    pub fn record_tick(&self, scheduled: DateTime<Utc>, finished: DateTime<Utc>) {
        let lag = (finished - scheduled).num_milliseconds().max(0) as u64;
        self.tick_lag_ms.store(lag, Ordering::Relaxed);
    }

    pub fn updates_by_kind(&self) -> BTreeMap<&'static str, u64> {
        self.by_kind.lock().map(|m| m.clone()).unwrap_or_default()
    }
}
