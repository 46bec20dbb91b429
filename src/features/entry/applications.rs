//! Applications to join, for the admins: who asks (name, @username, what the
//! registry knows) and their answer, posted where the admins are told things
//! (the log chat, else their DMs) with Approve / Decline buttons — which act
//! once, and only for an admin of that chat who may invite users.

use std::sync::Arc;

use teloxide::{
    prelude::*,
    types::{InlineKeyboardButton, InlineKeyboardMarkup, ReplyMarkup, User},
};

use super::{
    buttons::EntryButton,
    dialogue,
    logic::{How, Status},
    store::{self, Request},
    texts,
    verdicts::{self, Outcome},
};
use crate::{
    features::customers::store as customers,
    i18n::Lang,
    kernel::{Ctx, HandlerResult, access::Refusal, format, lang::chat_lang, members, notify, toast},
    t,
    telegram::{HearthBot, auth::AdminRight, callback::Button, html},
};

/// Posts the application to the chat's admins.
pub async fn post(
    bot: &HearthBot,
    ctx: &Ctx,
    request: &Request,
    user: &User,
    answer: Option<&str>,
) -> HandlerResult {
    let chat = request.chat();
    let lang = chat_lang(ctx, chat.0).await;
    let username = match &user.username {
        Some(u) => format!("@{}", html::escape(u)),
        None => "—".to_owned(),
    };
    let mut lines = vec![
        t!(lang, "entry-application", chat = texts::chat_title(ctx, chat).await),
        t!(lang, "entry-application-who", name = html::mention_user(user), username = username),
    ];
    let customer = match customers::linked_to(&ctx.db, user.id).await? {
        Some(c) => Some(c),
        None => customers::by_telegram_id(&ctx.db, user.id).await?,
    };
    if let Some(c) = customer {
        let id = html::escape(&c.customer_id);
        lines.push(if c.is_customer_on(ctx.clock.now().date_naive()) {
            t!(lang, "entry-application-customer", id = id)
        } else {
            t!(lang, "entry-application-churned", id = id)
        });
    }
    lines.push(match answer {
        Some(a) => t!(lang, "entry-application-answer", answer = html::escape(a)),
        None => t!(lang, "entry-application-no-answer"),
    });
    let text = lines.join("\n");
    let told = notify::notify_admins(bot, ctx, chat.0, &text, Some(markup(lang, request.request_id))).await?;
    if told == notify::AdminsTold::Nobody {
        tracing::warn!(chat_id = chat.0, "an application reached no admin: set a log chat, or start the bot");
    }
    store::mark_posted(&ctx.db, request.request_id, ctx.clock.now()).await?;
    Ok(())
}

fn markup(lang: Lang, request_id: i64) -> ReplyMarkup {
    let row = vec![
        InlineKeyboardButton::callback(
            t!(lang, "entry-button-approve"),
            EntryButton::Approve { request_id }.encode(),
        ),
        InlineKeyboardButton::callback(
            t!(lang, "entry-button-decline"),
            EntryButton::Decline { request_id }.encode(),
        ),
    ];
    ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new(vec![row]))
}

/// What became of a request that is no longer pending, for an admin who
/// presses its button late.
async fn already(ctx: &Ctx, lang: Lang, request: &Request) -> String {
    let admin = match request.decided_by {
        Some(id) => format::mention_of(ctx, id).await,
        None => String::new(),
    };
    match (request.status(), request.how()) {
        (Status::Approved, Some(How::Admin)) => t!(lang, "entry-already-approved-by", admin = admin),
        (Status::Approved, _) => t!(lang, "entry-already-approved-customer"),
        (Status::Declined, Some(How::Admin)) => t!(lang, "entry-already-declined-by", admin = admin),
        (Status::Declined, _) => t!(lang, "entry-already-declined"),
        (Status::Expired, _) => t!(lang, "entry-already-expired"),
        (Status::Gone, _) => t!(lang, "entry-already-withdrawn"),
        (Status::Pending, _) => t!(lang, "entry-failed"),
    }
}

/// Approve / Decline under an application.
pub async fn on_button(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    q: CallbackQuery,
    button: EntryButton,
) -> HandlerResult {
    let Some(request) = store::request(&ctx.db, button.request_id()).await? else {
        return toast::stale(&bot, &ctx, &q).await;
    };
    let chat = request.chat();
    let lang = chat_lang(&ctx, chat.0).await;
    let presser = q.from.id;
    // A button is no command: the tree's gate does not apply, so it is checked here.
    if !ctx.admins.is_admin(&bot, chat.0, presser.0 as i64).await {
        return toast::alert(&bot, &q, t!(lang, "entry-admins-only")).await;
    }
    let right = AdminRight::InviteUsers;
    if !ctx.admins.has_right(&bot, chat.0, presser.0 as i64, right).await {
        return toast::alert(&bot, &q, Refusal::LacksRight(right).text(lang)).await;
    }
    if request.status() != Status::Pending {
        return toast::alert(&bot, &q, already(&ctx, lang, &request).await).await;
    }
    let approve = matches!(button, EntryButton::Approve { .. });
    let outcome = verdicts::decide(&ctx, &request, approve, How::Admin, Some(presser)).await?;
    let admin = format::mention_of(&ctx, presser.0 as i64).await;
    let verdict = match outcome {
        Outcome::Taken => {
            let now = store::request(&ctx.db, request.request_id).await?.unwrap_or(request);
            return toast::alert(&bot, &q, already(&ctx, lang, &now).await).await;
        }
        Outcome::NoRight => return toast::alert(&bot, &q, t!(lang, "entry-no-right-alert")).await,
        Outcome::Failed => return toast::alert(&bot, &q, t!(lang, "entry-failed")).await,
        Outcome::Withdrawn => {
            toast::alert(&bot, &q, t!(lang, "entry-already-withdrawn")).await?;
            t!(lang, "entry-card-withdrawn")
        }
        Outcome::Done if approve => {
            toast::toast(&bot, &q, t!(lang, "entry-approved")).await?;
            t!(lang, "entry-card-approved", admin = admin)
        }
        Outcome::Done => {
            toast::toast(&bot, &q, t!(lang, "entry-declined")).await?;
            t!(lang, "entry-card-declined", admin = admin)
        }
    };
    dialogue::close(&ctx, request.user(), Some(request.request_id)).await?;
    if outcome == Outcome::Done {
        tell_applicant(&ctx, &request, approve).await?;
    }
    if let Some(card) = q.regular_message() {
        notify::close_card(&bot, card, &verdict).await;
    }
    Ok(())
}

/// The admins' decision, to the applicant (if they wrote to the bot: after
/// the decision Telegram lets it write only to those who did).
async fn tell_applicant(ctx: &Ctx, request: &Request, approved: bool) -> HandlerResult {
    let user_id = request.user_id;
    if !members::dm_open(&ctx.db, user_id).await? {
        return Ok(());
    }
    let lang = crate::kernel::lang::user_lang(ctx, user_id).await;
    let title = texts::chat_title(ctx, request.chat()).await;
    let text = if approved {
        t!(lang, "entry-applicant-approved", chat = title)
    } else {
        t!(lang, "entry-applicant-declined", chat = title)
    };
    notify::dm(&ctx.bot, ctx, user_id, text, None).await?;
    Ok(())
}
