//! `/give`: an admin gives (or takes) points, in reply to a member's message.

use std::sync::Arc;

use teloxide::types::Message;

use super::{
    ledger::award,
    logic::{Reason, Reference},
    store::{self, Award},
};
use crate::{
    kernel::{Ctx, HandlerResult, format, lang::lang_of},
    t,
    telegram::{HearthBot, command::Command, html, send::reply},
};

/// The most an admin may give or take with one /give.
const MAX_GIFT: i64 = 100_000;

/// `/give <n> [reason]` in reply to a member's message (admins; negative takes).
pub async fn give(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(admin) = &msg.from else { return Ok(()) };
    let (amount, note) = match cmd.args.split_once(char::is_whitespace) {
        Some((n, rest)) => (n, rest.trim()),
        None => (cmd.args.as_str(), ""),
    };
    let amount =
        amount.trim_start_matches('+').parse::<i64>().ok().filter(|n| *n != 0 && n.abs() <= MAX_GIFT);
    let Some(amount) = amount else {
        reply(&bot, &msg, t!(lang, "give-usage", max = MAX_GIFT)).await?;
        return Ok(());
    };
    let target = msg.reply_to_message().filter(|r| r.sender_chat.is_none()).and_then(|r| r.from.as_ref());
    let Some(target) = target.filter(|u| !u.is_bot) else {
        reply(&bot, &msg, t!(lang, "give-usage", max = MAX_GIFT)).await?;
        return Ok(());
    };
    if target.id == admin.id {
        reply(&bot, &msg, t!(lang, "give-not-self")).await?;
        return Ok(());
    }
    let chat = msg.chat.id;
    let note = html::truncate(note, 200);
    let gift = Award {
        chat_id: chat,
        user_id: target.id,
        points: amount,
        reason: Reason::AdminGift,
        reference: Reference::Command(msg.id.0),
        note: (!note.is_empty()).then(|| note.clone()),
        by: Some(admin.id),
        at: msg.date,
    };
    if !award(&ctx, &gift).await? {
        // The same /give delivered twice: already done and answered.
        return Ok(());
    }
    let target_id = target.id.0 as i64;
    tracing::info!(chat_id = chat.0, admin = admin.id.0, target_id, amount, note = %note, "admin gave points");
    let total = store::total(&ctx.db, chat, target.id).await?;
    let name = html::mention_user(target);
    let reason = if note.is_empty() { String::new() } else { format!(" — {}", html::escape(&note)) };
    let text =
        t!(lang, "give-done", name = name, points = format::signed(amount), reason = reason, total = total);
    reply(&bot, &msg, text).await?;
    Ok(())
}
