//! Points and badges, the lower room of the community's rewards: a ledger of
//! every change with its reason and reference (paid once), the points for
//! taking part (the day's first message, thanks, introductions), badges
//! unlocked from a member's progress and announced in the group, /top and an
//! admin's /give. The views that put points together with other features
//! (/me, the weekly digest) are the rooms above: `profile` and `digest`.

pub mod badges;
pub mod earning;
pub mod gifts;
pub mod leaderboard;
pub mod ledger;
pub mod logic;
pub mod store;

pub use badges::{badge_name, check_badges};
pub use earning::on_group_message;
pub use ledger::award;

use crate::{
    kernel::Routes,
    scheduler::Job,
    telegram::command::{CommandSpec, Once, Place},
};

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::member("top", Place::Group, "cmd-top").once(Once::PerMember),
    CommandSpec::admin("give", "cmd-give"),
];

pub fn routes() -> Routes {
    Routes::new(COMMANDS).command("top", leaderboard::top).command("give", gifts::give)
}

pub const JOBS: &[Job] =
    &[Job { name: "points-introductions", run: |ctx, now| Box::pin(earning::introductions_job(ctx, now)) }];

/// After the jobs that unlock badges, so their badges go out the same tick.
pub const LATE_JOBS: &[Job] = &[Job {
    name: "points-announce-badges",
    run: |ctx, now| Box::pin(badges::announce_badges_job(ctx, now)),
}];
