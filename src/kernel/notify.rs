//! Telling people things outside the chat they spoke in: a DM (a 403 marks
//! the user unreachable), and a community's admins (its log chat, else a DM
//! to each admin who started the bot).

use teloxide::types::ReplyMarkup;

use super::{Ctx, members::store as members, topics};
use crate::{
    db::Db,
    telegram::{
        HearthBot,
        send::{Failure, classify, send},
    },
};

/// Sends a DM; a 403 marks the user unreachable. `Ok(false)` when not sent.
pub async fn dm(
    bot: &HearthBot,
    ctx: &Ctx,
    user_id: i64,
    text: String,
    markup: Option<ReplyMarkup>,
) -> anyhow::Result<bool> {
    match send(bot, user_id, None, text, markup).await {
        Ok(_) => Ok(true),
        Err(err) => match classify(&err) {
            Failure::Unreachable | Failure::ChatGone => {
                members::mark_unreachable(&ctx.db, user_id, ctx.clock.now()).await?;
                Ok(false)
            }
            _ => Err(err.into()),
        },
    }
}

/// Where a message for a community's admins went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminsTold {
    LogChat,
    Dms(usize),
    Nobody,
}

/// Tells a community's admins something: in the log chat if one is set, else
/// as a DM to each admin who has started the bot.
pub async fn notify_admins(
    bot: &HearthBot,
    ctx: &Ctx,
    chat_id: i64,
    text: &str,
    markup: Option<ReplyMarkup>,
) -> anyhow::Result<AdminsTold> {
    if let Some(log) = log_chat(&ctx.db, chat_id).await? {
        // The log chat may be the group itself: then its log topic, if bound.
        let sent = if log == chat_id {
            topics::post(bot, ctx, chat_id, topics::TopicKind::Log, text.to_owned(), markup.clone()).await
        } else {
            send(bot, log, None, text.to_owned(), markup.clone()).await
        };
        match sent {
            Ok(_) => return Ok(AdminsTold::LogChat),
            Err(err) => tracing::warn!(chat_id, log, %err, "log chat unreachable; falling back to DMs"),
        }
    }
    let admins = ctx.admins.admins(bot, chat_id).await?;
    let mut told = 0;
    let mut ids: Vec<i64> = admins.ids.into_iter().filter(|id| *id != ctx.bot_id()).collect();
    ids.sort_unstable();
    for admin in ids {
        if members::dm_open(&ctx.db, admin).await?
            && dm(bot, ctx, admin, text.to_owned(), markup.clone()).await?
        {
            told += 1;
        }
    }
    Ok(if told > 0 { AdminsTold::Dms(told) } else { AdminsTold::Nobody })
}

/// The chat where a community's admins want to be told things.
pub async fn log_chat(db: &Db, chat_id: i64) -> sqlx::Result<Option<i64>> {
    sqlx::query_scalar("SELECT log_chat_id FROM log_chats WHERE chat_id = ?")
        .bind(chat_id)
        .fetch_optional(db)
        .await
}

pub async fn set_log_chat(db: &Db, chat_id: i64, log_chat_id: Option<i64>) -> sqlx::Result<()> {
    match log_chat_id {
        Some(log) => {
            sqlx::query(
                "INSERT INTO log_chats (chat_id, log_chat_id) VALUES (?, ?)
                 ON CONFLICT (chat_id) DO UPDATE SET log_chat_id = excluded.log_chat_id",
            )
            .bind(chat_id)
            .bind(log)
            .execute(db)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM log_chats WHERE chat_id = ?").bind(chat_id).execute(db).await?;
        }
    }
    Ok(())
}

/// Closes an admins' card (a report, an application) once it is decided:
/// its text with `verdict` below, its buttons gone. Best effort — the
/// decision stands even if Telegram refuses the edit (the card too old, the
/// message gone), which is only logged.
pub async fn close_card(bot: &HearthBot, card: &teloxide::types::Message, verdict: &str) {
    use teloxide::{
        prelude::*,
        types::{InlineKeyboardButton, InlineKeyboardMarkup},
    };
    let original = crate::telegram::html::escape(card.text().unwrap_or(""));
    // Escaped HTML: cut so that no entity (&amp;) or tag is split.
    let text = crate::telegram::html::truncate_html(
        &format!("{original}\n\n{verdict}"),
        crate::telegram::html::MAX_TEXT,
    );
    let edited = crate::telegram::send::retrying(|| {
        bot.edit_message_text(card.chat.id, card.id, text.clone())
            .reply_markup(InlineKeyboardMarkup::new(Vec::<Vec<InlineKeyboardButton>>::new()))
            .send()
    })
    .await;
    if let Err(err) = edited {
        tracing::debug!(chat_id = card.chat.id.0, message_id = card.id.0, %err, "could not close the card");
    }
}
