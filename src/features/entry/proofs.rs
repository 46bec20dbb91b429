//! Proofs that a person is a customer, and what a proof gets them: a known
//! Telegram id in the registry (checked on their join request), a signed
//! link from the company's site (`/start c<token>`), or an access code
//! (`codes`). A proven customer's account is linked to the customer; their
//! pending requests in customers-mode chats are approved, and for those
//! chats they are not in yet they get a personal single-use invite link.

use teloxide::types::{ChatId, Message, User};

use super::{
    dialogue, invites,
    logic::{How, LinkKind, Mode},
    signed_link::{self, LinkError},
    store, texts,
    verdicts::{self, Outcome},
};
use crate::{
    features::customers::store::{self as customers, Customer, LinkOutcome, Via},
    kernel::{Ctx, HandlerResult, lang::lang_of, members},
    t,
    telegram::{
        HearthBot, html,
        send::{Failure, classify, reply},
    },
};

/// The customer this account is, as far as the registry knows without
/// asking: the one it is linked to, else the one whose Telegram id it is
/// (linked now) — `None` unless a customer today.
pub async fn known_customer(ctx: &Ctx, user: &User) -> anyhow::Result<Option<Customer>> {
    let now = ctx.clock.now();
    let today = now.date_naive();
    if let Some(c) = customers::linked_to(&ctx.db, user.id).await? {
        return Ok(c.is_customer_on(today).then_some(c));
    }
    let Some(c) = customers::by_telegram_id(&ctx.db, user.id).await? else { return Ok(None) };
    if !c.is_customer_on(today) {
        return Ok(None);
    }
    match customers::link(&ctx.db, &c.customer_id, user.id, Via::TelegramId, now).await? {
        LinkOutcome::Linked | LinkOutcome::AlreadyTheirs => {
            tracing::info!(user_id = user.id.0, customer_id = %c.customer_id, "customer known by Telegram id");
            Ok(Some(c))
        }
        outcome => {
            tracing::info!(user_id = user.id.0, ?outcome, "a Telegram id in the registry, linked elsewhere");
            Ok(None)
        }
    }
}

/// `/start c<token>`: a signed link from the company's site.
pub async fn start_customer(bot: &HearthBot, ctx: &Ctx, msg: &Message, token: &str) -> HandlerResult {
    let lang = lang_of(ctx, msg).await;
    let Some(user) = msg.from.as_ref().filter(|u| !u.is_bot) else { return Ok(()) };
    let Some(secret) = &ctx.config.link_secret else {
        reply(bot, msg, t!(lang, "entry-signed-off")).await?;
        return Ok(());
    };
    let now = ctx.clock.now();
    let verified =
        signed_link::verify(secret.expose().as_bytes(), ctx.bot_username(), token, now.timestamp());
    let verified = match verified {
        Ok(v) => v,
        Err(err) => {
            tracing::info!(user_id = user.id.0, reason = err.reason(), "signed link refused");
            let text = match err {
                LinkError::Expired { .. } => t!(lang, "entry-signed-expired"),
                LinkError::Malformed | LinkError::BadSignature => t!(lang, "entry-signed-invalid"),
            };
            reply(bot, msg, text).await?;
            return Ok(());
        }
    };
    let Some(customer) = customers::by_id(&ctx.db, &verified.customer_id).await? else {
        tracing::info!(user_id = user.id.0, customer_id = %verified.customer_id, "signed link for an unknown customer");
        reply(bot, msg, t!(lang, "entry-signed-unknown")).await?;
        return Ok(());
    };
    admit(bot, ctx, msg, user, &customer, Via::SignedLink).await
}

/// A proof checked out: links the account, then lets them in (approves
/// their pending requests, or sends personal invite links), and says so.
pub async fn admit(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    user: &User,
    customer: &Customer,
    via: Via,
) -> HandlerResult {
    let lang = lang_of(ctx, msg).await;
    let now = ctx.clock.now();
    match customers::link(&ctx.db, &customer.customer_id, user.id, via, now).await? {
        LinkOutcome::CustomerTaken => {
            tracing::info!(user_id = user.id.0, customer_id = %customer.customer_id, "customer linked to another account");
            reply(bot, msg, t!(lang, "entry-proof-customer-taken")).await?;
            return Ok(());
        }
        LinkOutcome::AccountTaken => {
            tracing::info!(user_id = user.id.0, "account linked to another customer");
            reply(bot, msg, t!(lang, "entry-proof-account-taken")).await?;
            return Ok(());
        }
        LinkOutcome::Linked | LinkOutcome::AlreadyTheirs => {}
    }
    tracing::info!(user_id = user.id.0, customer_id = %customer.customer_id, via = via.as_str(), "customer proven");
    if !customer.is_customer_on(now.date_naive()) {
        reply(bot, msg, t!(lang, "entry-proof-inactive")).await?;
        return Ok(());
    }
    dialogue::close(ctx, user.id, None).await?;
    let mut lines = vec![t!(lang, "entry-proof-ok")];
    let mut admitted: Vec<ChatId> = Vec::new();
    for request in store::pending_of(&ctx.db, user.id).await? {
        if super::mode_of(ctx, request.chat()).await? != Mode::Customers {
            continue;
        }
        let title = texts::chat_title(ctx, request.chat()).await;
        match verdicts::decide(ctx, &request, true, How::Customer, None).await? {
            Outcome::Done | Outcome::Taken => {
                admitted.push(request.chat());
                lines.push(t!(lang, "entry-proof-approved", chat = title));
            }
            Outcome::Withdrawn => {}
            Outcome::NoRight | Outcome::Failed => {
                admitted.push(request.chat());
                lines.push(t!(lang, "entry-proof-approve-failed", chat = title));
            }
        }
    }
    for chat in store::chats_in(&ctx.db, &[Mode::Customers]).await? {
        if admitted.contains(&chat) {
            continue;
        }
        let title = texts::chat_title(ctx, chat).await;
        if members::is_present(&ctx.db, chat, user.id).await? {
            lines.push(t!(lang, "entry-proof-already-in", chat = title));
            continue;
        }
        match invites::personal_link(bot, &ctx.db, chat, &customer.customer_id, LinkKind::Personal, None, now)
            .await?
        {
            Ok(url) => lines.push(t!(lang, "entry-proof-link", chat = title, url = html::escape(&url))),
            Err(err) => {
                tracing::warn!(chat_id = chat.0, %err, "could not make a personal invite link");
                if classify(&err) == Failure::NoRights {
                    verdicts::warn_no_right(ctx, chat, now).await?;
                }
                lines.push(t!(lang, "entry-proof-no-link", chat = title));
            }
        }
    }
    reply(bot, msg, lines.join("\n")).await?;
    Ok(())
}
