//! chat_join_request: what a request gets by the chat's `entry` mode — left
//! alone (open), the entry question then the admins (requests), approval at
//! once for a customer and `entry_fallback` for anyone else (customers) —
//! and the job that declines requests nobody decided in
//! `request_expire_hours`.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use teloxide::types::ChatJoinRequest;

use super::{
    dialogue,
    logic::{self, Fallback, How, Mode, Plan},
    proofs,
    store::{self, Request},
    texts,
    verdicts::{self, Outcome},
};
use crate::{
    features::customers::store as customers,
    kernel::{Ctx, HandlerResult, lang::user_lang, members, notify},
    t,
    telegram::{HearthBot, html},
};

/// A request to join a chat.
pub async fn on_join_request(bot: HearthBot, ctx: Arc<Ctx>, req: ChatJoinRequest) -> HandlerResult {
    members::upsert_chat(&ctx.db, &req.chat, req.date).await?;
    members::upsert_user(&ctx.db, &req.from, req.date).await?;
    let chat = req.chat.id;
    let mode = super::mode_of(&ctx, chat).await?;
    if mode == logic::Mode::Open || req.from.is_bot {
        return Ok(());
    }
    let link = req.invite_link.as_ref().map(|l| l.invite_link.as_str());
    let added = store::add_request(&ctx.db, chat, req.from.id, req.user_chat_id.0, req.date, link).await?;
    // A repeated delivery of a request already handled.
    let Some(request) = (match added {
        Some(id) => store::request(&ctx.db, id).await?,
        None => None,
    }) else {
        return Ok(());
    };
    tracing::info!(chat_id = chat.0, user_id = req.from.id.0, mode = mode.as_str(), "join request");
    let settings = ctx.chat_settings(chat.0).await?;
    let fallback = logic::setting(settings.raw("entry_fallback"), Fallback::Admins);
    let customer = match mode {
        logic::Mode::Customers => proofs::known_customer(&ctx, &req.from).await?,
        _ => None,
    };
    match logic::plan(mode, fallback, customer.is_some()) {
        Plan::Ignore => Ok(()),
        Plan::Approve => {
            let outcome = verdicts::decide(&ctx, &request, true, How::Customer, None).await?;
            tracing::info!(chat_id = chat.0, user_id = req.from.id.0, ?outcome, "a customer's request");
            Ok(())
        }
        Plan::Ask { code_hint } => dialogue::ask(&bot, &ctx, &req, &request, code_hint).await,
        Plan::Refuse => refuse(&bot, &ctx, &req, &request).await,
    }
}

/// Customers mode's `decline` fallback: a polite refusal (with the chat's
/// link, and how a customer proves it), written before the decline — after
/// it Telegram no longer lets the bot write first.
async fn refuse(bot: &HearthBot, ctx: &Ctx, req: &ChatJoinRequest, request: &Request) -> HandlerResult {
    let chat = req.chat.id;
    let lang = texts::applicant_lang(ctx, &req.from, chat).await;
    let title = texts::chat_title(ctx, chat).await;
    let mut text = t!(lang, "entry-refusal", chat = title);
    if let Some(url) = store::refusal_link(&ctx.db, chat).await? {
        text.push('\n');
        text.push_str(&t!(lang, "entry-refusal-link", url = html::escape(&url)));
    }
    notify::dm(bot, ctx, req.user_chat_id.0, text, None).await?;
    let outcome = verdicts::decide(ctx, request, false, How::Fallback, None).await?;
    tracing::info!(chat_id = chat.0, user_id = req.from.id.0, ?outcome, "a non-customer refused");
    Ok(())
}

/// Declines requests nobody decided within the chat's `request_expire_hours`.
pub async fn expire_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    for request in store::pending_before(&ctx.db, now - Duration::hours(1)).await? {
        let hours = ctx.chat_settings(request.chat_id).await?.int("request_expire_hours");
        let due = request.requested_at().is_some_and(|at| at + Duration::hours(hours) <= now);
        if !due {
            continue;
        }
        // A customer whose approval failed (Telegram was down) is let in now.
        if super::mode_of(&ctx, request.chat()).await? == Mode::Customers
            && customers::linked_to(&ctx.db, request.user())
                .await?
                .is_some_and(|c| c.is_customer_on(now.date_naive()))
        {
            let outcome = verdicts::decide(&ctx, &request, true, How::Customer, None).await?;
            tracing::info!(request_id = request.request_id, ?outcome, "a customer's request approved late");
            continue;
        }
        let outcome = verdicts::decide(&ctx, &request, false, How::Expired, None).await?;
        tracing::info!(request_id = request.request_id, ?outcome, "unanswered join request expired");
        if !matches!(outcome, Outcome::Done | Outcome::Withdrawn) {
            continue;
        }
        dialogue::close(&ctx, request.user(), Some(request.request_id)).await?;
        if outcome == Outcome::Done && members::dm_open(&ctx.db, request.user_id).await? {
            let lang = user_lang(&ctx, request.user_id).await;
            let title = texts::chat_title(&ctx, request.chat()).await;
            notify::dm(&ctx.bot, &ctx, request.user_id, t!(lang, "entry-expired", chat = title), None)
                .await?;
        }
    }
    Ok(())
}
