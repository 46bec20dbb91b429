//! What the nudges read about a chat: its settings as rules (segments, the
//! ladder, quiet hours, the holdout share, the time zone), its admins and
//! its title.

use std::collections::HashSet;

use chrono::NaiveTime;
use chrono_tz::Tz;

use super::logic::{LadderRules, QuietHours, SegmentRules};
use crate::{
    kernel::{Ctx, members},
    settings::ChatSettings,
    telegram::html,
};

/// The segment thresholds, kept in order whatever was set.
pub(super) fn segment_rules(s: &ChatSettings) -> SegmentRules {
    let days = |key| u32::try_from(s.int(key)).unwrap_or(0);
    SegmentRules::ordered(days("active_days"), days("silent_days"), days("goodbye_days"))
}

pub(super) fn ladder_rules(s: &ChatSettings) -> LadderRules {
    LadderRules {
        nudge_gap_days: u32::try_from(s.int("nudge_gap_days")).unwrap_or(7).max(1),
        ..LadderRules::default()
    }
}

/// The chat's quiet hours; the defaults when the stored ones do not parse.
pub(super) fn quiet_hours(s: &ChatSettings) -> QuietHours {
    QuietHours::parse(s.raw("quiet_from"), s.raw("quiet_to"), s.raw("timezone"))
        .or_else(|_| QuietHours::parse("22:00", "09:00", "UTC"))
        .unwrap_or(QuietHours { from: NaiveTime::MIN, to: NaiveTime::MIN, tz: Tz::UTC })
}

pub(super) fn holdout_percent(s: &ChatSettings) -> u8 {
    u8::try_from(s.int("nudge_holdout_percent").clamp(0, 100)).unwrap_or(0)
}

/// The chat's time zone (UTC when the stored one does not parse).
pub(super) fn timezone(s: &ChatSettings) -> Tz {
    s.timezone()
}

/// The chat's administrators (Telegram's list, cached); empty when it
/// cannot be fetched.
pub(super) async fn admin_ids(ctx: &Ctx, chat_id: i64) -> HashSet<i64> {
    match ctx.admins.admins(&ctx.bot, chat_id).await {
        Ok(admins) => admins.ids,
        Err(err) => {
            tracing::warn!(chat_id, %err, "could not list the admins");
            Default::default()
        }
    }
}

/// The chat's title, escaped for HTML ("" when the bot does not know it).
pub(super) async fn title_html(ctx: &Ctx, chat_id: i64) -> sqlx::Result<String> {
    Ok(html::escape(&members::chat_title(&ctx.db, chat_id).await?.unwrap_or_default()))
}
