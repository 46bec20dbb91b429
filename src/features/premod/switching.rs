//! `/premod on|off` (admins): in a forum topic it applies to that topic, in
//! General or a chat without topics to the whole chat; `/premod` alone shows
//! where it is on and who is held.

use std::sync::Arc;

use teloxide::types::Message;

use super::{
    logic::{self, Switch, WHOLE_CHAT},
    screening::{forget_chat, places},
    store,
};
use crate::{
    i18n::{self, Lang},
    kernel::{Ctx, HandlerResult, lang::lang_of, notify},
    t,
    telegram::{HearthBot, command::Command, send::reply, send::thread_of},
};

pub async fn premod(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(switch) = Switch::parse(&cmd.args) else {
        reply(&bot, &msg, t!(lang, "premod-usage")).await?;
        return Ok(());
    };
    let Some(admin) = &msg.from else { return Ok(()) };
    let chat = msg.chat.id;
    let place = logic::place_of(thread_of(&msg).map(|t| t.0.0));
    let text = match switch {
        Switch::Show => state_text(&ctx, lang, &msg, place).await?,
        Switch::On => {
            if store::enable(&ctx.db, chat, place, admin.id, msg.date).await? {
                forget_chat(&ctx, chat.0);
                let mut text = if place == WHOLE_CHAT {
                    t!(lang, "premod-on-chat")
                } else {
                    t!(lang, "premod-on-topic")
                };
                text.push(' ');
                text.push_str(&level_line(&ctx, lang, chat.0).await?);
                if notify::log_chat(&ctx.db, chat.0).await?.is_none() {
                    text.push('\n');
                    text.push_str(&t!(lang, "premod-cards-by-dm"));
                }
                text
            } else {
                t!(lang, "premod-already-on")
            }
        }
        Switch::Off => {
            if store::disable(&ctx.db, chat, place).await? {
                forget_chat(&ctx, chat.0);
                if place == WHOLE_CHAT { t!(lang, "premod-off-chat") } else { t!(lang, "premod-off-topic") }
            } else if place != WHOLE_CHAT && places(&ctx, chat).await?.contains(&WHOLE_CHAT) {
                t!(lang, "premod-off-whole-chat-first")
            } else {
                t!(lang, "premod-already-off")
            }
        }
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}

/// Who is held: members below the chat's `premod_level`.
async fn level_line(ctx: &Ctx, lang: Lang, chat_id: i64) -> anyhow::Result<String> {
    let level = ctx.chat_settings(chat_id).await?.int("premod_level");
    let below = crate::features::trust::Level::ALL.iter().find(|l| i64::from(l.number()) == level);
    Ok(match below {
        Some(l) if level > 0 => {
            t!(lang, "premod-level", level = level, name = i18n::named(lang, "trust-level", l.as_str()))
        }
        _ => t!(lang, "premod-level-nobody"),
    })
}

async fn state_text(ctx: &Ctx, lang: Lang, msg: &Message, place: i64) -> anyhow::Result<String> {
    let places = places(ctx, msg.chat.id).await?;
    let topics = places.iter().filter(|p| **p != WHOLE_CHAT).count();
    let mut text = if places.contains(&WHOLE_CHAT) {
        t!(lang, "premod-state-chat")
    } else if place != WHOLE_CHAT && places.contains(&place) {
        t!(lang, "premod-state-topic", topics = topics)
    } else if topics > 0 {
        t!(lang, "premod-state-off-here", topics = topics)
    } else {
        t!(lang, "premod-state-off")
    };
    text.push(' ');
    text.push_str(&level_line(ctx, lang, msg.chat.id.0).await?);
    text.push('\n');
    text.push_str(&t!(lang, "premod-usage-short"));
    Ok(text)
}
