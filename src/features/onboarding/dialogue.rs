//! The DM dialogues onboarding runs — the introduction, and the check-in's
//! follow-up question — and `/cancel`, which leaves any of them.

use std::sync::Arc;

use teloxide::types::Message;

use super::{checkin, intro};
use crate::{
    kernel::{Ctx, HandlerResult, dialogues, lang::lang_of},
    t,
    telegram::{HearthBot, send::reply},
};

/// A message in a DM while a dialogue is open. `true` if onboarding took it.
pub async fn on_dialogue_message(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    d: dialogues::Dialogue,
) -> anyhow::Result<bool> {
    let Some(user) = &msg.from else { return Ok(false) };
    match d.kind.as_str() {
        intro::INTRO => intro::on_intro_message(bot, ctx, msg, user, d).await.map(|()| true),
        checkin::CHECKIN => checkin::on_checkin_message(bot, ctx, msg, user, d).await.map(|()| true),
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
