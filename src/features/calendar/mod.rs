//! The content calendar: admins schedule posts — one-off, daily, weekly,
//! the n-th or last weekday of a month — in the chat's time zone, from the
//! command's text or from the message the command replies to (its
//! formatting and photo kept), or from built-in rubric templates; posts go
//! to the rubric topic when one is bound, optionally pinned. Each
//! occurrence is claimed before it is sent, so it goes out once across
//! ticks, restarts and crashes; one missed while the bot was down goes out
//! late within `schedule_grace` (of several, only the latest), else it is
//! skipped and recorded.

pub mod jobs;
pub mod logic;
pub mod managing;
pub mod scheduling;
pub mod store;
pub mod texts;

use crate::{
    kernel::Routes,
    scheduler::Job,
    settings::{Kind, SettingDef},
    telegram::command::CommandSpec,
};

pub const COMMANDS: &[CommandSpec] =
    &[CommandSpec::admin("schedule", "cmd-schedule"), CommandSpec::admin("unschedule", "cmd-unschedule")];

pub const SETTINGS: &[SettingDef] = &[SettingDef {
    key: "schedule_grace",
    kind: Kind::Duration { allow_off: false },
    default: "2h",
    help: "setting-schedule-grace",
}];

pub fn routes() -> Routes {
    Routes::new(COMMANDS)
        .command("schedule", scheduling::schedule)
        .command("unschedule", managing::unschedule)
}

pub const JOBS: &[Job] =
    &[Job { name: "calendar-posts", run: |ctx, now| Box::pin(jobs::post_due(ctx, now)) }];
