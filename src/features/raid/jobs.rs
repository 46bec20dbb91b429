//! Raid mode's scheduler job: an open raid calm for `raid_calm_minutes`
//! (no spike since, by Telegram's dates) ends; an ended raid a crash left
//! half wound up is finished (each step is keyed, so none is done twice).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::{logic, mode, store};
use crate::kernel::Ctx;

pub async fn end_calm_raids(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    let bot = &ctx.bot;
    for raid in store::unfinished(&ctx.db).await? {
        mode::wind_up(bot, &ctx, &raid, now).await?;
    }
    for raid in store::open_raids(&ctx.db).await? {
        let calm = ctx.chat_settings(raid.chat_id).await?.int("raid_calm_minutes");
        if raid.last_spike_at().is_none_or(|last| logic::calmed(last, now, calm)) {
            mode::end(bot, &ctx, &raid, None, now).await?;
        }
    }
    Ok(())
}
