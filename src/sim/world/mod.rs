//! The fake's state: users, chats with members and rights, messages, invite
//! links, queued updates and recorded calls, with the queries on them. The
//! rest of the world lives next door: `updates` (the queue and the builders
//! of the updates a real Telegram would send: joins, messages, presses),
//! `join_requests` (requests to join, their approval and the DMs they
//! allow), `faults` (planned faults, Telegram's sending and editing limits), `json`
//! (Telegram's JSON of users, chats, members and invite links).

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use serde_json::Value;

mod faults;
mod join_requests;
mod json;
mod updates;

use self::faults::{Planned, SendLog};
pub use self::{
    faults::Fault,
    join_requests::{JOIN_REQUEST_DM_SECS, JoinRequest},
    json::{admin_json, member_json},
};
use super::BOT_ID;

/// One request the bot made.
#[derive(Debug, Clone)]
pub struct Call {
    pub method: String,
    pub params: Value,
    /// Set when a planned fault answered instead of the world.
    pub faulted: bool,
    /// Files sent with the call (multipart), by field name.
    pub files: BTreeMap<String, Vec<u8>>,
    /// When the fake received it.
    pub at: std::time::Instant,
}

impl Call {
    pub fn chat_id(&self) -> Option<i64> {
        num(&self.params["chat_id"])
    }
    pub fn user_id(&self) -> Option<i64> {
        num(&self.params["user_id"])
    }
    pub fn text(&self) -> &str {
        self.params["text"].as_str().or_else(|| self.params["caption"].as_str()).unwrap_or("")
    }
    /// callback_data and url of every inline button.
    pub fn buttons(&self) -> Vec<(String, String)> {
        let markup = match &self.params["reply_markup"] {
            Value::String(s) => serde_json::from_str(s).unwrap_or(Value::Null),
            v => v.clone(),
        };
        let mut out = Vec::new();
        if let Some(rows) = markup["inline_keyboard"].as_array() {
            for button in rows.iter().filter_map(|r| r.as_array()).flatten() {
                let label = button["text"].as_str().unwrap_or("").to_owned();
                let target = button["callback_data"]
                    .as_str()
                    .or_else(|| button["url"].as_str())
                    .unwrap_or("")
                    .to_owned();
                out.push((label, target));
            }
        }
        out
    }
}

/// Numbers arrive as JSON numbers or (multipart) strings.
pub fn num(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_str().and_then(|s| s.parse().ok()))
}

#[derive(Debug, Clone)]
pub struct SimUser {
    pub id: i64,
    pub first_name: String,
    pub last_name: Option<String>,
    pub username: Option<String>,
    pub language_code: Option<String>,
    pub is_bot: bool,
    /// Has pressed Start in a DM with the bot.
    pub started_bot: bool,
    pub blocked_bot: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Creator,
    Administrator,
    Member,
    Restricted,
    Left,
    Kicked,
}

#[derive(Debug, Clone)]
pub struct SimChat {
    pub id: i64,
    pub kind: &'static str,
    pub title: String,
    pub is_forum: bool,
    pub members: HashMap<i64, Status>,
    /// Rights the bot has when it is an administrator.
    pub bot_can_restrict: bool,
    pub bot_can_delete: bool,
    pub bot_can_invite: bool,
    pub bot_can_pin: bool,
    /// The message pinned last (pinChatMessage).
    pub pinned_message_id: Option<i64>,
    /// The channel linked to this group (its discussion group), as getChat
    /// reports it in linked_chat_id.
    pub linked_chat_id: Option<i64>,
    /// Channels banned from posting here as themselves (banChatSenderChat).
    pub banned_sender_chats: HashSet<i64>,
}

/// A message the bot sent (or a user sent), kept for edits and deletes.
#[derive(Debug, Clone)]
pub struct StoredMessage {
    pub chat_id: i64,
    pub message_id: i64,
    pub from_bot: bool,
    pub from_user: Option<i64>,
    pub html: String,
    pub markup: Value,
    pub date: i64,
    pub deleted: bool,
}

#[derive(Debug, Clone)]
pub struct InviteLink {
    pub url: String,
    pub chat_id: i64,
    pub name: Option<String>,
    pub revoked: bool,
    /// How many who joined through it may be members at once (Telegram's
    /// `member_limit`); `None`: no limit.
    pub member_limit: Option<u32>,
    /// Joining through it asks the admins first (a join request).
    pub creates_join_request: bool,
    /// Unix time after which it admits nobody.
    pub expire_date: Option<i64>,
    /// Who joined through it, in order.
    pub joined: Vec<i64>,
}

pub struct World {
    /// Unix time the fake stamps on updates and messages; tests move it.
    pub now: i64,
    pub users: HashMap<i64, SimUser>,
    pub chats: HashMap<i64, SimChat>,
    pub messages: HashMap<(i64, i64), StoredMessage>,
    pub invite_links: Vec<InviteLink>,
    /// Pending requests to join (`join_requests`), oldest first.
    pub join_requests: Vec<JoinRequest>,
    pub calls: Vec<Call>,
    /// Benchmarks turn these off so a long run does not grow the fake:
    /// calls are then only counted, and users' messages are not kept.
    pub record_calls: bool,
    pub keep_messages: bool,
    pub call_count: u64,
    /// When set, sends over Telegram's limits are answered with 429, as
    /// Telegram does (the nudge-campaign benchmark turns it on).
    pub enforce_limits: bool,
    /// Calls real Telegram would refuse (see `sim::spec`), in order.
    pub violations: Vec<String>,
    /// When set, edits over the editing limits (`World::over_edit_limits`)
    /// are answered with 429, as Telegram does when a chat is edited too fast.
    pub enforce_edit_limits: bool,
    /// Sends and edits answered with 429 by `enforce_limits` and `enforce_edit_limits`.
    pub rate_limited: u64,
    /// Admins promoted with only some rights (`promote_with_rights`): their
    /// member JSON, by (chat, user).
    pub limited_admins: HashMap<(i64, i64), Value>,
    sends: SendLog,
    edits: SendLog,
    faults: VecDeque<Planned>,
    queue: VecDeque<(i64, Value)>,
    next_update_id: i64,
    next_message_id: HashMap<i64, i64>,
    next_callback_id: u64,
    new_updates: bool,
}

impl Default for World {
    fn default() -> Self {
        Self::new()
    }
}

impl World {
    pub fn new() -> World {
        World {
            now: chrono::Utc::now().timestamp(),
            users: HashMap::new(),
            chats: HashMap::new(),
            messages: HashMap::new(),
            invite_links: Vec::new(),
            join_requests: Vec::new(),
            calls: Vec::new(),
            record_calls: true,
            keep_messages: true,
            call_count: 0,
            enforce_limits: false,
            enforce_edit_limits: false,
            violations: Vec::new(),
            rate_limited: 0,
            limited_admins: HashMap::new(),
            sends: SendLog::default(),
            edits: SendLog::default(),
            faults: VecDeque::new(),
            queue: VecDeque::new(),
            next_update_id: 1,
            next_message_id: HashMap::new(),
            next_callback_id: 1,
            new_updates: false,
        }
    }

    // ---- building the world ------------------------------------------------

    /// Adds a user who has not started the bot.
    pub fn add_user(&mut self, id: i64, first_name: &str) -> &mut SimUser {
        self.users.entry(id).or_insert_with(|| SimUser {
            id,
            first_name: first_name.to_owned(),
            last_name: None,
            username: None,
            language_code: Some("en".into()),
            is_bot: false,
            started_bot: false,
            blocked_bot: false,
        })
    }

    /// A supergroup where the bot is an administrator with every right hearth
    /// uses, and `creator` created it.
    pub fn add_group(&mut self, id: i64, title: &str, creator: i64) -> &mut SimChat {
        let mut members = HashMap::new();
        members.insert(creator, Status::Creator);
        members.insert(BOT_ID, Status::Administrator);
        self.chats.entry(id).or_insert_with(|| SimChat {
            id,
            kind: "supergroup",
            title: title.to_owned(),
            is_forum: false,
            members,
            bot_can_restrict: true,
            bot_can_delete: true,
            bot_can_invite: true,
            bot_can_pin: true,
            pinned_message_id: None,
            linked_chat_id: None,
            banned_sender_chats: HashSet::new(),
        })
    }

    pub fn set_status(&mut self, chat_id: i64, user_id: i64, status: Status) {
        if let Some(chat) = self.chats.get_mut(&chat_id) {
            chat.members.insert(user_id, status);
        }
    }

    pub fn status(&self, chat_id: i64, user_id: i64) -> Status {
        self.chats.get(&chat_id).and_then(|c| c.members.get(&user_id)).copied().unwrap_or(Status::Left)
    }

    /// Turns a supergroup's topics on or off (a forum supergroup).
    pub fn set_forum(&mut self, chat_id: i64, on: bool) {
        if let Some(chat) = self.chats.get_mut(&chat_id) {
            chat.is_forum = on;
        }
    }

    // ---- the calls the bot made ----------------------------------------------

    pub(crate) fn record(&mut self, call: Call) {
        self.call_count += 1;
        if self.record_calls || call.faulted {
            self.calls.push(call);
        }
    }

    /// The most calls to `method` about `chat_id` (faulted ones too) that
    /// fell within any `window` (by when the fake received them).
    pub fn most_in_window(&self, method: &str, chat_id: i64, window: std::time::Duration) -> usize {
        let times: Vec<std::time::Instant> = self
            .calls
            .iter()
            .filter(|c| c.method == method && c.chat_id() == Some(chat_id))
            .map(|c| c.at)
            .collect();
        let mut most = 0;
        for (i, start) in times.iter().enumerate() {
            let within = times[i..].iter().take_while(|t| t.duration_since(*start) < window).count();
            most = most.max(within);
        }
        most
    }

    pub fn texts_to(&self, chat_id: i64) -> Vec<String> {
        self.calls
            .iter()
            .filter(|c| {
                !c.faulted && matches!(c.method.as_str(), "sendMessage" | "sendPhoto" | "sendDocument")
            })
            .filter(|c| c.chat_id() == Some(chat_id))
            .map(|c| super::html::parse(c.text()).unwrap_or_else(|e| e))
            .collect()
    }
}
