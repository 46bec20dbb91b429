//! Trusted reports: `report_threshold` distinct trusted members (TL2+)
//! reporting one message hide it — deleted, its author muted until an admin
//! decides — with one notice to the admins carrying Restore (the mute is
//! lifted; Telegram cannot bring a deleted message back, the notice keeps
//! its words) and Confirm (it stays so, logged). Reports by TL0/TL1 members
//! reach the admins as before and do not count.

use chrono::{DateTime, Utc};
use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, ReplyMarkup},
};

use super::{
    buttons::ModerationButton,
    errors::ModError,
    log,
    logic::{self, HiddenChoice, ModAction, Sanction},
    sanctions,
    store::{self, Hidden, LogEntry},
    targets::Target,
};
use crate::{
    features::trust::{self, Level},
    i18n::Lang,
    kernel::{Ctx, HandlerResult, access::Refusal, format, lang::chat_lang, members, notify, toast},
    t,
    telegram::{
        HearthBot,
        auth::AdminRight,
        callback::Button,
        html,
        send::{reply_markup, retrying},
    },
};

/// Whether a report by `user` counts toward hiding: they are TL2 or above.
pub(super) async fn is_trusted(
    ctx: &Ctx,
    chat: ChatId,
    user: UserId,
    at: DateTime<Utc>,
) -> anyhow::Result<bool> {
    Ok(trust::standing(ctx, chat, user, at).await?.is_some_and(|s| s.level >= Level::Regular))
}

/// After a trusted report: when the message's distinct trusted reporters
/// reach `report_threshold`, hides it once (deleted, its author muted for
/// good until an admin decides) and tells the admins. `true` when this
/// report hid it.
pub(super) async fn hide_if_agreed(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    reported: &Message,
    author: &Target,
) -> anyhow::Result<bool> {
    let chat = msg.chat.id;
    let settings = ctx.chat_settings(chat.0).await?;
    let reporters = store::trusted_reporters(&ctx.db, chat, reported.id.0).await?;
    if !logic::trusted_reports_hide(reporters, settings.int("report_threshold")) {
        return Ok(false);
    }
    let at = msg.date;
    let Some(hidden_id) = store::hide_message(&ctx.db, chat, reported.id.0, author.id, reporters, at).await?
    else {
        return Ok(false);
    };
    let lang = chat_lang(ctx, chat.0).await;
    let reason = t!(lang, "mod-hidden-reason", count = reporters);
    let entry = LogEntry {
        chat_id: chat,
        source_message_id: Some(reported.id.0),
        action: ModAction::Delete,
        target_id: author.id.into(),
        actor_id: None,
        reason: Some(&reason),
        until: None,
        at,
        by_moderator: false,
    };
    let deleted = sanctions::delete(bot, chat, reported.id).await;
    if deleted.is_ok() {
        log::record(ctx, &entry).await?;
    }
    let muted = sanctions::impose(ctx, chat, author.id.into(), Sanction::Mute, None).await;
    if muted.is_ok() {
        log::record(ctx, &LogEntry { action: ModAction::Mute, ..entry }).await?;
    }
    let title = members::chat_title(&ctx.db, chat.0).await?.unwrap_or_default();
    let mut text = t!(
        lang,
        "mod-hidden-card",
        chat = html::escape(&title),
        name = author.name.clone(),
        count = reporters
    );
    let excerpt = reported.text().or_else(|| reported.caption()).unwrap_or("");
    if !excerpt.is_empty() {
        text.push('\n');
        text.push_str(&t!(lang, "mod-report-excerpt", text = html::escape(&html::truncate(excerpt, 300))));
    }
    for failed in [deleted.err(), muted.err()].into_iter().flatten() {
        text.push('\n');
        text.push_str(&failed.text(lang));
    }
    let markup = markup(lang, hidden_id);
    if notify::notify_admins(bot, ctx, chat.0, &text, markup.clone()).await? == notify::AdminsTold::Nobody {
        // As a report card: in the group, naming the admins (from Telegram).
        let admins = retrying(|| bot.get_chat_administrators(chat).send()).await?;
        let names: Vec<String> = admins
            .iter()
            .filter(|a| !a.user.is_bot && !a.is_anonymous())
            .map(|a| html::mention_user(&a.user))
            .collect();
        let text = format!("{text}\n{}", t!(lang, "mod-report-admins", admins = names.join(", ")));
        reply_markup(bot, msg, text, markup).await?;
    }
    Ok(true)
}

/// The notice's buttons: Restore, Confirm.
fn markup(lang: Lang, hidden_id: i64) -> Option<ReplyMarkup> {
    let button = |label: String, choice: HiddenChoice| {
        InlineKeyboardButton::callback(label, ModerationButton::Hidden { hidden_id, choice }.encode())
    };
    let row = vec![
        button(t!(lang, "mod-button-restore"), HiddenChoice::Restore),
        button(t!(lang, "mod-button-confirm"), HiddenChoice::Confirm),
    ];
    Some(ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new(vec![row])))
}

/// Restore or Confirm: an admin of the chat (with the right to restrict)
/// decides once.
pub(super) async fn on_hidden_button(
    bot: &HearthBot,
    ctx: &Ctx,
    q: &CallbackQuery,
    hidden_id: i64,
    choice: HiddenChoice,
) -> HandlerResult {
    let Some(hidden) = store::hidden(&ctx.db, hidden_id).await? else {
        return toast::stale(bot, ctx, q).await;
    };
    let chat_id = hidden.chat_id.0;
    let lang = chat_lang(ctx, chat_id).await;
    let presser = q.from.id;
    if !ctx.admins.is_admin(bot, chat_id, presser.0 as i64).await {
        return toast::alert(bot, q, t!(lang, "mod-hidden-admins-only")).await;
    }
    let right = AdminRight::RestrictMembers;
    if !ctx.admins.has_right(bot, chat_id, presser.0 as i64, right).await {
        return toast::alert(bot, q, Refusal::LacksRight(right).text(lang)).await;
    }
    let at = ctx.clock.now();
    if hidden.status != "hidden"
        || !store::decide_hidden(&ctx.db, hidden_id, choice.status(), presser, at).await?
    {
        return toast::alert(bot, q, t!(lang, "mod-hidden-decided")).await;
    }
    let verdict = match decide(ctx, lang, &hidden, choice, presser, at).await {
        Ok(verdict) => verdict,
        Err(err) => {
            store::undecide_hidden(&ctx.db, hidden_id).await?;
            return toast::alert(bot, q, err.text(lang)).await;
        }
    };
    toast::toast(bot, q, t!(lang, "mod-report-done")).await?;
    if let Some(card) = q.regular_message() {
        let admin = format::mention_of(ctx, presser.0 as i64).await;
        notify::close_card(bot, card, &t!(lang, "mod-report-handled-by", admin = admin, action = verdict))
            .await;
    }
    Ok(())
}

/// Lifts the mute (Restore) or keeps it (Confirm), logged as the admin's.
async fn decide(
    ctx: &Ctx,
    lang: Lang,
    hidden: &Hidden,
    choice: HiddenChoice,
    admin: UserId,
    at: DateTime<Utc>,
) -> Result<String, ModError> {
    let (chat, author) = (hidden.chat_id, hidden.author_id);
    let reason = t!(lang, "mod-hidden-reason", count = hidden.reporters);
    let entry = LogEntry {
        chat_id: chat,
        source_message_id: Some(hidden.message_id),
        action: ModAction::Confirm,
        target_id: author.into(),
        actor_id: Some(admin),
        reason: Some(&reason),
        until: None,
        at,
        by_moderator: false,
    };
    let name = format::mention_of(ctx, author.0 as i64).await;
    match choice {
        HiddenChoice::Restore => {
            sanctions::impose(ctx, chat, author.into(), Sanction::Unmute, None).await?;
            log::record(ctx, &LogEntry { action: ModAction::Unmute, ..entry })
                .await
                .map_err(ModError::internal)?;
            Ok(t!(lang, "mod-hidden-restored", name = name))
        }
        HiddenChoice::Confirm => {
            log::record(ctx, &entry).await.map_err(ModError::internal)?;
            Ok(t!(lang, "mod-hidden-confirmed", name = name))
        }
    }
}
