//! `/trust` (admins, gated in the tree): a member's level and why, or an
//! admin's choice — `leader`, or `auto` back to the computed level.

use std::sync::Arc;

use teloxide::types::{Message, UserId};

use super::{
    levels,
    logic::{Choice, Level},
    store, texts,
};
use crate::{
    kernel::{Ctx, HandlerResult, format, lang::lang_of, members},
    t,
    telegram::{HearthBot, command::Command, html, send::reply},
};

/// Whom `/trust` is about, as written: the replied-to sender, or the first
/// argument; and the level word after it.
pub(super) struct Asked<'a> {
    pub(super) who: Who<'a>,
    pub(super) word: Option<&'a str>,
}

pub(super) enum Who<'a> {
    Replied(UserId),
    Named(&'a str),
}

pub(super) fn asked<'a>(msg: &'a Message, args: &'a str) -> Option<Asked<'a>> {
    let replied = msg.reply_to_message().filter(|r| r.forum_topic_created().is_none());
    if let Some(replied) = replied {
        let user = replied.from.as_ref().filter(|_| replied.sender_chat.is_none())?;
        let word = Some(args.trim()).filter(|w| !w.is_empty());
        return Some(Asked { who: Who::Replied(user.id), word });
    }
    let args = args.trim();
    let (first, rest) = args.split_once(char::is_whitespace).unwrap_or((args, ""));
    if first.is_empty() {
        return None;
    }
    // Everything after the name is the level word: "leader extra" is unknown.
    Some(Asked { who: Who::Named(first), word: Some(rest.trim()).filter(|w| !w.is_empty()) })
}

/// The user a name stands for: `@username` the bot has met, or a numeric id.
pub(super) async fn resolve(ctx: &Ctx, who: &Who<'_>) -> anyhow::Result<Option<UserId>> {
    Ok(match who {
        Who::Replied(id) => Some(*id),
        Who::Named(name) => match name.strip_prefix('@') {
            Some(username) => members::user_by_username(&ctx.db, username).await?,
            None => name.parse::<u64>().ok().filter(|id| *id > 0).map(UserId),
        },
    })
}

/// `/trust @user|reply [leader|auto]`.
pub async fn trust(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(asked) = asked(&msg, &cmd.args) else {
        reply(&bot, &msg, t!(lang, "trust-usage")).await?;
        return Ok(());
    };
    let choice = match asked.word.map(|w| w.to_lowercase().parse::<Choice>()) {
        None => None,
        Some(Ok(choice)) => Some(choice),
        Some(Err(_)) => {
            let word = html::escape(&html::truncate(asked.word.unwrap_or_default(), 32));
            reply(&bot, &msg, t!(lang, "trust-unknown-level", word = word)).await?;
            return Ok(());
        }
    };
    let chat = msg.chat.id;
    let target = match resolve(&ctx, &asked.who).await? {
        Some(user) if members::is_present(&ctx.db, chat, user).await? => user,
        _ => {
            let who = match asked.who {
                Who::Named(name) => html::escape(&html::truncate(name, 40)),
                Who::Replied(id) => format::mention_of(&ctx, id.0 as i64).await,
            };
            reply(&bot, &msg, t!(lang, "trust-not-member", who = who)).await?;
            return Ok(());
        }
    };
    let name = format::mention_of(&ctx, target.0 as i64).await;
    let Some(by) = msg.from.as_ref().map(|u| u.id) else { return Ok(()) };
    match choice {
        None => {}
        Some(Choice::Leader) => store::choose(&ctx.db, chat, target, Level::Leader, by, msg.date).await?,
        Some(Choice::Auto) => {
            store::unchoose(&ctx.db, chat, target).await?;
        }
    }
    let Some(standing) = levels::standing(&ctx, chat, target, msg.date).await? else {
        reply(&bot, &msg, t!(lang, "trust-not-member", who = name)).await?;
        return Ok(());
    };
    let text = match choice {
        None => texts::explain(lang, &name, &standing),
        Some(Choice::Leader) => {
            format!(
                "{}\n{}",
                t!(lang, "trust-chosen-leader", name = &name),
                texts::explain(lang, &name, &standing)
            )
        }
        Some(Choice::Auto) => {
            format!(
                "{}\n{}",
                t!(lang, "trust-chosen-auto", name = &name),
                texts::explain(lang, &name, &standing)
            )
        }
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}
