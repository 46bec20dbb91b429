//! Chats speaking in a group: a channel posting as itself (a foreign one, or
//! the group's own linked channel) and the group itself (an anonymous
//! admin). Who among them is exempt from the rules, a muted channel's posts
//! (removed while its mute holds: Telegram cannot restrict a chat), and how
//! a chat is named in notices and the log.

use chrono::{DateTime, Utc};
use teloxide::{
    prelude::*,
    types::{Chat, ChatId, Message},
};

use super::{logic::Sender, sanctions, state::State, store};
use crate::{
    kernel::{Ctx, format},
    telegram::{html, send::retrying},
};

/// Who `msg` speaks as: the chat it was sent on behalf of, else its sender
/// (none for a bot's message or one without a sender).
pub(super) fn sender_of(msg: &Message) -> Option<Sender> {
    match (&msg.sender_chat, &msg.from) {
        (Some(chat), _) => Some(Sender::Chat(chat.id)),
        (None, Some(user)) if !user.is_bot => Some(Sender::User(user.id)),
        _ => None,
    }
}

/// A chat that is never screened without asking Telegram: the group itself
/// (an anonymous admin) and a post its linked channel forwarded in.
pub(super) fn plainly_exempt(msg: &Message, chat: ChatId) -> bool {
    chat == msg.chat.id || msg.is_automatic_forward()
}

/// Whether `chat` is the group's own linked channel (its comments and posts
/// are the community's). Asked of Telegram only when a post trips a rule,
/// then kept a while. When Telegram cannot say, the post is let through:
/// removing the community's own channel is worse than one missed post.
pub(super) async fn is_linked(ctx: &Ctx, group: ChatId, chat: ChatId) -> bool {
    let state = ctx.state::<State>();
    let linked = match state.cached_linked(group) {
        Some(linked) => linked,
        None => match retrying(|| ctx.bot.get_chat(group).send()).await {
            Ok(full) => {
                let linked = full.linked_chat_id().map(ChatId);
                state.keep_linked(group, linked);
                linked
            }
            Err(err) => {
                tracing::warn!(chat_id = group.0, %err, "getChat failed; a channel's post is let through");
                return true;
            }
        },
    };
    linked == Some(chat)
}

/// A post of a chat moderation muted: removed while the mute holds. `true`
/// when it was (other features skip it).
pub(super) async fn removed_while_muted(
    ctx: &Ctx,
    msg: &Message,
    chat: ChatId,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    if sanctions::mute_in_force(ctx, msg.chat.id, Sender::Chat(chat), now).await?.is_none() {
        return Ok(false);
    }
    match sanctions::delete(&ctx.bot, msg.chat.id, msg.id).await {
        Ok(()) => Ok(true),
        Err(err) => {
            tracing::warn!(chat_id = msg.chat.id.0, sender = chat.0, %err, "could not remove a muted channel's post");
            Ok(false)
        }
    }
}

/// A chat in hand, as notices name it: its title, a link when it has a
/// username (HTML).
pub(super) fn chat_name(chat: &Chat) -> String {
    named(chat.title().unwrap_or_default(), chat.username(), chat.id)
}

fn named(title: &str, username: Option<&str>, id: ChatId) -> String {
    let title = if title.is_empty() { id.0.to_string() } else { html::truncate(title, 64) };
    match username {
        Some(username) => html::link(&format!("https://t.me/{username}"), &html::escape(&title)),
        None => format!("<b>{}</b>", html::escape(&title)),
    }
}

/// Whom a log line names: a member's clickable name, or a chat's title as
/// kept when moderation acted on it.
pub(super) async fn name_of(ctx: &Ctx, target: Sender) -> String {
    match target {
        Sender::User(user) => format::mention_of(ctx, user.0 as i64).await,
        Sender::Chat(chat) => match store::sender_chat(&ctx.db, chat).await {
            Ok(Some((title, username))) => named(&title, username.as_deref(), chat),
            Ok(None) => named("", None, chat),
            Err(err) => {
                tracing::warn!(chat_id = chat.0, %err, "could not read a channel's title");
                named("", None, chat)
            }
        },
    }
}
