//! Points handlers and jobs: thin — parse, authorize, call logic and the
//! store, reply.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use teloxide::types::{Message, MessageKind};

use super::{
    logic::{self, Badge, MemberProgress, Reason, Reference, TopPeriod},
    store::{self, Award},
};
use crate::{
    db,
    features::{ideas, referrals},
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult, format,
        lang::{chat_lang, lang_of},
        topics::{self},
    },
    t,
    telegram::{HearthBot, command::Command, html, send::reply},
};

/// How many rows /top lists.
const TOP_N: usize = 10;
/// The most an admin may give or take with one /give.
const MAX_GIFT: i64 = 100_000;

/// The localized name of a badge.
pub fn badge_name(lang: Lang, badge: Badge) -> String {
    crate::i18n::text(lang, &format!("badge-{}", badge.as_str().replace('_', "-")), None)
}

/// Pays an award once; `true` when it was new.
/// Who already got today's first-message point (per process; the ledger's
/// unique key stays the guarantee across restarts). Bounded: forgets
/// earlier days.
#[derive(Default)]
pub struct State {
    daily: std::sync::Mutex<DailySeen>,
}

/// The day, and the (chat, member) pairs already paid for it.
type DailySeen = (Option<chrono::NaiveDate>, std::collections::HashSet<(i64, i64)>);

impl State {
    /// `true` the first time this process sees the member post on `day`.
    pub fn first_message_today(&self, chat_id: i64, user_id: i64, day: chrono::NaiveDate) -> bool {
        let Ok(mut daily) = self.daily.lock() else { return true };
        if daily.0 != Some(day) {
            if daily.0.is_some_and(|d| d > day) {
                // A late (back-dated) message: let the ledger decide.
                return true;
            }
            *daily = (Some(day), std::collections::HashSet::new());
        }
        daily.1.insert((chat_id, user_id))
    }
}

pub async fn award(ctx: &Ctx, a: &Award) -> anyhow::Result<bool> {
    let paid = store::award(&ctx.db, a).await?;
    if paid {
        tracing::debug!(
            chat_id = a.chat_id,
            user_id = a.user_id,
            points = a.points,
            reason = a.reason.as_str(),
            reference = %a.reference,
            "points awarded"
        );
    }
    Ok(paid)
}

/// Unlocks the badges a member's totals now earn and announces the new ones
/// in the group (once: the badge table's key).
pub async fn check_badges(
    ctx: &Ctx,
    chat_id: i64,
    user_id: i64,
    at: DateTime<Utc>,
    just_posted: bool,
) -> HandlerResult {
    let mut p = store::progress(&ctx.db, chat_id, user_id).await?;
    // The message being handled is counted a moment later (with the update's
    // done mark): include it here.
    if just_posted {
        p.messages = p.messages.max(1);
        let today = at.date_naive();
        if !p.active_days.contains(&today) {
            p.active_days.push(today);
            p.active_days.sort_unstable();
        }
    }
    let count = |n: i64| u32::try_from(n.max(0)).unwrap_or(u32::MAX);
    let progress = MemberProgress {
        messages: count(p.messages),
        introduced: p.introduced,
        helpful_answers: count(p.helpful_answers),
        qualified_referrals: count(p.qualified_referrals),
        longest_streak_days: logic::longest_streak(&p.active_days),
        ideas_done: count(p.ideas_done),
    };
    for badge in logic::badges_earned(&progress) {
        // Announced later, with the chat's other new badges (announce_badges_job).
        store::unlock(&ctx.db, chat_id, user_id, badge, at).await?;
    }
    Ok(())
}

/// Posts the badges unlocked since the last tick: one message per chat, a
/// line per member, so a busy day never floods a group or waits on its send
/// limit inside a handler.
pub async fn announce_badges_job(ctx: Arc<Ctx>, _now: DateTime<Utc>) -> anyhow::Result<()> {
    let pending = store::unannounced(&ctx.db, 1000).await?;
    let mut by_chat: std::collections::BTreeMap<i64, std::collections::BTreeMap<i64, Vec<Badge>>> =
        std::collections::BTreeMap::new();
    for (chat_id, user_id, badge) in &pending {
        by_chat.entry(*chat_id).or_default().entry(*user_id).or_default().push(*badge);
    }
    for (chat_id, members) in by_chat {
        let lang = chat_lang(&ctx, chat_id).await;
        let mut lines = Vec::new();
        for (user_id, badges) in &members {
            let names = badges.iter().map(|b| badge_name(lang, *b)).collect::<Vec<_>>().join(", ");
            let name = format::mention_of(&ctx, *user_id).await;
            lines.push(t!(lang, "badge-unlocked", name = name, badges = names, count = badges.len()));
        }
        let text = crate::telegram::html::fit_lines("", &lines, |n| t!(lang, "list-more", count = n));
        let posted = topics::post(&ctx.bot, &ctx, chat_id, topics::TopicKind::Digest, text, None).await;
        match posted {
            Ok(_) => {}
            Err(err) if crate::telegram::send::classify(&err) == crate::telegram::send::Failure::ChatGone => {
            }
            Err(err) => {
                tracing::warn!(chat_id, %err, "could not announce badges; next tick");
                continue;
            }
        }
        store::mark_announced(&ctx.db, chat_id).await?;
    }
    Ok(())
}

/// Every group message from a member: the day's first message (+1) and a
/// thank-you reply (+5 to the member thanked, once per thanker per message).
pub async fn on_group_message(ctx: &Ctx, msg: &Message) -> HandlerResult {
    let Some(user) = &msg.from else { return Ok(()) };
    if user.is_bot || msg.sender_chat.is_some() || !matches!(msg.kind, MessageKind::Common(_)) {
        return Ok(());
    }
    let chat_id = msg.chat.id.0;
    let user_id = user.id.0 as i64;
    let mut changed = Vec::new();
    // The day's first-message point: remembered in memory so that only the
    // first message of a member's day costs a write.
    let day = msg.date.date_naive();
    let first_today = ctx.state::<State>().first_message_today(chat_id, user_id, day);
    let daily = Award {
        chat_id,
        user_id,
        points: Reason::DailyFirstMessage.default_points().unwrap_or(1),
        reason: Reason::DailyFirstMessage,
        reference: Reference::Day(msg.date.date_naive()),
        note: None,
        by: None,
        at: msg.date,
    };
    if first_today && award(ctx, &daily).await? {
        changed.push(user_id);
    }
    let thanks = msg.text().or_else(|| msg.caption()).is_some_and(logic::is_thanks);
    if thanks
        && let Some(replied) = msg.reply_to_message()
        && matches!(replied.kind, MessageKind::Common(_))
        && replied.sender_chat.is_none()
        && let Some(author) = &replied.from
    {
        let thanked = author.id.0 as i64;
        if logic::helpful_answer_award(user_id, thanked, author.is_bot) {
            let helpful = Award {
                chat_id,
                user_id: thanked,
                points: Reason::HelpfulAnswer.default_points().unwrap_or(5),
                reason: Reason::HelpfulAnswer,
                reference: Reference::Message { chat_id, message_id: replied.id.0, thanker: user_id },
                note: None,
                by: Some(user_id),
                at: msg.date,
            };
            if award(ctx, &helpful).await? {
                changed.push(thanked);
            }
        }
    }
    for member in changed {
        check_badges(ctx, chat_id, member, msg.date, member == user_id).await?;
    }
    Ok(())
}

/// Introductions posted through onboarding: +10 once, then badges.
pub async fn introductions_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    for (chat_id, user_id, at) in store::unpaid_introductions(&ctx.db).await? {
        let at = db::parse_ts(&at).unwrap_or(now);
        let intro = Award {
            chat_id,
            user_id,
            points: Reason::Introduction.default_points().unwrap_or(10),
            reason: Reason::Introduction,
            reference: Reference::Once,
            note: None,
            by: None,
            at,
        };
        if award(&ctx, &intro).await? {
            check_badges(&ctx, chat_id, user_id, now, false).await?;
        }
    }
    Ok(())
}

/// `/me`: points, rank, badges, member since, messages, referrals.
pub async fn me(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(user) = &msg.from else { return Ok(()) };
    let chat_id = msg.chat.id.0;
    let user_id = user.id.0 as i64;
    let points = store::total(&ctx.db, chat_id, user_id).await?;
    let board = store::leaderboard(&ctx.db, chat_id, None).await?;
    let rank = logic::rank_of(&board, user_id).map(|r| t!(lang, "me-rank", rank = r)).unwrap_or_default();
    let badges = store::badges(&ctx.db, chat_id, user_id).await?;
    let badges = if badges.is_empty() {
        t!(lang, "me-no-badges")
    } else {
        badges.iter().map(|b| badge_name(lang, *b)).collect::<Vec<_>>().join(", ")
    };
    let member = store::member(&ctx.db, chat_id, user_id).await?.unwrap_or_default();
    let since = member
        .since
        .as_deref()
        .and_then(db::parse_ts)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "—".to_owned());
    let refs = referrals::store::counts(&ctx.db, chat_id, user_id).await?;
    let text = t!(
        lang,
        "me-card",
        name = html::name(&user.first_name, user.last_name.as_deref()),
        points = points,
        rank = rank,
        badges = badges,
        since = since,
        messages = member.message_count,
        qualified = refs.qualified,
        pending = refs.pending
    );
    let warnings = crate::features::moderation::me_line(&ctx, lang, chat_id, user_id, msg.date).await?;
    let text = format!("{text}\n{warnings}");
    reply(&bot, &msg, text).await?;
    Ok(())
}

/// `/top [week|month|all]`: the top 10 and the caller's rank.
pub async fn top(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Ok(period) = TopPeriod::parse_arg(&cmd.args) else {
        reply(&bot, &msg, t!(lang, "top-usage")).await?;
        return Ok(());
    };
    let chat_id = msg.chat.id.0;
    let board = store::leaderboard(&ctx.db, chat_id, period.since(msg.date)).await?;
    let header = match period {
        TopPeriod::Week => t!(lang, "top-header-week"),
        TopPeriod::Month => t!(lang, "top-header-month"),
        TopPeriod::All => t!(lang, "top-header-all"),
    };
    let mut out = vec![header];
    if board.is_empty() {
        out.push(t!(lang, "top-empty"));
    }
    let shown = &board[..board.len().min(TOP_N)];
    for ((user_id, points), rank) in shown.iter().zip(logic::competition_ranks(shown)) {
        out.push(t!(
            lang,
            "top-row",
            rank = rank,
            name = format::mention_of(&ctx, *user_id).await,
            points = *points
        ));
    }
    if let Some(user) = &msg.from {
        let user_id = user.id.0 as i64;
        let mine = board.iter().find(|(u, _)| *u == user_id).map(|(_, p)| *p);
        out.push(String::new());
        out.push(match (logic::rank_of(&board, user_id), mine) {
            (Some(rank), Some(points)) => t!(lang, "top-you", rank = rank, points = points),
            _ => t!(lang, "top-you-none"),
        });
    }
    reply(&bot, &msg, out.join("\n")).await?;
    Ok(())
}

/// `/give <n> [reason]` in reply to a member's message (admins; negative takes).
pub async fn give(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(admin) = &msg.from else { return Ok(()) };
    let (amount, note) = match cmd.args.split_once(char::is_whitespace) {
        Some((n, rest)) => (n, rest.trim()),
        None => (cmd.args.as_str(), ""),
    };
    let amount =
        amount.trim_start_matches('+').parse::<i64>().ok().filter(|n| *n != 0 && n.abs() <= MAX_GIFT);
    let Some(amount) = amount else {
        reply(&bot, &msg, t!(lang, "give-usage", max = MAX_GIFT)).await?;
        return Ok(());
    };
    let target = msg.reply_to_message().filter(|r| r.sender_chat.is_none()).and_then(|r| r.from.as_ref());
    let Some(target) = target.filter(|u| !u.is_bot) else {
        reply(&bot, &msg, t!(lang, "give-usage", max = MAX_GIFT)).await?;
        return Ok(());
    };
    let chat_id = msg.chat.id.0;
    let target_id = target.id.0 as i64;
    if target_id == admin.id.0 as i64 {
        reply(&bot, &msg, t!(lang, "give-not-self")).await?;
        return Ok(());
    }
    let note = html::truncate(note, 200);
    let gift = Award {
        chat_id,
        user_id: target_id,
        points: amount,
        reason: Reason::AdminGift,
        reference: Reference::Command(msg.id.0),
        note: (!note.is_empty()).then(|| note.clone()),
        by: Some(admin.id.0 as i64),
        at: msg.date,
    };
    if !award(&ctx, &gift).await? {
        // The same /give delivered twice: already done and answered.
        return Ok(());
    }
    tracing::info!(chat_id, admin = admin.id.0, target_id, amount, note = %note, "admin gave points");
    let total = store::total(&ctx.db, chat_id, target_id).await?;
    let name = html::mention(target_id, &target.first_name, target.last_name.as_deref());
    let signed = if amount > 0 { format!("+{amount}") } else { amount.to_string() };
    let reason = if note.is_empty() { String::new() } else { format!(" — {}", html::escape(&note)) };
    reply(&bot, &msg, t!(lang, "give-done", name = name, points = signed, reason = reason, total = total))
        .await?;
    Ok(())
}

/// Once a week per chat: the most helpful member and the top referrers of
/// the past seven days. Keyed by the ISO week, so restarts never repeat it.
pub async fn weekly_digest_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    let week = logic::iso_week_key(now, Tz::UTC);
    for chat_id in store::active_groups(&ctx.db).await? {
        if !ctx.chat_settings(chat_id).await?.bool("weekly_digest") {
            continue;
        }
        if !db::claim_once(&ctx.db, &format!("points-digest:{chat_id}:{week}"), now).await? {
            continue;
        }
        let since = now - Duration::days(7);
        let helpful = store::most_helpful(&ctx.db, chat_id, since, now).await?;
        let referrers = referrals::store::top_referrers(&ctx.db, chat_id, Some((since, now)), 3).await?;
        let lang = chat_lang(&ctx, chat_id).await;
        let taken_up = ideas::digest_lines(&ctx, chat_id, lang, since, now).await?;
        if helpful.is_none() && referrers.is_empty() && taken_up.is_empty() {
            continue;
        }
        let mut out = vec![t!(lang, "digest-header")];
        if let Some((user_id, thanks)) = helpful {
            out.push(t!(
                lang,
                "digest-helpful",
                name = format::mention_of(&ctx, user_id).await,
                count = thanks
            ));
        }
        if !referrers.is_empty() {
            out.push(t!(lang, "digest-referrers"));
            for r in &referrers {
                out.push(t!(
                    lang,
                    "digest-referrer-row",
                    name = format::mention_of(&ctx, r.referrer_id).await,
                    count = r.qualified
                ));
            }
        }
        out.extend(taken_up);
        let digest = out.join("\n");
        if let Err(err) = topics::post(&ctx.bot, &ctx, chat_id, topics::TopicKind::Digest, digest, None).await
        {
            tracing::warn!(chat_id, %err, "could not post the weekly digest");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_badge_has_a_name_in_both_languages() {
        for lang in Lang::ALL {
            for badge in Badge::ALL {
                let name = badge_name(lang, *badge);
                assert!(!name.starts_with("badge-"), "{badge} has no name in {}", lang.code());
            }
        }
        assert_eq!(badge_name(Lang::Ru, Badge::Ambassador), "🌟 Амбассадор");
    }

    #[test]
    fn points_are_pluralized_in_russian() {
        let rows = [(1, "1 балл"), (3, "3 балла"), (11, "11 баллов"), (21, "21 балл")];
        for (n, want) in rows {
            let text = t!(Lang::Ru, "top-you", rank = 1, points = n);
            assert!(text.contains(want), "{text}");
        }
    }
}
