//! Premoderation (after Group Help's and Rose's approvals): where an admin
//! turned it on (`/premod on` in a forum topic for that topic, in General or
//! a chat without topics for the whole chat), a post from a member below
//! `premod_level` is removed and sent to the admins and community
//! moderators with Approve / Reject. Approved, the bot reposts it in its
//! place crediting its author, formatting and photo or document kept;
//! rejected, it goes back to the author by DM with the reason. Held posts
//! earn nothing (as moderation's removals), an approved one counts again.

pub mod buttons;
pub mod logic;
mod review;
mod screening;
pub mod store;
mod switching;

use crate::{
    kernel::Routes,
    settings::{Kind, SettingDef},
    telegram::{auth::AdminRight, command::CommandSpec},
};

pub use screening::{forget_chat, screen_message};

pub const COMMANDS: &[CommandSpec] =
    &[CommandSpec::admin("premod", "cmd-premod").needs(AdminRight::DeleteMessages)];

pub fn routes() -> Routes {
    Routes::new(COMMANDS)
        .command("premod", switching::premod)
        .button::<buttons::PremodButton, _, _>(review::on_button)
}

pub const SETTINGS: &[SettingDef] = &[SettingDef {
    key: "premod_level",
    kind: Kind::Int { min: 0, max: 3 },
    default: "1",
    help: "setting-premod-level",
}];
