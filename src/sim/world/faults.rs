//! Planned faults (an answer the fake gives instead of doing a call, for
//! any method, in any chat or one chosen chat) and, on request, Telegram's
//! sending and editing limits (429 past them).

use std::collections::{HashMap, VecDeque};

use super::World;

/// An answer the fake gives instead of doing the call.
#[derive(Debug, Clone)]
pub enum Fault {
    RetryAfter(u32),
    ServerError,
    Forbidden(String),
    BadRequest(String),
    /// "group chat was upgraded to a supergroup chat", with the new id.
    Migrated(i64),
    /// A 502 from a proxy in front of Telegram: HTML, not JSON.
    BadGateway,
    /// 409, e.g. "terminated by other getUpdates request".
    Conflict(String),
}

/// A fault planned for the next calls to a method (in a chat).
#[derive(Debug, Clone)]
pub(super) struct Planned {
    method: String,
    /// Only calls about this chat (their `chat_id`); `None`: any.
    chat_id: Option<i64>,
    times: u32,
    fault: Fault,
}

impl World {
    /// The next call to `method` (any, with "*") is answered with `fault`, `times` times.
    pub fn fail(&mut self, method: &str, times: u32, fault: Fault) {
        self.faults.push_back(Planned { method: method.to_owned(), chat_id: None, times, fault });
    }

    /// The next calls to `method` (any, with "*") about `chat_id` are
    /// answered with `fault`, `times` times; other chats' calls are not.
    pub fn fail_in(&mut self, chat_id: i64, method: &str, times: u32, fault: Fault) {
        self.faults.push_back(Planned { method: method.to_owned(), chat_id: Some(chat_id), times, fault });
    }

    /// With `enforce_edit_limits`: whether an edit in `chat_id` now is over
    /// the editing limits, and if so the seconds to wait. Telegram publishes
    /// no figure for edits; the fake takes its sending figures, 10 % tighter
    /// windows (one edit per 0.9 s in a chat, 20 per 54 s in a group, 30 per
    /// 0.9 s overall), which is what Telegram answers a group edited faster
    /// with flood control.
    pub(crate) fn over_edit_limits(&mut self, chat_id: i64) -> Option<u32> {
        if !self.enforce_edit_limits {
            return None;
        }
        let wait = self.edits.take(chat_id);
        self.rate_limited += u64::from(wait.is_some());
        wait
    }

    /// With `enforce_limits`: whether a send to `chat_id` now is over
    /// Telegram's limits (30 messages a second overall, one a second in a
    /// chat, 20 a minute in a group), and if so the seconds to wait. Windows
    /// are 10 % shorter than Telegram's, for the jitter between a client's
    /// clock and the server's.
    pub(crate) fn over_limits(&mut self, chat_id: i64) -> Option<u32> {
        if !self.enforce_limits {
            return None;
        }
        let wait = self.sends.take(chat_id);
        self.rate_limited += u64::from(wait.is_some());
        wait
    }

    /// The fault planned for this call to `method` about `chat_id`, if any.
    pub(crate) fn take_fault(&mut self, method: &str, chat_id: Option<i64>) -> Option<Fault> {
        let i = self.faults.iter().position(|p| {
            (p.method == method || p.method == "*")
                && p.times > 0
                && p.chat_id.is_none_or(|c| Some(c) == chat_id)
        })?;
        let entry = self.faults.get_mut(i)?;
        entry.times -= 1;
        let fault = entry.fault.clone();
        if entry.times == 0 {
            self.faults.remove(i);
        }
        Some(fault)
    }
}

/// Recent sends (or edits), for `World::enforce_limits` (`enforce_edit_limits`).
#[derive(Default)]
pub(super) struct SendLog {
    overall: VecDeque<std::time::Instant>,
    chats: HashMap<i64, VecDeque<std::time::Instant>>,
}

impl SendLog {
    /// Records a call to `chat_id` now if it is within the limits; else
    /// the seconds to wait.
    fn take(&mut self, chat_id: i64) -> Option<u32> {
        let now = std::time::Instant::now();
        let wait = self.check(chat_id, now);
        if wait.is_none() {
            self.record(chat_id, now);
        }
        wait
    }

    fn check(&mut self, chat_id: i64, now: std::time::Instant) -> Option<u32> {
        use std::time::Duration;
        let second = Duration::from_millis(900);
        let minute = Duration::from_secs(54);
        while self.overall.front().is_some_and(|t| now.duration_since(*t) >= second) {
            self.overall.pop_front();
        }
        if self.overall.len() >= 30 {
            return Some(1);
        }
        let log = self.chats.entry(chat_id).or_default();
        while log.front().is_some_and(|t| now.duration_since(*t) >= minute) {
            log.pop_front();
        }
        if log.back().is_some_and(|t| now.duration_since(*t) < second) {
            return Some(1);
        }
        if chat_id < 0 && log.len() >= 20 {
            let oldest = log.front().map(|t| now.duration_since(*t)).unwrap_or_default();
            return Some((minute.saturating_sub(oldest).as_secs() as u32).max(1));
        }
        None
    }

    fn record(&mut self, chat_id: i64, now: std::time::Instant) {
        self.overall.push_back(now);
        self.chats.entry(chat_id).or_default().push_back(now);
    }
}
