//! `/raid` (show, on, off) and the admins' "End raid mode" button.

use std::sync::Arc;

use teloxide::types::{CallbackQuery, Message};

use super::{
    buttons::RaidButton,
    logic::{self, RaidArg},
    mode, store, texts,
};
use crate::{
    kernel::{
        Ctx, HandlerResult,
        access::Refusal,
        format,
        lang::{chat_lang, lang_of},
        notify, toast,
    },
    t,
    telegram::{HearthBot, auth::AdminRight, command::Command, send::reply},
};

/// `/raid`, `/raid on`, `/raid off` (admins with the right to restrict; the
/// tree's gate checked it).
pub async fn raid(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(arg) = logic::parse_arg(&cmd.args) else {
        reply(&bot, &msg, t!(lang, "raid-usage")).await?;
        return Ok(());
    };
    let chat_id = msg.chat.id.0;
    let admin = msg.from.as_ref().map(|u| u.id);
    let open = store::open_raid(&ctx.db, msg.chat.id).await?;
    match (arg, open) {
        (RaidArg::Show, open) => {
            let settings = ctx.chat_settings(chat_id).await?;
            reply(&bot, &msg, texts::state(&ctx, lang, open.as_ref(), &settings).await?).await?;
        }
        (RaidArg::On, Some(_)) => {
            reply(&bot, &msg, t!(lang, "raid-already-on")).await?;
        }
        (RaidArg::On, None) => {
            // The counted notice in the group is the answer.
            let (_, started) = mode::start(&bot, &ctx, chat_id, msg.date, admin).await?;
            if !started {
                reply(&bot, &msg, t!(lang, "raid-already-on")).await?;
            }
        }
        (RaidArg::Off, None) => {
            reply(&bot, &msg, t!(lang, "raid-not-on")).await?;
        }
        (RaidArg::Off, Some(raid)) => {
            // The summary in the group is the answer.
            if !mode::end(&bot, &ctx, &raid, admin, msg.date).await? {
                reply(&bot, &msg, t!(lang, "raid-not-on")).await?;
            }
        }
    }
    Ok(())
}

/// "End raid mode": for an admin of the raid's chat with the right to
/// restrict, once.
pub async fn on_button(bot: HearthBot, ctx: Arc<Ctx>, q: CallbackQuery, button: RaidButton) -> HandlerResult {
    let RaidButton::End { raid_id } = button;
    let Some(raid) = store::raid(&ctx.db, raid_id).await? else {
        return toast::stale(&bot, &ctx, &q).await;
    };
    let chat_id = raid.chat_id;
    let lang = chat_lang(&ctx, chat_id).await;
    let presser = q.from.id.0 as i64;
    // A button is no command: the tree's gate does not apply, so it is checked here.
    if !ctx.admins.is_admin(&bot, chat_id, presser).await {
        return toast::alert(&bot, &q, Refusal::AdminOnly.text(lang)).await;
    }
    let right = AdminRight::RestrictMembers;
    if !ctx.admins.has_right(&bot, chat_id, presser, right).await {
        return toast::alert(&bot, &q, Refusal::LacksRight(right).text(lang)).await;
    }
    if !raid.is_open() || !mode::end(&bot, &ctx, &raid, Some(q.from.id), ctx.clock.now()).await? {
        return toast::alert(&bot, &q, t!(lang, "raid-already-ended")).await;
    }
    toast::toast(&bot, &q, t!(lang, "raid-ended-toast")).await?;
    if let Some(card) = q.regular_message() {
        let admin = format::mention_of(&ctx, presser).await;
        notify::close_card(&bot, card, &t!(lang, "raid-ended-by", admin = admin)).await;
    }
    Ok(())
}
