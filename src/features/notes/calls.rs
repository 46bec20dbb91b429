//! Calling a note: `/faq name`, or `#name` at the start of a message. In
//! reply to a message, the note answers that message (a member points a
//! newcomer at it); otherwise it answers the call.

use std::sync::Arc;

use teloxide::types::Message;

use super::{
    editing::not_found,
    logic::{self, NoteName},
    sending::{Pace, Target, send_note},
    store,
    texts::error_text,
};
use crate::{
    kernel::{Ctx, HandlerResult, lang::lang_of},
    telegram::{HearthBot, command::Command, send::reply},
};

/// `/faq <name>`: the note, or the closest names to a miss.
pub async fn faq(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let name = match logic::split_name(&cmd.args) {
        Ok((name, _)) => name,
        Err(err) => {
            let lang = lang_of(&ctx, &msg).await;
            reply(&bot, &msg, error_text(lang, &err, "faq-usage")).await?;
            return Ok(());
        }
    };
    match store::get(&ctx.db, msg.chat.id.0, &name).await? {
        Some(note) => {
            send_note(&bot, Target::answering(&msg, true), &note, Pace::Paced).await?;
            Ok(())
        }
        None => not_found(&bot, &ctx, &msg, lang_of(&ctx, &msg).await, &name).await,
    }
}

/// `#name` at the start of a group message: the note, if there is one (a
/// hashtag that names no note is an ordinary hashtag, left alone).
pub async fn hashtag(bot: &HearthBot, ctx: &Ctx, msg: &Message, name: &NoteName) -> HandlerResult {
    if let Some(note) = store::get(&ctx.db, msg.chat.id.0, name).await? {
        send_note(bot, Target::answering(msg, true), &note, Pace::Paced).await?;
    }
    Ok(())
}
