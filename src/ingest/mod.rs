//! At-least-once ingestion. Each batch from getUpdates is written to the
//! `inbox` table in one transaction before its offset is confirmed (the next
//! getUpdates confirms it); updates are handled from there, one chat's in
//! order, different chats in parallel; each is marked done after its handler
//! ran; the unfinished ones are replayed at start. Effects are keyed by
//! Telegram's ids, so a replay or a duplicate delivery changes nothing twice.
//!
//! The rooms: `inbox` (storing batches, the offset, replay, pruning),
//! `flush` (marking handled updates done in batches), `router` (per-chat
//! workers running the handler tree), `poll` (getUpdates), `record` (the
//! messages a group's counters are built from).

use std::sync::Arc;

use teloxide::{
    dispatching::UpdateHandler,
    types::{Message, Update, UpdateKind},
};

mod flush;
mod inbox;
mod poll;
pub mod record;
mod router;

pub use self::{
    flush::{Handled, flush},
    inbox::{next_offset, prune, store_batch, unfinished},
    poll::poll,
    router::{Router, handle, spawn_router},
};

pub type Tree = Arc<UpdateHandler<anyhow::Error>>;

/// An update as Telegram sent it: the raw JSON is what the inbox keeps
/// (teloxide's `Update` does not serialize back to it: a chat_member update
/// would come back empty).
pub struct RawUpdate {
    pub json: String,
    pub update: Update,
}

impl RawUpdate {
    pub fn parse(json: String) -> Result<RawUpdate, serde_json::Error> {
        let update = serde_json::from_str(&json)?;
        Ok(RawUpdate { json, update })
    }
}

/// An update as the handler tree receives it. dptree clones every value it
/// injects, at every step of the tree; a message (nearly all traffic) is
/// therefore shared behind an `Arc`, moved out of its update once, never copied.
#[derive(Clone)]
pub enum Incoming {
    Message(Arc<Message>),
    Other(Arc<Update>),
}

impl Incoming {
    pub fn new(update: Update) -> Incoming {
        match update.kind {
            UpdateKind::Message(message) => Incoming::Message(Arc::new(message)),
            kind => Incoming::Other(Arc::new(Update { id: update.id, kind })),
        }
    }

    /// The tree's branch for messages.
    pub fn message(self) -> Option<Arc<Message>> {
        match self {
            Incoming::Message(message) => Some(message),
            Incoming::Other(_) => None,
        }
    }

    /// The tree's branch for every other kind (rare: copied for teloxide's filters).
    pub fn update(self) -> Option<Update> {
        match self {
            Incoming::Message(_) => None,
            Incoming::Other(update) => Some(Update::clone(&update)),
        }
    }
}

/// Updates of one chat are handled in order; this picks the chat.
pub fn chat_key(update: &Update) -> i64 {
    if let Some(chat) = update.chat() {
        return chat.id.0;
    }
    update.from().map(|u| u.id.0 as i64).unwrap_or(0)
}

pub fn kind_name(update: &Update) -> &'static str {
    match &update.kind {
        UpdateKind::Message(_) => "message",
        UpdateKind::EditedMessage(_) => "edited_message",
        UpdateKind::CallbackQuery(_) => "callback_query",
        UpdateKind::ChatMember(_) => "chat_member",
        UpdateKind::MyChatMember(_) => "my_chat_member",
        UpdateKind::ChatJoinRequest(_) => "chat_join_request",
        _ => "other",
    }
}
