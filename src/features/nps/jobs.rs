//! The scheduler job: polls closed after `nps_duration`, recurring polls
//! opened every `nps_every`, results whose post failed posted again.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};

use super::{
    polls::{close_and_report, open_poll},
    results::post_results,
    store::{self, Poll},
};
use crate::kernel::Ctx;

/// Closes polls older than `nps_duration`, and opens a new poll where
/// `nps_every` has passed since the last one opened (closing the previous
/// one first, if still open). A chat that sets `nps_every` and never had a
/// poll gets its first one at the next tick. Results whose post failed are
/// posted again (for a day after the close).
///
/// One chat's failure (the bot lost its rights, say) is logged and does not
/// hold up the other chats; the job fails at the end so the tick reports it.
pub async fn job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    let mut failures = 0;
    for poll in store::open_polls(&ctx.db).await? {
        if let Err(err) = auto_close(&ctx, &poll, now).await {
            tracing::warn!(chat_id = poll.chat_id, poll_id = poll.poll_id, error = %format!("{err:#}"), "auto close failed");
            failures += 1;
        }
    }
    // Results whose post failed (the day after closing, it is too late).
    for poll in store::unreported_polls(&ctx.db, now - Duration::days(1)).await? {
        if let Err(err) = post_results(&ctx, poll.poll_id, now).await {
            tracing::warn!(chat_id = poll.chat_id, poll_id = poll.poll_id, error = %format!("{err:#}"), "posting results failed");
            failures += 1;
        }
    }
    for (chat_id, last) in store::recurring_chats(&ctx.db).await? {
        if let Err(err) = recur(&ctx, chat_id, last.as_deref(), now).await {
            tracing::warn!(chat_id, error = %format!("{err:#}"), "recurring poll failed");
            failures += 1;
        }
    }
    if failures > 0 {
        anyhow::bail!("{failures} chats failed");
    }
    Ok(())
}

async fn auto_close(ctx: &Ctx, poll: &Poll, now: DateTime<Utc>) -> anyhow::Result<()> {
    let settings = ctx.chat_settings(poll.chat_id).await?;
    if let Some(d) = settings.duration("nps_duration")
        && poll.opened() + d <= now
    {
        close_and_report(ctx, poll, now, None).await?;
    }
    Ok(())
}

async fn recur(ctx: &Ctx, chat_id: i64, last: Option<&str>, now: DateTime<Utc>) -> anyhow::Result<()> {
    let settings = ctx.chat_settings(chat_id).await?;
    let Some(every) = settings.duration("nps_every") else { return Ok(()) };
    let due = last.and_then(crate::db::parse_ts).is_none_or(|l| l + every <= now);
    if !due {
        return Ok(());
    }
    if let Some(open) = store::open_poll(&ctx.db, chat_id).await? {
        close_and_report(ctx, &open, now, None).await?;
    }
    if let Err(err) = open_poll(ctx, chat_id, None, None, now, None).await? {
        tracing::info!(chat_id, %err, "recurring poll not opened");
    }
    Ok(())
}
