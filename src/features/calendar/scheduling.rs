//! `/schedule`: reads the request and adds a post (from the command's text,
//! or the replied-to message with its formatting and photo), a template, or
//! a new text; the list, pausing and resuming are `managing`'s.

use std::sync::Arc;

use teloxide::types::Message;

use super::{
    logic::{self, Recurrence, Request, Template},
    managing, store, texts,
};
use crate::{
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult,
        lang::lang_of,
        topics::{self, TopicKind},
    },
    t,
    telegram::{HearthBot, auth::AdminRight, command::Command, html, send::reply},
};

/// A post's content: HTML, and a photo (by Telegram's file id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    pub html: String,
    pub photo: Option<String>,
}

/// Why there is no post to schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    Empty,
    TooLong { len: usize, max: usize },
}

/// The post: `text` (its formatting kept) when given, with the replied-to message's
/// photo if it has one; else the replied-to message itself, its formatting
/// kept. Held to Telegram's limits (4096, or 1024 for a caption).
pub fn body_of(text: &str, msg: &Message) -> Result<Body, BodyError> {
    let replied = msg.reply_to_message();
    let photo = replied.and_then(|r| r.photo()).and_then(|sizes| sizes.last()).map(|p| p.file.id.0.clone());
    let html = match (text.trim(), replied) {
        ("", Some(r)) => html::message_html(r, 0),
        // The command's own text, with the formatting it was written in.
        (text, _) => match msg.text().map(str::trim_end) {
            Some(full) if full.ends_with(text) => {
                html::formatted(full, msg.entities().unwrap_or(&[]), full.len() - text.len())
            }
            _ => html::escape(text),
        },
    };
    check_body(Body { html, photo })
}

pub fn check_body(body: Body) -> Result<Body, BodyError> {
    if body.photo.is_none() && html::to_plain(&body.html).trim().is_empty() {
        return Err(BodyError::Empty);
    }
    let max = if body.photo.is_some() { html::MAX_CAPTION } else { html::MAX_TEXT };
    let len = html::visible_len(&body.html);
    if len > max {
        return Err(BodyError::TooLong { len, max });
    }
    Ok(body)
}

pub fn body_error(lang: Lang, err: BodyError) -> String {
    match err {
        BodyError::Empty => texts::with_usage(lang, Some(t!(lang, "calendar-empty"))),
        BodyError::TooLong { len, max } => t!(lang, "calendar-too-long", len = len, max = max),
    }
}

/// `/schedule …` (see `logic::parse_request` for the forms).
pub async fn schedule(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let request = match logic::parse_request(&cmd.args) {
        Ok(r) => r,
        Err(err) => {
            reply(&bot, &msg, texts::parse_error(lang, &err)).await?;
            return Ok(());
        }
    };
    match request {
        Request::List => managing::list(&bot, &ctx, &msg, lang).await,
        Request::Templates => managing::templates(&bot, &msg, lang).await,
        Request::Pause(n) => managing::pause(&bot, &ctx, &msg, lang, n, true).await,
        Request::Resume(n) => managing::pause(&bot, &ctx, &msg, lang, n, false).await,
        Request::Edit { number, text } => edit(&bot, &ctx, &msg, lang, number, &text).await,
        Request::Add { pin, when, text } => {
            let body = match body_of(&text, &msg) {
                Ok(body) => body,
                Err(err) => {
                    reply(&bot, &msg, body_error(lang, err)).await?;
                    return Ok(());
                }
            };
            add(&bot, &ctx, &msg, lang, Adding { pin, when, template: None, body: Some(body) }).await
        }
        Request::Template { pin, template, when } => {
            let Some(when) = when.or_else(|| Recurrence::from_canonical(template.recurrence)) else {
                anyhow::bail!("template {} has a bad recurrence", template.key);
            };
            add(&bot, &ctx, &msg, lang, Adding { pin, when, template: Some(template), body: None }).await
        }
    }
}

struct Adding {
    pin: bool,
    when: Recurrence,
    template: Option<&'static Template>,
    body: Option<Body>,
}

async fn add(bot: &HearthBot, ctx: &Ctx, msg: &Message, lang: Lang, adding: Adding) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    let tz = ctx.chat_settings(chat_id).await?.timezone();
    if let Some(problem) = adding.when.local_time_problem(tz) {
        reply(bot, msg, texts::local_time_problem(lang, &adding.when, problem, tz)).await?;
        return Ok(());
    }
    // The command's date, not the wall clock: a replayed command means what it meant.
    let Some(next) = adding.when.next_after(tz, msg.date) else {
        let text = t!(lang, "calendar-past", when = texts::describe(lang, &adding.when), tz = tz.name());
        reply(bot, msg, text).await?;
        return Ok(());
    };
    if store::active_count(&ctx.db, chat_id).await? >= logic::MAX_SCHEDULES {
        reply(bot, msg, t!(lang, "calendar-too-many", max = logic::MAX_SCHEDULES)).await?;
        return Ok(());
    }
    let recurrence = adding.when.canonical();
    let schedule = store::create(
        &ctx.db,
        &store::NewSchedule {
            chat_id,
            recurrence: &recurrence,
            template: adding.template.map(|t| t.key),
            body_html: adding.body.as_ref().map(|b| b.html.as_str()),
            photo_file_id: adding.body.as_ref().and_then(|b| b.photo.as_deref()),
            pin: adding.pin,
            next_at: next,
            source_message_id: msg.id.0,
            created_by: msg.from.as_ref().map_or(0, |u| u.id.0 as i64),
            at: msg.date,
        },
    )
    .await?;
    let mut out = vec![t!(
        lang,
        "calendar-scheduled",
        number = schedule.number,
        recurrence = texts::describe(lang, &adding.when),
        next = texts::local(schedule.next_at().unwrap_or(next), tz, lang),
        tz = tz.name()
    )];
    out.extend(placement_notes(bot, ctx, chat_id, lang, schedule.pin).await);
    reply(bot, msg, out.join("\n")).await?;
    Ok(())
}

/// Where the posts go (the rubric topic) and whether the bot can pin them.
async fn placement_notes(bot: &HearthBot, ctx: &Ctx, chat_id: i64, lang: Lang, pin: bool) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(thread) = topics::thread_for(ctx, chat_id, TopicKind::Rubric).await {
        notes.push(t!(lang, "calendar-in-topic", thread = thread.0.0));
    }
    if pin {
        if ctx.admins.has_right(bot, chat_id, ctx.bot_id(), AdminRight::PinMessages).await {
            notes.push(t!(lang, "calendar-pin-note"));
        } else {
            notes.push(t!(lang, "calendar-pin-missing"));
        }
    }
    notes
}

/// `/schedule edit <n> <text>` (or in reply to the new post): the post's new
/// content; a template's text becomes the schedule's own.
async fn edit(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    lang: Lang,
    number: i64,
    text: &str,
) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    let Some(schedule) = store::by_number(&ctx.db, chat_id, number).await? else {
        reply(bot, msg, t!(lang, "calendar-not-found", number = number)).await?;
        return Ok(());
    };
    let body = body_of(text, msg).and_then(|b| {
        // A new text keeps the schedule's photo (as its caption).
        check_body(Body { photo: b.photo.or(schedule.photo_file_id.clone()), ..b })
    });
    let body = match body {
        Ok(body) => body,
        Err(err) => {
            reply(bot, msg, body_error(lang, err)).await?;
            return Ok(());
        }
    };
    store::set_body(&ctx.db, schedule.schedule_id, &body.html, body.photo.as_deref()).await?;
    let tz = ctx.chat_settings(chat_id).await?.timezone();
    let next =
        schedule.next_at().map(|t| texts::local(t, tz, lang)).unwrap_or_else(|| t!(lang, "calendar-no-next"));
    reply(
        bot,
        msg,
        t!(lang, "calendar-edited", number = number, next = next, preview = texts::preview(&body.html)),
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_post_fits_telegrams_limits_and_is_not_empty() {
        let text = |html: &str| Body { html: html.to_owned(), photo: None };
        let photo = |html: &str| Body { html: html.to_owned(), photo: Some("id".into()) };
        assert_eq!(check_body(text("  ")), Err(BodyError::Empty));
        assert_eq!(check_body(text("<b> </b>")), Err(BodyError::Empty));
        assert!(check_body(photo("")).is_ok(), "a photo alone is a post");
        let long = "я".repeat(4096);
        assert!(check_body(text(&format!("<b>{long}</b>"))).is_ok(), "tags do not count");
        assert_eq!(check_body(text(&format!("{long}!"))), Err(BodyError::TooLong { len: 4097, max: 4096 }));
        assert_eq!(check_body(text(&"&amp;".repeat(4097))), Err(BodyError::TooLong { len: 4097, max: 4096 }));
        assert_eq!(check_body(photo(&"x".repeat(1025))), Err(BodyError::TooLong { len: 1025, max: 1024 }));
        assert_eq!(
            check_body(text("😀".repeat(2049).as_str())),
            Err(BodyError::TooLong { len: 4098, max: 4096 })
        );
    }
}
