//! `/start ref_<code>` in a DM: the newcomer opened someone's deep link —
//! remember who sent them (the first claim wins) and show the way in.

use teloxide::types::{ChatId, Message, UserId};

use super::{logic, store};
use crate::{
    kernel::{Ctx, HandlerResult, format, lang::lang_of, members},
    t,
    telegram::{HearthBot, html, send::reply},
};

/// `/start ref_<code>` in a DM: remember who sent this user, and show the
/// way into the chat.
pub async fn start_referral(bot: &HearthBot, ctx: &Ctx, msg: &Message, code: &str) -> HandlerResult {
    let lang = lang_of(ctx, msg).await;
    let Some(user) = &msg.from else { return Ok(()) };
    let decoded = logic::decode_code(code);
    let title = match decoded {
        Some((chat_id, _)) => members::chat_title(&ctx.db, chat_id).await?,
        None => None,
    };
    let (Some((chat_id, referrer_id)), Some(title)) = (decoded, title) else {
        reply(bot, msg, t!(lang, "ref-start-invalid")).await?;
        return Ok(());
    };
    let (chat, referrer) = (ChatId(chat_id), UserId(referrer_id as u64));
    let title = html::escape(&title);
    if referrer == user.id {
        reply(bot, msg, t!(lang, "ref-start-own", chat = title)).await?;
        return Ok(());
    }
    if members::is_present(&ctx.db, ChatId(chat_id), user.id).await? {
        reply(bot, msg, t!(lang, "ref-start-member", chat = title)).await?;
        return Ok(());
    }
    store::claim(&ctx.db, chat, user.id, referrer, msg.date).await?;
    let join = match store::link(&ctx.db, chat, referrer).await? {
        Some(url) => Some(url),
        None => store::chat_username(&ctx.db, chat_id).await?.map(|u| format!("https://t.me/{u}")),
    };
    let name = format::mention_of(ctx, referrer_id).await;
    let text = match join {
        Some(url) => t!(lang, "ref-start-ok", chat = title, name = name, url = html::escape(&url)),
        None => t!(lang, "ref-start-ok-nolink", chat = title, name = name),
    };
    reply(bot, msg, text).await?;
    Ok(())
}
