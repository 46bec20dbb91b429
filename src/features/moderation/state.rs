//! Moderation's in-memory state, per chat and member, so that screening an
//! ordinary message costs no SQL: compiled filters, flood windows, join
//! times, each group's linked channel, the "a right is missing" notices
//! already given, and the log-chat posts in flight. Every map is bounded.

use std::{
    collections::{HashMap, HashSet},
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use teloxide::types::{ChatId, UserId};

use super::{
    errors::Right,
    logic::{CompiledFilter, Flood, FloodWindow, Sender},
};

/// Bound on each in-memory map (members × chats); past it, idle entries go.
const STATE_CAP: usize = 100_000;

/// Windows idle this long (the longest `flood_seconds`) decide nothing.
const FLOOD_IDLE_SECS: i64 = 300;

/// How long a group's linked channel is trusted before asking again.
const LINKED_TTL: Duration = Duration::from_secs(600);

/// In-memory screening state (`ctx.state::<State>()`).
#[derive(Default)]
pub(super) struct State {
    /// Compiled filters per chat; dropped by /filter and /unfilter.
    filters: Mutex<HashMap<ChatId, Arc<Vec<CompiledFilter>>>>,
    floods: Mutex<Floods>,
    /// When each member joined (unix seconds), `None` when the bot never saw
    /// the join: loaded once per member, updated by joins.
    joins: Mutex<HashMap<(ChatId, UserId), Option<i64>>>,
    /// Chats already told that a right is missing (once per process).
    told_no_rights: Mutex<HashSet<(ChatId, Right)>>,
    /// Each group's linked channel (getChat's linked_chat_id), when it was
    /// asked: kept for `LINKED_TTL`.
    linked: Mutex<HashMap<ChatId, (Instant, Option<ChatId>)>>,
    /// Log-chat posts spawned and not yet sent (bounded: the mod_log table
    /// is the record, the log chat a courtesy).
    log_backlog: Arc<AtomicUsize>,
}

impl State {
    pub(super) fn cached_filters(&self, chat: ChatId) -> Option<Arc<Vec<CompiledFilter>>> {
        self.filters.lock().ok()?.get(&chat).cloned()
    }

    pub(super) fn keep_filters(&self, chat: ChatId, compiled: Arc<Vec<CompiledFilter>>) {
        if let Ok(mut map) = self.filters.lock() {
            if map.len() >= STATE_CAP {
                map.clear();
            }
            map.insert(chat, compiled);
        }
    }

    pub(super) fn forget_filters(&self, chat: ChatId) {
        if let Ok(mut f) = self.filters.lock() {
            f.remove(&chat);
        }
    }

    /// Counts one message at unix time `at` in the sender's flood window.
    pub(super) fn flood_hit(&self, chat: ChatId, sender: Sender, at: i64, limit: u32, secs: i64) -> Flood {
        if limit == 0 {
            return Flood::Fine;
        }
        let Ok(mut floods) = self.floods.lock() else { return Flood::Fine };
        floods.prune(at);
        floods.windows.entry((chat, sender)).or_default().hit(at, limit, secs)
    }

    pub(super) fn flood_punish(&self, chat: ChatId, sender: Sender, until: i64) {
        if let Ok(mut floods) = self.floods.lock() {
            floods.windows.entry((chat, sender)).or_default().punish(until);
        }
    }

    /// The group's linked channel, if it was asked less than `LINKED_TTL`
    /// ago (`Some(None)`: it has none).
    pub(super) fn cached_linked(&self, chat: ChatId) -> Option<Option<ChatId>> {
        let linked = self.linked.lock().ok()?;
        let (at, channel) = linked.get(&chat)?;
        (at.elapsed() < LINKED_TTL).then_some(*channel)
    }

    pub(super) fn keep_linked(&self, chat: ChatId, channel: Option<ChatId>) {
        if let Ok(mut linked) = self.linked.lock() {
            if linked.len() >= STATE_CAP {
                linked.clear();
            }
            linked.insert(chat, (Instant::now(), channel));
        }
    }

    /// `None` when not loaded yet; `Some(None)` when the bot never saw the join.
    pub(super) fn cached_join(&self, chat: ChatId, user: UserId) -> Option<Option<i64>> {
        self.joins.lock().ok()?.get(&(chat, user)).copied()
    }

    pub(super) fn remember_join(&self, chat: ChatId, user: UserId, at: Option<i64>) {
        if let Ok(mut joins) = self.joins.lock() {
            if joins.len() >= STATE_CAP {
                joins.clear();
            }
            joins.insert((chat, user), at);
        }
    }

    /// `true` the first time a chat is found missing `right` in this process.
    pub(super) fn first_no_rights(&self, chat: ChatId, right: Right) -> bool {
        self.told_no_rights.lock().map(|mut t| t.insert((chat, right))).unwrap_or(false)
    }

    /// The notice could not go out: a later miss may say it.
    pub(super) fn untell_no_rights(&self, chat: ChatId, right: Right) {
        if let Ok(mut t) = self.told_no_rights.lock() {
            t.remove(&(chat, right));
        }
    }

    /// A place for one more log-chat post in flight, if fewer than `cap`
    /// are; it is given back when dropped.
    pub(super) fn backlog_slot(&self, cap: usize) -> Option<BacklogSlot> {
        if self.log_backlog.fetch_add(1, Ordering::SeqCst) >= cap {
            self.log_backlog.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(BacklogSlot(self.log_backlog.clone()))
    }

    /// Drops everything held about a chat.
    pub(super) fn forget_chat(&self, chat: ChatId) {
        self.forget_filters(chat);
        if let Ok(mut joins) = self.joins.lock() {
            joins.retain(|(c, _), _| *c != chat);
        }
        if let Ok(mut floods) = self.floods.lock() {
            floods.windows.retain(|(c, _), _| *c != chat);
        }
        if let Ok(mut told) = self.told_no_rights.lock() {
            told.retain(|(c, _)| *c != chat);
        }
        if let Ok(mut linked) = self.linked.lock() {
            linked.remove(&chat);
        }
    }
}

/// One log-chat post in flight (see `State::backlog_slot`).
pub(super) struct BacklogSlot(Arc<AtomicUsize>);

impl Drop for BacklogSlot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Flood windows of the members who posted lately.
#[derive(Default)]
struct Floods {
    windows: HashMap<(ChatId, Sender), FloodWindow>,
    /// Size at which idle windows are next dropped (grows when most are
    /// busy, so pruning stays rare).
    prune_at: usize,
}

impl Floods {
    fn prune(&mut self, at: i64) {
        let threshold = self.prune_at.max(10_000);
        if self.windows.len() < threshold {
            return;
        }
        self.windows.retain(|_, w| w.last().is_some_and(|l| at - l < FLOOD_IDLE_SECS));
        if self.windows.len() >= STATE_CAP {
            self.windows.clear();
        }
        self.prune_at = (self.windows.len() * 2).max(10_000);
    }
}
