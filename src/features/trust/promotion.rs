//! `/promote` and `/demote` (admins, gated in the tree): a level-3 member
//! made a community moderator, or no longer one; and whether a member acts
//! as one now (`acts_as_moderator`, the catalog's check behind the
//! `Access::Moderator` gate and the rooms' buttons). The store is
//! `moderators`; it lives here, beside the levels it depends on, so the
//! rooms that let moderators act (moderation, premoderation) ask one place.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures::future::BoxFuture;
use teloxide::types::{ChatId, Message, ReplyMarkup, UserId};

use super::{
    choices::{self, Who},
    levels,
    logic::Level,
    moderators, texts,
};
use crate::{
    kernel::{Ctx, HandlerResult, format, lang::lang_of, members, notify},
    t,
    telegram::{HearthBot, command::Command, html, send::reply},
};

/// Whether `user` acts as a community moderator of `chat` at `at`: promoted,
/// and still at TL3 (an active warning, holding them at TL1, holds their
/// powers too until it expires).
pub fn acts_as_moderator(
    ctx: &Ctx,
    chat: ChatId,
    user: UserId,
    at: DateTime<Utc>,
) -> BoxFuture<'_, anyhow::Result<bool>> {
    Box::pin(async move {
        if !moderators::is_moderator(&ctx.db, chat, user).await? {
            return Ok(false);
        }
        Ok(levels::standing(ctx, chat, user, at).await?.is_some_and(|s| s.level == Level::Leader))
    })
}

/// A card (a report, a held post) by DM to the chat's community moderators
/// who act as such now, started the bot and are not admins (admins have
/// theirs from `notify::notify_admins`): how many got it.
pub async fn tell_moderators(
    ctx: &Ctx,
    chat: ChatId,
    text: &str,
    markup: Option<ReplyMarkup>,
) -> anyhow::Result<usize> {
    let admins = ctx.admins.admins(&ctx.bot, chat.0).await?;
    let now = ctx.clock.now();
    let mut told = 0;
    for moderator in moderators::moderators(&ctx.db, chat).await? {
        let id = moderator.0 as i64;
        if !admins.ids.contains(&id)
            && acts_as_moderator(ctx, chat, moderator, now).await?
            && members::dm_open(&ctx.db, id).await?
            && notify::dm(&ctx.bot, ctx, id, text.to_owned(), markup.clone()).await?
        {
            told += 1;
        }
    }
    Ok(told)
}

/// The member a command names (replied to or `@user` / id), present in the
/// chat; `None` when the answer has been given.
async fn named_member(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    cmd: &Command,
) -> anyhow::Result<Option<UserId>> {
    let lang = lang_of(ctx, msg).await;
    let asked = match choices::asked(msg, &cmd.args) {
        Some(asked) if asked.word.is_none() => asked,
        _ => {
            reply(bot, msg, t!(lang, "trust-promote-usage", command = cmd.name.clone())).await?;
            return Ok(None);
        }
    };
    match choices::resolve(ctx, &asked.who).await? {
        Some(user) if members::is_present(&ctx.db, msg.chat.id, user).await? => Ok(Some(user)),
        _ => {
            let who = match asked.who {
                Who::Named(name) => html::escape(&html::truncate(name, 40)),
                Who::Replied(id) => format::mention_of(ctx, id.0 as i64).await,
            };
            reply(bot, msg, t!(lang, "trust-not-member", who = who)).await?;
            Ok(None)
        }
    }
}

/// `/promote @user|reply`: a TL3 member becomes a community moderator.
pub async fn promote(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let Some(user) = named_member(&bot, &ctx, &msg, &cmd).await? else { return Ok(()) };
    let Some(by) = msg.from.as_ref().map(|u| u.id) else { return Ok(()) };
    let lang = lang_of(&ctx, &msg).await;
    let chat = msg.chat.id;
    let name = format::mention_of(&ctx, user.0 as i64).await;
    let is_admin = user == ctx.me.user.id || ctx.admins.is_admin(&bot, chat.0, user.0 as i64).await;
    let text = if is_admin {
        t!(lang, "trust-promote-admin", name = name)
    } else {
        let level = levels::standing(&ctx, chat, user, msg.date).await?.map(|s| s.level).unwrap_or_default();
        if level != Level::Leader {
            let what = texts::level_name(lang, level);
            t!(lang, "trust-promote-low", name = name, level = level.number(), what = what)
        } else if moderators::promote(&ctx.db, chat, user, by, msg.date).await? {
            t!(lang, "trust-promoted", name = name)
        } else {
            t!(lang, "trust-promoted-already", name = name)
        }
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}

/// `/demote @user|reply`: no longer a community moderator.
pub async fn demote(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let Some(user) = named_member(&bot, &ctx, &msg, &cmd).await? else { return Ok(()) };
    let lang = lang_of(&ctx, &msg).await;
    let name = format::mention_of(&ctx, user.0 as i64).await;
    let text = if moderators::demote(&ctx.db, msg.chat.id, user).await? {
        t!(lang, "trust-demoted", name = name)
    } else {
        t!(lang, "trust-not-moderator", name = name)
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}
