//! The calendar's scheduler job: every tick, the schedules with an
//! occurrence due are worked through. Each occurrence is claimed in
//! `calendar_occurrences` (unique by schedule and time) before it is sent,
//! so a second tick, a restart or a crash never posts it again (a crash
//! between the claim and the send loses that one post rather than doubling
//! it). Occurrences missed by more than `schedule_grace` are recorded as
//! skipped and logged.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::{
    payloads::PinChatMessageSetters,
    prelude::*,
    requests::Request,
    types::{Message, MessageId},
};

use super::{
    logic::{self, Due, Recurrence},
    managing::body_html,
    store::{self, Outcome, Schedule},
};
use crate::{
    db,
    kernel::{
        Ctx,
        lang::chat_lang,
        notify,
        topics::{self, TopicKind},
    },
    t,
    telegram::send::{self, Failure, classify, retrying},
};

/// Schedules worked through in one tick, at most (the rest wait for the next).
const PER_TICK: i64 = 200;

pub async fn post_due(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    for schedule in store::due(&ctx.db, now, PER_TICK).await? {
        let Some(next) = schedule.next_at() else { continue };
        let Some(rec) = Recurrence::from_canonical(&schedule.recurrence) else {
            let (id, recurrence) = (schedule.schedule_id, &schedule.recurrence);
            tracing::error!(schedule_id = id, %recurrence, "unreadable recurrence; schedule stopped");
            store::set_next(&ctx.db, schedule.schedule_id, None).await?;
            continue;
        };
        let (tz, grace) = chat_clock(&ctx, schedule.chat_id).await?;
        let logic::DuePlan { occurrences, next: after } = logic::due_occurrences(&rec, tz, next, now, grace);
        let skipped: Vec<DateTime<Utc>> =
            occurrences.iter().filter(|(_, due)| *due == Due::Skip).map(|(at, _)| *at).collect();
        let newly_skipped = store::skip(&ctx.db, schedule.schedule_id, &skipped, now).await?;
        if newly_skipped > 0 {
            tracing::warn!(
                chat_id = schedule.chat_id,
                number = schedule.number,
                skipped = newly_skipped,
                last = ?skipped.last(),
                "scheduled occurrences skipped (missed beyond the grace, or a later one is due)"
            );
        }
        for (occurrence, _) in occurrences.iter().filter(|(_, due)| *due == Due::Post) {
            if store::claim(&ctx.db, schedule.schedule_id, *occurrence, Outcome::Sending, now).await? {
                post_claimed(&ctx, &schedule, *occurrence).await?;
            }
        }
        store::set_next(&ctx.db, schedule.schedule_id, after).await?;
    }
    Ok(())
}

/// Sends a claimed occurrence and records how it went (a failure is not
/// tried again: the next occurrence is the next try).
async fn post_claimed(ctx: &Ctx, schedule: &Schedule, occurrence: DateTime<Utc>) -> sqlx::Result<()> {
    let (outcome, message_id) = match post(ctx, schedule).await {
        Ok(message) => (Outcome::Sent, Some(message.id.0)),
        Err(err) => {
            let (chat_id, number) = (schedule.chat_id, schedule.number);
            tracing::warn!(chat_id, number, %err, "could not post a scheduled post");
            (Outcome::Failed, None)
        }
    };
    store::finish(&ctx.db, schedule.schedule_id, occurrence, outcome, message_id).await
}

/// Sends one occurrence (to the rubric topic when one is bound) and pins it
/// when asked.
async fn post(ctx: &Ctx, schedule: &Schedule) -> Result<Message, teloxide::RequestError> {
    let chat_id = schedule.chat_id;
    let lang = chat_lang(ctx, chat_id).await;
    let html = body_html(schedule, lang);
    let bot = &ctx.bot;
    let sent = match &schedule.photo_file_id {
        Some(file_id) => {
            topics::post_with(ctx, chat_id, TopicKind::Rubric, |thread| {
                send::send_body(
                    bot,
                    chat_id,
                    thread,
                    None,
                    send::Body::File { kind: send::FileKind::Photo, file_id, caption: &html },
                )
            })
            .await?
        }
        None => topics::post(bot, ctx, chat_id, TopicKind::Rubric, html, None).await?,
    };
    if schedule.pin {
        let pinned = retrying(|| {
            bot.pin_chat_message(sent.chat.id, MessageId(sent.id.0)).disable_notification(false).send()
        })
        .await;
        if let Err(err) = pinned {
            let number = schedule.number;
            match classify(&err) {
                Failure::NoRights => {
                    tracing::warn!(chat_id, number, "no right to pin the scheduled post");
                    tell_pin_missing(ctx, schedule, lang).await;
                }
                _ => tracing::warn!(chat_id, number, %err, "could not pin the scheduled post"),
            }
        }
    }
    Ok(sent)
}

/// Tells the admins (once per schedule) that its posts go out unpinned.
async fn tell_pin_missing(ctx: &Ctx, schedule: &Schedule, lang: crate::i18n::Lang) {
    let key = format!("calendar-pin-missing:{}", schedule.schedule_id);
    match db::claim_once(&ctx.db, &key, ctx.clock.now()).await {
        Ok(true) => {
            let text = t!(lang, "calendar-pin-failed", number = schedule.number);
            if let Err(err) = notify::notify_admins(&ctx.bot, ctx, schedule.chat_id, &text, None).await {
                tracing::warn!(chat_id = schedule.chat_id, %err, "could not tell the admins about pinning");
            }
        }
        Ok(false) => {}
        Err(err) => tracing::warn!(%err, "could not record the pin notice"),
    }
}

/// The chat's time zone and the grace for late posts.
async fn chat_clock(ctx: &Ctx, chat_id: i64) -> anyhow::Result<(chrono_tz::Tz, chrono::Duration)> {
    let settings = ctx.chat_settings(chat_id).await?;
    Ok((settings.timezone(), settings.duration("schedule_grace").unwrap_or(chrono::Duration::hours(2))))
}
