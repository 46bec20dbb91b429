//! `/best`: an admin makes a member's message the best answer of the week;
//! and paying its author (here and for the week's thanks).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, Message, UserId};

use super::{logic, store};
use crate::{
    db,
    features::points::{
        self,
        logic::{Badge, Reason, Reference},
        store::Award,
    },
    i18n::Lang,
    kernel::{Ctx, HandlerResult, lang::lang_of},
    t,
    telegram::{
        HearthBot,
        command::Command,
        html,
        send::{reply, reply_to},
    },
};

/// `/best` in reply to a member's message (admins, in the group).
pub async fn best(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, _cmd: Command) -> HandlerResult {
    let Some(admin) = &msg.from else { return Ok(()) };
    let chat = msg.chat.id;
    // The same /best delivered twice: done and answered the first time.
    if !db::claim_once(&ctx.db, &format!("best:{}:{}", chat.0, msg.id.0), msg.date).await? {
        return Ok(());
    }
    let lang = lang_of(&ctx, &msg).await;
    // In a forum topic every message "replies" to the topic's first one.
    let topic_root = msg.thread_id.map(|t| t.0);
    let Some(answer) = msg.reply_to_message().filter(|r| Some(r.id) != topic_root) else {
        reply(&bot, &msg, t!(lang, "best-usage")).await?;
        return Ok(());
    };
    let author = answer.from.as_ref().filter(|u| answer.sender_chat.is_none() && !u.is_bot);
    let Some(author) = author else {
        reply(&bot, &msg, t!(lang, "best-not-a-member")).await?;
        return Ok(());
    };
    if author.id == admin.id {
        reply(&bot, &msg, t!(lang, "best-not-self")).await?;
        return Ok(());
    }
    let admin_id = Some(admin.id.0 as i64);
    if !store::choose(&ctx.db, chat.0, answer.id.0, author.id.0 as i64, admin_id, 0, msg.date).await? {
        reply(&bot, &msg, t!(lang, "best-already")).await?;
        return Ok(());
    }
    let best_answers = pay(&ctx, chat, author.id, answer.id.0, Some(admin.id), msg.date).await?;
    tracing::info!(chat_id = chat.0, admin = admin.id.0, author = author.id.0, "best answer chosen");
    let text = t!(
        lang,
        "best-chosen",
        name = html::mention_user(author),
        points = Reason::BestAnswer.default_points().unwrap_or(0),
        progress = progress(lang, best_answers)
    );
    reply_to(&bot, answer, text).await?;
    Ok(())
}

/// Pays a best answer's author once (the ledger's key is the message) and
/// unlocks the badges it earns; returns their best answers so far.
pub(super) async fn pay(
    ctx: &Ctx,
    chat: ChatId,
    author: UserId,
    message_id: i32,
    by: Option<UserId>,
    at: DateTime<Utc>,
) -> anyhow::Result<u32> {
    let award = Award {
        chat_id: chat,
        user_id: author,
        points: Reason::BestAnswer.default_points().unwrap_or(0),
        reason: Reason::BestAnswer,
        reference: Reference::Answer { chat_id: chat.0, message_id },
        note: None,
        by,
        at,
    };
    points::award(ctx, &award).await?;
    points::check_badges(ctx, chat, author, at, false).await?;
    let best_answers = points::store::awards(&ctx.db, chat, author, Reason::BestAnswer).await?;
    Ok(u32::try_from(best_answers.max(0)).unwrap_or(u32::MAX))
}

/// "2 more best answers for 🏆 …", or nothing once the badges are theirs.
fn progress(lang: Lang, best_answers: u32) -> String {
    match logic::toward_next_badge(best_answers) {
        Some(left) => {
            t!(lang, "best-progress", left = left, badge = points::badge_name(lang, Badge::ThreeBestAnswers))
        }
        None => String::new(),
    }
}
