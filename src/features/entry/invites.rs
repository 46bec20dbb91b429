//! Personal single-use invite links (member_limit 1, named for the customer
//! within Telegram's 32 characters): a founder's, or a proven customer's way
//! in. The same unused link is handed out again rather than a new one; a
//! join through one marks it used, revokes it (no second person once the
//! first leaves), and for a founder links the account to the customer and
//! gives the founder badge.

use chrono::{DateTime, Utc};
use teloxide::requests::Request as _;
use teloxide::{RequestError, prelude::*};

use super::{
    logic::{self, LinkKind},
    store::{self, NewLink},
};
use crate::{
    db::Db,
    features::{
        customers::store::{self as customers, LinkOutcome, Via},
        points::{logic::Badge, store as points},
    },
    kernel::{Ctx, HandlerResult, members::MemberEvent},
    telegram::{HearthBot, send::retrying},
};

/// The customer's unused link of `kind` to the chat, or a new one.
/// Telegram's refusal is the inner error (the bot may not invite there).
pub async fn personal_link(
    bot: &HearthBot,
    db: &Db,
    chat: ChatId,
    customer_id: &str,
    kind: LinkKind,
    by: Option<UserId>,
    at: DateTime<Utc>,
) -> anyhow::Result<Result<String, RequestError>> {
    if let Some(url) = store::unused_link(db, chat, customer_id, kind).await? {
        return Ok(Ok(url));
    }
    let name = logic::link_name(kind, customer_id);
    let made = retrying(|| bot.create_chat_invite_link(chat).name(name.clone()).member_limit(1).send()).await;
    let link = match made {
        Ok(link) => link,
        Err(err) => return Ok(Err(err)),
    };
    let new = NewLink { url: &link.invite_link, chat, customer_id, kind, name: &name, by, at };
    store::save_link(db, &new).await?;
    Ok(Ok(link.invite_link))
}

/// A join through one of the bot's personal links.
pub async fn on_join(bot: &HearthBot, ctx: &Ctx, ev: &MemberEvent) -> HandlerResult {
    let Some(link) = ev.invite_link.as_ref().filter(|l| l.creator.id == ctx.me.user.id) else {
        return Ok(());
    };
    let chat = ChatId(ev.chat_id);
    let Some(entry) = store::link_by_url(&ctx.db, chat, &link.invite_link).await? else { return Ok(()) };
    let user = ev.user.id;
    if !store::mark_joined(&ctx.db, &entry.url, user, ev.at).await? {
        return Ok(());
    }
    match retrying(|| bot.revoke_chat_invite_link(chat, entry.url.clone()).send()).await {
        Ok(_) => store::mark_revoked(&ctx.db, &entry.url, ev.at).await?,
        Err(err) => tracing::warn!(chat_id = chat.0, %err, "could not revoke a used personal link"),
    }
    if entry.kind() != Some(LinkKind::Founder) {
        tracing::info!(chat_id = chat.0, user_id = user.0, "joined through a personal link");
        return Ok(());
    }
    let outcome = customers::link(&ctx.db, &entry.customer_id, user, Via::Admin, ev.at).await?;
    tracing::info!(chat_id = chat.0, user_id = user.0, customer_id = %entry.customer_id, ?outcome, "a founder joined");
    if matches!(outcome, LinkOutcome::Linked | LinkOutcome::AlreadyTheirs) {
        points::unlock(&ctx.db, chat, user, Badge::Founder, ev.at).await?;
    }
    Ok(())
}
