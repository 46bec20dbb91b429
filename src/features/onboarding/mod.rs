//! Onboarding: the first-week path — a welcome with the community's links, a
//! rules gate, a bot-guided introduction in DM posted to the group, and a
//! check-in a few days later; with a funnel to see where newcomers drop off.

pub mod handlers;
pub mod logic;
pub mod store;

use crate::{
    settings::{Kind, SettingDef},
    telegram::command::{Access, CommandSpec, Place},
};

pub use handlers::State;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec { name: "rules", access: Access::Member, place: Place::Group, help: "cmd-rules" },
    CommandSpec { name: "cancel", access: Access::Member, place: Place::Private, help: "cmd-cancel" },
    CommandSpec { name: "setwelcome", access: Access::Admin, place: Place::Group, help: "cmd-setwelcome" },
    CommandSpec {
        name: "resetwelcome",
        access: Access::Admin,
        place: Place::Group,
        help: "cmd-resetwelcome",
    },
    CommandSpec { name: "setrules", access: Access::Admin, place: Place::Group, help: "cmd-setrules" },
    CommandSpec { name: "addlink", access: Access::Admin, place: Place::Group, help: "cmd-addlink" },
    CommandSpec { name: "dellink", access: Access::Admin, place: Place::Group, help: "cmd-dellink" },
    CommandSpec { name: "links", access: Access::Admin, place: Place::Group, help: "cmd-links" },
    CommandSpec { name: "setgoals", access: Access::Admin, place: Place::Group, help: "cmd-setgoals" },
    CommandSpec { name: "onboarding", access: Access::Admin, place: Place::Group, help: "cmd-onboarding" },
];

pub const SETTINGS: &[SettingDef] = &[
    SettingDef { key: "gate", kind: Kind::Bool, default: "on", help: "setting-gate" },
    SettingDef { key: "clean_welcome", kind: Kind::Bool, default: "on", help: "setting-clean-welcome" },
    SettingDef {
        key: "gate_kick_minutes",
        kind: Kind::Int { min: 0, max: 10_080 },
        default: "0",
        help: "setting-gate-kick-minutes",
    },
    SettingDef {
        key: "checkin_days",
        kind: Kind::Int { min: 0, max: 30 },
        default: "3",
        help: "setting-checkin-days",
    },
];
