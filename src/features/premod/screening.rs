//! Holding a post for review: a member below `premod_level` posting where
//! premoderation is on (their topic, or the whole chat) has the post
//! removed, stored with its formatting and its photo or document, and sent
//! to the admins and community moderators as a review card; the author is
//! told once, briefly. Admins and community moderators are never held. The
//! places are cached per chat, so an ordinary message where premoderation is
//! off costs no SQL.

use std::{collections::HashMap, sync::Arc};

use teloxide::{
    prelude::*,
    types::{Message, MessageId},
};

use super::{
    logic::{self, Media},
    review,
    store::{self, HOLD_REASON, NewPost},
};
use crate::{
    db,
    features::{
        moderation::{
            logic::ModAction,
            store::{self as modstore, LogEntry},
        },
        trust,
    },
    kernel::{Ctx, access, lang::chat_lang, members, notify},
    t,
    telegram::{
        html,
        send::{Failure, classify, retrying, send_if_free, thread_of},
    },
};

/// The places premoderation is on, per chat, as last read.
#[derive(Default)]
pub struct State {
    places: std::sync::Mutex<HashMap<i64, Arc<Vec<i64>>>>,
}

impl State {
    fn cached(&self, chat: ChatId) -> Option<Arc<Vec<i64>>> {
        self.places.lock().ok()?.get(&chat.0).cloned()
    }

    fn remember(&self, chat: ChatId, places: Vec<i64>) -> Arc<Vec<i64>> {
        let places = Arc::new(places);
        if let Ok(mut map) = self.places.lock() {
            map.insert(chat.0, places.clone());
        }
        places
    }

    pub fn forget(&self, chat: ChatId) {
        if let Ok(mut map) = self.places.lock() {
            map.remove(&chat.0);
        }
    }
}

/// The chat's premoderated places: from memory, else read once and kept.
pub async fn places(ctx: &Ctx, chat: ChatId) -> sqlx::Result<Arc<Vec<i64>>> {
    let state = ctx.state::<State>();
    if let Some(places) = state.cached(chat) {
        return Ok(places);
    }
    Ok(state.remember(chat, store::places(&ctx.db, chat).await?))
}

/// Drops the cached places of a chat (a switch, a migration).
pub fn forget_chat(ctx: &Ctx, chat_id: i64) {
    ctx.state::<State>().forget(ChatId(chat_id));
}

/// A message's photo (its largest size), document, video or animation.
fn media_of(msg: &Message) -> Option<(Media, String)> {
    if let Some(photo) = msg.photo().and_then(|sizes| sizes.last()) {
        return Some((Media::Photo, photo.file.id.0.clone()));
    }
    if let Some(animation) = msg.animation() {
        return Some((Media::Animation, animation.file.id.0.clone()));
    }
    if let Some(video) = msg.video() {
        return Some((Media::Video, video.file.id.0.clone()));
    }
    msg.document().map(|doc| (Media::Document, doc.file.id.0.clone()))
}

/// Screens a member's group message (after moderation kept it): `true` when
/// it was held for review (other features skip it).
pub async fn screen_message(ctx: &Ctx, msg: &Message) -> anyhow::Result<bool> {
    let Some(author) = msg.from.as_ref().filter(|u| !u.is_bot) else { return Ok(false) };
    let chat = msg.chat.id;
    let topic = thread_of(msg).map(|t| t.0.0);
    if !logic::covers(&places(ctx, chat).await?, logic::place_of(topic)) {
        return Ok(false);
    }
    let media = media_of(msg);
    // Stickers, polls, voice notes … are not reposted: they stay.
    if media.is_none() && msg.text().is_none() {
        return Ok(false);
    }
    let settings = ctx.chat_settings(chat.0).await?;
    let premod_level = settings.int("premod_level");
    if premod_level <= 0
        || ctx.admins.sender_is_admin(&ctx.bot, msg).await
        || access::is_community_moderator(ctx, chat, author.id, msg.date).await
    {
        return Ok(false);
    }
    let level = trust::standing(ctx, chat, author.id, msg.date).await?.map(|s| s.level).unwrap_or_default();
    if !logic::held(level, premod_level) {
        return Ok(false);
    }
    let body = html::message_html(msg, 0);
    let new = NewPost {
        chat,
        message_id: msg.id.0,
        thread_id: topic,
        author: author.id,
        body_html: body.trim(),
        media: media.as_ref().map(|(m, f)| (*m, f.as_str())),
        at: msg.date,
    };
    // A replayed update: the post is already held and its card sent; the
    // delete is tried again (a crash may have come between), which is harmless.
    let Some(post_id) = store::hold(&ctx.db, &new).await? else {
        remove(ctx, chat, msg.id).await;
        return Ok(true);
    };
    if !remove(ctx, chat, msg.id).await {
        store::release(&ctx.db, post_id).await?;
        return Ok(false);
    }
    let entry = LogEntry {
        chat_id: chat,
        source_message_id: Some(msg.id.0),
        action: ModAction::Delete,
        target_id: author.id.into(),
        actor_id: None,
        by_moderator: false,
        reason: Some(HOLD_REASON),
        until: None,
        at: msg.date,
    };
    modstore::log(&ctx.db, &entry).await?;
    if let Some(post) = store::post(&ctx.db, post_id).await? {
        review::send_card(ctx, &post).await?;
    }
    tell_author(ctx, msg, author).await?;
    Ok(true)
}

/// Deletes the held message; `false` when Telegram refused (the bot lacks
/// the right): then the post is not held and stays.
async fn remove(ctx: &Ctx, chat: ChatId, message: MessageId) -> bool {
    match retrying(|| ctx.bot.delete_message(chat, message).send()).await {
        Ok(_) => true,
        Err(err) if classify(&err) == Failure::MessageGone => true,
        Err(err) => {
            tracing::warn!(chat_id = chat.0, %err, "premoderation could not delete a post; it stays");
            false
        }
    }
}

/// Tells the author their post awaits review: by DM when they started the
/// bot, else one short line in the group per member and day (only when a
/// sending slot is free now).
async fn tell_author(ctx: &Ctx, msg: &Message, author: &teloxide::types::User) -> anyhow::Result<()> {
    let chat = msg.chat.id.0;
    let lang = chat_lang(ctx, chat).await;
    let user = author.id.0 as i64;
    if members::dm_open(&ctx.db, user).await? {
        let title = members::chat_title(&ctx.db, chat).await?.unwrap_or_default();
        let text = t!(lang, "premod-held-dm", chat = html::escape(&title));
        if notify::dm(&ctx.bot, ctx, user, text, None).await? {
            return Ok(());
        }
    }
    let key = format!("premod-held:{chat}:{user}:{}", msg.date.date_naive());
    if db::claim_once(&ctx.db, &key, msg.date).await? {
        let text = t!(lang, "premod-held-notice", name = html::mention_user(author));
        if let Err(err) = send_if_free(&ctx.bot, chat, thread_of(msg), text, None).await {
            tracing::warn!(chat_id = chat, %err, "could not say that a post awaits review");
        }
    }
    Ok(())
}
