//! The admins' commands: `/note` (save or replace), `/delnote`,
//! `/notetrigger`. Bad input gets its localized answer and changes nothing.

use std::sync::Arc;

use teloxide::types::Message;

use super::{
    auto,
    logic::{self, NoteError, NoteName},
    store::{self, Media},
    texts::{error_text, unknown_note},
};
use crate::{
    i18n::Lang,
    kernel::{Ctx, HandlerResult, lang::lang_of},
    t,
    telegram::{
        HearthBot,
        command::Command,
        html::{self, escape},
        send::reply,
    },
};

/// What a note holds: its HTML, the text it shows, a photo or document.
struct Content {
    html: String,
    visible: String,
    media: Option<(Media, String)>,
}

/// A message's photo (its largest size) or document, by file_id.
fn media_of(msg: &Message) -> Option<(Media, String)> {
    match (msg.photo().and_then(|sizes| sizes.last()), msg.document()) {
        (Some(photo), _) => Some((Media::Photo, photo.file.id.0.clone())),
        (None, Some(doc)) => Some((Media::Document, doc.file.id.0.clone())),
        _ => None,
    }
}

/// The content of `msg` from the byte `from` of its text or caption on:
/// the formatting kept, and its photo or document.
fn content_of(msg: &Message, from: usize) -> Content {
    let (text, _) = html::text_and_entities(msg);
    let from = from.min(text.len());
    let visible = text.get(from..).unwrap_or("").trim().to_owned();
    Content { html: html::message_html(msg, from).trim().to_owned(), visible, media: media_of(msg) }
}

/// `/note <name> <text>` saves the text (with its formatting); `/note
/// <name>` in reply to a message saves that message (text or caption with
/// its formatting, and its photo or document); `/note <name> <text>` in
/// reply to a photo or document saves it with the text as its caption.
fn note_content(msg: &Message, body: Option<&str>) -> Result<Content, NoteError> {
    let content = match (body, msg.reply_to_message()) {
        (Some(body), replied) => {
            let text = msg.text().or(msg.caption()).unwrap_or("").trim_end();
            let from = text.len().checked_sub(body.len()).filter(|&at| text[at..] == *body);
            let mut content = match from {
                Some(from) => content_of(msg, from),
                None => Content { html: escape(body), visible: body.to_owned(), media: None },
            };
            if content.media.is_none() {
                content.media = replied.and_then(media_of);
            }
            content
        }
        (None, Some(replied)) => content_of(replied, 0),
        (None, None) => return Err(NoteError::MissingText),
    };
    match content.media {
        Some(_) => logic::check_caption(&content.visible)?,
        None => logic::check_text(&content.visible)?,
    }
    Ok(content)
}

/// The answer to a note that is not there: the closest names.
pub(super) async fn not_found(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    lang: Lang,
    name: &NoteName,
) -> HandlerResult {
    let names: Vec<String> = store::list(&ctx.db, msg.chat.id.0).await?.into_iter().map(|(n, _)| n).collect();
    reply(bot, msg, unknown_note(lang, name.as_str(), &logic::closest(name.as_str(), &names))).await?;
    Ok(())
}

/// `/note <name> <text>`, or `/note <name>` in reply to a message.
pub async fn save(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let parsed = logic::split_name(&cmd.args).and_then(|(name, body)| Ok((name, note_content(&msg, body)?)));
    let (name, content) = match parsed {
        Ok(parsed) => parsed,
        Err(err) => {
            reply(&bot, &msg, error_text(lang, &err, "note-usage")).await?;
            return Ok(());
        }
    };
    let by = msg.from.as_ref().map_or(0, |u| u.id.0 as i64);
    let media = content.media.as_ref().map(|(kind, id)| (*kind, id.as_str()));
    let replaced = store::save(&ctx.db, msg.chat.id.0, &name, &content.html, media, by, msg.date).await?;
    let shown = escape(name.as_str());
    let text =
        if replaced { t!(lang, "note-replaced", name = shown) } else { t!(lang, "note-saved", name = shown) };
    reply(&bot, &msg, text).await?;
    Ok(())
}

/// `/delnote <name>`.
pub async fn delete(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let name = match logic::split_name(&cmd.args) {
        Ok((name, _)) => name,
        Err(err) => {
            reply(&bot, &msg, error_text(lang, &err, "delnote-usage")).await?;
            return Ok(());
        }
    };
    if !store::delete(&ctx.db, msg.chat.id.0, &name).await? {
        return not_found(&bot, &ctx, &msg, lang, &name).await;
    }
    auto::forget_chat(&ctx, msg.chat.id.0);
    reply(&bot, &msg, t!(lang, "note-deleted", name = escape(name.as_str()))).await?;
    Ok(())
}

/// `/notetrigger <name> phrase; phrase` sets the phrases that answer a
/// question by themselves; `/notetrigger <name>` clears them.
pub async fn set_triggers(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let parsed =
        logic::split_name(&cmd.args).and_then(|(name, rest)| Ok((name, logic::parse_phrases(rest)?)));
    let (name, phrases) = match parsed {
        Ok(parsed) => parsed,
        Err(err) => {
            reply(&bot, &msg, error_text(lang, &err, "notetrigger-usage")).await?;
            return Ok(());
        }
    };
    if !store::set_triggers(&ctx.db, msg.chat.id.0, &name, &logic::join_phrases(&phrases)).await? {
        return not_found(&bot, &ctx, &msg, lang, &name).await;
    }
    auto::forget_chat(&ctx, msg.chat.id.0);
    let shown = escape(name.as_str());
    let text = if phrases.is_empty() {
        t!(lang, "note-triggers-cleared", name = shown)
    } else {
        let list: Vec<String> = phrases.iter().map(|p| format!("<i>{}</i>", escape(p))).collect();
        t!(lang, "note-triggers-set", name = shown, phrases = list.join("; "))
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}
