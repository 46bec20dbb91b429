//! The check-in, `checkin_days` after a join: "How is it going?" in DM with
//! three answers; "I need help" and "I have an idea" ask one more question
//! and pass the answer on to the admins.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::types::{
    CallbackQuery, ChatId, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyMarkup, User,
};

use super::{
    buttons::{CheckinAnswer, OnboardingButton},
    names::chat_title,
    store::{self, Step},
};
use crate::{
    i18n::{self, Args},
    kernel::{
        Ctx, HandlerResult, dialogues,
        lang::{chat_lang, lang_of, lang_of_user, user_lang},
        notify, toast,
    },
    t,
    telegram::{
        HearthBot,
        callback::Button,
        html,
        send::{reply, send},
    },
};

/// The check-in's follow-up dialogue (step "help" or "idea").
pub(super) const CHECKIN: &str = "checkin";

/// `checkin_days` after joining: "How is it going?" to newcomers with an open DM.
pub async fn checkin_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    for (chat, user, _) in store::due_checkins(&ctx.db, now).await? {
        // Mark first: a crash mid-send never makes a second check-in.
        if !store::mark_step(&ctx.db, chat, user, Step::CheckinSent, now).await? {
            continue;
        }
        let user_id = user.0 as i64;
        let lang = user_lang(&ctx, user_id).await;
        let title = chat_title(&ctx, chat.0).await;
        let rows = CheckinAnswer::ALL.map(|answer| {
            let key = format!("onb-checkin-{}", answer.code());
            let data = OnboardingButton::Checkin { answer, chat_id: chat.0 }.encode();
            vec![InlineKeyboardButton::callback(i18n::text(lang, &key, None), data)]
        });
        let markup = ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new(rows));
        let text = t!(lang, "onb-checkin", chat = html::escape(&title));
        notify::dm(&ctx.bot, &ctx, user_id, text, Some(markup)).await?;
    }
    Ok(())
}

/// A check-in button: all good / I need help / I have an idea.
pub(super) async fn on_checkin(
    bot: &HearthBot,
    ctx: &Ctx,
    q: &CallbackQuery,
    answer: CheckinAnswer,
    chat_id: i64,
) -> HandlerResult {
    let user_id = q.from.id.0 as i64;
    let lang = lang_of_user(ctx, Some(&q.from));
    let now = ctx.clock.now();
    if !store::answer_checkin(&ctx.db, ChatId(chat_id), q.from.id, answer.code(), now).await? {
        return toast::alert(bot, q, t!(lang, "onb-checkin-already")).await;
    }
    toast::ack(bot, q).await?;
    if answer == CheckinAnswer::Ok {
        send(bot, user_id, None, t!(lang, "onb-checkin-glad"), None).await?;
        return Ok(());
    }
    let d = dialogues::Dialogue {
        user_id,
        kind: CHECKIN.into(),
        chat_id,
        step: answer.code().into(),
        data: String::new(),
    };
    dialogues::set_dialogue(&ctx.db, &d, ctx.clock.now()).await?;
    let key = if answer == CheckinAnswer::Idea { "onb-checkin-ask-idea" } else { "onb-checkin-ask-help" };
    send(bot, user_id, None, i18n::text(lang, key, None), None).await?;
    Ok(())
}

/// The answer to the follow-up question: passed on to the chat's admins.
pub(super) async fn on_checkin_message(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    user: &User,
    d: dialogues::Dialogue,
) -> HandlerResult {
    let lang = lang_of(ctx, msg).await;
    let Some(text) = msg.text().map(str::trim).filter(|t| !t.is_empty()) else {
        reply(bot, msg, t!(lang, "onb-checkin-reask")).await?;
        return Ok(());
    };
    let chat_lang = chat_lang(ctx, d.chat_id).await;
    let title = chat_title(ctx, d.chat_id).await;
    let key = if d.step == "idea" { "onb-checkin-idea-to-admins" } else { "onb-checkin-help-to-admins" };
    let mut args = Args::new();
    args.insert("name".into(), i18n::arg(html::mention_user(user)));
    args.insert("chat".into(), i18n::arg(html::escape(&title)));
    args.insert("text".into(), i18n::arg(html::escape(&html::truncate(text, 1500))));
    let note = i18n::text(chat_lang, key, Some(&args));
    notify::notify_admins(bot, ctx, d.chat_id, &note, None).await?;
    dialogues::clear_dialogue(&ctx.db, user.id.0 as i64).await?;
    reply(bot, msg, t!(lang, "onb-checkin-passed-on")).await?;
    Ok(())
}
