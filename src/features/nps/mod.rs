//! NPS polls and sense-of-community surveys: `/nps` posts a 0–10 question
//! with private, changeable votes on inline buttons and a live response
//! count; `/npsclose` (or `nps_duration`) closes it and posts the results
//! (NPS with its adjusted-Wald margin, the change since the last poll, active
//! vs silent members); `nps_every` makes polls recurring. `/survey` asks the
//! four CMX sense-of-community questions on a 1–5 scale.

pub mod handlers;
pub mod logic;
pub mod store;

use crate::{
    settings::{Kind, SettingDef},
    telegram::command::{Access, CommandSpec, Place},
};

pub use handlers::State;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec { name: "nps", access: Access::Admin, place: Place::Group, help: "cmd-nps" },
    CommandSpec { name: "npsclose", access: Access::Admin, place: Place::Group, help: "cmd-npsclose" },
    CommandSpec { name: "npsresults", access: Access::Admin, place: Place::Group, help: "cmd-npsresults" },
    CommandSpec { name: "npshistory", access: Access::Admin, place: Place::Group, help: "cmd-npshistory" },
    CommandSpec { name: "survey", access: Access::Admin, place: Place::Group, help: "cmd-survey" },
    CommandSpec { name: "surveyclose", access: Access::Admin, place: Place::Group, help: "cmd-surveyclose" },
    CommandSpec {
        name: "surveyresults",
        access: Access::Admin,
        place: Place::Group,
        help: "cmd-surveyresults",
    },
];

pub const SETTINGS: &[SettingDef] = &[
    SettingDef {
        key: "nps_duration",
        kind: Kind::DurationAtLeast { allow_off: true, min: "1h" },
        default: "off",
        help: "setting-nps-duration",
    },
    SettingDef {
        key: "nps_every",
        kind: Kind::DurationAtLeast { allow_off: true, min: "1d" },
        default: "off",
        help: "setting-nps-every",
    },
];
