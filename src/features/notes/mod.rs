//! Notes: the chat's saved answers (its FAQ). Admins save a note with
//! `/note <name> <text>` or in reply to a message (its formatting and a
//! photo or document kept), remove it with `/delnote`, and give it trigger
//! phrases with `/notetrigger`; anyone lists them with `/notes` and calls
//! one with `#name` at the start of a message or `/faq name` (in reply to a
//! message, the note answers that message). A member's question matching a
//! note's phrase (inflected forms too, `crate::phrase`) gets the note as a
//! reply, once per note per `faq_cooldown`; /stats counts those answers.

pub mod auto;
pub mod calls;
pub mod editing;
pub mod listing;
pub mod logic;
pub mod sending;
pub mod store;
pub mod texts;

pub use auto::{forget_chat, on_group_message};

use crate::{
    kernel::Routes,
    settings::{Kind, SettingDef},
    telegram::command::{CommandSpec, Place},
};

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::member("notes", Place::Group, "cmd-notes"),
    CommandSpec::member("faq", Place::Group, "cmd-faq"),
    CommandSpec::admin("note", "cmd-note"),
    CommandSpec::admin("delnote", "cmd-delnote"),
    CommandSpec::admin("notetrigger", "cmd-notetrigger"),
];

pub const SETTINGS: &[SettingDef] = &[SettingDef {
    key: "faq_cooldown",
    kind: Kind::Duration { allow_off: true },
    default: "10m",
    help: "setting-faq-cooldown",
}];

pub fn routes() -> Routes {
    Routes::new(COMMANDS)
        .command("notes", listing::list)
        .command("faq", calls::faq)
        .command("note", editing::save)
        .command("delnote", editing::delete)
        .command("notetrigger", editing::set_triggers)
}
