//! `/ideastatus`: an admin moves an idea on (planned, in progress, done,
//! declined). The author is paid for planned and done ideas, the author and
//! supporters are told, and a done idea is announced — each once, even when
//! the command is delivered again.

use std::sync::Arc;

use teloxide::types::{Message, UserId};

use super::{
    cards::refresh_card,
    logic::{IdeaError, Status, parse_status, rewards, transition},
    notices::{NOTICES_NOW, deliver_notices},
    store::{self, Idea},
    texts::{error_text, status_name},
};
use crate::{
    db,
    features::points::{self, logic::Reference, store::Award},
    kernel::{
        Ctx, HandlerResult, format,
        lang::{chat_lang, lang_of},
        topics::{self, TopicKind},
    },
    t,
    telegram::{HearthBot, command::Command, html, send::reply},
};

/// `/ideastatus <n> planned|in_progress|done|declined [comment]` (admins).
pub async fn set_status(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat = msg.chat.id;
    let command = match parse_status(&cmd.args) {
        None => {
            reply(&bot, &msg, t!(lang, "ideastatus-usage")).await?;
            return Ok(());
        }
        Some(Err(err)) => {
            reply(&bot, &msg, error_text(lang, &err)).await?;
            return Ok(());
        }
        Some(Ok(c)) => c,
    };
    let Some(idea) = store::by_number(&ctx.db, chat.0, command.number).await? else {
        reply(&bot, &msg, error_text(lang, &IdeaError::NotFound { number: command.number })).await?;
        return Ok(());
    };
    let (from, to) = (idea.status(), command.status);
    // This very command, delivered again (a retry after a failure part way,
    // or a replay after a crash): its status is committed, so the effects
    // below run again — each happens once (ledger key, queued notices,
    // claimed announcement) — instead of answering "already".
    let again = store::status_set_by(&ctx.db, idea.idea_id, to, msg.id.0).await?;
    if again && from != to {
        // A later command moved the idea on: this one is history.
        return Ok(());
    }
    if !again {
        if let Err(err) = transition(from, to) {
            reply(&bot, &msg, error_text(lang, &err)).await?;
            return Ok(());
        }
        let comment = command.comment.as_deref();
        if !store::set_status(&ctx.db, idea.idea_id, from, to, comment, msg.date, msg.id.0).await? {
            return Ok(());
        }
    }
    refresh_card(&bot, &ctx, idea.idea_id).await?;
    let author = UserId(idea.author_id as u64);
    let admin = msg.from.as_ref().map(|u| u.id);
    for reason in rewards(to) {
        let award = Award {
            chat_id: chat,
            user_id: author,
            points: reason.default_points().unwrap_or(0),
            reason,
            reference: Reference::Idea(idea.idea_id),
            note: None,
            by: admin,
            at: msg.date,
        };
        points::award(&ctx, &award).await?;
    }
    if to == Status::Done {
        points::check_badges(&ctx, chat, author, msg.date, false).await?;
    }
    let comment = command.comment.as_deref();
    let mut queued = store::queue_notices(&ctx.db, &idea, to, msg.date).await?;
    if again {
        // Queued by the first delivery, perhaps: count those too.
        queued = store::notices_queued_at(&ctx.db, idea.idea_id, to, msg.date).await?;
    }
    // The first few now; the rest (and any a crash left) by the notices job.
    deliver_notices(&bot, &ctx, Some(idea.idea_id), NOTICES_NOW, msg.date).await?;
    if to == Status::Done
        && db::claim_once(&ctx.db, &format!("idea-delivered:{}", idea.idea_id), msg.date).await?
    {
        announce_delivered(&bot, &ctx, &idea, comment).await;
    }
    // Answered once per command, after the answer is sent.
    let answered = format!("idea-status-answered:{}:{}", idea.idea_id, msg.id.0);
    if !store::once_done(&ctx.db, &answered).await? {
        let text =
            t!(lang, "idea-status-set", number = idea.number, status = status_name(lang, to), count = queued);
        reply(&bot, &msg, text).await?;
        db::claim_once(&ctx.db, &answered, msg.date).await?;
    }
    Ok(())
}

/// "You asked — we delivered": posted once per idea, in the ideas topic.
async fn announce_delivered(bot: &HearthBot, ctx: &Ctx, idea: &Idea, comment: Option<&str>) {
    let lang = chat_lang(ctx, idea.chat_id).await;
    let author = format::mention_of(ctx, idea.author_id).await;
    let mut text = t!(
        lang,
        "idea-delivered",
        number = idea.number,
        text = html::escape(&html::truncate(&idea.text, 1500)),
        author = author
    );
    if let Some(c) = comment {
        text.push('\n');
        text.push_str(&t!(lang, "idea-card-comment", comment = html::escape(c)));
    }
    if let Err(err) = topics::post(bot, ctx, idea.chat_id, TopicKind::Ideas, text, None).await {
        tracing::warn!(idea_id = idea.idea_id, %err, "could not announce a delivered idea");
    }
}
