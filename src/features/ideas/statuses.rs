//! `/ideastatus`: an admin moves an idea on (planned, in progress, done,
//! declined). The author is paid for planned and done ideas, the author and
//! supporters are told, and a done idea is announced — each once, even when
//! the command is delivered again.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, Message, UserId};

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
    let request = msg.id.0.to_string();
    let change = StatusChange {
        chat,
        idea_id: idea.idea_id,
        status: command.status,
        comment: command.comment.as_deref(),
        admin: msg.from.as_ref().map(|u| u.id),
        at: msg.date,
        request: &request,
    };
    let (idea, to, queued) = match change_status(&bot, &ctx, &change).await? {
        StatusOutcome::Changed { idea, status, queued, .. } => (idea, status, queued),
        StatusOutcome::Refused(err) => {
            reply(&bot, &msg, error_text(lang, &err)).await?;
            return Ok(());
        }
        // A later command moved the idea on, or another one just did.
        StatusOutcome::Superseded | StatusOutcome::Raced | StatusOutcome::NoSuchIdea => return Ok(()),
    };
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

/// A status change an admin asks for, by `/ideastatus` or the dashboard.
pub struct StatusChange<'a> {
    pub chat: ChatId,
    pub idea_id: i64,
    pub status: Status,
    /// Already cleaned ([`super::logic::clean_comment`]).
    pub comment: Option<&'a str>,
    pub admin: Option<UserId>,
    pub at: DateTime<Utc>,
    /// What asked, the same when the request comes again: the command's
    /// message id, a dashboard form's token.
    pub request: &'a str,
}

/// What a status change did.
#[derive(Debug)]
pub enum StatusOutcome {
    /// The idea moved (or, `again`, this very request had moved it before
    /// and its effects were completed — each happens once): `queued` DMs.
    Changed { idea: Box<Idea>, status: Status, queued: u64, again: bool },
    /// Refused: nothing changed.
    Refused(IdeaError),
    /// No such idea in this chat.
    NoSuchIdea,
    /// This request moved the idea before, and a later one moved it on:
    /// this one is history.
    Superseded,
    /// Another change moved the idea between the check and the update.
    Raced,
}

/// Moves an idea on with every effect of `/ideastatus`: the card edited,
/// the author paid (planned, done), the author and 👍 voters told, a done
/// idea announced — each once, however often the request comes.
pub async fn change_status(
    bot: &HearthBot,
    ctx: &Ctx,
    change: &StatusChange<'_>,
) -> anyhow::Result<StatusOutcome> {
    let chat = change.chat;
    let Some(idea) = store::by_id(&ctx.db, change.idea_id).await?.filter(|i| i.chat_id == chat.0) else {
        return Ok(StatusOutcome::NoSuchIdea);
    };
    let (from, to) = (idea.status(), change.status);
    // This very request, delivered again (a retry after a failure part way,
    // or a replay after a crash): its status is committed, so the effects
    // below run again — each happens once (ledger key, queued notices,
    // claimed announcement) — instead of answering "already".
    let again = store::status_set_by(&ctx.db, idea.idea_id, to, change.request).await?;
    if again && from != to {
        return Ok(StatusOutcome::Superseded);
    }
    let comment = change.comment;
    if !again {
        if let Err(err) = transition(from, to) {
            return Ok(StatusOutcome::Refused(err));
        }
        if !store::set_status(&ctx.db, idea.idea_id, from, to, comment, change.at, change.request).await? {
            return Ok(StatusOutcome::Raced);
        }
    }
    refresh_card(bot, ctx, idea.idea_id).await?;
    let author = UserId(idea.author_id as u64);
    for reason in rewards(to) {
        let award = Award {
            chat_id: chat,
            user_id: author,
            points: reason.default_points().unwrap_or(0),
            reason,
            reference: Reference::Idea(idea.idea_id),
            note: None,
            by: change.admin,
            at: change.at,
        };
        points::award(ctx, &award).await?;
    }
    if to == Status::Done {
        points::check_badges(ctx, chat, author, change.at, false).await?;
    }
    let mut queued = store::queue_notices(&ctx.db, &idea, to, change.at).await?;
    if again {
        // Queued by the first delivery, perhaps: count those too.
        queued = store::notices_queued_at(&ctx.db, idea.idea_id, to, change.at).await?;
    }
    // The first few now; the rest (and any a crash left) by the notices job.
    deliver_notices(bot, ctx, Some(idea.idea_id), NOTICES_NOW, change.at).await?;
    if to == Status::Done
        && db::claim_once(&ctx.db, &format!("idea-delivered:{}", idea.idea_id), change.at).await?
    {
        announce_delivered(bot, ctx, &idea, comment).await;
    }
    Ok(StatusOutcome::Changed { idea: Box::new(idea), status: to, queued, again })
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
