//! `/invite`: a member's personal way into a chat — the invite link the bot
//! made for them (or, where it may not make links, its deep link with their
//! code) — sent to their DM, or in reply when the DM is closed.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyMarkup},
};

use super::{buttons::ReferralButton, logic, store};
use crate::{
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult,
        deep_link::StartPayload,
        lang::{chat_lang, lang_of, user_lang},
        members, notify, toast,
    },
    t,
    telegram::{
        HearthBot,
        callback::Button,
        html,
        send::{reply, reply_markup, retrying},
    },
};

/// A member's way in: their invite link, or (where the bot may not make
/// links) the bot's deep link with their code.
enum Invite {
    Link(String),
    DeepLink(String),
}

fn deep_link(ctx: &Ctx, chat: ChatId, user: UserId) -> String {
    StartPayload::Referral { code: logic::encode_code(chat.0, user.0 as i64) }.url(ctx)
}

/// The stored link, or a new one from createChatInviteLink (named
/// `ref <user id>`); the deep link when Telegram says no.
async fn invite_for(
    bot: &HearthBot,
    ctx: &Ctx,
    chat: ChatId,
    user: UserId,
    at: DateTime<Utc>,
) -> anyhow::Result<Invite> {
    if let Some(url) = store::link(&ctx.db, chat, user).await? {
        return Ok(Invite::Link(url));
    }
    let name = logic::invite_link_name(user.0 as i64);
    match retrying(|| bot.create_chat_invite_link(chat).name(name.clone()).send()).await {
        Ok(link) => {
            let url = store::save_link(&ctx.db, chat, user, &link.invite_link, &name, at).await?;
            Ok(Invite::Link(url))
        }
        Err(err) => {
            tracing::warn!(chat_id = chat.0, user_id = user.0, %err, "cannot create an invite link; giving the deep link");
            Ok(Invite::DeepLink(deep_link(ctx, chat, user)))
        }
    }
}

/// Where the link goes: the member's DM, or a reply to their command.
enum Deliver<'a> {
    Dm,
    Group(&'a Message),
}

async fn deliver_invite(
    bot: &HearthBot,
    ctx: &Ctx,
    chat: ChatId,
    user: UserId,
    to: Deliver<'_>,
    at: DateTime<Utc>,
) -> HandlerResult {
    let invite = invite_for(bot, ctx, chat, user, at).await?;
    let counts = store::counts(&ctx.db, chat, user).await?;
    let title = html::escape(&members::chat_title(&ctx.db, chat.0).await?.unwrap_or_default());
    let text = |lang: Lang| {
        let body = match &invite {
            Invite::Link(url) => t!(lang, "ref-invite-link", chat = title.clone(), url = html::escape(url)),
            Invite::DeepLink(url) => {
                t!(lang, "ref-invite-deeplink", chat = title.clone(), url = html::escape(url))
            }
        };
        let stats = t!(lang, "ref-invite-stats", joined = counts.invited, qualified = counts.qualified);
        format!("{body}\n\n{stats}")
    };
    let user_id = user.0 as i64;
    let dm_lang = user_lang(ctx, user_id).await;
    match to {
        Deliver::Dm => {
            notify::dm(bot, ctx, user_id, text(dm_lang), None).await?;
        }
        Deliver::Group(msg) => {
            let sent = members::dm_open(&ctx.db, user_id).await?
                && notify::dm(bot, ctx, user_id, text(dm_lang), None).await?;
            if !sent {
                reply(bot, msg, text(chat_lang(ctx, chat.0).await)).await?;
            }
        }
    }
    Ok(())
}

/// `/invite`: in a group, the member's link for it (to their DM when open);
/// in a DM, the bot asks which chat.
pub async fn invite(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let Some(user) = msg.from.as_ref().filter(|u| !u.is_bot) else { return Ok(()) };
    if !msg.chat.is_private() {
        if msg.sender_chat.is_some() {
            return Ok(());
        }
        return deliver_invite(&bot, &ctx, msg.chat.id, user.id, Deliver::Group(&msg), msg.date).await;
    }
    let lang = lang_of(&ctx, &msg).await;
    let chats = members::shared_chats(&ctx.db, user.id.0 as i64).await?;
    match chats.as_slice() {
        [] => {
            reply(&bot, &msg, t!(lang, "ref-invite-no-chats")).await?;
        }
        [(chat_id, _)] => {
            deliver_invite(&bot, &ctx, ChatId(*chat_id), user.id, Deliver::Dm, msg.date).await?;
        }
        many => {
            let rows = many.iter().map(|(chat_id, title)| {
                let data = ReferralButton::PickChat { chat_id: *chat_id }.encode();
                vec![InlineKeyboardButton::callback(html::truncate(title, 60), data)]
            });
            let markup = ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new(rows));
            reply_markup(&bot, &msg, t!(lang, "ref-invite-pick"), Some(markup)).await?;
        }
    }
    Ok(())
}

/// A chat button under "which chat?" in the DM.
pub async fn on_pick(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    q: CallbackQuery,
    button: ReferralButton,
) -> HandlerResult {
    let ReferralButton::PickChat { chat_id } = button;
    if chat_id >= 0 || !members::is_present(&ctx.db, ChatId(chat_id), q.from.id).await? {
        return toast::stale(&bot, &ctx, &q).await;
    }
    toast::ack(&bot, &q).await?;
    deliver_invite(&bot, &ctx, ChatId(chat_id), q.from.id, Deliver::Dm, ctx.clock.now()).await
}
