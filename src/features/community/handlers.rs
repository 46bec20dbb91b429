//! Handlers: thin — extract, authorize, call the store, reply.

use std::sync::Arc;

use teloxide::{
    prelude::*,
    types::{BotCommand, BotCommandScope, ChatMemberUpdated, Message, MessageKind},
};

use super::{
    logic::{self, MemberChange},
    store::{self, BotRights, JoinKind, SeenMessage},
};
use crate::{
    app::Ctx,
    features,
    i18n::Lang,
    settings::{self, SettingError},
    t,
    telegram::{
        HearthBot,
        command::{Access, Command, Place},
        html,
        send::reply,
    },
};

pub type HandlerResult = anyhow::Result<()>;

/// The language to answer `msg` in: the user's in a DM, the chat's in a group.
pub async fn lang_of(ctx: &Ctx, msg: &Message) -> Lang {
    if msg.chat.is_private() {
        let code = msg.from.as_ref().and_then(|u| u.language_code.as_deref());
        Lang::for_user(code, ctx.config.default_lang)
    } else {
        chat_lang(ctx, msg.chat.id.0).await
    }
}

pub async fn chat_lang(ctx: &Ctx, chat_id: i64) -> Lang {
    match ctx.chat_settings(chat_id).await {
        Ok(s) if s.is_set("lang") => s.lang(),
        _ => ctx.config.default_lang,
    }
}

/// The language for a DM to a user the bot has met.
pub async fn user_lang(ctx: &Ctx, user_id: i64) -> Lang {
    let code: Option<String> = sqlx::query_scalar("SELECT language_code FROM users WHERE user_id = ?")
        .bind(user_id)
        .fetch_optional(&ctx.db)
        .await
        .ok()
        .flatten();
    Lang::for_user(code.as_deref(), ctx.config.default_lang)
}

/// Runs first for every message: records the chat, the sender, the member
/// and the message itself. Never fails the update: errors are logged.
pub async fn track_message(ctx: Arc<Ctx>, msg: Arc<Message>, slot: MessageSlot) {
    for attempt in 1..=4u64 {
        match track(&ctx, &msg).await {
            Ok(seen) => {
                slot.put(seen);
                return;
            }
            Err(err) if attempt < 4 => {
                tracing::warn!(chat_id = msg.chat.id.0, %err, attempt, "tracking failed; retrying");
                tokio::time::sleep(std::time::Duration::from_millis(50 * attempt)).await;
            }
            Err(err) => tracing::error!(chat_id = msg.chat.id.0, %err, "tracking failed"),
        }
    }
}

/// Records the chat and the sender (a write only when something changed) and
/// returns the group message to count. Counting is left to the ingestion's
/// flusher, which writes it in the same transaction as the update's done mark.
async fn track(ctx: &Ctx, msg: &Message) -> sqlx::Result<Option<SeenMessage>> {
    let at = msg.date;
    let seen = &ctx.state.community;
    if seen.chat_changed(&msg.chat) {
        store::upsert_chat(&ctx.db, &msg.chat, at).await?;
    }
    let Some(user) = &msg.from else { return Ok(None) };
    if seen.user_changed(user) {
        store::upsert_user(&ctx.db, user, at).await?;
    }
    if msg.chat.is_private() {
        if !user.is_bot {
            store::mark_dm_open(&ctx.db, user.id.0 as i64).await?;
        }
        return Ok(None);
    }
    // Service messages about joins and leaves are recorded by `on_join_message`.
    if user.is_bot || msg.sender_chat.is_some() || !matches!(msg.kind, MessageKind::Common(_)) {
        return Ok(None);
    }
    let reply = msg.reply_to_message();
    let seen = SeenMessage {
        chat_id: msg.chat.id.0,
        message_id: msg.id.0,
        user_id: user.id.0 as i64,
        at,
        thread_id: msg.thread_id.map(|t| t.0.0),
        reply_to_message_id: reply.map(|r| r.id.0),
        reply_to_user_id: reply.and_then(|r| r.from.as_ref()).map(|u| u.id.0 as i64),
        is_question: msg.text().or(msg.caption()).is_some_and(crate::features::stats::logic::is_question),
    };
    Ok(Some(seen))
}

/// Hands a group message from the handler tree to the ingestion, which
/// records it with the update's done mark (one transaction for many updates).
#[derive(Clone, Default)]
pub struct MessageSlot(Arc<std::sync::Mutex<Option<SeenMessage>>>);

impl MessageSlot {
    fn put(&self, seen: Option<SeenMessage>) {
        if let Ok(mut slot) = self.0.lock() {
            *slot = seen;
        }
    }

    pub fn take(&self) -> Option<SeenMessage> {
        self.0.lock().ok().and_then(|mut s| s.take())
    }
}

/// What the bot last wrote about each chat and user, so that a message from
/// someone already known costs no write. Bounded: cleared when it grows large.
#[derive(Default)]
pub struct State {
    chats: std::sync::Mutex<std::collections::HashMap<i64, u64>>,
    users: std::sync::Mutex<std::collections::HashMap<i64, u64>>,
}

const SEEN_CAP: usize = 200_000;

fn fingerprint(value: &impl std::hash::Hash) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault};
    BuildHasherDefault::<std::collections::hash_map::DefaultHasher>::default().hash_one(value)
}

fn changed(map: &std::sync::Mutex<std::collections::HashMap<i64, u64>>, id: i64, print: u64) -> bool {
    let Ok(mut map) = map.lock() else { return true };
    if map.get(&id) == Some(&print) {
        return false;
    }
    if map.len() >= SEEN_CAP {
        map.clear();
    }
    map.insert(id, print);
    true
}

impl State {
    /// `true` when the chat is new to this process or its title, username or
    /// kind changed.
    pub fn chat_changed(&self, chat: &teloxide::types::Chat) -> bool {
        changed(&self.chats, chat.id.0, fingerprint(chat))
    }

    /// `true` when the user is new to this process or their name, username or
    /// language changed.
    pub fn user_changed(&self, user: &teloxide::types::User) -> bool {
        changed(&self.users, user.id.0 as i64, fingerprint(user))
    }
}

/// What a join or a leave means to the features after the community store.
pub struct MemberEvent {
    pub chat_id: i64,
    pub user: teloxide::types::User,
    pub at: chrono::DateTime<chrono::Utc>,
    pub kind: JoinKind,
    pub invite_link: Option<teloxide::types::ChatInviteLink>,
}

/// chat_member: joins, leaves, promotions. Returns the join when it is one
/// the features should react to (not a duplicate, not a bot).
pub async fn on_chat_member(ctx: &Ctx, upd: &ChatMemberUpdated) -> anyhow::Result<Option<MemberEvent>> {
    let chat_id = upd.chat.id.0;
    let user = &upd.new_chat_member.user;
    let user_id = user.id.0 as i64;
    store::upsert_chat(&ctx.db, &upd.chat, upd.date).await?;
    store::upsert_user(&ctx.db, user, upd.date).await?;
    let change = logic::member_change(&upd.old_chat_member.kind, &upd.new_chat_member.kind);
    if matches!(change, MemberChange::Promoted | MemberChange::Demoted)
        || upd.old_chat_member.is_privileged()
        || upd.new_chat_member.is_privileged()
    {
        ctx.admins.invalidate(chat_id);
    }
    match change {
        MemberChange::Joined => {
            let link = upd.invite_link.as_ref().map(|l| l.invite_link.as_str());
            let kind = store::record_join(&ctx.db, chat_id, user_id, upd.date, link).await?;
            store::set_member_status(
                &ctx.db,
                chat_id,
                user_id,
                logic::status_word(&upd.new_chat_member.kind),
            )
            .await?;
            if kind == JoinKind::Duplicate || user.is_bot {
                return Ok(None);
            }
            Ok(Some(MemberEvent {
                chat_id,
                user: user.clone(),
                at: upd.date,
                kind,
                invite_link: upd.invite_link.clone(),
            }))
        }
        MemberChange::Left => {
            store::record_leave(
                &ctx.db,
                chat_id,
                user_id,
                upd.date,
                logic::status_word(&upd.new_chat_member.kind),
            )
            .await?;
            Ok(None)
        }
        _ => {
            store::touch_member(&ctx.db, chat_id, user_id, upd.date).await?;
            store::set_member_status(
                &ctx.db,
                chat_id,
                user_id,
                logic::status_word(&upd.new_chat_member.kind),
            )
            .await?;
            Ok(None)
        }
    }
}

/// new_chat_members / left_chat_member service messages: the same facts as
/// chat_member updates (which arrive only while the bot is an admin).
pub async fn on_join_message(ctx: &Ctx, msg: &Message) -> anyhow::Result<Vec<MemberEvent>> {
    let chat_id = msg.chat.id.0;
    let mut events = Vec::new();
    if let Some(users) = msg.new_chat_members() {
        for user in users {
            store::upsert_user(&ctx.db, user, msg.date).await?;
            if user.id == ctx.me.user.id {
                continue;
            }
            let kind = store::record_join(&ctx.db, chat_id, user.id.0 as i64, msg.date, None).await?;
            if kind != JoinKind::Duplicate && !user.is_bot {
                events.push(MemberEvent {
                    chat_id,
                    user: user.clone(),
                    at: msg.date,
                    kind,
                    invite_link: None,
                });
            }
        }
    }
    if let Some(user) = msg.left_chat_member()
        && user.id != ctx.me.user.id
    {
        store::record_leave(&ctx.db, chat_id, user.id.0 as i64, msg.date, "left").await?;
    }
    Ok(events)
}

/// my_chat_member: the bot was added, removed, promoted or demoted.
pub async fn on_my_chat_member(bot: HearthBot, ctx: Arc<Ctx>, upd: ChatMemberUpdated) -> HandlerResult {
    let chat_id = upd.chat.id.0;
    store::upsert_chat(&ctx.db, &upd.chat, upd.date).await?;
    store::upsert_user(&ctx.db, &upd.from, upd.date).await?;
    if upd.chat.is_private() {
        // The user blocked (kicked) or unblocked (member) the bot.
        let user_id = upd.chat.id.0;
        if upd.new_chat_member.is_present() {
            store::mark_dm_open(&ctx.db, user_id).await?;
        } else {
            store::mark_unreachable(&ctx.db, user_id, upd.date).await?;
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
    store::set_bot_status(&ctx.db, chat_id, &rights, upd.date).await?;
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

/// A group became a supergroup: everything moves to the new id. Telegram
/// sends `migrate_to` in the old chat and `migrate_from` in the new one;
/// whichever comes first moves the data, the other finds nothing to move.
pub async fn on_migration(ctx: &Ctx, msg: &Message) -> HandlerResult {
    let (from, to) = if let Some(to) = msg.migrate_to_chat_id() {
        (msg.chat.id.0, to.0)
    } else if let Some(from) = msg.migrate_from_chat_id() {
        (from.0, msg.chat.id.0)
    } else {
        return Ok(());
    };
    tracing::info!(from, to, "chat migrated to a supergroup; moving its data");
    crate::db::move_chat(&ctx.db, from, to).await?;
    ctx.settings.forget(from);
    ctx.settings.forget(to);
    ctx.admins.invalidate(from);
    Ok(())
}

/// Whether `user` is in the chat: as far as the database knows, else as
/// Telegram's getChatMember says (a member who never spoke is unknown to the
/// bot; a confirmed one is remembered). Bots and unreachable answers are
/// treated as not members.
pub async fn is_member(
    bot: &HearthBot,
    ctx: &Ctx,
    chat_id: i64,
    user: &teloxide::types::User,
    at: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<bool> {
    let user_id = user.id.0 as i64;
    if user.is_bot {
        return Ok(false);
    }
    if store::is_present(&ctx.db, chat_id, user_id).await? {
        return Ok(true);
    }
    let asked =
        crate::telegram::send::retrying(|| bot.get_chat_member(ChatId(chat_id), user.id).send()).await;
    match asked {
        Ok(member) if member.is_present() => {
            store::upsert_user(&ctx.db, user, at).await?;
            store::touch_member(&ctx.db, chat_id, user_id, at).await?;
            Ok(true)
        }
        Ok(_) => Ok(false),
        Err(err) => {
            tracing::info!(chat_id, user_id, %err, "could not check a user's membership");
            Ok(false)
        }
    }
}

/// Replies with a localized refusal unless the sender is an admin of the chat.
pub async fn require_admin(bot: &HearthBot, ctx: &Ctx, msg: &Message) -> anyhow::Result<bool> {
    if msg.chat.is_private() {
        let lang = lang_of(ctx, msg).await;
        reply(bot, msg, t!(lang, "error-group-only")).await?;
        return Ok(false);
    }
    if ctx.admins.sender_is_admin(bot, msg).await {
        return Ok(true);
    }
    let lang = lang_of(ctx, msg).await;
    reply(bot, msg, t!(lang, "error-admin-only")).await?;
    Ok(false)
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
        features::commands()
            .filter(|c| c.access == Access::Member && fits(c.place))
            .map(|c| line(c.name, c.help)),
    );
    if admin {
        out.push(String::new());
        out.push(t!(lang, "help-admin-header"));
        out.extend(features::commands().filter(|c| c.access == Access::Admin).map(|c| line(c.name, c.help)));
    } else if private {
        out.push(String::new());
        out.push(t!(lang, "help-private-note"));
    }
    reply(&bot, &msg, out.join("\n")).await?;
    Ok(())
}

pub async fn show_settings(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    if !require_admin(&bot, &ctx, &msg).await? {
        return Ok(());
    }
    let lang = lang_of(&ctx, &msg).await;
    let current = ctx.chat_settings(msg.chat.id.0).await?;
    let lines: Vec<String> = settings::registry()
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
    if !require_admin(&bot, &ctx, &msg).await? {
        return Ok(());
    }
    let lang = lang_of(&ctx, &msg).await;
    let keys = settings::registry().map(|d| d.key).collect::<Vec<_>>().join(", ");
    let Some((key, value)) = cmd.args.split_once(char::is_whitespace) else {
        reply(&bot, &msg, t!(lang, "set-usage", keys = keys)).await?;
        return Ok(());
    };
    let key = key.to_lowercase();
    let result = match settings::find(&key) {
        None => Err(SettingError::UnknownKey),
        Some(def) => settings::canonical(def, value),
    };
    match result {
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
    }
    Ok(())
}

/// A plain /start in DM: the chats the user shares with the bot, and what
/// the bot does for them.
pub async fn start_plain(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(user) = &msg.from else { return Ok(()) };
    let chats = store::shared_chats(&ctx.db, user.id.0 as i64).await?;
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
        features::commands()
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

/// Sends a DM; a 403 marks the user unreachable. `Ok(false)` when not sent.
pub async fn dm(
    bot: &HearthBot,
    ctx: &Ctx,
    user_id: i64,
    text: String,
    markup: Option<teloxide::types::ReplyMarkup>,
) -> anyhow::Result<bool> {
    use crate::telegram::send::{Failure, classify, send};
    match send(bot, user_id, None, text, markup).await {
        Ok(_) => Ok(true),
        Err(err) => match classify(&err) {
            Failure::Unreachable | Failure::ChatGone => {
                store::mark_unreachable(&ctx.db, user_id, ctx.clock.now()).await?;
                Ok(false)
            }
            _ => Err(err.into()),
        },
    }
}

/// `/setlogchat <chat id | @username | off>` in the community group: where
/// reports, check-in answers and the moderation log go. The bot proves it
/// can post there before saving it.
pub async fn set_log_chat(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    if !require_admin(&bot, &ctx, &msg).await? {
        return Ok(());
    }
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    let arg = cmd.args.trim();
    if arg.is_empty() {
        let current = match store::log_chat(&ctx.db, chat_id).await? {
            Some(id) => format!("<code>{id}</code>"),
            None => t!(lang, "logchat-none"),
        };
        reply(&bot, &msg, t!(lang, "logchat-usage", current = current)).await?;
        return Ok(());
    }
    if arg.eq_ignore_ascii_case("off") {
        store::set_log_chat(&ctx.db, chat_id, None).await?;
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
    let title = html::escape(msg.chat.title().unwrap_or(""));
    // The log chat's id is known only from the answer (it may be an @username).
    let hello = t!(lang, "logchat-hello", chat = title);
    let probe =
        crate::telegram::send::paced(&bot, 0, || bot.send_message(target.clone(), hello.clone()).send())
            .await;
    match probe {
        Ok(sent) => {
            store::set_log_chat(&ctx.db, chat_id, Some(sent.chat.id.0)).await?;
            reply(&bot, &msg, t!(lang, "logchat-set", id = sent.chat.id.0.to_string())).await?;
        }
        Err(err) => {
            tracing::info!(chat_id, %err, "log chat refused");
            reply(&bot, &msg, t!(lang, "logchat-cannot-post")).await?;
        }
    }
    Ok(())
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
    markup: Option<teloxide::types::ReplyMarkup>,
) -> anyhow::Result<AdminsTold> {
    use crate::telegram::send::send;
    if let Some(log) = store::log_chat(&ctx.db, chat_id).await? {
        // The log chat may be the group itself: then its log topic, if bound.
        let sent = if log == chat_id {
            let kind = features::topics::TopicKind::Log;
            features::topics::post(bot, ctx, chat_id, kind, text.to_owned(), markup.clone()).await
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
    let mut ids: Vec<i64> = admins.ids.into_iter().filter(|id| *id != ctx.me.user.id.0 as i64).collect();
    ids.sort_unstable();
    for admin in ids {
        if store::dm_open(&ctx.db, admin).await?
            && dm(bot, ctx, admin, text.to_owned(), markup.clone()).await?
        {
            told += 1;
        }
    }
    Ok(if told > 0 { AdminsTold::Dms(told) } else { AdminsTold::Nobody })
}
