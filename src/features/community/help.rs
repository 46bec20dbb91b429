//! What the bot offers: /help and a plain /start from every room's specs,
//! and the command menus (setMyCommands) for members and admins, en and ru.

use std::sync::Arc;

use teloxide::{
    prelude::*,
    types::{BotCommand, BotCommandScope, Message},
};

use crate::{
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult, access,
        lang::lang_of,
        members::store::{self as members},
    },
    t,
    telegram::{
        HearthBot,
        command::{Access, Place},
        html,
        send::reply,
    },
};

pub async fn help(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let private = msg.chat.is_private();
    let admin = !private && ctx.admins.sender_is_admin(&bot, &msg).await;
    let fits = |place: Place| match place {
        Place::Anywhere => true,
        Place::Group => !private,
        Place::Private => private,
    };
    let line = |name: &str, key: &str| format!("/{name} — {}", crate::i18n::text(lang, key, None));
    let mut out = vec![t!(lang, "help-member-header")];
    out.extend(
        ctx.catalog
            .commands()
            .filter(|c| c.access == Access::Member && fits(c.place))
            .map(|c| line(c.name, c.help)),
    );
    let moderator = !private
        && !admin
        && match &msg.from {
            Some(user) => access::is_community_moderator(&ctx, msg.chat.id, user.id, msg.date).await,
            None => false,
        };
    if moderator {
        out.push(String::new());
        out.push(t!(lang, "help-moderator-header"));
        out.extend(
            ctx.catalog.commands().filter(|c| c.access == Access::Moderator).map(|c| line(c.name, c.help)),
        );
    } else if admin {
        out.push(String::new());
        out.push(t!(lang, "help-admin-header"));
        out.extend(
            ctx.catalog.commands().filter(|c| c.access != Access::Member).map(|c| line(c.name, c.help)),
        );
    } else if private {
        out.push(String::new());
        out.push(t!(lang, "help-private-note"));
    }
    reply(&bot, &msg, out.join("\n")).await?;
    Ok(())
}

/// A plain /start in a DM (deep links go to their features): the chats the user shares with the bot, and what
/// the bot does for them.
pub async fn start(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(user) = &msg.from else { return Ok(()) };
    let chats = members::shared_chats(&ctx.db, user.id.0 as i64).await?;
    let mut out =
        vec![t!(lang, "start-hello", name = html::name(&user.first_name, user.last_name.as_deref()))];
    if chats.is_empty() {
        out.push(t!(lang, "start-no-chats"));
    } else {
        out.push(t!(lang, "start-your-chats"));
        out.extend(chats.iter().map(|(_, title)| format!("• {}", html::escape(title))));
    }
    out.push(String::new());
    out.push(t!(lang, "start-what-i-do"));
    reply(&bot, &msg, out.join("\n")).await?;
    Ok(())
}

/// setMyCommands: member commands for everyone, member + admin commands for
/// chat administrators, in English (the default) and Russian.
pub async fn register_commands(ctx: &Ctx) {
    let list = |lang: Lang, admin: bool, private: bool| -> Vec<BotCommand> {
        ctx.catalog
            .commands()
            .filter(|c| admin || c.access == Access::Member)
            .filter(|c| match c.place {
                Place::Anywhere => true,
                Place::Private => private,
                Place::Group => !private,
            })
            .map(|c| BotCommand::new(c.name, html::truncate(&crate::i18n::text(lang, c.help, None), 256)))
            .collect()
    };
    for lang in [None, Some(Lang::Ru)] {
        let l = lang.unwrap_or(Lang::En);
        let scopes = [
            (BotCommandScope::AllPrivateChats, list(l, false, true)),
            (BotCommandScope::AllGroupChats, list(l, false, false)),
            (BotCommandScope::AllChatAdministrators, list(l, true, false)),
        ];
        for (scope, commands) in scopes {
            let mut req = ctx.bot.set_my_commands(commands).scope(scope);
            if let Some(lang) = lang {
                req = req.language_code(lang.code());
            }
            if let Err(err) = req.await {
                tracing::warn!(%err, "setMyCommands failed");
            }
        }
    }
}
