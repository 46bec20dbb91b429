//! Badges: their names, unlocking the ones a member's progress now earns,
//! and the job that announces new badges in the group.

use std::{collections::BTreeMap, sync::Arc};

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, UserId};

use super::{
    logic::{self, Badge, MemberProgress},
    store,
};
use crate::{
    i18n::Lang,
    kernel::{Ctx, HandlerResult, format, lang::chat_lang, topics},
    t,
    telegram::{
        html,
        send::{Failure, classify},
    },
};

/// The localized name of a badge.
pub fn badge_name(lang: Lang, badge: Badge) -> String {
    crate::i18n::named(lang, "badge", badge.as_str())
}

/// Unlocks the badges a member's totals now earn (announced later, with the
/// chat's other new badges, by the announce job; once: the badge table's key).
pub async fn check_badges(
    ctx: &Ctx,
    chat: ChatId,
    user: UserId,
    at: DateTime<Utc>,
    just_posted: bool,
) -> HandlerResult {
    let mut p = store::progress(&ctx.db, chat, user).await?;
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
        best_answers: count(p.best_answers),
    };
    for badge in logic::badges_earned(&progress) {
        store::unlock(&ctx.db, chat, user, badge, at).await?;
    }
    Ok(())
}

/// Posts the badges unlocked since the last tick: one message per chat, a
/// line per member, so a busy day never floods a group or waits on its send
/// limit inside a handler.
pub async fn announce_badges_job(ctx: Arc<Ctx>, _now: DateTime<Utc>) -> anyhow::Result<()> {
    let pending = store::unannounced(&ctx.db, 1000).await?;
    let mut by_chat: BTreeMap<ChatId, BTreeMap<UserId, Vec<Badge>>> = BTreeMap::new();
    for (chat, user, badge) in &pending {
        by_chat.entry(*chat).or_default().entry(*user).or_default().push(*badge);
    }
    for (chat, members) in by_chat {
        let chat_id = chat.0;
        let lang = chat_lang(&ctx, chat_id).await;
        let mut lines = Vec::new();
        for (user, badges) in &members {
            let names = badges.iter().map(|b| badge_name(lang, *b)).collect::<Vec<_>>().join(", ");
            let name = format::mention_of(&ctx, user.0 as i64).await;
            lines.push(t!(lang, "badge-unlocked", name = name, badges = names, count = badges.len()));
        }
        let text = html::fit_lines("", &lines, |n| t!(lang, "list-more", count = n));
        let posted = topics::post(&ctx.bot, &ctx, chat_id, topics::TopicKind::Digest, text, None).await;
        match posted {
            Ok(_) => {}
            Err(err) if classify(&err) == Failure::ChatGone => {}
            Err(err) => {
                tracing::warn!(chat_id, %err, "could not announce badges; next tick");
                continue;
            }
        }
        store::mark_announced(&ctx.db, chat_id).await?;
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
    fn given_badges_have_names_too() {
        for lang in Lang::ALL {
            for badge in Badge::every() {
                assert!(!badge_name(lang, badge).starts_with("badge-"), "{badge} in {}", lang.code());
            }
        }
        assert_eq!(badge_name(Lang::En, Badge::Founder), "🏛 Founder");
    }
}
