//! Ideas handlers: thin — parse, authorize, call logic and the store, reply.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, Message, MessageId, ReplyMarkup},
};

use super::{
    buttons::IdeaButton,
    logic::{
        IdeaError, ListFilter, Status, Tally, Vote, VoteOutcome, clean_idea, parse_merge, parse_status,
        rewards, transition,
    },
    store::{self, Idea, NewIdea},
};
use crate::{
    db,
    features::points::{self, logic::Reference, store::Award},
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult, format,
        lang::{chat_lang, lang_of, user_lang},
        members::{self},
        notify, toast,
        topics::{self, TopicKind},
    },
    t,
    telegram::{
        HearthBot,
        callback::Button,
        command::Command,
        html,
        send::{Failure, classify, reply, retrying, thread_of},
    },
};

/// How many ideas `/ideas` lists.
const LIST_LIMIT: i64 = 10;

/// The localized name of a status.
pub fn status_name(lang: Lang, status: Status) -> String {
    crate::i18n::text(lang, &format!("idea-status-{}", status.as_str().replace('_', "-")), None)
}

/// The localized answer to a bad command or press.
pub fn error_text(lang: Lang, err: &IdeaError) -> String {
    match err {
        IdeaError::Empty => t!(lang, "idea-usage"),
        IdeaError::TooLong { max } => t!(lang, "idea-err-too-long", max = *max),
        IdeaError::NotFound { number } => t!(lang, "idea-err-not-found", number = *number),
        IdeaError::UnknownStatus { word } => {
            t!(lang, "idea-err-unknown-status", word = html::escape(&html::truncate(word, 32)))
        }
        IdeaError::SameStatus => t!(lang, "idea-err-same-status"),
        IdeaError::Merged => t!(lang, "idea-err-merged"),
        IdeaError::NotAllowed { from, to } => {
            t!(lang, "idea-err-not-allowed", from = status_name(lang, *from), to = status_name(lang, *to))
        }
        IdeaError::MergeSelf => t!(lang, "idea-err-merge-self"),
        IdeaError::ClosedForVotes(status) => t!(lang, "idea-err-closed", status = status_name(lang, *status)),
    }
}

async fn card_text(ctx: &Ctx, lang: Lang, idea: &Idea, tally: Tally) -> anyhow::Result<String> {
    let author = format::mention_of(ctx, idea.author_id).await;
    let mut text = t!(
        lang,
        "idea-card",
        number = idea.number,
        status = status_name(lang, idea.status()),
        text = html::escape(&idea.text),
        author = author,
        up = tally.up,
        down = tally.down,
        score = format::signed(tally.score())
    );
    if let Some(comment) = &idea.comment {
        text.push('\n');
        text.push_str(&t!(lang, "idea-card-comment", comment = html::escape(comment)));
    }
    if idea.status() == Status::Merged
        && let Some(into) = idea.merged_into
        && let Some(target) = store::by_id(&ctx.db, into).await?
    {
        text.push('\n');
        text.push_str(&t!(lang, "idea-card-merged", number = target.number));
    }
    Ok(text)
}

/// 👍 and 👎 with their counts, while the idea takes votes.
fn card_markup(idea: &Idea, tally: Tally) -> Option<InlineKeyboardMarkup> {
    if !idea.status().accepts_votes() {
        return None;
    }
    let idea_id = idea.idea_id;
    let buttons = [(Vote::Up, "👍", tally.up), (Vote::Down, "👎", tally.down)]
        .into_iter()
        .map(|(vote, emoji, n)| {
            InlineKeyboardButton::callback(
                format!("{emoji} {n}"),
                IdeaButton::Vote { idea_id, vote }.encode(),
            )
        })
        .collect::<Vec<_>>();
    Some(InlineKeyboardMarkup::new([buttons]))
}

/// Edits an idea's card to its current status and votes.
async fn refresh_card(bot: &HearthBot, ctx: &Ctx, idea_id: i64) -> HandlerResult {
    let Some(idea) = store::by_id(&ctx.db, idea_id).await? else { return Ok(()) };
    let Some(card) = idea.card_message_id.and_then(|id| i32::try_from(id).ok()) else { return Ok(()) };
    let lang = chat_lang(ctx, idea.chat_id).await;
    let tally = store::tally(&ctx.db, idea_id).await?;
    let text = card_text(ctx, lang, &idea, tally).await?;
    let markup = card_markup(&idea, tally);
    let edited = retrying(|| {
        let req = bot.edit_message_text(ChatId(idea.chat_id), MessageId(card), text.clone());
        match &markup {
            Some(m) => req.reply_markup(m.clone()).send(),
            None => req.send(),
        }
    })
    .await;
    if let Err(err) = edited {
        match classify(&err) {
            Failure::NotModified | Failure::MessageGone => {}
            other => tracing::warn!(idea_id, ?other, %err, "could not edit an idea card"),
        }
    }
    Ok(())
}

// ---- /idea -------------------------------------------------------------------

/// `/idea <text>`, or `/idea` in reply to a message (its text, its author).
pub async fn idea(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(sender) = msg.from.as_ref().filter(|u| !u.is_bot && msg.sender_chat.is_none()) else {
        // An anonymous admin or a channel: nobody to credit.
        reply(&bot, &msg, t!(lang, "idea-err-anonymous")).await?;
        return Ok(());
    };
    let sender_id = sender.id.0 as i64;
    let (raw, author_id) = if cmd.args.trim().is_empty() {
        let replied = msg.reply_to_message();
        let raw = replied.and_then(|r| r.text().or_else(|| r.caption())).unwrap_or("");
        // The idea is the replied member's: they get the credit (and are
        // remembered, so the card can name them).
        let author =
            replied.filter(|r| r.sender_chat.is_none()).and_then(|r| r.from.as_ref()).filter(|u| !u.is_bot);
        if let Some(author) = author {
            members::upsert_user(&ctx.db, author, msg.date).await?;
        }
        (raw, author.map(|u| u.id.0 as i64).unwrap_or(sender_id))
    } else {
        (cmd.args.as_str(), sender_id)
    };
    let text = match clean_idea(raw) {
        Ok(text) => text,
        Err(err) => {
            reply(&bot, &msg, error_text(lang, &err)).await?;
            return Ok(());
        }
    };
    let chat_id = msg.chat.id.0;
    let new = NewIdea {
        chat_id,
        author_id,
        submitted_by: sender_id,
        text: &text,
        source_message_id: msg.id.0,
        at: msg.date,
    };
    let (idea, created) = store::create(&ctx.db, &new).await?;
    if !created && idea.card_message_id.is_some() {
        // The same /idea delivered twice: already on the board.
        return Ok(());
    }
    let tally = store::tally(&ctx.db, idea.idea_id).await?;
    let card = card_text(&ctx, lang, &idea, tally).await?;
    let markup = card_markup(&idea, tally).map(ReplyMarkup::InlineKeyboard);
    let sent = match topics::post(&bot, &ctx, chat_id, TopicKind::Ideas, card, markup).await {
        Ok(sent) => sent,
        Err(err) => {
            // No card, no idea: the member can simply send it again.
            store::delete_unposted(&ctx.db, idea.idea_id).await?;
            return Err(err.into());
        }
    };
    let card_thread = thread_of(&sent);
    if let Err(err) = store::set_card(&ctx.db, idea.idea_id, sent.id.0, card_thread.map(|t| t.0.0)).await {
        // A card the database does not know would be a second card after the
        // retry, with buttons that answer "stale": take it back, so the
        // retry posts the one card.
        if let Err(gone) = retrying(|| bot.delete_message(sent.chat.id, sent.id).send()).await {
            tracing::warn!(idea_id = idea.idea_id, %gone, "could not take back an unsaved idea card");
        }
        if let Err(cleanup) = store::delete_unposted(&ctx.db, idea.idea_id).await {
            tracing::warn!(idea_id = idea.idea_id, %cleanup, "could not remove an idea without a card");
        }
        return Err(err.into());
    }
    if card_thread != thread_of(&msg) {
        reply(&bot, &msg, t!(lang, "idea-posted-elsewhere", number = idea.number)).await?;
    }
    Ok(())
}

// ---- votes -------------------------------------------------------------------

/// A 👍 / 👎 press, checked against the card it is on.
pub async fn on_vote(bot: HearthBot, ctx: Arc<Ctx>, q: CallbackQuery, button: IdeaButton) -> HandlerResult {
    let IdeaButton::Vote { idea_id, vote } = button;
    let Some(message) = q.regular_message() else {
        return toast::stale(&bot, &ctx, &q).await;
    };
    let chat_id = message.chat.id.0;
    let lang = Lang::for_user(q.from.language_code.as_deref(), chat_lang(&ctx, chat_id).await);
    // The idea must be this chat's, and this message its card.
    let idea = store::by_id(&ctx.db, idea_id)
        .await?
        .filter(|i| i.chat_id == chat_id && i.card_message_id == Some(i64::from(message.id.0)));
    let Some(idea) = idea.filter(|_| !q.from.is_bot) else {
        return toast::alert(&bot, &q, t!(lang, "callback-stale")).await;
    };
    let status = idea.status();
    if !status.accepts_votes() {
        return toast::alert(&bot, &q, error_text(lang, &IdeaError::ClosedForVotes(status))).await;
    }
    let now = ctx.clock.now();
    if !members::is_member(&bot, &ctx, chat_id, &q.from, now).await? {
        return toast::alert(&bot, &q, t!(lang, "idea-err-not-member")).await;
    }
    let user_id = q.from.id.0 as i64;
    let outcome = store::vote(&ctx.db, chat_id, idea_id, user_id, vote, now).await?;
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

// ---- statuses ----------------------------------------------------------------

/// `/ideastatus <n> planned|in_progress|done|declined [comment]` (admins).
pub async fn set_status(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
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
    let Some(idea) = store::by_number(&ctx.db, chat_id, command.number).await? else {
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
    let admin = msg.from.as_ref().map(|u| u.id.0 as i64);
    for reason in rewards(to) {
        let award = Award {
            chat_id,
            user_id: idea.author_id,
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
        points::check_badges(&ctx, chat_id, idea.author_id, msg.date, false).await?;
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

/// DMs sent inside the /ideastatus handler; more wait for the job, so a
/// popular idea does not hold up its chat's updates.
const NOTICES_NOW: i64 = 20;
/// DMs the notices job sends per tick.
const NOTICES_PER_TICK: i64 = 300;

/// Sends queued status DMs (of one idea, or of all), each at most once.
async fn deliver_notices(
    bot: &HearthBot,
    ctx: &Ctx,
    idea_id: Option<i64>,
    limit: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut ideas: std::collections::HashMap<i64, Option<(Idea, String)>> = std::collections::HashMap::new();
    let mut outbox: Vec<(i64, String)> = Vec::new();
    for notice in store::pending_notices(&ctx.db, idea_id, limit).await? {
        if let std::collections::hash_map::Entry::Vacant(slot) = ideas.entry(notice.0) {
            let loaded = match store::by_id(&ctx.db, notice.0).await? {
                Some(idea) => {
                    let title = members::chat_title(&ctx.db, idea.chat_id).await?.unwrap_or_default();
                    Some((idea, title))
                }
                None => None,
            };
            slot.insert(loaded);
        }
        if !store::claim_notice(&ctx.db, &notice, now).await? {
            continue;
        }
        let (Some(Some((idea, title))), Ok(status)) = (ideas.get(&notice.0), notice.2.parse::<Status>())
        else {
            continue;
        };
        let user_id = notice.1;
        let lang = user_lang(ctx, user_id).await;
        let mut text = t!(
            lang,
            "idea-status-dm",
            number = idea.number,
            text = html::escape(&html::truncate(&idea.text, 300)),
            status = status_name(lang, status),
            chat = html::escape(title)
        );
        if user_id == idea.author_id {
            text.push('\n');
            text.push_str(&t!(lang, "idea-status-dm-author"));
        }
        if let Some(c) = idea.comment.as_deref().filter(|_| idea.status() == status) {
            text.push('\n');
            text.push_str(&t!(lang, "idea-card-comment", comment = html::escape(c)));
        }
        outbox.push((user_id, text));
    }
    // Sent 20 at a time, concurrently: the send limiter lets up to 30 DMs a
    // second go at once, so one after another would only add round trips.
    for batch in outbox.chunks(20) {
        let sends = batch.iter().map(|(user_id, text)| notify::dm(bot, ctx, *user_id, text.clone(), None));
        for (result, (user_id, _)) in futures::future::join_all(sends).await.into_iter().zip(batch) {
            if let Err(err) = result {
                tracing::warn!(user_id, %err, "could not send an idea status DM");
            }
        }
    }
    Ok(())
}

/// Sends the status DMs the handlers left for later.
pub async fn notices_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    deliver_notices(&ctx.bot, &ctx, None, NOTICES_PER_TICK, now).await
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

// ---- merge ---------------------------------------------------------------------

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

// ---- lists and the digest ------------------------------------------------------

/// `/ideas [top|new|planned|done]`.
pub async fn list(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(filter) = ListFilter::parse_arg(&cmd.args) else {
        reply(&bot, &msg, t!(lang, "ideas-usage")).await?;
        return Ok(());
    };
    let rows = store::list(&ctx.db, msg.chat.id.0, filter, LIST_LIMIT).await?;
    let header = match filter {
        ListFilter::Top => t!(lang, "ideas-header-top"),
        ListFilter::New => t!(lang, "ideas-header-new"),
        ListFilter::Planned => t!(lang, "ideas-header-planned"),
        ListFilter::Done => t!(lang, "ideas-header-done"),
    };
    if rows.is_empty() {
        reply(&bot, &msg, format!("{header}\n{}", t!(lang, "ideas-empty"))).await?;
        return Ok(());
    }
    let lines: Vec<String> = rows
        .iter()
        .map(|(idea, tally)| {
            t!(
                lang,
                "ideas-row",
                number = idea.number,
                text = html::escape(&html::truncate(&idea.text, 80)),
                score = format::signed(tally.score()),
                status = status_name(lang, idea.status())
            )
        })
        .collect();
    let text = html::fit_lines(&header, &lines, |n| t!(lang, "list-more", count = n));
    reply(&bot, &msg, text).await?;
    Ok(())
}

/// The weekly digest's "taken up this week" section (empty when none were).
pub async fn digest_lines(
    ctx: &Ctx,
    chat_id: i64,
    lang: Lang,
    since: DateTime<Utc>,
    until: DateTime<Utc>,
) -> anyhow::Result<Vec<String>> {
    let ideas = store::taken_up_between(&ctx.db, chat_id, since, until).await?;
    if ideas.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = vec![t!(lang, "idea-digest-header", count = ideas.len())];
    for idea in &ideas {
        out.push(t!(
            lang,
            "idea-digest-row",
            number = idea.number,
            text = html::escape(&html::truncate(&idea.text, 80)),
            status = status_name(lang, idea.status())
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_a_name_in_both_languages() {
        for lang in Lang::ALL {
            for status in Status::ALL {
                assert!(
                    !status_name(lang, status).starts_with("idea-status-"),
                    "{status} in {}",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn russian_plurals_and_escaping() {
        let told = |n: i64| t!(Lang::Ru, "idea-status-set", number = 3, status = "сделана", count = n);
        assert!(told(1).contains("1 участник получит"), "{}", told(1));
        assert!(told(3).contains("3 участника получат"), "{}", told(3));
        assert!(told(5).contains("5 участников получат"), "{}", told(5));
        assert!(told(21).contains("21 участник получит"), "{}", told(21));
        assert!(told(0).contains("некому"), "{}", told(0));
        let err = error_text(Lang::En, &IdeaError::UnknownStatus { word: "<b>".into() });
        assert!(err.contains("&lt;b&gt;"), "{err}");
    }
}
