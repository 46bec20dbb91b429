//! Who is an admin of a chat: getChatAdministrators, cached per chat for a few
//! minutes and dropped at once when a chat_member update changes someone's
//! admin status.

use std::{
    collections::{HashMap, HashSet},
    sync::Mutex,
    time::{Duration, Instant},
};

use teloxide::{
    prelude::*,
    types::{ChatMemberKind, Message},
};

use super::HearthBot;
use super::send::retrying;

/// Telegram's "GroupAnonymousBot": the sender of an anonymous admin's messages.
pub const ANONYMOUS_ADMIN_BOT: u64 = 1_087_968_824;

#[derive(Debug, Clone, Default)]
pub struct ChatAdmins {
    pub ids: HashSet<i64>,
    pub creator: Option<i64>,
    /// Admins with the "Ban users" (restrict members) right.
    pub can_restrict: HashSet<i64>,
    /// Admins with the "Delete messages" right.
    pub can_delete: HashSet<i64>,
    /// Admins with the "Invite users via link" right (also: approve join requests).
    pub can_invite: HashSet<i64>,
    /// Admins (the bot among them) with the "Pin messages" right.
    pub can_pin: HashSet<i64>,
}

/// An admin right hearth checks before acting for an admin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AdminRight {
    RestrictMembers,
    DeleteMessages,
    /// "Invite users via link": make invite links, approve join requests.
    InviteUsers,
    /// "Pin messages".
    PinMessages,
}

impl ChatAdmins {
    /// Whether `user_id` holds `right` (the owner holds every right).
    pub fn has(&self, user_id: i64, right: AdminRight) -> bool {
        if self.creator == Some(user_id) {
            return true;
        }
        match right {
            AdminRight::RestrictMembers => self.can_restrict.contains(&user_id),
            AdminRight::DeleteMessages => self.can_delete.contains(&user_id),
            AdminRight::InviteUsers => self.can_invite.contains(&user_id),
            AdminRight::PinMessages => self.can_pin.contains(&user_id),
        }
    }
}

pub struct AdminCache {
    ttl: Duration,
    chats: Mutex<HashMap<i64, (Instant, ChatAdmins)>>,
}

impl AdminCache {
    pub fn new(ttl: Duration) -> Self {
        Self { ttl, chats: Mutex::new(HashMap::new()) }
    }

    pub fn invalidate(&self, chat_id: i64) {
        if let Ok(mut chats) = self.chats.lock() {
            chats.remove(&chat_id);
        }
    }

    fn cached(&self, chat_id: i64) -> Option<ChatAdmins> {
        let chats = self.chats.lock().ok()?;
        let (at, admins) = chats.get(&chat_id)?;
        (at.elapsed() < self.ttl).then(|| admins.clone())
    }

    /// The chat's admins, from the cache or from Telegram.
    pub async fn admins(&self, bot: &HearthBot, chat_id: i64) -> Result<ChatAdmins, teloxide::RequestError> {
        if let Some(admins) = self.cached(chat_id) {
            return Ok(admins);
        }
        let list = retrying(|| bot.get_chat_administrators(ChatId(chat_id)).send()).await?;
        let mut admins = ChatAdmins::default();
        for member in list {
            let id = member.user.id.0 as i64;
            if member.is_owner() {
                admins.creator = Some(id);
            }
            if let ChatMemberKind::Administrator(a) = &member.kind {
                if a.can_restrict_members {
                    admins.can_restrict.insert(id);
                }
                if a.can_delete_messages {
                    admins.can_delete.insert(id);
                }
                if a.can_invite_users {
                    admins.can_invite.insert(id);
                }
                if a.can_pin_messages {
                    admins.can_pin.insert(id);
                }
            }
            admins.ids.insert(id);
        }
        if let Ok(mut chats) = self.chats.lock() {
            chats.insert(chat_id, (Instant::now(), admins.clone()));
        }
        Ok(admins)
    }

    pub async fn is_admin(&self, bot: &HearthBot, chat_id: i64, user_id: i64) -> bool {
        match self.admins(bot, chat_id).await {
            Ok(admins) => admins.ids.contains(&user_id),
            Err(err) => {
                tracing::warn!(chat_id, %err, "getChatAdministrators failed; treating as non-admin");
                false
            }
        }
    }

    /// Whether `user_id` is an admin of the chat holding `right`.
    pub async fn has_right(&self, bot: &HearthBot, chat_id: i64, user_id: i64, right: AdminRight) -> bool {
        match self.admins(bot, chat_id).await {
            Ok(admins) => admins.has(user_id, right),
            Err(err) => {
                tracing::warn!(chat_id, %err, "getChatAdministrators failed; treating as lacking the right");
                false
            }
        }
    }

    /// Whether the sender of `msg` (an admin) holds `right`; an anonymous
    /// admin (the chat itself) is taken to hold it, as Telegram does not
    /// say which admin spoke.
    pub async fn sender_has_right(&self, bot: &HearthBot, msg: &Message, right: AdminRight) -> bool {
        if msg.chat.is_private() {
            return false;
        }
        if msg.sender_chat.as_ref().is_some_and(|c| c.id == msg.chat.id) {
            return true;
        }
        match &msg.from {
            Some(user) if user.id.0 != ANONYMOUS_ADMIN_BOT => {
                self.has_right(bot, msg.chat.id.0, user.id.0 as i64, right).await
            }
            _ => false,
        }
    }

    /// Whether the sender of `msg` speaks as an admin of its chat: an admin,
    /// or the chat itself (an anonymous admin).
    pub async fn sender_is_admin(&self, bot: &HearthBot, msg: &Message) -> bool {
        if msg.chat.is_private() {
            return false;
        }
        if msg.sender_chat.as_ref().is_some_and(|c| c.id == msg.chat.id) {
            return true;
        }
        match &msg.from {
            Some(user) if user.id.0 == ANONYMOUS_ADMIN_BOT => {
                msg.sender_chat.as_ref().is_some_and(|c| c.id == msg.chat.id)
            }
            Some(user) => self.is_admin(bot, msg.chat.id.0, user.id.0 as i64).await,
            None => false,
        }
    }
}

use teloxide::requests::Request;
