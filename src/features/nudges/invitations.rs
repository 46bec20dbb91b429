//! Group invitations (the `group_nudge` setting): at most once a week, one
//! friendly group message that mentions a few quiet members the bot cannot
//! DM.

use chrono::{DateTime, Utc};
use teloxide::types::ChatId;

use super::{
    chat::{self, admin_ids},
    logic, store,
};
use crate::{
    db,
    features::points,
    kernel::{Ctx, format, lang::chat_lang},
    settings::ChatSettings,
    t,
    telegram::send::send,
};

/// Members one group invitation mentions.
const GROUP_INVITE_MAX: usize = 5;

/// At most once a week: one friendly group message that invites a few quiet
/// members the bot cannot DM, by mention.
pub(super) async fn group_invitation(
    ctx: &Ctx,
    chat_id: i64,
    settings: &ChatSettings,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let percent = chat::holdout_percent(settings);
    let candidates = store::unreachable_quiet(&ctx.db, chat_id, 50).await?;
    if candidates.is_empty() {
        return Ok(());
    }
    let admins = admin_ids(ctx, chat_id).await;
    let mut picked = Vec::new();
    for (user, holdout) in candidates.into_iter().filter(|(u, _)| !admins.contains(&(u.0 as i64))) {
        let held = holdout.unwrap_or_else(|| logic::in_holdout(chat_id, user.0 as i64, percent));
        if holdout.is_none() {
            store::set_holdout(&ctx.db, ChatId(chat_id), user, held).await?;
        }
        if !held {
            picked.push(user);
        }
        if picked.len() == GROUP_INVITE_MAX {
            break;
        }
    }
    if picked.is_empty() {
        return Ok(());
    }
    let week = points::logic::iso_week_key(now, chat::timezone(settings));
    if !db::claim_once(&ctx.db, &format!("nudge-group:{chat_id}:{week}"), now).await? {
        return Ok(());
    }
    let mut names = Vec::new();
    for user in &picked {
        names.push(format::mention_of(ctx, user.0 as i64).await);
    }
    let lang = chat_lang(ctx, chat_id).await;
    let text = t!(lang, "nudge-group-invite", names = names.join(", "));
    store::mark_invited(&ctx.db, ChatId(chat_id), &picked, now).await?;
    if let Err(err) = send(&ctx.bot, chat_id, None, text, None).await {
        tracing::warn!(chat_id, %err, "could not post the group invitation");
    }
    Ok(())
}
