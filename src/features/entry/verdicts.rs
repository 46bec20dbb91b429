//! Deciding a request with Telegram, once: the decision is claimed in the
//! database first, then approveChatJoinRequest / declineChatJoinRequest is
//! called. A request Telegram no longer has (HIDE_REQUESTER_MISSING: handled
//! elsewhere, or withdrawn) is done, not an error; without the right to
//! invite users the decision is undone and the admins are told, as they are
//! by the job that checks the bot's right in every chat whose entry needs it.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::requests::Request as _;
use teloxide::{RequestError, prelude::*};

use super::{
    logic::{How, Mode, Status},
    store::{self, Request},
    texts,
};
use crate::{
    kernel::{Ctx, lang::chat_lang, notify},
    t,
    telegram::{
        auth::AdminRight,
        send::{Failure, classify, retrying},
    },
};

/// What deciding a request came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Approved or declined as asked (approving someone already in counts).
    Done,
    /// Someone or something else decided it first.
    Taken,
    /// Telegram no longer has it: the applicant withdrew (or it was handled
    /// outside the bot). Marked `gone`: done.
    Withdrawn,
    /// The bot may not invite users there: still pending, admins told.
    NoRight,
    /// Telegram failed otherwise: still pending.
    Failed,
}

/// Telegram's description of an API error (empty for other errors).
fn description(err: &RequestError) -> String {
    match err {
        RequestError::Api(api) => api.to_string(),
        _ => String::new(),
    }
}

/// Approves or declines `request` for `how` (by the admin `by`).
pub async fn decide(
    ctx: &Ctx,
    request: &Request,
    approve: bool,
    how: How,
    by: Option<UserId>,
) -> anyhow::Result<Outcome> {
    let status = match (approve, how) {
        (true, _) => Status::Approved,
        (false, How::Expired) => Status::Expired,
        (false, _) => Status::Declined,
    };
    let at = ctx.clock.now();
    if !store::claim(&ctx.db, request.request_id, status, how, by, at).await? {
        return Ok(Outcome::Taken);
    }
    let (chat, user) = (request.chat(), request.user());
    let called = if approve {
        retrying(|| ctx.bot.approve_chat_join_request(chat, user).send()).await
    } else {
        retrying(|| ctx.bot.decline_chat_join_request(chat, user).send()).await
    };
    let Err(err) = called else {
        tracing::info!(
            chat_id = chat.0,
            user_id = user.0,
            approve,
            how = how.as_str(),
            "join request decided"
        );
        return Ok(Outcome::Done);
    };
    let text = description(&err);
    if approve && text.contains("USER_ALREADY_PARTICIPANT") {
        return Ok(Outcome::Done);
    }
    if text.contains("HIDE_REQUESTER_MISSING") {
        tracing::info!(chat_id = chat.0, user_id = user.0, "join request no longer there; done");
        store::mark_gone(&ctx.db, request.request_id).await?;
        return Ok(Outcome::Withdrawn);
    }
    store::reopen(&ctx.db, request.request_id).await?;
    if classify(&err) == Failure::NoRights {
        tracing::warn!(chat_id = chat.0, %err, "cannot decide join requests: no right to invite users");
        warn_no_right(ctx, chat, at).await?;
        return Ok(Outcome::NoRight);
    }
    tracing::warn!(chat_id = chat.0, user_id = user.0, %err, "could not decide a join request");
    Ok(Outcome::Failed)
}

/// Tells the chat's admins (once, until the right is back) that the bot
/// may not invite users, so join requests do not reach it.
pub async fn warn_no_right(ctx: &Ctx, chat: ChatId, at: DateTime<Utc>) -> anyhow::Result<()> {
    if !store::warn_rights_once(&ctx.db, chat, at).await? {
        return Ok(());
    }
    let lang = chat_lang(ctx, chat.0).await;
    let text = t!(lang, "entry-no-invite-right", chat = texts::chat_title(ctx, chat).await);
    let told = notify::notify_admins(&ctx.bot, ctx, chat.0, &text, None).await?;
    tracing::warn!(chat_id = chat.0, ?told, "admins told the bot lacks the invite right");
    Ok(())
}

/// Every chat whose entry needs join requests: does the bot hold the right
/// to invite users (without it Telegram sends it none)? Admins are told once.
pub async fn rights_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    for chat in store::chats_in(&ctx.db, &[Mode::Requests, Mode::Customers]).await? {
        let admins = match ctx.admins.admins(&ctx.bot, chat.0).await {
            Ok(admins) => admins,
            Err(err) => {
                tracing::debug!(chat_id = chat.0, %err, "cannot check the bot's rights");
                continue;
            }
        };
        if admins.has(ctx.bot_id(), AdminRight::InviteUsers) {
            store::clear_rights_warning(&ctx.db, chat).await?;
        } else {
            warn_no_right(&ctx, chat, now).await?;
        }
    }
    Ok(())
}
