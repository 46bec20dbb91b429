//! `/onboarding`: the funnel of the last 30 days — joined, accepted the
//! rules, opened the DM, introduced, posted, answered the check-in.

use std::sync::Arc;

use teloxide::types::Message;

use super::{
    logic::{FunnelStep, funnel_rows},
    store,
};
use crate::{
    kernel::{Ctx, HandlerResult, lang::lang_of},
    t,
    telegram::{HearthBot, send::reply},
};

/// The window the funnel counts joins in.
const FUNNEL_DAYS: i64 = 30;

pub async fn funnel(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let since = msg.date - chrono::Duration::days(FUNNEL_DAYS);
    let counts = store::funnel(&ctx.db, msg.chat.id.0, since).await?;
    let rows = funnel_rows(&FunnelStep::ALL.iter().copied().zip(counts).collect::<Vec<_>>());
    let mut out = vec![t!(lang, "onb-funnel-header", days = FUNNEL_DAYS)];
    for row in rows {
        let step = crate::i18n::named(lang, "onb-step", row.step.as_str());
        out.push(t!(
            lang,
            "onb-funnel-row",
            step = step,
            count = row.count,
            pct = format!("{:.0}", row.pct_of_joined),
            prev = format!("{:.0}", row.pct_of_previous)
        ));
    }
    reply(&bot, &msg, out.join("\n")).await?;
    Ok(())
}
