//! Telegram's JSON for the world's users, chats, members and invite links,
//! as the fake puts it in updates and answers.

use serde_json::{Value, json};

use super::{InviteLink, SimChat, SimUser, World};
use crate::sim::{BOT_ID, BOT_USERNAME};

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

impl SimChat {
    pub fn json(&self) -> Value {
        let mut v = json!({"id": self.id, "type": self.kind, "title": self.title});
        if self.is_forum {
            v["is_forum"] = json!(true);
        }
        v
    }
}

impl World {
    pub fn bot_user(&self) -> Value {
        json!({"id": BOT_ID, "is_bot": true, "first_name": "Hearth", "username": BOT_USERNAME})
    }

    pub(super) fn user_json(&self, user_id: i64) -> Value {
        self.users.get(&user_id).map(SimUser::json).unwrap_or_else(
            || json!({"id": user_id, "is_bot": false, "first_name": format!("user{user_id}")}),
        )
    }

    /// A ChatInviteLink the bot made (its creator is the bot).
    pub fn link_json(&self, link: &InviteLink) -> Value {
        let mut v = json!({
            "invite_link": link.url, "creator": self.bot_user(),
            "creates_join_request": link.creates_join_request, "is_primary": false,
            "is_revoked": link.revoked, "name": link.name,
        });
        if let Some(limit) = link.member_limit {
            v["member_limit"] = json!(limit);
        }
        if let Some(at) = link.expire_date {
            v["expire_date"] = json!(at);
        }
        if link.creates_join_request {
            let pending = self.join_requests.iter().filter(|r| r.invite_link.as_deref() == Some(&link.url));
            v["pending_join_request_count"] = json!(pending.count());
        }
        v
    }

    pub(super) fn chat_json(&self, chat_id: i64) -> Value {
        if let Some(chat) = self.chats.get(&chat_id) {
            return chat.json();
        }
        let first = self.users.get(&chat_id).map(|u| u.first_name.clone()).unwrap_or_default();
        json!({"id": chat_id, "type": "private", "first_name": first})
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
