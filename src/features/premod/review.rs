//! The review card and its buttons. The card goes where the community's
//! admins are told things (`kernel::notify`: the log chat, else each admin's
//! DM) and by DM to each community moderator. Approve reposts the post in
//! its place, crediting its author, formatting kept; Reject offers preset
//! reasons and returns the post to its author by DM. Only an admin or a
//! community moderator of the post's chat may press; the decision is one
//! conditional UPDATE, so it is taken once whoever presses.

use std::sync::Arc;

use teloxide::{
    RequestError,
    prelude::*,
    types::{CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, MessageId, ReplyMarkup, ThreadId},
};

use super::{
    buttons::PremodButton,
    logic::{self, Media, RejectReason, Status},
    store::{self, Post},
};
use crate::{
    features::trust,
    i18n::{self, Lang},
    kernel::{Ctx, HandlerResult, access, format, lang::chat_lang, members, notify, toast},
    t,
    telegram::{
        HearthBot,
        callback::Button,
        html::{self, MAX_CAPTION, MAX_TEXT},
        send::{self, Body, FileKind, retrying},
    },
};

/// Room kept on the card for its header and the verdict added when it closes.
const CARD_BODY_MAX: usize = 3000;

/// Sends a held post's review card to the admins and the community moderators.
pub async fn send_card(ctx: &Ctx, post: &Post) -> anyhow::Result<()> {
    let chat = post.chat_id;
    let lang = chat_lang(ctx, chat).await;
    let text = card_text(ctx, lang, post).await?;
    let markup = verdict_markup(lang, post);
    let told = notify::notify_admins(&ctx.bot, ctx, chat, &text, Some(markup.clone())).await?;
    let moderators = trust::tell_moderators(ctx, ChatId(chat), &text, Some(markup)).await?;
    if told == notify::AdminsTold::Nobody && moderators == 0 {
        tracing::warn!(chat_id = chat, post_id = post.post_id, "a held post reached no reviewer");
    }
    Ok(())
}

async fn card_text(ctx: &Ctx, lang: Lang, post: &Post) -> anyhow::Result<String> {
    let title = members::chat_title(&ctx.db, post.chat_id).await?.unwrap_or_default();
    let author = format::mention_of(ctx, post.author_id).await;
    let mut text = t!(lang, "premod-card", chat = html::escape(&title), author = author);
    if let Some((media, _)) = post.media() {
        text.push('\n');
        text.push_str(&i18n::named(lang, "premod-media", media.as_str()));
    }
    if !post.body_html.is_empty() {
        text.push_str("\n\n");
        text.push_str(&html::truncate_html(&post.body_html, CARD_BODY_MAX));
    }
    Ok(text)
}

fn keyboard(rows: Vec<Vec<InlineKeyboardButton>>) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(rows)
}

fn button(label: String, b: PremodButton) -> InlineKeyboardButton {
    InlineKeyboardButton::callback(label, b.encode())
}

/// Approve / Reject.
fn verdict_markup(lang: Lang, post: &Post) -> ReplyMarkup {
    let (chat, post) = (post.chat_id, post.post_id);
    ReplyMarkup::InlineKeyboard(keyboard(vec![vec![
        button(t!(lang, "premod-button-approve"), PremodButton::Approve { chat, post }),
        button(t!(lang, "premod-button-reject"), PremodButton::Reject { chat, post }),
    ]]))
}

/// The reasons, two a row, and back.
fn reasons_markup(lang: Lang, chat: i64, post: i64) -> InlineKeyboardMarkup {
    let mut rows: Vec<Vec<InlineKeyboardButton>> = RejectReason::ALL
        .chunks(2)
        .map(|pair| {
            pair.iter()
                .map(|&reason| {
                    let label = i18n::named(lang, "premod-reason", reason.as_str());
                    button(label, PremodButton::Reason { chat, post, reason })
                })
                .collect()
        })
        .collect();
    rows.push(vec![button(t!(lang, "premod-button-back"), PremodButton::Back { chat, post })]);
    keyboard(rows)
}

/// A press on a review card.
pub async fn on_button(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    q: CallbackQuery,
    pressed: PremodButton,
) -> HandlerResult {
    let (chat, post_id) = pressed.chat_and_post();
    let Some(post) = store::post(&ctx.db, post_id).await?.filter(|p| p.chat_id == chat) else {
        return toast::stale(&bot, &ctx, &q).await;
    };
    let lang = chat_lang(&ctx, chat).await;
    let presser = q.from.id;
    let reviewer = ctx.admins.is_admin(&bot, chat, presser.0 as i64).await
        || access::is_community_moderator(&ctx, ChatId(chat), presser, ctx.clock.now()).await;
    if !reviewer {
        return toast::alert(&bot, &q, t!(lang, "premod-not-reviewer")).await;
    }
    if post.status() != Status::Pending {
        return already(&bot, &ctx, &q, lang, &post).await;
    }
    match pressed {
        PremodButton::Reject { .. } => set_markup(&bot, &q, reasons_markup(lang, chat, post_id)).await,
        PremodButton::Back { .. } => match verdict_markup(lang, &post) {
            ReplyMarkup::InlineKeyboard(k) => set_markup(&bot, &q, k).await,
            _ => toast::ack(&bot, &q).await,
        },
        PremodButton::Approve { .. } => approve(&bot, &ctx, &q, lang, &post).await,
        PremodButton::Reason { reason, .. } => reject(&bot, &ctx, &q, lang, &post, reason).await,
    }
}

/// Swaps the card's buttons (the reasons, or back to Approve / Reject).
async fn set_markup(bot: &HearthBot, q: &CallbackQuery, markup: InlineKeyboardMarkup) -> HandlerResult {
    if let Some(card) = q.regular_message() {
        let edited = retrying(|| {
            bot.edit_message_reply_markup(card.chat.id, card.id).reply_markup(markup.clone()).send()
        })
        .await;
        if let Err(err) = edited {
            tracing::debug!(%err, "could not change a review card's buttons");
        }
    }
    toast::ack(bot, q).await
}

/// Decided already (by this press's twin, or another reviewer): a toast
/// naming who, and this card closed too.
async fn already(bot: &HearthBot, ctx: &Ctx, q: &CallbackQuery, lang: Lang, post: &Post) -> HandlerResult {
    let by = match post.decided_by {
        Some(id) => format::mention_of(ctx, id).await,
        None => "?".to_owned(),
    };
    let text = match post.status() {
        Status::Rejected => t!(lang, "premod-already-rejected", by = by),
        _ => t!(lang, "premod-already-approved", by = by),
    };
    toast::toast(bot, q, &text).await?;
    if let Some(card) = q.regular_message() {
        notify::close_card(bot, card, &text).await;
    }
    Ok(())
}

async fn approve(bot: &HearthBot, ctx: &Ctx, q: &CallbackQuery, lang: Lang, post: &Post) -> HandlerResult {
    let presser = q.from.id;
    if !store::decide(&ctx.db, post.post_id, Status::Approved, presser, None, ctx.clock.now()).await? {
        let decided = store::post(&ctx.db, post.post_id).await?.unwrap_or_else(|| post.clone());
        return already(bot, ctx, q, lang, &decided).await;
    }
    match repost(ctx, lang, post).await {
        Ok(sent) => store::set_repost(&ctx.db, post.post_id, sent.id.0).await?,
        Err(err) => {
            tracing::warn!(chat_id = post.chat_id, %err, "could not repost an approved post");
            store::reopen(&ctx.db, post.post_id).await?;
            return toast::alert(bot, q, t!(lang, "premod-repost-failed")).await;
        }
    }
    store::forget_removal(&ctx.db, ChatId(post.chat_id), post.message_id).await?;
    toast::toast(bot, q, t!(lang, "premod-approved-toast")).await?;
    if let Some(card) = q.regular_message() {
        let by = format::mention_of(ctx, presser.0 as i64).await;
        notify::close_card(bot, card, &t!(lang, "premod-approved-by", by = by)).await;
    }
    Ok(())
}

/// The approved post, by the bot, in its place: the text (or the photo or
/// document with its caption) and the author's credit line, within limits.
async fn repost(ctx: &Ctx, lang: Lang, post: &Post) -> Result<Message, RequestError> {
    let bot = &ctx.bot;
    let credit = t!(lang, "premod-credit", author = format::mention_of(ctx, post.author_id).await);
    let thread = post.thread_id.map(|t| ThreadId(MessageId(t)));
    let Some((media, file_id)) = post.media() else {
        let text = logic::with_credit(&post.body_html, &credit, MAX_TEXT);
        return send::send(bot, post.chat_id, thread, text, None).await;
    };
    let caption = logic::with_credit(&post.body_html, &credit, MAX_CAPTION);
    let caption = caption.as_str();
    let kind = match media {
        Media::Photo => FileKind::Photo,
        Media::Video => FileKind::Video,
        Media::Animation => FileKind::Animation,
        Media::Document => FileKind::Document,
    };
    let body = Body::File { kind, file_id, caption };
    send::send_body(bot, post.chat_id, thread, None, body).await
}

async fn reject(
    bot: &HearthBot,
    ctx: &Ctx,
    q: &CallbackQuery,
    lang: Lang,
    post: &Post,
    reason: RejectReason,
) -> HandlerResult {
    let presser = q.from.id;
    if !store::decide(&ctx.db, post.post_id, Status::Rejected, presser, Some(reason), ctx.clock.now()).await?
    {
        let decided = store::post(&ctx.db, post.post_id).await?.unwrap_or_else(|| post.clone());
        return already(bot, ctx, q, lang, &decided).await;
    }
    let title = members::chat_title(&ctx.db, post.chat_id).await?.unwrap_or_default();
    let reason_text = i18n::named(lang, "premod-reason", reason.as_str());
    let mut text = t!(lang, "premod-rejected-dm", chat = html::escape(&title), reason = reason_text.clone());
    if !post.body_html.is_empty() {
        text.push_str("\n\n");
        text.push_str(&html::truncate_html(&post.body_html, MAX_TEXT - 600));
    }
    let told = notify::dm(bot, ctx, post.author_id, text, None).await.unwrap_or_else(|err| {
        tracing::warn!(user_id = post.author_id, %err, "could not return a rejected post");
        false
    });
    store::set_author_told(&ctx.db, post.post_id, told).await?;
    let by = format::mention_of(ctx, presser.0 as i64).await;
    let mut verdict = t!(lang, "premod-rejected-by", by = by, reason = reason_text);
    if !told {
        verdict.push('\n');
        verdict.push_str(&t!(lang, "premod-author-not-told"));
    }
    let toast_text =
        if told { t!(lang, "premod-rejected-toast") } else { t!(lang, "premod-author-not-told") };
    toast::toast(bot, q, toast_text).await?;
    if let Some(card) = q.regular_message() {
        notify::close_card(bot, card, &verdict).await;
    }
    Ok(())
}
