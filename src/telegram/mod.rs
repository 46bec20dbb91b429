//! The Telegram edge shared by all features: the bot type, the handler tree,
//! commands, admin checks, sending and HTML.

pub mod auth;
pub mod callback;
pub mod command;
pub mod html;
pub mod schema;
pub mod send;

use teloxide::{
    adaptors::{DefaultParseMode, Throttle, throttle::Limits},
    prelude::*,
    types::{AllowedUpdate, ParseMode},
};

use crate::config::Config;

/// Every call goes through Throttle (Telegram's limits, 429s retried) with
/// HTML as the default parse mode. Throttle is innermost, as teloxide advises.
pub type HearthBot = DefaultParseMode<Throttle<Bot>>;

/// The raw client, for calls that need no throttling (getUpdates, getMe).
pub fn raw_bot(config: &Config) -> Bot {
    let bot = Bot::new(config.token.expose());
    match &config.api_url {
        Some(url) => bot.set_api_url(url.clone()),
        None => bot,
    }
}

/// Must be called inside the tokio runtime (Throttle spawns its worker).
pub fn hearth_bot(raw: Bot, limits: Limits) -> HearthBot {
    raw.throttle(limits).parse_mode(ParseMode::Html)
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
