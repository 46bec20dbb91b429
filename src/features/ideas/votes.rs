//! 👍 / 👎 on an idea's card: one vote per member, changeable, members only.

use std::sync::Arc;

use teloxide::types::CallbackQuery;

use super::{
    buttons::IdeaButton,
    cards::refresh_card,
    logic::{IdeaError, Vote, VoteOutcome},
    store,
    texts::error_text,
};
use crate::{
    i18n::Lang,
    kernel::{Ctx, HandlerResult, lang::chat_lang, members, toast},
    t,
    telegram::HearthBot,
};

/// A 👍 / 👎 press, checked against the card it is on.
pub async fn on_vote(bot: HearthBot, ctx: Arc<Ctx>, q: CallbackQuery, button: IdeaButton) -> HandlerResult {
    let IdeaButton::Vote { idea_id, vote } = button;
    let Some(message) = q.regular_message() else {
        return toast::stale(&bot, &ctx, &q).await;
    };
    let chat = message.chat.id;
    let lang = Lang::for_user(q.from.language_code.as_deref(), chat_lang(&ctx, chat.0).await);
    // The idea must be this chat's, and this message its card.
    let idea = store::by_id(&ctx.db, idea_id)
        .await?
        .filter(|i| i.chat_id == chat.0 && i.card_message_id == Some(i64::from(message.id.0)));
    let Some(idea) = idea.filter(|_| !q.from.is_bot) else {
        return toast::alert(&bot, &q, t!(lang, "callback-stale")).await;
    };
    let status = idea.status();
    if !status.accepts_votes() {
        return toast::alert(&bot, &q, error_text(lang, &IdeaError::ClosedForVotes(status))).await;
    }
    let now = ctx.clock.now();
    if !members::is_member(&bot, &ctx, chat.0, &q.from, now).await? {
        return toast::alert(&bot, &q, t!(lang, "idea-err-not-member")).await;
    }
    let outcome = store::vote(&ctx.db, chat, idea_id, q.from.id, vote, now).await?;
    let text = match (outcome, vote) {
        (VoteOutcome::Counted, Vote::Up) => t!(lang, "idea-voted-up"),
        (VoteOutcome::Counted, Vote::Down) => t!(lang, "idea-voted-down"),
        (VoteOutcome::Changed, Vote::Up) => t!(lang, "idea-vote-changed-up"),
        (VoteOutcome::Changed, Vote::Down) => t!(lang, "idea-vote-changed-down"),
        (VoteOutcome::Same, _) => t!(lang, "idea-vote-same"),
    };
    toast::toast(&bot, &q, text).await?;
    if outcome != VoteOutcome::Same {
        refresh_card(&bot, &ctx, idea_id).await?;
    }
    Ok(())
}
