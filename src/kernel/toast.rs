//! Answering a button press: a toast (a short notice at the top of the
//! chat), an alert (a box the user closes), or a silent acknowledgement.
//! Telegram shows at most 200 characters of plain text; HTML is stripped.

use teloxide::{prelude::*, types::CallbackQuery};

use super::{Ctx, HandlerResult, lang::lang_of_user};
use crate::{
    t,
    telegram::{HearthBot, html},
};

/// Telegram's limit on a callback answer's text.
const MAX_TOAST: usize = 200;

/// A short notice that fades.
pub async fn toast(bot: &HearthBot, q: &CallbackQuery, text: impl AsRef<str>) -> HandlerResult {
    answer(bot, q, text.as_ref(), false).await
}

/// A box the user has to close.
pub async fn alert(bot: &HearthBot, q: &CallbackQuery, text: impl AsRef<str>) -> HandlerResult {
    answer(bot, q, text.as_ref(), true).await
}

/// Stops the button's spinner, saying nothing.
pub async fn ack(bot: &HearthBot, q: &CallbackQuery) -> HandlerResult {
    bot.answer_callback_query(q.id.clone()).await?;
    Ok(())
}

/// The localized "this button is stale" alert, in the presser's language.
pub async fn stale(bot: &HearthBot, ctx: &Ctx, q: &CallbackQuery) -> HandlerResult {
    let lang = lang_of_user(ctx, Some(&q.from));
    alert(bot, q, t!(lang, "callback-stale")).await
}

async fn answer(bot: &HearthBot, q: &CallbackQuery, text: &str, show_alert: bool) -> HandlerResult {
    let text = html::truncate(&html::to_plain(text), MAX_TOAST);
    bot.answer_callback_query(q.id.clone()).text(text).show_alert(show_alert).await?;
    Ok(())
}
