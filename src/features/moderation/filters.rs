//! Word and regex filters: /filter, /unfilter, /filters, and a chat's
//! filters compiled once and kept in memory for screening.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, Message, UserId};

use super::{
    logic::{self, CompiledFilter, FilterAction, FilterError, FilterPattern},
    state::State,
    store, targets,
};
use crate::{
    i18n::Lang,
    kernel::{Ctx, HandlerResult, access::require_right, lang::lang_of},
    t,
    telegram::{HearthBot, auth::AdminRight, command::Command, html, send::reply},
};

/// `/filter <word or /regex/> [delete|warn|mute|ban] [confirm]`: the admin
/// needs the right the filter's action uses; a pattern that matches nearly
/// everything needs `confirm`.
pub(super) async fn filter(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let (pattern, action) = match parse_filter(lang, &cmd.args) {
        Ok(parsed) => parsed,
        Err(refusal) => {
            reply(&bot, &msg, refusal).await?;
            return Ok(());
        }
    };
    if !require_right(&bot, &ctx, &msg, right_for(action)).await? {
        return Ok(());
    }
    let by = targets::sender(&msg).unwrap_or(UserId(0));
    let text = match save_filter(&ctx, lang, msg.chat.id, &pattern, action, by, msg.date).await? {
        Ok(added) | Err(added) => added,
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}

/// `/filter`'s arguments (`word [action] [confirm]`) parsed and checked, as
/// the command and the dashboard take them; `Err` is the localized refusal
/// (Telegram HTML).
pub fn parse_filter(lang: Lang, args: &str) -> Result<(FilterPattern, FilterAction), String> {
    logic::parse_filter_command(args).map_err(|err| error_text(lang, &err))
}

/// The admin right adding a filter with `action` takes.
pub fn right_for(action: FilterAction) -> AdminRight {
    match action {
        FilterAction::Delete => AdminRight::DeleteMessages,
        FilterAction::Warn | FilterAction::Mute | FilterAction::Ban => AdminRight::RestrictMembers,
    }
}

/// Stores a parsed filter (replacing the action of the same pattern) and
/// drops the chat's compiled filters, for /filter and the dashboard: `Ok`
/// the localized confirmation, `Err` the refusal past `MAX_FILTERS`
/// (nothing stored); both Telegram HTML.
pub async fn save_filter(
    ctx: &Ctx,
    lang: Lang,
    chat: ChatId,
    pattern: &FilterPattern,
    action: FilterAction,
    by: UserId,
    at: DateTime<Utc>,
) -> sqlx::Result<Result<String, String>> {
    let stored = pattern.as_stored();
    let exists = store::filters(&ctx.db, chat.0).await?.iter().any(|(p, _)| *p == stored);
    if !exists && store::filter_count(&ctx.db, chat.0).await? >= logic::MAX_FILTERS as i64 {
        return Ok(Err(t!(lang, "mod-filter-too-many", max = logic::MAX_FILTERS)));
    }
    store::add_filter(&ctx.db, chat, &stored, action.as_str(), by, at).await?;
    ctx.state::<State>().forget_filters(chat);
    let kind = match pattern {
        FilterPattern::Word(_) => t!(lang, "mod-filter-kind-word"),
        FilterPattern::Regex(_) => t!(lang, "mod-filter-kind-regex"),
    };
    Ok(Ok(t!(
        lang,
        "mod-filter-added",
        pattern = html::escape(&stored),
        kind = kind,
        action = action_word(lang, action)
    )))
}

/// `/unfilter <pattern>`, as /filters shows it (any case).
pub(super) async fn unfilter(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let text = match remove_filter(&ctx, lang, msg.chat.id, &cmd.args).await? {
        Ok(done) | Err(done) => done,
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}

/// Removes the filter `raw` names (as /filters shows it, any case), for
/// /unfilter and the dashboard: `Ok` the localized confirmation, `Err` the
/// usage or "no such filter" (nothing changed); both Telegram HTML.
pub async fn remove_filter(
    ctx: &Ctx,
    lang: Lang,
    chat: ChatId,
    raw: &str,
) -> sqlx::Result<Result<String, String>> {
    let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if raw.is_empty() {
        return Ok(Err(t!(lang, "mod-unfilter-usage")));
    }
    // Compared without case in Rust: SQLite's lower() knows only ASCII.
    let wanted = raw.to_lowercase();
    let stored = store::filters(&ctx.db, chat.0).await?.into_iter().find(|(p, _)| p.to_lowercase() == wanted);
    let removed = match stored {
        Some((pattern, _)) => store::remove_filter(&ctx.db, chat.0, &pattern).await?,
        None => false,
    };
    ctx.state::<State>().forget_filters(chat);
    let pattern = html::escape(&html::truncate(&raw, 64));
    Ok(if removed {
        Ok(t!(lang, "mod-filter-removed", pattern = pattern))
    } else {
        Err(t!(lang, "mod-filter-not-found", pattern = pattern))
    })
}

/// `/filters`: the chat's filters and what each does.
pub(super) async fn filters(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let rows = store::filters(&ctx.db, msg.chat.id.0).await?;
    if rows.is_empty() {
        reply(&bot, &msg, t!(lang, "mod-filters-none")).await?;
        return Ok(());
    }
    let lines: Vec<String> = rows
        .iter()
        .map(|(pattern, action)| {
            let action = FilterAction::parse(action).map(|a| action_word(lang, a)).unwrap_or_default();
            format!("• <code>{}</code> → {action}", html::escape(pattern))
        })
        .collect();
    let header = t!(lang, "mod-filters-header", count = rows.len());
    reply(&bot, &msg, html::fit_lines(&header, &lines, |n| t!(lang, "list-more", count = n))).await?;
    Ok(())
}

/// A chat's filters, compiled: from memory, else loaded and kept.
pub(super) async fn compiled(ctx: &Ctx, chat: ChatId) -> sqlx::Result<Arc<Vec<CompiledFilter>>> {
    let state = ctx.state::<State>();
    if let Some(f) = state.cached_filters(chat) {
        return Ok(f);
    }
    let compiled = Arc::new(logic::compile_all(&store::filters(&ctx.db, chat.0).await?));
    state.keep_filters(chat, compiled.clone());
    Ok(compiled)
}

fn error_text(lang: Lang, err: &FilterError) -> String {
    match err {
        FilterError::Empty => t!(lang, "mod-filter-usage"),
        FilterError::TooLong => t!(lang, "mod-filter-too-long", max = logic::MAX_PATTERN_CHARS),
        FilterError::InvalidRegex => t!(lang, "mod-filter-bad-regex"),
        FilterError::TooCostly => t!(lang, "mod-filter-too-costly"),
        FilterError::TooBroad { probe } => {
            let probe = match *probe {
                "" => t!(lang, "mod-filter-probe-empty"),
                " " => t!(lang, "mod-filter-probe-space"),
                text => t!(lang, "mod-filter-probe-text", text = html::escape(text)),
            };
            t!(lang, "mod-filter-too-broad", probe = probe, confirm = logic::CONFIRM)
        }
    }
}

/// Words for a filter's action ("the sender is warned"), for lists.
pub fn action_word(lang: Lang, action: FilterAction) -> String {
    match action {
        FilterAction::Delete => t!(lang, "mod-filter-action-delete"),
        FilterAction::Warn => t!(lang, "mod-filter-action-warn"),
        FilterAction::Mute => t!(lang, "mod-filter-action-mute"),
        FilterAction::Ban => t!(lang, "mod-filter-action-ban"),
    }
}
