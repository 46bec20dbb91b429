//! Handled updates marked done in batches, together with the messages they
//! counted: the flusher task and the one transaction it runs.

use std::{sync::Arc, time::Duration};

use chrono::Utc;
use tokio::{sync::mpsc, task::JoinHandle};

use super::record::{SeenMessage, record_messages};
use crate::{
    db::{Db, ts},
    kernel::Ctx,
};

/// A handled update, with the group message it carried (if any).
pub struct Handled {
    pub update_id: i64,
    pub message: Option<SeenMessage>,
}

/// Records the handled updates' messages and marks them done, in one
/// transaction: an update is done exactly when its message is counted.
pub async fn flush(db: &Db, handled: &[Handled]) -> sqlx::Result<()> {
    let now = ts(Utc::now());
    let messages: Vec<SeenMessage> = handled.iter().filter_map(|h| h.message.clone()).collect();
    let mut tx = crate::db::begin_write(db).await?;
    record_messages(&mut tx, &messages).await?;
    let ids: Vec<i64> = handled.iter().map(|h| h.update_id).collect();
    for chunk in ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let sql =
            format!("UPDATE inbox SET done_at = ?, attempts = attempts + 1 WHERE update_id IN ({marks})");
        let mut q = sqlx::query(&sql).persistent(chunk.len() == 500).bind(&now);
        for id in chunk {
            q = q.bind(id);
        }
        q.execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// The longest a handled update waits to be flushed.
const FLUSH_DELAY: Duration = Duration::from_millis(50);

/// Collects handled updates and flushes them in batches: after
/// `FLUSH_DELAY`, or at once when an update waits for the flush (a command
/// reads what the messages before it counted). Big batches cost far less per
/// message: a commit rewrites each page it touched, and the flusher shares
/// the one connection with the inbox's writes. A crash loses at most one
/// batch: those updates are replayed, and their effects are idempotent.
pub(super) fn spawn_flusher(ctx: Arc<Ctx>) -> (mpsc::UnboundedSender<Handled>, JoinHandle<()>) {
    let (tx, mut rx) = mpsc::unbounded_channel::<Handled>();
    let task = tokio::spawn(async move {
        let mut batch = Vec::with_capacity(512);
        while let Some(first) = rx.recv().await {
            batch.push(first);
            // Write when an update waits for it, or after the longest delay.
            tokio::select! {
                _ = ctx.metrics.flush_wanted() => {}
                _ = tokio::time::sleep(FLUSH_DELAY) => {}
            }
            while batch.len() < 2048 {
                match rx.try_recv() {
                    Ok(h) => batch.push(h),
                    Err(_) => break,
                }
            }
            let mut attempt = 1;
            loop {
                match flush(&ctx.db, &batch).await {
                    Ok(()) => break,
                    Err(err) if attempt < 4 => {
                        tracing::warn!(%err, attempt, "flush failed; retrying");
                        tokio::time::sleep(Duration::from_millis(50 * attempt)).await;
                        attempt += 1;
                    }
                    Err(err) => {
                        tracing::error!(%err, count = batch.len(), "could not record handled updates; they will be replayed");
                        break;
                    }
                }
            }
            ctx.metrics.record_flushed(batch.len() as u64);
            batch.clear();
        }
    });
    (tx, task)
}
