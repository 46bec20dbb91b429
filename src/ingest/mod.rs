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
    RequestError,
    dispatching::UpdateHandler,
    prelude::*,
    types::{Message, Update, UpdateKind},
};
use tokio::{sync::mpsc, task::JoinHandle};
use tokio_util::sync::CancellationToken;

pub mod record;

use self::record::{MessageSlot, SeenMessage, record_messages};
use crate::{
    db::{Db, ts},
    kernel::Ctx,
    telegram::send::{Failure, classify},
};

pub type Tree = Arc<UpdateHandler<anyhow::Error>>;

/// An update as Telegram sent it: the raw JSON is what the inbox keeps
/// (teloxide's `Update` does not serialize back to it: a chat_member update
/// would come back empty).
pub struct RawUpdate {
    pub json: String,
    pub update: Update,
}

impl RawUpdate {
    pub fn parse(json: String) -> Result<RawUpdate, serde_json::Error> {
        let update = serde_json::from_str(&json)?;
        Ok(RawUpdate { json, update })
    }
}

/// An update as the handler tree receives it. dptree clones every value it
/// injects, at every step of the tree; a message (nearly all traffic) is
/// therefore shared behind an `Arc`, moved out of its update once, never copied.
#[derive(Clone)]
pub enum Incoming {
    Message(Arc<Message>),
    Other(Arc<Update>),
}

impl Incoming {
    pub fn new(update: Update) -> Incoming {
        match update.kind {
            UpdateKind::Message(message) => Incoming::Message(Arc::new(message)),
            kind => Incoming::Other(Arc::new(Update { id: update.id, kind })),
        }
    }

    /// The tree's branch for messages.
    pub fn message(self) -> Option<Arc<Message>> {
        match self {
            Incoming::Message(message) => Some(message),
            Incoming::Other(_) => None,
        }
    }

    /// The tree's branch for every other kind (rare: copied for teloxide's filters).
    pub fn update(self) -> Option<Update> {
        match self {
            Incoming::Message(_) => None,
            Incoming::Other(update) => Some(Update::clone(&update)),
        }
    }
}

/// Stores a fetched batch in one transaction; returns the updates not seen
/// before (a duplicate delivery is stored and handled once).
pub async fn store_batch(db: &Db, updates: Vec<RawUpdate>) -> sqlx::Result<Vec<Update>> {
    let now = ts(Utc::now());
    let mut last = None;
    let mut tx = crate::db::begin_write(db).await?;
    // Which of these ids are already stored (a duplicate delivery)?
    let ids: Vec<i64> = updates.iter().map(|u| u.update.id.0 as i64).collect();
    let mut known = std::collections::HashSet::new();
    for chunk in ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let sql = format!("SELECT update_id FROM inbox WHERE update_id IN ({marks})");
        let mut q = sqlx::query_scalar::<_, i64>(&sql).persistent(chunk.len() == 500);
        for id in chunk {
            q = q.bind(id);
        }
        known.extend(q.fetch_all(&mut *tx).await?);
    }
    let mut fresh = Vec::with_capacity(updates.len());
    let mut rows = Vec::with_capacity(updates.len());
    for raw in updates {
        let id = raw.update.id.0 as i64;
        last = Some(last.map_or(id, |l: i64| l.max(id)));
        if known.insert(id) {
            rows.push((id, chat_key(&raw.update), raw.json));
            fresh.push(raw.update);
        }
    }
    // Many rows per statement: sqlx pays per statement, not per row. Only
    // the full-size statement is kept prepared: each other length would stay
    // in the connection's statement cache (a hundred of them, tens of MB).
    for chunk in rows.chunks(200) {
        let values = vec!["(?, ?, ?, ?)"; chunk.len()].join(",");
        let sql = format!(
            "INSERT OR IGNORE INTO inbox (update_id, chat_key, payload, received_at) VALUES {values}"
        );
        let mut q = sqlx::query(&sql).persistent(chunk.len() == 200);
        for (id, chat, json) in chunk {
            q = q.bind(id).bind(chat).bind(json).bind(&now);
        }
        q.execute(&mut *tx).await?;
    }
    if let Some(last) = last {
        sqlx::query(
            "INSERT INTO kv (key, value) VALUES ('poll_offset', ?)
             ON CONFLICT (key) DO UPDATE SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
        )
        .bind((last + 1).to_string())
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
fn spawn_flusher(ctx: Arc<Ctx>) -> (mpsc::UnboundedSender<Handled>, JoinHandle<()>) {
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
    done: mpsc::UnboundedSender<Handled>,
    /// Updates are boxed in the queues: a channel allocates its slots in
    /// blocks of 32, and an unboxed `Update` is large, times a thousand chats.
    workers: HashMap<i64, (mpsc::Sender<Box<Update>>, JoinHandle<()>)>,
}

const IDLE: Duration = Duration::from_secs(60);
const QUEUE: usize = 256;

impl Router {
    pub fn new(
        ctx: Arc<Ctx>,
        tree: Tree,
        stop: CancellationToken,
        done: mpsc::UnboundedSender<Handled>,
    ) -> Self {
        Self { ctx, tree, stop, done, workers: HashMap::new() }
    }

    pub async fn route(&mut self, update: Update) {
        let key = chat_key(&update);
        let mut update = Box::new(update);
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
        let handle = tokio::spawn(worker(
            self.ctx.clone(),
            self.tree.clone(),
            rx,
            previous,
            self.stop.clone(),
            self.done.clone(),
        ));
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
    mut rx: mpsc::Receiver<Box<Update>>,
    previous: Option<JoinHandle<()>>,
    stop: CancellationToken,
    done: mpsc::UnboundedSender<Handled>,
) {
    if let Some(previous) = previous {
        let _ = previous.await;
    }
    // The flusher position of this chat's last counted message: an update
    // that reads state (a command, a button, a join) waits for it, so it sees
    // the chat's messages before it; plain messages keep batching.
    let mut last_seq = 0;
    loop {
        let next = tokio::select! {
            biased;
            _ = stop.cancelled() => return,
            next = tokio::time::timeout(IDLE, rx.recv()) => next,
        };
        match next {
            Ok(Some(update)) => {
                sync_before(&ctx, &update, last_seq).await;
                last_seq = handle(&ctx, &tree, *update, &done).await.unwrap_or(last_seq);
            }
            Ok(None) => return,
            Err(_idle) => {
                rx.close();
                while let Ok(update) = rx.try_recv() {
                    if stop.is_cancelled() {
                        return;
                    }
                    sync_before(&ctx, &update, last_seq).await;
                    last_seq = handle(&ctx, &tree, *update, &done).await.unwrap_or(last_seq);
                }
                return;
            }
        }
    }
}

/// Plain group messages only count things; everything else may read counts.
fn reads_state(update: &Update) -> bool {
    match &update.kind {
        UpdateKind::Message(m) => {
            m.chat.is_private() || m.text().or_else(|| m.caption()).is_some_and(|t| t.starts_with('/'))
        }
        _ => true,
    }
}

async fn sync_before(ctx: &Ctx, update: &Update, last_seq: u64) {
    if last_seq > 0 && reads_state(update) {
        let _ = tokio::time::timeout(Duration::from_secs(5), ctx.metrics.wait_flushed(last_seq)).await;
    }
}

/// Runs the handler tree on one update and marks it done. A panic in a
/// handler is caught and logged: one bad update never stops the bot.
/// Returns the flusher position of the message it counted, if any.
pub async fn handle(
    ctx: &Arc<Ctx>,
    tree: &Tree,
    update: Update,
    done: &mpsc::UnboundedSender<Handled>,
) -> Option<u64> {
    let id = update.id.0 as i64;
    let kind = kind_name(&update);
    let incoming = Incoming::new(update);
    let started = std::time::Instant::now();
    // Handlers are idempotent, so a failure of the database (busy, locked)
    // is retried a few times before the update is given up.
    let mut attempt = 1;
    let mut message;
    let failed = loop {
        let slot = MessageSlot::default();
        let deps = dptree::deps![incoming.clone(), ctx.bot.clone(), ctx.clone(), slot.clone()];
        let outcome = AssertUnwindSafe(tree.dispatch(deps)).catch_unwind().await;
        message = slot.take();
        match outcome {
            Ok(std::ops::ControlFlow::Break(Ok(()))) | Ok(std::ops::ControlFlow::Continue(_)) => break false,
            Ok(std::ops::ControlFlow::Break(Err(err))) => {
                let database = err.chain().any(|e| e.is::<sqlx::Error>());
                if database && attempt < 4 {
                    tracing::warn!(update_id = id, attempt, error = %format!("{err:#}"), "database error; retrying");
                    tokio::time::sleep(Duration::from_millis(50 * attempt)).await;
                    attempt += 1;
                    continue;
                }
                tracing::error!(update_id = id, kind, error = %format!("{err:#}"), "handler failed");
                break true;
            }
            Err(_) => {
                tracing::error!(update_id = id, kind, "handler panicked");
                break true;
            }
        }
    };
    let counted = message.is_some();
    // Position and send together, so the flusher's order is the numbering.
    let seq = {
        let _in_order = ctx.metrics.flush_order.lock();
        let seq = ctx.metrics.next_flush_seq();
        let _ = done.send(Handled { update_id: id, message });
        seq
    };
    ctx.metrics.record_update(kind, started.elapsed(), failed);
    counted.then_some(seq)
}

/// Starts the task that owns the per-chat workers. Updates arrive on the
/// returned channel already stored in the inbox (from polling, the webhook,
/// or the replay at start).
pub fn spawn_router(
    ctx: Arc<Ctx>,
    tree: Tree,
    stop: CancellationToken,
) -> (mpsc::Sender<Update>, JoinHandle<()>) {
    let (tx, mut rx) = mpsc::channel::<Update>(QUEUE);
    let handle = tokio::spawn(async move {
        let (done, marker) = spawn_flusher(ctx.clone());
        let mut router = Router::new(ctx, tree, stop.clone(), done);
        loop {
            tokio::select! {
                biased;
                _ = stop.cancelled() => break,
                next = rx.recv() => match next {
                    Some(update) => router.route(update).await,
                    None => break,
                },
            }
        }
        router.drain().await;
        // Every worker (and its sender) is gone: the marker flushes and ends.
        let _ = marker.await;
    });
    (tx, handle)
}

/// getUpdates through teloxide's HTTP client, keeping each update's raw JSON.
async fn fetch_updates(raw: &Bot, offset: i32, timeout: u32) -> Result<Vec<RawUpdate>, RequestError> {
    use teloxide::{ApiError, types::Seconds};
    let url = raw
        .api_url()
        .join(&format!("/bot{}/getUpdates", raw.token()))
        .map_err(|e| RequestError::Api(ApiError::Unknown(e.to_string())))?;
    let body = serde_json::json!({
        "offset": offset,
        "timeout": timeout,
        "allowed_updates": crate::telegram::allowed_updates(),
    });
    let response = raw
        .client()
        .post(url)
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .map_err(RequestError::from)?;
    let text = response.text().await.map_err(RequestError::from)?;
    let invalid = |source: serde_json::Error| RequestError::InvalidJson {
        source: Arc::new(source),
        raw: text.clone().into(),
    };
    // Each update is kept as the text Telegram sent (borrowed from the
    // response, never built into a JSON tree and printed again).
    let envelope: Envelope<'_> = serde_json::from_str(&text).map_err(invalid)?;
    if !envelope.ok {
        if let Some(secs) = envelope.parameters.and_then(|p| p.retry_after) {
            return Err(RequestError::RetryAfter(Seconds::from_seconds(secs.min(u32::MAX as u64) as u32)));
        }
        let description = envelope.description.unwrap_or_else(|| "getUpdates failed".to_owned());
        return Err(RequestError::Api(ApiError::Unknown(description)));
    }
    let items = envelope.result.unwrap_or_default();
    let mut updates = Vec::with_capacity(items.len());
    for item in items {
        let json = item.get().to_owned();
        match RawUpdate::parse(json) {
            Ok(u) => updates.push(u),
            // Something teloxide cannot read: keep its raw JSON and its id
            // (so the offset moves on), handle it as nothing.
            Err(err) => {
                tracing::error!(%err, "unreadable update; stored, not handled");
                let id = serde_json::from_str::<UpdateId>(item.get()).map_or(0, |u| u.update_id);
                let stub = serde_json::json!({ "update_id": id });
                if let Ok(update) = serde_json::from_value(stub) {
                    updates.push(RawUpdate { json: item.get().to_owned(), update });
                }
            }
        }
    }
    Ok(updates)
}

/// A getUpdates response with its updates left as raw JSON.
#[derive(serde::Deserialize)]
struct Envelope<'a> {
    ok: bool,
    #[serde(borrow, default)]
    result: Option<Vec<&'a serde_json::value::RawValue>>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    parameters: Option<Parameters>,
}

#[derive(serde::Deserialize)]
struct Parameters {
    #[serde(default)]
    retry_after: Option<u64>,
}

#[derive(serde::Deserialize)]
struct UpdateId {
    update_id: i64,
}

/// Long polling into the inbox until `stop`. Errors back off; never a busy loop.
pub async fn poll(ctx: Arc<Ctx>, raw: Bot, feed: mpsc::Sender<Update>, stop: CancellationToken) {
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
        let request = fetch_updates(&raw, offset, timeout);
        let result = tokio::select! {
            _ = stop.cancelled() => break,
            r = request => r,
        };
        match result {
            Ok(updates) => {
                backoff = Duration::from_millis(500);
                let Some(last) = updates.iter().map(|u| u.update.id.0 as i64).max() else { continue };
                match store_batch(&ctx.db, updates).await {
                    Ok(fresh) => {
                        offset = (last + 1) as i32;
                        for update in fresh {
                            if feed.send(update).await.is_err() {
                                return;
                            }
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
                crate::metrics::record_api_error(&err);
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
}

async fn sleep_or_stop(stop: &CancellationToken, d: Duration) {
    tokio::select! {
        _ = stop.cancelled() => {}
        _ = tokio::time::sleep(d) => {}
    }
}
