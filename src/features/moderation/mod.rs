//! Rule enforcement: warnings with an escalation ladder, mutes and bans with
//! durations, word and regex filters, antiflood, newcomer limits (for
//! members and for channels posting as themselves), member reports with
//! admin buttons, and a moderation log; which mutes are in force.
//!
//! Screening every group message costs no SQL for an ordinary message:
//! compiled filters, flood windows and join times live in memory (`State`),
//! and the admin list is consulted only when a message trips something.

pub mod buttons;
mod channels;
mod errors;
pub mod filters;
mod hiding;
mod log;
pub mod logic;
mod reports;
mod sanctions;
mod screening;
mod state;
pub mod store;
mod targets;
mod texts;
mod warnings;

use crate::{
    kernel::Routes,
    settings::{Kind, SettingDef},
    telegram::{
        auth::AdminRight,
        command::{CommandSpec, Place},
    },
};

pub use logic::Muted;
pub use sanctions::{active_mute, lift_hold};
pub use screening::{forget_chat, on_join, screen_edit, screen_message};
pub use warnings::me_line;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::member("report", Place::Group, "cmd-report"),
    CommandSpec::member("warns", Place::Group, "cmd-warns"),
    CommandSpec::moderator("warn", "cmd-warn").needs(AdminRight::RestrictMembers),
    CommandSpec::admin("unwarn", "cmd-unwarn"),
    CommandSpec::admin("resetwarns", "cmd-resetwarns"),
    CommandSpec::moderator("mute", "cmd-mute").needs(AdminRight::RestrictMembers),
    CommandSpec::admin("unmute", "cmd-unmute").needs(AdminRight::RestrictMembers),
    CommandSpec::admin("ban", "cmd-ban").needs(AdminRight::RestrictMembers),
    CommandSpec::admin("unban", "cmd-unban").needs(AdminRight::RestrictMembers),
    CommandSpec::admin("kick", "cmd-kick").needs(AdminRight::RestrictMembers),
    CommandSpec::admin("filter", "cmd-filter"),
    CommandSpec::admin("unfilter", "cmd-unfilter"),
    CommandSpec::admin("filters", "cmd-filters"),
    CommandSpec::admin("modlog", "cmd-modlog"),
];

pub fn routes() -> Routes {
    Routes::new(COMMANDS)
        .command("report", reports::report)
        .command("warns", warnings::warns)
        .command("warn", warnings::warn)
        .command("unwarn", warnings::unwarn)
        .command("resetwarns", warnings::reset_warns)
        .command("mute", sanctions::mute_cmd)
        .command("unmute", sanctions::unmute_cmd)
        .command("ban", sanctions::ban_cmd)
        .command("unban", sanctions::unban_cmd)
        .command("kick", sanctions::kick_cmd)
        .command("filter", filters::filter)
        .command("unfilter", filters::unfilter)
        .command("filters", filters::filters)
        .command("modlog", log::modlog)
        .button::<buttons::ModerationButton, _, _>(reports::on_button)
}

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
        key: "member_mod_mute",
        kind: Kind::Duration { allow_off: false },
        default: "1h",
        help: "setting-member-mod-mute",
    },
    SettingDef {
        key: "report_threshold",
        kind: Kind::Int { min: 2, max: 50 },
        default: "3",
        help: "setting-report-threshold",
    },
    SettingDef {
        key: "newcomer_hours",
        kind: Kind::Int { min: 0, max: 720 },
        default: "24",
        help: "setting-newcomer-hours",
    },
];
