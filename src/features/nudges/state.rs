//! The nudges' in-memory state (one per process): whether the paced sender
//! is running, whether DMs left in flight by an earlier process were dealt
//! with, and which chat the next tick starts with.

use std::sync::atomic::{AtomicBool, AtomicUsize};

/// The paced sender runs at most once per process; in-flight DMs of an
/// earlier process are abandoned once, before the first send.
#[derive(Default)]
pub struct State {
    /// The paced sender is running.
    pub(super) sending: AtomicBool,
    /// DMs in flight at the last stop were abandoned.
    pub(super) recovered: AtomicBool,
    /// Which chat the next tick starts with.
    pub(super) rotation: AtomicUsize,
}
