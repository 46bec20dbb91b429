//! The qualification job: settles pending referrals — voids the ones whose
//! newcomer left, pays both sides of the ones that qualified (rules
//! accepted, messages posted, days stayed) and tells them.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, UserId};

use super::{
    logic::{self, Invitee, QualifyRules, ReferralStatus},
    store,
};
use crate::{
    db,
    features::{
        onboarding,
        points::{
            self,
            logic::{Reason, Reference},
            store::Award,
        },
    },
    kernel::{
        Ctx, HandlerResult, format,
        lang::{chat_lang, user_lang},
        members, notify,
    },
    t,
    telegram::{html, send::send},
};

/// Settles pending referrals: void the ones whose newcomer left, pay both
/// sides of the ones that qualified (once: the referral's status and the
/// ledger's unique key, in one transaction).
pub async fn qualify_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    for r in store::pending(&ctx.db).await? {
        let Some(joined_at) = db::parse_ts(&r.joined_at) else { continue };
        let (chat, newcomer, referrer) = (r.chat(), r.newcomer(), r.referrer());
        let settings = ctx.chat_settings(r.chat_id).await?;
        let count = |key: &str| u32::try_from(settings.int(key).max(0)).unwrap_or(u32::MAX);
        let rules = QualifyRules {
            require_rules: settings.bool("gate") && r.gated.unwrap_or(false),
            min_messages: count("referral_min_messages"),
            qualify_days: count("referral_qualify_days"),
        };
        let invitee = Invitee {
            joined_at,
            rules_accepted: onboarding::store::accepted_rules(&ctx.db, chat, newcomer).await?,
            messages: u32::try_from(r.messages.max(0)).unwrap_or(u32::MAX),
            left: r.status.as_deref().is_some_and(|s| s == "left" || s == "kicked")
                || r.join_count.unwrap_or(0) > 1,
            self_referral: referrer == newcomer,
            first_join: true,
        };
        match logic::referral_status(&rules, &invitee, now) {
            ReferralStatus::Pending { .. } => {}
            ReferralStatus::Void(reason) => {
                store::void(&ctx.db, chat, newcomer, reason, now).await?;
            }
            ReferralStatus::Qualified => {
                let referrer_points = settings.int("referral_points");
                let welcome_points = settings.int("welcome_points");
                let to_referrer = Award {
                    chat_id: chat,
                    user_id: referrer,
                    points: referrer_points,
                    reason: Reason::ReferralReferrer,
                    reference: Reference::User(r.user_id),
                    note: None,
                    by: None,
                    at: now,
                };
                let to_newcomer = Award {
                    user_id: newcomer,
                    points: welcome_points,
                    reason: Reason::ReferralNewcomer,
                    reference: Reference::User(r.referrer_id),
                    ..to_referrer.clone()
                };
                if !store::qualify(&ctx.db, &r, &to_referrer, &to_newcomer).await? {
                    continue;
                }
                tracing::info!(
                    chat_id = r.chat_id,
                    newcomer = r.user_id,
                    referrer = r.referrer_id,
                    "referral qualified"
                );
                tell_both(&ctx, &r, referrer_points, welcome_points).await?;
                points::check_badges(&ctx, chat, referrer, now, false).await?;
            }
        }
    }
    Ok(())
}

async fn tell_both(
    ctx: &Ctx,
    r: &store::Pending,
    referrer_points: i64,
    welcome_points: i64,
) -> HandlerResult {
    let title = html::escape(&members::chat_title(&ctx.db, r.chat_id).await?.unwrap_or_default());
    let newcomer = format::mention_of(ctx, r.user_id).await;
    let referrer = format::mention_of(ctx, r.referrer_id).await;
    let chat_lang = chat_lang(ctx, r.chat_id).await;

    let lang = user_lang(ctx, r.referrer_id).await;
    let dm = t!(
        lang,
        "ref-paid-referrer",
        name = newcomer.clone(),
        chat = title.clone(),
        points = referrer_points
    );
    let group = t!(
        chat_lang,
        "ref-paid-referrer-group",
        referrer = referrer.clone(),
        name = newcomer.clone(),
        points = referrer_points
    );
    tell(ctx, r.chat(), r.referrer(), dm, group).await?;

    let lang = user_lang(ctx, r.user_id).await;
    let dm = t!(lang, "ref-paid-newcomer", name = referrer.clone(), chat = title, points = welcome_points);
    let group = t!(
        chat_lang,
        "ref-paid-newcomer-group",
        referrer = referrer,
        name = newcomer,
        points = welcome_points
    );
    tell(ctx, r.chat(), r.newcomer(), dm, group).await
}

/// A DM when the member's DM is open, else a message in the group.
async fn tell(ctx: &Ctx, chat: ChatId, user: UserId, dm: String, group: String) -> HandlerResult {
    let user_id = user.0 as i64;
    if members::dm_open(&ctx.db, user_id).await? && notify::dm(&ctx.bot, ctx, user_id, dm, None).await? {
        return Ok(());
    }
    if let Err(err) = send(&ctx.bot, chat.0, None, group, None).await {
        tracing::warn!(chat_id = chat.0, user_id, %err, "could not tell a member about their referral reward");
    }
    Ok(())
}
