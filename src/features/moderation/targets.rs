//! The member a moderation command is about: the sender of the replied-to
//! message, or an `@username` / numeric id as the first argument; and the
//! check that it is never the bot, the owner or an admin — nor, for a
//! community moderator, a community moderator (themself included).

use teloxide::types::{ChatId, Message, User, UserId};

use super::errors::ModError;
use crate::{
    features::trust,
    kernel::{
        Ctx,
        access::{self, Acting},
        format,
        lang::lang_of,
    },
    t,
    telegram::{HearthBot, auth::ANONYMOUS_ADMIN_BOT, command::Command, html, send::reply},
};

/// The member a command is about, and the arguments left after naming them.
pub(super) struct Target {
    pub(super) id: UserId,
    /// A clickable name (HTML).
    pub(super) name: String,
    pub(super) rest: String,
}

impl Target {
    /// A user in hand (the one replied to, or the sender themself).
    pub(super) fn of(user: &User, rest: &str) -> Target {
        Target { id: user.id, name: html::mention_user(user), rest: rest.to_owned() }
    }
}

/// The sender of `msg` (none for a channel post).
pub(super) fn sender(msg: &Message) -> Option<UserId> {
    msg.from.as_ref().map(|u| u.id)
}

/// The message `msg` replies to, unless it is only the forum topic's start.
pub(super) fn replied(msg: &Message) -> Option<&Message> {
    msg.reply_to_message().filter(|r| r.forum_topic_created().is_none())
}

/// The replied-to message's sender, or an `@username` / numeric id as the
/// first argument.
pub(super) async fn resolve(ctx: &Ctx, msg: &Message, args: &str) -> Result<Target, ModError> {
    if let Some(replied) = replied(msg) {
        if let Some(chat) = &replied.sender_chat {
            // An anonymous admin or a channel speaking in the group.
            return Err(if chat.id == msg.chat.id { ModError::TargetAdmin } else { ModError::NoTarget });
        }
        let Some(user) = &replied.from else { return Err(ModError::NoTarget) };
        return Ok(Target::of(user, args.trim()));
    }
    let args = args.trim();
    let (first, rest) = match args.split_once(char::is_whitespace) {
        Some((first, rest)) => (first, rest.trim()),
        None => (args, ""),
    };
    if first.is_empty() {
        return Err(ModError::NoTarget);
    }
    let id = if let Some(username) = first.strip_prefix('@') {
        match crate::kernel::members::user_by_username(&ctx.db, username).await.map_err(ModError::internal)? {
            Some(id) => id,
            None => return Err(ModError::UnknownUser(first.to_owned())),
        }
    } else {
        match first.parse::<i64>() {
            Ok(id) if id > 0 => UserId(id as u64),
            _ => return Err(ModError::NoTarget),
        }
    };
    Ok(Target { id, name: format::mention_of(ctx, id.0 as i64).await, rest: rest.to_owned() })
}

/// Never acts on the bot, the owner or an admin.
pub(super) async fn check(ctx: &Ctx, chat: ChatId, target: UserId) -> Result<(), ModError> {
    if target == ctx.me.user.id {
        return Err(ModError::TargetSelf);
    }
    if target.0 == ANONYMOUS_ADMIN_BOT {
        return Err(ModError::TargetAdmin);
    }
    let id = target.0 as i64;
    match ctx.admins.admins(&ctx.bot, chat.0).await {
        Ok(admins) if admins.ids.contains(&id) || admins.creator == Some(id) => Err(ModError::TargetAdmin),
        Ok(_) => Ok(()),
        // Telegram refuses admins anyway; its answer is then reported.
        Err(err) => {
            tracing::warn!(chat_id = chat.0, %err, "getChatAdministrators failed; relying on Telegram's check");
            Ok(())
        }
    }
}

/// `check`, and for one `acting` as a community moderator: never on a
/// community moderator. (Whether the actor acts as one is the tree's
/// `Acting`, or `acting_on_button` for a button.)
pub(super) async fn check_as(
    ctx: &Ctx,
    chat: ChatId,
    target: UserId,
    acting: Acting,
) -> Result<(), ModError> {
    check(ctx, chat, target).await?;
    if acting.is_community_moderator()
        && trust::moderators::is_moderator(&ctx.db, chat, target).await.map_err(ModError::internal)?
    {
        return Err(ModError::TargetModerator);
    }
    Ok(())
}

/// The capacity in which `user` presses a moderation button of `chat`:
/// an admin, a community moderator, or `None` (neither).
pub(super) async fn acting_on_button(
    bot: &HearthBot,
    ctx: &Ctx,
    chat: ChatId,
    user: UserId,
    at: chrono::DateTime<chrono::Utc>,
) -> Option<Acting> {
    if ctx.admins.is_admin(bot, chat.0, user.0 as i64).await {
        Some(Acting::Admin)
    } else if access::is_community_moderator(ctx, chat, user, at).await {
        Some(Acting::CommunityModerator)
    } else {
        None
    }
}

/// The target of a moderation command, resolved and checked for one
/// `acting` so; `None` when there is nothing to do (the reason has been
/// answered).
pub(super) async fn of_command(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    cmd: &Command,
    acting: Acting,
) -> anyhow::Result<Option<Target>> {
    let lang = lang_of(ctx, msg).await;
    let checked = match resolve(ctx, msg, &cmd.args).await {
        Ok(target) => check_as(ctx, msg.chat.id, target.id, acting).await.map(|()| target),
        Err(ModError::NoTarget) => {
            reply(bot, msg, t!(lang, "mod-usage", command = cmd.name.clone())).await?;
            return Ok(None);
        }
        Err(err) => Err(err),
    };
    match checked {
        Ok(target) => Ok(Some(target)),
        Err(err) => {
            reply(bot, msg, err.text(lang)).await?;
            Ok(None)
        }
    }
}
