//! How onboarding names a chat in its messages.

use crate::kernel::{Ctx, members};

/// The chat's title as the bot last saw it (empty when unknown).
pub(super) async fn chat_title(ctx: &Ctx, chat_id: i64) -> String {
    members::chat_title(&ctx.db, chat_id).await.ok().flatten().unwrap_or_default()
}
