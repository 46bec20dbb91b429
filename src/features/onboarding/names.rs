//! How onboarding names a chat and a newcomer in its messages.

use teloxide::types::User;

use crate::{
    kernel::{Ctx, members},
    telegram::html,
};

/// The chat's title as the bot last saw it (empty when unknown).
pub(super) async fn chat_title(ctx: &Ctx, chat_id: i64) -> String {
    members::chat_title(&ctx.db, chat_id).await.ok().flatten().unwrap_or_default()
}

/// A clickable name for the user in hand (the update's own name, not the
/// stored one: a newcomer may not be stored yet).
pub(super) fn mention(user: &User) -> String {
    html::mention(user.id.0 as i64, &user.first_name, user.last_name.as_deref())
}
