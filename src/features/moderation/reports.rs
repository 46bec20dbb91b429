//! Member reports: `/report [reason]` in reply to a message tells the admins
//! (log chat, DMs, or the group itself), with buttons that warn, mute, ban
//! or dismiss when an admin presses them — once. Community moderators may
//! press them too, within their limits (no ban, a mute of at most
//! `member_mod_mute`, never about a community moderator). A report by a
//! trusted member (TL2+) counts toward hiding the message (`hiding`).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, ReplyMarkup},
};

use super::{
    buttons::ModerationButton,
    errors::ModError,
    hiding, log,
    logic::{self, ModAction, ReportChoice, Sanction},
    sanctions,
    store::{self, LogEntry, NewReport, Report},
    targets, texts, warnings,
};
use crate::{
    features::trust,
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult,
        access::{Acting, Refusal},
        format,
        lang::{chat_lang, lang_of},
        members, notify, toast,
    },
    t,
    telegram::{
        HearthBot,
        auth::AdminRight,
        callback::Button,
        command::Command,
        html,
        send::{reply, reply_markup, retrying, send},
    },
};

/// `/report [reason]` in reply to a message: the admins are told, with
/// buttons that act when an admin presses them.
pub(super) async fn report(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(reporter) = &msg.from else { return Ok(()) };
    let Some(reported) = targets::replied(&msg) else {
        reply(&bot, &msg, t!(lang, "mod-report-usage")).await?;
        return Ok(());
    };
    let chat = msg.chat.id;
    let target = match targets::resolve(&ctx, &msg, "").await {
        Ok(target) if target.id == reporter.id => Err(t!(lang, "mod-report-self")),
        Ok(target) if targets::check(&ctx, chat, target.id).await.is_err() => {
            Err(t!(lang, "mod-report-admin"))
        }
        Ok(target) => Ok(target),
        Err(ModError::TargetAdmin) => Err(t!(lang, "mod-report-admin")),
        Err(_) => Err(t!(lang, "mod-report-usage")),
    };
    let target = match target {
        Ok(target) => target,
        Err(refusal) => {
            reply(&bot, &msg, refusal).await?;
            return Ok(());
        }
    };
    if store::recent_reports(&ctx.db, chat, reporter.id, msg.date).await? >= logic::REPORTS_PER_HOUR {
        reply(&bot, &msg, t!(lang, "mod-report-limit", max = logic::REPORTS_PER_HOUR)).await?;
        return Ok(());
    }
    let reason = logic::clean_reason(&cmd.args);
    let new = NewReport {
        chat_id: chat,
        report_message_id: msg.id.0,
        reported_message_id: reported.id.0,
        reporter_id: reporter.id,
        target_id: target.id,
        reason: reason.as_deref(),
        at: msg.date,
        trusted: hiding::is_trusted(&ctx, chat, reporter.id, msg.date).await?,
    };
    let Some(report_id) = store::add_report(&ctx.db, &new).await? else { return Ok(()) };
    if new.trusted && hiding::hide_if_agreed(&bot, &ctx, &msg, reported, &target).await? {
        reply(&bot, &msg, t!(lang, "mod-report-hidden")).await?;
        return Ok(());
    }
    let title = members::chat_title(&ctx.db, chat.0).await?.unwrap_or_default();
    let text = t!(
        lang,
        "mod-report-card",
        chat = html::escape(&title),
        reporter = html::mention_user(reporter),
        target = target.name
    );
    let mut text = texts::with_reason(lang, text, reason.as_deref());
    let excerpt = reported.text().or_else(|| reported.caption()).unwrap_or("");
    if !excerpt.is_empty() {
        text.push('\n');
        text.push_str(&t!(lang, "mod-report-excerpt", text = html::escape(&html::truncate(excerpt, 300))));
    }
    if let Some(link) = format::link_to_message(&ctx, chat.0, i64::from(reported.id.0)).await {
        text.push('\n');
        text.push_str(&html::link(&link, &t!(lang, "mod-report-open")));
    }
    let markup = report_markup(lang, report_id);
    let told = notify::notify_admins(&bot, &ctx, chat.0, &text, markup.clone()).await?;
    // Community moderators handle reports too: theirs by DM.
    trust::tell_moderators(&ctx, chat, &text, markup.clone()).await?;
    if told == notify::AdminsTold::Nobody {
        // Names from Telegram: admins who never spoke are unknown to the bot.
        let admins = retrying(|| bot.get_chat_administrators(chat).send()).await?;
        let names: Vec<String> = admins
            .iter()
            .filter(|a| !a.user.is_bot && !a.is_anonymous())
            .map(|a| html::mention_user(&a.user))
            .collect();
        let text = format!("{text}\n{}", t!(lang, "mod-report-admins", admins = names.join(", ")));
        reply_markup(&bot, &msg, text, markup).await?;
    }
    reply(&bot, &msg, t!(lang, "mod-report-thanks")).await?;
    Ok(())
}

/// The report card's buttons: warn, mute, ban, dismiss.
fn report_markup(lang: Lang, report_id: i64) -> Option<ReplyMarkup> {
    let button = |label: String, choice: ReportChoice| {
        Some(InlineKeyboardButton::callback(label, ModerationButton::Report { report_id, choice }.encode()))
    };
    let row: Option<Vec<InlineKeyboardButton>> = [
        button(t!(lang, "mod-button-warn"), ReportChoice::Warn),
        button(t!(lang, "mod-button-mute"), ReportChoice::Mute),
        button(t!(lang, "mod-button-ban"), ReportChoice::Ban),
        button(t!(lang, "mod-button-dismiss"), ReportChoice::Dismiss),
    ]
    .into_iter()
    .collect();
    row.map(|row| ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new(vec![row])))
}

/// Moderation's buttons: a report card's, or a hidden message's notice's.
pub(super) async fn on_button(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    q: CallbackQuery,
    button: ModerationButton,
) -> HandlerResult {
    match button {
        ModerationButton::Report { report_id, choice } => {
            on_report_button(&bot, &ctx, &q, report_id, choice).await
        }
        ModerationButton::Hidden { hidden_id, choice } => {
            hiding::on_hidden_button(&bot, &ctx, &q, hidden_id, choice).await
        }
    }
}

/// A report button: acts only for an admin of the reported chat (holding
/// the right to restrict, unless dismissing) or one of its community
/// moderators (never a ban), once.
async fn on_report_button(
    bot: &HearthBot,
    ctx: &Ctx,
    q: &CallbackQuery,
    report_id: i64,
    choice: ReportChoice,
) -> HandlerResult {
    let Some(report) = store::report(&ctx.db, report_id).await? else {
        return toast::stale(bot, ctx, q).await;
    };
    let chat_id = report.chat_id.0;
    let lang = chat_lang(ctx, chat_id).await;
    let presser = q.from.id;
    let at = ctx.clock.now();
    // A button is no command: the tree's gate does not apply, so it is checked here.
    let Some(acting) = targets::acting_on_button(bot, ctx, report.chat_id, presser, at).await else {
        return toast::alert(bot, q, t!(lang, "mod-report-admins-only")).await;
    };
    let right = AdminRight::RestrictMembers;
    if acting == Acting::Admin
        && choice != ReportChoice::Dismiss
        && !ctx.admins.has_right(bot, chat_id, presser.0 as i64, right).await
    {
        return toast::alert(bot, q, Refusal::LacksRight(right).text(lang)).await;
    }
    if acting.is_community_moderator() && choice == ReportChoice::Ban {
        return toast::alert(bot, q, ModError::NotForModerators.text(lang)).await;
    }
    if report.status != "open" || !store::claim_report(&ctx.db, report_id, choice, presser, at).await? {
        return toast::alert(bot, q, t!(lang, "mod-report-handled")).await;
    }
    let summary = match act(ctx, &report, choice, presser, acting, at).await {
        Ok(summary) => summary,
        Err(err) => {
            store::reopen_report(&ctx.db, report_id).await?;
            return toast::alert(bot, q, err.text(lang)).await;
        }
    };
    toast::toast(bot, q, t!(lang, "mod-report-done")).await?;
    if let Some(card) = q.regular_message() {
        let admin = format::mention_of(ctx, presser.0 as i64).await;
        let handled = t!(lang, "mod-report-handled-by", admin = admin, action = summary);
        notify::close_card(bot, card, &handled).await;
    }
    Ok(())
}

/// Does what the admin (or community moderator) chose; the summary for the
/// card (the toast is plain text).
async fn act(
    ctx: &Ctx,
    report: &Report,
    choice: ReportChoice,
    presser: UserId,
    acting: Acting,
    at: DateTime<Utc>,
) -> Result<String, ModError> {
    let (chat, target) = (report.chat_id, report.target_id);
    let lang = chat_lang(ctx, chat.0).await;
    let source = i32::try_from(report.reported_message_id).unwrap_or_default();
    let reason = report.reason.clone().unwrap_or_else(|| t!(lang, "mod-report-reason"));
    // A community moderator dismisses no report about a community moderator either.
    if choice != ReportChoice::Dismiss || acting.is_community_moderator() {
        targets::check_as(ctx, chat, target, acting).await?;
    }
    let by_moderator = acting.is_community_moderator();
    let entry = LogEntry {
        chat_id: chat,
        source_message_id: Some(source),
        action: ModAction::Dismiss,
        target_id: target.into(),
        actor_id: Some(presser),
        reason: Some(&reason),
        until: None,
        at,
        by_moderator,
    };
    let name = format::mention_of(ctx, target.0 as i64).await;
    let sanction = match choice {
        ReportChoice::Dismiss => {
            log::record(ctx, &entry).await.map_err(ModError::internal)?;
            return Ok(t!(lang, "mod-act-dismiss"));
        }
        ReportChoice::Warn => {
            let outcome = warnings::give_warning(
                ctx,
                chat,
                source,
                target.into(),
                Some(presser),
                by_moderator,
                Some(&reason),
                at,
            )
            .await
            .map_err(ModError::internal)?;
            if let Some(outcome) = &outcome {
                let text = warnings::warn_text(lang, &name, Some(&reason), outcome);
                if let Err(err) = send(&ctx.bot, chat.0, None, text, None).await {
                    tracing::warn!(chat_id = chat.0, %err, "could not announce a warning");
                }
            }
            return Ok(t!(lang, "mod-act-warn"));
        }
        ReportChoice::Mute => Sanction::Mute,
        ReportChoice::Ban => Sanction::Ban,
    };
    let settings = ctx.chat_settings(chat.0).await.map_err(ModError::internal)?;
    let until = if by_moderator {
        let standard = settings.duration("warn_mute");
        Some(at + logic::moderator_report_mute(standard, sanctions::member_mod_mute(&settings)))
    } else {
        sanctions::standard_until(&settings, sanction, at)
    };
    sanctions::impose(ctx, chat, target.into(), sanction, until).await?;
    let entry = LogEntry { action: sanction.action(), until, ..entry };
    log::record(ctx, &entry).await.map_err(ModError::internal)?;
    Ok(texts::sanctioned(lang, sanction, &name, until))
}
