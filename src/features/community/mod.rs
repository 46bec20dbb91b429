//! The ground floor: which chats the bot is in, who it has seen, what they
//! said and when (Telegram's dates), per-chat settings, /help and /start.

pub mod handlers;
pub mod logic;
pub mod store;

pub use handlers::*;

use crate::telegram::command::{Access, CommandSpec, Place};

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec { name: "help", access: Access::Member, place: Place::Anywhere, help: "cmd-help" },
    CommandSpec { name: "start", access: Access::Member, place: Place::Private, help: "cmd-start" },
    CommandSpec { name: "settings", access: Access::Admin, place: Place::Group, help: "cmd-settings" },
    CommandSpec { name: "set", access: Access::Admin, place: Place::Group, help: "cmd-set" },
    CommandSpec { name: "setlogchat", access: Access::Admin, place: Place::Group, help: "cmd-setlogchat" },
];
