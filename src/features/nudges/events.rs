//! Events: `/addevent` and `/delevent` (admins) and `/events`; the Second
//! nudge offers the upcoming ones.

use std::sync::Arc;

use chrono_tz::Tz;
use teloxide::types::Message;

use super::{
    chat,
    logic::{self, EventError},
    store,
};
use crate::{
    db::{self, parse_ts},
    i18n::Lang,
    kernel::{Ctx, HandlerResult, lang::lang_of},
    t,
    telegram::{HearthBot, command::Command, html, send::reply},
};

/// Upcoming events a chat may have.
const MAX_EVENTS: usize = 50;

/// An event's start in the chat's time zone ("—" if unreadable).
pub(super) fn event_when(starts_at: &str, tz: Tz) -> String {
    parse_ts(starts_at)
        .map(|d| d.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "—".to_owned())
}

fn event_error(lang: Lang, err: &EventError) -> String {
    match err {
        EventError::Usage => t!(lang, "event-usage"),
        EventError::BadDate => t!(lang, "event-bad-date"),
        EventError::Past => t!(lang, "event-past"),
        EventError::TitleTooLong => t!(lang, "event-title-too-long", max = logic::MAX_EVENT_TITLE),
    }
}

/// `/addevent <YYYY-MM-DD> [HH:MM] <title>` (admin; time in the chat's time zone).
pub async fn add_event(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    let tz = chat::timezone(&*ctx.chat_settings(chat_id).await?);
    match logic::parse_event(&cmd.args, tz, msg.date) {
        Ok((at, title)) => {
            // This very command, delivered again: its event is there.
            if store::event_added_by(&ctx.db, chat_id, msg.id.0).await? {
                return Ok(());
            }
            if store::upcoming(&ctx.db, chat_id, msg.date, MAX_EVENTS as i64 + 1).await?.len() >= MAX_EVENTS {
                reply(&bot, &msg, t!(lang, "event-full", max = MAX_EVENTS)).await?;
                return Ok(());
            }
            let by = msg.from.as_ref().map(|u| u.id);
            let Some(id) = store::add_event(&ctx.db, msg.chat.id, at, &title, by, msg.date, msg.id.0).await?
            else {
                return Ok(());
            };
            let when = event_when(&db::ts(at), tz);
            reply(&bot, &msg, t!(lang, "event-added", id = id, when = when, title = html::escape(&title)))
                .await?;
        }
        Err(err) => {
            reply(&bot, &msg, event_error(lang, &err)).await?;
        }
    }
    Ok(())
}

/// `/events`: the upcoming events.
pub async fn list_events(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    let tz = chat::timezone(&*ctx.chat_settings(chat_id).await?);
    let events = store::upcoming(&ctx.db, chat_id, msg.date, 20).await?;
    if events.is_empty() {
        reply(&bot, &msg, t!(lang, "events-none")).await?;
        return Ok(());
    }
    let lines: Vec<String> = events
        .iter()
        .map(|e| format!("#{} · {} — {}", e.event_id, event_when(&e.starts_at, tz), html::escape(&e.title)))
        .collect();
    let text = html::fit_lines(&t!(lang, "events-header"), &lines, |n| t!(lang, "list-more", count = n));
    reply(&bot, &msg, text).await?;
    Ok(())
}

/// `/delevent <number>` (admin).
pub async fn del_event(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let id = cmd.args.trim().trim_start_matches('#').parse::<i64>().ok();
    let text = match id {
        Some(id) if store::delete_event(&ctx.db, msg.chat.id, id).await? => {
            t!(lang, "event-deleted", id = id)
        }
        _ => t!(lang, "event-not-found", id = html::escape(&html::truncate(cmd.args.trim(), 20))),
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}
