//! Moderation handlers: thin — parse, authorize, call logic and the store,
//! act on Telegram, log, reply. Plus the screening of every group message
//! (filters, antiflood, newcomer limits), which costs no SQL for an ordinary
//! message.

use std::{
    collections::{HashMap, HashSet},
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};

use chrono::{DateTime, Duration, Utc};
use teloxide::{
    RequestError,
    prelude::*,
    types::{
        ChatPermissions, InlineKeyboardButton, InlineKeyboardMarkup, MessageEntityKind, MessageOrigin,
        ReplyMarkup, UserId,
    },
};

use super::{
    buttons::ModerationButton,
    logic::{
        self, CompiledFilter, FilterAction, FilterError, FilterPattern, Flood, FloodWindow, ModAction,
        ReportChoice, WarnAction,
    },
    store::{self, LogEntry, NewReport, NewWarning, Unwarned, Warned},
};
use crate::{
    db,
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult,
        access::{Refusal, require_admin, require_right},
        format,
        lang::{chat_lang, lang_of},
        members::{self, MemberEvent},
        notify, toast,
    },
    settings::ChatSettings,
    t,
    telegram::{
        HearthBot,
        auth::{ANONYMOUS_ADMIN_BOT, AdminRight},
        callback::Button,
        command::Command,
        html,
        send::{Failure, classify, reply, reply_markup, retrying, send, send_if_free, thread_of},
    },
};

/// Bound on each in-memory map (members × chats); past it, idle entries go.
const STATE_CAP: usize = 100_000;

/// In-memory screening state, per chat and member.
#[derive(Default)]
pub struct State {
    /// Compiled filters per chat; dropped by /filter and /unfilter.
    filters: Mutex<HashMap<i64, Arc<Vec<CompiledFilter>>>>,
    floods: Mutex<Floods>,
    /// When each member joined (unix seconds), `None` when the bot never saw
    /// the join: loaded once per member, updated by joins.
    joins: Mutex<HashMap<(i64, i64), Option<i64>>>,
    /// Chats already told that a right is missing (once per process).
    told_no_rights: Mutex<HashSet<(i64, Right)>>,
    /// Log-chat posts spawned and not yet sent (bounded: the mod_log table
    /// is the record, the log chat a courtesy).
    log_backlog: Arc<AtomicUsize>,
}

impl State {
    fn cached_filters(&self, chat_id: i64) -> Option<Arc<Vec<CompiledFilter>>> {
        self.filters.lock().ok()?.get(&chat_id).cloned()
    }

    fn forget_filters(&self, chat_id: i64) {
        if let Ok(mut f) = self.filters.lock() {
            f.remove(&chat_id);
        }
    }

    fn flood_hit(&self, chat_id: i64, user_id: i64, at: i64, limit: u32, secs: i64) -> Flood {
        if limit == 0 {
            return Flood::Fine;
        }
        let Ok(mut floods) = self.floods.lock() else { return Flood::Fine };
        floods.prune(at);
        floods.windows.entry((chat_id, user_id)).or_default().hit(at, limit, secs)
    }

    fn flood_punish(&self, chat_id: i64, user_id: i64, until: i64) {
        if let Ok(mut floods) = self.floods.lock() {
            floods.windows.entry((chat_id, user_id)).or_default().punish(until);
        }
    }

    fn cached_join(&self, chat_id: i64, user_id: i64) -> Option<Option<i64>> {
        self.joins.lock().ok()?.get(&(chat_id, user_id)).copied()
    }

    fn remember_join(&self, chat_id: i64, user_id: i64, at: Option<i64>) {
        if let Ok(mut joins) = self.joins.lock() {
            if joins.len() >= STATE_CAP {
                joins.clear();
            }
            joins.insert((chat_id, user_id), at);
        }
    }

    /// `true` the first time a chat is found missing `right` in this process.
    fn first_no_rights(&self, chat_id: i64, right: Right) -> bool {
        self.told_no_rights.lock().map(|mut t| t.insert((chat_id, right))).unwrap_or(false)
    }

    /// The notice could not go out: a later miss may say it.
    fn untell_no_rights(&self, chat_id: i64, right: Right) {
        if let Ok(mut t) = self.told_no_rights.lock() {
            t.remove(&(chat_id, right));
        }
    }
}

/// Flood windows of the members who posted lately.
#[derive(Default)]
struct Floods {
    windows: HashMap<(i64, i64), FloodWindow>,
    /// Size at which idle windows are next dropped (grows when most are
    /// busy, so pruning stays rare).
    prune_at: usize,
}

/// Windows idle this long (the longest `flood_seconds`) decide nothing.
const FLOOD_IDLE_SECS: i64 = 300;

impl Floods {
    fn prune(&mut self, at: i64) {
        let threshold = self.prune_at.max(10_000);
        if self.windows.len() < threshold {
            return;
        }
        self.windows.retain(|_, w| w.last().is_some_and(|l| at - l < FLOOD_IDLE_SECS));
        if self.windows.len() >= STATE_CAP {
            self.windows.clear();
        }
        self.prune_at = (self.windows.len() * 2).max(10_000);
    }
}

/// The admin right an action needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Right {
    Restrict,
    Ban,
    Delete,
}

/// Why a moderation command did nothing; each maps to a localized reply.
#[derive(Debug, thiserror::Error)]
enum ModError {
    #[error("no target")]
    NoTarget,
    #[error("unknown user")]
    UnknownUser(String),
    #[error("the target is an admin")]
    TargetAdmin,
    #[error("the target is the bot")]
    TargetSelf,
    #[error("bad duration")]
    BadDuration,
    #[error("missing right")]
    NoRights(Right),
    #[error("telegram refused: {0}")]
    Refused(String),
    #[error("the restriction would already be over")]
    AlreadyOver(DateTime<Utc>),
}

impl ModError {
    fn text(&self, lang: Lang) -> String {
        match self {
            ModError::NoTarget => t!(lang, "mod-no-target"),
            ModError::UnknownUser(who) => {
                t!(lang, "mod-unknown-user", who = html::escape(&html::truncate(who, 64)))
            }
            ModError::TargetAdmin => t!(lang, "mod-target-admin"),
            ModError::TargetSelf => t!(lang, "mod-target-self"),
            ModError::BadDuration => t!(lang, "mod-bad-duration"),
            ModError::NoRights(right) => no_rights_text(lang, *right),
            ModError::Refused(err) => {
                t!(lang, "mod-refused", error = html::escape(&html::truncate(err, 200)))
            }
            ModError::AlreadyOver(until) => t!(lang, "mod-already-over", until = fmt_time(*until)),
        }
    }

    fn from_request(err: &RequestError, right: Right) -> ModError {
        let text = err.to_string().to_lowercase();
        match classify(err) {
            // Telegram's "user is an administrator of the chat", "can't remove chat owner".
            Failure::NoRights if text.contains("administrator") || text.contains("owner") => {
                ModError::TargetAdmin
            }
            Failure::NoRights => ModError::NoRights(right),
            _ => ModError::Refused(err.to_string()),
        }
    }
}

fn no_rights_text(lang: Lang, right: Right) -> String {
    match right {
        Right::Restrict => t!(lang, "mod-no-rights-restrict"),
        Right::Ban => t!(lang, "mod-no-rights-ban"),
        Right::Delete => t!(lang, "mod-no-rights-delete"),
    }
}

fn fmt_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The member a command is about, and the arguments left after naming them.
struct Target {
    id: i64,
    name: String,
    rest: String,
}

/// The replied-to message's sender, or an `@username` / numeric id as the
/// first argument.
async fn resolve_target(ctx: &Ctx, msg: &Message, args: &str) -> Result<Target, ModError> {
    if let Some(replied) = replied_message(msg) {
        if replied.sender_chat.is_some() {
            // An anonymous admin or a channel speaking in the group.
            return Err(if replied.sender_chat.as_ref().is_some_and(|c| c.id == msg.chat.id) {
                ModError::TargetAdmin
            } else {
                ModError::NoTarget
            });
        }
        let Some(user) = &replied.from else { return Err(ModError::NoTarget) };
        let id = user.id.0 as i64;
        return Ok(Target {
            id,
            name: html::mention(id, &user.first_name, user.last_name.as_deref()),
            rest: args.trim().to_owned(),
        });
    }
    let args = args.trim();
    let (first, rest) = match args.split_once(char::is_whitespace) {
        Some((first, rest)) => (first, rest.trim()),
        None => (args, ""),
    };
    if first.is_empty() {
        return Err(ModError::NoTarget);
    }
    let id = if let Some(username) = first.strip_prefix('@') {
        let found =
            store::user_by_username(&ctx.db, username).await.map_err(|e| ModError::Refused(e.to_string()))?;
        match found {
            Some((id, _, _)) => id,
            None => return Err(ModError::UnknownUser(first.to_owned())),
        }
    } else {
        match first.parse::<i64>() {
            Ok(id) if id > 0 => id,
            _ => return Err(ModError::NoTarget),
        }
    };
    Ok(Target { id, name: format::mention_of(ctx, id).await, rest: rest.to_owned() })
}

/// The message `msg` replies to, unless it is only the forum topic's start.
fn replied_message(msg: &Message) -> Option<&Message> {
    msg.reply_to_message().filter(|r| r.forum_topic_created().is_none())
}

/// Never acts on the bot, the owner or an admin.
async fn check_target(bot: &HearthBot, ctx: &Ctx, chat_id: i64, target: i64) -> Result<(), ModError> {
    if target == ctx.me.user.id.0 as i64 {
        return Err(ModError::TargetSelf);
    }
    if target == ANONYMOUS_ADMIN_BOT as i64 {
        return Err(ModError::TargetAdmin);
    }
    match ctx.admins.admins(bot, chat_id).await {
        Ok(admins) if admins.ids.contains(&target) || admins.creator == Some(target) => {
            Err(ModError::TargetAdmin)
        }
        Ok(_) => Ok(()),
        // Telegram refuses admins anyway; its answer is then reported.
        Err(err) => {
            tracing::warn!(chat_id, %err, "getChatAdministrators failed; relying on Telegram's check");
            Ok(())
        }
    }
}

// ---- acting on Telegram ----------------------------------------------------------

/// Telegram takes an until_date less than 30 s ahead as "forever".
const UNTIL_MARGIN_SECS: i64 = 35;

/// `Err` when a timed restriction would already be over (or within Telegram's
/// 30 s) by the time it reaches Telegram: sent, it would become permanent.
///
/// The one place a handler reads the wall clock: `until` comes from the
/// update's date, and an update handled late (a replay, a backlog) can carry
/// an `until` that is past. `ctx.clock` is the wall clock (`Utc::now()`) in
/// production and the tests' manual clock under test.
fn check_until(ctx: &Ctx, chat_id: i64, user_id: i64, until: Option<DateTime<Utc>>) -> Result<(), ModError> {
    let Some(until) = until else { return Ok(()) };
    let now = ctx.clock.now();
    if until <= now + Duration::seconds(UNTIL_MARGIN_SECS) {
        tracing::info!(chat_id, user_id, %until, %now, "a restriction already over is not applied");
        return Err(ModError::AlreadyOver(until));
    }
    Ok(())
}

async fn mute(ctx: &Ctx, chat_id: i64, user_id: i64, until: Option<DateTime<Utc>>) -> Result<(), ModError> {
    check_until(ctx, chat_id, user_id, until)?;
    let bot = &ctx.bot;
    let res = retrying(|| {
        let mut req =
            bot.restrict_chat_member(ChatId(chat_id), UserId(user_id as u64), ChatPermissions::empty());
        if let Some(until) = until {
            req = req.until_date(until);
        }
        req.send()
    })
    .await;
    res.map(drop).map_err(|e| ModError::from_request(&e, Right::Restrict))
}

async fn unmute(bot: &HearthBot, chat_id: i64, user_id: i64) -> Result<(), ModError> {
    retrying(|| {
        bot.restrict_chat_member(ChatId(chat_id), UserId(user_id as u64), ChatPermissions::all()).send()
    })
    .await
    .map(drop)
    .map_err(|e| ModError::from_request(&e, Right::Restrict))
}

async fn ban(ctx: &Ctx, chat_id: i64, user_id: i64, until: Option<DateTime<Utc>>) -> Result<(), ModError> {
    check_until(ctx, chat_id, user_id, until)?;
    let bot = &ctx.bot;
    let res = retrying(|| {
        let mut req = bot.ban_chat_member(ChatId(chat_id), UserId(user_id as u64));
        if let Some(until) = until {
            req = req.until_date(until);
        }
        req.send()
    })
    .await;
    res.map(drop).map_err(|e| ModError::from_request(&e, Right::Ban))
}

async fn unban(bot: &HearthBot, chat_id: i64, user_id: i64) -> Result<(), ModError> {
    retrying(|| bot.unban_chat_member(ChatId(chat_id), UserId(user_id as u64)).only_if_banned(true).send())
        .await
        .map(drop)
        .map_err(|e| ModError::from_request(&e, Right::Ban))
}

/// Ban then unban: removed, free to come back.
async fn kick(ctx: &Ctx, chat_id: i64, user_id: i64) -> Result<(), ModError> {
    ban(ctx, chat_id, user_id, None).await?;
    unban(&ctx.bot, chat_id, user_id).await
}

/// Deletes a message; one already gone counts as deleted.
async fn delete(bot: &HearthBot, chat_id: i64, message_id: i32) -> Result<(), ModError> {
    let res =
        retrying(|| bot.delete_message(ChatId(chat_id), teloxide::types::MessageId(message_id)).send()).await;
    match res {
        Ok(_) => Ok(()),
        Err(err) => match classify(&err) {
            Failure::MessageGone if err.to_string().contains("not found") => Ok(()),
            Failure::NoRights | Failure::MessageGone => Err(ModError::NoRights(Right::Delete)),
            _ => Err(ModError::Refused(err.to_string())),
        },
    }
}

// ---- the log -------------------------------------------------------------------

/// Records an action and, with a log chat set, posts it there. `false` when
/// this source had already logged it (a replay).
async fn record(bot: &HearthBot, ctx: &Ctx, e: &LogEntry<'_>) -> anyhow::Result<bool> {
    if !store::log(&ctx.db, e).await? {
        return Ok(false);
    }
    post_log(bot, ctx, e).await?;
    Ok(true)
}

/// Posts a logged entry to the chat's log chat, if it has one.
async fn post_log(bot: &HearthBot, ctx: &Ctx, e: &LogEntry<'_>) -> anyhow::Result<()> {
    if let Some(log_chat) = notify::log_chat(&ctx.db, e.chat_id).await? {
        let lang = chat_lang(ctx, e.chat_id).await;
        let title = members::chat_title(&ctx.db, e.chat_id).await?.unwrap_or_default();
        let row = store::LogRow {
            action: e.action.as_str().to_owned(),
            target_id: e.target_id,
            actor_id: e.actor_id,
            automatic: e.actor_id.is_none(),
            reason: e.reason.map(str::to_owned),
            until: e.until.map(db::ts),
            at: db::ts(e.at),
        };
        let line = log_line(ctx, lang, &row).await;
        let text = t!(lang, "mod-log-post", chat = html::escape(&title), line = line);
        // At once when a slot is free now; otherwise later, without waiting.
        match send_if_free(bot, log_chat, None, text.clone(), None).await {
            Ok(Some(_)) => {}
            Ok(None) => post_to_log_chat_later(bot, ctx, e.chat_id, log_chat, text),
            Err(err) => tracing::warn!(chat_id = e.chat_id, log_chat, %err, "could not post to the log chat"),
        }
    }
    Ok(())
}

/// Log-chat posts in flight at most; past it, lines are skipped (they stay
/// in mod_log and /modlog).
const LOG_BACKLOG_CAP: usize = 200;

/// Posts a line to the log chat in the background: a paced send waits for a
/// slot under Telegram's group limit, and the chat's handling (a spam raid's
/// screening) must not wait with it.
fn post_to_log_chat_later(bot: &HearthBot, ctx: &Ctx, chat_id: i64, log_chat: i64, text: String) {
    let backlog = ctx.state::<State>().log_backlog.clone();
    if backlog.fetch_add(1, Ordering::SeqCst) >= LOG_BACKLOG_CAP {
        backlog.fetch_sub(1, Ordering::SeqCst);
        tracing::debug!(chat_id, log_chat, "log chat backlog full; line skipped (it is in mod_log)");
        return;
    }
    let bot = bot.clone();
    tokio::spawn(async move {
        if let Err(err) = send(&bot, log_chat, None, text, None).await {
            tracing::warn!(chat_id, log_chat, %err, "could not post to the log chat");
        }
        backlog.fetch_sub(1, Ordering::SeqCst);
    });
}

/// An automatic notice in the screening path: sent only if a slot is free
/// now, never awaited for one (the action itself is done and logged).
async fn notice(bot: &HearthBot, msg: &Message, text: String) -> bool {
    let chat_id = msg.chat.id.0;
    match send_if_free(bot, chat_id, thread_of(msg), text, None).await {
        Ok(sent) => sent.is_some(),
        Err(err) => {
            tracing::warn!(chat_id, %err, "could not send a moderation notice");
            false
        }
    }
}

fn action_word(lang: Lang, action: &str) -> String {
    match ModAction::parse(action) {
        Some(a) => crate::i18n::text(lang, &format!("mod-act-{}", a.as_str()), None),
        None => html::escape(action),
    }
}

async fn log_line(ctx: &Ctx, lang: Lang, row: &store::LogRow) -> String {
    let at = db::parse_ts(&row.at).map(fmt_time).unwrap_or_else(|| html::escape(&row.at));
    let actor = match row.actor_id {
        Some(id) => format::mention_of(ctx, id).await,
        None => t!(lang, "mod-log-auto"),
    };
    let mut line = t!(
        lang,
        "mod-log-line",
        at = at,
        action = action_word(lang, &row.action),
        target = format::mention_of(ctx, row.target_id).await,
        actor = actor
    );
    if let Some(until) = row.until.as_deref().and_then(db::parse_ts) {
        line.push_str(&t!(lang, "mod-log-until", until = fmt_time(until)));
    }
    if let Some(reason) = row.reason.as_deref().filter(|r| !r.is_empty()) {
        line.push_str(&t!(lang, "mod-log-reason", reason = html::escape(reason)));
    }
    line
}

// ---- warnings --------------------------------------------------------------------

struct WarnOutcome {
    step: logic::WarnStep,
    /// The ladder's action when the limit was reached, and how it went.
    escalation: Option<Escalation>,
}

/// The ladder's action, until when (a mute), and whether Telegram did it.
type Escalation = (WarnAction, Option<DateTime<Utc>>, Result<(), ModError>);

fn expiry_cutoff(settings: &ChatSettings, at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let days = settings.int("warn_expire_days");
    (days > 0).then(|| at - Duration::days(days))
}

/// Warns a member once per source message; at the limit applies the chat's
/// action and, when it worked, starts the count over. `None` for a replay.
#[allow(clippy::too_many_arguments)]
async fn give_warning(
    bot: &HearthBot,
    ctx: &Ctx,
    chat_id: i64,
    source: i32,
    target: i64,
    actor: Option<i64>,
    reason: Option<&str>,
    at: DateTime<Utc>,
) -> anyhow::Result<Option<WarnOutcome>> {
    let settings = ctx.chat_settings(chat_id).await?;
    let limit = u32::try_from(settings.int("warn_limit")).unwrap_or(3);
    let w = NewWarning { chat_id, source_message_id: source, user_id: target, by: actor, reason, at };
    let active = match store::add_warning(&ctx.db, &w, expiry_cutoff(&settings, at)).await? {
        Warned::Duplicate => return Ok(None),
        Warned::Active(n) => n,
    };
    let entry = LogEntry {
        chat_id,
        source_message_id: Some(source),
        action: ModAction::Warn,
        target_id: target,
        actor_id: actor,
        reason,
        until: None,
        at,
    };
    record(bot, ctx, &entry).await?;
    let step = logic::escalate(active, limit);
    if !step.reached {
        return Ok(Some(WarnOutcome { step, escalation: None }));
    }
    let action = WarnAction::parse(settings.raw("warn_action"));
    let (done, until, logged) = match action {
        WarnAction::Mute => {
            let until = settings.duration("warn_mute").map(|d| at + d);
            (mute(ctx, chat_id, target, until).await, until, ModAction::Mute)
        }
        WarnAction::Kick => (kick(ctx, chat_id, target).await, None, ModAction::Kick),
        WarnAction::Ban => (ban(ctx, chat_id, target, None).await, None, ModAction::Ban),
    };
    if done.is_ok() {
        store::reset_warnings(&ctx.db, chat_id, target, at).await?;
        let reason = format!("{limit}/{limit}");
        let entry = LogEntry { action: logged, until, actor_id: None, reason: Some(&reason), ..entry };
        record(bot, ctx, &entry).await?;
    }
    Ok(Some(WarnOutcome { step, escalation: Some((action, until, done)) }))
}

fn warn_text(lang: Lang, name: &str, reason: Option<&str>, outcome: &WarnOutcome) -> String {
    let mut text =
        t!(lang, "mod-warned", name = name, count = outcome.step.count, limit = outcome.step.limit);
    if let Some(reason) = reason {
        text.push('\n');
        text.push_str(&t!(lang, "mod-reason", reason = html::escape(reason)));
    }
    if let Some((action, until, done)) = &outcome.escalation {
        text.push('\n');
        text.push_str(&match (done, action) {
            (Err(err), _) => t!(lang, "mod-escalation-failed", error = err.text(lang)),
            (Ok(()), WarnAction::Mute) => match until {
                Some(until) => t!(lang, "mod-escalated-mute", until = fmt_time(*until)),
                None => t!(lang, "mod-escalated-mute-forever"),
            },
            (Ok(()), WarnAction::Kick) => t!(lang, "mod-escalated-kick"),
            (Ok(()), WarnAction::Ban) => t!(lang, "mod-escalated-ban"),
        });
    }
    text
}

/// Parses and checks the target of an admin command; replies and returns
/// `None` when there is nothing to do.
async fn admin_target(
    bot: &HearthBot,
    ctx: &Ctx,
    msg: &Message,
    cmd: &Command,
) -> anyhow::Result<Option<Target>> {
    let lang = lang_of(ctx, msg).await;
    let target = match resolve_target(ctx, msg, &cmd.args).await {
        Ok(t) => t,
        Err(err) => {
            let text = match err {
                ModError::NoTarget => t!(lang, "mod-usage", command = cmd.name.clone()),
                other => other.text(lang),
            };
            reply(bot, msg, text).await?;
            return Ok(None);
        }
    };
    if let Err(err) = check_target(bot, ctx, msg.chat.id.0, target.id).await {
        reply(bot, msg, err.text(lang)).await?;
        return Ok(None);
    }
    Ok(Some(target))
}

fn sender_id(msg: &Message) -> Option<i64> {
    msg.from.as_ref().map(|u| u.id.0 as i64)
}

pub async fn warn(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    // The warning may escalate to a mute, kick or ban.
    let Some(target) = admin_target(&bot, &ctx, &msg, &cmd).await? else { return Ok(()) };
    let lang = lang_of(&ctx, &msg).await;
    let reason = logic::clean_reason(&target.rest);
    let outcome = give_warning(
        &bot,
        &ctx,
        msg.chat.id.0,
        msg.id.0,
        target.id,
        sender_id(&msg),
        reason.as_deref(),
        msg.date,
    )
    .await?;
    if let Some(outcome) = outcome {
        reply(&bot, &msg, warn_text(lang, &target.name, reason.as_deref(), &outcome)).await?;
    }
    Ok(())
}

pub async fn unwarn(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let Some(target) = admin_target(&bot, &ctx, &msg, &cmd).await? else { return Ok(()) };
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    let settings = ctx.chat_settings(chat_id).await?;
    let cutoff = expiry_cutoff(&settings, msg.date);
    let entry = LogEntry {
        chat_id,
        source_message_id: Some(msg.id.0),
        action: ModAction::Unwarn,
        target_id: target.id,
        actor_id: sender_id(&msg),
        reason: None,
        until: None,
        at: msg.date,
    };
    match store::unwarn_once(&ctx.db, &entry, cutoff).await? {
        Unwarned::Replay => return Ok(()),
        Unwarned::Nothing => {
            reply(&bot, &msg, t!(lang, "mod-no-warnings", name = target.name)).await?;
            return Ok(());
        }
        Unwarned::Dropped => post_log(&bot, &ctx, &entry).await?,
    }
    let left = store::active_warnings(&ctx.db, chat_id, target.id, cutoff).await?.len();
    let text = t!(lang, "mod-unwarned", name = target.name, count = left, limit = settings.int("warn_limit"));
    reply(&bot, &msg, text).await?;
    Ok(())
}

pub async fn reset_warns(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let Some(target) = admin_target(&bot, &ctx, &msg, &cmd).await? else { return Ok(()) };
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    let cleared = store::reset_warnings(&ctx.db, chat_id, target.id, msg.date).await?;
    if cleared > 0 {
        let entry = LogEntry {
            chat_id,
            source_message_id: Some(msg.id.0),
            action: ModAction::ResetWarns,
            target_id: target.id,
            actor_id: sender_id(&msg),
            reason: None,
            until: None,
            at: msg.date,
        };
        record(&bot, &ctx, &entry).await?;
    }
    reply(&bot, &msg, t!(lang, "mod-warns-reset", name = target.name)).await?;
    Ok(())
}

/// `/warns`: a member's own warnings; an admin may ask about anyone.
pub async fn warns(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(me) = &msg.from else { return Ok(()) };
    let me_id = me.id.0 as i64;
    let asks_about_other = replied_message(&msg).is_some() || !cmd.args.is_empty();
    let target = if asks_about_other {
        match resolve_target(&ctx, &msg, &cmd.args).await {
            Ok(t) => t,
            Err(err) => {
                reply(&bot, &msg, err.text(lang)).await?;
                return Ok(());
            }
        }
    } else {
        Target {
            id: me_id,
            name: html::mention(me_id, &me.first_name, me.last_name.as_deref()),
            rest: String::new(),
        }
    };
    if target.id != me_id && !require_admin(&bot, &ctx, &msg).await? {
        return Ok(());
    }
    let chat_id = msg.chat.id.0;
    let settings = ctx.chat_settings(chat_id).await?;
    let list =
        store::active_warnings(&ctx.db, chat_id, target.id, expiry_cutoff(&settings, msg.date)).await?;
    let limit = settings.int("warn_limit");
    if list.is_empty() {
        reply(&bot, &msg, t!(lang, "mod-no-warnings", name = target.name)).await?;
        return Ok(());
    }
    let header = t!(lang, "mod-warns-header", name = target.name, count = list.len(), limit = limit);
    let lines: Vec<String> = list
        .iter()
        .map(|w| {
            let at =
                db::parse_ts(&w.created_at).map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default();
            let reason = w.reason.as_deref().map(html::escape).unwrap_or_else(|| t!(lang, "mod-no-reason"));
            let auto = if w.by_user_id.is_none() { t!(lang, "mod-auto-mark") } else { String::new() };
            format!("• {at} — {reason}{auto}")
        })
        .collect();
    reply(&bot, &msg, html::fit_lines(&header, &lines, |n| t!(lang, "list-more", count = n))).await?;
    Ok(())
}

/// The warnings line of /me: active warnings as n/limit.
pub async fn me_line(
    ctx: &Ctx,
    lang: Lang,
    chat_id: i64,
    user_id: i64,
    at: DateTime<Utc>,
) -> anyhow::Result<String> {
    let settings = ctx.chat_settings(chat_id).await?;
    let active = store::active_warnings(&ctx.db, chat_id, user_id, expiry_cutoff(&settings, at)).await?.len();
    Ok(t!(lang, "mod-me-warnings", count = active, limit = settings.int("warn_limit")))
}

// ---- mute, ban, kick ----------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq)]
enum Sanction {
    Mute,
    Ban,
}

async fn sanction(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    msg: Message,
    cmd: Command,
    kind: Sanction,
) -> HandlerResult {
    let Some(target) = admin_target(&bot, &ctx, &msg, &cmd).await? else { return Ok(()) };
    let lang = lang_of(&ctx, &msg).await;
    let Ok((duration, reason)) = logic::split_duration(&target.rest) else {
        reply(&bot, &msg, ModError::BadDuration.text(lang)).await?;
        return Ok(());
    };
    let reason = logic::clean_reason(&reason);
    let chat_id = msg.chat.id.0;
    let until = duration.map(|d| msg.date + d);
    let (done, action) = match kind {
        Sanction::Mute => (mute(&ctx, chat_id, target.id, until).await, ModAction::Mute),
        Sanction::Ban => (ban(&ctx, chat_id, target.id, until).await, ModAction::Ban),
    };
    if let Err(err) = done {
        reply(&bot, &msg, err.text(lang)).await?;
        return Ok(());
    }
    let entry = LogEntry {
        chat_id,
        source_message_id: Some(msg.id.0),
        action,
        target_id: target.id,
        actor_id: sender_id(&msg),
        reason: reason.as_deref(),
        until,
        at: msg.date,
    };
    record(&bot, &ctx, &entry).await?;
    let mut text = match (kind, until) {
        (Sanction::Mute, Some(u)) => t!(lang, "mod-muted-until", name = target.name, until = fmt_time(u)),
        (Sanction::Mute, None) => t!(lang, "mod-muted-forever", name = target.name),
        (Sanction::Ban, Some(u)) => t!(lang, "mod-banned-until", name = target.name, until = fmt_time(u)),
        (Sanction::Ban, None) => t!(lang, "mod-banned-forever", name = target.name),
    };
    if let Some(reason) = &reason {
        text.push('\n');
        text.push_str(&t!(lang, "mod-reason", reason = html::escape(reason)));
    }
    reply(&bot, &msg, text).await?;
    Ok(())
}

pub async fn mute_cmd(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    sanction(bot, ctx, msg, cmd, Sanction::Mute).await
}

pub async fn ban_cmd(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    sanction(bot, ctx, msg, cmd, Sanction::Ban).await
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Lift {
    Unmute,
    Unban,
    Kick,
}

async fn lift(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command, kind: Lift) -> HandlerResult {
    let Some(target) = admin_target(&bot, &ctx, &msg, &cmd).await? else { return Ok(()) };
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    let (done, action) = match kind {
        Lift::Unmute => (unmute(&bot, chat_id, target.id).await, ModAction::Unmute),
        Lift::Unban => (unban(&bot, chat_id, target.id).await, ModAction::Unban),
        Lift::Kick => (kick(&ctx, chat_id, target.id).await, ModAction::Kick),
    };
    if let Err(err) = done {
        reply(&bot, &msg, err.text(lang)).await?;
        return Ok(());
    }
    let reason = logic::clean_reason(&target.rest);
    let entry = LogEntry {
        chat_id,
        source_message_id: Some(msg.id.0),
        action,
        target_id: target.id,
        actor_id: sender_id(&msg),
        reason: reason.as_deref(),
        until: None,
        at: msg.date,
    };
    record(&bot, &ctx, &entry).await?;
    let mut text = match kind {
        Lift::Unmute => t!(lang, "mod-unmuted", name = target.name),
        Lift::Unban => t!(lang, "mod-unbanned", name = target.name),
        Lift::Kick => t!(lang, "mod-kicked", name = target.name),
    };
    if let Some(reason) = reason.filter(|_| kind == Lift::Kick) {
        text.push('\n');
        text.push_str(&t!(lang, "mod-reason", reason = html::escape(&reason)));
    }
    reply(&bot, &msg, text).await?;
    Ok(())
}

pub async fn unmute_cmd(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    lift(bot, ctx, msg, cmd, Lift::Unmute).await
}

pub async fn unban_cmd(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    lift(bot, ctx, msg, cmd, Lift::Unban).await
}

pub async fn kick_cmd(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    lift(bot, ctx, msg, cmd, Lift::Kick).await
}

// ---- filters ---------------------------------------------------------------------

fn filter_error_text(lang: Lang, err: &FilterError) -> String {
    match err {
        FilterError::Empty => t!(lang, "mod-filter-usage"),
        FilterError::TooLong => t!(lang, "mod-filter-too-long", max = logic::MAX_PATTERN_CHARS),
        FilterError::InvalidRegex => t!(lang, "mod-filter-bad-regex"),
        FilterError::TooCostly => t!(lang, "mod-filter-too-costly"),
    }
}

pub async fn filter(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let (pattern, action) = match logic::parse_filter_args(&cmd.args) {
        Ok(parsed) => parsed,
        Err(err) => {
            reply(&bot, &msg, filter_error_text(lang, &err)).await?;
            return Ok(());
        }
    };
    let need = match action {
        FilterAction::Delete => AdminRight::DeleteMessages,
        FilterAction::Warn | FilterAction::Mute | FilterAction::Ban => AdminRight::RestrictMembers,
    };
    if !require_right(&bot, &ctx, &msg, need).await? {
        return Ok(());
    }
    let chat_id = msg.chat.id.0;
    let stored = pattern.as_stored();
    let exists = store::filters(&ctx.db, chat_id).await?.iter().any(|(p, _)| *p == stored);
    if !exists && store::filter_count(&ctx.db, chat_id).await? >= logic::MAX_FILTERS as i64 {
        reply(&bot, &msg, t!(lang, "mod-filter-too-many", max = logic::MAX_FILTERS)).await?;
        return Ok(());
    }
    let by = sender_id(&msg).unwrap_or_default();
    store::add_filter(&ctx.db, chat_id, &stored, action.as_str(), by, msg.date).await?;
    ctx.state::<State>().forget_filters(chat_id);
    let kind = match pattern {
        FilterPattern::Word(_) => t!(lang, "mod-filter-kind-word"),
        FilterPattern::Regex(_) => t!(lang, "mod-filter-kind-regex"),
    };
    let text = t!(
        lang,
        "mod-filter-added",
        pattern = html::escape(&stored),
        kind = kind,
        action = filter_action_word(lang, action)
    );
    reply(&bot, &msg, text).await?;
    Ok(())
}

fn filter_action_word(lang: Lang, action: FilterAction) -> String {
    match action {
        FilterAction::Delete => t!(lang, "mod-filter-action-delete"),
        FilterAction::Warn => t!(lang, "mod-filter-action-warn"),
        FilterAction::Mute => t!(lang, "mod-filter-action-mute"),
        FilterAction::Ban => t!(lang, "mod-filter-action-ban"),
    }
}

pub async fn unfilter(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let raw = cmd.args.split_whitespace().collect::<Vec<_>>().join(" ");
    if raw.is_empty() {
        reply(&bot, &msg, t!(lang, "mod-unfilter-usage")).await?;
        return Ok(());
    }
    let chat_id = msg.chat.id.0;
    // Compared without case in Rust: SQLite's lower() knows only ASCII.
    let wanted = raw.to_lowercase();
    let stored =
        store::filters(&ctx.db, chat_id).await?.into_iter().find(|(p, _)| p.to_lowercase() == wanted);
    let removed = match stored {
        Some((pattern, _)) => store::remove_filter(&ctx.db, chat_id, &pattern).await?,
        None => false,
    };
    ctx.state::<State>().forget_filters(chat_id);
    let pattern = html::escape(&html::truncate(&raw, 64));
    let text = if removed {
        t!(lang, "mod-filter-removed", pattern = pattern)
    } else {
        t!(lang, "mod-filter-not-found", pattern = pattern)
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}

pub async fn filters(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let rows = store::filters(&ctx.db, msg.chat.id.0).await?;
    if rows.is_empty() {
        reply(&bot, &msg, t!(lang, "mod-filters-none")).await?;
        return Ok(());
    }
    let lines: Vec<String> = rows
        .iter()
        .map(|(pattern, action)| {
            let action = FilterAction::parse(action).map(|a| filter_action_word(lang, a)).unwrap_or_default();
            format!("• <code>{}</code> → {action}", html::escape(pattern))
        })
        .collect();
    let header = t!(lang, "mod-filters-header", count = rows.len());
    reply(&bot, &msg, html::fit_lines(&header, &lines, |n| t!(lang, "list-more", count = n))).await?;
    Ok(())
}

// ---- the log command --------------------------------------------------------------

pub async fn modlog(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let n = if cmd.args.is_empty() {
        10
    } else {
        match cmd.args.parse::<i64>() {
            Ok(n) if (1..=50).contains(&n) => n,
            _ => {
                reply(&bot, &msg, t!(lang, "mod-modlog-usage")).await?;
                return Ok(());
            }
        }
    };
    let rows = store::recent_log(&ctx.db, msg.chat.id.0, n).await?;
    if rows.is_empty() {
        reply(&bot, &msg, t!(lang, "mod-modlog-empty")).await?;
        return Ok(());
    }
    let mut lines = Vec::with_capacity(rows.len());
    for row in &rows {
        lines.push(log_line(&ctx, lang, row).await);
    }
    let header = t!(lang, "mod-modlog-header", count = rows.len());
    reply(&bot, &msg, html::fit_lines(&header, &lines, |n| t!(lang, "list-more", count = n))).await?;
    Ok(())
}

// ---- screening every group message ----------------------------------------------------

/// A link, a forward from a channel, or media: what newcomers may not post.
fn newcomer_content(msg: &Message) -> bool {
    if matches!(msg.forward_origin(), Some(MessageOrigin::Channel { .. })) {
        return true;
    }
    if msg.photo().is_some()
        || msg.video().is_some()
        || msg.document().is_some()
        || msg.animation().is_some()
        || msg.audio().is_some()
        || msg.voice().is_some()
        || msg.video_note().is_some()
    {
        return true;
    }
    let entities = msg.entities().into_iter().chain(msg.caption_entities()).flatten();
    if entities
        .into_iter()
        .any(|e| matches!(e.kind, MessageEntityKind::Url | MessageEntityKind::TextLink { .. }))
    {
        return true;
    }
    msg.text().or_else(|| msg.caption()).is_some_and(logic::has_link_text)
}

async fn chat_filters(ctx: &Ctx, chat_id: i64) -> sqlx::Result<Arc<Vec<CompiledFilter>>> {
    let state = ctx.state::<State>();
    if let Some(f) = state.cached_filters(chat_id) {
        return Ok(f);
    }
    let compiled = Arc::new(logic::compile_all(&store::filters(&ctx.db, chat_id).await?));
    if let Ok(mut map) = state.filters.lock() {
        if map.len() >= STATE_CAP {
            map.clear();
        }
        map.insert(chat_id, compiled.clone());
    }
    Ok(compiled)
}

async fn join_time(ctx: &Ctx, chat_id: i64, user_id: i64) -> sqlx::Result<Option<DateTime<Utc>>> {
    let state = ctx.state::<State>();
    let secs = match state.cached_join(chat_id, user_id) {
        Some(cached) => cached,
        None => {
            let at = store::joined_at(&ctx.db, chat_id, user_id).await?.map(|d| d.timestamp());
            state.remember_join(chat_id, user_id, at);
            at
        }
    };
    Ok(secs.and_then(|s| DateTime::from_timestamp(s, 0)))
}

/// Drops what is cached in memory about a chat (its filters, members' join
/// times, flood windows, "right missing" notes): on a group→supergroup
/// migration, called for both ids, since the rows moved under the new id.
pub fn forget_chat(ctx: &Ctx, chat_id: i64) {
    let state = ctx.state::<State>();
    state.forget_filters(chat_id);
    if let Ok(mut joins) = state.joins.lock() {
        joins.retain(|(chat, _), _| *chat != chat_id);
    }
    if let Ok(mut floods) = state.floods.lock() {
        floods.windows.retain(|(chat, _), _| *chat != chat_id);
    }
    if let Ok(mut told) = state.told_no_rights.lock() {
        told.retain(|(chat, _)| *chat != chat_id);
    }
}

/// A member joined: their newcomer limits start now.
pub fn on_join(ctx: &Ctx, ev: &MemberEvent) {
    ctx.state::<State>().remember_join(ev.chat_id, ev.user.id.0 as i64, Some(ev.at.timestamp()));
}

/// Tells a group once (per process) that a right is missing for automatic
/// moderation.
async fn tell_no_rights(ctx: &Ctx, chat_id: i64, right: Right) {
    if !ctx.state::<State>().first_no_rights(chat_id, right) {
        return;
    }
    let lang = chat_lang(ctx, chat_id).await;
    match send_if_free(&ctx.bot, chat_id, None, no_rights_text(lang, right), None).await {
        Ok(Some(_)) => {}
        Ok(None) => ctx.state::<State>().untell_no_rights(chat_id, right),
        Err(err) => tracing::warn!(chat_id, %err, "could not say that a right is missing"),
    }
}

/// Screens a plain group message: filters, antiflood, newcomer limits.
/// `true` when the message was removed (other features skip it).
pub async fn screen_message(ctx: &Ctx, msg: &Message) -> anyhow::Result<bool> {
    screen(ctx, msg, false).await
}

/// Screens an edited group message again: filters and newcomer limits (an
/// edit is not a new message, so it counts nothing for antiflood). A second
/// edit finds the log row keyed by the message and announces nothing twice.
pub async fn screen_edit(ctx: &Ctx, msg: &Message) -> anyhow::Result<bool> {
    screen(ctx, msg, true).await
}

async fn screen(ctx: &Ctx, msg: &Message, edited: bool) -> anyhow::Result<bool> {
    let Some(user) = &msg.from else { return Ok(false) };
    let chat_id = msg.chat.id.0;
    let user_id = user.id.0 as i64;
    let settings = ctx.chat_settings(chat_id).await?;
    let text = msg.text().or_else(|| msg.caption());
    let filtered = match text {
        Some(text) => {
            let filters = chat_filters(ctx, chat_id).await?;
            logic::first_match(&filters, text).map(|f| (f.pattern.clone(), f.action))
        }
        None => None,
    };
    let limit = if edited { 0 } else { u32::try_from(settings.int("flood_messages")).unwrap_or(0) };
    let flood = ctx.state::<State>().flood_hit(
        chat_id,
        user_id,
        msg.date.timestamp(),
        limit,
        settings.int("flood_seconds").max(1),
    );
    let hours = settings.int("newcomer_hours");
    let newcomer_until = if hours > 0 && newcomer_content(msg) {
        join_time(ctx, chat_id, user_id).await?.map(|j| j + Duration::hours(hours)).filter(|u| msg.date < *u)
    } else {
        None
    };
    if filtered.is_none() && flood != Flood::Trip && newcomer_until.is_none() {
        return Ok(false);
    }
    if ctx.admins.sender_is_admin(&ctx.bot, msg).await {
        return Ok(false);
    }
    let lang = chat_lang(ctx, chat_id).await;
    let name = html::mention(user_id, &user.first_name, user.last_name.as_deref());
    if let Some((pattern, action)) = filtered {
        on_filtered(ctx, msg, &settings, lang, &name, &pattern, action).await?;
        return Ok(true);
    }
    if let Some(until) = newcomer_until {
        on_newcomer_content(ctx, msg, lang, &name, until).await?;
        return Ok(true);
    }
    if flood == Flood::Trip {
        on_flood(ctx, msg, &settings, lang, &name).await?;
    }
    Ok(false)
}

async fn on_filtered(
    ctx: &Ctx,
    msg: &Message,
    settings: &ChatSettings,
    lang: Lang,
    name: &str,
    pattern: &str,
    action: FilterAction,
) -> HandlerResult {
    let bot = &ctx.bot;
    let chat_id = msg.chat.id.0;
    let Some(user_id) = sender_id(msg) else { return Ok(()) };
    if let Err(err) = delete(bot, chat_id, msg.id.0).await {
        match err {
            ModError::NoRights(right) => tell_no_rights(ctx, chat_id, right).await,
            other => tracing::warn!(chat_id, %other, "could not delete a filtered message"),
        }
        return Ok(());
    }
    let reason = t!(lang, "mod-filter-reason", pattern = pattern);
    let entry = LogEntry {
        chat_id,
        source_message_id: Some(msg.id.0),
        action: ModAction::Delete,
        target_id: user_id,
        actor_id: None,
        reason: Some(&reason),
        until: None,
        at: msg.date,
    };
    let first = record(bot, ctx, &entry).await?;
    let notice = match action {
        FilterAction::Delete => None,
        FilterAction::Warn => {
            give_warning(bot, ctx, chat_id, msg.id.0, user_id, None, Some(&reason), msg.date)
                .await?
                .map(|outcome| warn_text(lang, name, None, &outcome))
        }
        FilterAction::Mute | FilterAction::Ban => {
            let (done, until, logged) = if action == FilterAction::Mute {
                let until = settings.duration("warn_mute").map(|d| msg.date + d);
                (mute(ctx, chat_id, user_id, until).await, until, ModAction::Mute)
            } else {
                (ban(ctx, chat_id, user_id, None).await, None, ModAction::Ban)
            };
            match done {
                Err(ModError::NoRights(right)) => {
                    tell_no_rights(ctx, chat_id, right).await;
                    None
                }
                Err(err) => {
                    tracing::warn!(chat_id, user_id, %err, "filter action refused");
                    None
                }
                Ok(()) => {
                    let entry = LogEntry { action: logged, until, ..entry };
                    record(bot, ctx, &entry).await?.then(|| match (logged, until) {
                        (ModAction::Mute, Some(u)) => {
                            t!(lang, "mod-muted-until", name = name, until = fmt_time(u))
                        }
                        (ModAction::Mute, None) => t!(lang, "mod-muted-forever", name = name),
                        _ => t!(lang, "mod-banned-forever", name = name),
                    })
                }
            }
        }
    };
    if let Some(notice) = notice.filter(|_| first) {
        let text = format!("{}\n{notice}", t!(lang, "mod-filter-removed-notice"));
        self::notice(bot, msg, text).await;
    }
    Ok(())
}

async fn on_newcomer_content(
    ctx: &Ctx,
    msg: &Message,
    lang: Lang,
    name: &str,
    until: DateTime<Utc>,
) -> HandlerResult {
    let bot = &ctx.bot;
    let chat_id = msg.chat.id.0;
    let Some(user_id) = sender_id(msg) else { return Ok(()) };
    if let Err(err) = delete(bot, chat_id, msg.id.0).await {
        match err {
            ModError::NoRights(right) => tell_no_rights(ctx, chat_id, right).await,
            other => tracing::warn!(chat_id, %other, "could not delete a newcomer's message"),
        }
        return Ok(());
    }
    let reason = t!(lang, "mod-newcomer-reason");
    let entry = LogEntry {
        chat_id,
        source_message_id: Some(msg.id.0),
        action: ModAction::Delete,
        target_id: user_id,
        actor_id: None,
        reason: Some(&reason),
        until: None,
        at: msg.date,
    };
    record(bot, ctx, &entry).await?;
    let key = format!("mod-newcomer-note:{chat_id}:{user_id}:{}", until.timestamp());
    if db::claim_once(&ctx.db, &key, msg.date).await? {
        let text = t!(lang, "mod-newcomer-note", name = name, until = fmt_time(until));
        notice(bot, msg, text).await;
    }
    Ok(())
}

async fn on_flood(
    ctx: &Ctx,
    msg: &Message,
    settings: &ChatSettings,
    lang: Lang,
    name: &str,
) -> HandlerResult {
    let bot = &ctx.bot;
    let chat_id = msg.chat.id.0;
    let Some(user_id) = sender_id(msg) else { return Ok(()) };
    let length = settings.duration("flood_mute").unwrap_or_else(|| Duration::minutes(10));
    let until = msg.date + length;
    // Whatever Telegram says, this burst is handled: one try, one notice.
    ctx.state::<State>().flood_punish(chat_id, user_id, until.timestamp());
    match mute(ctx, chat_id, user_id, Some(until)).await {
        Ok(()) => {}
        Err(ModError::NoRights(right)) => {
            tell_no_rights(ctx, chat_id, right).await;
            return Ok(());
        }
        Err(err) => {
            tracing::warn!(chat_id, user_id, %err, "could not mute a flooder");
            return Ok(());
        }
    }
    let reason = t!(lang, "mod-flood-reason");
    let entry = LogEntry {
        chat_id,
        source_message_id: Some(msg.id.0),
        action: ModAction::Mute,
        target_id: user_id,
        actor_id: None,
        reason: Some(&reason),
        until: Some(until),
        at: msg.date,
    };
    if record(bot, ctx, &entry).await? {
        let minutes = length.num_minutes().max(1);
        notice(bot, msg, t!(lang, "mod-flood-muted", name = name, minutes = minutes)).await;
    }
    Ok(())
}

// ---- reports -----------------------------------------------------------------------

/// `/report [reason]` in reply to a message: the admins are told, with
/// buttons that act when an admin presses them.
pub async fn report(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(reporter) = &msg.from else { return Ok(()) };
    let reporter_id = reporter.id.0 as i64;
    let Some(reported) = replied_message(&msg) else {
        reply(&bot, &msg, t!(lang, "mod-report-usage")).await?;
        return Ok(());
    };
    let chat_id = msg.chat.id.0;
    let target = match resolve_target(&ctx, &msg, "").await {
        Ok(t) => t,
        Err(ModError::TargetAdmin) => {
            reply(&bot, &msg, t!(lang, "mod-report-admin")).await?;
            return Ok(());
        }
        Err(_) => {
            reply(&bot, &msg, t!(lang, "mod-report-usage")).await?;
            return Ok(());
        }
    };
    if target.id == reporter_id {
        reply(&bot, &msg, t!(lang, "mod-report-self")).await?;
        return Ok(());
    }
    if check_target(&bot, &ctx, chat_id, target.id).await.is_err() {
        reply(&bot, &msg, t!(lang, "mod-report-admin")).await?;
        return Ok(());
    }
    if store::recent_reports(&ctx.db, chat_id, reporter_id, msg.date).await? >= logic::REPORTS_PER_HOUR {
        reply(&bot, &msg, t!(lang, "mod-report-limit", max = logic::REPORTS_PER_HOUR)).await?;
        return Ok(());
    }
    let reason = logic::clean_reason(&cmd.args);
    let new = NewReport {
        chat_id,
        report_message_id: msg.id.0,
        reported_message_id: reported.id.0,
        reporter_id,
        target_id: target.id,
        reason: reason.as_deref(),
        at: msg.date,
    };
    let Some(report_id) = store::add_report(&ctx.db, &new).await? else { return Ok(()) };
    let title = members::chat_title(&ctx.db, chat_id).await?.unwrap_or_default();
    let excerpt = reported.text().or_else(|| reported.caption()).unwrap_or("");
    let mut text = t!(
        lang,
        "mod-report-card",
        chat = html::escape(&title),
        reporter = html::mention(reporter_id, &reporter.first_name, reporter.last_name.as_deref()),
        target = target.name.clone()
    );
    if let Some(reason) = &reason {
        text.push('\n');
        text.push_str(&t!(lang, "mod-reason", reason = html::escape(reason)));
    }
    if !excerpt.is_empty() {
        text.push('\n');
        text.push_str(&t!(lang, "mod-report-excerpt", text = html::escape(&html::truncate(excerpt, 300))));
    }
    if let Some(link) = format::link_to_message(&ctx, chat_id, i64::from(reported.id.0)).await {
        text.push('\n');
        text.push_str(&format!("<a href=\"{link}\">{}</a>", t!(lang, "mod-report-open")));
    }
    let markup = report_markup(lang, report_id);
    let told = notify::notify_admins(&bot, &ctx, chat_id, &text, markup.clone()).await?;
    if told == notify::AdminsTold::Nobody {
        // Names from Telegram: admins who never spoke are unknown to the bot.
        let admins = retrying(|| bot.get_chat_administrators(ChatId(chat_id)).send()).await?;
        let names: Vec<String> = admins
            .iter()
            .filter(|a| !a.user.is_bot && !a.is_anonymous())
            .map(|a| html::mention(a.user.id.0 as i64, &a.user.first_name, a.user.last_name.as_deref()))
            .collect();
        let text = format!("{text}\n{}", t!(lang, "mod-report-admins", admins = names.join(", ")));
        reply_markup(&bot, &msg, text, markup).await?;
    }
    reply(&bot, &msg, t!(lang, "mod-report-thanks")).await?;
    Ok(())
}

/// A link to a message of a supergroup (`https://t.me/c/<id>/<message>`).
fn report_markup(lang: Lang, report_id: i64) -> Option<ReplyMarkup> {
    let button = |label: String, choice: ReportChoice| {
        Some(InlineKeyboardButton::callback(label, ModerationButton::Report { report_id, choice }.encode()))
    };
    let row: Option<Vec<InlineKeyboardButton>> = [
        button(t!(lang, "mod-button-warn"), ReportChoice::Warn),
        button(t!(lang, "mod-button-mute"), ReportChoice::Mute),
        button(t!(lang, "mod-button-ban"), ReportChoice::Ban),
        button(t!(lang, "mod-button-dismiss"), ReportChoice::Dismiss),
    ]
    .into_iter()
    .collect();
    row.map(|row| ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new(vec![row])))
}

/// A report button: acts only for an admin of the reported chat, once.
pub async fn on_report_button(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    q: CallbackQuery,
    button: ModerationButton,
) -> HandlerResult {
    let ModerationButton::Report { report_id, choice } = button;
    let Some(report) = store::report(&ctx.db, report_id).await? else {
        return toast::stale(&bot, &ctx, &q).await;
    };
    let chat_id = report.chat_id;
    let lang = chat_lang(&ctx, chat_id).await;
    let presser = q.from.id.0 as i64;
    if !ctx.admins.is_admin(&bot, chat_id, presser).await {
        return toast::alert(&bot, &q, t!(lang, "mod-report-admins-only")).await;
    }
    if choice != ReportChoice::Dismiss
        && !ctx.admins.has_right(&bot, chat_id, presser, AdminRight::RestrictMembers).await
    {
        return toast::alert(&bot, &q, Refusal::LacksRight(AdminRight::RestrictMembers).text(lang)).await;
    }
    let at = ctx.clock.now();
    if report.status != "open" || !store::claim_report(&ctx.db, report_id, choice, presser, at).await? {
        return toast::alert(&bot, &q, t!(lang, "mod-report-handled")).await;
    }
    let result = act_on_report(&bot, &ctx, &report, choice, presser, at).await;
    let summary = match result {
        Ok(summary) => summary,
        Err(err) => {
            store::reopen_report(&ctx.db, report_id).await?;
            return toast::alert(&bot, &q, err.text(lang)).await;
        }
    };
    toast::toast(&bot, &q, t!(lang, "mod-report-done")).await?;
    if let Some(message) = q.regular_message() {
        let original = html::escape(message.text().unwrap_or(""));
        let handled = t!(
            lang,
            "mod-report-handled-by",
            admin = format::mention_of(&ctx, presser).await,
            action = summary
        );
        // Escaped HTML: cut so that no entity (&amp;) or tag is split.
        let text = html::truncate_html(&format!("{original}\n\n{handled}"), html::MAX_TEXT);
        let edited = retrying(|| {
            bot.edit_message_text(message.chat.id, message.id, text.clone())
                .reply_markup(InlineKeyboardMarkup::new(Vec::<Vec<InlineKeyboardButton>>::new()))
                .send()
        })
        .await;
        if let Err(err) = edited {
            tracing::debug!(report_id, %err, "could not update the report card");
        }
    }
    Ok(())
}

/// Toasts are plain text.
async fn act_on_report(
    bot: &HearthBot,
    ctx: &Ctx,
    report: &store::Report,
    choice: ReportChoice,
    presser: i64,
    at: DateTime<Utc>,
) -> Result<String, ModError> {
    let chat_id = report.chat_id;
    let lang = chat_lang(ctx, chat_id).await;
    let source = i32::try_from(report.reported_message_id).unwrap_or_default();
    let reason = report.reason.clone().unwrap_or_else(|| t!(lang, "mod-report-reason"));
    if choice != ReportChoice::Dismiss {
        check_target(bot, ctx, chat_id, report.target_id).await?;
    }
    let internal = |e: anyhow::Error| ModError::Refused(e.to_string());
    let entry = LogEntry {
        chat_id,
        source_message_id: Some(source),
        action: ModAction::Dismiss,
        target_id: report.target_id,
        actor_id: Some(presser),
        reason: Some(&reason),
        until: None,
        at,
    };
    let name = format::mention_of(ctx, report.target_id).await;
    match choice {
        ReportChoice::Dismiss => {
            record(bot, ctx, &entry).await.map_err(internal)?;
            Ok(t!(lang, "mod-act-dismiss"))
        }
        ReportChoice::Warn => {
            let outcome =
                give_warning(bot, ctx, chat_id, source, report.target_id, Some(presser), Some(&reason), at)
                    .await
                    .map_err(internal)?;
            if let Some(outcome) = &outcome {
                let text = warn_text(lang, &name, Some(&reason), outcome);
                if let Err(err) = send(bot, chat_id, None, text, None).await {
                    tracing::warn!(chat_id, %err, "could not announce a warning");
                }
            }
            Ok(t!(lang, "mod-act-warn"))
        }
        ReportChoice::Mute => {
            let settings = ctx.chat_settings(chat_id).await.map_err(|e| ModError::Refused(e.to_string()))?;
            let until = settings.duration("warn_mute").map(|d| at + d);
            mute(ctx, chat_id, report.target_id, until).await?;
            let entry = LogEntry { action: ModAction::Mute, until, ..entry };
            record(bot, ctx, &entry).await.map_err(internal)?;
            Ok(match until {
                Some(u) => t!(lang, "mod-muted-until", name = name, until = fmt_time(u)),
                None => t!(lang, "mod-muted-forever", name = name),
            })
        }
        ReportChoice::Ban => {
            ban(ctx, chat_id, report.target_id, None).await?;
            let entry = LogEntry { action: ModAction::Ban, ..entry };
            record(bot, ctx, &entry).await.map_err(internal)?;
            Ok(t!(lang, "mod-banned-forever", name = name))
        }
    }
}
