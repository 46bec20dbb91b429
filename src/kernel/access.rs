//! Who may do what: the check behind every admin command (applied in the
//! tree from the command's spec, see `routes`), and the same check for the
//! few commands where only some uses are for admins (`/warns` about someone
//! else, `/referrals all`, a filter whose action needs a right).

use teloxide::types::Message;

use super::{Ctx, lang::lang_of};
use crate::{
    i18n::Lang,
    t,
    telegram::{HearthBot, auth::AdminRight, send::reply},
};

/// Why a command is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Asked in a DM; it works in a group.
    GroupOnly,
    /// Asked in a group; it works in a DM with the bot.
    PrivateOnly,
    /// The sender is not an admin of the chat.
    AdminOnly,
    /// An admin without the right the action needs.
    LacksRight(AdminRight),
}

impl Refusal {
    pub fn text(self, lang: Lang) -> String {
        match self {
            Refusal::GroupOnly => t!(lang, "error-group-only"),
            Refusal::PrivateOnly => t!(lang, "error-private-only"),
            Refusal::AdminOnly => t!(lang, "error-admin-only"),
            Refusal::LacksRight(AdminRight::RestrictMembers) => t!(lang, "error-admin-lacks-restrict"),
            Refusal::LacksRight(AdminRight::DeleteMessages) => t!(lang, "error-admin-lacks-delete"),
            Refusal::LacksRight(AdminRight::InviteUsers) => t!(lang, "error-admin-lacks-invite"),
            Refusal::LacksRight(AdminRight::PinMessages) => t!(lang, "error-admin-lacks-pin"),
        }
    }
}

/// Whether the sender of `msg` may act as an admin of its chat (holding
/// `right` too, when one is named).
pub async fn check_admin(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    right: Option<AdminRight>,
) -> Result<(), Refusal> {
    if msg.chat.is_private() {
        return Err(Refusal::GroupOnly);
    }
    if !ctx.admins.sender_is_admin(bot, msg).await {
        return Err(Refusal::AdminOnly);
    }
    match right {
        Some(right) if !ctx.admins.sender_has_right(bot, msg, right).await => Err(Refusal::LacksRight(right)),
        _ => Ok(()),
    }
}

/// Replies with the localized refusal.
pub async fn refuse(bot: &HearthBot, ctx: &Ctx, msg: &Message, refusal: Refusal) -> anyhow::Result<()> {
    let lang = lang_of(ctx, msg).await;
    reply(bot, msg, refusal.text(lang)).await?;
    Ok(())
}

/// For a use of a member command that only admins may make: `true` if the
/// sender is an admin, else replies the refusal and returns `false`.
pub async fn require_admin(bot: &HearthBot, ctx: &Ctx, msg: &Message) -> anyhow::Result<bool> {
    require(bot, ctx, msg, None).await
}

/// For an admin action whose right depends on its arguments (a filter that
/// deletes needs "delete messages", one that bans "ban users").
pub async fn require_right(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    right: AdminRight,
) -> anyhow::Result<bool> {
    require(bot, ctx, msg, Some(right)).await
}

async fn require(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    right: Option<AdminRight>,
) -> anyhow::Result<bool> {
    match check_admin(bot, ctx, msg, right).await {
        Ok(()) => Ok(true),
        Err(refusal) => {
            refuse(bot, ctx, msg, refusal).await?;
            Ok(false)
        }
    }
}
