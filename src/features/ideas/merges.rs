//! `/ideamerge`: an admin merges a duplicate into another idea (its votes
//! move over; a member who voted on both keeps one vote).

use std::sync::Arc;

use teloxide::types::Message;

use super::{
    cards::refresh_card,
    logic::{IdeaError, Status, parse_merge},
    store::{self, Idea},
    texts::error_text,
};
use crate::{
    kernel::{Ctx, HandlerResult, format, lang::lang_of},
    t,
    telegram::{HearthBot, command::Command, send::reply},
};

/// `/ideamerge <n> [into] <m>` (admins): n's votes move to m, n is merged.
pub async fn merge(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    let Some((from, into)) = parse_merge(&cmd.args) else {
        reply(&bot, &msg, t!(lang, "ideamerge-usage")).await?;
        return Ok(());
    };
    if from == into {
        reply(&bot, &msg, error_text(lang, &IdeaError::MergeSelf)).await?;
        return Ok(());
    }
    let mut found = Vec::new();
    for number in [from, into] {
        match store::by_number(&ctx.db, chat_id, number).await? {
            Some(idea) if idea.status() == Status::Merged => {
                reply(&bot, &msg, t!(lang, "idea-err-already-merged", number = number)).await?;
                return Ok(());
            }
            Some(idea) => found.push(idea),
            None => {
                reply(&bot, &msg, error_text(lang, &IdeaError::NotFound { number })).await?;
                return Ok(());
            }
        }
    }
    let [source, target] = <[Idea; 2]>::try_from(found).map_err(|_| anyhow::anyhow!("two ideas"))?;
    if !store::merge(&ctx.db, source.idea_id, target.idea_id, msg.date).await? {
        return Ok(());
    }
    refresh_card(&bot, &ctx, source.idea_id).await?;
    refresh_card(&bot, &ctx, target.idea_id).await?;
    let tally = store::tally(&ctx.db, target.idea_id).await?;
    let text = t!(lang, "idea-merged", from = from, into = into, score = format::signed(tally.score()));
    reply(&bot, &msg, text).await?;
    Ok(())
}
