//! Requests to join, as Telegram keeps them: a user asks (a chat_join_request
//! update, delivered only while the bot is an admin that may invite users),
//! may withdraw, and is approved (a member, with the chat_member update) or
//! declined once; a request already handled, or withdrawn, answers
//! `HIDE_REQUESTER_MISSING`. While it is pending, and for five minutes, the
//! bot may write to the applicant through `user_chat_id` even though they
//! never started it.

use serde_json::json;

use super::{Status, World};
use crate::sim::BOT_ID;

/// How long after a request the bot may write first to the applicant
/// (Telegram: "for 5 minutes … until the join request is processed").
pub const JOIN_REQUEST_DM_SECS: i64 = 300;

/// A pending request to join a chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JoinRequest {
    pub chat_id: i64,
    pub user_id: i64,
    /// The private chat the bot may write to while the request is pending.
    pub user_chat_id: i64,
    pub date: i64,
    /// The invite link it came through, if any.
    pub invite_link: Option<String>,
}

/// Why Telegram refuses to approve or decline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestRefusal {
    /// The bot is no admin allowed to invite users.
    AdminRequired,
    /// No such pending request (handled already, or withdrawn).
    Missing,
    /// Approving someone already in the chat.
    AlreadyParticipant,
}

impl RequestRefusal {
    pub fn description(self) -> &'static str {
        match self {
            RequestRefusal::AdminRequired => "CHAT_ADMIN_REQUIRED",
            RequestRefusal::Missing => "HIDE_REQUESTER_MISSING",
            RequestRefusal::AlreadyParticipant => "USER_ALREADY_PARTICIPANT",
        }
    }
}

impl World {
    /// Whether the bot is an admin of the chat with the right to invite users.
    pub fn bot_may_invite(&self, chat_id: i64) -> bool {
        self.chats
            .get(&chat_id)
            .is_some_and(|c| c.bot_can_invite && c.members.get(&BOT_ID) == Some(&Status::Administrator))
    }

    /// A user asks to join (through `invite_link`, one that creates join
    /// requests, or the chat's own approval setting). Telegram tells the bot
    /// only while it may invite users: returns whether the update was sent.
    /// A member, or someone with a request pending there, asks nothing new.
    pub fn request_join(&mut self, chat_id: i64, user_id: i64, invite_link: Option<&str>) -> bool {
        if self.is_present(chat_id, user_id) || self.has_join_request(chat_id, user_id) {
            return false;
        }
        let request = JoinRequest {
            chat_id,
            user_id,
            user_chat_id: user_id,
            date: self.now,
            invite_link: invite_link.map(str::to_owned),
        };
        self.join_requests.push(request.clone());
        if !self.bot_may_invite(chat_id) {
            return false;
        }
        let mut update = json!({
            "chat_join_request": {
                "chat": self.chat_json(chat_id), "from": self.user_json(user_id),
                "user_chat_id": request.user_chat_id, "date": request.date,
            }
        });
        if let Some(url) = invite_link
            && let Some(link) = self.invite_links.iter().find(|l| l.url == url)
        {
            update["chat_join_request"]["invite_link"] = self.link_json(link);
        }
        self.push_update(update);
        true
    }

    /// The applicant withdraws their request (Telegram sends no update).
    pub fn withdraw_request(&mut self, chat_id: i64, user_id: i64) -> bool {
        let before = self.join_requests.len();
        self.join_requests.retain(|r| !(r.chat_id == chat_id && r.user_id == user_id));
        self.join_requests.len() < before
    }

    pub fn has_join_request(&self, chat_id: i64, user_id: i64) -> bool {
        self.join_requests.iter().any(|r| r.chat_id == chat_id && r.user_id == user_id)
    }

    /// approveChatJoinRequest / declineChatJoinRequest: an approved applicant
    /// becomes a member (and the chat_member update is queued).
    pub(crate) fn settle_request(
        &mut self,
        chat_id: i64,
        user_id: i64,
        approve: bool,
    ) -> Result<(), RequestRefusal> {
        if !self.bot_may_invite(chat_id) {
            return Err(RequestRefusal::AdminRequired);
        }
        let Some(i) = self.join_requests.iter().position(|r| r.chat_id == chat_id && r.user_id == user_id)
        else {
            return Err(if approve && self.is_present(chat_id, user_id) {
                RequestRefusal::AlreadyParticipant
            } else {
                RequestRefusal::Missing
            });
        };
        let request = self.join_requests.remove(i);
        if approve {
            self.admit(chat_id, user_id, request.invite_link.as_deref(), true);
        }
        Ok(())
    }

    /// Whether the bot may write to `chat_id`, a private chat, first: the
    /// user started it, or has a request pending for less than five minutes.
    pub fn may_write_to(&self, chat_id: i64) -> bool {
        self.users.get(&chat_id).is_some_and(|u| u.started_bot)
            || self
                .join_requests
                .iter()
                .any(|r| r.user_chat_id == chat_id && self.now - r.date <= JOIN_REQUEST_DM_SECS)
    }
}
