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
pub const MAX_RULES: usize = 3000;
/// The most links a welcome carries.
pub const MAX_LINKS: usize = 12;

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
    let answer = match save_rules(&ctx, msg.chat.id.0, &text).await? {
        Ok(()) => t!(lang, "onb-rules-saved"),
        Err(refusal) => refusal_text(lang, &refusal),
    };
    reply(&bot, &msg, answer).await?;
    Ok(())
}

/// Why an admin's rules, welcome text or link is refused; each is the
/// command's localized answer ([`refusal_text`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextRefusal {
    RulesEmpty,
    RulesTooLong,
    Template(TemplateError),
    /// Filled in with the longest plausible values, the welcome would be
    /// `len` characters.
    TemplateTooLong {
        len: usize,
    },
    LinksFull,
    Link(LinkError),
}

/// The placeholders a welcome may hold, as `/setwelcome` lists them.
pub fn placeholders() -> String {
    logic::PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(" ")
}

/// The commands' answer to a refused text (HTML, as Telegram takes it).
pub fn refusal_text(lang: Lang, refusal: &TextRefusal) -> String {
    let placeholders = placeholders();
    match refusal {
        TextRefusal::RulesEmpty => t!(lang, "onb-setrules-usage"),
        TextRefusal::RulesTooLong => t!(lang, "onb-rules-too-long", max = MAX_RULES),
        TextRefusal::Template(TemplateError::UnknownPlaceholder { found }) => {
            let found = html::escape(&html::truncate(found, 40));
            t!(lang, "onb-template-unknown", found = found, placeholders = placeholders)
        }
        TextRefusal::Template(TemplateError::Unbalanced { near }) => {
            t!(lang, "onb-template-unbalanced", near = html::escape(near), placeholders = placeholders)
        }
        TextRefusal::Template(TemplateError::Empty) => {
            t!(lang, "onb-setwelcome-show", current = "", placeholders = placeholders)
        }
        TextRefusal::TemplateTooLong { len } => {
            t!(lang, "onb-template-too-long", len = *len, max = logic::MAX_MESSAGE_LEN)
        }
        TextRefusal::LinksFull => t!(lang, "onb-links-full", max = MAX_LINKS),
        TextRefusal::Link(err) => t!(lang, "onb-link-invalid", reason = link_error(lang, err)),
    }
}

/// What `/setrules` stores: the rules, checked (not empty, at most
/// [`MAX_RULES`] characters); refused, nothing changes.
pub async fn save_rules(ctx: &Ctx, chat_id: i64, text: &str) -> anyhow::Result<Result<(), TextRefusal>> {
    if text.trim().is_empty() {
        return Ok(Err(TextRefusal::RulesEmpty));
    }
    if text.chars().count() > MAX_RULES {
        return Ok(Err(TextRefusal::RulesTooLong));
    }
    store::set_text(&ctx.db, chat_id, "rules", Some(text)).await?;
    Ok(Ok(()))
}

pub async fn set_welcome(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    if cmd.args.is_empty() {
        let current = match store::text(&ctx.db, chat_id, "welcome").await? {
            Some(t) => html::escape(&t),
            None => t!(lang, "onb-welcome-is-default"),
        };
        let text = t!(lang, "onb-setwelcome-show", current = current, placeholders = placeholders());
        reply(&bot, &msg, text).await?;
        return Ok(());
    }
    let answer = match save_welcome(&ctx, chat_id, &cmd.args).await? {
        Ok(()) => t!(lang, "onb-welcome-saved"),
        Err(refusal) => refusal_text(lang, &refusal),
    };
    reply(&bot, &msg, answer).await?;
    Ok(())
}

/// What `/setwelcome` stores: the template, parsed, and short enough for
/// one message when filled in with a 64-character name and the whole rules;
/// refused, nothing changes.
pub async fn save_welcome(ctx: &Ctx, chat_id: i64, text: &str) -> anyhow::Result<Result<(), TextRefusal>> {
    let template = match WelcomeTemplate::parse(text) {
        Ok(t) => t,
        Err(err) => return Ok(Err(TextRefusal::Template(err))),
    };
    // Longest plausible fill: a 64-char name and the whole rules text.
    let rules = store::text(&ctx.db, chat_id, "rules").await?.unwrap_or_default();
    let sample = TemplateValues {
        name: html::mention(0, &"W".repeat(64), None),
        chat: html::escape(&chat_title(ctx, chat_id).await),
        rules: html::escape(&rules),
    };
    let len = logic::visible_len(&template.render(&sample));
    if len > logic::MAX_MESSAGE_LEN {
        return Ok(Err(TextRefusal::TemplateTooLong { len }));
    }
    store::set_text(&ctx.db, chat_id, "welcome", Some(text)).await?;
    Ok(Ok(()))
}

pub async fn reset_welcome(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    store::set_text(&ctx.db, msg.chat.id.0, "welcome", None).await?;
    reply(&bot, &msg, t!(lang, "onb-welcome-reset")).await?;
    Ok(())
}

pub async fn add_link(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let answer = match save_link(&ctx, msg.chat.id.0, &cmd.args).await? {
        Ok(link) => t!(lang, "onb-link-added", title = html::escape(&link.title)),
        Err(refusal) => refusal_text(lang, &refusal),
    };
    reply(&bot, &msg, answer).await?;
    Ok(())
}

/// What `/addlink Title | URL` stores (a title already there gets the new
/// URL); refused — a bad link, or [`MAX_LINKS`] already — nothing changes.
pub async fn save_link(
    ctx: &Ctx,
    chat_id: i64,
    input: &str,
) -> anyhow::Result<Result<ResourceLink, TextRefusal>> {
    let link = match ResourceLink::parse(input) {
        Ok(link) => link,
        Err(err) => return Ok(Err(TextRefusal::Link(err))),
    };
    if store::links(&ctx.db, chat_id).await?.len() >= MAX_LINKS {
        return Ok(Err(TextRefusal::LinksFull));
    }
    store::add_link(&ctx.db, chat_id, &link.title, &link.url).await?;
    Ok(Ok(link))
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
