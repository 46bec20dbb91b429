//! Points members earn by taking part: the day's first message (+1), a
//! thank-you reply (+5 to the member thanked), and an introduction posted
//! through onboarding (+10, paid by a job); each followed by a badge check.

use std::{collections::HashSet, sync::Arc, sync::Mutex};

use chrono::{DateTime, NaiveDate, Utc};
use teloxide::types::{ChatId, Message, MessageKind, UserId};

use super::{
    badges::check_badges,
    ledger::award,
    logic::{self, Reason, Reference},
    store::{self, Award},
};
use crate::{
    db,
    kernel::{Ctx, HandlerResult},
};

/// Who already got today's first-message point (per process; the ledger's
/// unique key stays the guarantee across restarts). Bounded: forgets
/// earlier days.
#[derive(Default)]
pub struct State {
    daily: Mutex<DailySeen>,
}

/// The day, and the (chat, member) pairs already paid for it.
type DailySeen = (Option<NaiveDate>, HashSet<(ChatId, UserId)>);

impl State {
    /// `true` the first time this process sees the member post on `day`.
    pub fn first_message_today(&self, chat: ChatId, user: UserId, day: NaiveDate) -> bool {
        let Ok(mut daily) = self.daily.lock() else { return true };
        if daily.0 != Some(day) {
            if daily.0.is_some_and(|d| d > day) {
                // A late (back-dated) message: let the ledger decide.
                return true;
            }
            *daily = (Some(day), HashSet::new());
        }
        daily.1.insert((chat, user))
    }
}

/// Every group message from a member: the day's first message (+1) and a
/// thank-you reply (+5 to the member thanked, once per thanker per message).
pub async fn on_group_message(ctx: &Ctx, msg: &Message) -> HandlerResult {
    let Some(user) = &msg.from else { return Ok(()) };
    if user.is_bot || msg.sender_chat.is_some() || !matches!(msg.kind, MessageKind::Common(_)) {
        return Ok(());
    }
    let chat = msg.chat.id;
    let mut changed = Vec::new();
    // The day's first-message point: remembered in memory so that only the
    // first message of a member's day costs a write.
    let day = msg.date.date_naive();
    let first_today = ctx.state::<State>().first_message_today(chat, user.id, day);
    let daily = Award {
        chat_id: chat,
        user_id: user.id,
        points: Reason::DailyFirstMessage.default_points().unwrap_or(1),
        reason: Reason::DailyFirstMessage,
        reference: Reference::Day(msg.date.date_naive()),
        note: None,
        by: None,
        at: msg.date,
    };
    if first_today && award(ctx, &daily).await? {
        changed.push(user.id);
    }
    let thanks = msg.text().or_else(|| msg.caption()).is_some_and(logic::is_thanks);
    if thanks
        && let Some(replied) = msg.reply_to_message()
        && matches!(replied.kind, MessageKind::Common(_))
        && replied.sender_chat.is_none()
        && let Some(author) = &replied.from
    {
        let (thanker, thanked) = (user.id.0 as i64, author.id.0 as i64);
        if logic::helpful_answer_award(thanker, thanked, author.is_bot) {
            let helpful = Award {
                chat_id: chat,
                user_id: author.id,
                points: Reason::HelpfulAnswer.default_points().unwrap_or(5),
                reason: Reason::HelpfulAnswer,
                reference: Reference::Message { chat_id: chat.0, message_id: replied.id.0, thanker },
                note: None,
                by: Some(user.id),
                at: msg.date,
            };
            if award(ctx, &helpful).await? {
                changed.push(author.id);
            }
        }
    }
    for member in changed {
        check_badges(ctx, chat, member, msg.date, member == user.id).await?;
    }
    Ok(())
}

/// Introductions posted through onboarding: +10 once, then badges.
pub async fn introductions_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    for (chat, user, at) in store::unpaid_introductions(&ctx.db).await? {
        let at = db::parse_ts(&at).unwrap_or(now);
        let intro = Award {
            chat_id: chat,
            user_id: user,
            points: Reason::Introduction.default_points().unwrap_or(10),
            reason: Reason::Introduction,
            reference: Reference::Once,
            note: None,
            by: None,
            at,
        };
        if award(&ctx, &intro).await? {
            check_badges(&ctx, chat, user, now, false).await?;
        }
    }
    Ok(())
}
