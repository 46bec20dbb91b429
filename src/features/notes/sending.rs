//! Sending a note: its text as a message, or its photo or document with
//! the text as the caption (cut to Telegram's 1024), as a reply to the
//! message it answers, in that message's topic.

use teloxide::{
    RequestError,
    prelude::*,
    types::{FileId, InputFile, Message, MessageId, ReplyParameters, ThreadId},
};

use super::store::{Media, Note};
use crate::telegram::{
    HearthBot,
    html::{self, MAX_CAPTION, MAX_TEXT},
    send,
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
/// slot, retried as `send::paced`), or once in a slot the caller reserved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pace {
    Paced,
    Reserved,
}

/// Sends `note` to `target`.
pub async fn send_note(
    bot: &HearthBot,
    target: Target,
    note: &Note,
    pace: Pace,
) -> Result<Message, RequestError> {
    let op = || async {
        let chat = ChatId(target.chat_id);
        let reply = ReplyParameters::new(target.reply_to).allow_sending_without_reply();
        match &note.media {
            None => {
                let mut req = bot
                    .send_message(chat, html::truncate_html(&note.html, MAX_TEXT))
                    .link_preview_options(send::no_preview())
                    .reply_parameters(reply);
                if let Some(thread) = target.thread {
                    req = req.message_thread_id(thread);
                }
                req.send().await
            }
            Some((Media::Photo, file_id)) => {
                let mut req =
                    bot.send_photo(chat, InputFile::file_id(FileId(file_id.clone()))).reply_parameters(reply);
                if !note.html.trim().is_empty() {
                    req = req.caption(html::truncate_html(&note.html, MAX_CAPTION));
                }
                if let Some(thread) = target.thread {
                    req = req.message_thread_id(thread);
                }
                req.send().await
            }
            Some((Media::Document, file_id)) => {
                let mut req = bot
                    .send_document(chat, InputFile::file_id(FileId(file_id.clone())))
                    .reply_parameters(reply);
                if !note.html.trim().is_empty() {
                    req = req.caption(html::truncate_html(&note.html, MAX_CAPTION));
                }
                if let Some(thread) = target.thread {
                    req = req.message_thread_id(thread);
                }
                req.send().await
            }
        }
    };
    match pace {
        Pace::Paced => send::paced(bot, target.chat_id, op).await,
        Pace::Reserved => {
            let sent = op().await;
            match &sent {
                Ok(_) => {
                    crate::metrics::MESSAGES_SENT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                Err(err) => crate::metrics::record_api_error(err),
            }
            sent
        }
    }
}
