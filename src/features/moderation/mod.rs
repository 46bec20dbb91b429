//! Rule enforcement: warnings with an escalation ladder, mutes and bans with
//! durations, word and regex filters, antiflood, newcomer limits, member
//! reports with admin buttons, and a moderation log.
//!
//! Screening every group message costs no SQL for an ordinary message:
//! compiled filters, flood windows and join times live in memory (`State`),
//! and the admin list is consulted only when a message trips something.

pub mod buttons;
pub mod handlers;
pub mod logic;
pub mod store;

use crate::{
    kernel::Routes,
    settings::{Kind, SettingDef},
    telegram::{
        auth::AdminRight,
        command::{CommandSpec, Place},
    },
};

pub use handlers::{forget_chat, me_line, on_join, screen_edit, screen_message};

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::member("report", Place::Group, "cmd-report"),
    CommandSpec::member("warns", Place::Group, "cmd-warns"),
    CommandSpec::admin("warn", "cmd-warn").needs(AdminRight::RestrictMembers),
    CommandSpec::admin("unwarn", "cmd-unwarn"),
    CommandSpec::admin("resetwarns", "cmd-resetwarns"),
    CommandSpec::admin("mute", "cmd-mute").needs(AdminRight::RestrictMembers),
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
        .command("report", handlers::report)
        .command("warns", handlers::warns)
        .command("warn", handlers::warn)
        .command("unwarn", handlers::unwarn)
        .command("resetwarns", handlers::reset_warns)
        .command("mute", handlers::mute_cmd)
        .command("unmute", handlers::unmute_cmd)
        .command("ban", handlers::ban_cmd)
        .command("unban", handlers::unban_cmd)
        .command("kick", handlers::kick_cmd)
        .command("filter", handlers::filter)
        .command("unfilter", handlers::unfilter)
        .command("filters", handlers::filters)
        .command("modlog", handlers::modlog)
        .button::<buttons::ModerationButton, _, _>(handlers::on_report_button)
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
        key: "newcomer_hours",
        kind: Kind::Int { min: 0, max: 720 },
        default: "24",
        help: "setting-newcomer-hours",
    },
];
