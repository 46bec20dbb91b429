//! The weekly digest job: the best answers, top helper, top referrers,
//! ideas taken up.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::store;
use crate::{
    db,
    features::{best, ideas, points, referrals},
    kernel::{Ctx, format, lang::chat_lang, topics},
    t,
};

/// Chats whose digest one tick writes: a thousand chats are served over a
/// few ticks of the week's first minutes, each tick staying short.
const CHATS_PER_TICK: usize = 250;

/// Once a week per chat: the most helpful member, the top referrers and the
/// ideas taken up in the past seven days. Keyed by the ISO week, so restarts
/// never repeat it; at most `CHATS_PER_TICK` chats a tick, the others on the
/// ticks after.
pub async fn weekly_digest_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    let week = points::logic::iso_week_key(now, Tz::UTC);
    let groups = store::active_groups(&ctx.db).await?;
    // The chats whose digest of this week is done, in one query: the rest of
    // the week's ticks visit no chat.
    let keys: Vec<String> = groups.iter().map(|chat_id| digest_key(*chat_id, &week)).collect();
    let done = store::claimed(&ctx.db, &keys).await?;
    let mut visited = 0;
    for (chat_id, key) in groups.into_iter().zip(&keys) {
        if done.contains(key) || !ctx.chat_settings(chat_id).await?.bool("weekly_digest") {
            continue;
        }
        if visited == CHATS_PER_TICK {
            break;
        }
        visited += 1;
        // The key points used when it posted the digest: a week already
        // posted stays posted.
        if !db::claim_once(&ctx.db, key, now).await? {
            continue;
        }
        let since = now - Duration::days(7);
        let helpful = points::store::most_helpful(&ctx.db, chat_id, since, now).await?;
        let referrers = referrals::store::top_referrers(&ctx.db, chat_id, Some((since, now)), 3).await?;
        let lang = chat_lang(&ctx, chat_id).await;
        let taken_up = ideas::digest_lines(&ctx, chat_id, lang, since, now).await?;
        let best_answers = best::digest_lines(&ctx, chat_id, lang, since, now).await?;
        if helpful.is_none() && referrers.is_empty() && taken_up.is_empty() && best_answers.is_empty() {
            continue;
        }
        let mut out = vec![t!(lang, "digest-header")];
        out.extend(best_answers);
        if let Some((user_id, thanks)) = helpful {
            out.push(t!(
                lang,
                "digest-helpful",
                name = format::mention_of(&ctx, user_id).await,
                count = thanks
            ));
        }
        if !referrers.is_empty() {
            out.push(t!(lang, "digest-referrers"));
            for r in &referrers {
                out.push(t!(
                    lang,
                    "digest-referrer-row",
                    name = format::mention_of(&ctx, r.referrer_id).await,
                    count = r.qualified
                ));
            }
        }
        out.extend(taken_up);
        let digest = out.join("\n");
        if let Err(err) = topics::post(&ctx.bot, &ctx, chat_id, topics::TopicKind::Digest, digest, None).await
        {
            tracing::warn!(chat_id, %err, "could not post the weekly digest");
        }
    }
    Ok(())
}

/// The once-key of a chat's digest of one week (the name points gave it).
fn digest_key(chat_id: i64, week: &str) -> String {
    format!("points-digest:{chat_id}:{week}")
}
