//! The First nudge's one-question survey: the answer buttons, the reply to
//! each answer (tips, the chat's links, a word to the admins), and the DM
//! dialogue that takes a "something else" answer in the member's words.

use std::sync::Arc;

use teloxide::{
    prelude::*,
    types::{ChatId, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyMarkup, UserId},
};

use super::{
    buttons::NudgeButton,
    chat,
    logic::{LadderStep, Steps, SurveyAnswer},
    store,
};
use crate::{
    features::onboarding,
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult,
        deep_link::StartPayload,
        dialogues, format,
        lang::{chat_lang, lang_of, lang_of_user},
        notify, toast,
    },
    t,
    telegram::{
        HearthBot, html,
        send::{reply, send},
    },
};

/// The DM dialogue kind for the "something else" free-text answer.
pub const DIALOGUE: &str = "nudge";

/// Longest free-text answer, in characters.
const MAX_ANSWER: usize = 1000;

/// An answer's label, on its button and in reports.
pub(super) fn answer_label(lang: Lang, a: SurveyAnswer) -> String {
    crate::i18n::named(lang, "nudge-answer", a.as_str())
}

/// A survey button, checked against the member's First nudge of the
/// current silence.
pub async fn on_survey(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    q: CallbackQuery,
    button: NudgeButton,
) -> HandlerResult {
    let NudgeButton::Survey { chat_id, answer } = button;
    let (chat, user) = (ChatId(chat_id), q.from.id);
    let lang = lang_of_user(&ctx, Some(&q.from));
    let at = ctx.clock.now();
    if !store::answer_survey(&ctx.db, chat, user, answer, at).await? {
        let answered = store::member(&ctx.db, chat, user).await?.is_some_and(|m| {
            m.survey_at.is_some()
                && m.survey_at >= m.silence_started_at
                && Steps::from_column(m.steps).contains(LadderStep::First)
        });
        if answered {
            return toast::alert(&bot, &q, t!(lang, "nudge-survey-already")).await;
        }
        return toast::stale(&bot, &ctx, &q).await;
    }
    toast::toast(&bot, &q, t!(lang, "nudge-survey-thanks")).await?;
    let title = chat::title_html(&ctx, chat_id).await?;
    let dm = |text: String, markup: Option<InlineKeyboardMarkup>| {
        send(&bot, user.0 as i64, None, text, markup.map(ReplyMarkup::InlineKeyboard))
    };
    match answer {
        SurveyAnswer::NoTime => {
            dm(t!(lang, "nudge-reply-no-time", chat = title), None).await?;
        }
        SurveyAnswer::NotInterested => {
            dm(t!(lang, "nudge-reply-not-interested"), None).await?;
            tell_admins(&ctx, chat, user, &answer_label(chat_lang(&ctx, chat_id).await, answer)).await?;
        }
        SurveyAnswer::DontKnowWhereToStart => {
            let links = onboarding::store::links(&ctx.db, chat_id).await?;
            let mut rows: Vec<Vec<InlineKeyboardButton>> = links
                .iter()
                .filter_map(|(t, u)| {
                    url::Url::parse(u).ok().map(|u| vec![InlineKeyboardButton::url(html::truncate(t, 64), u)])
                })
                .collect();
            if let Ok(u) = url::Url::parse(&StartPayload::Onboarding { chat_id }.url(&ctx)) {
                rows.push(vec![InlineKeyboardButton::url(t!(lang, "onb-button-introduce"), u)]);
            }
            let text = if links.is_empty() {
                t!(lang, "nudge-reply-start-nolinks", chat = title)
            } else {
                t!(lang, "nudge-reply-start", chat = title)
            };
            dm(text, Some(InlineKeyboardMarkup::new(rows))).await?;
        }
        SurveyAnswer::Other => {
            let d = dialogues::Dialogue {
                user_id: user.0 as i64,
                kind: DIALOGUE.into(),
                chat_id,
                step: "other".into(),
                data: String::new(),
            };
            dialogues::set_dialogue(&ctx.db, &d, at).await?;
            dm(t!(lang, "nudge-reply-other-ask", max = MAX_ANSWER), None).await?;
        }
    }
    Ok(())
}

/// Tells the chat's admins what a member answered (`what` is HTML).
async fn tell_admins(ctx: &Ctx, chat: ChatId, user: UserId, what: &str) -> anyhow::Result<()> {
    let lang = chat_lang(ctx, chat.0).await;
    let name = format::mention_of(ctx, user.0 as i64).await;
    let title = chat::title_html(ctx, chat.0).await?;
    let note = t!(lang, "nudge-to-admins", name = name, chat = title, text = what.to_owned());
    notify::notify_admins(&ctx.bot, ctx, chat.0, &note, None).await?;
    Ok(())
}

/// The free-text answer ("something else"). `true` if nudges took the message.
pub async fn on_dialogue_message(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    d: dialogues::Dialogue,
) -> anyhow::Result<bool> {
    if d.kind != DIALOGUE {
        return Ok(false);
    }
    let lang = lang_of(ctx, msg).await;
    let Some(user) = &msg.from else { return Ok(false) };
    let Some(text) = msg.text().map(str::trim).filter(|t| !t.is_empty()) else {
        reply(bot, msg, t!(lang, "nudge-reply-other-reask")).await?;
        return Ok(true);
    };
    let text = html::truncate(text, MAX_ANSWER);
    let chat = ChatId(d.chat_id);
    store::survey_text(&ctx.db, chat, user.id, &text).await?;
    dialogues::clear_dialogue(&ctx.db, user.id.0 as i64).await?;
    tell_admins(ctx, chat, user.id, &html::escape(&text)).await?;
    reply(bot, msg, t!(lang, "nudge-reply-other-thanks")).await?;
    Ok(true)
}
