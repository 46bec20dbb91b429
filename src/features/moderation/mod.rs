//! Rule enforcement: warnings with an escalation ladder, mutes and bans with
//! durations, word and regex filters, antiflood, newcomer limits, member
//! reports with admin buttons, and a moderation log.
//!
//! Screening every group message costs no SQL for an ordinary message:
//! compiled filters, flood windows and join times live in memory (`State`),
//! and the admin list is consulted only when a message trips something.

pub mod handlers;
pub mod logic;
pub mod store;

use crate::{
    settings::{Kind, SettingDef},
    telegram::command::{Access, CommandSpec, Place},
};

pub use handlers::State;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec { name: "report", access: Access::Member, place: Place::Group, help: "cmd-report" },
    CommandSpec { name: "warns", access: Access::Member, place: Place::Group, help: "cmd-warns" },
    CommandSpec { name: "warn", access: Access::Admin, place: Place::Group, help: "cmd-warn" },
    CommandSpec { name: "unwarn", access: Access::Admin, place: Place::Group, help: "cmd-unwarn" },
    CommandSpec { name: "resetwarns", access: Access::Admin, place: Place::Group, help: "cmd-resetwarns" },
    CommandSpec { name: "mute", access: Access::Admin, place: Place::Group, help: "cmd-mute" },
    CommandSpec { name: "unmute", access: Access::Admin, place: Place::Group, help: "cmd-unmute" },
    CommandSpec { name: "ban", access: Access::Admin, place: Place::Group, help: "cmd-ban" },
    CommandSpec { name: "unban", access: Access::Admin, place: Place::Group, help: "cmd-unban" },
    CommandSpec { name: "kick", access: Access::Admin, place: Place::Group, help: "cmd-kick" },
    CommandSpec { name: "filter", access: Access::Admin, place: Place::Group, help: "cmd-filter" },
    CommandSpec { name: "unfilter", access: Access::Admin, place: Place::Group, help: "cmd-unfilter" },
    CommandSpec { name: "filters", access: Access::Admin, place: Place::Group, help: "cmd-filters" },
    CommandSpec { name: "modlog", access: Access::Admin, place: Place::Group, help: "cmd-modlog" },
];

pub const SETTINGS: &[SettingDef] = &[
    SettingDef {
        key: "warn_limit",
        kind: Kind::Int { min: 1, max: 20 },
        default: "3",
        help: "setting-warn-limit",
    },
    SettingDef {
        key: "warn_action",
        kind: Kind::Choice(&["mute", "kick", "ban"]),
        default: "mute",
        help: "setting-warn-action",
    },
    SettingDef {
        key: "warn_mute",
        kind: Kind::Duration { allow_off: false },
        default: "24h",
        help: "setting-warn-mute",
    },
    SettingDef {
        key: "warn_expire_days",
        kind: Kind::Int { min: 0, max: 365 },
        default: "30",
        help: "setting-warn-expire-days",
    },
    SettingDef {
        key: "flood_messages",
        kind: Kind::Int { min: 0, max: 100 },
        default: "8",
        help: "setting-flood-messages",
    },
    SettingDef {
        key: "flood_seconds",
        kind: Kind::Int { min: 1, max: 300 },
        default: "10",
        help: "setting-flood-seconds",
    },
    SettingDef {
        key: "flood_mute",
        kind: Kind::Duration { allow_off: false },
        default: "10m",
        help: "setting-flood-mute",
    },
    SettingDef {
        key: "newcomer_hours",
        kind: Kind::Int { min: 0, max: 720 },
        default: "24",
        help: "setting-newcomer-hours",
    },
];
