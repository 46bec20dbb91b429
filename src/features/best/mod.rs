//! The best answer of the week: an admin replies `/best` to a helpful
//! message; when no admin picked one, the weekly digest takes the week's
//! most thanked answer. The author is paid once per message (the ledger's
//! `best_answer` reason) and moves toward the best-answer badges; the digest
//! features each pick once, with a link.

pub mod choosing;
pub mod logic;
pub mod store;
pub mod weekly;

pub use weekly::digest_lines;

use crate::{kernel::Routes, telegram::command::CommandSpec};

pub const COMMANDS: &[CommandSpec] = &[CommandSpec::admin("best", "cmd-best")];

pub fn routes() -> Routes {
    Routes::new(COMMANDS).command("best", choosing::best)
}
