//! `/referrals`: a member's own referrals and the points they earned, and
//! (`/referrals all`, admins) the chat's conversion and top referrers.

use std::sync::Arc;

use teloxide::types::Message;

use super::store;
use crate::{
    features::points::{self, logic::Reason},
    kernel::{Ctx, HandlerResult, access::require_admin, format, lang::lang_of},
    t,
    telegram::{HearthBot, command::Command, send::reply},
};

/// `/referrals` (mine) and `/referrals all` (admins: top referrers, conversion).
pub async fn referrals(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(user) = &msg.from else { return Ok(()) };
    let chat = msg.chat.id;
    match cmd.args.to_lowercase().as_str() {
        "" => {
            let c = store::counts(&ctx.db, chat, user.id).await?;
            let earned = points::store::total_for(&ctx.db, chat, user.id, Reason::ReferralReferrer).await?;
            let text = t!(
                lang,
                "ref-mine",
                invited = c.invited,
                qualified = c.qualified,
                pending = c.pending,
                points = earned
            );
            reply(&bot, &msg, text).await?;
        }
        "all" => {
            if !require_admin(&bot, &ctx, &msg).await? {
                return Ok(());
            }
            let c = store::chat_counts(&ctx.db, chat.0).await?;
            let pct = if c.invited > 0 { c.qualified * 100 / c.invited } else { 0 };
            let mut out = vec![t!(
                lang,
                "ref-all-header",
                invited = c.invited,
                qualified = c.qualified,
                pending = c.pending,
                pct = pct
            )];
            let top = store::top_referrers(&ctx.db, chat.0, None, 10).await?;
            if top.is_empty() {
                out.push(t!(lang, "ref-all-none"));
            }
            for (i, r) in top.iter().enumerate() {
                out.push(t!(
                    lang,
                    "ref-all-row",
                    rank = i + 1,
                    name = format::mention_of(&ctx, r.referrer_id).await,
                    invited = r.invited,
                    qualified = r.qualified
                ));
            }
            reply(&bot, &msg, out.join("\n")).await?;
        }
        _ => {
            reply(&bot, &msg, t!(lang, "ref-usage")).await?;
        }
    }
    Ok(())
}
