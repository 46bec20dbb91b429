//! A chat's entry texts — its question (`/setentryquestion`) and the link a
//! refused applicant gets (`/setentrylink`) — and the small things every
//! entry message needs: the chat's title, the applicant's language.

use std::sync::Arc;

use teloxide::types::{ChatId, Message, User};

use super::{logic, store};
use crate::{
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult,
        lang::{chat_lang, lang_of},
        members,
    },
    t,
    telegram::{HearthBot, command::Command, html, send::reply},
};

/// The chat's title, escaped for HTML.
pub async fn chat_title(ctx: &Ctx, chat: ChatId) -> String {
    let title = members::chat_title(&ctx.db, chat.0).await.ok().flatten().unwrap_or_default();
    html::escape(&title)
}

/// An applicant's language: theirs when the bot speaks it, else the chat's.
pub async fn applicant_lang(ctx: &Ctx, user: &User, chat: ChatId) -> Lang {
    Lang::for_user(user.language_code.as_deref(), chat_lang(ctx, chat.0).await)
}

/// The entry question, escaped: the chat's own, else the default.
pub async fn question(ctx: &Ctx, chat: ChatId, lang: Lang) -> anyhow::Result<String> {
    Ok(match store::question(&ctx.db, chat).await? {
        Some(q) => html::escape(&q),
        None => t!(lang, "entry-default-question"),
    })
}

/// `/setentryquestion <text>`: the question applicants answer; `reset` for
/// the default; alone, shows the current one.
pub async fn set_question(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat = msg.chat.id;
    let arg = cmd.args.trim();
    if arg.is_empty() {
        let current = question(&ctx, chat, lang).await?;
        reply(&bot, &msg, t!(lang, "entry-question-usage", question = current)).await?;
        return Ok(());
    }
    if arg.eq_ignore_ascii_case("reset") {
        store::set_question(&ctx.db, chat, None).await?;
        let current = t!(lang, "entry-default-question");
        reply(&bot, &msg, t!(lang, "entry-question-set", question = current)).await?;
        return Ok(());
    }
    if arg.chars().count() > logic::MAX_QUESTION {
        reply(&bot, &msg, t!(lang, "entry-question-too-long", max = logic::MAX_QUESTION)).await?;
        return Ok(());
    }
    store::set_question(&ctx.db, chat, Some(arg)).await?;
    reply(&bot, &msg, t!(lang, "entry-question-set", question = html::escape(arg))).await?;
    Ok(())
}

/// `/setentrylink <url>`: where a refused applicant can become a customer;
/// `off` to drop it; alone, shows it.
pub async fn set_link(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat = msg.chat.id;
    let arg = cmd.args.trim();
    if arg.is_empty() {
        let current = match store::refusal_link(&ctx.db, chat).await? {
            Some(url) => html::escape(&url),
            None => t!(lang, "entry-link-none"),
        };
        reply(&bot, &msg, t!(lang, "entry-link-usage", url = current)).await?;
        return Ok(());
    }
    if arg.eq_ignore_ascii_case("off") {
        store::set_refusal_link(&ctx.db, chat, None).await?;
        reply(&bot, &msg, t!(lang, "entry-link-off")).await?;
        return Ok(());
    }
    let valid =
        url::Url::parse(arg).ok().filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some());
    let Some(url) = valid else {
        reply(&bot, &msg, t!(lang, "entry-link-bad", value = html::escape(&html::truncate(arg, 64)))).await?;
        return Ok(());
    };
    store::set_refusal_link(&ctx.db, chat, Some(url.as_str())).await?;
    reply(&bot, &msg, t!(lang, "entry-link-set", url = html::escape(url.as_str()))).await?;
    Ok(())
}
