//! At-least-once ingestion. Each batch from getUpdates is written to the
//! `inbox` table in one transaction before its offset is confirmed (the next
//! getUpdates confirms it); updates are handled from there, one chat's in
//! order, different chats in parallel; each is marked done after its handler
//! ran; the unfinished ones are replayed at start. Effects are keyed by
//! Telegram's ids, so a replay or a duplicate delivery changes nothing twice.

use std::{collections::HashMap, panic::AssertUnwindSafe, sync::Arc, time::Duration};

use chrono::Utc;
use futures::FutureExt;
use teloxide::{
    dispatching::UpdateHandler,
    prelude::*,
    requests::Request,
    types::{Update, UpdateKind},
};
use tokio::{sync::mpsc, task::JoinHandle};
use tokio_util::sync::CancellationToken;

use crate::{
    app::Ctx,
    db::{Db, ts},
    telegram::send::{Failure, classify},
};

pub type Tree = Arc<UpdateHandler<anyhow::Error>>;

/// Stores a fetched batch; returns the updates not seen before.
pub async fn store_batch(db: &Db, updates: Vec<Update>) -> sqlx::Result<Vec<Update>> {
    let now = ts(Utc::now());
    let mut fresh = Vec::with_capacity(updates.len());
    let mut tx = db.begin().await?;
    for update in updates {
        let payload = serde_json::to_string(&update).unwrap_or_default();
        let done = sqlx::query(
            "INSERT OR IGNORE INTO inbox (update_id, chat_key, payload, received_at) VALUES (?, ?, ?, ?)",
        )
        .bind(update.id.0 as i64)
        .bind(chat_key(&update))
        .bind(payload)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            fresh.push(update);
        }
    }
    if let Some(last) = fresh.last() {
        sqlx::query(
            "INSERT INTO kv (key, value) VALUES ('poll_offset', ?)
             ON CONFLICT (key) DO UPDATE SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
        )
        .bind((last.id.0 as i64 + 1).to_string())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(fresh)
}

/// Updates stored but not handled yet (a crash or a shutdown interrupted them).
pub async fn unfinished(db: &Db) -> sqlx::Result<Vec<Update>> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT update_id, payload FROM inbox WHERE done_at IS NULL ORDER BY update_id")
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, payload)| match serde_json::from_str::<Update>(&payload) {
            Ok(update) => Some(update),
            Err(err) => {
                tracing::error!(update_id = id, %err, "unreadable update in the inbox; skipped");
                None
            }
        })
        .collect())
}

pub async fn mark_done(db: &Db, update_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE inbox SET done_at = ?, attempts = attempts + 1 WHERE update_id = ?")
        .bind(ts(Utc::now()))
        .bind(update_id)
        .execute(db)
        .await?;
    Ok(())
}

/// The offset to ask getUpdates for: one past the last update stored.
pub async fn next_offset(db: &Db) -> sqlx::Result<i32> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT value FROM kv WHERE key = 'poll_offset'").fetch_optional(db).await?;
    Ok(stored.and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// Done updates older than `days` are dropped (the offset is kept in `kv`).
pub async fn prune(db: &Db, days: i64) -> sqlx::Result<u64> {
    let cutoff = ts(Utc::now() - chrono::Duration::days(days));
    let done = sqlx::query("DELETE FROM inbox WHERE done_at IS NOT NULL AND done_at < ?")
        .bind(cutoff)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

/// Updates of one chat are handled in order; this picks the chat.
pub fn chat_key(update: &Update) -> i64 {
    if let Some(chat) = update.chat() {
        return chat.id.0;
    }
    update.from().map(|u| u.id.0 as i64).unwrap_or(0)
}

pub fn kind_name(update: &Update) -> &'static str {
    match &update.kind {
        UpdateKind::Message(_) => "message",
        UpdateKind::EditedMessage(_) => "edited_message",
        UpdateKind::CallbackQuery(_) => "callback_query",
        UpdateKind::ChatMember(_) => "chat_member",
        UpdateKind::MyChatMember(_) => "my_chat_member",
        UpdateKind::ChatJoinRequest(_) => "chat_join_request",
        _ => "other",
    }
}

/// Hands updates to per-chat workers. Workers end after a minute idle, so a
/// bot in many chats keeps only the busy ones in memory.
pub struct Router {
    ctx: Arc<Ctx>,
    tree: Tree,
    stop: CancellationToken,
    workers: HashMap<i64, (mpsc::Sender<Update>, JoinHandle<()>)>,
}

const IDLE: Duration = Duration::from_secs(60);
const QUEUE: usize = 256;

impl Router {
    pub fn new(ctx: Arc<Ctx>, tree: Tree, stop: CancellationToken) -> Self {
        Self { ctx, tree, stop, workers: HashMap::new() }
    }

    pub async fn route(&mut self, update: Update) {
        let key = chat_key(&update);
        let mut update = update;
        if let Some((tx, _)) = self.workers.get(&key) {
            match tx.send(update).await {
                Ok(()) => return,
                Err(mpsc::error::SendError(back)) => update = back,
            }
        }
        // No worker, or it has just gone idle: start one that waits for the
        // previous one to finish its queue, so the chat's order holds.
        let previous = self.workers.remove(&key).map(|(_, handle)| handle);
        let (tx, rx) = mpsc::channel(QUEUE);
        let handle =
            tokio::spawn(worker(self.ctx.clone(), self.tree.clone(), rx, previous, self.stop.clone()));
        // A fresh channel with room: this cannot fail.
        let _ = tx.try_send(update);
        self.workers.insert(key, (tx, handle));
        if self.workers.len() > 1024 {
            self.workers.retain(|_, (tx, _)| !tx.is_closed());
        }
    }

    /// Waits for every worker to finish the update it is handling.
    pub async fn drain(self) {
        for (_, (tx, handle)) in self.workers {
            drop(tx);
            let _ = handle.await;
        }
    }
}

async fn worker(
    ctx: Arc<Ctx>,
    tree: Tree,
    mut rx: mpsc::Receiver<Update>,
    previous: Option<JoinHandle<()>>,
    stop: CancellationToken,
) {
    if let Some(previous) = previous {
        let _ = previous.await;
    }
    loop {
        let next = tokio::select! {
            biased;
            _ = stop.cancelled() => return,
            next = tokio::time::timeout(IDLE, rx.recv()) => next,
        };
        match next {
            Ok(Some(update)) => handle(&ctx, &tree, update).await,
            Ok(None) => return,
            Err(_idle) => {
                rx.close();
                while let Ok(update) = rx.try_recv() {
                    if stop.is_cancelled() {
                        return;
                    }
                    handle(&ctx, &tree, update).await;
                }
                return;
            }
        }
    }
}

/// Runs the handler tree on one update and marks it done. A panic in a
/// handler is caught and logged: one bad update never stops the bot.
pub async fn handle(ctx: &Arc<Ctx>, tree: &Tree, update: Update) {
    let id = update.id.0 as i64;
    let kind = kind_name(&update);
    let started = std::time::Instant::now();
    let deps = dptree::deps![update, ctx.bot.clone(), ctx.clone(), ctx.me.clone()];
    let outcome = AssertUnwindSafe(tree.dispatch(deps)).catch_unwind().await;
    let failed = match outcome {
        Ok(std::ops::ControlFlow::Break(Ok(()))) | Ok(std::ops::ControlFlow::Continue(_)) => false,
        Ok(std::ops::ControlFlow::Break(Err(err))) => {
            tracing::error!(update_id = id, kind, error = %format!("{err:#}"), "handler failed");
            true
        }
        Err(_) => {
            tracing::error!(update_id = id, kind, "handler panicked");
            true
        }
    };
    if let Err(err) = mark_done(&ctx.db, id).await {
        tracing::error!(update_id = id, %err, "could not mark update done");
    }
    ctx.metrics.record_update(kind, started.elapsed(), failed);
}

/// Long polling into the inbox until `stop`. Errors back off; never a busy loop.
pub async fn poll(ctx: Arc<Ctx>, raw: Bot, mut router: Router, stop: CancellationToken) {
    let mut offset = match next_offset(&ctx.db).await {
        Ok(o) => o,
        Err(err) => {
            tracing::error!(%err, "cannot read the poll offset; starting from Telegram's");
            0
        }
    };
    let timeout = ctx.config.poll_timeout.as_secs() as u32;
    let mut backoff = Duration::from_millis(500);
    loop {
        let request = raw
            .get_updates()
            .offset(offset)
            .timeout(timeout)
            .allowed_updates(crate::telegram::allowed_updates())
            .send();
        let result = tokio::select! {
            _ = stop.cancelled() => break,
            r = request => r,
        };
        match result {
            Ok(updates) => {
                backoff = Duration::from_millis(500);
                let Some(last) = updates.last().map(|u| u.id.0 as i64) else { continue };
                match store_batch(&ctx.db, updates).await {
                    Ok(fresh) => {
                        offset = (last + 1) as i32;
                        for update in fresh {
                            router.route(update).await;
                        }
                    }
                    Err(err) => {
                        // Not stored: do not confirm; Telegram sends them again.
                        tracing::error!(%err, "cannot store updates; will fetch them again");
                        sleep_or_stop(&stop, backoff).await;
                        backoff = (backoff * 2).min(Duration::from_secs(30));
                    }
                }
            }
            Err(err) => {
                let wait = match classify(&err) {
                    Failure::RetryAfter(d) => d,
                    _ => {
                        let w = backoff;
                        backoff = (backoff * 2).min(Duration::from_secs(30));
                        w
                    }
                };
                tracing::warn!(%err, wait_ms = wait.as_millis() as u64, "getUpdates failed");
                sleep_or_stop(&stop, wait).await;
            }
        }
    }
    router.drain().await;
}

async fn sleep_or_stop(stop: &CancellationToken, d: Duration) {
    tokio::select! {
        _ = stop.cancelled() => {}
        _ = tokio::time::sleep(d) => {}
    }
}
