//! The best answers in the weekly digest: each pick featured once; with no
//! admin's pick, the week's most thanked answer is chosen (and paid) here.

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, UserId};

use super::{choosing::pay, logic, store};
use crate::{
    features::points,
    i18n::Lang,
    kernel::{Ctx, format},
    t,
    telegram::html,
};

/// The most picks one digest shows.
const MAX_FEATURED: usize = 3;

/// The digest's best-answer lines for the week `[since, now)`.
pub async fn digest_lines(
    ctx: &Ctx,
    chat_id: i64,
    lang: Lang,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<String>> {
    let mut picks = store::unfeatured(&ctx.db, chat_id, since).await?;
    if picks.is_empty()
        && let Some(pick) = choose_by_thanks(ctx, chat_id, since, now).await?
    {
        picks.push(pick);
    }
    let featured: Vec<store::Pick> = picks.into_iter().take(MAX_FEATURED).collect();
    let mut lines = Vec::new();
    for pick in &featured {
        let name = format::mention_of(ctx, pick.author_id).await;
        let link = format::link_to_message(ctx, chat_id, pick.message_id)
            .await
            .map(|url| format!(" — {}", html::link(&url, &t!(lang, "digest-best-open"))))
            .unwrap_or_default();
        lines.push(match pick.chosen_by {
            Some(_) => t!(lang, "digest-best-by-admins", name = name, link = link),
            None => t!(lang, "digest-best-by-thanks", name = name, link = link, count = pick.thanks),
        });
    }
    store::mark_featured(&ctx.db, chat_id, &featured, now).await?;
    Ok(lines)
}

/// The week's most thanked answer not chosen before (by at least
/// `logic::MIN_THANKS` members), recorded and paid.
async fn choose_by_thanks(
    ctx: &Ctx,
    chat_id: i64,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<store::Pick>> {
    let rows = points::store::thanks_between(&ctx.db, chat_id, since, now).await?;
    let answers = logic::thanked_answers(chat_id, &rows);
    for answer in logic::candidates(&answers) {
        let (message_id, author_id, thanks) = (answer.message_id, answer.author_id, answer.thanks);
        if !store::choose(&ctx.db, chat_id, message_id, author_id, None, thanks, now).await? {
            continue;
        }
        let author = UserId(u64::try_from(author_id).unwrap_or_default());
        pay(ctx, ChatId(chat_id), author, message_id, None, now).await?;
        tracing::info!(chat_id, author_id, thanks, "best answer of the week chosen by thanks");
        let pick = store::Pick { message_id: i64::from(message_id), author_id, chosen_by: None, thanks };
        return Ok(Some(pick));
    }
    Ok(None)
}
