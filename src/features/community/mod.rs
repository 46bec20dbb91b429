//! The community's own commands: /help (from every feature's specs), a
//! plain /start in a DM, /settings and /set (from the settings registry),
//! /setlogchat; the bot's greeting when it is added; setMyCommands.

pub mod handlers;

pub use handlers::{on_my_chat_member, register_commands};

use crate::{
    kernel::Routes,
    telegram::command::{CommandSpec, Place},
};

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::member("help", Place::Anywhere, "cmd-help"),
    CommandSpec::member("start", Place::Private, "cmd-start"),
    CommandSpec::admin("settings", "cmd-settings"),
    CommandSpec::admin("set", "cmd-set"),
    CommandSpec::admin("setlogchat", "cmd-setlogchat"),
];

pub fn routes() -> Routes {
    Routes::new(COMMANDS)
        .command("help", handlers::help)
        .command("start", handlers::start)
        .command("settings", handlers::show_settings)
        .command("set", handlers::set)
        .command("setlogchat", handlers::set_log_chat)
}
