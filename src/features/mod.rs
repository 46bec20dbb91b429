//! Features as vertical slices: each has thin handlers, pure logic and its
//! own SQL. This file is where they plug into the rest: settings, commands,
//! periodic jobs and in-memory state.

pub mod community;
pub mod ideas;
pub mod moderation;
pub mod nps;
pub mod nudges;
pub mod onboarding;
pub mod points;
pub mod referrals;
pub mod stats;
pub mod topics;

use crate::{scheduler::Job, settings::SettingDef, telegram::command::CommandSpec};

/// Settings each feature adds to the registry (after the core `lang`).
pub const SETTINGS: &[&[SettingDef]] = &[
    onboarding::SETTINGS,
    referrals::SETTINGS,
    points::SETTINGS,
    moderation::SETTINGS,
    nps::SETTINGS,
    nudges::SETTINGS,
];

/// Every command, in the order /help lists them.
pub fn commands() -> impl Iterator<Item = &'static CommandSpec> {
    [
        community::COMMANDS,
        onboarding::COMMANDS,
        referrals::COMMANDS,
        points::COMMANDS,
        moderation::COMMANDS,
        nps::COMMANDS,
        nudges::COMMANDS,
        ideas::COMMANDS,
        topics::COMMANDS,
        stats::COMMANDS,
    ]
    .into_iter()
    .flat_map(|c| c.iter())
}

/// The scheduler's periodic jobs.
pub fn jobs() -> Vec<Job> {
    vec![
        Job {
            name: "prune-inbox",
            run: |ctx, _| Box::pin(async move { Ok(crate::ingest::prune(&ctx.db, 3).await.map(drop)?) }),
        },
        Job { name: "release-memory", run: |_, _| Box::pin(async { crate::metrics::release_memory() }) },
        Job {
            name: "onboarding-gate-kick",
            run: |ctx, now| Box::pin(onboarding::handlers::gate_kick_job(ctx, now)),
        },
        Job {
            name: "onboarding-checkin",
            run: |ctx, now| Box::pin(onboarding::handlers::checkin_job(ctx, now)),
        },
        Job {
            name: "referrals-qualify",
            run: |ctx, now| Box::pin(referrals::handlers::qualify_job(ctx, now)),
        },
        Job {
            name: "points-introductions",
            run: |ctx, now| Box::pin(points::handlers::introductions_job(ctx, now)),
        },
        Job {
            name: "points-weekly-digest",
            run: |ctx, now| Box::pin(points::handlers::weekly_digest_job(ctx, now)),
        },
        Job { name: "nps-close-and-recur", run: |ctx, now| Box::pin(nps::handlers::job(ctx, now)) },
        Job { name: "ideas-notices", run: |ctx, now| Box::pin(ideas::handlers::notices_job(ctx, now)) },
        Job { name: "nudges", run: |ctx, now| Box::pin(nudges::handlers::nudges_job(ctx, now)) },
        // After the jobs that unlock badges, so their badges go out this tick.
        Job {
            name: "points-announce-badges",
            run: |ctx, now| Box::pin(points::handlers::announce_badges_job(ctx, now)),
        },
    ]
}

/// Durations in settings and commands (30m, 2h, 7d).
pub fn parse_duration(raw: &str) -> Option<chrono::Duration> {
    crate::duration::parse(raw).ok()
}

/// In-memory state features keep between updates.
#[derive(Default)]
pub struct State {
    pub community: community::State,
    pub onboarding: onboarding::State,
    pub points: points::handlers::State,
    pub nps: nps::State,
    pub moderation: moderation::State,
    pub topics: topics::State,
    pub nudges: nudges::State,
}
