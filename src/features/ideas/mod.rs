//! Ideas board: members post ideas as cards with 👍/👎 buttons, admins set
//! statuses (planned, in progress, done, declined) and merge duplicates;
//! authors and supporters are told, done ideas are announced ("you asked —
//! we delivered") and their authors earn points and the co-creator badge.

pub mod board;
pub mod board_store;
pub mod buttons;
pub mod cards;
pub mod logic;
pub mod merges;
pub mod notices;
pub mod statuses;
pub mod store;
pub mod texts;
pub mod votes;

pub use board::digest_lines;

use crate::{
    kernel::Routes,
    scheduler::Job,
    telegram::command::{CommandSpec, Place},
};

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::member("idea", Place::Group, "cmd-idea").counts_as_post(),
    CommandSpec::member("ideas", Place::Group, "cmd-ideas"),
    CommandSpec::admin("ideastatus", "cmd-ideastatus"),
    CommandSpec::admin("ideamerge", "cmd-ideamerge"),
];

pub fn routes() -> Routes {
    Routes::new(COMMANDS)
        .command("idea", cards::idea)
        .command("ideas", board::list)
        .command("ideastatus", statuses::set_status)
        .command("ideamerge", merges::merge)
        .button::<buttons::IdeaButton, _, _>(votes::on_vote)
}

pub const JOBS: &[Job] =
    &[Job { name: "ideas-notices", run: |ctx, now| Box::pin(notices::notices_job(ctx, now)) }];
