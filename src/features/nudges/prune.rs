//! Pruning (the `prune` setting): archived members are removed from the
//! group — banned and unbanned at once, so they can come back.

use chrono::{DateTime, Utc};
use teloxide::{
    prelude::*,
    types::{ChatId, UserId},
};

use super::store;
use crate::{kernel::Ctx, telegram::send::retrying};

/// Archived members removed per chat per tick when `prune` is on.
const PRUNE_BATCH: i64 = 20;

/// Removes up to [`PRUNE_BATCH`] archived members of a chat.
pub(super) async fn prune(ctx: &Ctx, chat_id: i64, now: DateTime<Utc>) -> anyhow::Result<()> {
    for user in store::unpruned(&ctx.db, chat_id, PRUNE_BATCH).await? {
        prune_one(ctx, ChatId(chat_id), user, now).await?;
    }
    Ok(())
}

/// Removes an archived member (ban then unban, so they can come back).
pub(super) async fn prune_one(
    ctx: &Ctx,
    chat: ChatId,
    user: UserId,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let (chat_id, user_id) = (chat.0, user.0);
    match retrying(|| ctx.bot.ban_chat_member(chat, user).send()).await {
        Ok(_) => {
            let unbanned =
                retrying(|| ctx.bot.unban_chat_member(chat, user).only_if_banned(true).send()).await;
            if let Err(err) = unbanned {
                tracing::warn!(chat_id, user_id, %err, "pruned member stays banned: unban failed");
            }
        }
        Err(err) => tracing::warn!(chat_id, user_id, %err, "could not prune an archived member"),
    }
    // Marked either way: one attempt each, never a loop.
    store::mark_pruned(&ctx.db, chat, user, now).await?;
    Ok(())
}
