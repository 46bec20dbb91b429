//! Nudges: the scheduler job (segments, the ladder, prune, group
//! invitations), the paced DM sender, the survey, opt-out, events and
//! /silent. Thin: parse, authorize, call logic and the store, reply.

use std::{
    collections::HashMap,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
};

use chrono::{DateTime, Duration, Utc};
use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyMarkup, UserId},
};

use super::{
    buttons::NudgeButton,
    logic::{
        self, EventError, LadderRules, LadderStep, NudgeState, QuietHours, Segment, SegmentRules, Steps,
        SurveyAnswer,
    },
    store::{self, Decision, Due},
};
use crate::{
    db::{self, parse_ts},
    features::{onboarding, points},
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult, dialogues, format,
        lang::{chat_lang, lang_of, lang_of_user, user_lang},
        members::{self},
        notify, toast,
    },
    settings::ChatSettings,
    t,
    telegram::{HearthBot, callback::Button, command::Command, html, send::reply, send::retrying},
};

/// The DM dialogue kind for the "something else" free-text answer.
pub const DIALOGUE: &str = "nudge";

/// DMs per second the sender allows itself: under Telegram's 30 overall, leaving
/// room for the replies the bot sends meanwhile.
const DMS_PER_SEC: u32 = 28;
/// Members the ladder looks at per tick, over all chats.
const BATCH: i64 = 1000;
/// Members moved between segments per tick, across all chats.
const MOVE_BUDGET: i64 = 20_000;
/// Archived members removed per chat per tick when `prune` is on.
const PRUNE_BATCH: i64 = 20;
/// Members one group invitation mentions.
const GROUP_INVITE_MAX: usize = 5;

/// The paced sender runs at most once per process; in-flight DMs of an
/// earlier process are abandoned once, before the first send.
#[derive(Default)]
pub struct State {
    sending: AtomicBool,
    recovered: AtomicBool,
    /// Which chat the next tick starts with.
    rotation: std::sync::atomic::AtomicUsize,
}

fn segment_rules(s: &ChatSettings) -> SegmentRules {
    let days = |key| u32::try_from(s.int(key)).unwrap_or(0);
    SegmentRules::ordered(days("active_days"), days("silent_days"), days("goodbye_days"))
}

fn ladder_rules(s: &ChatSettings) -> LadderRules {
    LadderRules {
        nudge_gap_days: u32::try_from(s.int("nudge_gap_days")).unwrap_or(7).max(1),
        ..LadderRules::default()
    }
}

fn quiet_hours(s: &ChatSettings) -> QuietHours {
    QuietHours::parse(s.raw("quiet_from"), s.raw("quiet_to"), s.raw("timezone"))
        .or_else(|_| QuietHours::parse("22:00", "09:00", "UTC"))
        .unwrap_or(QuietHours {
            from: chrono::NaiveTime::MIN,
            to: chrono::NaiveTime::MIN,
            tz: chrono_tz::UTC,
        })
}

fn holdout_percent(s: &ChatSettings) -> u8 {
    u8::try_from(s.int("nudge_holdout_percent").clamp(0, 100)).unwrap_or(0)
}

// ---- the scheduler job ----------------------------------------------------------

/// Every tick: segments move (a few indexed UPDATEs per chat), the ladder
/// looks at the members who are due (a bounded batch), the chosen DMs are
/// queued and a paced sender takes them; archived members are pruned and
/// unreachable ones invited in the group, where the chat wants it.
pub async fn nudges_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    if !ctx.state::<State>().recovered.swap(true, Ordering::SeqCst) {
        let abandoned = store::abandon_in_flight(&ctx.db).await?;
        if abandoned > 0 {
            tracing::warn!(abandoned, "nudge DMs in flight at the last stop are not sent again");
        }
    }
    // Budgets for the whole tick, not per chat: a tick's work stays bounded
    // however many chats there are, and a mass event catches up over ticks.
    let mut moves = MOVE_BUDGET;
    let mut budget = BATCH;
    let mut chats = store::chats(&ctx.db).await?;
    if !chats.is_empty() {
        // A different chat goes first each tick, so one chat's mass event
        // does not starve the others.
        let first = ctx.state::<State>().rotation.fetch_add(1, Ordering::Relaxed) % chats.len();
        chats.rotate_left(first);
    }
    for chat_id in chats {
        let settings = ctx.chat_settings(chat_id).await?;
        if moves > 0 {
            let moved =
                store::update_segments(&ctx.db, chat_id, &segment_rules(&settings), now, moves).await?;
            moves -= i64::try_from(moved).unwrap_or(moves);
        }
        if !settings.bool("nudges") || quiet_hours(&settings).is_quiet(now) {
            continue;
        }
        store::requeue_deferred(&ctx.db, chat_id).await?;
        if budget > 0 {
            budget -= ladder(&ctx, chat_id, &settings, now, budget).await?;
        }
        if settings.bool("prune") {
            prune(&ctx, chat_id, now).await?;
        }
        if settings.bool("group_nudge") {
            group_invitation(&ctx, chat_id, &settings, now).await?;
        }
    }
    spawn_sender(&ctx);
    Ok(())
}

/// Decides for up to `limit` due members of a chat; returns how many it
/// looked at or dropped as undeliverable.
async fn ladder(
    ctx: &Ctx,
    chat_id: i64,
    settings: &ChatSettings,
    now: DateTime<Utc>,
    limit: i64,
) -> anyhow::Result<i64> {
    let dropped = store::drop_undeliverable(&ctx.db, chat_id, now, limit).await?;
    let rows = store::due(&ctx.db, chat_id, now, limit).await?;
    let looked = rows.len() as i64 + i64::try_from(dropped).unwrap_or(limit);
    let rules = ladder_rules(settings);
    let percent = holdout_percent(settings);
    let admins = if rows.is_empty() { Default::default() } else { admin_ids(ctx, chat_id).await };
    let decisions: Vec<(Due, Decision)> = rows
        .into_iter()
        .map(|row| {
            let d = if admins.contains(&row.user_id) {
                // Admins run the place; they are not nudged.
                Decision::Wait { next_at: None, holdout: row.holdout.unwrap_or(false) }
            } else {
                decide(&rules, chat_id, percent, &row, now)
            };
            (row, d)
        })
        .collect();
    if !decisions.is_empty() {
        store::apply(&ctx.db, chat_id, now, &decisions).await?;
    }
    Ok(looked)
}

/// The chat's administrators (Telegram's list, cached); empty when it
/// cannot be fetched.
async fn admin_ids(ctx: &Ctx, chat_id: i64) -> std::collections::HashSet<i64> {
    match ctx.admins.admins(&ctx.bot, chat_id).await {
        Ok(admins) => admins.ids,
        Err(err) => {
            tracing::warn!(chat_id, %err, "could not list the admins");
            Default::default()
        }
    }
}

fn decide(rules: &LadderRules, chat_id: i64, percent: u8, row: &Due, now: DateTime<Utc>) -> Decision {
    let segment: Segment = row.segment.parse().unwrap_or(Segment::Active);
    let holdout = row.holdout.unwrap_or_else(|| logic::in_holdout(chat_id, row.user_id, percent));
    let steps = Steps::from_bits(u8::try_from(row.steps).unwrap_or(0));
    if holdout && matches!(segment, Segment::Silent | Segment::Gone) {
        return Decision::Holdout { first_time: !steps.contains(LadderStep::First) };
    }
    let state = NudgeState {
        silence_started_at: row.silence_started_at.as_deref().and_then(parse_ts),
        steps_done: steps,
        last_nudge_at: row.last_nudge_at.as_deref().and_then(parse_ts),
        opted_out: false,
        unreachable: false,
        in_holdout: holdout,
    };
    match logic::next_nudge(rules, segment, &state, now) {
        Some(step) => {
            let mut after = state.clone();
            after.record(step, now);
            Decision::Send {
                step,
                steps: after.steps_done,
                silence_started_at: after.silence_started_at.unwrap_or(now),
                next_at: logic::next_look(rules, segment, &after, now).filter(|t| *t > now),
            }
        }
        None => Decision::Wait {
            next_at: logic::next_look(rules, segment, &state, now).filter(|t| *t > now),
            holdout,
        },
    }
}

// ---- the paced sender ----------------------------------------------------------------

/// Starts the sender unless it is running: it sends the queued DMs at
/// [`DMS_PER_SEC`] (spread by `dm_schedule`), each at most once, and stops
/// when the queue is empty. The scheduler and the updates never wait for it.
fn spawn_sender(ctx: &Arc<Ctx>) {
    if ctx.state::<State>().sending.swap(true, Ordering::SeqCst) {
        return;
    }
    let ctx = ctx.clone();
    tokio::spawn(async move {
        loop {
            if let Err(err) = send_queued(&ctx).await {
                tracing::error!(error = %format!("{err:#}"), "nudge sender failed");
            }
            ctx.state::<State>().sending.store(false, Ordering::SeqCst);
            // Queued while we were stopping? Then take over again.
            let more = store::queued(&ctx.db, 1).await.map(|q| !q.is_empty()).unwrap_or(false);
            if !more || ctx.state::<State>().sending.swap(true, Ordering::SeqCst) {
                return;
            }
        }
    });
}

async fn send_queued(ctx: &Ctx) -> anyhow::Result<()> {
    use tokio::time::Instant;
    let mut offers = Offers::default();
    let spacing = logic::dm_schedule(2, DMS_PER_SEC).last().unwrap_or_default();
    let mut last: Option<Instant> = None;
    loop {
        let batch = store::queued(&ctx.db, 100).await?;
        if batch.is_empty() {
            return Ok(());
        }
        let mut start = last.map_or_else(Instant::now, |l| (l + spacing).max(Instant::now()));
        let offsets: Vec<_> = logic::dm_schedule(batch.len(), DMS_PER_SEC).collect();
        for (row, offset) in batch.into_iter().zip(offsets) {
            // Behind schedule (a flood-control wait, a slow call)? Carry on
            // from now at the same pace instead of a burst to catch up.
            let now = Instant::now();
            if now > start + offset + spacing {
                start = now.checked_sub(offset).unwrap_or(now);
            }
            tokio::time::sleep_until(start + offset).await;
            last = Some(Instant::now());
            if !store::take(&ctx.db, row.id).await? {
                continue;
            }
            let state = match deliver(ctx, &row, &mut offers).await {
                Ok(state) => state,
                Err(err) => {
                    tracing::warn!(chat_id = row.chat_id, user_id = row.user_id, %err, "nudge DM failed");
                    "failed"
                }
            };
            store::finish(&ctx.db, row.id, state, ctx.clock.now()).await?;
        }
    }
}

/// Sends a nudge DM. Flood control is waited out by the paced sender under
/// `send` (3 times at most; the sender pauses meanwhile); nothing else is
/// retried (a retried timeout could deliver twice); a 403 marks the user
/// unreachable. `Ok(false)` when the user cannot be written to.
async fn dm(ctx: &Ctx, user_id: i64, text: String, markup: Option<ReplyMarkup>) -> anyhow::Result<bool> {
    notify::dm(&ctx.bot, ctx, user_id, text, markup).await
}

/// Per sender run: what each chat offers in the Second nudge.
#[derive(Default)]
struct Offers(HashMap<i64, Offer>);

#[derive(Clone, Default)]
struct Offer {
    /// (replies, link) of the liveliest discussions.
    discussions: Vec<(i64, String)>,
    /// Upcoming events, one formatted line each.
    events: Vec<String>,
}

/// Sends one nudge; the outbox state to record.
async fn deliver(ctx: &Ctx, row: &store::Outgoing, offers: &mut Offers) -> anyhow::Result<&'static str> {
    let (chat_id, user_id) = (row.chat_id, row.user_id);
    let Ok(step) = row.step.parse::<LadderStep>() else { return Ok("failed") };
    let now = ctx.clock.now();
    let settings = ctx.chat_settings(chat_id).await?;
    let member = store::member(&ctx.db, chat_id, user_id).await?;
    // A post since the decision, an opt-out, a closed DM: no nudge.
    let current = member.as_ref().is_some_and(|m| {
        matches!(m.segment.as_str(), "silent" | "gone")
            && Steps::from_bits(u8::try_from(m.steps).unwrap_or(0)).contains(step)
    });
    if !current
        || !settings.bool("nudges")
        || store::opted_out(&ctx.db, user_id).await?
        || !members::dm_open(&ctx.db, user_id).await?
    {
        return Ok("cancelled");
    }
    if quiet_hours(&settings).is_quiet(now) {
        // Quiet hours began while it waited in the queue: the job queues it
        // again when they end.
        return Ok("deferred");
    }
    let lang = user_lang(ctx, user_id).await;
    let name = match members::user_name(&ctx.db, user_id).await? {
        Some((first, last)) => html::name(&first, last.as_deref()),
        None => "…".to_owned(),
    };
    let title = html::escape(&members::chat_title(&ctx.db, chat_id).await?.unwrap_or_default());
    let footer = t!(lang, "nudge-footer");
    let (text, markup) = match step {
        LadderStep::First => {
            let rows = SurveyAnswer::ALL.iter().map(|&answer| {
                let data = NudgeButton::Survey { chat_id, answer }.encode();
                vec![InlineKeyboardButton::callback(answer_label(lang, answer), data)]
            });
            let text = format!("{}\n\n{footer}", t!(lang, "nudge-first", name = name, chat = title));
            (text, Some(InlineKeyboardMarkup::new(rows)))
        }
        LadderStep::Second => {
            let (text, buttons) =
                second_text(ctx, chat_id, user_id, lang, &name, &title, now, offers).await?;
            (format!("{text}\n\n{footer}"), Some(InlineKeyboardMarkup::new(buttons)))
        }
        LadderStep::Goodbye => (t!(lang, "nudge-goodbye", name = name, chat = title), None),
    };
    if step == LadderStep::Goodbye {
        // Archived whether or not the goodbye arrives: no more nudges.
        store::archive(&ctx.db, chat_id, user_id, now).await?;
    }
    let sent = dm(ctx, user_id, text, markup.map(ReplyMarkup::InlineKeyboard)).await;
    if step == LadderStep::Goodbye && settings.bool("prune") {
        prune_one(ctx, chat_id, user_id, now).await?;
    }
    Ok(if sent? { "sent" } else { "unreachable" })
}

fn answer_label(lang: Lang, a: SurveyAnswer) -> String {
    crate::i18n::text(lang, &format!("nudge-answer-{}", a.as_str().replace('_', "-")), None)
}

/// The invitation: the liveliest discussions of the last week (by replies)
/// or the upcoming events, and the member's points and what they could unlock.
#[allow(clippy::too_many_arguments)]
async fn second_text(
    ctx: &Ctx,
    chat_id: i64,
    user_id: i64,
    lang: Lang,
    name: &str,
    title: &str,
    now: DateTime<Utc>,
    offers: &mut Offers,
) -> anyhow::Result<(String, Vec<Vec<InlineKeyboardButton>>)> {
    let offer = match offers.0.get(&chat_id) {
        Some(offer) => offer.clone(),
        None => {
            let username = store::chat_username(&ctx.db, chat_id).await?;
            let lively = store::lively(&ctx.db, chat_id, now - Duration::days(7), 3).await?;
            let discussions = lively
                .iter()
                .filter_map(|(id, n)| {
                    format::message_link(chat_id, username.as_deref(), *id).map(|u| (*n, u))
                })
                .collect();
            let settings = ctx.chat_settings(chat_id).await?;
            let tz = logic::parse_timezone(settings.raw("timezone")).unwrap_or(chrono_tz::UTC);
            let events = store::upcoming(&ctx.db, chat_id, now, 3)
                .await?
                .iter()
                .map(|e| format!("• {} — {}", event_when(&e.starts_at, tz), html::escape(&e.title)))
                .collect();
            let offer = Offer { discussions, events };
            offers.0.insert(chat_id, offer.clone());
            offer
        }
    };
    let Offer { discussions, events } = offer;
    let mut out = vec![t!(lang, "nudge-second", name = name, chat = title)];
    if !events.is_empty() {
        out.push(String::new());
        out.push(t!(lang, "nudge-second-events"));
        out.extend(events.iter().cloned());
    }
    if !discussions.is_empty() {
        out.push(String::new());
        out.push(t!(lang, "nudge-second-discussions"));
    }
    if discussions.is_empty() && events.is_empty() {
        out.push(String::new());
        out.push(t!(lang, "nudge-second-nothing"));
    }
    let total = points::store::total(&ctx.db, ChatId(chat_id), UserId(user_id as u64)).await?;
    let earned = points::store::badges(&ctx.db, ChatId(chat_id), UserId(user_id as u64)).await?;
    let next: Vec<String> = points::logic::Badge::ALL
        .iter()
        .filter(|b| !earned.contains(b))
        .take(3)
        .map(|b| points::badge_name(lang, *b))
        .collect();
    out.push(String::new());
    out.push(t!(lang, "nudge-second-points", points = total));
    if !next.is_empty() {
        out.push(t!(lang, "nudge-second-unlock", badges = next.join(", ")));
    }
    let buttons = discussions
        .iter()
        .filter_map(|(replies, url)| {
            let label = t!(lang, "nudge-discussion-button", replies = *replies);
            url::Url::parse(url).ok().map(|u| vec![InlineKeyboardButton::url(label, u)])
        })
        .collect();
    Ok((out.join("\n"), buttons))
}

fn event_when(starts_at: &str, tz: chrono_tz::Tz) -> String {
    parse_ts(starts_at)
        .map(|d| d.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|| "—".to_owned())
}

// ---- prune and group invitations ----------------------------------------------------------

async fn prune(ctx: &Ctx, chat_id: i64, now: DateTime<Utc>) -> anyhow::Result<()> {
    for user_id in store::unpruned(&ctx.db, chat_id, PRUNE_BATCH).await? {
        prune_one(ctx, chat_id, user_id, now).await?;
    }
    Ok(())
}

/// Removes an archived member (ban then unban, so they can come back).
async fn prune_one(ctx: &Ctx, chat_id: i64, user_id: i64, now: DateTime<Utc>) -> anyhow::Result<()> {
    let user = UserId(user_id as u64);
    match retrying(|| ctx.bot.ban_chat_member(ChatId(chat_id), user).send()).await {
        Ok(_) => {
            let unbanned =
                retrying(|| ctx.bot.unban_chat_member(ChatId(chat_id), user).only_if_banned(true).send())
                    .await;
            if let Err(err) = unbanned {
                tracing::warn!(chat_id, user_id, %err, "pruned member stays banned: unban failed");
            }
        }
        Err(err) => tracing::warn!(chat_id, user_id, %err, "could not prune an archived member"),
    }
    // Marked either way: one attempt each, never a loop.
    store::mark_pruned(&ctx.db, chat_id, user_id, now).await?;
    Ok(())
}

/// At most once a week: one friendly group message that invites a few quiet
/// members the bot cannot DM, by mention.
async fn group_invitation(
    ctx: &Ctx,
    chat_id: i64,
    settings: &ChatSettings,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let percent = holdout_percent(settings);
    let candidates = store::unreachable_quiet(&ctx.db, chat_id, 50).await?;
    if candidates.is_empty() {
        return Ok(());
    }
    let admins = admin_ids(ctx, chat_id).await;
    let mut picked = Vec::new();
    for (user_id, holdout) in candidates.into_iter().filter(|(u, _)| !admins.contains(u)) {
        let held = holdout.unwrap_or_else(|| logic::in_holdout(chat_id, user_id, percent));
        if holdout.is_none() {
            store::set_holdout(&ctx.db, chat_id, user_id, held).await?;
        }
        if !held {
            picked.push(user_id);
        }
        if picked.len() == GROUP_INVITE_MAX {
            break;
        }
    }
    if picked.is_empty() {
        return Ok(());
    }
    let tz = logic::parse_timezone(settings.raw("timezone")).unwrap_or(chrono_tz::UTC);
    let week = points::logic::iso_week_key(now, tz);
    if !db::claim_once(&ctx.db, &format!("nudge-group:{chat_id}:{week}"), now).await? {
        return Ok(());
    }
    let mut names = Vec::new();
    for user_id in &picked {
        names.push(format::mention_of(ctx, *user_id).await);
    }
    let lang = chat_lang(ctx, chat_id).await;
    let text = t!(lang, "nudge-group-invite", names = names.join(", "));
    store::mark_invited(&ctx.db, chat_id, &picked, now).await?;
    if let Err(err) = crate::telegram::send::send(&ctx.bot, chat_id, None, text, None).await {
        tracing::warn!(chat_id, %err, "could not post the group invitation");
    }
    Ok(())
}

// ---- the survey ----------------------------------------------------------------------

/// A survey button, checked against the member's First nudge of the
/// current silence.
pub async fn on_survey(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    q: CallbackQuery,
    button: NudgeButton,
) -> HandlerResult {
    let NudgeButton::Survey { chat_id, answer } = button;
    let user_id = q.from.id.0 as i64;
    let lang = lang_of_user(&ctx, Some(&q.from));
    let at = ctx.clock.now();
    if !store::answer_survey(&ctx.db, chat_id, user_id, answer, at).await? {
        let answered = store::member(&ctx.db, chat_id, user_id).await?.is_some_and(|m| {
            m.survey_at.is_some() && m.survey_at >= m.silence_started_at && (m.steps & 1) == 1
        });
        let key = if answered { "nudge-survey-already" } else { "callback-stale" };
        return toast::alert(&bot, &q, crate::i18n::text(lang, key, None)).await;
    }
    toast::toast(&bot, &q, t!(lang, "nudge-survey-thanks")).await?;
    let title = html::escape(&members::chat_title(&ctx.db, chat_id).await?.unwrap_or_default());
    let send = |text: String, markup: Option<InlineKeyboardMarkup>| {
        crate::telegram::send::send(&bot, user_id, None, text, markup.map(ReplyMarkup::InlineKeyboard))
    };
    match answer {
        SurveyAnswer::NoTime => {
            send(t!(lang, "nudge-reply-no-time", chat = title), None).await?;
        }
        SurveyAnswer::NotInterested => {
            send(t!(lang, "nudge-reply-not-interested"), None).await?;
            tell_admins(&ctx, chat_id, user_id, &answer_label(chat_lang(&ctx, chat_id).await, answer))
                .await?;
        }
        SurveyAnswer::DontKnowWhereToStart => {
            let links = onboarding::store::links(&ctx.db, chat_id).await?;
            let mut rows: Vec<Vec<InlineKeyboardButton>> = links
                .iter()
                .filter_map(|(t, u)| {
                    url::Url::parse(u).ok().map(|u| vec![InlineKeyboardButton::url(html::truncate(t, 64), u)])
                })
                .collect();
            let intro = format!(
                "https://t.me/{}?start={}",
                ctx.bot_username(),
                crate::kernel::deep_link::StartPayload::Onboarding { chat_id }.encode()
            );
            if let Ok(u) = url::Url::parse(&intro) {
                rows.push(vec![InlineKeyboardButton::url(t!(lang, "onb-button-introduce"), u)]);
            }
            let key = if links.is_empty() { "nudge-reply-start-nolinks" } else { "nudge-reply-start" };
            let text = crate::i18n::text(
                lang,
                key,
                Some(&{
                    let mut a = crate::i18n::Args::new();
                    a.insert("chat".into(), crate::i18n::arg(title.clone()));
                    a
                }),
            );
            send(text, Some(InlineKeyboardMarkup::new(rows))).await?;
        }
        SurveyAnswer::Other => {
            let d = dialogues::Dialogue {
                user_id,
                kind: DIALOGUE.into(),
                chat_id,
                step: "other".into(),
                data: String::new(),
            };
            dialogues::set_dialogue(&ctx.db, &d, at).await?;
            send(t!(lang, "nudge-reply-other-ask", max = 1000), None).await?;
        }
    }
    Ok(())
}

async fn tell_admins(ctx: &Ctx, chat_id: i64, user_id: i64, what: &str) -> anyhow::Result<()> {
    let lang = chat_lang(ctx, chat_id).await;
    let name = format::mention_of(ctx, user_id).await;
    let title = html::escape(&members::chat_title(&ctx.db, chat_id).await?.unwrap_or_default());
    let note = t!(lang, "nudge-to-admins", name = name, chat = title, text = what.to_owned());
    notify::notify_admins(&ctx.bot, ctx, chat_id, &note, None).await?;
    Ok(())
}

/// The free-text answer ("something else"). `true` if nudges took the message.
pub async fn on_dialogue_message(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    d: dialogues::Dialogue,
) -> anyhow::Result<bool> {
    if d.kind != DIALOGUE {
        return Ok(false);
    }
    let lang = lang_of(ctx, msg).await;
    let Some(user) = &msg.from else { return Ok(false) };
    let user_id = user.id.0 as i64;
    let Some(text) = msg.text().map(str::trim).filter(|t| !t.is_empty()) else {
        reply(bot, msg, t!(lang, "nudge-reply-other-reask")).await?;
        return Ok(true);
    };
    let text = html::truncate(text, 1000);
    store::survey_text(&ctx.db, d.chat_id, user_id, &text).await?;
    dialogues::clear_dialogue(&ctx.db, user_id).await?;
    tell_admins(ctx, d.chat_id, user_id, &html::escape(&text)).await?;
    reply(bot, msg, t!(lang, "nudge-reply-other-thanks")).await?;
    Ok(true)
}

// ---- commands ----------------------------------------------------------------------

/// `/nudges off|on` in DM: honored at once, for every chat.
pub async fn nudges_cmd(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(user) = &msg.from else { return Ok(()) };
    let user_id = user.id.0 as i64;
    let text = match cmd.args.to_lowercase().as_str() {
        "off" | "выкл" => {
            store::opt_out(&ctx.db, user_id, msg.date).await?;
            t!(lang, "nudge-off")
        }
        "on" | "вкл" => {
            store::opt_in(&ctx.db, user_id, msg.date).await?;
            t!(lang, "nudge-on")
        }
        "" => {
            if store::opted_out(&ctx.db, user_id).await? {
                t!(lang, "nudge-status-off")
            } else {
                t!(lang, "nudge-status-on")
            }
        }
        _ => t!(lang, "nudge-usage"),
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}

fn event_error(lang: Lang, err: &EventError) -> String {
    match err {
        EventError::Usage => t!(lang, "event-usage"),
        EventError::BadDate => t!(lang, "event-bad-date"),
        EventError::Past => t!(lang, "event-past"),
        EventError::TitleTooLong => t!(lang, "event-title-too-long", max = logic::MAX_EVENT_TITLE),
    }
}

/// `/addevent <YYYY-MM-DD> [HH:MM] <title>` (admin; time in the chat's time zone).
pub async fn add_event(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    let settings = ctx.chat_settings(chat_id).await?;
    let tz = logic::parse_timezone(settings.raw("timezone")).unwrap_or(chrono_tz::UTC);
    match logic::parse_event(&cmd.args, tz, msg.date) {
        Ok((at, title)) => {
            // This very command, delivered again: its event is there.
            if store::event_added_by(&ctx.db, chat_id, msg.id.0).await? {
                return Ok(());
            }
            if store::upcoming(&ctx.db, chat_id, msg.date, 51).await?.len() >= 50 {
                reply(&bot, &msg, t!(lang, "event-full", max = 50)).await?;
                return Ok(());
            }
            let by = msg.from.as_ref().map_or(0, |u| u.id.0 as i64);
            let Some(id) = store::add_event(&ctx.db, chat_id, at, &title, by, msg.date, msg.id.0).await?
            else {
                return Ok(());
            };
            let when = event_when(&db::ts(at), tz);
            reply(&bot, &msg, t!(lang, "event-added", id = id, when = when, title = html::escape(&title)))
                .await?;
        }
        Err(err) => {
            reply(&bot, &msg, event_error(lang, &err)).await?;
        }
    }
    Ok(())
}

/// `/events`: the upcoming events.
pub async fn list_events(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    let tz =
        logic::parse_timezone(ctx.chat_settings(chat_id).await?.raw("timezone")).unwrap_or(chrono_tz::UTC);
    let events = store::upcoming(&ctx.db, chat_id, msg.date, 20).await?;
    if events.is_empty() {
        reply(&bot, &msg, t!(lang, "events-none")).await?;
        return Ok(());
    }
    let lines: Vec<String> = events
        .iter()
        .map(|e| format!("#{} · {} — {}", e.event_id, event_when(&e.starts_at, tz), html::escape(&e.title)))
        .collect();
    let text = html::fit_lines(&t!(lang, "events-header"), &lines, |n| t!(lang, "list-more", count = n));
    reply(&bot, &msg, text).await?;
    Ok(())
}

/// `/delevent <number>` (admin).
pub async fn del_event(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let id = cmd.args.trim().trim_start_matches('#').parse::<i64>().ok();
    let text = match id {
        Some(id) if store::delete_event(&ctx.db, msg.chat.id.0, id).await? => {
            t!(lang, "event-deleted", id = id)
        }
        _ => t!(lang, "event-not-found", id = html::escape(&html::truncate(cmd.args.trim(), 20))),
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}

/// `/silent` (admin): segments, the quiet members, survey answers, and the
/// reactivation of nudged members beside the holdout's.
pub async fn silent(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    let mut out = vec![t!(lang, "silent-header"), t!(lang, "silent-tracking-note"), String::new()];
    let counts = store::segment_counts(&ctx.db, chat_id).await?;
    out.push(
        counts
            .iter()
            .map(|(s, n)| format!("{}: <b>{n}</b>", segment_name(lang, *s)))
            .collect::<Vec<_>>()
            .join(" · "),
    );
    let r = store::reactivation(&ctx.db, chat_id, msg.date - Duration::days(90)).await?;
    let pct = |rate: &logic::ReactivationRate| rate.pct.map_or("—".to_owned(), |p| format!("{p:.0}%"));
    out.push(String::new());
    out.push(t!(
        lang,
        "silent-reactivation",
        nudged = pct(&r.nudged),
        nudged_n = r.nudged.nudged,
        nudged_back = r.nudged.reactivated,
        holdout = pct(&r.holdout),
        holdout_n = r.holdout.nudged,
        holdout_back = r.holdout.reactivated
    ));
    if let Some(diff) = logic::compare(&r.nudged, &r.holdout) {
        out.push(t!(lang, "silent-uplift", diff = format!("{diff:+.0}")));
    }
    let answers = store::survey_counts(&ctx.db, chat_id).await?;
    if !answers.is_empty() {
        out.push(String::new());
        out.push(t!(lang, "silent-answers"));
        for (answer, n) in &answers {
            let label = answer.parse::<SurveyAnswer>().map(|a| answer_label(lang, a)).unwrap_or_default();
            out.push(format!("• {label}: {n}"));
        }
    }
    let admins = admin_ids(&ctx, chat_id).await;
    let quiet: Vec<_> = store::quiet_members(&ctx.db, chat_id, 60)
        .await?
        .into_iter()
        .filter(|m| !admins.contains(&m.user_id))
        .take(30)
        .collect();
    out.push(String::new());
    out.push(if quiet.is_empty() { t!(lang, "silent-none") } else { t!(lang, "silent-list") });
    let header = out.join("\n");
    let lines: Vec<String> = quiet.iter().map(|m| quiet_line(lang, m)).collect();
    let text = html::fit_lines(&header, &lines, |n| t!(lang, "list-more", count = n));
    reply(&bot, &msg, text).await?;
    Ok(())
}

fn segment_name(lang: Lang, s: Segment) -> String {
    crate::i18n::text(lang, &format!("segment-{}", s.as_str().replace('_', "-")), None)
}

fn quiet_line(lang: Lang, m: &store::QuietMember) -> String {
    let name = html::mention(m.user_id, m.first_name.as_deref().unwrap_or("…"), m.last_name.as_deref());
    let seen = parse_ts(&m.last_seen).map_or("—".to_owned(), |d| d.format("%Y-%m-%d").to_string());
    let steps = Steps::from_bits(u8::try_from(m.steps).unwrap_or(0));
    let step = if m.holdout == Some(true) {
        t!(lang, "silent-step-holdout")
    } else if steps.contains(LadderStep::Goodbye) {
        t!(lang, "silent-step-goodbye")
    } else if steps.contains(LadderStep::Second) {
        t!(lang, "silent-step-second")
    } else if steps.contains(LadderStep::First) {
        t!(lang, "silent-step-first")
    } else {
        t!(lang, "silent-step-none")
    };
    let reach =
        if m.dm_open == Some(true) { t!(lang, "silent-reachable") } else { t!(lang, "silent-unreachable") };
    let mut line = format!("• {name} — {seen} · {step} · {reach}");
    if let Some(answer) = m.survey_answer.as_deref().and_then(|a| a.parse::<SurveyAnswer>().ok()) {
        line.push_str(&format!(" · {}", answer_label(lang, answer)));
        if let Some(text) = &m.survey_text {
            line.push_str(&format!(": «{}»", html::escape(&html::truncate(text, 80))));
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_texts_agree_in_number_and_name_the_start_button() {
        let full = |n: u32| t!(Lang::Ru, "event-full", max = n);
        assert!(full(1).contains("есть 1 предстоящее событие;"), "{}", full(1));
        assert!(full(3).contains("есть 3 предстоящих события;"), "{}", full(3));
        assert!(full(50).contains("есть 50 предстоящих событий;"), "{}", full(50));
        assert!(full(21).contains("есть 21 предстоящее событие;"), "{}", full(21));
        assert!(t!(Lang::En, "event-full", max = 1).contains("There is already 1 upcoming event;"));
        assert!(t!(Lang::En, "event-full", max = 50).contains("There are already 50 upcoming events;"));
        let invite = t!(Lang::Ru, "nudge-group-invite", names = "Алиса");
        assert!(invite.contains("«Запустить»") && !invite.contains("Старт"), "{invite}");
        let list = t!(Lang::Ru, "silent-list");
        assert!(list.contains("последняя активность") && !list.contains("когда был"), "{list}");
    }

    fn row(segment: &str, steps: i64, holdout: Option<bool>) -> Due {
        Due {
            user_id: 42,
            segment: segment.into(),
            quiet_since: "2026-11-01T10:00:00Z".into(),
            silence_started_at: None,
            steps,
            last_nudge_at: None,
            holdout,
        }
    }

    #[test]
    fn decisions() {
        let rules = LadderRules::default();
        let now: DateTime<Utc> = "2026-11-20T10:00:00Z".parse().unwrap();
        match decide(&rules, -100, 0, &row("silent", 0, None), now) {
            Decision::Send { step, steps, silence_started_at, next_at } => {
                assert_eq!(step, LadderStep::First);
                assert!(steps.contains(LadderStep::First));
                assert_eq!(silence_started_at, now);
                assert_eq!(next_at, Some(now + Duration::days(14)));
            }
            _ => panic!("the first step is due"),
        }
        assert!(matches!(
            decide(&rules, -100, 0, &row("silent", 0, Some(true)), now),
            Decision::Holdout { first_time: true }
        ));
        assert!(matches!(
            decide(&rules, -100, 100, &row("gone", 7, None), now),
            Decision::Holdout { first_time: false }
        ));
        // A stored decision wins over the percentage (a stable split).
        assert!(matches!(
            decide(&rules, -100, 100, &row("silent", 0, Some(false)), now),
            Decision::Send { .. }
        ));
        assert!(matches!(
            decide(&rules, -100, 0, &row("active", 0, None), now),
            Decision::Wait { next_at: None, holdout: false }
        ));
        let mut recent = row("silent", 1, Some(false));
        recent.last_nudge_at = Some("2026-11-18T10:00:00Z".into());
        recent.silence_started_at = recent.last_nudge_at.clone();
        match decide(&rules, -100, 0, &recent, now) {
            Decision::Wait { next_at, .. } => assert_eq!(next_at, Some(now + Duration::days(12))),
            _ => panic!("nothing is due yet"),
        }
    }
}
