//! How numbers, people and messages are written in the bot's messages, the
//! same in every feature.

use teloxide::types::Message;

use super::{Ctx, members::store as members};
use crate::i18n::Lang;
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
    if n == 0 { "0".to_owned() } else { with_sign(n < 0, &n.unsigned_abs().to_string()) }
}

/// A number already written out (`12`, `4,5 %`) with its sign, by the same
/// rule as `signed`: "+" or the ASCII "-".
pub fn with_sign(negative: bool, body: &str) -> String {
    if negative { format!("-{body}") } else { format!("+{body}") }
}

/// A number with `decimals` places, in the language's style (a decimal comma
/// in Russian).
pub fn fmt_num(value: f64, decimals: usize, lang: Lang) -> String {
    let s = format!("{value:.decimals$}");
    match lang {
        Lang::Ru => s.replace('.', ","),
        Lang::En => s,
    }
}

/// A percentage with one decimal when it is small, none when it is large.
pub fn fmt_pct(value: Option<f64>, lang: Lang) -> String {
    match value {
        None => "—".to_owned(),
        Some(v) if v.abs() < 10.0 && v.fract().abs() > f64::EPSILON => format!("{} %", fmt_num(v, 1, lang)),
        Some(v) => format!("{} %", fmt_num(v, 0, lang)),
    }
}

/// A signed percentage (`+40 %`, `-12 %`).
pub fn fmt_signed_pct(value: f64, lang: Lang) -> String {
    with_sign(value < 0.0, &fmt_pct(Some(value.abs()), lang))
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
