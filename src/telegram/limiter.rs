//! Telegram's sending limits, kept by hearth itself: a message goes out at
//! once while its chat and the bot are under the limits, and waits only for
//! the moment a window frees up. (teloxide's Throttle queues every message
//! and sends in rounds 250 ms apart, so each send waited 0–250 ms even when
//! nothing was near a limit: that was the whole join→welcome latency.)
//!
//! The limits: `messages_per_sec_overall` for the bot (30/s), one message per
//! second in a private chat, and `messages_per_min_channel_or_supergroup` a
//! minute in a group (Telegram allows 20; teloxide's default is 10).

use std::{
    collections::{HashMap, VecDeque},
    sync::Mutex,
    time::{Duration, Instant},
};

use teloxide::adaptors::throttle::Limits;

/// Sends made within a sliding window, at most `cap` of them.
#[derive(Debug, Clone)]
struct Window {
    span: Duration,
    cap: usize,
    sent: VecDeque<Instant>,
}

impl Window {
    fn new(span: Duration, cap: u32) -> Self {
        Window { span, cap: cap.max(1) as usize, sent: VecDeque::new() }
    }

    fn prune(&mut self, now: Instant) {
        while self.sent.front().is_some_and(|t| now.duration_since(*t) >= self.span) {
            self.sent.pop_front();
        }
    }

    /// How long until one more send fits (zero when it fits now).
    fn wait(&mut self, now: Instant) -> Duration {
        self.prune(now);
        if self.sent.len() < self.cap {
            return Duration::ZERO;
        }
        let oldest = self.sent[self.sent.len() - self.cap];
        (oldest + self.span).saturating_duration_since(now)
    }

    fn record(&mut self, now: Instant) {
        self.sent.push_back(now);
    }
}

/// One chat's windows: a per-second one, and a per-minute one for groups.
#[derive(Debug, Clone)]
struct ChatWindows {
    second: Window,
    minute: Option<Window>,
}

#[derive(Debug)]
struct State {
    overall: Window,
    chats: HashMap<i64, ChatWindows>,
}

/// Reserves sending slots under Telegram's limits.
#[derive(Debug)]
pub struct SendLimiter {
    limits: Limits,
    state: Mutex<State>,
}

impl SendLimiter {
    pub fn new(limits: Limits) -> Self {
        let overall = Window::new(Duration::from_secs(1), limits.messages_per_sec_overall);
        SendLimiter { limits, state: Mutex::new(State { overall, chats: HashMap::new() }) }
    }

    /// Reserves a slot for a message to `chat_id` at `now`, or says how long
    /// to wait before asking again.
    pub fn try_reserve(&self, chat_id: i64, now: Instant) -> Result<(), Duration> {
        let mut state = match self.state.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        let limits = self.limits;
        if state.chats.len() > 10_000 {
            // Forget the chats whose windows are empty (keeps memory flat).
            state.chats.retain(|_, w| {
                w.second.prune(now);
                if let Some(m) = &mut w.minute {
                    m.prune(now);
                }
                !w.second.sent.is_empty() || w.minute.as_ref().is_some_and(|m| !m.sent.is_empty())
            });
        }
        let chat = state.chats.entry(chat_id).or_insert_with(|| ChatWindows {
            second: Window::new(Duration::from_secs(1), limits.messages_per_sec_chat),
            // Negative ids are groups, supergroups and channels.
            minute: (chat_id < 0)
                .then(|| Window::new(Duration::from_secs(60), limits.messages_per_min_channel_or_supergroup)),
        });
        let wait = chat.second.wait(now).max(chat.minute.as_mut().map_or(Duration::ZERO, |m| m.wait(now)));
        let wait = wait.max(state.overall.wait(now));
        if !wait.is_zero() {
            return Err(wait);
        }
        state.overall.record(now);
        if let Some(chat) = state.chats.get_mut(&chat_id) {
            chat.second.record(now);
            if let Some(m) = &mut chat.minute {
                m.record(now);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn telegram() -> Limits {
        Limits {
            messages_per_sec_chat: 1,
            messages_per_min_chat: 20,
            messages_per_min_channel_or_supergroup: 20,
            messages_per_sec_overall: 30,
        }
    }

    #[test]
    fn under_the_limits_a_message_goes_at_once() {
        let l = SendLimiter::new(telegram());
        let t = Instant::now();
        for chat in 1..=30 {
            assert_eq!(l.try_reserve(chat, t), Ok(()), "chat {chat}");
        }
        // The 31st in the same second waits for the oldest to age out.
        assert_eq!(l.try_reserve(31, t), Err(Duration::from_secs(1)));
        assert_eq!(l.try_reserve(31, t + Duration::from_secs(1)), Ok(()));
    }

    #[test]
    fn a_private_chat_gets_one_message_a_second() {
        let l = SendLimiter::new(telegram());
        let t = Instant::now();
        assert_eq!(l.try_reserve(7, t), Ok(()));
        assert_eq!(l.try_reserve(7, t + Duration::from_millis(400)), Err(Duration::from_millis(600)));
        assert_eq!(l.try_reserve(7, t + Duration::from_millis(1000)), Ok(()));
    }

    #[test]
    fn a_group_gets_twenty_a_minute() {
        let l = SendLimiter::new(telegram());
        let t = Instant::now();
        for i in 0..20 {
            assert_eq!(l.try_reserve(-100, t + Duration::from_secs(i * 2)), Ok(()), "message {i}");
        }
        let at = t + Duration::from_secs(40);
        assert_eq!(l.try_reserve(-100, at), Err(Duration::from_secs(20)));
        // Another group is not held up.
        assert_eq!(l.try_reserve(-200, at), Ok(()));
        assert_eq!(l.try_reserve(-100, t + Duration::from_secs(60)), Ok(()));
    }

    #[test]
    fn a_refused_reservation_counts_nothing() {
        let l = SendLimiter::new(telegram());
        let t = Instant::now();
        assert!(l.try_reserve(5, t).is_ok());
        for _ in 0..100 {
            assert!(l.try_reserve(5, t).is_err());
        }
        assert!(l.try_reserve(6, t).is_ok(), "refusals used no overall slots");
    }

    proptest::proptest! {
        /// Whatever the order of requests, no window ever holds more than
        /// Telegram allows.
        #[test]
        fn never_over_the_limits(reqs in proptest::collection::vec((-3i64..3, 0u64..5_000), 1..400)) {
            let l = SendLimiter::new(telegram());
            let t0 = Instant::now();
            let mut reqs = reqs;
            reqs.sort_by_key(|r| r.1);
            let mut granted: Vec<(i64, u64)> = Vec::new();
            for (chat, ms) in reqs {
                if l.try_reserve(chat, t0 + Duration::from_millis(ms)).is_ok() {
                    granted.push((chat, ms));
                }
            }
            for &(_, at) in &granted {
                let in_second = granted.iter().filter(|(_, t)| *t >= at && *t < at + 1000).count();
                proptest::prop_assert!(in_second <= 30);
            }
            for &(chat, at) in &granted {
                let same = granted.iter().filter(|(c, t)| *c == chat && *t >= at && *t < at + 1000).count();
                proptest::prop_assert!(same <= 1, "chat {} got {} in a second", chat, same);
            }
        }
    }
}
