//! Warnings: /warn, /unwarn, /warns, /resetwarns; giving a warning (also
//! from a filter or a report button) and the escalation ladder at the
//! chat's limit; the warnings line of /me.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, Message, UserId};

use super::{
    errors::ModError,
    log,
    logic::{self, ModAction, Sanction, Sender, WarnAction, WarnStep},
    sanctions,
    store::{self, LogEntry, NewWarning, Unwarned, Warned},
    targets::{self, Target},
    texts::{self, fmt_time},
};
use crate::{
    db,
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult,
        access::{Acting, require_admin},
        lang::lang_of,
    },
    settings::ChatSettings,
    t,
    telegram::{HearthBot, command::Command, html, send::reply},
};

/// What giving a warning did.
pub(super) struct WarnOutcome {
    step: WarnStep,
    /// The ladder's action when the limit was reached, and how it went.
    escalation: Option<Escalation>,
}

/// The ladder's action, until when (a mute), and whether Telegram did it.
type Escalation = (WarnAction, Option<DateTime<Utc>>, Result<(), ModError>);

/// Warnings older than this no longer count (`warn_expire_days`; 0: never).
fn expiry_cutoff(settings: &ChatSettings, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    crate::features::trust::logic::warnings_since(settings.int("warn_expire_days"), at)
}

/// Warns a member once per source message (`by_moderator`: the actor is a
/// community moderator, marked in the log); at the limit applies the chat's
/// action — the chat's own rule, logged as automatic — and, when it worked,
/// starts the count over. `None` for a replay.
#[allow(clippy::too_many_arguments)]
pub(super) async fn give_warning(
    ctx: &Ctx,
    chat: ChatId,
    source: i32,
    target: Sender,
    actor: Option<UserId>,
    by_moderator: bool,
    reason: Option<&str>,
    at: DateTime<Utc>,
) -> anyhow::Result<Option<WarnOutcome>> {
    let settings = ctx.chat_settings(chat.0).await?;
    let limit = u32::try_from(settings.int("warn_limit")).unwrap_or(3);
    let w = NewWarning { chat_id: chat, source_message_id: source, user_id: target, by: actor, reason, at };
    let active = match store::add_warning(&ctx.db, &w, expiry_cutoff(&settings, at)).await? {
        Warned::Duplicate => return Ok(None),
        Warned::Active(n) => n,
    };
    let entry = LogEntry {
        chat_id: chat,
        source_message_id: Some(source),
        action: ModAction::Warn,
        target_id: target,
        actor_id: actor,
        reason,
        until: None,
        at,
        by_moderator,
    };
    log::record(ctx, &entry).await?;
    let step = logic::escalate(active, limit);
    if !step.reached {
        return Ok(Some(WarnOutcome { step, escalation: None }));
    }
    let action = WarnAction::parse(settings.raw("warn_action"));
    let sanction = Sanction::from(action);
    let until = sanctions::standard_until(&settings, sanction, at);
    let done = sanctions::impose(ctx, chat, target, sanction, until).await;
    if done.is_ok() {
        store::reset_warnings(&ctx.db, chat, target, at).await?;
        let reason = format!("{limit}/{limit}");
        let entry = LogEntry {
            action: sanction.action(),
            until,
            actor_id: None,
            reason: Some(&reason),
            by_moderator: false,
            ..entry
        };
        log::record(ctx, &entry).await?;
    }
    Ok(Some(WarnOutcome { step, escalation: Some((action, until, done)) }))
}

/// "Name has been warned (n/limit)", the reason, and what the ladder did.
pub(super) fn warn_text(lang: Lang, name: &str, reason: Option<&str>, outcome: &WarnOutcome) -> String {
    let text = t!(lang, "mod-warned", name = name, count = outcome.step.count, limit = outcome.step.limit);
    let mut text = texts::with_reason(lang, text, reason);
    if let Some((action, until, done)) = &outcome.escalation {
        text.push('\n');
        text.push_str(&match (done, action) {
            (Err(err), _) => t!(lang, "mod-escalation-failed", error = err.text(lang)),
            (Ok(()), WarnAction::Mute) => match until {
                Some(until) => t!(lang, "mod-escalated-mute", until = fmt_time(*until)),
                None => t!(lang, "mod-escalated-mute-forever"),
            },
            (Ok(()), WarnAction::Kick) => t!(lang, "mod-escalated-kick"),
            (Ok(()), WarnAction::Ban) => t!(lang, "mod-escalated-ban"),
        });
    }
    text
}

/// `/warn [reason]` (admins and community moderators): may escalate to a
/// mute, kick or ban.
pub(super) async fn warn(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    msg: Message,
    cmd: Command,
    acting: Acting,
) -> HandlerResult {
    let Some(target) = targets::of_command(&bot, &ctx, &msg, &cmd, acting).await? else { return Ok(()) };
    let lang = lang_of(&ctx, &msg).await;
    let reason = logic::clean_reason(&target.rest);
    let by = targets::sender(&msg);
    let (chat, target_id, moderator) = (msg.chat.id, target.id.into(), acting.is_community_moderator());
    let outcome =
        give_warning(&ctx, chat, msg.id.0, target_id, by, moderator, reason.as_deref(), msg.date).await?;
    if let Some(outcome) = outcome {
        reply(&bot, &msg, warn_text(lang, &target.name, reason.as_deref(), &outcome)).await?;
    }
    Ok(())
}

/// `/unwarn`: drops the member's latest active warning, once per command.
pub(super) async fn unwarn(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let Some(target) = targets::of_command(&bot, &ctx, &msg, &cmd, Acting::Admin).await? else {
        return Ok(());
    };
    let lang = lang_of(&ctx, &msg).await;
    let chat = msg.chat.id;
    let settings = ctx.chat_settings(chat.0).await?;
    let cutoff = expiry_cutoff(&settings, msg.date);
    let entry = log::entry(&msg, ModAction::Unwarn, target.id.into(), targets::sender(&msg));
    match store::unwarn_once(&ctx.db, &entry, cutoff).await? {
        Unwarned::Replay => return Ok(()),
        Unwarned::Nothing => {
            reply(&bot, &msg, t!(lang, "mod-no-warnings", name = target.name)).await?;
            return Ok(());
        }
        Unwarned::Dropped => log::post(&ctx, &entry).await?,
    }
    let left = store::active_warnings(&ctx.db, chat, target.id.into(), cutoff).await?.len();
    let text = t!(lang, "mod-unwarned", name = target.name, count = left, limit = settings.int("warn_limit"));
    reply(&bot, &msg, text).await?;
    Ok(())
}

/// `/resetwarns`: clears every active warning of the member.
pub(super) async fn reset_warns(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let Some(target) = targets::of_command(&bot, &ctx, &msg, &cmd, Acting::Admin).await? else {
        return Ok(());
    };
    let lang = lang_of(&ctx, &msg).await;
    if store::reset_warnings(&ctx.db, msg.chat.id, target.id.into(), msg.date).await? > 0 {
        let entry = log::entry(&msg, ModAction::ResetWarns, target.id.into(), targets::sender(&msg));
        log::record(&ctx, &entry).await?;
    }
    reply(&bot, &msg, t!(lang, "mod-warns-reset", name = target.name)).await?;
    Ok(())
}

/// `/warns`: a member's own warnings; an admin may ask about anyone.
pub(super) async fn warns(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(me) = &msg.from else { return Ok(()) };
    let asks_about_other = targets::replied(&msg).is_some() || !cmd.args.is_empty();
    let target = if asks_about_other {
        match targets::resolve(&ctx, &msg, &cmd.args).await {
            Ok(target) => target,
            Err(err) => {
                reply(&bot, &msg, err.text(lang)).await?;
                return Ok(());
            }
        }
    } else {
        Target::of(me, "")
    };
    if target.id != me.id && !require_admin(&bot, &ctx, &msg).await? {
        return Ok(());
    }
    let settings = ctx.chat_settings(msg.chat.id.0).await?;
    let cutoff = expiry_cutoff(&settings, msg.date);
    let list = store::active_warnings(&ctx.db, msg.chat.id, target.id.into(), cutoff).await?;
    if list.is_empty() {
        reply(&bot, &msg, t!(lang, "mod-no-warnings", name = target.name)).await?;
        return Ok(());
    }
    let limit = settings.int("warn_limit");
    let header = t!(lang, "mod-warns-header", name = target.name, count = list.len(), limit = limit);
    let lines: Vec<String> = list
        .iter()
        .map(|w| {
            let at =
                db::parse_ts(&w.created_at).map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
            let reason = w.reason.as_deref().map(html::escape).unwrap_or_else(|| t!(lang, "mod-no-reason"));
            let auto = if w.by_user_id.is_none() { t!(lang, "mod-auto-mark") } else { String::new() };
            format!("• {at} — {reason}{auto}")
        })
        .collect();
    reply(&bot, &msg, html::fit_lines(&header, &lines, |n| t!(lang, "list-more", count = n))).await?;
    Ok(())
}

/// The warnings line of /me: active warnings as n/limit. (Raw ids: /me,
/// in points, calls it with the ids it holds.)
pub async fn me_line(
    ctx: &Ctx,
    lang: Lang,
    chat_id: i64,
    user_id: i64,
    at: DateTime<Utc>,
) -> anyhow::Result<String> {
    let settings = ctx.chat_settings(chat_id).await?;
    let cutoff = expiry_cutoff(&settings, at);
    let active =
        store::active_warnings(&ctx.db, ChatId(chat_id), Sender::User(UserId(user_id as u64)), cutoff)
            .await?
            .len();
    Ok(t!(lang, "mod-me-warnings", count = active, limit = settings.int("warn_limit")))
}
