//! The chat's scheduled posts: the list (`/schedule`), the templates
//! (`/schedule templates`), pausing and resuming, and `/unschedule`.

use std::sync::Arc;

use teloxide::types::Message;

use super::{
    logic::{self, Recurrence, TEMPLATES},
    store::{self, Schedule},
    texts,
};
use crate::{
    i18n::Lang,
    kernel::{Ctx, HandlerResult, lang::lang_of},
    t,
    telegram::{HearthBot, command::Command, html, send::reply},
};

/// What a schedule posts, as HTML: its own text, or its template's in `lang`.
pub fn body_html(schedule: &Schedule, lang: Lang) -> String {
    match (&schedule.body_html, schedule.template.as_deref().and_then(logic::template)) {
        (Some(html), _) => html.clone(),
        (None, Some(template)) => crate::i18n::text(lang, template.text_key, None),
        (None, None) => String::new(),
    }
}

/// `/schedule`: every scheduled post, numbered, with its next occurrence in
/// the chat's time zone.
pub async fn list(bot: &HearthBot, ctx: &Ctx, msg: &Message, lang: Lang) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    let schedules = store::list(&ctx.db, chat_id).await?;
    if schedules.is_empty() {
        reply(bot, msg, texts::with_usage(lang, Some(t!(lang, "calendar-list-empty")))).await?;
        return Ok(());
    }
    let tz = ctx.chat_settings(chat_id).await?.timezone();
    let rows: Vec<String> = schedules
        .iter()
        .map(|s| {
            let recurrence = Recurrence::from_canonical(&s.recurrence)
                .map(|r| texts::describe(lang, &r))
                .unwrap_or_else(|| html::escape(&s.recurrence));
            let next = s
                .next_at()
                .map(|t| texts::local(t, tz, lang))
                .unwrap_or_else(|| t!(lang, "calendar-no-next"));
            let mut flags = Vec::new();
            if s.paused {
                flags.push(t!(lang, "calendar-flag-paused"));
            }
            if s.pin {
                flags.push(t!(lang, "calendar-flag-pin"));
            }
            if s.photo_file_id.is_some() {
                flags.push(t!(lang, "calendar-flag-photo"));
            }
            if let Some(template) = &s.template {
                flags.push(html::escape(template));
            }
            let flags = if flags.is_empty() { String::new() } else { format!(" · {}", flags.join(" · ")) };
            t!(
                lang,
                "calendar-list-row",
                number = s.number,
                recurrence = recurrence,
                next = next,
                flags = flags,
                preview = texts::preview(&body_html(s, lang))
            )
        })
        .collect();
    let header = t!(lang, "calendar-list-header", tz = tz.name());
    let mut text = html::fit_lines(&header, &rows, |n| t!(lang, "calendar-list-more", count = n));
    text.push_str("\n\n");
    text.push_str(&t!(lang, "calendar-list-hint"));
    reply(bot, msg, text).await?;
    Ok(())
}

/// `/schedule templates`: the built-in rubrics with their default recurrence.
pub async fn templates(bot: &HearthBot, msg: &Message, lang: Lang) -> HandlerResult {
    let mut out = vec![t!(lang, "calendar-templates-header")];
    for template in TEMPLATES {
        let recurrence = Recurrence::from_canonical(template.recurrence)
            .map(|r| texts::describe(lang, &r))
            .unwrap_or_default();
        let preview = texts::preview(&crate::i18n::text(lang, template.text_key, None));
        out.push(t!(
            lang,
            "calendar-template-row",
            key = template.key,
            recurrence = recurrence,
            preview = preview
        ));
    }
    out.push(String::new());
    out.push(t!(lang, "calendar-templates-hint"));
    reply(bot, msg, out.join("\n")).await?;
    Ok(())
}

/// `/schedule pause <n>` and `/schedule resume <n>`. A resumed schedule
/// goes on from the command's date (what fell due meanwhile is not posted).
pub async fn pause(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    lang: Lang,
    number: i64,
    paused: bool,
) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    let Some(schedule) = store::by_number(&ctx.db, chat_id, number).await? else {
        reply(bot, msg, t!(lang, "calendar-not-found", number = number)).await?;
        return Ok(());
    };
    let tz = ctx.chat_settings(chat_id).await?.timezone();
    let text = match (paused, schedule.paused) {
        (true, true) => t!(lang, "calendar-already-paused", number = number),
        (false, false) => t!(lang, "calendar-not-paused", number = number),
        (true, false) => {
            store::pause(&ctx.db, schedule.schedule_id).await?;
            t!(lang, "calendar-paused", number = number)
        }
        (false, true) => {
            let next =
                Recurrence::from_canonical(&schedule.recurrence).and_then(|r| r.next_after(tz, msg.date));
            store::resume(&ctx.db, schedule.schedule_id, next).await?;
            match next {
                Some(next) => {
                    t!(lang, "calendar-resumed", number = number, next = texts::local(next, tz, lang))
                }
                None => t!(lang, "calendar-resumed-past", number = number),
            }
        }
    };
    reply(bot, msg, text).await?;
    Ok(())
}

/// `/unschedule <n>`.
pub async fn unschedule(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Ok(number) = logic::parse_number(&cmd.args) else {
        reply(&bot, &msg, t!(lang, "calendar-unschedule-usage")).await?;
        return Ok(());
    };
    let text = if store::remove(&ctx.db, msg.chat.id.0, number, msg.date).await? {
        t!(lang, "calendar-removed", number = number)
    } else {
        t!(lang, "calendar-not-found", number = number)
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}
