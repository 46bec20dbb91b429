//! Points, badges and the leaderboard: a ledger of every change with its
//! reason and reference (paid once), badges announced in the group, /me,
//! /top, an admin's /give, and a weekly digest.

pub mod handlers;
pub mod logic;
pub mod store;

pub use handlers::{award, badge_name, check_badges, on_group_message};

use crate::{
    kernel::Routes,
    scheduler::Job,
    settings::{Kind, SettingDef},
    telegram::command::{CommandSpec, Place},
};

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::member("me", Place::Group, "cmd-me"),
    CommandSpec::member("top", Place::Group, "cmd-top"),
    CommandSpec::admin("give", "cmd-give"),
];

pub const SETTINGS: &[SettingDef] =
    &[SettingDef { key: "weekly_digest", kind: Kind::Bool, default: "on", help: "setting-weekly-digest" }];

pub fn routes() -> Routes {
    Routes::new(COMMANDS)
        .command("me", handlers::me)
        .command("top", handlers::top)
        .command("give", handlers::give)
}

pub const JOBS: &[Job] = &[
    Job { name: "points-introductions", run: |ctx, now| Box::pin(handlers::introductions_job(ctx, now)) },
    Job { name: "points-weekly-digest", run: |ctx, now| Box::pin(handlers::weekly_digest_job(ctx, now)) },
];

/// After the jobs that unlock badges, so their badges go out the same tick.
pub const LATE_JOBS: &[Job] = &[Job {
    name: "points-announce-badges",
    run: |ctx, now| Box::pin(handlers::announce_badges_job(ctx, now)),
}];
