//! Membership follows the customer: when a linked customer churns (their
//! `churned_at` set by the CRM's import), each chat's `churned` policy acts
//! once per churn — `goodbye` sends a warm DM, `remove` also takes them out
//! of the chat (ban then unban: free to rejoin; admins never) — and when the
//! customer is active again they are welcomed back, with a personal link to
//! the chats they were removed from. `/churned` previews whom a policy
//! would act on before it is switched on.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::requests::Request as _;
use teloxide::{prelude::*, types::Message};

use super::{
    invites,
    logic::{self, ChurnPolicy, LinkKind},
    store::{self, Churn},
    texts,
};
use crate::{
    features::customers::store as customers,
    kernel::{
        Ctx, HandlerResult,
        lang::{lang_of, user_lang},
        members, notify,
    },
    t,
    telegram::{
        HearthBot, html,
        send::{reply, retrying},
    },
};

async fn policy_of(ctx: &Ctx, chat: ChatId) -> anyhow::Result<ChurnPolicy> {
    Ok(logic::setting(ctx.chat_settings(chat.0).await?.raw("churned"), ChurnPolicy::Keep))
}

/// Acts on linked customers who churned, then welcomes back those who returned.
pub async fn churn_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    for (customer, user) in customers::linked_churned(&ctx.db, now.date_naive()).await? {
        let Some(churned_at) = customer.churned_at.clone() else { continue };
        let churn = Churn { customer_id: customer.customer_id.clone(), churned_at, user_id: user.0 as i64 };
        let mut goodbye = false;
        let mut removals = Vec::new();
        for (chat_id, title) in members::shared_chats(&ctx.db, churn.user_id).await? {
            let chat = ChatId(chat_id);
            let policy = policy_of(&ctx, chat).await?;
            if policy == ChurnPolicy::Keep {
                continue;
            }
            let is_admin = ctx.admins.is_admin(&ctx.bot, chat_id, churn.user_id).await;
            let actions = logic::churn_actions(policy, is_admin);
            goodbye |= actions.goodbye;
            if actions.remove {
                removals.push((chat, title));
            }
        }
        if goodbye && store::claim_churn(&ctx.db, &churn, now).await? {
            tracing::info!(user_id = churn.user_id, customer_id = %churn.customer_id, "a customer churned: goodbye");
            let lang = user_lang(&ctx, churn.user_id).await;
            let mut text = t!(lang, "entry-goodbye");
            for (_, title) in &removals {
                text.push_str("\n\n");
                text.push_str(&t!(lang, "entry-goodbye-removed", chat = html::escape(title)));
            }
            if members::dm_open(&ctx.db, churn.user_id).await? {
                notify::dm(&ctx.bot, &ctx, churn.user_id, text, None).await?;
            }
        }
        for (chat, _) in removals {
            if store::claim_removal(&ctx.db, chat, &churn, now).await? {
                remove(&ctx, chat, user, now).await?;
            }
        }
    }
    welcome_back(&ctx, now).await
}

/// Out of the chat, free to come back: banned, then unbanned.
async fn remove(ctx: &Ctx, chat: ChatId, user: UserId, now: DateTime<Utc>) -> HandlerResult {
    match retrying(|| ctx.bot.ban_chat_member(chat, user).send()).await {
        Ok(_) => {
            if let Err(err) =
                retrying(|| ctx.bot.unban_chat_member(chat, user).only_if_banned(true).send()).await
            {
                tracing::warn!(chat_id = chat.0, user_id = user.0, %err, "could not unban a churned customer");
            }
            members::record_leave(&ctx.db, chat, user, now, "left").await?;
            tracing::info!(chat_id = chat.0, user_id = user.0, "a churned customer removed");
        }
        Err(err) => {
            tracing::warn!(chat_id = chat.0, user_id = user.0, %err, "could not remove a churned customer")
        }
    }
    Ok(())
}

/// Customers active again after a churn the policy acted on: a welcome
/// back (once), with a personal link to each chat they were removed from.
async fn welcome_back(ctx: &Ctx, now: DateTime<Utc>) -> anyhow::Result<()> {
    for churn in store::unwelcomed(&ctx.db).await? {
        let Some(customer) = customers::by_id(&ctx.db, &churn.customer_id).await? else { continue };
        match customer.churned_at.as_deref() {
            Some(at) if at == churn.churned_at => continue,
            // Churned again (another date): that churn is acted on by itself.
            Some(_) => {
                store::mark_welcomed_back(&ctx.db, &churn, now).await?;
                continue;
            }
            None if !customer.is_customer_on(now.date_naive()) => continue,
            None => {}
        }
        let user = UserId(churn.user_id as u64);
        let lang = user_lang(ctx, churn.user_id).await;
        let mut lines = vec![t!(lang, "entry-welcome-back")];
        for chat in store::removed_from(&ctx.db, &churn).await? {
            if members::is_present(&ctx.db, chat, user).await? {
                continue;
            }
            let title = texts::chat_title(ctx, chat).await;
            match invites::personal_link(
                &ctx.bot,
                &ctx.db,
                chat,
                &customer.customer_id,
                LinkKind::Personal,
                None,
                now,
            )
            .await?
            {
                Ok(url) => lines.push(t!(lang, "entry-proof-link", chat = title, url = html::escape(&url))),
                Err(err) => {
                    tracing::warn!(chat_id = chat.0, %err, "no personal link for a returning customer")
                }
            }
        }
        tracing::info!(user_id = churn.user_id, customer_id = %churn.customer_id, "a customer is back");
        if members::dm_open(&ctx.db, churn.user_id).await? {
            notify::dm(&ctx.bot, ctx, churn.user_id, lines.join("\n"), None).await?;
        }
        store::mark_welcomed_back(&ctx.db, &churn, now).await?;
    }
    Ok(())
}

/// `/churned`: the linked customers in this chat who have churned, and what
/// the policy does (or would do) to each.
pub async fn preview(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat = msg.chat.id;
    let policy = policy_of(&ctx, chat).await?;
    let mut lines = Vec::new();
    for (customer, user) in customers::linked_churned(&ctx.db, ctx.clock.now().date_naive()).await? {
        if !members::is_present(&ctx.db, chat, user).await? {
            continue;
        }
        let user_id = user.0 as i64;
        let name = match members::user_name(&ctx.db, user_id).await? {
            Some((first, last)) => html::name(&first, last.as_deref()),
            None => format!("#{user_id}"),
        };
        let churned_at = customer.churned_at.clone().unwrap_or_default();
        let mut line = t!(
            lang,
            "entry-churned-row",
            name = name,
            id = html::escape(&customer.customer_id),
            date = html::escape(&churned_at)
        );
        if ctx.admins.is_admin(&bot, chat.0, user_id).await {
            line.push(' ');
            line.push_str(&t!(lang, "entry-churned-admin"));
        }
        if store::churn_noticed(&ctx.db, &customer.customer_id, &churned_at).await? {
            line.push(' ');
            line.push_str(&t!(lang, "entry-churned-told"));
        }
        lines.push(line);
    }
    let policy_line = match policy {
        ChurnPolicy::Keep => t!(lang, "entry-churned-keep"),
        ChurnPolicy::Goodbye => t!(lang, "entry-churned-goodbye"),
        ChurnPolicy::Remove => t!(lang, "entry-churned-remove"),
    };
    let text = if lines.is_empty() {
        format!("{}\n\n{policy_line}", t!(lang, "entry-churned-none"))
    } else {
        let header = t!(lang, "entry-churned-header", count = lines.len());
        let list = html::fit_lines(&header, &lines, |n| t!(lang, "list-more", count = n));
        format!("{list}\n\n{policy_line}")
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}
