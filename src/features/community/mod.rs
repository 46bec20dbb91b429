//! The community's own commands: /help (from every feature's specs), a
//! plain /start in a DM, /settings and /set (from the settings registry),
//! /setlogchat; the bot's greeting when it is added; setMyCommands.

pub mod greeting;
pub mod help;
pub mod log_chat;
pub mod settings;

pub use greeting::on_my_chat_member;
pub use help::register_commands;

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
        .command("help", help::help)
        .command("start", help::start)
        .command("settings", settings::show_settings)
        .command("set", settings::set)
        .command("setlogchat", log_chat::set_log_chat)
}
