//! The edit lane: edits that may wait (a batch welcome growing during a
//! raid, a rules button dropped) are wanted, not sent. `HearthBot::edit_later`
//! records the latest content wanted for a message — at most one pending
//! edit per message, the latest wins — and the lane's task sends it when
//! the chat's own edit budget allows (one a second in a chat, the group's
//! per-minute limit, kept apart from the sending budget). Flood control
//! (429) pauses that chat's edits for as long as Telegram says, holding up
//! nothing else; an edit still not through after `GIVE_UP` is given up
//! (logged, counted in `hearth_calls_given_up_total`).

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, Mutex, atomic::Ordering},
    time::{Duration, Instant},
};

use teloxide::{
    adaptors::{DefaultParseMode, throttle::Limits},
    payloads::{EditMessageReplyMarkupSetters, EditMessageTextSetters},
    prelude::*,
    requests::Requester,
    types::{InlineKeyboardMarkup, MessageId},
};
use tokio::sync::Notify;

use super::{
    limiter::SendLimiter,
    send::{Failure, classify, no_preview},
};

/// How long an edit may stay wanted before it is given up.
pub const GIVE_UP: Duration = Duration::from_secs(300);

/// Tries after a 5xx or a network error before an edit is given up.
const SERVER_TRIES: u32 = 3;

/// What a message should become.
#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    /// New HTML text, and the keyboard with it (`None`: none).
    Text { text: String, markup: Option<InlineKeyboardMarkup> },
    /// Only the keyboard changes.
    Markup(InlineKeyboardMarkup),
}

impl Edit {
    /// `newer` wanted after `self` (not yet sent): the latest wins, and a
    /// keyboard-only change keeps the text still to be set.
    fn then(self, newer: Edit) -> Edit {
        match (self, newer) {
            (Edit::Text { text, .. }, Edit::Markup(markup)) => Edit::Text { text, markup: Some(markup) },
            (_, newer) => newer,
        }
    }
}

type Key = (i64, i32);

#[derive(Debug)]
struct Pending {
    edit: Edit,
    /// When this message was first wanted changed (for `GIVE_UP`).
    since: Instant,
    server_failures: u32,
}

#[derive(Debug, Default)]
struct State {
    pending: HashMap<Key, Pending>,
    in_flight: HashSet<Key>,
    /// Chats under flood control for edits, until when.
    paused: HashMap<i64, Instant>,
    running: bool,
}

/// The lane; one per bot.
pub struct EditLane {
    bot: DefaultParseMode<Bot>,
    budget: SendLimiter,
    state: Mutex<State>,
    wake: Notify,
}

impl EditLane {
    /// A lane sending through `bot` within `limits` (the same figures as
    /// sending, counted apart).
    pub fn new(bot: DefaultParseMode<Bot>, limits: Limits) -> EditLane {
        EditLane {
            bot,
            budget: SendLimiter::new(limits),
            state: Mutex::new(State::default()),
            wake: Notify::new(),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        match self.state.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Wants message `message_id` of `chat_id` to become `edit`; returns at once.
    pub fn want(self: &Arc<Self>, chat_id: i64, message_id: i32, edit: Edit) {
        if self.record(chat_id, message_id, edit, Instant::now()) {
            tokio::spawn(self.clone().run());
        }
        self.wake.notify_one();
    }

    /// Keeps `edit` as the one pending for the message (merged into the one
    /// already pending). Whether the lane's task is still to be started.
    fn record(&self, chat_id: i64, message_id: i32, edit: Edit, now: Instant) -> bool {
        let mut state = self.state();
        let pending = match state.pending.remove(&(chat_id, message_id)) {
            Some(old) => Pending { edit: old.edit.then(edit), ..old },
            None => Pending { edit, since: now, server_failures: 0 },
        };
        state.pending.insert((chat_id, message_id), pending);
        !std::mem::replace(&mut state.running, true)
    }

    /// Edits wanted or on their way.
    pub fn outstanding(&self) -> usize {
        let state = self.state();
        state.pending.len() + state.in_flight.len()
    }

    /// Waits until no edit is wanted or on its way (tests and shutdown).
    pub async fn settled(&self) {
        while self.outstanding() > 0 {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    async fn run(self: Arc<Self>) {
        loop {
            let (due, wait) = self.take_due(Instant::now());
            for (key, pending) in due {
                tokio::spawn(self.clone().send(key, pending));
            }
            let wait = wait.unwrap_or(Duration::from_secs(3600)).max(Duration::from_millis(1));
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }

    /// The edits that may go now (marked in flight, their budget taken),
    /// oldest first, and how long until the next one might.
    fn take_due(&self, now: Instant) -> (Vec<(Key, Pending)>, Option<Duration>) {
        let mut state = self.state();
        state.paused.retain(|_, until| *until > now);
        let mut keys: Vec<(Instant, Key)> = state
            .pending
            .iter()
            .filter(|(key, _)| !state.in_flight.contains(key))
            .map(|(key, p)| (p.since, *key))
            .collect();
        keys.sort();
        let mut due = Vec::new();
        let mut wait: Option<Duration> = None;
        let sooner = |d: Duration, wait: &mut Option<Duration>| *wait = Some(wait.map_or(d, |w| w.min(d)));
        for (since, key) in keys {
            if now.duration_since(since) > GIVE_UP {
                state.pending.remove(&key);
                give_up(key, "not through within the time allowed");
                continue;
            }
            if let Some(until) = state.paused.get(&key.0) {
                sooner(until.saturating_duration_since(now), &mut wait);
                continue;
            }
            match self.budget.try_reserve(key.0, now) {
                Ok(()) => {
                    if let Some(p) = state.pending.remove(&key) {
                        state.in_flight.insert(key);
                        due.push((key, p));
                    }
                }
                Err(d) => sooner(d, &mut wait),
            }
        }
        (due, wait)
    }

    async fn send(self: Arc<Self>, key: Key, pending: Pending) {
        let (chat, message) = (ChatId(key.0), MessageId(key.1));
        let result = match pending.edit.clone() {
            Edit::Text { text, markup } => {
                let mut req =
                    self.bot.edit_message_text(chat, message, text).link_preview_options(no_preview());
                if let Some(markup) = markup {
                    req = req.reply_markup(markup);
                }
                req.send().await.map(drop)
            }
            Edit::Markup(markup) => {
                self.bot.edit_message_reply_markup(chat, message).reply_markup(markup).send().await.map(drop)
            }
        };
        let failure = result.err().map(|err| {
            crate::metrics::record_api_error(&err);
            (classify(&err), err)
        });
        {
            let mut state = self.state();
            state.in_flight.remove(&key);
            let now = Instant::now();
            match failure {
                None | Some((Failure::NotModified | Failure::MessageGone, _)) => {}
                Some((Failure::RetryAfter(d), err)) => {
                    tracing::warn!(chat_id = key.0, secs = d.as_secs(), %err, "flood control on edits; this chat's edits wait");
                    state.paused.insert(key.0, now + d);
                    if now + d > pending.since + GIVE_UP {
                        give_up(key, "flood control past the time allowed");
                    } else {
                        // A newer wanted content, if any, stays the one to send.
                        state.pending.entry(key).or_insert(pending);
                    }
                }
                Some((Failure::ServerError | Failure::Network, err)) => {
                    let tries = pending.server_failures + 1;
                    if tries > SERVER_TRIES {
                        give_up(key, "Telegram kept failing");
                    } else {
                        tracing::warn!(chat_id = key.0, %err, tries, "an edit failed; trying again");
                        state.paused.insert(key.0, now + Duration::from_millis(250 * 4u64.pow(tries - 1)));
                        state.pending.entry(key).or_insert(Pending { server_failures: tries, ..pending });
                    }
                }
                Some((other, err)) => {
                    tracing::debug!(chat_id = key.0, message_id = key.1, ?other, %err, "an edit was refused");
                }
            }
        }
        self.wake.notify_one();
    }
}

fn give_up(key: Key, why: &str) {
    crate::metrics::GIVEN_UP.fetch_add(1, Ordering::Relaxed);
    tracing::error!(chat_id = key.0, message_id = key.1, why, "gave up on an edit");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_latest_wins_and_a_keyboard_change_keeps_the_text() {
        let keyboard = InlineKeyboardMarkup::new(Vec::<Vec<_>>::new());
        assert_eq!(text("a").then(text("b")), text("b"));
        assert_eq!(
            text("a").then(Edit::Markup(keyboard.clone())),
            Edit::Text { text: "a".into(), markup: Some(keyboard.clone()) }
        );
        assert_eq!(Edit::Markup(keyboard.clone()).then(text("c")), text("c"));
    }

    fn lane() -> EditLane {
        let limits = Limits {
            messages_per_sec_chat: 1,
            messages_per_min_chat: 20,
            messages_per_min_channel_or_supergroup: 20,
            messages_per_sec_overall: 30,
        };
        EditLane::new(Bot::new("1:x").parse_mode(teloxide::types::ParseMode::Html), limits)
    }

    fn text(s: &str) -> Edit {
        Edit::Text { text: s.into(), markup: None }
    }

    #[test]
    fn one_pending_edit_per_message_sent_within_the_chats_budget() {
        let lane = lane();
        let t = Instant::now();
        for n in 0..14 {
            lane.record(-1, 7, text(&format!("names 1..{n}")), t);
        }
        lane.record(-1, 8, text("another message"), t);
        lane.record(-2, 9, text("another chat"), t);
        assert_eq!(lane.outstanding(), 3, "fourteen edits of one message are one");
        let (due, wait) = lane.take_due(t);
        let keys: Vec<Key> = due.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys.len(), 2, "one edit a second in a chat: {keys:?}");
        assert!(keys.contains(&(-2, 9)));
        assert_eq!(
            due.iter().find(|(k, _)| *k == (-1, 7)).map(|(_, p)| p.edit.clone()),
            Some(text("names 1..13"))
        );
        assert_eq!(wait, Some(Duration::from_secs(1)));
        assert!(lane.take_due(t + Duration::from_millis(500)).0.is_empty());
        assert_eq!(lane.take_due(t + Duration::from_secs(1)).0.len(), 1);
    }

    #[test]
    fn a_chat_under_flood_control_waits_alone_and_old_edits_are_given_up() {
        let lane = lane();
        let t = Instant::now();
        lane.record(-1, 7, text("a"), t);
        lane.record(-2, 9, text("b"), t);
        lane.state().paused.insert(-1, t + Duration::from_secs(5));
        let (due, wait) = lane.take_due(t);
        assert_eq!(due.len(), 1, "the other chat's edit goes");
        assert_eq!(due[0].0, (-2, 9));
        assert_eq!(wait, Some(Duration::from_secs(5)));
        let given_up = crate::metrics::GIVEN_UP.load(Ordering::Relaxed);
        let (due, _) = lane.take_due(t + GIVE_UP + Duration::from_secs(1));
        assert!(due.is_empty());
        assert_eq!(lane.state().pending.len(), 0, "wanted for too long: given up");
        assert!(crate::metrics::GIVEN_UP.load(Ordering::Relaxed) > given_up);
    }
}
