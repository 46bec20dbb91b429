//! Raid mode itself: whether a chat is in it (the one answer onboarding
//! asks), the spike that starts it, holding each newcomer (restricted once,
//! counted in one message edited through the edit lane), and the end —
//! links restored, restrictions lifted, a summary. The open raid lives in
//! `raids` and is cached here; the join window is memory only.

use std::{collections::HashMap, sync::Mutex};

use chrono::{DateTime, Utc};
use teloxide::{
    payloads::EditChatInviteLinkSetters,
    prelude::*,
    requests::Request,
    types::{ChatPermissions, InlineKeyboardButton, InlineKeyboardMarkup, ReplyMarkup, UserId},
};

use super::{
    buttons::RaidButton,
    logic::SpikeWindow,
    store::{self, Raid},
    texts,
};
use crate::{
    db,
    features::{moderation, onboarding},
    kernel::{
        Ctx,
        lang::chat_lang,
        members::MemberEvent,
        notify,
        topics::{self, TopicKind},
    },
    t,
    telegram::{
        HearthBot,
        callback::Button,
        send::{Failure, classify, retrying, send},
    },
};

/// Per chat: the join window and the open raid (once read from the database).
#[derive(Default)]
pub struct State {
    chats: Mutex<HashMap<i64, ChatRaid>>,
}

#[derive(Default)]
struct ChatRaid {
    window: SpikeWindow,
    /// `None` until read; then the open raid, if any.
    open: Option<Option<OpenRaid>>,
}

#[derive(Debug, Clone, Copy)]
struct OpenRaid {
    raid_id: i64,
    /// The counted message in the group, once sent.
    notice: Option<i32>,
}

impl State {
    fn with<R>(&self, chat_id: i64, f: impl FnOnce(&mut ChatRaid) -> R) -> R {
        let mut chats = match self.chats.lock() {
            Ok(c) => c,
            Err(poisoned) => poisoned.into_inner(),
        };
        f(chats.entry(chat_id).or_default())
    }
}

/// The chat's open raid, from memory or (after a start) the database.
async fn current(ctx: &Ctx, chat_id: i64) -> sqlx::Result<Option<OpenRaid>> {
    let state = ctx.state::<State>();
    if let Some(known) = state.with(chat_id, |c| c.open) {
        return Ok(known);
    }
    let raid = store::open_raid(&ctx.db, ChatId(chat_id)).await?;
    let open = raid.map(|r| OpenRaid { raid_id: r.raid_id, notice: r.notice_message_id.map(|id| id as i32) });
    Ok(state.with(chat_id, |c| *c.open.get_or_insert(open)))
}

/// A newcomer: counted in the window; held when a raid is on or this join
/// makes a spike (which starts one). `true` when held.
pub async fn on_join(bot: &HearthBot, ctx: &Ctx, ev: &MemberEvent) -> anyhow::Result<bool> {
    let chat_id = ev.chat_id;
    let settings = ctx.chat_settings(chat_id).await?;
    let (joins, seconds) = (settings.int("raid_joins"), settings.int("raid_seconds"));
    let spike = ctx.state::<State>().with(chat_id, |c| c.window.on_join(ev.at, joins, seconds));
    let raid_id = match current(ctx, chat_id).await? {
        Some(open) => {
            if spike {
                store::spiked(&ctx.db, open.raid_id, ev.at).await?;
            }
            open.raid_id
        }
        None if spike => start(bot, ctx, chat_id, ev.at, None).await?.0,
        None => return Ok(false),
    };
    hold(bot, ctx, raid_id, ev).await?;
    Ok(true)
}

/// Starts raid mode (a spike, or an admin): the raid's id and whether this
/// call started it (else one was open already).
pub async fn start(
    bot: &HearthBot,
    ctx: &Ctx,
    chat_id: i64,
    at: DateTime<Utc>,
    by: Option<UserId>,
) -> anyhow::Result<(i64, bool)> {
    let chat = ChatId(chat_id);
    let Some(raid) = store::start(&ctx.db, chat, at, by).await? else {
        let raid = store::open_raid(&ctx.db, chat).await?.ok_or_else(|| anyhow::anyhow!("no open raid"))?;
        let open = OpenRaid { raid_id: raid.raid_id, notice: raid.notice_message_id.map(|id| id as i32) };
        ctx.state::<State>().with(chat_id, |c| c.open = Some(Some(open)));
        return Ok((raid.raid_id, false));
    };
    tracing::warn!(chat_id, raid_id = raid.raid_id, by = by.map(|u| u.0), "raid mode on");
    let open = OpenRaid { raid_id: raid.raid_id, notice: None };
    ctx.state::<State>().with(chat_id, |c| c.open = Some(Some(open)));
    pause_links(bot, ctx, &raid).await?;
    let lang = chat_lang(ctx, chat_id).await;
    // The admins first: a group notice that fails leaves them told.
    if store::claim_admins_told(&ctx.db, raid.raid_id, at).await? {
        let settings = ctx.chat_settings(chat_id).await?;
        let text = texts::admins_notice(ctx, lang, &raid, &settings).await;
        let end = RaidButton::End { raid_id: raid.raid_id }.encode();
        let markup =
            InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(t!(lang, "raid-button-end"), end)]]);
        let told =
            notify::notify_admins(bot, ctx, chat_id, &text, Some(ReplyMarkup::InlineKeyboard(markup))).await;
        if let Err(err) = told {
            tracing::warn!(chat_id, raid_id = raid.raid_id, error = %format!("{err:#}"), "could not tell the admins of a raid");
        }
    }
    let count = store::held_count(&ctx.db, raid.raid_id).await?;
    let sent = topics::post(bot, ctx, chat_id, TopicKind::Welcome, texts::notice(lang, count), None).await?;
    store::set_notice(&ctx.db, raid.raid_id, sent.id.0).await?;
    ctx.state::<State>().with(chat_id, |c| {
        if let Some(Some(open)) = c.open.as_mut()
            && open.raid_id == raid.raid_id
        {
            open.notice = Some(sent.id.0);
        }
    });
    // Newcomers held while the notice waited for a sending slot.
    refresh_notice(bot, ctx, chat_id).await?;
    Ok((raid.raid_id, true))
}

/// Holds a newcomer once: restricted (until the end) and counted.
async fn hold(bot: &HearthBot, ctx: &Ctx, raid_id: i64, ev: &MemberEvent) -> anyhow::Result<()> {
    let (chat, user) = (ChatId(ev.chat_id), ev.user.id);
    let name = match &ev.user.last_name {
        Some(last) => format!("{} {last}", ev.user.first_name),
        None => ev.user.first_name.clone(),
    };
    if store::hold(&ctx.db, raid_id, chat, user, &name, ev.at).await? {
        match retrying(|| bot.restrict_chat_member(chat, user, ChatPermissions::empty()).send()).await {
            Ok(_) => store::mark_restricted(&ctx.db, raid_id, user).await?,
            Err(err) => {
                tracing::warn!(chat_id = chat.0, user_id = user.0, %err, "cannot restrict a raid's newcomer");
                if classify(&err) == Failure::NoRights
                    && db::claim_once(&ctx.db, &format!("raid-norights:{raid_id}"), ev.at).await?
                {
                    let lang = chat_lang(ctx, chat.0).await;
                    notify::notify_admins(bot, ctx, chat.0, &t!(lang, "raid-no-rights"), None).await?;
                }
            }
        }
    }
    refresh_notice(bot, ctx, chat.0).await
}

/// The counted message, edited to the count (once it has an id).
async fn refresh_notice(bot: &HearthBot, ctx: &Ctx, chat_id: i64) -> anyhow::Result<()> {
    let Some(OpenRaid { raid_id, notice: Some(message_id) }) = current(ctx, chat_id).await? else {
        return Ok(());
    };
    let count = store::held_count(&ctx.db, raid_id).await?;
    let lang = chat_lang(ctx, chat_id).await;
    bot.edit_later(chat_id, message_id, texts::notice(lang, count), None);
    Ok(())
}

/// The bot's reusable invite links in the chat now ask for approval.
async fn pause_links(bot: &HearthBot, ctx: &Ctx, raid: &Raid) -> anyhow::Result<()> {
    let chat = ChatId(raid.chat_id);
    for (url, name) in store::bot_links(&ctx.db, chat).await? {
        if !store::add_link(&ctx.db, raid.raid_id, chat, &url, &name).await? {
            continue;
        }
        let edited = retrying(|| {
            bot.edit_chat_invite_link(chat, url.clone()).name(name.clone()).creates_join_request(true).send()
        })
        .await;
        match edited {
            Ok(_) => store::link_paused(&ctx.db, raid.raid_id, &url).await?,
            Err(err) => tracing::warn!(chat_id = chat.0, %err, "cannot pause an invite link for a raid"),
        }
    }
    Ok(())
}

/// Ends a raid (calm, `/raid off`, the button): `false` if it was over.
pub async fn end(
    bot: &HearthBot,
    ctx: &Ctx,
    raid: &Raid,
    by: Option<UserId>,
    at: DateTime<Utc>,
) -> anyhow::Result<bool> {
    if !store::claim_end(&ctx.db, raid.raid_id, at, by).await? {
        return Ok(false);
    }
    tracing::warn!(chat_id = raid.chat_id, raid_id = raid.raid_id, "raid mode off");
    ctx.state::<State>().with(raid.chat_id, |c| c.open = Some(None));
    let mut ended = raid.clone();
    ended.ended_by = by.map(|u| u.0 as i64);
    wind_up(bot, ctx, &ended, at).await?;
    Ok(true)
}

/// What an ended raid leaves to do, each step once: the links restored,
/// the held newcomers let in (not those banned or gone), the summary.
pub async fn wind_up(bot: &HearthBot, ctx: &Ctx, raid: &Raid, at: DateTime<Utc>) -> anyhow::Result<()> {
    let chat = ChatId(raid.chat_id);
    for (url, name) in store::links_to_restore(&ctx.db, raid.raid_id).await? {
        let edited = retrying(|| {
            bot.edit_chat_invite_link(chat, url.clone()).name(name.clone()).creates_join_request(false).send()
        })
        .await;
        if let Err(err) = edited {
            tracing::warn!(chat_id = chat.0, %err, "cannot restore an invite link after a raid");
        }
        store::link_restored(&ctx.db, raid.raid_id, &url, at).await?;
    }
    for held in store::to_release(&ctx.db, raid.raid_id).await? {
        let out = matches!(held.status.as_deref(), Some("kicked" | "left"));
        let user = UserId(held.user_id as u64);
        let mut owes_rules = false;
        if held.restricted && !out {
            // The rules gate takes over from the raid's hold where it is on.
            owes_rules = onboarding::gate_after_raid(ctx, chat, user, at).await?;
            if !owes_rules && let Err(err) = moderation::lift_hold(bot, ctx, chat, user, at).await? {
                tracing::warn!(chat_id = chat.0, user_id = held.user_id, %err, "cannot let a raid's newcomer in");
            }
        }
        store::released(&ctx.db, raid.raid_id, held.user_id, owes_rules, at).await?;
    }
    let lang = chat_lang(ctx, chat.0).await;
    let count = store::held_count(&ctx.db, raid.raid_id).await?;
    if let Some(id) = raid.notice_message_id {
        bot.edit_later(chat.0, id as i32, texts::notice_ended(lang, count), None);
    }
    // Claimed before it is sent: a crash loses the summary, never doubles it.
    store::finished(&ctx.db, raid.raid_id, at).await?;
    let settings = ctx.chat_settings(chat.0).await?;
    let (summary, owing) = texts::summary(ctx, lang, raid, &settings).await?;
    let markup = if owing > 0 {
        Some(ReplyMarkup::InlineKeyboard(onboarding::rules_markup(ctx, lang, chat.0).await?))
    } else {
        None
    };
    send(bot, chat.0, None, summary, markup).await?;
    Ok(())
}
