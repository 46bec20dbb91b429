//! The community's own commands: /help, a plain /start, /settings, /set,
//! /setlogchat, the bot's greeting when it is added, and setMyCommands.

use std::sync::Arc;

use teloxide::{
    prelude::*,
    types::{BotCommand, BotCommandScope, ChatMemberUpdated, Message},
};

use crate::{
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult,
        lang::{chat_lang, lang_of},
        members::{
            logic::{self, MemberChange},
            store::{self as members, BotRights},
        },
        notify,
    },
    settings::SettingError,
    t,
    telegram::{
        HearthBot,
        command::{Access, Command, Place},
        html,
        send::reply,
    },
};

/// my_chat_member: the bot was added, removed, promoted or demoted.
pub async fn on_my_chat_member(bot: HearthBot, ctx: Arc<Ctx>, upd: ChatMemberUpdated) -> HandlerResult {
    let chat_id = upd.chat.id.0;
    members::upsert_chat(&ctx.db, &upd.chat, upd.date).await?;
    members::upsert_user(&ctx.db, &upd.from, upd.date).await?;
    if upd.chat.is_private() {
        // The user blocked (kicked) or unblocked (member) the bot.
        let user_id = upd.chat.id.0;
        if upd.new_chat_member.is_present() {
            members::mark_dm_open(&ctx.db, user_id).await?;
        } else {
            members::mark_unreachable(&ctx.db, user_id, upd.date).await?;
        }
        return Ok(());
    }
    let new = &upd.new_chat_member;
    let rights = BotRights {
        status: logic::status_word(&new.kind),
        can_restrict: new.kind.can_restrict_members(),
        can_delete: new.kind.can_delete_messages(),
        can_invite: match &new.kind {
            teloxide::types::ChatMemberKind::Owner(_) => true,
            teloxide::types::ChatMemberKind::Administrator(a) => a.can_invite_users,
            _ => false,
        },
    };
    members::set_bot_status(&ctx.db, chat_id, &rights, upd.date).await?;
    ctx.admins.invalidate(chat_id);
    let lang = chat_lang(&ctx, chat_id).await;
    let change = logic::member_change(&upd.old_chat_member.kind, &new.kind);
    let text = match change {
        MemberChange::Joined if new.is_privileged() => Some(t!(lang, "bot-added-admin")),
        MemberChange::Joined => Some(t!(lang, "bot-added-member")),
        MemberChange::Promoted => Some(t!(lang, "bot-promoted")),
        _ => None,
    };
    if let Some(text) = text
        && let Err(err) = crate::telegram::send::send(&bot, chat_id, None, text, None).await
    {
        tracing::warn!(chat_id, %err, "could not greet the chat");
    }
    Ok(())
}

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
    if admin {
        out.push(String::new());
        out.push(t!(lang, "help-admin-header"));
        out.extend(
            ctx.catalog.commands().filter(|c| c.access == Access::Admin).map(|c| line(c.name, c.help)),
        );
    } else if private {
        out.push(String::new());
        out.push(t!(lang, "help-private-note"));
    }
    reply(&bot, &msg, out.join("\n")).await?;
    Ok(())
}

pub async fn show_settings(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let current = ctx.chat_settings(msg.chat.id.0).await?;
    let lines: Vec<String> = ctx
        .settings
        .registry()
        .iter()
        .map(|def| {
            let value =
                if def.key == "lang" { lang.code().to_owned() } else { current.raw(def.key).to_owned() };
            format!(
                "<code>{}</code> = <b>{}</b> — {}",
                def.key,
                html::escape(&value),
                crate::i18n::text(lang, def.help, None)
            )
        })
        .collect();
    let header = t!(lang, "settings-header");
    let text = html::fit_lines(&header, &lines, |n| t!(lang, "list-more", count = n));
    reply(&bot, &msg, text).await?;
    Ok(())
}

pub async fn set(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let keys = ctx.settings.registry().iter().map(|d| d.key).collect::<Vec<_>>().join(", ");
    let Some((key, value)) = cmd.args.split_once(char::is_whitespace) else {
        reply(&bot, &msg, t!(lang, "set-usage", keys = keys)).await?;
        return Ok(());
    };
    let key = key.to_lowercase();
    let current = ctx.chat_settings(msg.chat.id.0).await?;
    match ctx.settings.registry().validate(&current, &key, value) {
        Ok(canonical) => {
            ctx.settings.set(&ctx.db, msg.chat.id.0, &key, &canonical).await?;
            let lang = chat_lang(&ctx, msg.chat.id.0).await;
            reply(
                &bot,
                &msg,
                t!(lang, "set-done", key = html::escape(&key), value = html::escape(&canonical)),
            )
            .await?;
        }
        Err(SettingError::UnknownKey) => {
            let key = html::escape(&html::truncate(&key, 64));
            reply(&bot, &msg, t!(lang, "set-unknown-key", key = key, keys = keys)).await?;
        }
        Err(SettingError::BadValue { expected }) => {
            let value = html::escape(&html::truncate(value.trim(), 64));
            reply(
                &bot,
                &msg,
                t!(lang, "set-bad-value", key = key, value = value, expected = html::escape(&expected)),
            )
            .await?;
        }
        Err(SettingError::OutOfOrder { other, bound, above }) => {
            let value = html::escape(&html::truncate(value.trim(), 64));
            let text = if above {
                t!(lang, "set-must-be-above", key = key, value = value, other = other, bound = bound)
            } else {
                t!(lang, "set-must-be-below", key = key, value = value, other = other, bound = bound)
            };
            reply(&bot, &msg, text).await?;
        }
    }
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
