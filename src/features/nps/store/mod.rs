//! NPS and survey SQL: polls, votes, surveys.

mod polls;
mod surveys;
mod votes;

pub use polls::*;
pub use surveys::*;
pub use votes::*;

/// What opening a poll or a survey did.
#[derive(Debug, Clone)]
pub enum Opened<T> {
    New(T),
    /// The chat already has an open one.
    AlreadyOpen(T),
    /// The command that opened it came again (a replayed update): what it
    /// opened, so what the first run did not post can be posted now.
    Replayed(T),
}
