//! The rules gate: "I accept the rules" lifts a newcomer's restriction —
//! the gate's own, never a sanction in force (a mute stays until it ends);
//! the gate-kick job removes those who never pressed it in time.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::{prelude::*, types::InlineKeyboardMarkup};

use super::{
    buttons::OnboardingButton,
    store::{self, Step},
    welcome::welcome_markup,
};
use crate::{
    db,
    features::moderation::{self, Muted},
    i18n::Lang,
    kernel::{Ctx, HandlerResult, lang::chat_lang, toast},
    t,
    telegram::{HearthBot, callback::Button, send::retrying},
};

/// The "I accept the rules" button.
pub async fn on_accept(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    q: CallbackQuery,
    button: OnboardingButton,
) -> HandlerResult {
    let OnboardingButton::Accept { owner } = button else { return toast::stale(&bot, &ctx, &q).await };
    let presser = q.from.id;
    let Some(message) = q.regular_message() else {
        return toast::stale(&bot, &ctx, &q).await;
    };
    let chat = message.chat.id;
    let lang = chat_lang(&ctx, chat.0).await;
    if owner.is_some_and(|o| o != presser.0 as i64) {
        return toast::alert(&bot, &q, t!(lang, "onb-not-your-button")).await;
    }
    let row = store::row(&ctx.db, chat, presser).await?;
    let pending = row.as_ref().is_some_and(|r| r.gated && r.rules_accepted_at.is_none());
    if !pending {
        let text = if row.is_some_and(|r| r.rules_accepted_at.is_some()) {
            t!(lang, "onb-already-accepted")
        } else {
            t!(lang, "onb-not-your-button")
        };
        return toast::alert(&bot, &q, text).await;
    }
    let now = ctx.clock.now();
    // Only the gate's part is lifted: a mute in force stays.
    let mute = match moderation::lift_hold(&bot, &ctx, chat, presser, now).await? {
        Ok(mute) => mute,
        Err(err) => {
            tracing::warn!(chat_id = chat.0, presser = presser.0, %err, "could not lift the gate");
            return toast::alert(&bot, &q, t!(lang, "onb-accept-failed")).await;
        }
    };
    store::accept_rules(&ctx.db, chat, presser, now).await?;
    match mute {
        None => toast::toast(&bot, &q, t!(lang, "onb-accepted")).await?,
        Some(Muted::Until(until)) => {
            let until = until.format("%Y-%m-%d %H:%M UTC").to_string();
            toast::alert(&bot, &q, t!(lang, "onb-accepted-muted-until", until = until)).await?
        }
        Some(Muted::Forever) => toast::alert(&bot, &q, t!(lang, "onb-accepted-muted")).await?,
    }
    if owner.is_some() {
        // A personal welcome: drop the button, keep the links.
        let links = store::links(&ctx.db, chat.0).await?;
        let markup = welcome_markup(&ctx, lang, chat.0, &links, None);
        // Through the edit lane: a chat's edits wait for its edit budget,
        // and nothing else waits for them.
        bot.edit_markup_later(chat.0, message.id.0, markup);
    }
    Ok(())
}

/// Members who never pressed the rules button are removed after
/// `gate_kick_minutes` (ban then unban, so they may come back).
pub async fn gate_kick_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    let earliest = now - chrono::Duration::minutes(1);
    for (chat, user) in store::overdue_gates(&ctx.db, earliest).await? {
        let settings = ctx.chat_settings(chat.0).await?;
        let minutes = settings.int("gate_kick_minutes");
        if minutes <= 0 {
            continue;
        }
        let Some(row) = store::row(&ctx.db, chat, user).await? else { continue };
        let due =
            db::parse_ts(&row.gate_shown_at).is_some_and(|j| j + chrono::Duration::minutes(minutes) <= now);
        if !due {
            continue;
        }
        let banned = retrying(|| ctx.bot.ban_chat_member(chat, user).send()).await;
        match banned {
            Ok(_) => {
                let _ = retrying(|| ctx.bot.unban_chat_member(chat, user).only_if_banned(true).send()).await;
                store::mark_step(&ctx.db, chat, user, Step::Removed, now).await?;
            }
            Err(err) => {
                tracing::warn!(
                    chat_id = chat.0,
                    user_id = user.0,
                    %err,
                    "could not remove a member who never accepted the rules"
                );
                store::mark_step(&ctx.db, chat, user, Step::Removed, now).await?;
            }
        }
    }
    Ok(())
}

/// A newcomer a raid held, at the raid's end: whether the rules gate now
/// keeps them restricted (the gate is on and they never accepted the rules),
/// its `gate_kick_minutes` counted from `at`.
pub async fn gate_after_raid(
    ctx: &Ctx,
    chat: ChatId,
    user: UserId,
    at: DateTime<Utc>,
) -> anyhow::Result<bool> {
    if !ctx.chat_settings(chat.0).await?.bool("gate") {
        return Ok(false);
    }
    Ok(store::gate_from(&ctx.db, chat, user, at).await?)
}

/// The chat's welcome links and an "I accept the rules" button anyone the
/// gate waits for may press (a raid's summary carries it).
pub async fn rules_markup(ctx: &Ctx, lang: Lang, chat_id: i64) -> sqlx::Result<InlineKeyboardMarkup> {
    let links = store::links(&ctx.db, chat_id).await?;
    let accept = OnboardingButton::Accept { owner: None }.encode();
    Ok(welcome_markup(ctx, lang, chat_id, &links, Some(accept)))
}
