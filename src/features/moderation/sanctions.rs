//! Sanctions: /mute and /ban (with a duration), /kick, /unmute and /unban,
//! the Telegram calls behind them and behind every automatic action
//! (restrict, ban, unban, delete a message; a channel's ban), and whether a
//! mute is in force (for the rules gate and for channels).

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use teloxide::{
    prelude::*,
    types::{ChatPermissions, MessageId},
};

use super::{
    errors::{ModError, Right},
    log,
    logic::{self, ModAction, Muted, Sanction, Sender},
    store::{self, LogEntry},
    targets, texts,
};
use crate::{
    kernel::{Ctx, HandlerResult, access::Acting, lang::lang_of},
    settings::ChatSettings,
    telegram::{
        HearthBot,
        command::Command,
        send::{Failure, classify, reply, retrying},
    },
};

/// `/mute` (admins and community moderators, the latter for at most
/// `member_mod_mute`).
pub(super) async fn mute_cmd(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    msg: Message,
    cmd: Command,
    acting: Acting,
) -> HandlerResult {
    command(&bot, &ctx, &msg, &cmd, Sanction::Mute, acting).await
}

pub(super) async fn ban_cmd(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    command(&bot, &ctx, &msg, &cmd, Sanction::Ban, Acting::Admin).await
}

pub(super) async fn kick_cmd(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    command(&bot, &ctx, &msg, &cmd, Sanction::Kick, Acting::Admin).await
}

pub(super) async fn unmute_cmd(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    command(&bot, &ctx, &msg, &cmd, Sanction::Unmute, Acting::Admin).await
}

pub(super) async fn unban_cmd(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    command(&bot, &ctx, &msg, &cmd, Sanction::Unban, Acting::Admin).await
}

/// `/mute|/ban [duration] [reason]`, `/kick|/unmute|/unban [reason]`, about
/// the member replied to or named: done on Telegram, logged, announced.
/// One `acting` as a community moderator mutes within `moderator_mute`.
async fn command(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    cmd: &Command,
    sanction: Sanction,
    acting: Acting,
) -> HandlerResult {
    let Some(target) = targets::of_command(bot, ctx, msg, cmd, acting).await? else { return Ok(()) };
    let lang = lang_of(ctx, msg).await;
    let (duration, reason) = if sanction.timed() {
        match logic::split_duration(&target.rest) {
            Ok(parsed) => parsed,
            Err(_) => {
                reply(bot, msg, ModError::BadDuration.text(lang)).await?;
                return Ok(());
            }
        }
    } else {
        (None, target.rest.clone())
    };
    let duration = match moderator_duration(ctx, msg.chat.id, acting, duration).await? {
        Ok(duration) => duration,
        Err(err) => {
            reply(bot, msg, err.text(lang)).await?;
            return Ok(());
        }
    };
    let until = duration.map(|d| msg.date + d);
    if let Err(err) = impose(ctx, msg.chat.id, target.id.into(), sanction, until).await {
        reply(bot, msg, err.text(lang)).await?;
        return Ok(());
    }
    let reason = logic::clean_reason(&reason);
    let by = targets::sender(msg);
    let entry = LogEntry {
        reason: reason.as_deref(),
        until,
        by_moderator: acting.is_community_moderator(),
        ..log::entry(msg, sanction.action(), target.id.into(), by)
    };
    log::record(ctx, &entry).await?;
    let shown = reason.as_deref().filter(|_| sanction.shows_reason());
    reply(bot, msg, texts::with_reason(lang, texts::sanctioned(lang, sanction, &target.name, until), shown))
        .await?;
    Ok(())
}

/// The duration of a sanction asked by one `acting` so: as asked for an
/// admin; for a community moderator within `member_mod_mute`
/// (`logic::moderator_mute`), refused past it.
async fn moderator_duration(
    ctx: &Ctx,
    chat: ChatId,
    acting: Acting,
    asked: Option<Duration>,
) -> anyhow::Result<Result<Option<Duration>, ModError>> {
    if !acting.is_community_moderator() {
        return Ok(Ok(asked));
    }
    let max = member_mod_mute(&*ctx.chat_settings(chat.0).await?);
    Ok(logic::moderator_mute(asked, max).map(Some).map_err(ModError::MuteTooLong))
}

/// The longest mute a community moderator may give (`member_mod_mute`).
pub(super) fn member_mod_mute(settings: &ChatSettings) -> Duration {
    settings.duration("member_mod_mute").unwrap_or_else(|| Duration::hours(1))
}

/// Until when an automatic sanction (the warning ladder's, a filter's, a
/// report button's) holds: a mute lasts `warn_mute`; the others hold for good.
pub(super) fn standard_until(
    settings: &ChatSettings,
    sanction: Sanction,
    at: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    match sanction {
        Sanction::Mute => settings.duration("warn_mute").map(|d| at + d),
        _ => None,
    }
}

/// Does `sanction` on Telegram; `until` bounds a mute or a ban (none: for good).
pub(super) async fn impose(
    ctx: &Ctx,
    chat: ChatId,
    target: Sender,
    sanction: Sanction,
    until: Option<DateTime<Utc>>,
) -> Result<(), ModError> {
    let user = match target {
        Sender::User(user) => user,
        Sender::Chat(sender) => return impose_on_chat(ctx, chat, sender, sanction, until).await,
    };
    match sanction {
        Sanction::Mute => mute(ctx, chat, user, until).await,
        Sanction::Ban => ban(ctx, chat, user, until).await,
        // Ban then unban: removed, free to come back.
        Sanction::Kick => {
            ban(ctx, chat, user, None).await?;
            unban(&ctx.bot, chat, user).await
        }
        Sanction::Unmute => unmute(&ctx.bot, chat, user).await,
        Sanction::Unban => unban(&ctx.bot, chat, user).await,
    }
}

/// A sanction on a chat speaking in the group (a channel): Telegram cannot
/// restrict a chat, so its mute is moderation's own — logged, its posts
/// removed while it holds (`channels`); a ban is banChatSenderChat (for good:
/// Telegram takes no end for it), a kick a ban then an unban.
async fn impose_on_chat(
    ctx: &Ctx,
    chat: ChatId,
    sender: ChatId,
    sanction: Sanction,
    until: Option<DateTime<Utc>>,
) -> Result<(), ModError> {
    let bot = &ctx.bot;
    let ban = || async {
        retrying(|| bot.ban_chat_sender_chat(chat, sender).send())
            .await
            .map(drop)
            .map_err(|e| ModError::from_request(&e, Right::Ban))
    };
    let unban = || async {
        retrying(|| bot.unban_chat_sender_chat(chat, sender).send())
            .await
            .map(drop)
            .map_err(|e| ModError::from_request(&e, Right::Ban))
    };
    match sanction {
        Sanction::Mute => check_until(ctx, chat, Sender::Chat(sender), until),
        Sanction::Unmute => Ok(()),
        Sanction::Ban => ban().await,
        Sanction::Kick => {
            ban().await?;
            unban().await
        }
        Sanction::Unban => unban().await,
    }
}

/// Whether `user` is muted in `chat` at `now` by moderation — an admin's
/// /mute, a filter's, antiflood's, the warning ladder's, a report's — and
/// until when. A mute that ends within Telegram's 30 s margin counts as over
/// (restricting again until then would make it permanent).
pub async fn active_mute(
    ctx: &Ctx,
    chat: ChatId,
    user: UserId,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<Muted>> {
    mute_in_force(ctx, chat, user.into(), now).await
}

/// Lifts a hold another room put on a member (the rules gate, a raid) —
/// only the hold: a mute in force stays. The inner `Ok` says which mute
/// stayed; the inner `Err` is Telegram refusing.
pub async fn lift_hold(
    bot: &HearthBot,
    ctx: &Ctx,
    chat: ChatId,
    user: UserId,
    now: DateTime<Utc>,
) -> sqlx::Result<Result<Option<Muted>, teloxide::RequestError>> {
    let mute = active_mute(ctx, chat, user, now).await?;
    let lifted = match mute {
        None => {
            retrying(|| bot.restrict_chat_member(chat, user, ChatPermissions::all()).send()).await.map(drop)
        }
        // The hold had no end: restricted again until the mute's.
        Some(Muted::Until(until)) => retrying(|| {
            bot.restrict_chat_member(chat, user, ChatPermissions::empty()).until_date(until).send()
        })
        .await
        .map(drop),
        // Restricted for good by the hold and by the mute alike.
        Some(Muted::Forever) => Ok(()),
    };
    Ok(lifted.map(|()| mute))
}

/// `active_mute` for anyone moderation acts on (a channel too).
pub(super) async fn mute_in_force(
    ctx: &Ctx,
    chat: ChatId,
    target: Sender,
    now: DateTime<Utc>,
) -> sqlx::Result<Option<Muted>> {
    Ok(match store::last_restriction(&ctx.db, chat, target).await? {
        Some((ModAction::Mute, None)) => Some(Muted::Forever),
        Some((ModAction::Mute, Some(until))) if until > now + Duration::seconds(UNTIL_MARGIN_SECS) => {
            Some(Muted::Until(until))
        }
        _ => None,
    })
}

/// Telegram takes an until_date less than 30 s ahead as "forever".
const UNTIL_MARGIN_SECS: i64 = 35;

/// `Err` when a timed restriction would already be over (or within Telegram's
/// 30 s) by the time it reaches Telegram: sent, it would become permanent.
///
/// The one place a handler reads the wall clock: `until` comes from the
/// update's date, and an update handled late (a replay, a backlog) can carry
/// an `until` that is past. `ctx.clock` is the wall clock (`Utc::now()`) in
/// production and the tests' manual clock under test.
fn check_until(
    ctx: &Ctx,
    chat: ChatId,
    target: Sender,
    until: Option<DateTime<Utc>>,
) -> Result<(), ModError> {
    let Some(until) = until else { return Ok(()) };
    let now = ctx.clock.now();
    if until <= now + Duration::seconds(UNTIL_MARGIN_SECS) {
        let target = target.raw();
        tracing::info!(chat_id = chat.0, target, %until, %now, "a restriction already over is not applied");
        return Err(ModError::AlreadyOver(until));
    }
    Ok(())
}

async fn mute(ctx: &Ctx, chat: ChatId, user: UserId, until: Option<DateTime<Utc>>) -> Result<(), ModError> {
    check_until(ctx, chat, user.into(), until)?;
    let bot = &ctx.bot;
    let res = retrying(|| {
        let mut req = bot.restrict_chat_member(chat, user, ChatPermissions::empty());
        if let Some(until) = until {
            req = req.until_date(until);
        }
        req.send()
    })
    .await;
    res.map(drop).map_err(|e| ModError::from_request(&e, Right::Restrict))
}

async fn unmute(bot: &HearthBot, chat: ChatId, user: UserId) -> Result<(), ModError> {
    retrying(|| bot.restrict_chat_member(chat, user, ChatPermissions::all()).send())
        .await
        .map(drop)
        .map_err(|e| ModError::from_request(&e, Right::Restrict))
}

async fn ban(ctx: &Ctx, chat: ChatId, user: UserId, until: Option<DateTime<Utc>>) -> Result<(), ModError> {
    check_until(ctx, chat, user.into(), until)?;
    let bot = &ctx.bot;
    let res = retrying(|| {
        let mut req = bot.ban_chat_member(chat, user);
        if let Some(until) = until {
            req = req.until_date(until);
        }
        req.send()
    })
    .await;
    res.map(drop).map_err(|e| ModError::from_request(&e, Right::Ban))
}

async fn unban(bot: &HearthBot, chat: ChatId, user: UserId) -> Result<(), ModError> {
    retrying(|| bot.unban_chat_member(chat, user).only_if_banned(true).send())
        .await
        .map(drop)
        .map_err(|e| ModError::from_request(&e, Right::Ban))
}

/// Deletes a message; one already gone counts as deleted.
pub(super) async fn delete(bot: &HearthBot, chat: ChatId, message: MessageId) -> Result<(), ModError> {
    match retrying(|| bot.delete_message(chat, message).send()).await {
        Ok(_) => Ok(()),
        Err(err) => match classify(&err) {
            Failure::MessageGone if err.to_string().contains("not found") => Ok(()),
            Failure::NoRights | Failure::MessageGone => Err(ModError::NoRights(Right::Delete)),
            _ => Err(ModError::Refused(err.to_string())),
        },
    }
}
