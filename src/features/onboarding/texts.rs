//! The community's texts, set by its admins: the rules (`/rules`,
//! `/setrules`), the welcome template (`/setwelcome`, `/resetwelcome`), the
//! welcome's links (`/addlink`, `/dellink`, `/links`) and the introduction's
//! goals (`/setgoals`).

use std::sync::Arc;

use teloxide::types::Message;

use super::{
    logic::{self, LinkError, ResourceLink, TemplateError, TemplateValues, WelcomeTemplate},
    names::chat_title,
    store,
};
use crate::{
    i18n::Lang,
    kernel::{Ctx, HandlerResult, lang::lang_of},
    t,
    telegram::{HearthBot, command::Command, html, send::reply},
};

/// The longest rules text.
const MAX_RULES: usize = 3000;
/// The most links a welcome carries.
const MAX_LINKS: usize = 12;

pub async fn rules(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let text = match store::text(&ctx.db, msg.chat.id.0, "rules").await? {
        Some(rules) => t!(lang, "onb-rules-show", rules = html::escape(&rules)),
        None => t!(lang, "onb-rules-none"),
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}

pub async fn set_rules(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let text = if cmd.args.is_empty() {
        msg.reply_to_message().and_then(|r| r.text().or_else(|| r.caption())).unwrap_or("").trim().to_owned()
    } else {
        cmd.args.clone()
    };
    if text.is_empty() {
        reply(&bot, &msg, t!(lang, "onb-setrules-usage")).await?;
        return Ok(());
    }
    if text.chars().count() > MAX_RULES {
        reply(&bot, &msg, t!(lang, "onb-rules-too-long", max = MAX_RULES)).await?;
        return Ok(());
    }
    store::set_text(&ctx.db, msg.chat.id.0, "rules", Some(&text)).await?;
    reply(&bot, &msg, t!(lang, "onb-rules-saved")).await?;
    Ok(())
}

pub async fn set_welcome(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    let placeholders = logic::PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(" ");
    if cmd.args.is_empty() {
        let current = match store::text(&ctx.db, chat_id, "welcome").await? {
            Some(t) => html::escape(&t),
            None => t!(lang, "onb-welcome-is-default"),
        };
        reply(&bot, &msg, t!(lang, "onb-setwelcome-show", current = current, placeholders = placeholders))
            .await?;
        return Ok(());
    }
    let template = match WelcomeTemplate::parse(&cmd.args) {
        Ok(t) => t,
        Err(TemplateError::UnknownPlaceholder { found }) => {
            let found = html::escape(&html::truncate(&found, 40));
            reply(&bot, &msg, t!(lang, "onb-template-unknown", found = found, placeholders = placeholders))
                .await?;
            return Ok(());
        }
        Err(TemplateError::Unbalanced { near }) => {
            let near = html::escape(&near);
            reply(&bot, &msg, t!(lang, "onb-template-unbalanced", near = near, placeholders = placeholders))
                .await?;
            return Ok(());
        }
        Err(_) => {
            reply(&bot, &msg, t!(lang, "onb-setwelcome-show", current = "", placeholders = placeholders))
                .await?;
            return Ok(());
        }
    };
    // Longest plausible fill: a 64-char name and the whole rules text.
    let rules = store::text(&ctx.db, chat_id, "rules").await?.unwrap_or_default();
    let sample = TemplateValues {
        name: html::mention(0, &"W".repeat(64), None),
        chat: html::escape(&chat_title(&ctx, chat_id).await),
        rules: html::escape(&rules),
    };
    let len = logic::visible_len(&template.render(&sample));
    if len > logic::MAX_MESSAGE_LEN {
        reply(&bot, &msg, t!(lang, "onb-template-too-long", len = len, max = logic::MAX_MESSAGE_LEN)).await?;
        return Ok(());
    }
    store::set_text(&ctx.db, chat_id, "welcome", Some(&cmd.args)).await?;
    reply(&bot, &msg, t!(lang, "onb-welcome-saved")).await?;
    Ok(())
}

pub async fn reset_welcome(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    store::set_text(&ctx.db, msg.chat.id.0, "welcome", None).await?;
    reply(&bot, &msg, t!(lang, "onb-welcome-reset")).await?;
    Ok(())
}

pub async fn add_link(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    match ResourceLink::parse(&cmd.args) {
        Ok(link) => {
            if store::links(&ctx.db, msg.chat.id.0).await?.len() >= MAX_LINKS {
                reply(&bot, &msg, t!(lang, "onb-links-full", max = MAX_LINKS)).await?;
                return Ok(());
            }
            store::add_link(&ctx.db, msg.chat.id.0, &link.title, &link.url).await?;
            reply(&bot, &msg, t!(lang, "onb-link-added", title = html::escape(&link.title))).await?;
        }
        Err(err) => {
            reply(&bot, &msg, t!(lang, "onb-link-invalid", reason = link_error(lang, &err))).await?;
        }
    }
    Ok(())
}

fn link_error(lang: Lang, err: &LinkError) -> String {
    match err {
        LinkError::MissingSeparator => t!(lang, "onb-link-err-separator"),
        LinkError::EmptyTitle => t!(lang, "onb-link-err-title"),
        LinkError::TitleTooLong { .. } => t!(lang, "onb-link-err-title-long"),
        LinkError::InvalidUrl => t!(lang, "onb-link-err-url"),
        LinkError::UnsupportedScheme { .. } => t!(lang, "onb-link-err-scheme"),
    }
}

pub async fn del_link(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let title = cmd.args.trim();
    let text = if !title.is_empty() && store::delete_link(&ctx.db, msg.chat.id.0, title).await? {
        t!(lang, "onb-link-deleted", title = html::escape(title))
    } else {
        t!(lang, "onb-link-not-found", title = html::escape(&html::truncate(title, 64)))
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}

pub async fn list_links(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let links = store::links(&ctx.db, msg.chat.id.0).await?;
    if links.is_empty() {
        reply(&bot, &msg, t!(lang, "onb-links-none")).await?;
        return Ok(());
    }
    let lines: Vec<String> = links
        .iter()
        .map(|(title, url)| format!("• {} — {}", html::escape(title), html::escape(url)))
        .collect();
    reply(&bot, &msg, format!("{}\n{}", t!(lang, "onb-links-header"), lines.join("\n"))).await?;
    Ok(())
}

pub async fn set_goals(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    match logic::parse_goals(&cmd.args) {
        Ok(goals) => {
            store::set_text(&ctx.db, msg.chat.id.0, "goals", Some(&goals.join("\n"))).await?;
            let list = goals.iter().map(|g| html::escape(g)).collect::<Vec<_>>().join(", ");
            reply(&bot, &msg, t!(lang, "onb-goals-saved", goals = list)).await?;
        }
        Err(_) => {
            reply(&bot, &msg, t!(lang, "onb-goals-usage")).await?;
        }
    }
    Ok(())
}

/// The chat's goals for the introduction: the admins' (`/setgoals`), else
/// the default ones in the chat's language.
pub(super) async fn goals(ctx: &Ctx, chat_id: i64, lang: Lang) -> anyhow::Result<Vec<String>> {
    Ok(match store::text(&ctx.db, chat_id, "goals").await? {
        Some(text) => text.lines().map(str::to_owned).filter(|g| !g.is_empty()).collect(),
        None => logic::parse_goals(&t!(lang, "onb-default-goals")).unwrap_or_default(),
    })
}
