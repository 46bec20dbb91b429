//! The moderation log: every action is recorded (`mod_log`, once per source
//! message), posted to the community's log chat when it has one, and listed
//! by /modlog.

use std::sync::Arc;

use teloxide::types::{ChatId, Message, UserId};

use super::{
    channels,
    logic::{ModAction, Sender},
    state::State,
    store::{self, LogEntry, LogRow},
    texts::fmt_time,
};
use crate::{
    db,
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult, format,
        lang::{chat_lang, lang_of},
        members, notify,
    },
    t,
    telegram::{
        HearthBot,
        command::Command,
        html,
        send::{reply, send, send_if_free},
    },
};

/// Log-chat posts in flight at most; past it, lines are skipped (they stay
/// in mod_log and /modlog).
const LOG_BACKLOG_CAP: usize = 200;

/// An entry for an action taken about `msg` (its chat, id and date) on
/// `target`, by `actor` (`None`: automatic); no reason, no end.
pub(super) fn entry<'a>(
    msg: &Message,
    action: ModAction,
    target: Sender,
    actor: Option<UserId>,
) -> LogEntry<'a> {
    LogEntry {
        chat_id: msg.chat.id,
        source_message_id: Some(msg.id.0),
        action,
        target_id: target,
        actor_id: actor,
        reason: None,
        until: None,
        at: msg.date,
        by_moderator: false,
    }
}

/// Records an action and, with a log chat set, posts it there. `false` when
/// this source had already logged it (a replay).
pub(super) async fn record(ctx: &Ctx, e: &LogEntry<'_>) -> anyhow::Result<bool> {
    if !store::log(&ctx.db, e).await? {
        return Ok(false);
    }
    post(ctx, e).await?;
    Ok(true)
}

/// Posts a logged entry to the chat's log chat, if it has one.
pub(super) async fn post(ctx: &Ctx, e: &LogEntry<'_>) -> anyhow::Result<()> {
    let chat_id = e.chat_id.0;
    let Some(log_chat) = notify::log_chat(&ctx.db, chat_id).await? else { return Ok(()) };
    let lang = chat_lang(ctx, chat_id).await;
    let title = members::chat_title(&ctx.db, chat_id).await?.unwrap_or_default();
    let row = LogRow {
        action: e.action.as_str().to_owned(),
        target_id: e.target_id.raw(),
        actor_id: e.actor_id.map(|a| a.0 as i64),
        automatic: e.actor_id.is_none(),
        by_moderator: e.by_moderator,
        reason: e.reason.map(str::to_owned),
        until: e.until.map(db::ts),
        at: db::ts(e.at),
    };
    let line = line(ctx, lang, &row).await;
    let text = t!(lang, "mod-log-post", chat = html::escape(&title), line = line);
    // At once when a slot is free now; otherwise later, without waiting.
    match send_if_free(&ctx.bot, log_chat, None, text.clone(), None).await {
        Ok(Some(_)) => {}
        Ok(None) => post_later(ctx, e.chat_id, ChatId(log_chat), text),
        Err(err) => tracing::warn!(chat_id, log_chat, %err, "could not post to the log chat"),
    }
    Ok(())
}

/// Posts a line to the log chat in the background: a paced send waits for a
/// slot under Telegram's group limit, and the chat's handling (a spam raid's
/// screening) must not wait with it.
fn post_later(ctx: &Ctx, chat: ChatId, log_chat: ChatId, text: String) {
    let (chat_id, log_chat) = (chat.0, log_chat.0);
    let Some(slot) = ctx.state::<State>().backlog_slot(LOG_BACKLOG_CAP) else {
        tracing::debug!(chat_id, log_chat, "log chat backlog full; line skipped (it is in mod_log)");
        return;
    };
    let bot = ctx.bot.clone();
    tokio::spawn(async move {
        if let Err(err) = send(&bot, log_chat, None, text, None).await {
            tracing::warn!(chat_id, log_chat, %err, "could not post to the log chat");
        }
        drop(slot);
    });
}

/// `/modlog [n]`: the last n actions (10 by default, at most 50).
pub(super) async fn modlog(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let n = if cmd.args.is_empty() {
        10
    } else {
        match cmd.args.parse::<i64>() {
            Ok(n) if (1..=50).contains(&n) => n,
            _ => {
                reply(&bot, &msg, t!(lang, "mod-modlog-usage")).await?;
                return Ok(());
            }
        }
    };
    let rows = store::recent_log(&ctx.db, msg.chat.id.0, n).await?;
    if rows.is_empty() {
        reply(&bot, &msg, t!(lang, "mod-modlog-empty")).await?;
        return Ok(());
    }
    let mut lines = Vec::with_capacity(rows.len());
    for row in &rows {
        lines.push(line(&ctx, lang, row).await);
    }
    let header = t!(lang, "mod-modlog-header", count = rows.len());
    reply(&bot, &msg, html::fit_lines(&header, &lines, |n| t!(lang, "list-more", count = n))).await?;
    Ok(())
}

/// "when · what · whom · by whom [· until] [· reason]".
async fn line(ctx: &Ctx, lang: Lang, row: &LogRow) -> String {
    let at = db::parse_ts(&row.at).map(fmt_time).unwrap_or_else(|| html::escape(&row.at));
    let actor = match row.actor_id {
        Some(id) if row.by_moderator => {
            t!(lang, "mod-log-by-moderator", name = format::mention_of(ctx, id).await)
        }
        Some(id) => format::mention_of(ctx, id).await,
        None => t!(lang, "mod-log-auto"),
    };
    let mut line = t!(
        lang,
        "mod-log-line",
        at = at,
        action = action_word(lang, &row.action),
        target = channels::name_of(ctx, Sender::from_raw(row.target_id)).await,
        actor = actor
    );
    if let Some(until) = row.until.as_deref().and_then(db::parse_ts) {
        line.push_str(&t!(lang, "mod-log-until", until = fmt_time(until)));
    }
    if let Some(reason) = row.reason.as_deref().filter(|r| !r.is_empty()) {
        line.push_str(&t!(lang, "mod-log-reason", reason = html::escape(reason)));
    }
    line
}

fn action_word(lang: Lang, action: &str) -> String {
    match ModAction::parse(action) {
        Some(a) => crate::i18n::named(lang, "mod-act", a.as_str()),
        None => html::escape(action),
    }
}
