//! The paced DM sender: takes the outbox's queued nudges one at a time at
//! [`DMS_PER_SEC`], checks each is still wanted and deliverable, sends it at
//! most once and records how it went.

use std::sync::{Arc, atomic::Ordering};

use teloxide::types::{ChatId, ReplyMarkup, UserId};

use super::{
    chat,
    ladder::{self, Offers},
    logic::{self, LadderStep, Steps},
    prune::prune_one,
    state::State,
    store,
};
use crate::kernel::{Ctx, members, notify};

/// DMs per second the sender allows itself: under Telegram's 30 overall, leaving
/// room for the replies the bot sends meanwhile.
const DMS_PER_SEC: u32 = 28;

/// Once per process, before the first send: DMs a previous process left in
/// flight are not sent again (a DM twice is worse than one lost).
pub(super) async fn recover_once(ctx: &Ctx) -> anyhow::Result<()> {
    if !ctx.state::<State>().recovered.swap(true, Ordering::SeqCst) {
        let abandoned = store::abandon_in_flight(&ctx.db).await?;
        if abandoned > 0 {
            tracing::warn!(abandoned, "nudge DMs in flight at the last stop are not sent again");
        }
    }
    Ok(())
}

/// Starts the sender unless it is running: it sends the queued DMs at
/// [`DMS_PER_SEC`] (spread by `dm_schedule`), each at most once, and stops
/// when the queue is empty. The scheduler and the updates never wait for it.
pub(super) fn spawn_sender(ctx: &Arc<Ctx>) {
    if ctx.state::<State>().sending.swap(true, Ordering::SeqCst) {
        return;
    }
    let ctx = ctx.clone();
    tokio::spawn(async move {
        loop {
            if let Err(err) = send_queued(&ctx).await {
                tracing::error!(error = %format!("{err:#}"), "nudge sender failed");
            }
            ctx.state::<State>().sending.store(false, Ordering::SeqCst);
            // Queued while we were stopping? Then take over again.
            let more = store::queued(&ctx.db, 1).await.map(|q| !q.is_empty()).unwrap_or(false);
            if !more || ctx.state::<State>().sending.swap(true, Ordering::SeqCst) {
                return;
            }
        }
    });
}

async fn send_queued(ctx: &Ctx) -> anyhow::Result<()> {
    use tokio::time::Instant;
    let mut offers = Offers::default();
    let spacing = logic::dm_schedule(2, DMS_PER_SEC).last().unwrap_or_default();
    let mut last: Option<Instant> = None;
    loop {
        let batch = store::queued(&ctx.db, 100).await?;
        if batch.is_empty() {
            return Ok(());
        }
        let mut start = last.map_or_else(Instant::now, |l| (l + spacing).max(Instant::now()));
        let offsets: Vec<_> = logic::dm_schedule(batch.len(), DMS_PER_SEC).collect();
        for (row, offset) in batch.into_iter().zip(offsets) {
            // Behind schedule (a flood-control wait, a slow call)? Carry on
            // from now at the same pace instead of a burst to catch up.
            let now = Instant::now();
            if now > start + offset + spacing {
                start = now.checked_sub(offset).unwrap_or(now);
            }
            tokio::time::sleep_until(start + offset).await;
            last = Some(Instant::now());
            if !store::take(&ctx.db, row.id).await? {
                continue;
            }
            let state = match deliver(ctx, &row, &mut offers).await {
                Ok(state) => state,
                Err(err) => {
                    tracing::warn!(chat_id = row.chat_id, user_id = row.user_id, %err, "nudge DM failed");
                    "failed"
                }
            };
            store::finish(&ctx.db, row.id, state, ctx.clock.now()).await?;
        }
    }
}

/// Sends one nudge; the outbox state to record. Flood control is waited out
/// by the paced sender under `send` (3 times at most; the sender pauses
/// meanwhile); nothing else is retried (a retried timeout could deliver
/// twice); a 403 marks the user unreachable.
async fn deliver(ctx: &Ctx, row: &store::Outgoing, offers: &mut Offers) -> anyhow::Result<&'static str> {
    let (chat, user) = (ChatId(row.chat_id), UserId(row.user_id as u64));
    let Ok(step) = row.step.parse::<LadderStep>() else { return Ok("failed") };
    let now = ctx.clock.now();
    let settings = ctx.chat_settings(row.chat_id).await?;
    let member = store::member(&ctx.db, chat, user).await?;
    // A post since the decision, an opt-out, a closed DM: no nudge.
    let current = member.as_ref().is_some_and(|m| {
        matches!(m.segment.as_str(), "silent" | "gone") && Steps::from_column(m.steps).contains(step)
    });
    if !current
        || !settings.bool("nudges")
        || store::opted_out(&ctx.db, row.user_id).await?
        || !members::dm_open(&ctx.db, row.user_id).await?
    {
        return Ok("cancelled");
    }
    if chat::quiet_hours(&settings).is_quiet(now) {
        // Quiet hours began while it waited in the queue: the job queues it
        // again when they end.
        return Ok("deferred");
    }
    let (text, markup) = ladder::dm(ctx, chat, user, step, now, offers).await?;
    if step == LadderStep::Goodbye {
        // Archived whether or not the goodbye arrives: no more nudges.
        store::archive(&ctx.db, chat, user, now).await?;
    }
    let sent = notify::dm(&ctx.bot, ctx, row.user_id, text, markup.map(ReplyMarkup::InlineKeyboard)).await;
    if step == LadderStep::Goodbye && settings.bool("prune") {
        prune_one(ctx, chat, user, now).await?;
    }
    Ok(if sent? { "sent" } else { "unreachable" })
}
