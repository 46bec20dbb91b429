//! Ideas board: members post ideas as cards with 👍/👎 buttons, admins set
//! statuses (planned, in progress, done, declined) and merge duplicates;
//! authors and supporters are told, done ideas are announced ("you asked —
//! we delivered") and their authors earn points and the co-creator badge.

pub mod buttons;
pub mod handlers;
pub mod logic;
pub mod store;

pub use handlers::digest_lines;

use crate::{
    kernel::Routes,
    scheduler::Job,
    telegram::command::{CommandSpec, Place},
};

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::member("idea", Place::Group, "cmd-idea"),
    CommandSpec::member("ideas", Place::Group, "cmd-ideas"),
    CommandSpec::admin("ideastatus", "cmd-ideastatus"),
    CommandSpec::admin("ideamerge", "cmd-ideamerge"),
];

pub fn routes() -> Routes {
    Routes::new(COMMANDS)
        .command("idea", handlers::idea)
        .command("ideas", handlers::list)
        .command("ideastatus", handlers::set_status)
        .command("ideamerge", handlers::merge)
        .button::<buttons::IdeaButton, _, _>(handlers::on_vote)
}

pub const JOBS: &[Job] =
    &[Job { name: "ideas-notices", run: |ctx, now| Box::pin(handlers::notices_job(ctx, now)) }];
