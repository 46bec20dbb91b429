//! The queue of updates getUpdates hands out, and the builders that queue
//! what a real Telegram would send when members act: joins, leaves,
//! promotions, messages, edits, replies, button presses, a migration.

use serde_json::{Value, json};

use super::{Status, StoredMessage, World, admin_json, member_json};
use crate::sim::BOT_ID;

/// Telegram's "Channel_Bot": the sender of a channel's posts in a group.
pub const CHANNEL_BOT: i64 = 136_817_688;

impl World {
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

    // ---- what members do ----------------------------------------------------

    /// A user joins: a chat_member update and a new_chat_members message, as
    /// Telegram sends both. `link` is an invite link URL the bot made. As on
    /// Telegram, a link that asks the admins makes a join request instead
    /// (`request_join`), and an expired link, or one whose `member_limit` of
    /// members who came through it are in the chat, admits nobody: `false`.
    pub fn join(&mut self, chat_id: i64, user_id: i64, link: Option<&str>) -> bool {
        if let Some(url) = link
            && let Some(l) = self.invite_links.iter().find(|l| l.url == url && l.chat_id == chat_id)
        {
            if l.creates_join_request {
                self.request_join(chat_id, user_id, Some(url));
                return false;
            }
            let expired = l.expire_date.is_some_and(|at| at <= self.now);
            let inside = l.joined.iter().filter(|id| self.is_present(chat_id, **id)).count();
            if expired || l.member_limit.is_some_and(|limit| inside >= limit as usize) {
                return false;
            }
        }
        self.admit(chat_id, user_id, link, false);
        true
    }

    /// Whether a user is in the chat (a member, restricted, or an admin).
    pub fn is_present(&self, chat_id: i64, user_id: i64) -> bool {
        !matches!(self.status(chat_id, user_id), Status::Left | Status::Kicked)
    }

    /// Makes a user a member and queues what Telegram sends: chat_member
    /// (with the invite link, and `via_join_request` for an approved
    /// request) and the new_chat_members message.
    pub(super) fn admit(&mut self, chat_id: i64, user_id: i64, link: Option<&str>, via_request: bool) {
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
        if via_request {
            update["chat_member"]["via_join_request"] = json!(true);
        }
        if let Some(url) = link
            && let Some(i) = self.invite_links.iter().position(|l| l.url == url)
        {
            self.invite_links[i].joined.push(user_id);
            update["chat_member"]["invite_link"] = self.link_json(&self.invite_links[i]);
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

    /// The channel `channel_id` (titled `title`) posts `text` into the group
    /// as itself, as Telegram sends it: from the "Channel" bot, with the
    /// channel as sender_chat. A channel banned there (banChatSenderChat)
    /// cannot post: nothing is queued and `None` is returned.
    pub fn say_as_channel(&mut self, chat_id: i64, channel_id: i64, title: &str, text: &str) -> Option<i64> {
        self.post_as_chat(chat_id, channel_id, title, text, false)
    }

    /// The group's linked channel's post, forwarded into the group by
    /// Telegram (from "Telegram", is_automatic_forward).
    pub fn linked_channel_post(&mut self, chat_id: i64, text: &str) -> Option<i64> {
        let linked = self.chats.get(&chat_id).and_then(|c| c.linked_chat_id)?;
        self.post_as_chat(chat_id, linked, "Our channel", text, true)
    }

    fn post_as_chat(
        &mut self,
        chat_id: i64,
        channel_id: i64,
        title: &str,
        text: &str,
        automatic: bool,
    ) -> Option<i64> {
        if self.chats.get(&chat_id).is_some_and(|c| c.banned_sender_chats.contains(&channel_id)) {
            return None;
        }
        let channel = json!({"id": channel_id, "type": "channel", "title": title});
        let (from, kind) = if automatic {
            (json!({"id": 777_000, "is_bot": false, "first_name": "Telegram"}), true)
        } else {
            (
                json!({"id": CHANNEL_BOT, "is_bot": true, "first_name": "Channel", "username": "Channel_Bot"}),
                false,
            )
        };
        Some(self.say_with(chat_id, CHANNEL_BOT, text, move |m| {
            m["from"] = from;
            m["sender_chat"] = channel;
            if kind {
                m["is_automatic_forward"] = json!(true);
            }
        }))
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
}
