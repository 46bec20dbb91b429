//! `/notes`: the chat's notes; admins see each one's trigger phrases too.

use std::sync::Arc;

use teloxide::types::Message;

use super::{logic, store};
use crate::{
    kernel::{Ctx, HandlerResult, lang::lang_of},
    t,
    telegram::{
        HearthBot,
        html::{escape, fit_lines},
        send::reply,
    },
};

pub async fn list(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let notes = store::list(&ctx.db, msg.chat.id.0).await?;
    if notes.is_empty() {
        reply(&bot, &msg, t!(lang, "notes-none")).await?;
        return Ok(());
    }
    let admin = ctx.admins.sender_is_admin(&bot, &msg).await;
    let lines: Vec<String> = notes
        .iter()
        .map(|(name, stored)| {
            let phrases = logic::split_phrases(stored);
            let mut line = format!("• <code>#{}</code>", escape(name));
            if admin && !phrases.is_empty() {
                let shown: Vec<String> = phrases.iter().map(|p| escape(p)).collect();
                line.push_str(&t!(lang, "notes-triggers", phrases = shown.join("; ")));
            }
            line
        })
        .collect();
    let header = t!(lang, "notes-header", count = notes.len());
    let mut text = fit_lines(&header, &lines, |n| t!(lang, "notes-more", count = n));
    text.push_str("\n\n");
    text.push_str(&t!(lang, "notes-how"));
    reply(&bot, &msg, text).await?;
    Ok(())
}
