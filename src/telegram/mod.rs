//! The Telegram edge, below everything else: the bot type, command parsing
//! and specs, button payloads, admin lists, sending within Telegram's limits
//! and HTML. It knows no feature.

pub mod auth;
pub mod callback;
pub mod command;
pub mod html;
pub mod send;

use std::{ops::Deref, sync::Arc};

use teloxide::{
    adaptors::{DefaultParseMode, throttle::Limits},
    prelude::*,
    types::{AllowedUpdate, ParseMode},
};

use crate::config::Config;

pub mod limiter;

/// The bot every feature talks through: HTML as the default parse mode, and
/// Telegram's sending limits kept by `limiter` (messages go out at once while
/// under them). Calls other than sending (edits, restrictions, callbacks …)
/// go straight through the `Deref`; messages are sent with `send::send`,
/// `send::reply` and friends, which reserve a slot first.
#[derive(Clone)]
pub struct HearthBot {
    inner: DefaultParseMode<Bot>,
    limiter: Arc<limiter::SendLimiter>,
}

impl HearthBot {
    /// Waits for a sending slot in `chat_id` under Telegram's limits.
    pub async fn slot(&self, chat_id: i64) {
        self.limiter.acquire(chat_id).await;
    }

    /// Reserves a sending slot in `chat_id` only if one is free right now;
    /// never waits. For notices that must not hold up a chat's handling.
    pub fn try_slot(&self, chat_id: i64) -> bool {
        self.limiter.try_reserve(chat_id, std::time::Instant::now()).is_ok()
    }
}

impl Deref for HearthBot {
    type Target = DefaultParseMode<Bot>;

    fn deref(&self) -> &Self::Target {
        &self.inner
    }
}

/// The raw client, for calls that need no throttling (getUpdates, getMe).
pub fn raw_bot(config: &Config) -> Bot {
    let bot = Bot::new(config.token.expose());
    match &config.api_url {
        Some(url) => bot.set_api_url(url.clone()),
        None => bot,
    }
}

pub fn hearth_bot(raw: Bot, limits: Limits) -> HearthBot {
    HearthBot { inner: raw.parse_mode(ParseMode::Html), limiter: Arc::new(limiter::SendLimiter::new(limits)) }
}

/// The updates hearth asks for. chat_member is delivered only when asked for
/// (and only while the bot is an admin).
pub fn allowed_updates() -> Vec<AllowedUpdate> {
    vec![
        AllowedUpdate::Message,
        AllowedUpdate::EditedMessage,
        AllowedUpdate::CallbackQuery,
        AllowedUpdate::ChatMember,
        AllowedUpdate::MyChatMember,
        AllowedUpdate::ChatJoinRequest,
    ]
}
