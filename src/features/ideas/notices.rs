//! Status DMs: when an idea moves on, its author and 👍 voters are told —
//! the first few inside /ideastatus, the rest (and any a crash left) by the
//! `ideas-notices` job; each DM at most once.

use std::{
    collections::{HashMap, hash_map::Entry},
    sync::Arc,
};

use chrono::{DateTime, Utc};

use super::{
    logic::Status,
    store::{self, Idea},
    texts::status_name,
};
use crate::{
    kernel::{Ctx, lang::user_lang, members, notify},
    t,
    telegram::{HearthBot, html},
};

/// DMs sent inside the /ideastatus handler; more wait for the job, so a
/// popular idea does not hold up its chat's updates.
pub(super) const NOTICES_NOW: i64 = 20;
/// DMs the notices job sends per tick.
const NOTICES_PER_TICK: i64 = 300;

/// Sends queued status DMs (of one idea, or of all), each at most once.
pub(super) async fn deliver_notices(
    bot: &HearthBot,
    ctx: &Ctx,
    idea_id: Option<i64>,
    limit: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut ideas: HashMap<i64, Option<(Idea, String)>> = HashMap::new();
    let mut outbox: Vec<(i64, String)> = Vec::new();
    for notice in store::pending_notices(&ctx.db, idea_id, limit).await? {
        if let Entry::Vacant(slot) = ideas.entry(notice.0) {
            let loaded = match store::by_id(&ctx.db, notice.0).await? {
                Some(idea) => {
                    let title = members::chat_title(&ctx.db, idea.chat_id).await?.unwrap_or_default();
                    Some((idea, title))
                }
                None => None,
            };
            slot.insert(loaded);
        }
        if !store::claim_notice(&ctx.db, &notice, now).await? {
            continue;
        }
        let (Some(Some((idea, title))), Ok(status)) = (ideas.get(&notice.0), notice.2.parse::<Status>())
        else {
            continue;
        };
        let user_id = notice.1;
        let lang = user_lang(ctx, user_id).await;
        let mut text = t!(
            lang,
            "idea-status-dm",
            number = idea.number,
            text = html::escape(&html::truncate(&idea.text, 300)),
            status = status_name(lang, status),
            chat = html::escape(title)
        );
        if user_id == idea.author_id {
            text.push('\n');
            text.push_str(&t!(lang, "idea-status-dm-author"));
        }
        if let Some(c) = idea.comment.as_deref().filter(|_| idea.status() == status) {
            text.push('\n');
            text.push_str(&t!(lang, "idea-card-comment", comment = html::escape(c)));
        }
        outbox.push((user_id, text));
    }
    // Sent 20 at a time, concurrently: the send limiter lets up to 30 DMs a
    // second go at once, so one after another would only add round trips.
    for batch in outbox.chunks(20) {
        let sends = batch.iter().map(|(user_id, text)| notify::dm(bot, ctx, *user_id, text.clone(), None));
        for (result, (user_id, _)) in futures::future::join_all(sends).await.into_iter().zip(batch) {
            if let Err(err) = result {
                tracing::warn!(user_id, %err, "could not send an idea status DM");
            }
        }
    }
    Ok(())
}

/// Sends the status DMs the handlers left for later.
pub async fn notices_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    deliver_notices(&ctx.bot, &ctx, None, NOTICES_PER_TICK, now).await
}
