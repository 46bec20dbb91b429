//! Forum topics: in a forum supergroup each kind of post (welcomes,
//! introductions, idea cards, the digest, the log, help questions) can be
//! bound to a topic with `/settopic <kind>` run inside it. `thread_for` is
//! what every feature asks before posting; unbound kinds go to the general
//! topic.

pub mod handlers;
pub mod logic;
pub mod store;

use crate::telegram::command::{Access, CommandSpec, Place};

pub use handlers::{State, forget, post, thread_for};
pub use logic::TopicKind;
pub use store::help_thread;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec { name: "settopic", access: Access::Admin, place: Place::Group, help: "cmd-settopic" },
    CommandSpec { name: "topics", access: Access::Admin, place: Place::Group, help: "cmd-topics" },
];
