//! The fake's state: users, chats with members and rights, messages, invite
//! links, queued updates, recorded calls and planned faults; plus builders
//! for the updates a real Telegram would send (joins, messages, presses).

use std::collections::{BTreeMap, HashMap, VecDeque};

use serde_json::{Value, json};

use super::{BOT_ID, BOT_USERNAME};

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

impl SimUser {
    pub fn json(&self) -> Value {
        let mut v = json!({"id": self.id, "is_bot": self.is_bot, "first_name": self.first_name});
        if let Some(l) = &self.last_name {
            v["last_name"] = json!(l);
        }
        if let Some(u) = &self.username {
            v["username"] = json!(u);
        }
        if let Some(c) = &self.language_code {
            v["language_code"] = json!(c);
        }
        v
    }
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
}

impl SimChat {
    pub fn json(&self) -> Value {
        let mut v = json!({"id": self.id, "type": self.kind, "title": self.title});
        if self.is_forum {
            v["is_forum"] = json!(true);
        }
        v
    }
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
}

pub struct World {
    /// Unix time the fake stamps on updates and messages; tests move it.
    pub now: i64,
    pub users: HashMap<i64, SimUser>,
    pub chats: HashMap<i64, SimChat>,
    pub messages: HashMap<(i64, i64), StoredMessage>,
    pub invite_links: Vec<InviteLink>,
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
    /// Sends answered with 429 by `enforce_limits`.
    pub rate_limited: u64,
    /// Admins promoted with only some rights (`promote_with_rights`): their
    /// member JSON, by (chat, user).
    pub limited_admins: HashMap<(i64, i64), Value>,
    sends: SendLog,
    faults: VecDeque<(String, u32, Fault)>,
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
            calls: Vec::new(),
            record_calls: true,
            keep_messages: true,
            call_count: 0,
            enforce_limits: false,
            violations: Vec::new(),
            rate_limited: 0,
            limited_admins: HashMap::new(),
            sends: SendLog::default(),
            faults: VecDeque::new(),
            queue: VecDeque::new(),
            next_update_id: 1,
            next_message_id: HashMap::new(),
            next_callback_id: 1,
            new_updates: false,
        }
    }

    pub fn bot_user(&self) -> Value {
        json!({"id": BOT_ID, "is_bot": true, "first_name": "Hearth", "username": BOT_USERNAME})
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

    /// The next call to `method` (any, with "*") is answered with `fault`, `times` times.
    pub fn fail(&mut self, method: &str, times: u32, fault: Fault) {
        self.faults.push_back((method.to_owned(), times, fault));
    }

    pub(crate) fn record(&mut self, call: Call) {
        self.call_count += 1;
        if self.record_calls || call.faulted {
            self.calls.push(call);
        }
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

    // ---- queued updates -----------------------------------------------------

    pub fn update_count(&self) -> u64 {
        (self.next_update_id - 1) as u64
    }

    pub fn push_update(&mut self, mut update: Value) {
        let id = self.next_update_id;
        update["update_id"] = json!(id);
        self.next_update_id += 1;
        self.queue.push_back((id, update));
        self.new_updates = true;
    }

    pub(crate) fn take_new_updates(&mut self) -> bool {
        std::mem::take(&mut self.new_updates)
    }

    /// getUpdates: drops what the offset confirms, returns the rest.
    pub(crate) fn updates_from(&mut self, offset: i64, limit: usize) -> Vec<Value> {
        // Ids only grow, so confirmed updates are at the front.
        while self.queue.front().is_some_and(|(id, _)| *id < offset) {
            self.queue.pop_front();
        }
        self.queue.iter().take(limit).map(|(_, u)| u.clone()).collect()
    }

    pub fn pending_updates(&self) -> usize {
        self.queue.len()
    }

    pub fn next_message_id(&mut self, chat_id: i64) -> i64 {
        let id = self.next_message_id.entry(chat_id).or_insert(1);
        let out = *id;
        *id += 1;
        out
    }

    fn user_json(&self, user_id: i64) -> Value {
        self.users.get(&user_id).map(SimUser::json).unwrap_or_else(
            || json!({"id": user_id, "is_bot": false, "first_name": format!("user{user_id}")}),
        )
    }

    fn chat_json(&self, chat_id: i64) -> Value {
        if let Some(chat) = self.chats.get(&chat_id) {
            return chat.json();
        }
        let first = self.users.get(&chat_id).map(|u| u.first_name.clone()).unwrap_or_default();
        json!({"id": chat_id, "type": "private", "first_name": first})
    }

    // ---- what members do ----------------------------------------------------

    /// A user joins: a chat_member update and a new_chat_members message, as
    /// Telegram sends both. `link` is an invite link URL the bot made.
    pub fn join(&mut self, chat_id: i64, user_id: i64, link: Option<&str>) {
        let old = self.status(chat_id, user_id);
        let old_status = if old == Status::Kicked { "kicked" } else { "left" };
        self.set_status(chat_id, user_id, Status::Member);
        let user = self.user_json(user_id);
        let mut update = json!({
            "chat_member": {
                "chat": self.chat_json(chat_id),
                "from": user,
                "date": self.now,
                "old_chat_member": member_json(&user, old_status),
                "new_chat_member": member_json(&user, "member"),
            }
        });
        if let Some(url) = link
            && let Some(l) = self.invite_links.iter().find(|l| l.url == url)
        {
            update["chat_member"]["invite_link"] = json!({
                "invite_link": l.url, "creator": self.bot_user(), "creates_join_request": false,
                "is_primary": false, "is_revoked": l.revoked, "name": l.name,
            });
        }
        self.push_update(update);
        let message_id = self.next_message_id(chat_id);
        let service = json!({
            "message": {
                "message_id": message_id, "date": self.now, "chat": self.chat_json(chat_id),
                "from": user, "new_chat_members": [user],
            }
        });
        self.push_update(service);
    }

    /// A member leaves: chat_member and left_chat_member.
    pub fn leave(&mut self, chat_id: i64, user_id: i64) {
        self.set_status(chat_id, user_id, Status::Left);
        let user = self.user_json(user_id);
        self.push_update(json!({
            "chat_member": {
                "chat": self.chat_json(chat_id), "from": user, "date": self.now,
                "old_chat_member": member_json(&user, "member"),
                "new_chat_member": member_json(&user, "left"),
            }
        }));
        let message_id = self.next_message_id(chat_id);
        self.push_update(json!({
            "message": {
                "message_id": message_id, "date": self.now, "chat": self.chat_json(chat_id),
                "from": user, "left_chat_member": user,
            }
        }));
    }

    /// A chat_member update that promotes `user_id` to administrator.
    pub fn promote(&mut self, chat_id: i64, user_id: i64) {
        self.set_status(chat_id, user_id, Status::Administrator);
        let user = self.user_json(user_id);
        self.push_update(json!({
            "chat_member": {
                "chat": self.chat_json(chat_id), "from": user, "date": self.now,
                "old_chat_member": member_json(&user, "member"),
                "new_chat_member": admin_json(&user),
            }
        }));
    }

    /// Like `promote`, with only the `can_…` rights named in `rights` (e.g.
    /// `&["can_pin_messages"]`); every other right is off.
    pub fn promote_with_rights(&mut self, chat_id: i64, user_id: i64, rights: &[&str]) {
        self.set_status(chat_id, user_id, Status::Administrator);
        let user = self.user_json(user_id);
        let mut admin = admin_json(&user);
        if let Some(fields) = admin.as_object_mut() {
            for (key, value) in fields.iter_mut() {
                if key.starts_with("can_") && key != "can_be_edited" {
                    *value = json!(rights.contains(&key.as_str()));
                }
            }
        }
        self.limited_admins.insert((chat_id, user_id), admin.clone());
        self.push_update(json!({
            "chat_member": {
                "chat": self.chat_json(chat_id), "from": user, "date": self.now,
                "old_chat_member": member_json(&user, "member"),
                "new_chat_member": admin,
            }
        }));
    }

    /// The bot is added to a group (my_chat_member), as an admin or not.
    pub fn add_bot(&mut self, chat_id: i64, by: i64, as_admin: bool) {
        self.set_status(chat_id, BOT_ID, if as_admin { Status::Administrator } else { Status::Member });
        let bot = self.bot_user();
        let new = if as_admin { admin_json(&bot) } else { member_json(&bot, "member") };
        self.push_update(json!({
            "my_chat_member": {
                "chat": self.chat_json(chat_id), "from": self.user_json(by), "date": self.now,
                "old_chat_member": member_json(&bot, "left"), "new_chat_member": new,
            }
        }));
    }

    /// A user says `text` in a chat (a group, or their DM with the bot when
    /// `chat_id == user_id`). Returns the message id.
    pub fn say(&mut self, chat_id: i64, user_id: i64, text: &str) -> i64 {
        self.say_with(chat_id, user_id, text, |_| {})
    }

    /// Like `say`, letting `edit` add fields (reply_to_message, photo, …).
    pub fn say_with(&mut self, chat_id: i64, user_id: i64, text: &str, edit: impl FnOnce(&mut Value)) -> i64 {
        if chat_id == user_id
            && let Some(u) = self.users.get_mut(&user_id)
        {
            u.started_bot = true;
            u.blocked_bot = false;
        }
        let message_id = self.next_message_id(chat_id);
        let mut message = json!({
            "message_id": message_id, "date": self.now, "chat": self.chat_json(chat_id),
            "from": self.user_json(user_id), "text": text,
        });
        if text.starts_with('/') {
            let len = text.split_whitespace().next().map(|w| w.encode_utf16().count()).unwrap_or(0);
            message["entities"] = json!([{"type": "bot_command", "offset": 0, "length": len}]);
        }
        edit(&mut message);
        if self.keep_messages {
            self.messages.insert(
                (chat_id, message_id),
                StoredMessage {
                    chat_id,
                    message_id,
                    from_bot: false,
                    from_user: Some(user_id),
                    html: text.to_owned(),
                    markup: Value::Null,
                    date: self.now,
                    deleted: false,
                },
            );
        }
        self.push_update(json!({ "message": message }));
        message_id
    }

    /// The author edits their message `message_id` to `text` (an
    /// edited_message update, with the original date and an edit_date).
    pub fn edit(&mut self, chat_id: i64, user_id: i64, message_id: i64, text: &str) {
        let date = self.messages.get(&(chat_id, message_id)).map(|m| m.date).unwrap_or(self.now);
        if let Some(stored) = self.messages.get_mut(&(chat_id, message_id)) {
            stored.html = text.to_owned();
        }
        let message = json!({
            "message_id": message_id, "date": date, "edit_date": self.now,
            "chat": self.chat_json(chat_id), "from": self.user_json(user_id), "text": text,
        });
        self.push_update(json!({ "edited_message": message }));
    }

    /// Turns a supergroup's topics on or off (a forum supergroup).
    pub fn set_forum(&mut self, chat_id: i64, on: bool) {
        if let Some(chat) = self.chats.get_mut(&chat_id) {
            chat.is_forum = on;
        }
    }

    /// A user says `text` inside a forum topic (`thread` is the id of the
    /// topic's first message), as Telegram marks topic messages.
    pub fn say_in_topic(&mut self, chat_id: i64, user_id: i64, thread: i64, text: &str) -> i64 {
        self.say_with(chat_id, user_id, text, |m| {
            m["message_thread_id"] = json!(thread);
            m["is_topic_message"] = json!(true);
        })
    }

    /// A reply to `to_message` (a message of `to_user`).
    pub fn reply(&mut self, chat_id: i64, user_id: i64, to_message: i64, text: &str) -> i64 {
        let original = self.messages.get(&(chat_id, to_message)).cloned();
        let from = match &original {
            Some(m) if m.from_bot => self.bot_user(),
            Some(StoredMessage { from_user: Some(id), .. }) => self.user_json(*id),
            _ => Value::Null,
        };
        let replied = json!({
            "message_id": to_message, "date": original.as_ref().map(|m| m.date).unwrap_or(self.now),
            "chat": self.chat_json(chat_id), "text": original.map(|m| m.html).unwrap_or_default(),
        });
        self.say_with(chat_id, user_id, text, move |m| {
            let mut replied = replied;
            if !from.is_null() {
                replied["from"] = from;
            }
            m["reply_to_message"] = replied;
        })
    }

    /// A press on an inline button of a bot message.
    pub fn press(&mut self, chat_id: i64, message_id: i64, user_id: i64, data: &str) -> String {
        let id = format!("cb{}", self.next_callback_id);
        self.next_callback_id += 1;
        let stored = self.messages.get(&(chat_id, message_id));
        let message = json!({
            "message_id": message_id,
            "date": stored.map(|m| m.date).unwrap_or(self.now),
            "chat": self.chat_json(chat_id),
            "from": self.bot_user(),
            "text": stored.map(|m| m.html.clone()).unwrap_or_default(),
        });
        self.push_update(json!({
            "callback_query": {
                "id": id, "from": self.user_json(user_id), "chat_instance": format!("ci{chat_id}"),
                "data": data, "message": message,
            }
        }));
        id
    }

    /// The group becomes a supergroup with a new id: the world moves, and
    /// both service messages are queued.
    pub fn migrate(&mut self, old_id: i64, new_id: i64, by: i64) {
        if let Some(mut chat) = self.chats.remove(&old_id) {
            let old_json = json!({"id": old_id, "type": "group", "title": chat.title});
            chat.id = new_id;
            chat.kind = "supergroup";
            self.chats.insert(new_id, chat);
            let user = self.user_json(by);
            let m1 = self.next_message_id(old_id);
            self.push_update(json!({"message": {
                "message_id": m1, "date": self.now, "chat": old_json, "from": user, "migrate_to_chat_id": new_id
            }}));
            let m2 = self.next_message_id(new_id);
            self.push_update(json!({"message": {
                "message_id": m2, "date": self.now, "chat": self.chat_json(new_id), "from": user,
                "migrate_from_chat_id": old_id
            }}));
        }
    }

    // ---- reading what the bot did -------------------------------------------

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

/// Recent sends, for `World::enforce_limits`.
#[derive(Default)]
struct SendLog {
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

pub fn member_json(user: &Value, status: &str) -> Value {
    json!({"user": user, "status": status})
}

pub fn admin_json(user: &Value) -> Value {
    json!({
        "user": user, "status": "administrator", "can_be_edited": false, "is_anonymous": false,
        "can_manage_chat": true, "can_change_info": true, "can_delete_messages": true,
        "can_manage_video_chats": true, "can_invite_users": true, "can_restrict_members": true,
        "can_promote_members": false, "can_pin_messages": true,
    })
}
