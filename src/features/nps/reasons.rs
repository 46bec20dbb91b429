//! The follow-up question after a vote ("why that score?"), asked once in a
//! DM dialogue (`REASON`); the answer (`on_reason`) is stored with the vote.

use chrono::{DateTime, Utc};
use teloxide::types::{Message, User, UserId};

use super::{
    logic::{self, Score},
    store::{self, Poll},
};
use crate::{
    kernel::{
        Ctx, HandlerResult, dialogues,
        lang::{lang_of, lang_of_user},
        members, notify,
    },
    t,
    telegram::{HearthBot, html, send::reply},
};

/// The DM dialogue kind of the follow-up question ("why that score?").
pub const REASON: &str = "nps_reason";

/// Once per vote, a voter who has started the bot (and is not in another
/// dialogue) is asked why in a DM.
pub(super) async fn ask_reason(
    bot: &HearthBot,
    ctx: &Ctx,
    poll: &Poll,
    user: &User,
    score: Score,
    at: DateTime<Utc>,
) -> HandlerResult {
    let user_id = user.id.0 as i64;
    if !members::dm_open(&ctx.db, user_id).await? || dialogues::dialogue(&ctx.db, user_id).await?.is_some() {
        return Ok(());
    }
    if !store::claim_reason_ask(&ctx.db, poll.poll_id, user.id).await? {
        return Ok(());
    }
    let d = dialogues::Dialogue {
        user_id,
        kind: REASON.into(),
        chat_id: poll.chat_id,
        step: poll.poll_id.to_string(),
        data: String::new(),
    };
    dialogues::set_dialogue(&ctx.db, &d, at).await?;
    let lang = lang_of_user(ctx, Some(user));
    let title = members::chat_title(&ctx.db, poll.chat_id).await?.unwrap_or_default();
    let text = t!(lang, "nps-ask-reason", score = score.get() as u32, chat = html::escape(&title));
    if !notify::dm(bot, ctx, user_id, text, None).await? {
        dialogues::clear_dialogue(&ctx.db, user_id).await?;
    }
    Ok(())
}

/// A DM while the follow-up question is open: the reason, stored with the vote.
pub async fn on_reason(bot: &HearthBot, ctx: &Ctx, msg: &Message, d: dialogues::Dialogue) -> HandlerResult {
    let lang = lang_of(ctx, msg).await;
    let Some(reason) = msg.text().and_then(logic::clean_reason) else {
        reply(bot, msg, t!(lang, "nps-reason-text-only")).await?;
        return Ok(());
    };
    let stored = match logic::parse_id(&d.step) {
        Some(poll_id) => store::set_reason(&ctx.db, poll_id, UserId(d.user_id as u64), &reason).await?,
        None => false,
    };
    dialogues::clear_dialogue(&ctx.db, d.user_id).await?;
    let key = if stored { t!(lang, "nps-reason-thanks") } else { t!(lang, "nps-reason-gone") };
    reply(bot, msg, key).await?;
    Ok(())
}
