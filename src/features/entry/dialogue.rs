//! The applicant's DM: the bot writes first (Telegram allows it through
//! `user_chat_id` while the request is pending), asks the chat's entry
//! question, and takes the answer (or, in customers mode, an access code)
//! as a kernel dialogue; the answer goes to the admins as an application.

use teloxide::types::{ChatJoinRequest, Message, UserId};

use super::{applications, codes, logic, store, texts};
use crate::{
    kernel::{
        Ctx, HandlerResult,
        dialogues::{self, Dialogue},
        lang::lang_of,
        notify,
    },
    t,
    telegram::{HearthBot, send::reply},
};

/// The kind of the entry dialogue (its data: the request's id).
pub const DIALOGUE: &str = "entry";

/// Asks the applicant the chat's question in their DM (`code_hint`: they
/// may prove they are a customer instead). When Telegram will not let the
/// bot write, the application goes to the admins without an answer.
pub async fn ask(
    bot: &HearthBot,
    ctx: &Ctx,
    req: &ChatJoinRequest,
    request: &store::Request,
    code_hint: bool,
) -> HandlerResult {
    let chat = req.chat.id;
    let lang = texts::applicant_lang(ctx, &req.from, chat).await;
    let title = texts::chat_title(ctx, chat).await;
    let question = texts::question(ctx, chat, lang).await?;
    let text = if code_hint {
        t!(lang, "entry-ask-customer", chat = title, question = question)
    } else {
        t!(lang, "entry-ask", chat = title, question = question)
    };
    let dialogue = Dialogue {
        user_id: req.from.id.0 as i64,
        kind: DIALOGUE.into(),
        chat_id: chat.0,
        step: "answer".into(),
        data: request.request_id.to_string(),
    };
    // Before the question, so that a quick answer finds it.
    dialogues::set_dialogue(&ctx.db, &dialogue, req.date).await?;
    if !notify::dm(bot, ctx, req.user_chat_id.0, text, None).await? {
        dialogues::clear_dialogue(&ctx.db, dialogue.user_id).await?;
        applications::post(bot, ctx, request, &req.from, None).await?;
    }
    Ok(())
}

/// A DM while the entry dialogue is open: the answer (or a code).
pub async fn on_dialogue_message(bot: &HearthBot, ctx: &Ctx, msg: &Message, d: Dialogue) -> HandlerResult {
    let lang = lang_of(ctx, msg).await;
    let Some(user) = msg.from.as_ref() else { return Ok(()) };
    let request = match d.data.parse::<i64>() {
        Ok(id) => store::request(&ctx.db, id).await?,
        Err(_) => None,
    };
    let Some(request) = request.filter(|r| r.status() == logic::Status::Pending) else {
        dialogues::clear_dialogue(&ctx.db, d.user_id).await?;
        reply(bot, msg, t!(lang, "entry-request-closed")).await?;
        return Ok(());
    };
    let Some(text) = msg.text() else {
        reply(bot, msg, t!(lang, "entry-reask")).await?;
        return Ok(());
    };
    if super::mode_of(ctx, request.chat()).await? == logic::Mode::Customers
        && ctx.config.secret.is_some()
        && logic::looks_like_code(text)
    {
        return codes::redeem(bot, ctx, msg, user, text).await;
    }
    let Some(answer) = logic::clean_answer(text) else {
        reply(bot, msg, t!(lang, "entry-reask")).await?;
        return Ok(());
    };
    store::set_answer(&ctx.db, request.request_id, &answer).await?;
    dialogues::clear_dialogue(&ctx.db, d.user_id).await?;
    applications::post(bot, ctx, &request, user, Some(&answer)).await?;
    let title = texts::chat_title(ctx, request.chat()).await;
    reply(bot, msg, t!(lang, "entry-answer-thanks", chat = title)).await?;
    Ok(())
}

/// Closes the user's entry dialogue (for `request_id` only, when given).
pub async fn close(ctx: &Ctx, user: UserId, request_id: Option<i64>) -> HandlerResult {
    let user_id = user.0 as i64;
    let Some(d) = dialogues::dialogue(&ctx.db, user_id).await? else { return Ok(()) };
    if d.kind == DIALOGUE && request_id.is_none_or(|id| d.data == id.to_string()) {
        dialogues::clear_dialogue(&ctx.db, user_id).await?;
    }
    Ok(())
}
