//! How numbers, people and messages are written in the bot's messages, the
//! same in every feature.

use teloxide::types::Message;

use super::{Ctx, members::store as members};
use crate::{
    charts,
    telegram::{
        HearthBot, html,
        send::{send_photo, thread_of},
    },
};

/// A change or a score with its sign: "+5", "0", "-3" (one minus sign
/// everywhere, the ASCII one, so a message never mixes two).
pub fn signed(n: impl Into<i64>) -> String {
    let n = n.into();
    if n > 0 { format!("+{n}") } else { n.to_string() }
}

/// A clickable name for a user the bot has met (`#id` for one it has not).
pub async fn mention_of(ctx: &Ctx, user_id: i64) -> String {
    match members::user_name(&ctx.db, user_id).await {
        Ok(Some((first, last))) => html::mention(user_id, &first, last.as_deref()),
        _ => html::mention(user_id, &format!("#{user_id}"), None),
    }
}

/// A link to a message: `t.me/<username>/<id>` for a public group,
/// `t.me/c/<internal id>/<id>` for a private supergroup; `None` for a basic
/// group (its messages have no links).
pub fn message_link(chat_id: i64, username: Option<&str>, message_id: i64) -> Option<String> {
    if let Some(name) = username.filter(|u| !u.is_empty()) {
        return Some(format!("https://t.me/{name}/{message_id}"));
    }
    let internal = chat_id.checked_neg()?.checked_sub(1_000_000_000_000)?;
    (internal > 0 && message_id > 0).then(|| format!("https://t.me/c/{internal}/{message_id}"))
}

/// `message_link` for a chat the bot knows (its public username read from
/// the database).
pub async fn link_to_message(ctx: &Ctx, chat_id: i64, message_id: i64) -> Option<String> {
    let username = members::chat_username(&ctx.db, chat_id).await.ok().flatten();
    message_link(chat_id, username.as_deref(), message_id)
}

/// Draws a chart (off the async threads) and sends it as a photo in reply
/// to `msg`. A chart is an extra: failing to draw or send it is logged, and
/// the text that goes with it is sent all the same.
pub async fn send_chart(bot: &HearthBot, msg: &Message, panels: Vec<charts::Panel>, caption: &str) {
    let rendered = tokio::task::spawn_blocking(move || charts::line_chart(&panels)).await;
    match rendered {
        Ok(Ok(png)) => {
            if let Err(err) = send_photo(bot, msg.chat.id.0, thread_of(msg), png, caption).await {
                tracing::warn!(chat_id = msg.chat.id.0, %err, "could not send the chart");
            }
        }
        Ok(Err(err)) => tracing::warn!(chat_id = msg.chat.id.0, %err, "could not draw the chart"),
        Err(err) => tracing::warn!(chat_id = msg.chat.id.0, %err, "chart task failed"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs() {
        assert_eq!(signed(5), "+5");
        assert_eq!(signed(0), "0");
        assert_eq!(signed(-3i32), "-3");
        assert_eq!(signed(i64::MIN), i64::MIN.to_string());
    }

    #[test]
    fn links() {
        assert_eq!(message_link(-1001234567890, None, 42).as_deref(), Some("https://t.me/c/1234567890/42"));
        assert_eq!(message_link(-100100, Some("lounge"), 7).as_deref(), Some("https://t.me/lounge/7"));
        assert_eq!(message_link(-100100, None, 7), None);
        assert_eq!(message_link(i64::MIN, None, 7), None);
        assert_eq!(message_link(-1001234567890, None, -3), None);
    }
}
