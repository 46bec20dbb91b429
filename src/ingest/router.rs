//! Updates handed to per-chat workers (one chat's in order, chats in
//! parallel), the handler tree run on each, and the task that owns them.

use std::{collections::HashMap, panic::AssertUnwindSafe, sync::Arc, time::Duration};

use futures::FutureExt;
use teloxide::{
    prelude::*,
    types::{Update, UpdateKind},
};
use tokio::{sync::mpsc, task::JoinHandle};
use tokio_util::sync::CancellationToken;

use super::{
    Incoming, Tree, chat_key,
    flush::{Handled, spawn_flusher},
    kind_name,
    record::MessageSlot,
};
use crate::{kernel::Ctx, telegram::park};

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
    // Handlers parked on a send (see `telegram::park`), going on in the background.
    let mut parked: Vec<JoinHandle<()>> = Vec::new();
    let cancelled = loop {
        let next = tokio::select! {
            biased;
            _ = stop.cancelled() => break true,
            next = tokio::time::timeout(IDLE, rx.recv()) => next,
        };
        match next {
            Ok(Some(update)) => {
                sync_before(&ctx, &update, last_seq).await;
                last_seq = handle_parking(&ctx, &tree, *update, &done, &mut parked).await.unwrap_or(last_seq);
            }
            Ok(None) => break false,
            Err(_idle) => {
                rx.close();
                while let Ok(update) = rx.try_recv() {
                    if stop.is_cancelled() {
                        break;
                    }
                    sync_before(&ctx, &update, last_seq).await;
                    last_seq =
                        handle_parking(&ctx, &tree, *update, &done, &mut parked).await.unwrap_or(last_seq);
                }
                break stop.is_cancelled();
            }
        }
    };
    for handling in parked {
        if cancelled {
            // Not marked done: replayed at the next start.
            handling.abort();
        }
        let _ = handling.await;
    }
}

/// `handle`, in the chat's parking scope: when the handler has to wait for
/// a send (the chat's budget, its turn, flood control) it goes on in a task
/// of its own and this returns at once (`None`), so the chat's next update
/// — a message to screen, a join to gate, a button to answer — is not held up.
async fn handle_parking(
    ctx: &Arc<Ctx>,
    tree: &Tree,
    update: Update,
    done: &mpsc::UnboundedSender<Handled>,
    parked: &mut Vec<JoinHandle<()>>,
) -> Option<u64> {
    let (own_ctx, own_tree, own_done) = (ctx.clone(), tree.clone(), done.clone());
    let (handling, mut parked_signal) = park::scope(chat_key(&update), ctx.bot.turns(), async move {
        handle(&own_ctx, &own_tree, update, &own_done).await
    });
    let mut handling = Box::pin(handling);
    tokio::select! {
        biased;
        seq = &mut handling => seq,
        Ok(()) = &mut parked_signal => {
            parked.retain(|h| !h.is_finished());
            parked.push(tokio::spawn(async move {
                let _ = handling.await;
            }));
            None
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
