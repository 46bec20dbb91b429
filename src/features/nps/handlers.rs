//! NPS and survey handlers and the scheduler job: thin — parse, authorize,
//! call logic and the store, reply.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, Ordering},
    },
    time::{Duration as StdDuration, Instant},
};

use chrono::{DateTime, Duration, Utc};
use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageId, ReplyMarkup, ThreadId, User},
};

use super::{
    buttons::{PollButton, SurveyButton},
    logic::{self, ACTIVE_DAYS, Agreement, MAX_QUESTION, PollSummary, SURVEY_QUESTIONS, Score, Tally},
    store::{self, Opened, Poll, Survey, VoteOutcome},
};
use crate::{
    i18n::Lang,
    kernel::format,
    kernel::{
        Ctx, HandlerResult, dialogues,
        lang::{chat_lang, lang_of, lang_of_user},
        members::{self},
        notify, toast,
    },
    t,
    telegram::{
        HearthBot,
        callback::Button,
        command::Command,
        html,
        send::{Failure, classify, reply, retrying, send, thread_of},
    },
};

/// The DM dialogue kind of the follow-up question ("why that score?").
pub const REASON: &str = "nps_reason";

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

#[derive(Default)]
struct Live {
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

    fn live(&self, poll_id: i64) -> Arc<Live> {
        match self.polls.lock() {
            Ok(mut polls) => polls.entry(poll_id).or_default().clone(),
            Err(_) => Arc::new(Live::default()),
        }
    }

    fn forget(&self, poll_id: i64) {
        if let Ok(mut polls) = self.polls.lock() {
            polls.remove(&poll_id);
        }
    }
}

/// What goes wrong with a command, as a localized reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NpsError {
    #[error("a poll is already open")]
    AlreadyOpen { number: i64 },
    #[error("no open poll")]
    NoOpenPoll,
    #[error("question too long")]
    QuestionTooLong { len: usize },
    #[error("not a poll number")]
    BadNumber,
    #[error("no such poll")]
    UnknownPoll { number: i64 },
    #[error("no polls yet")]
    NoPolls,
    #[error("a survey is already open")]
    SurveyOpen,
    #[error("no open survey")]
    NoOpenSurvey,
    #[error("no surveys yet")]
    NoSurveys,
}

impl NpsError {
    fn message(&self, lang: Lang) -> String {
        match self {
            NpsError::AlreadyOpen { number } => t!(lang, "nps-already-open", number = *number),
            NpsError::NoOpenPoll => t!(lang, "nps-none-open"),
            NpsError::QuestionTooLong { len } => {
                t!(lang, "nps-question-too-long", len = *len, max = MAX_QUESTION)
            }
            NpsError::BadNumber => t!(lang, "nps-results-usage"),
            NpsError::UnknownPoll { number } => t!(lang, "nps-unknown-poll", number = *number),
            NpsError::NoPolls => t!(lang, "nps-no-polls"),
            NpsError::SurveyOpen => t!(lang, "survey-already-open"),
            NpsError::NoOpenSurvey => t!(lang, "survey-none-open"),
            NpsError::NoSurveys => t!(lang, "survey-none"),
        }
    }
}

async fn refuse(bot: &HearthBot, ctx: &Ctx, msg: &Message, err: NpsError) -> HandlerResult {
    let lang = lang_of(ctx, msg).await;
    reply(bot, msg, err.message(lang)).await?;
    Ok(())
}

fn presser_lang(ctx: &Ctx, q: &CallbackQuery) -> Lang {
    lang_of_user(ctx, Some(&q.from))
}

// ---- the poll message ------------------------------------------------------------

fn poll_keyboard(poll_id: i64) -> InlineKeyboardMarkup {
    let button = |n: u8| {
        let score = Score::new(i64::from(n))?;
        Some(InlineKeyboardButton::callback(n.to_string(), PollButton { poll_id, score }.encode()))
    };
    InlineKeyboardMarkup::new(vec![
        (0..=5).filter_map(button).collect::<Vec<_>>(),
        (6..=10).filter_map(button).collect::<Vec<_>>(),
    ])
}

fn poll_text(lang: Lang, poll: &Poll, count: i64, closed: bool) -> String {
    let mut text =
        t!(lang, "nps-poll", number = poll.number, question = html::escape(&poll.question), count = count);
    if closed {
        text.push_str("\n\n");
        text.push_str(&t!(lang, "nps-poll-closed"));
    }
    text
}

/// Opens a poll in the chat and posts it.
async fn open_poll(
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

/// A score button.
pub async fn on_vote(bot: HearthBot, ctx: Arc<Ctx>, q: CallbackQuery, button: PollButton) -> HandlerResult {
    let lang = presser_lang(&ctx, &q);
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
    let user_id = q.from.id.0 as i64;
    let outcome = store::vote(&ctx.db, poll.poll_id, user_id, score, now).await?;
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

/// Once per vote, a voter who has started the bot (and is not in another
/// dialogue) is asked why in a DM.
async fn ask_reason(
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
    if !store::claim_reason_ask(&ctx.db, poll.poll_id, user_id).await? {
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
    let lang = Lang::for_user(user.language_code.as_deref(), ctx.config.default_lang);
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
        Some(poll_id) => store::set_reason(&ctx.db, poll_id, d.user_id, &reason).await?,
        None => false,
    };
    dialogues::clear_dialogue(&ctx.db, d.user_id).await?;
    let key = if stored { t!(lang, "nps-reason-thanks") } else { t!(lang, "nps-reason-gone") };
    reply(bot, msg, key).await?;
    Ok(())
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
    let _editing = live.edit.lock().await;
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

// ---- closing and results -----------------------------------------------------------

/// Closes a poll: buttons removed, final count shown, results posted.
/// `false` when it was already closed.
async fn close_and_report(
    ctx: &Ctx,
    poll: &Poll,
    at: DateTime<Utc>,
    by_message: Option<i32>,
) -> anyhow::Result<bool> {
    let live = ctx.state::<State>().live(poll.poll_id);
    {
        let _editing = live.edit.lock().await;
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

/// Posts a closed poll's results in its chat, once: marked posted only after
/// the post went out, so a retry (of /npsclose, or the job's) makes it.
async fn post_results(ctx: &Ctx, poll_id: i64, at: DateTime<Utc>) -> HandlerResult {
    if store::results_posted(&ctx.db, poll_id).await? {
        return Ok(());
    }
    let Some(poll) = store::poll(&ctx.db, poll_id).await?.filter(|p| !p.is_open()) else { return Ok(()) };
    let lang = chat_lang(ctx, poll.chat_id).await;
    let text = results_text(ctx, lang, &poll, at, false).await?;
    if let Err(err) = send(&ctx.bot, poll.chat_id, None, text, None).await {
        if matches!(classify(&err), Failure::ChatGone | Failure::NoRights | Failure::Unreachable) {
            // Nowhere to post them: /npsresults still shows them.
            tracing::warn!(poll_id, %err, "cannot post a poll's results; giving up");
            store::mark_results_posted(&ctx.db, poll_id, at).await?;
        }
        return Err(err.into());
    }
    store::mark_results_posted(&ctx.db, poll_id, at).await?;
    Ok(())
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

/// `/npsresults [poll number]` (admin): the latest poll by default.
pub async fn results(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    let arg = cmd.args.trim();
    let poll = if arg.is_empty() {
        match store::latest_poll(&ctx.db, chat_id).await? {
            Some(p) => p,
            None => return refuse(&bot, &ctx, &msg, NpsError::NoPolls).await,
        }
    } else {
        let Some(number) = logic::parse_id(arg.strip_prefix('#').unwrap_or(arg)) else {
            return refuse(&bot, &ctx, &msg, NpsError::BadNumber).await;
        };
        match store::poll_by_number(&ctx.db, chat_id, number).await? {
            Some(p) => p,
            None => return refuse(&bot, &ctx, &msg, NpsError::UnknownPoll { number }).await,
        }
    };
    let lang = lang_of(&ctx, &msg).await;
    let text = results_text(&ctx, lang, &poll, msg.date, true).await?;
    reply(&bot, &msg, text).await?;
    Ok(())
}

fn nps_or_dash(t: &Tally) -> String {
    t.nps().map(format::signed).unwrap_or_else(|| "—".to_owned())
}

/// The results of one poll; `now` stands in for the close of an open poll.
async fn results_text(
    ctx: &Ctx,
    lang: Lang,
    poll: &Poll,
    now: DateTime<Utc>,
    reasons: bool,
) -> anyhow::Result<String> {
    let tally = store::tally(&ctx.db, poll.poll_id).await?;
    let n = tally.n();
    let known = store::members_known(&ctx.db, poll.chat_id).await?.max(i64::from(n));
    let rate = logic::percent(n, u32::try_from(known).unwrap_or(u32::MAX));
    let status = if poll.is_open() { t!(lang, "nps-results-open") } else { t!(lang, "nps-results-closed") };
    let mut lines = vec![
        t!(
            lang,
            "nps-results-header",
            number = poll.number,
            question = html::escape(&poll.question),
            status = status
        ),
        t!(lang, "nps-results-responses", count = n, members = known, rate = rate),
    ];
    if n == 0 {
        lines.push(t!(lang, "nps-results-empty"));
        return Ok(lines.join("\n"));
    }
    let (pp, pa, pd) = tally.percentages();
    lines.push(t!(lang, "nps-results-promoters", count = tally.promoters, pct = pp));
    lines.push(t!(lang, "nps-results-passives", count = tally.passives, pct = pa));
    lines.push(t!(lang, "nps-results-detractors", count = tally.detractors, pct = pd));
    lines.push(t!(
        lang,
        "nps-results-score",
        nps = nps_or_dash(&tally),
        margin = tally.margin_points().unwrap_or_default()
    ));
    if !tally.readable() {
        lines.push(t!(lang, "nps-results-too-small", min = logic::MIN_READABLE));
    }
    if let Some(prev) = store::previous_poll(&ctx.db, poll.chat_id, poll.number).await? {
        let before = store::tally(&ctx.db, prev.poll_id).await?;
        if let (Some(a), Some(b)) = (tally.nps(), before.nps()) {
            lines.push(t!(
                lang,
                "nps-results-change",
                delta = format::signed(a - b),
                number = prev.number,
                before = format::signed(b)
            ));
        }
    }
    let until = poll.closed().unwrap_or(now);
    let (active, silent) =
        store::tally_by_activity(&ctx.db, poll, until - Duration::days(ACTIVE_DAYS), until).await?;
    lines.push(t!(
        lang,
        "nps-results-segments",
        days = ACTIVE_DAYS,
        active = nps_or_dash(&active),
        active_n = active.n(),
        silent = nps_or_dash(&silent),
        silent_n = silent.n()
    ));
    if !reasons {
        return Ok(lines.join("\n"));
    }
    let reasons = store::detractor_reasons(&ctx.db, poll.poll_id).await?;
    let header = lines.join("\n");
    if reasons.is_empty() {
        return Ok(format!("{header}\n{}", t!(lang, "nps-results-no-reasons")));
    }
    let header = format!("{header}\n\n{}", t!(lang, "nps-results-reasons"));
    let rows: Vec<String> =
        reasons.iter().map(|r| format!("• {}", html::escape(&html::truncate(r, 300)))).collect();
    Ok(html::fit_lines(&header, &rows, |more| t!(lang, "nps-results-more", count = more)))
}

/// `/npshistory` (admin): one line per poll.
pub async fn history(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let polls = store::history(&ctx.db, msg.chat.id.0).await?;
    if polls.is_empty() {
        return refuse(&bot, &ctx, &msg, NpsError::NoPolls).await;
    }
    let lang = lang_of(&ctx, &msg).await;
    let rows: Vec<String> = polls.iter().map(|p| history_row(lang, p)).collect();
    let text = html::fit_lines(&t!(lang, "nps-history-header"), &rows, |more| {
        t!(lang, "nps-results-more", count = more)
    });
    if let Some(panel) = history_panel(lang, &polls) {
        let caption = t!(lang, "nps-history-chart-caption");
        format::send_chart(&bot, &msg, vec![panel], &caption).await;
    }
    reply(&bot, &msg, text).await?;
    Ok(())
}

/// NPS per poll with its 95 % margin as two bounds around it; `None` with
/// fewer than two polls that had responses (the lines say it all).
fn history_panel(lang: Lang, polls: &[PollSummary]) -> Option<crate::charts::Panel> {
    use crate::charts::{Panel, Series, Style};
    let points: Vec<(String, f64, f64)> = polls
        .iter()
        .filter_map(|p| Some((format!("#{}", p.number), f64::from(p.nps()?), f64::from(p.margin()?))))
        .collect();
    if points.len() < 2 {
        return None;
    }
    let series = |name: String, f: fn(f64, f64) -> f64| Series {
        name,
        values: points.iter().map(|(_, nps, margin)| f(*nps, *margin).clamp(-100.0, 100.0)).collect(),
        style: Style::Line,
    };
    Some(Panel {
        title: t!(lang, "nps-history-chart-title"),
        x_labels: points.iter().map(|(label, _, _)| label.clone()).collect(),
        series: vec![
            series("NPS".to_owned(), |nps, _| nps),
            series(t!(lang, "nps-history-chart-upper"), |nps, margin| nps + margin),
            series(t!(lang, "nps-history-chart-lower"), |nps, margin| nps - margin),
        ],
        y_max: Some(100.0),
    })
}

fn history_row(lang: Lang, p: &PollSummary) -> String {
    let date = p.opened_at.format("%Y-%m-%d").to_string();
    match (p.nps(), p.margin()) {
        (Some(nps), Some(margin)) => t!(
            lang,
            "nps-history-row",
            number = p.number,
            date = date,
            count = p.responses(),
            nps = format::signed(nps),
            margin = margin
        ),
        _ => t!(lang, "nps-history-row-empty", number = p.number, date = date),
    }
}

// ---- the scheduler -----------------------------------------------------------------

/// Closes polls older than `nps_duration`, and opens a new poll where
/// `nps_every` has passed since the last one opened (closing the previous
/// one first, if still open). A chat that sets `nps_every` and never had a
/// poll gets its first one at the next tick. Results whose post failed are
/// posted again (for a day after the close).
///
/// One chat's failure (the bot lost its rights, say) is logged and does not
/// hold up the other chats; the job fails at the end so the tick reports it.
pub async fn job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    let mut failures = 0;
    for poll in store::open_polls(&ctx.db).await? {
        if let Err(err) = auto_close(&ctx, &poll, now).await {
            tracing::warn!(chat_id = poll.chat_id, poll_id = poll.poll_id, error = %format!("{err:#}"), "auto close failed");
            failures += 1;
        }
    }
    // Results whose post failed (the day after closing, it is too late).
    for poll in store::unreported_polls(&ctx.db, now - Duration::days(1)).await? {
        if let Err(err) = post_results(&ctx, poll.poll_id, now).await {
            tracing::warn!(chat_id = poll.chat_id, poll_id = poll.poll_id, error = %format!("{err:#}"), "posting results failed");
            failures += 1;
        }
    }
    for (chat_id, last) in store::recurring_chats(&ctx.db).await? {
        if let Err(err) = recur(&ctx, chat_id, last.as_deref(), now).await {
            tracing::warn!(chat_id, error = %format!("{err:#}"), "recurring poll failed");
            failures += 1;
        }
    }
    if failures > 0 {
        anyhow::bail!("{failures} chats failed");
    }
    Ok(())
}

async fn auto_close(ctx: &Ctx, poll: &Poll, now: DateTime<Utc>) -> anyhow::Result<()> {
    let settings = ctx.chat_settings(poll.chat_id).await?;
    if let Some(d) = settings.duration("nps_duration")
        && poll.opened() + d <= now
    {
        close_and_report(ctx, poll, now, None).await?;
    }
    Ok(())
}

async fn recur(ctx: &Ctx, chat_id: i64, last: Option<&str>, now: DateTime<Utc>) -> anyhow::Result<()> {
    let settings = ctx.chat_settings(chat_id).await?;
    let Some(every) = settings.duration("nps_every") else { return Ok(()) };
    let due = last.and_then(crate::db::parse_ts).is_none_or(|l| l + every <= now);
    if !due {
        return Ok(());
    }
    if let Some(open) = store::open_poll(&ctx.db, chat_id).await? {
        close_and_report(ctx, &open, now, None).await?;
    }
    if let Err(err) = open_poll(ctx, chat_id, None, None, now, None).await? {
        tracing::info!(chat_id, %err, "recurring poll not opened");
    }
    Ok(())
}

// ---- surveys -----------------------------------------------------------------------

fn survey_keyboard(survey_id: i64, question: usize) -> InlineKeyboardMarkup {
    InlineKeyboardMarkup::new(vec![
        (1..=5u8)
            .filter_map(|v| {
                let value = Agreement::parse(&v.to_string())?;
                let data = SurveyButton { survey_id, question, value }.encode();
                Some(InlineKeyboardButton::callback(v.to_string(), data))
            })
            .collect::<Vec<_>>(),
    ])
}

/// `/survey` (admin): four messages, one per question, each with a 1–5 scale.
/// The survey stays open until `/surveyclose`; a second `/survey` meanwhile
/// is refused.
pub async fn survey(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    let (survey, posted) = match store::create_survey(&ctx.db, chat_id, msg.date, msg.id.0).await? {
        Opened::New(s) => (s, Vec::new()),
        // The command again: post the questions the first run did not record.
        Opened::Replayed(s) if s.closed_at.is_none() => {
            let posted: Vec<i64> =
                store::survey_messages(&ctx.db, s.survey_id).await?.into_iter().map(|(q, _)| q).collect();
            (s, posted)
        }
        Opened::Replayed(_) => return Ok(()),
        Opened::AlreadyOpen(_) => return refuse(&bot, &ctx, &msg, NpsError::SurveyOpen).await,
    };
    let lang = chat_lang(&ctx, chat_id).await;
    for (i, key) in SURVEY_QUESTIONS.iter().enumerate() {
        if posted.contains(&(i as i64)) {
            continue;
        }
        let question = crate::i18n::text(lang, key, None);
        let mut text =
            t!(lang, "survey-question", index = i + 1, total = SURVEY_QUESTIONS.len(), question = question);
        if i == 0 {
            text = format!("{}\n\n{text}", t!(lang, "survey-intro"));
        }
        let markup = ReplyMarkup::InlineKeyboard(survey_keyboard(survey.survey_id, i));
        match send(&bot, chat_id, thread_of(&msg), text, Some(markup)).await {
            Ok(sent) => store::add_survey_message(&ctx.db, chat_id, survey.survey_id, i, sent.id.0).await?,
            Err(err) if i == 0 && posted.is_empty() => {
                store::delete_survey(&ctx.db, survey.survey_id).await?;
                return Err(err.into());
            }
            Err(err) => tracing::warn!(chat_id, %err, "could not post a survey question"),
        }
    }
    Ok(())
}

/// A survey button.
pub async fn on_answer(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    q: CallbackQuery,
    button: SurveyButton,
) -> HandlerResult {
    let lang = presser_lang(&ctx, &q);
    let Some(message) = q.regular_message() else {
        return toast::stale(&bot, &ctx, &q).await;
    };
    let chat_id = message.chat.id.0;
    let SurveyButton { survey_id, question, value } = button;
    let survey: Option<Survey> = store::survey(&ctx.db, survey_id).await?.filter(|s| s.chat_id == chat_id);
    let Some(survey) = survey else {
        return toast::alert(&bot, &q, t!(lang, "nps-bad-button")).await;
    };
    let messages = store::survey_messages(&ctx.db, survey_id).await?;
    if !messages.contains(&(question as i64, i64::from(message.id.0))) {
        return toast::alert(&bot, &q, t!(lang, "nps-bad-button")).await;
    }
    if survey.closed_at.is_some() {
        return toast::alert(&bot, &q, t!(lang, "survey-closed")).await;
    }
    let now = ctx.clock.now();
    if !members::is_member(&bot, &ctx, chat_id, &q.from, now).await? {
        return toast::alert(&bot, &q, t!(lang, "nps-not-member")).await;
    }
    store::answer(&ctx.db, survey_id, question, q.from.id.0 as i64, value, now).await?;
    toast::toast(&bot, &q, t!(lang, "survey-thanks", value = value.get() as u32)).await?;
    Ok(())
}

/// `/surveyclose` (admin): buttons removed, results posted.
pub async fn survey_close(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    // This very command, again: the survey it closed is closed; its results
    // are posted if the first run did not get to.
    if let Some(survey) = store::survey_closed_by(&ctx.db, chat_id, msg.id.0).await? {
        if store::survey_results_posted(&ctx.db, survey.survey_id).await? {
            return Ok(());
        }
        return finish_survey(&bot, &ctx, &msg, survey.survey_id).await;
    }
    let Some(survey) = store::open_survey(&ctx.db, chat_id).await? else {
        return refuse(&bot, &ctx, &msg, NpsError::NoOpenSurvey).await;
    };
    if !store::close_survey(&ctx.db, survey.survey_id, msg.date, msg.id.0).await? {
        return refuse(&bot, &ctx, &msg, NpsError::NoOpenSurvey).await;
    }
    finish_survey(&bot, &ctx, &msg, survey.survey_id).await
}

/// A closed survey: its buttons removed, its results posted (once).
async fn finish_survey(bot: &HearthBot, ctx: &Ctx, msg: &Message, survey_id: i64) -> HandlerResult {
    let chat_id = msg.chat.id.0;
    for (_, message_id) in store::survey_messages(&ctx.db, survey_id).await? {
        let Ok(message_id) = i32::try_from(message_id) else { continue };
        let edited =
            retrying(|| bot.edit_message_reply_markup(ChatId(chat_id), MessageId(message_id)).send()).await;
        if let Err(err) = edited
            && classify(&err) != Failure::NotModified
        {
            tracing::warn!(chat_id, %err, "could not remove a survey's buttons");
        }
    }
    let lang = lang_of(ctx, msg).await;
    let text = survey_text(ctx, lang, survey_id, true).await?;
    reply(bot, msg, text).await?;
    store::mark_survey_results_posted(&ctx.db, survey_id, msg.date).await?;
    Ok(())
}

/// `/surveyresults` (admin): the latest survey, open or closed.
pub async fn survey_results(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let Some(survey) = store::latest_survey(&ctx.db, msg.chat.id.0).await? else {
        return refuse(&bot, &ctx, &msg, NpsError::NoSurveys).await;
    };
    let lang = lang_of(&ctx, &msg).await;
    let text = survey_text(&ctx, lang, survey.survey_id, survey.closed_at.is_some()).await?;
    reply(&bot, &msg, text).await?;
    Ok(())
}

async fn survey_text(ctx: &Ctx, lang: Lang, survey_id: i64, closed: bool) -> anyhow::Result<String> {
    let (dists, respondents) = store::survey_results(&ctx.db, survey_id).await?;
    let status = if closed { t!(lang, "nps-results-closed") } else { t!(lang, "nps-results-open") };
    let mut lines = vec![t!(lang, "survey-results-header", status = status, count = respondents)];
    for (i, (key, d)) in SURVEY_QUESTIONS.iter().zip(dists.iter()).enumerate() {
        let question = crate::i18n::text(lang, key, None);
        let mean = match d.mean() {
            Some(m) => {
                let m = format!("{m:.1}");
                if lang == Lang::Ru { m.replace('.', ",") } else { m }
            }
            None => "—".to_owned(),
        };
        let dist =
            d.0.iter().enumerate().map(|(v, c)| format!("{}: {c}", v + 1)).collect::<Vec<_>>().join(" · ");
        lines.push(String::new());
        lines.push(t!(
            lang,
            "survey-results-question",
            index = i + 1,
            question = question,
            mean = mean,
            count = d.n()
        ));
        lines.push(dist);
    }
    Ok(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_texts_agree_in_number_and_the_survey_scale_is_neutral() {
        let small = |n: u32| t!(Lang::Ru, "nps-results-too-small", min = n);
        assert!(small(5).contains("Меньше 5 ответов:"), "{}", small(5));
        assert!(small(21).contains("Меньше 21 ответа:"), "{}", small(21));
        assert!(small(3).contains("Меньше 3 ответов:"), "{}", small(3));
        assert!(t!(Lang::En, "nps-results-too-small", min = 1).contains("Fewer than 1 response:"));
        assert!(t!(Lang::En, "nps-results-too-small", min = 5).contains("Fewer than 5 responses:"));
        let intro = t!(Lang::Ru, "survey-intro");
        assert!(intro.contains("1 — совсем не так, 5 — полностью так"), "{intro}");
        assert!(!intro.contains("согласен"), "{intro}");
    }
}
