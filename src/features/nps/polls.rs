//! Polls: `/nps` opens one and posts it (the same command again posts what
//! its first run did not), `/npsclose` closes it; the poll message itself
//! (its text with the live count, its 0–10 buttons).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageId, ReplyMarkup, ThreadId},
};

use super::{
    State,
    buttons::PollButton,
    logic::{self, Score},
    refusals::{NpsError, refuse},
    results::post_results,
    store::{self, Opened, Poll},
};
use crate::{
    i18n::Lang,
    kernel::{Ctx, HandlerResult, lang::chat_lang},
    t,
    telegram::{
        HearthBot,
        callback::Button,
        command::Command,
        html,
        send::{Failure, classify, retrying, send, thread_of},
    },
};

/// The 0–10 score buttons, in two rows.
pub(super) fn poll_keyboard(poll_id: i64) -> InlineKeyboardMarkup {
    let button = |n: u8| {
        let score = Score::new(i64::from(n))?;
        Some(InlineKeyboardButton::callback(n.to_string(), PollButton { poll_id, score }.encode()))
    };
    InlineKeyboardMarkup::new(vec![
        (0..=5).filter_map(button).collect::<Vec<_>>(),
        (6..=10).filter_map(button).collect::<Vec<_>>(),
    ])
}

/// The poll message: the question and the response count (and, once
/// closed, that it is).
pub(super) fn poll_text(lang: Lang, poll: &Poll, count: i64, closed: bool) -> String {
    let mut text =
        t!(lang, "nps-poll", number = poll.number, question = html::escape(&poll.question), count = count);
    if closed {
        text.push_str("\n\n");
        text.push_str(&t!(lang, "nps-poll-closed"));
    }
    text
}

/// Opens a poll in the chat and posts it.
pub(super) async fn open_poll(
    ctx: &Ctx,
    chat_id: i64,
    thread: Option<ThreadId>,
    question: Option<String>,
    at: DateTime<Utc>,
    by_message: Option<i32>,
) -> anyhow::Result<Result<Option<Poll>, NpsError>> {
    let lang = chat_lang(ctx, chat_id).await;
    let question = question.unwrap_or_else(|| t!(lang, "nps-default-question"));
    let mut poll = match store::create_poll(&ctx.db, chat_id, &question, at, by_message).await? {
        Opened::New(p) => p,
        // The command again, and the first run's post was never recorded (a
        // failed write after the send, or the send itself): post it now. A
        // post that did go out unrecorded is left with stale buttons, which
        // say so when pressed — better than a poll nobody can answer.
        Opened::Replayed(p) if p.is_open() && p.message_id.is_none() => p,
        Opened::Replayed(_) => return Ok(Ok(None)),
        Opened::AlreadyOpen(open) => return Ok(Err(NpsError::AlreadyOpen { number: open.number })),
    };
    let markup = ReplyMarkup::InlineKeyboard(poll_keyboard(poll.poll_id));
    match send(&ctx.bot, chat_id, thread, poll_text(lang, &poll, 0, false), Some(markup)).await {
        Ok(sent) => {
            store::set_poll_message(&ctx.db, poll.poll_id, sent.id.0).await?;
            poll.message_id = Some(i64::from(sent.id.0));
            Ok(Ok(Some(poll)))
        }
        Err(err) => {
            store::delete_poll(&ctx.db, poll.poll_id).await?;
            Err(err.into())
        }
    }
}

/// `/nps [question]` (admin).
pub async fn nps(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let question = match logic::question(&cmd.args) {
        Ok(q) => q,
        Err(len) => return refuse(&bot, &ctx, &msg, NpsError::QuestionTooLong { len }).await,
    };
    if let Err(err) =
        open_poll(&ctx, msg.chat.id.0, thread_of(&msg), question, msg.date, Some(msg.id.0)).await?
    {
        return refuse(&bot, &ctx, &msg, err).await;
    }
    Ok(())
}

/// Closes a poll: buttons removed, final count shown, results posted.
/// `false` when it was already closed.
pub(super) async fn close_and_report(
    ctx: &Ctx,
    poll: &Poll,
    at: DateTime<Utc>,
    by_message: Option<i32>,
) -> anyhow::Result<bool> {
    let live = ctx.state::<State>().live(poll.poll_id);
    {
        let _editing = live.editing().await;
        if !store::close_poll(&ctx.db, poll.poll_id, at, by_message).await? {
            return Ok(false);
        }
        if let Some(message_id) = poll.message_id.and_then(|m| i32::try_from(m).ok()) {
            let count = store::response_count(&ctx.db, poll.poll_id).await?;
            let lang = chat_lang(ctx, poll.chat_id).await;
            let text = poll_text(lang, poll, count, true);
            let edited = retrying(|| {
                ctx.bot.edit_message_text(ChatId(poll.chat_id), MessageId(message_id), text.clone()).send()
            })
            .await;
            if let Err(err) = edited
                && classify(&err) != Failure::NotModified
            {
                tracing::warn!(poll_id = poll.poll_id, %err, "could not close the poll message");
            }
        }
    }
    ctx.state::<State>().forget(poll.poll_id);
    post_results(ctx, poll.poll_id, at).await?;
    Ok(true)
}

/// `/npsclose` (admin).
pub async fn close(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    // This very command, again: the poll it closed is closed; its results
    // are posted if the first delivery failed to.
    if let Some(poll) = store::poll_closed_by(&ctx.db, chat_id, msg.id.0).await? {
        return post_results(&ctx, poll.poll_id, msg.date).await;
    }
    if let Some(poll) = store::open_poll(&ctx.db, chat_id).await?
        && close_and_report(&ctx, &poll, msg.date, Some(msg.id.0)).await?
    {
        return Ok(());
    }
    refuse(&bot, &ctx, &msg, NpsError::NoOpenPoll).await
}
