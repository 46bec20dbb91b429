//! Votes: the score buttons, and the live response count on the poll
//! message, edited at most once per window (in-memory `State`).

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration as StdDuration, Instant},
};

use teloxide::{
    prelude::*,
    types::{CallbackQuery, MessageId},
};

use super::{
    buttons::PollButton,
    polls::{poll_keyboard, poll_text},
    reasons::ask_reason,
    store::{self, Poll, VoteOutcome},
};
use crate::{
    kernel::{
        Ctx, HandlerResult,
        lang::{chat_lang, lang_of_user},
        members, toast,
    },
    t,
    telegram::{
        HearthBot,
        send::{Failure, classify, retrying},
    },
};

/// Default pause between two edits of one poll's live count.
const EDIT_WINDOW_MS: u64 = 3000;

/// Live-count edits per poll: at most one edit per window, and one delayed
/// edit pending at a time, so the final count is always shown.
pub struct State {
    polls: Mutex<HashMap<i64, Arc<Live>>>,
    window_ms: AtomicU64,
}

impl Default for State {
    fn default() -> Self {
        State { polls: Mutex::new(HashMap::new()), window_ms: AtomicU64::new(EDIT_WINDOW_MS) }
    }
}

/// One open poll's edits.
#[derive(Default)]
pub(super) struct Live {
    /// Held while editing or closing the poll message, so a late count edit
    /// never puts the buttons back on a closed poll.
    edit: tokio::sync::Mutex<()>,
    sched: Mutex<Sched>,
}

#[derive(Default)]
struct Sched {
    last_edit: Option<Instant>,
    pending: bool,
}

impl State {
    /// The minimum pause between two edits of one poll's count (tests shrink it).
    pub fn set_edit_window(&self, window: StdDuration) {
        self.window_ms.store(window.as_millis().try_into().unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    fn window(&self) -> StdDuration {
        StdDuration::from_millis(self.window_ms.load(Ordering::Relaxed))
    }

    pub(super) fn live(&self, poll_id: i64) -> Arc<Live> {
        match self.polls.lock() {
            Ok(mut polls) => polls.entry(poll_id).or_default().clone(),
            Err(_) => Arc::new(Live::default()),
        }
    }

    pub(super) fn forget(&self, poll_id: i64) {
        if let Ok(mut polls) = self.polls.lock() {
            polls.remove(&poll_id);
        }
    }
}

impl Live {
    /// Waits for the poll message to be free and holds it.
    pub(super) async fn editing(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.edit.lock().await
    }
}

/// A score button.
pub async fn on_vote(bot: HearthBot, ctx: Arc<Ctx>, q: CallbackQuery, button: PollButton) -> HandlerResult {
    let lang = lang_of_user(&ctx, Some(&q.from));
    let Some(message) = q.regular_message() else {
        return toast::stale(&bot, &ctx, &q).await;
    };
    let chat_id = message.chat.id.0;
    let PollButton { poll_id, score } = button;
    let poll = store::poll(&ctx.db, poll_id).await?;
    let Some(poll) = poll.filter(|p| p.chat_id == chat_id && p.message_id == Some(i64::from(message.id.0)))
    else {
        return toast::alert(&bot, &q, t!(lang, "nps-bad-button")).await;
    };
    if !poll.is_open() {
        return toast::alert(&bot, &q, t!(lang, "nps-closed")).await;
    }
    let now = ctx.clock.now();
    if !members::is_member(&bot, &ctx, chat_id, &q.from, now).await? {
        return toast::alert(&bot, &q, t!(lang, "nps-not-member")).await;
    }
    let outcome = store::vote(&ctx.db, poll.poll_id, q.from.id, score, now).await?;
    let thanks = match outcome {
        VoteOutcome::Changed => t!(lang, "nps-changed", score = score.get() as u32),
        VoteOutcome::New | VoteOutcome::Same => t!(lang, "nps-thanks", score = score.get() as u32),
    };
    toast::toast(&bot, &q, thanks).await?;
    if outcome == VoteOutcome::New {
        schedule_count_edit(ctx.clone(), poll.poll_id);
    }
    ask_reason(&bot, &ctx, &poll, &q.from, score, now).await
}

/// Edits the poll's response count: at once when the last edit is older than
/// the window, else once when it ends (one pending edit per poll).
fn schedule_count_edit(ctx: Arc<Ctx>, poll_id: i64) {
    let live = ctx.state::<State>().live(poll_id);
    let window = ctx.state::<State>().window();
    let wait = {
        let Ok(mut s) = live.sched.lock() else { return };
        if s.pending {
            return;
        }
        s.pending = true;
        s.last_edit.map(|t| window.saturating_sub(t.elapsed())).unwrap_or_default()
    };
    tokio::spawn(async move {
        tokio::time::sleep(wait).await;
        if let Ok(mut s) = live.sched.lock() {
            s.pending = false;
            s.last_edit = Some(Instant::now());
        }
        // Votes committed before this point are in the count; later ones
        // schedule their own edit.
        if let Err(err) = refresh_count(&ctx, poll_id, &live).await {
            tracing::warn!(poll_id, %err, "could not update a poll's response count");
        }
    });
}

async fn refresh_count(ctx: &Ctx, poll_id: i64, live: &Live) -> HandlerResult {
    let _editing = live.editing().await;
    let Some(poll) = store::poll(&ctx.db, poll_id).await?.filter(Poll::is_open) else { return Ok(()) };
    let Some(message_id) = poll.message_id.and_then(|m| i32::try_from(m).ok()) else { return Ok(()) };
    let count = store::response_count(&ctx.db, poll_id).await?;
    let lang = chat_lang(ctx, poll.chat_id).await;
    let text = poll_text(lang, &poll, count, false);
    let markup = poll_keyboard(poll_id);
    let edited = retrying(|| {
        ctx.bot
            .edit_message_text(ChatId(poll.chat_id), MessageId(message_id), text.clone())
            .reply_markup(markup.clone())
            .send()
    })
    .await;
    match edited {
        Err(err) if classify(&err) != Failure::NotModified => Err(err.into()),
        _ => Ok(()),
    }
}
