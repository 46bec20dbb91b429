//! Trust levels, after Discourse's TL0–TL3: newcomer, member (rules
//! accepted, enough messages over enough days), regular (active most of the
//! last weeks, no active warning), leader (chosen by an admin, or points and
//! helpful answers besides). Computed on read from what the bot records —
//! an active warning holds a member at TL1 until it expires — so only an
//! admin's choice is stored. A room below the ones that show levels (/me,
//! /top, the members export) and moderation, whose newcomer limits lift at
//! TL1: it reads the other rooms' tables with its own SQL. It also keeps
//! the community moderators (`/promote`, `/demote`: level-3 members an
//! admin trusts to warn, mute and handle reports) and answers whether a
//! member acts as one, for the gate of moderator commands.

mod choices;
pub mod levels;
pub mod logic;
pub mod moderators;
mod promotion;
pub mod store;
pub mod texts;

use crate::{
    kernel::Routes,
    settings::{Kind, SettingDef},
    telegram::command::CommandSpec,
};

pub use levels::{chat_levels, levels, lifts_newcomer_limits, standing};
pub use logic::Level;
pub use promotion::{acts_as_moderator, tell_moderators};

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::admin("trust", "cmd-trust"),
    CommandSpec::admin("promote", "cmd-promote"),
    CommandSpec::admin("demote", "cmd-demote"),
];

pub fn routes() -> Routes {
    Routes::new(COMMANDS)
        .command("trust", choices::trust)
        .command("promote", promotion::promote)
        .command("demote", promotion::demote)
}

pub const SETTINGS: &[SettingDef] = &[
    SettingDef {
        key: "trust1_messages",
        kind: Kind::Int { min: 0, max: 10_000 },
        default: "10",
        help: "setting-trust1-messages",
    },
    SettingDef {
        key: "trust1_days",
        kind: Kind::Int { min: 0, max: 365 },
        default: "3",
        help: "setting-trust1-days",
    },
    SettingDef {
        key: "trust2_weeks_active",
        kind: Kind::Int { min: 1, max: 52 },
        default: "3",
        help: "setting-trust2-weeks-active",
    },
    SettingDef {
        key: "trust2_weeks",
        kind: Kind::Int { min: 1, max: 52 },
        default: "4",
        help: "setting-trust2-weeks",
    },
    SettingDef {
        key: "trust3_points",
        kind: Kind::Int { min: 0, max: 1_000_000 },
        default: "200",
        help: "setting-trust3-points",
    },
    SettingDef {
        key: "trust3_helpful",
        kind: Kind::Int { min: 0, max: 10_000 },
        default: "10",
        help: "setting-trust3-helpful",
    },
];
