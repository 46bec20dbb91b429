//! The FAQ answering by itself, and `#name` calls: a group message starting
//! with `#name` gets that note; a member's question (not an admin's, not a
//! command) that matches a note's trigger phrase gets the note as a reply —
//! at most once per note per `faq_cooldown` (by Telegram's dates), keyed by
//! the question's message so a re-delivered update is never answered twice.
//! The chat's compiled triggers are kept in memory until they change.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
};

use teloxide::types::Message;

use super::{
    calls,
    logic::{self, Triggers},
    sending::{Pace, Target, send_note},
    store,
};
use crate::kernel::{Ctx, HandlerResult};

/// The chats' compiled triggers.
#[derive(Default)]
pub struct TriggerCache(Mutex<HashMap<i64, Arc<Triggers>>>);

/// Drops a chat's compiled triggers (they changed, or the chat moved).
pub fn forget_chat(ctx: &Ctx, chat_id: i64) {
    if let Ok(mut chats) = ctx.state::<TriggerCache>().0.lock() {
        chats.remove(&chat_id);
    }
}

async fn triggers(ctx: &Ctx, chat_id: i64) -> sqlx::Result<Arc<Triggers>> {
    let cache = ctx.state::<TriggerCache>();
    if let Some(found) = cache.0.lock().ok().and_then(|c| c.get(&chat_id).cloned()) {
        return Ok(found);
    }
    let compiled = Arc::new(logic::compile_triggers(&store::with_triggers(&ctx.db, chat_id).await?));
    if let Ok(mut chats) = cache.0.lock() {
        chats.insert(chat_id, compiled.clone());
    }
    Ok(compiled)
}

/// A group message that is not a command of ours; `asks` whether it is a
/// question (`ingest::record::asks`).
pub async fn on_group_message(ctx: &Ctx, msg: &Message, asks: bool) -> HandlerResult {
    let Some(text) = msg.text().or(msg.caption()) else { return Ok(()) };
    if text.starts_with('/') {
        return Ok(());
    }
    if let Some(name) = logic::hashtag_call(text) {
        return calls::hashtag(&ctx.bot, ctx, msg, &name).await;
    }
    if !asks || msg.sender_chat.is_some() || msg.from.as_ref().is_none_or(|u| u.is_bot) {
        return Ok(());
    }
    let chat_id = msg.chat.id.0;
    let triggers = triggers(ctx, chat_id).await?;
    let Some(name) = logic::matching(&triggers, text).next().map(str::to_owned) else { return Ok(()) };
    if ctx.admins.sender_is_admin(&ctx.bot, msg).await {
        return Ok(());
    }
    let cooldown = ctx.chat_settings(chat_id).await?.duration("faq_cooldown");
    let floor = logic::cooldown_floor(msg.date, cooldown);
    if !store::claim_answer(&ctx.db, chat_id, msg.id.0, &name, msg.date, floor).await? {
        return Ok(());
    }
    let Some(note) = store::get(&ctx.db, chat_id, &logic::NoteName::parse(&name)?).await? else {
        return Ok(());
    };
    // An automatic answer never holds up the chat: it goes out in a slot
    // free now, or not at all (and is then not counted).
    match send_note(&ctx.bot, Target::answering(msg, false), &note, Pace::IfFree).await {
        Ok(Some(_)) => {}
        Ok(None) => store::release_answer(&ctx.db, chat_id, msg.id.0).await?,
        // Recorded before the call: a failed send is not tried again, so it
        // can never be sent twice.
        Err(err) => tracing::warn!(chat_id, %err, "the FAQ's answer was not sent"),
    }
    Ok(())
}
