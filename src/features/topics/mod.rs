//! Forum topics: `/settopic <kind>` run inside a topic binds a kind of post
//! (welcomes, introductions, idea cards, the digest, the log, help
//! questions) to it; `/topics` lists where each goes. Posting there is the
//! kernel's (`kernel::topics`), which every feature posts through.

pub mod handlers;
pub mod logic;

use crate::{kernel::Routes, telegram::command::CommandSpec};

pub const COMMANDS: &[CommandSpec] =
    &[CommandSpec::admin("settopic", "cmd-settopic"), CommandSpec::admin("topics", "cmd-topics")];

pub fn routes() -> Routes {
    Routes::new(COMMANDS).command("settopic", handlers::set_topic).command("topics", handlers::list_topics)
}
