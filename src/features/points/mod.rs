//! Points, badges and the leaderboard: a ledger of every change with its
//! reason and reference (paid once), badges announced in the group, /me,
//! /top, an admin's /give, and a weekly digest.

pub mod handlers;
pub mod logic;
pub mod store;

use crate::{
    settings::{Kind, SettingDef},
    telegram::command::{Access, CommandSpec, Place},
};

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec { name: "me", access: Access::Member, place: Place::Group, help: "cmd-me" },
    CommandSpec { name: "top", access: Access::Member, place: Place::Group, help: "cmd-top" },
    CommandSpec { name: "give", access: Access::Admin, place: Place::Group, help: "cmd-give" },
];

pub const SETTINGS: &[SettingDef] =
    &[SettingDef { key: "weekly_digest", kind: Kind::Bool, default: "on", help: "setting-weekly-digest" }];
