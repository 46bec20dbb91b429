//! The welcome on a join: the rules gate (restrict until accepted), a
//! personal welcome — or, in a burst of joins, one batch welcome edited as
//! newcomers arrive — with the community's links, and clearing the earlier
//! welcomes away.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use teloxide::{
    prelude::*,
    types::{ChatPermissions, InlineKeyboardButton, InlineKeyboardMarkup, ReplyMarkup, UserId},
};

use super::{
    buttons::OnboardingButton,
    logic::{JoinBurst, TemplateValues, WelcomePlan, WelcomeTemplate},
    names::chat_title,
    store,
};
use crate::{
    db,
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult,
        deep_link::StartPayload,
        lang::chat_lang,
        members::{JoinKind, MemberEvent},
        topics::{self, TopicKind},
    },
    t,
    telegram::{
        HearthBot,
        callback::Button,
        html,
        send::{Failure, classify, delete_quietly, retrying, send},
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
    batch_message: Option<Arc<BatchMessage>>,
    batch_names: Vec<String>,
}

/// A batch welcome: sent by the join that started it (which may be parked
/// behind the group's sending budget), edited through the edit lane by the
/// joins after it.
#[derive(Default)]
struct BatchMessage {
    sent: Mutex<BatchSent>,
}

#[derive(Default)]
struct BatchSent {
    /// Its message id, once sent.
    id: Option<i32>,
    /// The latest content wanted before it was sent.
    wanted: Option<(String, InlineKeyboardMarkup)>,
    /// Newcomers it welcomes whose rows wait for its id (gated or not).
    waiting: Vec<(UserId, bool)>,
}

impl BatchMessage {
    fn lock(&self) -> std::sync::MutexGuard<'_, BatchSent> {
        match self.sent.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        }
    }
}

/// Names one batch welcome lists before the next join starts a new one, so
/// every newcomer is named and a raid of 50 makes a handful of messages.
const BATCH_CAP: usize = 15;

enum Plan {
    Single,
    /// The first of a batch sends it; the others want it edited.
    Batch {
        names: Vec<String>,
        message: Arc<BatchMessage>,
        first: bool,
    },
}

/// A button that opens `url` (none when the URL does not parse).
pub(super) fn url_button(title: &str, url: &str) -> Option<InlineKeyboardButton> {
    url::Url::parse(url).ok().map(|u| InlineKeyboardButton::url(html::truncate(title, 64), u))
}

/// Link buttons two per row, then the rules button (if gated), then the
/// introduction button.
pub(super) fn welcome_markup(
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
    if let Some(b) =
        url_button(&t!(lang, "onb-button-introduce"), &StartPayload::Onboarding { chat_id }.url(ctx))
    {
        rows.push(vec![b]);
    }
    InlineKeyboardMarkup::new(rows.into_iter().filter(|r| !r.is_empty()))
}

/// A member joined (once per real join): gate, welcome, record. A newcomer
/// `held` by a raid is recorded only: the raid's counted message is the
/// welcome, its hold the gate until it ends (`gate_after_raid`).
pub async fn on_join(bot: &HearthBot, ctx: &Ctx, ev: &MemberEvent, held: bool) -> HandlerResult {
    let chat_id = ev.chat_id;
    let chat = ChatId(chat_id);
    let user = ev.user.id;
    let settings = ctx.chat_settings(chat_id).await?;
    let lang = chat_lang(ctx, chat_id).await;
    let returning = ev.kind == JoinKind::Returning;
    let already_accepted = store::accepted_rules(&ctx.db, chat, user).await?;
    store::start_join(&ctx.db, chat, user, ev.at).await?;
    if held {
        return Ok(());
    }

    let mut gated = settings.bool("gate") && !already_accepted;
    if gated {
        let restricted =
            retrying(|| bot.restrict_chat_member(chat, user, ChatPermissions::empty()).send()).await;
        if let Err(err) = restricted {
            gated = false;
            tracing::warn!(chat_id, user_id = user.0, %err, "cannot restrict a newcomer; welcoming without the gate");
            if classify(&err) == Failure::NoRights
                && db::claim_once(&ctx.db, &format!("gate-norights:{chat_id}"), ev.at).await?
            {
                send(bot, chat_id, None, t!(lang, "onb-gate-no-rights"), None).await?;
            }
        }
    }

    let title = chat_title(ctx, chat_id).await;
    let links = store::links(&ctx.db, chat_id).await?;
    let name = html::mention_user(&ev.user);
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
                let first = entry.batch_message.is_none();
                let message = entry.batch_message.get_or_insert_with(Arc::default).clone();
                Plan::Batch { names: entry.batch_names.clone(), message, first }
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
            let accept = gated.then(|| OnboardingButton::Accept { owner: Some(user.0 as i64) }.encode());
            let markup = welcome_markup(ctx, lang, chat_id, &links, accept);
            let markup = Some(ReplyMarkup::InlineKeyboard(markup));
            let sent = topics::post(bot, ctx, chat_id, TopicKind::Welcome, text, markup).await?;
            store::record_welcome_post(&ctx.db, chat_id, sent.id.0, ev.at, gated).await?;
            Some(sent.id.0)
        }
        Plan::Batch { names, message, first } => {
            let mut text =
                t!(lang, "onb-welcome-batch", names = names.join(", "), chat = html::escape(&title));
            if settings.bool("gate") {
                text = format!("{text}\n\n{}", t!(lang, "onb-gate-note"));
            }
            let accept = settings.bool("gate").then(|| OnboardingButton::Accept { owner: None }.encode());
            let markup = welcome_markup(ctx, lang, chat_id, &links, accept);
            if first {
                let keyboard = Some(ReplyMarkup::InlineKeyboard(markup));
                let sent = topics::post(bot, ctx, chat_id, TopicKind::Welcome, text, keyboard).await;
                let sent = match sent {
                    Ok(sent) => sent,
                    Err(err) => {
                        // The next join starts a batch of its own.
                        if let Ok(mut bursts) = ctx.state::<State>().bursts.lock()
                            && let Some(entry) = bursts.get_mut(&chat_id)
                            && entry.batch_message.as_ref().is_some_and(|m| Arc::ptr_eq(m, &message))
                        {
                            entry.batch_message = None;
                            entry.batch_names.clear();
                        }
                        return Err(err.into());
                    }
                };
                store::record_welcome_post(&ctx.db, chat_id, sent.id.0, ev.at, gated).await?;
                let (wanted, waiting) = {
                    let mut batch = message.lock();
                    batch.id = Some(sent.id.0);
                    (batch.wanted.take(), std::mem::take(&mut batch.waiting))
                };
                if let Some((text, markup)) = wanted {
                    bot.edit_later(chat_id, sent.id.0, text, Some(markup));
                }
                for (newcomer, their_gate) in waiting {
                    store::set_welcome(&ctx.db, chat, newcomer, Some(sent.id.0), their_gate).await?;
                }
                Some(sent.id.0)
            } else {
                if message.lock().id.is_none() {
                    store::set_welcome(&ctx.db, chat, user, None, gated).await?;
                }
                let mut batch = message.lock();
                match batch.id {
                    Some(id) => {
                        drop(batch);
                        bot.edit_later(chat_id, id, text, Some(markup));
                        Some(id)
                    }
                    None => {
                        // Not sent yet (its join is waiting for the group's
                        // budget): it goes out with this text, or is edited
                        // to it, and this newcomer's row gets its id then.
                        batch.wanted = Some((text, markup));
                        batch.waiting.push((user, gated));
                        return Ok(());
                    }
                }
            }
        }
    };
    store::set_welcome(&ctx.db, chat, user, message_id, gated).await?;

    if settings.bool("clean_welcome")
        && let Some(keep) = message_id
    {
        for old in store::stale_welcomes(&ctx.db, chat_id, keep).await? {
            delete_quietly(bot, chat_id, old).await;
            store::mark_welcome_deleted(&ctx.db, chat_id, old).await?;
        }
    }
    Ok(())
}

/// The chat's welcome template filled in, else the default welcome (with
/// the rules, when there are some).
async fn welcome_text(
    ctx: &Ctx,
    chat_id: i64,
    lang: Lang,
    name: &str,
    title: &str,
) -> anyhow::Result<String> {
    let rules = store::text(&ctx.db, chat_id, "rules").await?.unwrap_or_default();
    let custom = store::text(&ctx.db, chat_id, "welcome").await?;
    let values =
        TemplateValues { name: name.to_owned(), chat: html::escape(title), rules: html::escape(&rules) };
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
