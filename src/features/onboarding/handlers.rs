//! Onboarding handlers and jobs: thin — parse, authorize, call logic and the
//! store, reply.

use std::{collections::HashMap, sync::Arc, sync::Mutex};

use chrono::{DateTime, Utc};
use teloxide::{
    prelude::*,
    types::{
        ChatPermissions, InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageId, ReplyMarkup, User,
    },
};

use super::{
    buttons::{CheckinAnswer, OnboardingButton},
    logic::{FunnelStep, JoinBurst, ResourceLink, WelcomePlan, WelcomeTemplate, funnel_rows},
    store::{self, Step},
};
use crate::{
    db,
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult, dialogues,
        lang::{chat_lang, lang_of, lang_of_user, user_lang},
        members::{self, JoinKind, MemberEvent},
        notify, toast,
        topics::{self, TopicKind},
    },
    t,
    telegram::{
        HearthBot,
        callback::Button,
        command::Command,
        html,
        send::{Failure, classify, reply, reply_markup, retrying, send},
    },
};

/// Per chat: the current burst of joins and the batch welcome it edits.
#[derive(Default)]
pub struct State {
    bursts: Mutex<HashMap<i64, ChatBurst>>,
}

#[derive(Default)]
struct ChatBurst {
    burst: JoinBurst,
    /// The batch welcome being edited, and the names it lists.
    batch_message: Option<i32>,
    batch_names: Vec<String>,
}

/// Names one batch welcome lists before the next join starts a new one, so
/// every newcomer is named and a raid of 50 makes a handful of messages.
const BATCH_CAP: usize = 15;

enum Plan {
    Single,
    Batch { names: Vec<String>, message: Option<i32> },
}

const INTRO: &str = "intro";
const CHECKIN: &str = "checkin";

fn url_button(title: &str, url: &str) -> Option<InlineKeyboardButton> {
    url::Url::parse(url).ok().map(|u| InlineKeyboardButton::url(html::truncate(title, 64), u))
}

fn intro_url(ctx: &Ctx, chat_id: i64) -> String {
    format!(
        "https://t.me/{}?start={}",
        ctx.bot_username(),
        crate::kernel::deep_link::StartPayload::Onboarding { chat_id }.encode()
    )
}

/// Link buttons two per row, then the rules button (if gated), then the
/// introduction button.
fn welcome_markup(
    ctx: &Ctx,
    lang: Lang,
    chat_id: i64,
    links: &[(String, String)],
    accept: Option<String>,
) -> InlineKeyboardMarkup {
    let mut rows: Vec<Vec<InlineKeyboardButton>> = links
        .chunks(2)
        .map(|pair| pair.iter().filter_map(|(title, url)| url_button(title, url)).collect())
        .collect();
    if let Some(data) = accept {
        rows.push(vec![InlineKeyboardButton::callback(t!(lang, "onb-button-accept"), data)]);
    }
    if let Some(b) = url_button(&t!(lang, "onb-button-introduce"), &intro_url(ctx, chat_id)) {
        rows.push(vec![b]);
    }
    InlineKeyboardMarkup::new(rows.into_iter().filter(|r| !r.is_empty()))
}

async fn chat_title(ctx: &Ctx, chat_id: i64) -> String {
    members::chat_title(&ctx.db, chat_id).await.ok().flatten().unwrap_or_default()
}

fn mention(user: &User) -> String {
    html::mention(user.id.0 as i64, &user.first_name, user.last_name.as_deref())
}

/// A member joined (once per real join): gate, welcome, record.
pub async fn on_join(bot: &HearthBot, ctx: &Ctx, ev: &MemberEvent) -> HandlerResult {
    let chat_id = ev.chat_id;
    let user_id = ev.user.id.0 as i64;
    let settings = ctx.chat_settings(chat_id).await?;
    let lang = chat_lang(ctx, chat_id).await;
    let returning = ev.kind == JoinKind::Returning;
    let already_accepted = store::accepted_rules(&ctx.db, chat_id, user_id).await?;
    store::start_join(&ctx.db, chat_id, user_id, ev.at).await?;

    let mut gated = settings.bool("gate") && !already_accepted;
    if gated {
        let restricted = retrying(|| {
            bot.restrict_chat_member(ChatId(chat_id), ev.user.id, ChatPermissions::empty()).send()
        })
        .await;
        if let Err(err) = restricted {
            gated = false;
            tracing::warn!(chat_id, user_id, %err, "cannot restrict a newcomer; welcoming without the gate");
            if classify(&err) == Failure::NoRights
                && db::claim_once(&ctx.db, &format!("gate-norights:{chat_id}"), ev.at).await?
            {
                send(bot, chat_id, None, t!(lang, "onb-gate-no-rights"), None).await?;
            }
        }
    }

    let title = chat_title(ctx, chat_id).await;
    let links = store::links(&ctx.db, chat_id).await?;
    let name = mention(&ev.user);
    let plan = {
        let state = ctx.state::<State>();
        let mut bursts = state.bursts.lock().map_err(|_| anyhow::anyhow!("burst state poisoned"))?;
        let entry = bursts.entry(chat_id).or_default();
        match entry.burst.on_join(ev.at) {
            WelcomePlan::PostNew => {
                entry.batch_message = None;
                entry.batch_names.clear();
                Plan::Single
            }
            WelcomePlan::EditBatch => {
                if entry.batch_names.len() >= BATCH_CAP {
                    entry.batch_message = None;
                    entry.batch_names.clear();
                }
                entry.batch_names.push(name.clone());
                Plan::Batch { names: entry.batch_names.clone(), message: entry.batch_message }
            }
        }
    };
    let message_id = match plan {
        Plan::Single => {
            let text = if returning {
                t!(lang, "onb-welcome-back", name = name.clone(), chat = html::escape(&title))
            } else {
                welcome_text(ctx, chat_id, lang, &name, &title).await?
            };
            let text = if gated { format!("{text}\n\n{}", t!(lang, "onb-gate-note")) } else { text };
            let accept = gated.then(|| OnboardingButton::Accept { owner: Some(user_id) }.encode());
            let markup = welcome_markup(ctx, lang, chat_id, &links, accept);
            let markup = Some(ReplyMarkup::InlineKeyboard(markup));
            let sent = topics::post(bot, ctx, chat_id, TopicKind::Welcome, text, markup).await?;
            store::record_welcome_post(&ctx.db, chat_id, sent.id.0, ev.at, gated).await?;
            Some(sent.id.0)
        }
        Plan::Batch { names, message: batch } => {
            let mut text =
                t!(lang, "onb-welcome-batch", names = names.join(", "), chat = html::escape(&title));
            if settings.bool("gate") {
                text = format!("{text}\n\n{}", t!(lang, "onb-gate-note"));
            }
            let accept = settings.bool("gate").then(|| OnboardingButton::Accept { owner: None }.encode());
            let markup = welcome_markup(ctx, lang, chat_id, &links, accept);
            match batch {
                Some(id) => {
                    let edited = retrying(|| {
                        bot.edit_message_text(ChatId(chat_id), MessageId(id), text.clone())
                            .reply_markup(markup.clone())
                            .send()
                    })
                    .await;
                    if let Err(err) = edited
                        && classify(&err) != Failure::NotModified
                    {
                        tracing::warn!(chat_id, %err, "could not edit the batch welcome");
                    }
                    Some(id)
                }
                None => {
                    let markup = Some(ReplyMarkup::InlineKeyboard(markup));
                    let sent = topics::post(bot, ctx, chat_id, TopicKind::Welcome, text, markup).await?;
                    store::record_welcome_post(&ctx.db, chat_id, sent.id.0, ev.at, gated).await?;
                    if let Ok(mut bursts) = ctx.state::<State>().bursts.lock() {
                        bursts.entry(chat_id).or_default().batch_message = Some(sent.id.0);
                    }
                    Some(sent.id.0)
                }
            }
        }
    };
    store::set_welcome(&ctx.db, chat_id, user_id, message_id, gated).await?;

    if settings.bool("clean_welcome")
        && let Some(keep) = message_id
    {
        for old in store::stale_welcomes(&ctx.db, chat_id, keep).await? {
            crate::telegram::send::delete_quietly(bot, chat_id, old).await;
            store::mark_welcome_deleted(&ctx.db, chat_id, old).await?;
        }
    }
    Ok(())
}

async fn welcome_text(
    ctx: &Ctx,
    chat_id: i64,
    lang: Lang,
    name: &str,
    title: &str,
) -> anyhow::Result<String> {
    let rules = store::text(&ctx.db, chat_id, "rules").await?.unwrap_or_default();
    let custom = store::text(&ctx.db, chat_id, "welcome").await?;
    let values = super::logic::TemplateValues {
        name: name.to_owned(),
        chat: html::escape(title),
        rules: html::escape(&rules),
    };
    if let Some(template) = custom.and_then(|t| WelcomeTemplate::parse(&t).ok()) {
        return Ok(template.render(&values));
    }
    let mut text = t!(lang, "onb-welcome-default", name = name, chat = values.chat.clone());
    if !rules.is_empty() {
        text.push_str("\n\n");
        text.push_str(&t!(lang, "onb-rules-inline", rules = html::escape(&html::truncate(&rules, 2500))));
    }
    Ok(text)
}

/// An onboarding button.
pub async fn on_button(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    q: CallbackQuery,
    button: OnboardingButton,
) -> HandlerResult {
    match button {
        OnboardingButton::Accept { .. } => on_accept(bot, ctx, q, button).await,
        OnboardingButton::Goal { chat_id, index } => on_goal(&bot, &ctx, &q, chat_id, index).await,
        OnboardingButton::Checkin { answer, chat_id } => on_checkin(&bot, &ctx, &q, answer, chat_id).await,
    }
}

/// The "I accept the rules" button.
pub async fn on_accept(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    q: CallbackQuery,
    button: OnboardingButton,
) -> HandlerResult {
    let OnboardingButton::Accept { owner } = button else { return toast::stale(&bot, &ctx, &q).await };
    let presser = q.from.id.0 as i64;
    let Some(message) = q.regular_message() else {
        return toast::stale(&bot, &ctx, &q).await;
    };
    let chat_id = message.chat.id.0;
    let lang = chat_lang(&ctx, chat_id).await;
    if owner.is_some_and(|o| o != presser) {
        return toast::alert(&bot, &q, t!(lang, "onb-not-your-button")).await;
    }
    let row = store::row(&ctx.db, chat_id, presser).await?;
    let pending = row.as_ref().is_some_and(|r| r.gated && r.rules_accepted_at.is_none());
    if !pending {
        let text = if row.is_some_and(|r| r.rules_accepted_at.is_some()) {
            t!(lang, "onb-already-accepted")
        } else {
            t!(lang, "onb-not-your-button")
        };
        return toast::alert(&bot, &q, text).await;
    }
    let lifted =
        retrying(|| bot.restrict_chat_member(ChatId(chat_id), q.from.id, ChatPermissions::all()).send())
            .await;
    if let Err(err) = lifted {
        tracing::warn!(chat_id, presser, %err, "could not lift the gate");
        return toast::alert(&bot, &q, t!(lang, "onb-accept-failed")).await;
    }
    store::accept_rules(&ctx.db, chat_id, presser, ctx.clock.now()).await?;
    toast::toast(&bot, &q, t!(lang, "onb-accepted")).await?;
    if owner.is_some() {
        // A personal welcome: drop the button, keep the links.
        let links = store::links(&ctx.db, chat_id).await?;
        let markup = welcome_markup(&ctx, lang, chat_id, &links, None);
        let edited = retrying(|| {
            bot.edit_message_reply_markup(ChatId(chat_id), message.id).reply_markup(markup.clone()).send()
        })
        .await;
        if let Err(err) = edited {
            tracing::debug!(chat_id, %err, "could not drop the rules button");
        }
    }
    Ok(())
}

/// Members who never pressed the rules button are removed after
/// `gate_kick_minutes` (ban then unban, so they may come back).
pub async fn gate_kick_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    let earliest = now - chrono::Duration::minutes(1);
    for (chat_id, user_id) in store::overdue_gates(&ctx.db, earliest).await? {
        let settings = ctx.chat_settings(chat_id).await?;
        let minutes = settings.int("gate_kick_minutes");
        if minutes <= 0 {
            continue;
        }
        let Some(row) = store::row(&ctx.db, chat_id, user_id).await? else { continue };
        let due = db::parse_ts(&row.joined_at).is_some_and(|j| j + chrono::Duration::minutes(minutes) <= now);
        if !due {
            continue;
        }
        let user = teloxide::types::UserId(user_id as u64);
        let banned = retrying(|| ctx.bot.ban_chat_member(ChatId(chat_id), user).send()).await;
        match banned {
            Ok(_) => {
                let _ =
                    retrying(|| ctx.bot.unban_chat_member(ChatId(chat_id), user).only_if_banned(true).send())
                        .await;
                store::mark_step(&ctx.db, chat_id, user_id, Step::Removed, now).await?;
            }
            Err(err) => {
                tracing::warn!(chat_id, user_id, %err, "could not remove a member who never accepted the rules");
                store::mark_step(&ctx.db, chat_id, user_id, Step::Removed, now).await?;
            }
        }
    }
    Ok(())
}

// ---- rules, welcome, links, goals (admin commands) --------------------------

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
    if text.is_empty() {
        reply(&bot, &msg, t!(lang, "onb-setrules-usage")).await?;
        return Ok(());
    }
    if text.chars().count() > 3000 {
        reply(&bot, &msg, t!(lang, "onb-rules-too-long", max = 3000)).await?;
        return Ok(());
    }
    store::set_text(&ctx.db, msg.chat.id.0, "rules", Some(&text)).await?;
    reply(&bot, &msg, t!(lang, "onb-rules-saved")).await?;
    Ok(())
}

pub async fn set_welcome(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    let placeholders =
        super::logic::PLACEHOLDERS.iter().map(|p| format!("{{{p}}}")).collect::<Vec<_>>().join(" ");
    if cmd.args.is_empty() {
        let current = match store::text(&ctx.db, chat_id, "welcome").await? {
            Some(t) => html::escape(&t),
            None => t!(lang, "onb-welcome-is-default"),
        };
        reply(&bot, &msg, t!(lang, "onb-setwelcome-show", current = current, placeholders = placeholders))
            .await?;
        return Ok(());
    }
    let template = match WelcomeTemplate::parse(&cmd.args) {
        Ok(t) => t,
        Err(super::logic::TemplateError::UnknownPlaceholder { found }) => {
            let found = html::escape(&html::truncate(&found, 40));
            reply(&bot, &msg, t!(lang, "onb-template-unknown", found = found, placeholders = placeholders))
                .await?;
            return Ok(());
        }
        Err(_) => {
            reply(&bot, &msg, t!(lang, "onb-setwelcome-show", current = "", placeholders = placeholders))
                .await?;
            return Ok(());
        }
    };
    // Longest plausible fill: a 64-char name and the whole rules text.
    let rules = store::text(&ctx.db, chat_id, "rules").await?.unwrap_or_default();
    let sample = super::logic::TemplateValues {
        name: html::mention(0, &"W".repeat(64), None),
        chat: html::escape(&chat_title(&ctx, chat_id).await),
        rules: html::escape(&rules),
    };
    let len = super::logic::visible_len(&template.render(&sample));
    if len > super::logic::MAX_MESSAGE_LEN {
        reply(&bot, &msg, t!(lang, "onb-template-too-long", len = len, max = super::logic::MAX_MESSAGE_LEN))
            .await?;
        return Ok(());
    }
    store::set_text(&ctx.db, chat_id, "welcome", Some(&cmd.args)).await?;
    reply(&bot, &msg, t!(lang, "onb-welcome-saved")).await?;
    Ok(())
}

pub async fn reset_welcome(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    store::set_text(&ctx.db, msg.chat.id.0, "welcome", None).await?;
    reply(&bot, &msg, t!(lang, "onb-welcome-reset")).await?;
    Ok(())
}

pub async fn add_link(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    match ResourceLink::parse(&cmd.args) {
        Ok(link) => {
            if store::links(&ctx.db, msg.chat.id.0).await?.len() >= 12 {
                reply(&bot, &msg, t!(lang, "onb-links-full", max = 12)).await?;
                return Ok(());
            }
            store::add_link(&ctx.db, msg.chat.id.0, &link.title, &link.url).await?;
            reply(&bot, &msg, t!(lang, "onb-link-added", title = html::escape(&link.title))).await?;
        }
        Err(err) => {
            reply(&bot, &msg, t!(lang, "onb-link-invalid", reason = link_error(lang, &err))).await?;
        }
    }
    Ok(())
}

fn link_error(lang: Lang, err: &super::logic::LinkError) -> String {
    use super::logic::LinkError::*;
    match err {
        MissingSeparator => t!(lang, "onb-link-err-separator"),
        EmptyTitle => t!(lang, "onb-link-err-title"),
        TitleTooLong { .. } => t!(lang, "onb-link-err-title-long"),
        InvalidUrl => t!(lang, "onb-link-err-url"),
        UnsupportedScheme { .. } => t!(lang, "onb-link-err-scheme"),
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
    match super::logic::parse_goals(&cmd.args) {
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

async fn goals(ctx: &Ctx, chat_id: i64, lang: Lang) -> anyhow::Result<Vec<String>> {
    Ok(match store::text(&ctx.db, chat_id, "goals").await? {
        Some(text) => text.lines().map(str::to_owned).filter(|g| !g.is_empty()).collect(),
        None => super::logic::parse_goals(&t!(lang, "onb-default-goals")).unwrap_or_default(),
    })
}

// ---- the introduction in DM ----------------------------------------------------

/// `/start onb_<chat id>` in a DM.
pub async fn start_intro(bot: &HearthBot, ctx: &Ctx, msg: &Message, chat_id: i64) -> HandlerResult {
    let lang = lang_of(ctx, msg).await;
    let Some(user) = &msg.from else { return Ok(()) };
    let user_id = user.id.0 as i64;
    if !members::is_present(&ctx.db, chat_id, user_id).await? {
        reply(bot, msg, t!(lang, "onb-intro-not-member")).await?;
        return Ok(());
    }
    let title = chat_title(ctx, chat_id).await;
    if store::row(&ctx.db, chat_id, user_id).await?.is_none() {
        store::start_join(&ctx.db, chat_id, user_id, msg.date).await?;
    }
    store::mark_step(&ctx.db, chat_id, user_id, Step::DmOpened, msg.date).await?;
    if store::row(&ctx.db, chat_id, user_id).await?.is_some_and(|r| r.introduced_at.is_some()) {
        reply(bot, msg, t!(lang, "onb-intro-already", chat = html::escape(&title))).await?;
        return Ok(());
    }
    let dialogue = dialogues::Dialogue {
        user_id,
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
async fn on_goal(bot: &HearthBot, ctx: &Ctx, q: &CallbackQuery, chat_id: i64, index: u8) -> HandlerResult {
    let user_id = q.from.id.0 as i64;
    let lang = lang_of_user(ctx, Some(&q.from));
    let Some(d) = dialogues::dialogue(&ctx.db, user_id).await? else {
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
    choose_goal(bot, ctx, user_id, lang, d, goal, ctx.clock.now()).await
}

async fn choose_goal(
    bot: &HearthBot,
    ctx: &Ctx,
    user_id: i64,
    lang: Lang,
    mut d: dialogues::Dialogue,
    goal: &str,
    at: DateTime<Utc>,
) -> HandlerResult {
    store::set_goal(&ctx.db, d.chat_id, user_id, goal).await?;
    d.step = "about".into();
    d.data = goal.to_owned();
    dialogues::set_dialogue(&ctx.db, &d, at).await?;
    send(bot, user_id, None, t!(lang, "onb-intro-ask-about", max = 500), None).await?;
    Ok(())
}

/// A message in a DM while a dialogue is open. `true` if onboarding took it.
pub async fn on_dialogue_message(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    d: dialogues::Dialogue,
) -> anyhow::Result<bool> {
    let lang = lang_of(ctx, msg).await;
    let Some(user) = &msg.from else { return Ok(false) };
    let user_id = user.id.0 as i64;
    match d.kind.as_str() {
        INTRO => {
            let Some(text) = msg.text().map(str::trim).filter(|t| !t.is_empty()) else {
                let key = if d.step == "goal" { "onb-intro-reask-goal" } else { "onb-intro-reask-about" };
                reply(bot, msg, crate::i18n::text(lang, key, None)).await?;
                return Ok(true);
            };
            if d.step == "goal" {
                let goal = html::truncate(text, 60);
                choose_goal(bot, ctx, user_id, lang, d, &goal, msg.date).await?;
                return Ok(true);
            }
            let about = match super::logic::clean_intro(text) {
                Ok(about) => about,
                Err(_) => {
                    reply(bot, msg, t!(lang, "onb-intro-too-long", max = 500)).await?;
                    return Ok(true);
                }
            };
            let chat_lang = chat_lang(ctx, d.chat_id).await;
            let intro = t!(
                chat_lang,
                "onb-intro-post",
                name = mention(user),
                about = html::escape(&about),
                goal = html::escape(&d.data)
            );
            topics::post(bot, ctx, d.chat_id, TopicKind::Intro, intro, None).await?;
            store::mark_step(&ctx.db, d.chat_id, user_id, Step::Introduced, msg.date).await?;
            dialogues::clear_dialogue(&ctx.db, user_id).await?;
            let links = store::links(&ctx.db, d.chat_id).await?;
            let rows = links.iter().filter_map(|(t, u)| url_button(t, u)).map(|b| vec![b]);
            let markup = ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new(rows));
            let title = chat_title(ctx, d.chat_id).await;
            reply_markup(bot, msg, t!(lang, "onb-intro-thanks", chat = html::escape(&title)), Some(markup))
                .await?;
            Ok(true)
        }
        CHECKIN => {
            let Some(text) = msg.text().map(str::trim).filter(|t| !t.is_empty()) else {
                reply(bot, msg, t!(lang, "onb-checkin-reask")).await?;
                return Ok(true);
            };
            let chat_lang = chat_lang(ctx, d.chat_id).await;
            let title = chat_title(ctx, d.chat_id).await;
            let key =
                if d.step == "idea" { "onb-checkin-idea-to-admins" } else { "onb-checkin-help-to-admins" };
            let note = crate::i18n::text(
                chat_lang,
                key,
                Some(&{
                    let mut a = crate::i18n::Args::new();
                    a.insert("name".into(), crate::i18n::arg(mention(user)));
                    a.insert("chat".into(), crate::i18n::arg(html::escape(&title)));
                    a.insert("text".into(), crate::i18n::arg(html::escape(&html::truncate(text, 1500))));
                    a
                }),
            );
            notify::notify_admins(bot, ctx, d.chat_id, &note, None).await?;
            dialogues::clear_dialogue(&ctx.db, user_id).await?;
            reply(bot, msg, t!(lang, "onb-checkin-passed-on")).await?;
            Ok(true)
        }
        _ => Ok(false),
    }
}

pub async fn cancel(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(user) = &msg.from else { return Ok(()) };
    let text = if dialogues::clear_dialogue(&ctx.db, user.id.0 as i64).await? {
        t!(lang, "onb-cancelled")
    } else {
        t!(lang, "onb-nothing-to-cancel")
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}

// ---- check-in --------------------------------------------------------------

/// `checkin_days` after joining: "How is it going?" to newcomers with an open DM.
pub async fn checkin_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    for (chat_id, user_id, _) in store::due_checkins(&ctx.db, now).await? {
        // Mark first: a crash mid-send never makes a second check-in.
        if !store::mark_step(&ctx.db, chat_id, user_id, Step::CheckinSent, now).await? {
            continue;
        }
        let lang = user_lang(&ctx, user_id).await;
        let title = chat_title(&ctx, chat_id).await;
        let rows = CheckinAnswer::ALL.map(|answer| {
            let key = format!("onb-checkin-{}", answer.code());
            let data = OnboardingButton::Checkin { answer, chat_id }.encode();
            vec![InlineKeyboardButton::callback(crate::i18n::text(lang, &key, None), data)]
        });
        let markup = ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new(rows));
        let text = t!(lang, "onb-checkin", chat = html::escape(&title));
        notify::dm(&ctx.bot, &ctx, user_id, text, Some(markup)).await?;
    }
    Ok(())
}

/// A check-in button: all good / I need help / I have an idea.
async fn on_checkin(
    bot: &HearthBot,
    ctx: &Ctx,
    q: &CallbackQuery,
    answer: CheckinAnswer,
    chat_id: i64,
) -> HandlerResult {
    let user_id = q.from.id.0 as i64;
    let lang = lang_of_user(ctx, Some(&q.from));
    if !store::answer_checkin(&ctx.db, chat_id, user_id, answer.code(), ctx.clock.now()).await? {
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
    send(bot, user_id, None, crate::i18n::text(lang, key, None), None).await?;
    Ok(())
}

// ---- funnel ----------------------------------------------------------------

pub async fn funnel(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let since = msg.date - chrono::Duration::days(30);
    let counts = store::funnel(&ctx.db, msg.chat.id.0, since).await?;
    let rows = funnel_rows(&FunnelStep::ALL.iter().copied().zip(counts).collect::<Vec<_>>());
    let mut out = vec![t!(lang, "onb-funnel-header", days = 30)];
    for row in rows {
        let step = crate::i18n::text(lang, &format!("onb-step-{}", row.step.as_str()), None);
        out.push(t!(
            lang,
            "onb-funnel-row",
            step = step,
            count = row.count,
            pct = format!("{:.0}", row.pct_of_joined),
            prev = format!("{:.0}", row.pct_of_previous)
        ));
    }
    reply(&bot, &msg, out.join("\n")).await?;
    Ok(())
}
