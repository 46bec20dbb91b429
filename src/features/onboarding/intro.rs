//! The introduction in DM: `/start onb_<chat>` opens it, the newcomer picks
//! a goal (a button, or their own words) and says a little about
//! themselves; the bot posts the introduction in the group.

use chrono::{DateTime, Utc};
use teloxide::types::{
    CallbackQuery, ChatId, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyMarkup, User, UserId,
};

use super::{
    buttons::OnboardingButton,
    logic,
    names::chat_title,
    store::{self, Step},
    texts::goals,
    welcome::url_button,
};
use crate::{
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult, dialogues,
        lang::{chat_lang, lang_of, lang_of_user},
        members, toast,
        topics::{self, TopicKind},
    },
    t,
    telegram::{
        HearthBot,
        callback::Button,
        html,
        send::{reply, reply_markup, send},
    },
};

/// The introduction dialogue (steps "goal", then "about").
pub(super) const INTRO: &str = "intro";

/// `/start onb_<chat id>` in a DM.
pub async fn start_intro(bot: &HearthBot, ctx: &Ctx, msg: &Message, chat_id: i64) -> HandlerResult {
    let lang = lang_of(ctx, msg).await;
    let Some(user) = &msg.from else { return Ok(()) };
    let chat = ChatId(chat_id);
    if !members::is_present(&ctx.db, ChatId(chat_id), user.id).await? {
        reply(bot, msg, t!(lang, "onb-intro-not-member")).await?;
        return Ok(());
    }
    let title = chat_title(ctx, chat_id).await;
    if store::row(&ctx.db, chat, user.id).await?.is_none() {
        store::start_join(&ctx.db, chat, user.id, msg.date).await?;
    }
    store::mark_step(&ctx.db, chat, user.id, Step::DmOpened, msg.date).await?;
    if store::row(&ctx.db, chat, user.id).await?.is_some_and(|r| r.introduced_at.is_some()) {
        reply(bot, msg, t!(lang, "onb-intro-already", chat = html::escape(&title))).await?;
        return Ok(());
    }
    let dialogue = dialogues::Dialogue {
        user_id: user.id.0 as i64,
        kind: INTRO.into(),
        chat_id,
        step: "goal".into(),
        data: String::new(),
    };
    dialogues::set_dialogue(&ctx.db, &dialogue, msg.date).await?;
    let goals = goals(ctx, chat_id, chat_lang(ctx, chat_id).await).await?;
    let rows = goals.iter().enumerate().filter_map(|(i, g)| {
        let index = u8::try_from(i).ok()?;
        let data = OnboardingButton::Goal { chat_id, index }.encode();
        Some(vec![InlineKeyboardButton::callback(html::truncate(g, 60), data)])
    });
    let markup = InlineKeyboardMarkup::new(rows);
    let text = t!(lang, "onb-intro-ask-goal", chat = html::escape(&title));
    reply_markup(bot, msg, text, Some(ReplyMarkup::InlineKeyboard(markup))).await?;
    Ok(())
}

/// A goal button in the introduction dialogue.
pub(super) async fn on_goal(
    bot: &HearthBot,
    ctx: &Ctx,
    q: &CallbackQuery,
    chat_id: i64,
    index: u8,
) -> HandlerResult {
    let lang = lang_of_user(ctx, Some(&q.from));
    let Some(d) = dialogues::dialogue(&ctx.db, q.from.id.0 as i64).await? else {
        return toast::stale(bot, ctx, q).await;
    };
    if d.kind != INTRO || d.chat_id != chat_id || d.step != "goal" {
        return toast::stale(bot, ctx, q).await;
    }
    let goals = goals(ctx, chat_id, chat_lang(ctx, chat_id).await).await?;
    let Some(goal) = goals.get(usize::from(index)) else {
        return toast::stale(bot, ctx, q).await;
    };
    toast::ack(bot, q).await?;
    choose_goal(bot, ctx, q.from.id, lang, d, goal, ctx.clock.now()).await
}

/// Stores the goal and asks for the "about me".
async fn choose_goal(
    bot: &HearthBot,
    ctx: &Ctx,
    user: UserId,
    lang: Lang,
    mut d: dialogues::Dialogue,
    goal: &str,
    at: DateTime<Utc>,
) -> HandlerResult {
    store::set_goal(&ctx.db, ChatId(d.chat_id), user, goal).await?;
    d.step = "about".into();
    d.data = goal.to_owned();
    dialogues::set_dialogue(&ctx.db, &d, at).await?;
    send(bot, user.0 as i64, None, t!(lang, "onb-intro-ask-about", max = logic::MAX_INTRO_LEN), None).await?;
    Ok(())
}

/// A message in the introduction dialogue: the goal in the member's own
/// words, or the "about me" — then the introduction is posted.
pub(super) async fn on_intro_message(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    user: &User,
    d: dialogues::Dialogue,
) -> HandlerResult {
    let lang = lang_of(ctx, msg).await;
    let Some(text) = msg.text().map(str::trim).filter(|t| !t.is_empty()) else {
        let key = if d.step == "goal" { "onb-intro-reask-goal" } else { "onb-intro-reask-about" };
        reply(bot, msg, crate::i18n::text(lang, key, None)).await?;
        return Ok(());
    };
    if d.step == "goal" {
        let goal = html::truncate(text, 60);
        return choose_goal(bot, ctx, user.id, lang, d, &goal, msg.date).await;
    }
    let about = match logic::clean_intro(text) {
        Ok(about) => about,
        Err(_) => {
            reply(bot, msg, t!(lang, "onb-intro-too-long", max = logic::MAX_INTRO_LEN)).await?;
            return Ok(());
        }
    };
    let chat_lang = chat_lang(ctx, d.chat_id).await;
    let intro = t!(
        chat_lang,
        "onb-intro-post",
        name = html::mention_user(user),
        about = html::escape(&about),
        goal = html::escape(&d.data)
    );
    topics::post(bot, ctx, d.chat_id, TopicKind::Intro, intro, None).await?;
    store::mark_step(&ctx.db, ChatId(d.chat_id), user.id, Step::Introduced, msg.date).await?;
    dialogues::clear_dialogue(&ctx.db, user.id.0 as i64).await?;
    let links = store::links(&ctx.db, d.chat_id).await?;
    let rows = links.iter().filter_map(|(t, u)| url_button(t, u)).map(|b| vec![b]);
    let markup = ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new(rows));
    let title = chat_title(ctx, d.chat_id).await;
    reply_markup(bot, msg, t!(lang, "onb-intro-thanks", chat = html::escape(&title)), Some(markup)).await?;
    Ok(())
}
