//! Planned faults (an answer the fake gives instead of doing a call) and,
//! on request, Telegram's sending limits (429 past them).

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

impl World {
    /// The next call to `method` (any, with "*") is answered with `fault`, `times` times.
    pub fn fail(&mut self, method: &str, times: u32, fault: Fault) {
        self.faults.push_back((method.to_owned(), times, fault));
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
        let now = std::time::Instant::now();
        let wait = self.sends.check(chat_id, now);
        match wait {
            Some(_) => self.rate_limited += 1,
            None => self.sends.record(chat_id, now),
        }
        wait
    }

    pub(crate) fn take_fault(&mut self, method: &str) -> Option<Fault> {
        let i = self.faults.iter().position(|(m, n, _)| (m == method || m == "*") && *n > 0)?;
        let entry = self.faults.get_mut(i)?;
        entry.1 -= 1;
        let fault = entry.2.clone();
        if entry.1 == 0 {
            self.faults.remove(i);
        }
        Some(fault)
    }
}

/// Recent sends, for `World::enforce_limits`.
#[derive(Default)]
pub(super) struct SendLog {
    overall: VecDeque<std::time::Instant>,
    chats: HashMap<i64, VecDeque<std::time::Instant>>,
}

impl SendLog {
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
