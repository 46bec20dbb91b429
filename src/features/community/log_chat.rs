//! /setlogchat: where a community's reports and logs go — only a chat the
//! admin administers too, or their own DM, checked with Telegram first.

use std::sync::Arc;

use teloxide::{prelude::*, types::Message};

use crate::{
    kernel::{Ctx, HandlerResult, lang::lang_of, notify},
    t,
    telegram::{HearthBot, command::Command, html, send::reply},
};

/// `/setlogchat <chat id | @username | off>` in the community group: where
/// reports, check-in answers and the moderation log go. The bot proves it
/// can post there before saving it.
pub async fn set_log_chat(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    let arg = cmd.args.trim();
    if arg.is_empty() {
        let current = match notify::log_chat(&ctx.db, chat_id).await? {
            Some(id) => format!("<code>{id}</code>"),
            None => t!(lang, "logchat-none"),
        };
        reply(&bot, &msg, t!(lang, "logchat-usage", current = current)).await?;
        return Ok(());
    }
    if arg.eq_ignore_ascii_case("off") {
        notify::set_log_chat(&ctx.db, chat_id, None).await?;
        reply(&bot, &msg, t!(lang, "logchat-off")).await?;
        return Ok(());
    }
    let target = if let Some(name) = arg.strip_prefix('@') {
        teloxide::types::Recipient::ChannelUsername(format!("@{name}"))
    } else {
        match arg.parse::<i64>() {
            Ok(id) if id != chat_id => teloxide::types::Recipient::Id(ChatId(id)),
            _ => {
                reply(&bot, &msg, t!(lang, "logchat-bad", value = html::escape(&html::truncate(arg, 64))))
                    .await?;
                return Ok(());
            }
        }
    };
    // Reports carry names, messages and action buttons: they may go only
    // where the admin asking is an admin too, or to their own DM. Checked
    // with Telegram before anything is posted there.
    let log_chat = match log_chat_allowed(&bot, &msg, target).await {
        Ok(id) => id,
        Err(refusal) => {
            tracing::info!(chat_id, ?refusal, "log chat refused");
            let key = match refusal {
                LogChatRefusal::Unreachable => "logchat-cannot-post",
                LogChatRefusal::NotAdminThere => "logchat-not-admin-there",
                LogChatRefusal::SomeoneElsesDm => "logchat-not-your-dm",
            };
            reply(&bot, &msg, crate::i18n::text(lang, key, None)).await?;
            return Ok(());
        }
    };
    let title = html::escape(msg.chat.title().unwrap_or(""));
    let hello = t!(lang, "logchat-hello", chat = title);
    match crate::telegram::send::send(&bot, log_chat, None, hello, None).await {
        Ok(sent) => {
            notify::set_log_chat(&ctx.db, chat_id, Some(sent.chat.id.0)).await?;
            reply(&bot, &msg, t!(lang, "logchat-set", id = sent.chat.id.0.to_string())).await?;
        }
        Err(err) => {
            tracing::info!(chat_id, %err, "log chat refused");
            reply(&bot, &msg, t!(lang, "logchat-cannot-post")).await?;
        }
    }
    Ok(())
}

/// Why a log chat was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LogChatRefusal {
    /// The bot cannot see that chat (wrong id, or it is not there).
    Unreachable,
    /// The admin asking is not an admin of that chat.
    NotAdminThere,
    /// A private chat, but not the admin's own.
    SomeoneElsesDm,
}

/// The id of the chat `target` names, if the sender of `msg` may send the
/// community's reports there: a group or channel where Telegram says they
/// are an admin too, or their own DM with the bot.
async fn log_chat_allowed(
    bot: &HearthBot,
    msg: &Message,
    target: teloxide::types::Recipient,
) -> Result<i64, LogChatRefusal> {
    use crate::telegram::send::retrying;
    let chat =
        retrying(|| bot.get_chat(target.clone()).send()).await.map_err(|_| LogChatRefusal::Unreachable)?;
    // An anonymous admin speaks as the group: Telegram does not say who it is.
    let Some(sender) = msg.from.as_ref().filter(|_| msg.sender_chat.is_none()) else {
        return Err(LogChatRefusal::NotAdminThere);
    };
    if chat.is_private() {
        return if chat.id.0 == sender.id.0 as i64 {
            Ok(chat.id.0)
        } else {
            Err(LogChatRefusal::SomeoneElsesDm)
        };
    }
    let member = retrying(|| bot.get_chat_member(chat.id, sender.id).send())
        .await
        .map_err(|_| LogChatRefusal::NotAdminThere)?;
    if member.is_privileged() { Ok(chat.id.0) } else { Err(LogChatRefusal::NotAdminThere) }
}
