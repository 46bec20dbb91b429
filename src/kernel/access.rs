//! Who may do what: the check behind every admin command (applied in the
//! tree from the command's spec, see `routes`), and the same check for the
//! few commands where only some uses are for admins (`/warns` about someone
//! else, `/referrals all`, a filter whose action needs a right).

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, Message, UserId};

use super::{Ctx, lang::lang_of};
use crate::{
    i18n::Lang,
    t,
    telegram::{HearthBot, auth::AdminRight, command::Access, send::reply},
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
    /// A community moderator asking for what only admins may do.
    NotForModerators,
}

/// In what capacity the sender runs a command the tree let through: the
/// gate puts it beside the endpoint, so an endpoint that admits community
/// moderators applies their limits without asking again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Acting {
    /// A member command, run by anyone.
    Member,
    /// An admin of the chat (with the spec's right).
    Admin,
    /// A community moderator, not an admin: within moderation's limits.
    CommunityModerator,
}

impl Acting {
    pub fn is_community_moderator(self) -> bool {
        self == Acting::CommunityModerator
    }
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
            Refusal::NotForModerators => t!(lang, "error-not-for-moderators"),
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

/// Whether `user` acts as a community moderator of `chat` at `at` (the
/// catalog's check: promoted, and still at the level it takes).
pub async fn is_community_moderator(ctx: &Ctx, chat: ChatId, user: UserId, at: DateTime<Utc>) -> bool {
    match (ctx.catalog.moderators)(ctx, chat, user, at).await {
        Ok(moderator) => moderator,
        Err(err) => {
            tracing::warn!(chat_id = chat.0, %err, "could not read the community moderators");
            false
        }
    }
}

/// The capacity the sender of `msg` runs a command of `access` in, or why
/// not: admins (holding `right`) for `Admin`; admins, else community
/// moderators for `Moderator` (a community moderator asking for an admin
/// command is told it is not theirs).
pub async fn acting(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    access: Access,
    right: Option<AdminRight>,
) -> Result<Acting, Refusal> {
    if access == Access::Member {
        return Ok(Acting::Member);
    }
    let refusal = match check_admin(bot, ctx, msg, right).await {
        Ok(()) => return Ok(Acting::Admin),
        Err(refusal) => refusal,
    };
    let moderator = refusal == Refusal::AdminOnly
        && match &msg.from {
            Some(user) if msg.sender_chat.is_none() => {
                is_community_moderator(ctx, msg.chat.id, user.id, msg.date).await
            }
            _ => false,
        };
    match (access, moderator) {
        (Access::Moderator, true) => Ok(Acting::CommunityModerator),
        (_, true) => Err(Refusal::NotForModerators),
        _ => Err(refusal),
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
