//! `/me`: the member's card — points, rank, badges, member since, messages,
//! referrals, the warnings line from moderation and the trust level with
//! what the next one needs.

use std::sync::Arc;

use teloxide::types::Message;

use super::store;
use crate::{
    db,
    features::{moderation, points, referrals, trust},
    kernel::{Ctx, HandlerResult, lang::lang_of},
    t,
    telegram::{HearthBot, html, send::reply},
};

/// `/me`: points, rank, badges, member since, messages, referrals, warnings,
/// trust level.
pub async fn me(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(user) = &msg.from else { return Ok(()) };
    let chat = msg.chat.id;
    let user_id = user.id.0 as i64;
    let total = points::store::total(&ctx.db, chat, user.id).await?;
    let board = points::store::leaderboard(&ctx.db, chat.0, None).await?;
    let rank =
        points::logic::rank_of(&board, user_id).map(|r| t!(lang, "me-rank", rank = r)).unwrap_or_default();
    let badges = points::store::badges(&ctx.db, chat, user.id).await?;
    let badges = if badges.is_empty() {
        t!(lang, "me-no-badges")
    } else {
        badges.iter().map(|b| points::badge_name(lang, *b)).collect::<Vec<_>>().join(", ")
    };
    let member = store::member(&ctx.db, chat, user.id).await?.unwrap_or_default();
    let since = member
        .since
        .as_deref()
        .and_then(db::parse_ts)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "—".to_owned());
    let refs = referrals::store::counts(&ctx.db, chat, user.id).await?;
    let text = t!(
        lang,
        "me-card",
        name = html::name(&user.first_name, user.last_name.as_deref()),
        points = total,
        rank = rank,
        badges = badges,
        since = since,
        messages = member.message_count,
        qualified = refs.qualified,
        pending = refs.pending
    );
    let warnings = moderation::me_line(&ctx, lang, chat.0, user_id, msg.date).await?;
    let standing = trust::standing(&ctx, chat, user.id, msg.date).await?;
    let level = standing.map(|s| trust::texts::me_lines(lang, &s)).unwrap_or_default();
    reply(&bot, &msg, format!("{text}\n{warnings}\n{level}").trim_end().to_owned()).await?;
    Ok(())
}
