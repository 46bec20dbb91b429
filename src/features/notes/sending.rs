//! Sending a note: its text as a message, or its photo or document with
//! the text as the caption (cut to Telegram's 1024), as a reply to the
//! message it answers, in that message's topic.

use teloxide::{
    RequestError,
    types::{Message, MessageId, ThreadId},
};

use super::store::{Media, Note};
use crate::telegram::{
    HearthBot,
    send::{self, Body, FileKind},
};

/// Where a note goes: the chat, the topic and the message it answers.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    pub chat_id: i64,
    pub thread: Option<ThreadId>,
    pub reply_to: MessageId,
}

impl Target {
    /// In reply to `msg`, or to the message `msg` replies to (so a member can
    /// point a newcomer at a note). In a forum topic Telegram makes every
    /// message a reply to the topic's first message: that is no reply.
    pub fn answering(msg: &Message, follow_reply: bool) -> Target {
        let topic_root = msg.thread_id.map(|t| t.0);
        let reply_to = match msg.reply_to_message() {
            Some(replied) if follow_reply && Some(replied.id) != topic_root => replied.id,
            _ => msg.id,
        };
        Target { chat_id: msg.chat.id.0, thread: send::thread_of(msg), reply_to }
    }
}

/// How the note is sent: within the chat's sending limits (waiting for a
/// slot, retried as `send::paced`), or only if a slot is free now (an
/// automatic answer never waits behind the chat's limits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    Paced,
    IfFree,
}

/// Sends `note` to `target` (`Ok(None)`: `Pace::IfFree` found no free slot).
pub async fn send_note(
    bot: &HearthBot,
    target: Target,
    note: &Note,
    pace: Pace,
) -> Result<Option<Message>, RequestError> {
    let body = match &note.media {
        None => Body::Text(&note.html),
        Some((Media::Photo, file_id)) => Body::File { kind: FileKind::Photo, file_id, caption: &note.html },
        Some((Media::Document, file_id)) => {
            Body::File { kind: FileKind::Document, file_id, caption: &note.html }
        }
    };
    let (chat, thread, reply) = (target.chat_id, target.thread, Some(target.reply_to));
    match pace {
        Pace::Paced => send::send_body(bot, chat, thread, reply, body).await.map(Some),
        Pace::IfFree => send::send_body_if_free(bot, chat, thread, reply, body).await,
    }
}
