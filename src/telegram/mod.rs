//! The Telegram edge, below everything else: the bot type, command parsing
//! and specs, button payloads, admin lists, sending within Telegram's limits
//! and HTML. It knows no feature.

pub mod auth;
pub mod callback;
pub mod command;
pub mod edits;
pub mod html;
pub mod park;
pub mod send;
pub mod signed_data;

use std::{ops::Deref, sync::Arc};

use teloxide::{
    adaptors::{DefaultParseMode, throttle::Limits},
    prelude::*,
    types::{AllowedUpdate, InlineKeyboardMarkup, ParseMode},
};

use crate::config::Config;

pub mod limiter;

/// The bot every feature talks through: HTML as the default parse mode, and
/// Telegram's sending limits kept by `limiter` (messages go out at once while
/// under them). Calls other than sending (edits, restrictions, callbacks …)
/// go straight through the `Deref`; messages are sent with `send::send`,
/// `send::reply` and friends, which reserve a slot first. Edits that may
/// wait go through the edit lane (`edit_later`).
#[derive(Clone)]
pub struct HearthBot {
    inner: DefaultParseMode<Bot>,
    limiter: Arc<limiter::SendLimiter>,
    edits: Arc<edits::EditLane>,
    turns: Arc<park::Turns>,
}

impl HearthBot {
    /// Waits for a sending slot in `chat_id` under Telegram's limits (and,
    /// in a chat's worker, for the chat's turn: see `park`). A handler that
    /// has to wait is parked: its chat's worker goes on without it.
    pub async fn slot(&self, chat_id: i64) {
        park::take_turn(chat_id).await;
        loop {
            match self.limiter.try_reserve(chat_id, std::time::Instant::now()) {
                Ok(()) => return,
                Err(wait) => {
                    park::park();
                    tokio::time::sleep(wait.max(std::time::Duration::from_millis(1))).await;
                }
            }
        }
    }

    /// Wants the text (and keyboard) of a message changed; returns at once.
    /// The edit lane sends the latest content wanted when the chat's edit
    /// budget allows.
    pub fn edit_later(
        &self,
        chat_id: i64,
        message_id: i32,
        text: String,
        markup: Option<InlineKeyboardMarkup>,
    ) {
        self.edits.want(chat_id, message_id, edits::Edit::Text { text, markup });
    }

    /// Wants the keyboard of a message changed; returns at once.
    pub fn edit_markup_later(&self, chat_id: i64, message_id: i32, markup: InlineKeyboardMarkup) {
        self.edits.want(chat_id, message_id, edits::Edit::Markup(markup));
    }

    /// The edit lane (how many edits are outstanding, waiting for them).
    pub fn edits(&self) -> &edits::EditLane {
        &self.edits
    }

    /// The chats' turns at sending, for the workers' parking scopes.
    pub fn turns(&self) -> Arc<park::Turns> {
        self.turns.clone()
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
    let inner = raw.parse_mode(ParseMode::Html);
    HearthBot {
        edits: Arc::new(edits::EditLane::new(inner.clone(), limits)),
        inner,
        limiter: Arc::new(limiter::SendLimiter::new(limits)),
        turns: Arc::default(),
    }
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
