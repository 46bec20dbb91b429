//! Features as vertical slices: each has thin handlers, pure logic and its
//! own SQL. This file is where they plug into the rest: settings, commands,
//! periodic jobs and in-memory state.

pub mod community;

use crate::{scheduler::Job, settings::SettingDef, telegram::command::CommandSpec};

/// Settings each feature adds to the registry (after the core `lang`).
pub const SETTINGS: &[&[SettingDef]] = &[];

/// Every command, in the order /help lists them.
pub fn commands() -> impl Iterator<Item = &'static CommandSpec> {
    [community::COMMANDS].into_iter().flat_map(|c| c.iter())
}

/// The scheduler's periodic jobs.
pub fn jobs() -> Vec<Job> {
    vec![Job {
        name: "prune-inbox",
        run: |ctx, _now| {
            Box::pin(async move {
                crate::ingest::prune(&ctx.db, 3).await?;
                Ok(())
            })
        },
    }]
}

/// Durations in settings and commands (30m, 2h, 7d): the moderation parser.
pub fn parse_duration(raw: &str) -> Option<chrono::Duration> {
    let _ = raw;
    None
}

/// In-memory state features keep between updates.
#[derive(Default)]
pub struct State {}
