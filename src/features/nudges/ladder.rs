//! Each ladder step's DM: the First with its one-tap survey, the Second with
//! something concrete (lively discussions, upcoming events, the member's
//! points and badges within reach), the Goodbye.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use teloxide::types::{ChatId, InlineKeyboardButton, InlineKeyboardMarkup, UserId};

use super::{
    buttons::NudgeButton,
    chat,
    events::event_when,
    logic::{LadderStep, SurveyAnswer},
    store,
    survey::answer_label,
};
use crate::{
    features::points,
    i18n::Lang,
    kernel::{Ctx, format, lang::user_lang, members},
    t,
    telegram::{callback::Button, html},
};

/// Per sender run: what each chat offers in the Second nudge.
#[derive(Default)]
pub(super) struct Offers(HashMap<i64, Offer>);

#[derive(Clone, Default)]
struct Offer {
    /// (replies, link) of the liveliest discussions.
    discussions: Vec<(i64, String)>,
    /// Upcoming events, one formatted line each.
    events: Vec<String>,
}

/// The DM of `step` for a member, in their language: its text and buttons.
pub(super) async fn dm(
    ctx: &Ctx,
    chat: ChatId,
    user: UserId,
    step: LadderStep,
    now: DateTime<Utc>,
    offers: &mut Offers,
) -> anyhow::Result<(String, Option<InlineKeyboardMarkup>)> {
    let user_id = user.0 as i64;
    let lang = user_lang(ctx, user_id).await;
    let name = match members::user_name(&ctx.db, user_id).await? {
        Some((first, last)) => html::name(&first, last.as_deref()),
        None => "…".to_owned(),
    };
    let title = chat::title_html(ctx, chat.0).await?;
    let footer = t!(lang, "nudge-footer");
    Ok(match step {
        LadderStep::First => {
            let rows = SurveyAnswer::ALL.iter().map(|&answer| {
                let data = NudgeButton::Survey { chat_id: chat.0, answer }.encode();
                vec![InlineKeyboardButton::callback(answer_label(lang, answer), data)]
            });
            let text = format!("{}\n\n{footer}", t!(lang, "nudge-first", name = name, chat = title));
            (text, Some(InlineKeyboardMarkup::new(rows)))
        }
        LadderStep::Second => {
            let (text, buttons) = second_text(ctx, chat, user, lang, &name, &title, now, offers).await?;
            (format!("{text}\n\n{footer}"), Some(InlineKeyboardMarkup::new(buttons)))
        }
        LadderStep::Goodbye => (t!(lang, "nudge-goodbye", name = name, chat = title), None),
    })
}

/// What a chat offers (read once per sender run): the liveliest discussions
/// of the last week (by replies) and the upcoming events.
async fn offer(ctx: &Ctx, chat_id: i64, now: DateTime<Utc>, offers: &mut Offers) -> anyhow::Result<Offer> {
    if let Some(offer) = offers.0.get(&chat_id) {
        return Ok(offer.clone());
    }
    let username = members::chat_username(&ctx.db, chat_id).await?;
    let lively = store::lively(&ctx.db, chat_id, now - Duration::days(7), 3).await?;
    let discussions = lively
        .iter()
        .filter_map(|(id, n)| format::message_link(chat_id, username.as_deref(), *id).map(|u| (*n, u)))
        .collect();
    let tz = chat::timezone(&*ctx.chat_settings(chat_id).await?);
    let events = store::upcoming(&ctx.db, chat_id, now, 3)
        .await?
        .iter()
        .map(|e| format!("• {} — {}", event_when(&e.starts_at, tz), html::escape(&e.title)))
        .collect();
    let offer = Offer { discussions, events };
    offers.0.insert(chat_id, offer.clone());
    Ok(offer)
}

/// The invitation: the liveliest discussions of the last week (by replies)
/// or the upcoming events, and the member's points and what they could unlock.
#[allow(clippy::too_many_arguments)]
async fn second_text(
    ctx: &Ctx,
    chat: ChatId,
    user: UserId,
    lang: Lang,
    name: &str,
    title: &str,
    now: DateTime<Utc>,
    offers: &mut Offers,
) -> anyhow::Result<(String, Vec<Vec<InlineKeyboardButton>>)> {
    let Offer { discussions, events } = offer(ctx, chat.0, now, offers).await?;
    let mut out = vec![t!(lang, "nudge-second", name = name, chat = title)];
    if !events.is_empty() {
        out.push(String::new());
        out.push(t!(lang, "nudge-second-events"));
        out.extend(events.iter().cloned());
    }
    if !discussions.is_empty() {
        out.push(String::new());
        out.push(t!(lang, "nudge-second-discussions"));
    }
    if discussions.is_empty() && events.is_empty() {
        out.push(String::new());
        out.push(t!(lang, "nudge-second-nothing"));
    }
    let total = points::store::total(&ctx.db, chat, user).await?;
    let earned = points::store::badges(&ctx.db, chat, user).await?;
    let next: Vec<String> = points::logic::Badge::ALL
        .iter()
        .filter(|b| !earned.contains(b))
        .take(3)
        .map(|b| points::badge_name(lang, *b))
        .collect();
    out.push(String::new());
    out.push(t!(lang, "nudge-second-points", points = total));
    if !next.is_empty() {
        out.push(t!(lang, "nudge-second-unlock", badges = next.join(", ")));
    }
    let buttons = discussions
        .iter()
        .filter_map(|(replies, url)| {
            let label = t!(lang, "nudge-discussion-button", replies = *replies);
            url::Url::parse(url).ok().map(|u| vec![InlineKeyboardButton::url(label, u)])
        })
        .collect();
    Ok((out.join("\n"), buttons))
}
