//! Reading members' levels, for the rooms that show or use them: /me and
//! /top (`standing`, `levels`), the members export (`chat_levels`) and
//! moderation's newcomer limits (`lifts_newcomer_limits`). Computed on read
//! from the chat's settings and the facts, so nothing is cached to go stale.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, UserId};

use super::{
    logic::{self, Level, Standing, Thresholds},
    store::{self, Window},
};
use crate::{db::Db, kernel::Ctx, settings::ChatSettings};

/// The warning cutoff and the activity window of the chat's settings at `now`.
fn window(settings: &ChatSettings, now: DateTime<Utc>) -> Window {
    let today = now.date_naive();
    Window {
        warnings_since: logic::warnings_since(settings.int("warn_expire_days"), now),
        first_day: logic::window_start(today, Thresholds::of(settings).weeks),
        today,
    }
}

/// A member's standing at `now` (`None`: never seen in the chat).
pub async fn standing(
    ctx: &Ctx,
    chat: ChatId,
    user: UserId,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<Standing>> {
    let settings = ctx.chat_settings(chat.0).await?;
    let facts = store::facts(&ctx.db, chat, user, window(&settings, now)).await?;
    Ok(facts.map(|f| logic::standing(&Thresholds::of(&settings), &f, now)))
}

/// The levels of a few members (a leaderboard's rows); unknown ones are TL0.
pub async fn levels(
    ctx: &Ctx,
    chat: ChatId,
    users: &[i64],
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<Level>> {
    // The chat's settings, thresholds and window once; the members' facts
    // in one statement.
    let settings = ctx.chat_settings(chat.0).await?;
    let thresholds = Thresholds::of(&settings);
    let found: HashMap<i64, Level> = store::members_facts(&ctx.db, chat, users, window(&settings, now))
        .await?
        .iter()
        .map(|f| (f.user_id, logic::standing(&thresholds, f, now).level))
        .collect();
    Ok(users.iter().map(|u| found.get(u).copied().unwrap_or_default()).collect())
}

/// Every member's level at `now`, by user id, with the chat's `settings`
/// (the export reads them without the bot's cache).
pub async fn chat_levels(
    db: &Db,
    chat: ChatId,
    settings: &ChatSettings,
    now: DateTime<Utc>,
) -> sqlx::Result<HashMap<i64, Level>> {
    let thresholds = Thresholds::of(settings);
    let facts = store::chat_facts(db, chat, window(settings, now)).await?;
    Ok(facts.iter().map(|f| (f.user_id, logic::standing(&thresholds, f, now).level)).collect())
}

/// Whether a member's newcomer limits (links, channel forwards, media) are
/// lifted by their level: from TL1 on. Moderation's screening asks this only
/// of a message that trips the limit within `newcomer_hours` of joining.
pub async fn lifts_newcomer_limits(
    ctx: &Ctx,
    chat: ChatId,
    user: UserId,
    at: DateTime<Utc>,
) -> anyhow::Result<bool> {
    Ok(standing(ctx, chat, user, at).await?.is_some_and(|s| logic::lifts_newcomer_limits(&s)))
}
