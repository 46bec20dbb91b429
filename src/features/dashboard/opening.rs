//! `/dashboard`: a button that opens the dashboard — in a DM a `web_app`
//! button (a Mini App), in a group, where Telegram refuses those, a
//! `login_url` button (Telegram's seamless sign-in; the public URL's domain
//! must be linked to the bot with @BotFather's /setdomain).

use std::sync::Arc;

use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, LoginUrl, ReplyMarkup, WebAppInfo},
};
use url::Url;

use crate::{
    kernel::{Ctx, HandlerResult, access, lang::lang_of},
    t,
    telegram::{HearthBot, command::Command, send},
};

/// Where the dashboard is served, when it is: HEARTH_PUBLIC_URL (the
/// configuration refuses it without HEARTH_LISTEN).
pub fn base(ctx: &Ctx) -> Option<&Url> {
    ctx.config.public_url.as_ref()
}

/// `path` under the public base (its own path kept: `https://x.org/hearth`).
pub fn page_url(base: &Url, path: &str) -> Result<Url, url::ParseError> {
    Url::parse(&format!("{}/{path}", base.as_str().trim_end_matches('/')))
}

pub async fn dashboard(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, _cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(base) = base(&ctx) else {
        send::reply(&bot, &msg, t!(lang, "dash-not-served")).await?;
        return Ok(());
    };
    let markup = if msg.chat.is_private() {
        let Ok(url) = page_url(base, "dashboard") else { return Ok(()) };
        InlineKeyboardButton::web_app(t!(lang, "dash-open"), WebAppInfo { url })
    } else {
        if !access::require_admin(&bot, &ctx, &msg).await? {
            return Ok(());
        }
        let Ok(mut url) = page_url(base, "dashboard/auth/login") else { return Ok(()) };
        url.query_pairs_mut().append_pair("chat", &msg.chat.id.0.to_string());
        let login = LoginUrl { url, forward_text: None, bot_username: None, request_write_access: None };
        InlineKeyboardButton::login(t!(lang, "dash-open"), login)
    };
    let markup = ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new([[markup]]));
    let text = if msg.chat.is_private() { t!(lang, "dash-open-dm") } else { t!(lang, "dash-open-group") };
    send::reply_markup(&bot, &msg, text, Some(markup)).await?;
    Ok(())
}
