//! The board as lists: `/ideas` (top, new, planned, done) and the weekly
//! digest's "taken up this week" section.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::types::Message;

use super::{logic::ListFilter, store, texts::status_name};
use crate::{
    i18n::Lang,
    kernel::{Ctx, HandlerResult, format, lang::lang_of},
    t,
    telegram::{HearthBot, command::Command, html, send::reply},
};

/// How many ideas `/ideas` lists.
const LIST_LIMIT: i64 = 10;

/// `/ideas [top|new|planned|done]`.
pub async fn list(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(filter) = ListFilter::parse_arg(&cmd.args) else {
        reply(&bot, &msg, t!(lang, "ideas-usage")).await?;
        return Ok(());
    };
    let rows = store::list(&ctx.db, msg.chat.id.0, filter, LIST_LIMIT).await?;
    let header = match filter {
        ListFilter::Top => t!(lang, "ideas-header-top"),
        ListFilter::New => t!(lang, "ideas-header-new"),
        ListFilter::Planned => t!(lang, "ideas-header-planned"),
        ListFilter::Done => t!(lang, "ideas-header-done"),
    };
    if rows.is_empty() {
        reply(&bot, &msg, format!("{header}\n{}", t!(lang, "ideas-empty"))).await?;
        return Ok(());
    }
    let lines: Vec<String> = rows
        .iter()
        .map(|(idea, tally)| {
            t!(
                lang,
                "ideas-row",
                number = idea.number,
                text = html::escape(&html::truncate(&idea.text, 80)),
                score = format::signed(tally.score()),
                status = status_name(lang, idea.status())
            )
        })
        .collect();
    let text = html::fit_lines(&header, &lines, |n| t!(lang, "list-more", count = n));
    reply(&bot, &msg, text).await?;
    Ok(())
}

/// The weekly digest's "taken up this week" section (empty when none were).
pub async fn digest_lines(
    ctx: &Ctx,
    chat_id: i64,
    lang: Lang,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> anyhow::Result<Vec<String>> {
    let ideas = store::taken_up_between(&ctx.db, chat_id, since, until).await?;
    if ideas.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = vec![t!(lang, "idea-digest-header", count = ideas.len())];
    for idea in &ideas {
        out.push(t!(
            lang,
            "idea-digest-row",
            number = idea.number,
            text = html::escape(&html::truncate(&idea.text, 80)),
            status = status_name(lang, idea.status())
        ));
    }
    Ok(out)
}
