//! Raid mode's messages: the counted notice, the admins' notice, the
//! state, the summary (names escaped, capped with "and N more", within
//! Telegram's 4096).

use super::{
    logic::{self, SUMMARY_NAMES},
    store::{self, Raid},
};
use crate::{
    i18n::Lang,
    kernel::{Ctx, format},
    settings::ChatSettings,
    t,
    telegram::html,
};

pub fn notice(lang: Lang, count: i64) -> String {
    t!(lang, "raid-notice", count = count)
}

pub fn notice_ended(lang: Lang, count: i64) -> String {
    t!(lang, "raid-notice-ended", count = count)
}

/// Why the raid started, for the admins.
async fn why(ctx: &Ctx, lang: Lang, raid: &Raid, settings: &ChatSettings) -> String {
    match raid.started_by {
        Some(admin) => t!(lang, "raid-why-admin", admin = format::mention_of(ctx, admin).await),
        None => t!(
            lang,
            "raid-why-spike",
            joins = settings.int("raid_joins"),
            seconds = settings.int("raid_seconds")
        ),
    }
}

pub async fn admins_notice(ctx: &Ctx, lang: Lang, raid: &Raid, settings: &ChatSettings) -> String {
    let chat = crate::kernel::members::chat_title(&ctx.db, raid.chat_id).await.ok().flatten();
    let chat = html::escape(&chat.unwrap_or_else(|| raid.chat_id.to_string()));
    let why = why(ctx, lang, raid, settings).await;
    t!(lang, "raid-admins", chat = chat, why = why, calm = settings.int("raid_calm_minutes"))
}

/// `/raid` alone.
pub async fn state(
    ctx: &Ctx,
    lang: Lang,
    raid: Option<&Raid>,
    settings: &ChatSettings,
) -> sqlx::Result<String> {
    let Some(raid) = raid else {
        let joins = settings.int("raid_joins");
        return Ok(if joins == 0 {
            t!(lang, "raid-state-off-manual")
        } else {
            t!(lang, "raid-state-off", joins = joins, seconds = settings.int("raid_seconds"))
        });
    };
    let since = raid.started_at().map(|at| at.format("%Y-%m-%d %H:%M").to_string()).unwrap_or_default();
    let count = store::held_count(&ctx.db, raid.raid_id).await?;
    Ok(t!(lang, "raid-state-on", since = since, count = count))
}

/// The summary at the end: counts, then who joined (names capped); and
/// how many the rules gate still waits for (the summary then carries the
/// rules button).
pub async fn summary(
    ctx: &Ctx,
    lang: Lang,
    raid: &Raid,
    settings: &ChatSettings,
) -> sqlx::Result<(String, i64)> {
    let count = store::held_count(&ctx.db, raid.raid_id).await?;
    let (released, owing, out) = store::outcome(&ctx.db, raid.raid_id).await?;
    let why = match raid.ended_by {
        Some(admin) => t!(lang, "raid-end-admin", admin = format::mention_of(ctx, admin).await),
        None => t!(lang, "raid-end-calm", minutes = settings.int("raid_calm_minutes")),
    };
    let mut text = t!(lang, "raid-summary", why = why, count = count, released = released, out = out);
    let names = store::names(&ctx.db, raid.raid_id).await?;
    let (shown, more) = logic::shown_names(&names, SUMMARY_NAMES);
    if !shown.is_empty() {
        let mut list: Vec<String> = shown.iter().map(|n| html::name(&html::truncate(n, 40), None)).collect();
        if more > 0 {
            list.push(t!(lang, "raid-summary-more", more = more));
        }
        text.push('\n');
        text.push_str(&t!(lang, "raid-summary-names", names = list.join(", ")));
    }
    if owing > 0 {
        text.push_str("\n\n");
        text.push_str(&t!(lang, "raid-summary-rules", count = owing));
    }
    Ok((html::truncate_html(&text, html::MAX_TEXT), owing))
}
