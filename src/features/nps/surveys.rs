//! Sense-of-community surveys: `/survey` posts the four questions with a
//! 1–5 scale each (run again, the questions its first run did not post),
//! the answer buttons, `/surveyclose` and `/surveyresults`.

use std::sync::Arc;

use teloxide::{
    prelude::*,
    types::{CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageId, ReplyMarkup},
};

use super::{
    buttons::SurveyButton,
    logic::{Agreement, SURVEY_QUESTIONS},
    refusals::{NpsError, refuse},
    store::{self, Opened, Survey},
};
use crate::{
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult,
        lang::{chat_lang, lang_of, lang_of_user},
        members, toast,
    },
    t,
    telegram::{
        HearthBot,
        callback::Button,
        send::{Failure, classify, reply, retrying, send, thread_of},
    },
};

fn survey_keyboard(survey_id: i64, question: usize) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![
        (1..=5u8)
            .filter_map(|v| {
                let value = Agreement::parse(&v.to_string())?;
                let data = SurveyButton { survey_id, question, value }.encode();
                Some(InlineKeyboardButton::callback(v.to_string(), data))
            })
            .collect::<Vec<_>>(),
    ])
}

/// `/survey` (admin): four messages, one per question, each with a 1–5 scale.
/// The survey stays open until `/surveyclose`; a second `/survey` meanwhile
/// is refused.
pub async fn survey(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    let (survey, posted) = match store::create_survey(&ctx.db, chat_id, msg.date, msg.id.0).await? {
        Opened::New(s) => (s, Vec::new()),
        // The command again: post the questions the first run did not record.
        Opened::Replayed(s) if s.closed_at.is_none() => {
            let posted: Vec<i64> =
                store::survey_messages(&ctx.db, s.survey_id).await?.into_iter().map(|(q, _)| q).collect();
            (s, posted)
        }
        Opened::Replayed(_) => return Ok(()),
        Opened::AlreadyOpen(_) => return refuse(&bot, &ctx, &msg, NpsError::SurveyOpen).await,
    };
    let lang = chat_lang(&ctx, chat_id).await;
    for (i, key) in SURVEY_QUESTIONS.iter().enumerate() {
        if posted.contains(&(i as i64)) {
            continue;
        }
        let question = crate::i18n::text(lang, key, None);
        let mut text =
            t!(lang, "survey-question", index = i + 1, total = SURVEY_QUESTIONS.len(), question = question);
        if i == 0 {
            text = format!("{}\n\n{text}", t!(lang, "survey-intro"));
        }
        let markup = ReplyMarkup::InlineKeyboard(survey_keyboard(survey.survey_id, i));
        match send(&bot, chat_id, thread_of(&msg), text, Some(markup)).await {
            Ok(sent) => {
                store::add_survey_message(&ctx.db, msg.chat.id, survey.survey_id, i, sent.id.0).await?
            }
            Err(err) if i == 0 && posted.is_empty() => {
                store::delete_survey(&ctx.db, survey.survey_id).await?;
                return Err(err.into());
            }
            Err(err) => tracing::warn!(chat_id, %err, "could not post a survey question"),
        }
    }
    Ok(())
}

/// A survey button.
pub async fn on_answer(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    q: CallbackQuery,
    button: SurveyButton,
) -> HandlerResult {
    let lang = lang_of_user(&ctx, Some(&q.from));
    let Some(message) = q.regular_message() else {
        return toast::stale(&bot, &ctx, &q).await;
    };
    let chat_id = message.chat.id.0;
    let SurveyButton { survey_id, question, value } = button;
    let survey: Option<Survey> = store::survey(&ctx.db, survey_id).await?.filter(|s| s.chat_id == chat_id);
    let Some(survey) = survey else {
        return toast::alert(&bot, &q, t!(lang, "nps-bad-button")).await;
    };
    let messages = store::survey_messages(&ctx.db, survey_id).await?;
    if !messages.contains(&(question as i64, i64::from(message.id.0))) {
        return toast::alert(&bot, &q, t!(lang, "nps-bad-button")).await;
    }
    if survey.closed_at.is_some() {
        return toast::alert(&bot, &q, t!(lang, "survey-closed")).await;
    }
    let now = ctx.clock.now();
    if !members::is_member(&bot, &ctx, chat_id, &q.from, now).await? {
        return toast::alert(&bot, &q, t!(lang, "nps-not-member")).await;
    }
    store::answer(&ctx.db, survey_id, question, q.from.id, value, now).await?;
    toast::toast(&bot, &q, t!(lang, "survey-thanks", value = value.get() as u32)).await?;
    Ok(())
}

/// `/surveyclose` (admin): buttons removed, results posted.
pub async fn survey_close(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    // This very command, again: the survey it closed is closed; its results
    // are posted if the first run did not get to.
    if let Some(survey) = store::survey_closed_by(&ctx.db, chat_id, msg.id.0).await? {
        if store::survey_results_posted(&ctx.db, survey.survey_id).await? {
            return Ok(());
        }
        return finish_survey(&bot, &ctx, &msg, survey.survey_id).await;
    }
    let Some(survey) = store::open_survey(&ctx.db, chat_id).await? else {
        return refuse(&bot, &ctx, &msg, NpsError::NoOpenSurvey).await;
    };
    if !store::close_survey(&ctx.db, survey.survey_id, msg.date, msg.id.0).await? {
        return refuse(&bot, &ctx, &msg, NpsError::NoOpenSurvey).await;
    }
    finish_survey(&bot, &ctx, &msg, survey.survey_id).await
}

/// A closed survey: its buttons removed, its results posted (once).
async fn finish_survey(bot: &HearthBot, ctx: &Ctx, msg: &Message, survey_id: i64) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    for (_, message_id) in store::survey_messages(&ctx.db, survey_id).await? {
        let Ok(message_id) = i32::try_from(message_id) else { continue };
        let edited =
            retrying(|| bot.edit_message_reply_markup(ChatId(chat_id), MessageId(message_id)).send()).await;
        if let Err(err) = edited
            && classify(&err) != Failure::NotModified
        {
            tracing::warn!(chat_id, %err, "could not remove a survey's buttons");
        }
    }
    let lang = lang_of(ctx, msg).await;
    let text = survey_text(ctx, lang, survey_id, true).await?;
    reply(bot, msg, text).await?;
    store::mark_survey_results_posted(&ctx.db, survey_id, msg.date).await?;
    Ok(())
}

/// `/surveyresults` (admin): the latest survey, open or closed.
pub async fn survey_results(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let Some(survey) = store::latest_survey(&ctx.db, msg.chat.id.0).await? else {
        return refuse(&bot, &ctx, &msg, NpsError::NoSurveys).await;
    };
    let lang = lang_of(&ctx, &msg).await;
    let text = survey_text(&ctx, lang, survey.survey_id, survey.closed_at.is_some()).await?;
    reply(&bot, &msg, text).await?;
    Ok(())
}

async fn survey_text(ctx: &Ctx, lang: Lang, survey_id: i64, closed: bool) -> anyhow::Result<String> {
    let (dists, respondents) = store::survey_results(&ctx.db, survey_id).await?;
    let status = if closed { t!(lang, "nps-results-closed") } else { t!(lang, "nps-results-open") };
    let mut lines = vec![t!(lang, "survey-results-header", status = status, count = respondents)];
    for (i, (key, d)) in SURVEY_QUESTIONS.iter().zip(dists.iter()).enumerate() {
        let question = crate::i18n::text(lang, key, None);
        let mean = match d.mean() {
            Some(m) => crate::kernel::format::fmt_num(m, 1, lang),
            None => "—".to_owned(),
        };
        let dist =
            d.0.iter().enumerate().map(|(v, c)| format!("{}: {c}", v + 1)).collect::<Vec<_>>().join(" · ");
        lines.push(String::new());
        lines.push(t!(
            lang,
            "survey-results-question",
            index = i + 1,
            question = question,
            mean = mean,
            count = d.n()
        ));
        lines.push(dist);
    }
    Ok(lines.join("\n"))
}
