//! Screening every group message, as one pipeline: what the message trips
//! (a filter, a newcomer limit, antiflood), the exemptions (admins; the
//! group itself and its linked channel), then one response — delete, log,
//! act, and at most one notice. A member or a channel posting as itself is
//! screened alike, the channel as the actor. An ordinary message costs no
//! SQL: compiled filters, flood windows and join times live in memory
//! (`State`), and the admin list (or the group's linked channel) is
//! consulted only when a message trips something — as is the member's trust
//! level, which lifts newcomer limits at TL1.

use chrono::{DateTime, Duration, Utc};
use teloxide::types::{ChatId, Message, MessageEntityKind, MessageOrigin, UserId};

use super::{
    channels,
    errors::{ModError, Right},
    filters, log,
    logic::{self, FilterAction, Flood, ModAction, Sanction, Sender},
    sanctions,
    state::State,
    store::{self, LogEntry},
    texts::{self, fmt_time},
    warnings,
};
use crate::{
    db,
    features::trust,
    i18n::Lang,
    kernel::{Ctx, HandlerResult, lang::chat_lang, members::MemberEvent},
    settings::ChatSettings,
    t,
    telegram::{
        html,
        send::{send_if_free, thread_of},
    },
};

/// Screens a plain group message (a member's, or a chat's posted as
/// itself): filters, antiflood, newcomer limits. `true` when the message
/// was removed (other features skip it).
pub async fn screen_message(ctx: &Ctx, msg: &Message) -> anyhow::Result<bool> {
    screen(ctx, msg, false).await
}

/// Screens an edited group message again: filters and newcomer limits (an
/// edit is not a new message, so it counts nothing for antiflood). A second
/// edit finds the log row keyed by the message and announces nothing twice.
pub async fn screen_edit(ctx: &Ctx, msg: &Message) -> anyhow::Result<bool> {
    screen(ctx, msg, true).await
}

/// A member joined: their newcomer limits start now.
pub fn on_join(ctx: &Ctx, ev: &MemberEvent) {
    ctx.state::<State>().remember_join(ChatId(ev.chat_id), ev.user.id, Some(ev.at.timestamp()));
}

/// Drops what is cached in memory about a chat (its filters, members' join
/// times, flood windows, "right missing" notes): on a group→supergroup
/// migration, called for both ids, since the rows moved under the new id.
pub fn forget_chat(ctx: &Ctx, chat_id: i64) {
    ctx.state::<State>().forget_chat(ChatId(chat_id));
}

/// What a message tripped.
enum Trip {
    Filter {
        pattern: String,
        action: FilterAction,
    },
    /// A newcomer's link, channel forward or media, before `until`.
    Newcomer {
        until: DateTime<Utc>,
    },
    Flood,
}

async fn screen(ctx: &Ctx, msg: &Message, edited: bool) -> anyhow::Result<bool> {
    let Some(sender) = channels::sender_of(msg) else { return Ok(false) };
    if let Sender::Chat(chat) = sender {
        if channels::plainly_exempt(msg, chat) {
            return Ok(false);
        }
        if !edited && channels::removed_while_muted(ctx, msg, chat, msg.date).await? {
            return Ok(true);
        }
    }
    let settings = ctx.chat_settings(msg.chat.id.0).await?;
    let Some(trip) = tripped(ctx, msg, sender, &settings, edited).await? else { return Ok(false) };
    let (name, exempt) = match (sender, &msg.sender_chat, &msg.from) {
        (Sender::Chat(chat), Some(posted_as), _) => {
            (channels::chat_name(posted_as), channels::is_linked(ctx, msg.chat.id, chat).await)
        }
        (_, _, Some(user)) => (html::mention_user(user), ctx.admins.sender_is_admin(&ctx.bot, msg).await),
        _ => return Ok(false),
    };
    if exempt {
        return Ok(false);
    }
    if let Some(posted_as) = &msg.sender_chat {
        store::remember_sender_chat(&ctx.db, posted_as, msg.date).await?;
    }
    let offence =
        Offence { ctx, msg, sender, settings: &settings, lang: chat_lang(ctx, msg.chat.id.0).await, name };
    match trip {
        Trip::Filter { pattern, action } => offence.filtered(&pattern, action).await?,
        Trip::Newcomer { until } => offence.newcomer(until).await?,
        // The member is muted; the message stays.
        Trip::Flood => {
            offence.flooded().await?;
            return Ok(false);
        }
    }
    Ok(true)
}

/// What the message trips, strongest first: a filter, a newcomer limit,
/// antiflood. Every new message counts for antiflood, even a filtered one.
async fn tripped(
    ctx: &Ctx,
    msg: &Message,
    sender: Sender,
    settings: &ChatSettings,
    edited: bool,
) -> anyhow::Result<Option<Trip>> {
    let chat = msg.chat.id;
    let filtered = match msg.text().or_else(|| msg.caption()) {
        Some(text) => {
            let filters = filters::compiled(ctx, chat).await?;
            logic::first_match(&filters, text)
                .map(|f| Trip::Filter { pattern: f.pattern.clone(), action: f.action })
        }
        None => None,
    };
    let limit = if edited { 0 } else { u32::try_from(settings.int("flood_messages")).unwrap_or(0) };
    let secs = settings.int("flood_seconds").max(1);
    let flood = ctx.state::<State>().flood_hit(chat, sender, msg.date.timestamp(), limit, secs);
    let newcomer = match sender {
        Sender::User(user) if newcomer_content(msg) => newcomer_until(ctx, msg, user, settings).await?,
        // A chat never joins: newcomer limits are a member's.
        _ => None,
    };
    Ok(filtered
        .or(newcomer.map(|until| Trip::Newcomer { until }))
        .or((flood == Flood::Trip).then_some(Trip::Flood)))
}

/// Until when a member's newcomer limits hold, if they hold at the message:
/// `newcomer_hours` after joining, or until the member reaches trust level 1
/// (`trust::lifts_newcomer_limits`), whichever comes first. The level is read
/// only for a message inside the hours.
async fn newcomer_until(
    ctx: &Ctx,
    msg: &Message,
    user: UserId,
    settings: &ChatSettings,
) -> anyhow::Result<Option<DateTime<Utc>>> {
    let hours = settings.int("newcomer_hours");
    if hours <= 0 {
        return Ok(None);
    }
    let joined = join_time(ctx, msg.chat.id, user).await?;
    let Some(until) = joined.map(|j| j + Duration::hours(hours)).filter(|u| msg.date < *u) else {
        return Ok(None);
    };
    let lifted = trust::lifts_newcomer_limits(ctx, msg.chat.id, user, msg.date).await?;
    Ok((!lifted).then_some(until))
}

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

/// When the member joined: from memory, else loaded once and kept.
async fn join_time(ctx: &Ctx, chat: ChatId, user: UserId) -> sqlx::Result<Option<DateTime<Utc>>> {
    let state = ctx.state::<State>();
    let secs = match state.cached_join(chat, user) {
        Some(cached) => cached,
        None => {
            let at = store::joined_at(&ctx.db, chat, user).await?.map(|d| d.timestamp());
            state.remember_join(chat, user, at);
            at
        }
    };
    Ok(secs.and_then(|s| DateTime::from_timestamp(s, 0)))
}

/// A message that tripped something, from a member who is not an admin
/// (or a chat that is not exempt).
struct Offence<'a> {
    ctx: &'a Ctx,
    msg: &'a Message,
    sender: Sender,
    settings: &'a ChatSettings,
    lang: Lang,
    /// The sender's clickable name.
    name: String,
}

impl Offence<'_> {
    fn chat(&self) -> ChatId {
        self.msg.chat.id
    }

    /// An automatic log entry about the message, with its reason.
    fn entry<'r>(&self, action: ModAction, reason: &'r str) -> LogEntry<'r> {
        LogEntry { reason: Some(reason), ..log::entry(self.msg, action, self.sender, None) }
    }

    /// Deletes the message; `false` (the failure told or logged) when it could not.
    async fn delete(&self, what: &str) -> bool {
        match sanctions::delete(&self.ctx.bot, self.chat(), self.msg.id).await {
            Ok(()) => true,
            Err(err) => {
                unable(self.ctx, self.chat(), err, what).await;
                false
            }
        }
    }

    /// A filter matched: the message goes, then the filter's action; one
    /// notice the first time.
    async fn filtered(&self, pattern: &str, action: FilterAction) -> HandlerResult {
        if !self.delete("could not delete a filtered message").await {
            return Ok(());
        }
        let (ctx, msg, lang) = (self.ctx, self.msg, self.lang);
        let reason = t!(lang, "mod-filter-reason", pattern = pattern);
        let entry = self.entry(ModAction::Delete, &reason);
        let first = log::record(ctx, &entry).await?;
        let said = match action {
            FilterAction::Delete => None,
            FilterAction::Warn => warnings::give_warning(
                ctx,
                self.chat(),
                msg.id.0,
                self.sender,
                None,
                false,
                Some(&reason),
                msg.date,
            )
            .await?
            .map(|outcome| warnings::warn_text(lang, &self.name, None, &outcome)),
            FilterAction::Mute | FilterAction::Ban => {
                let sanction = if action == FilterAction::Mute { Sanction::Mute } else { Sanction::Ban };
                let until = sanctions::standard_until(self.settings, sanction, msg.date);
                match sanctions::impose(ctx, self.chat(), self.sender, sanction, until).await {
                    Err(err) => {
                        unable(ctx, self.chat(), err, "filter action refused").await;
                        None
                    }
                    Ok(()) => {
                        let entry = LogEntry { action: sanction.action(), until, ..entry };
                        log::record(ctx, &entry)
                            .await?
                            .then(|| texts::sanctioned(lang, sanction, &self.name, until))
                    }
                }
            }
        };
        if let Some(said) = said.filter(|_| first) {
            self.notice(format!("{}\n{said}", t!(lang, "mod-filter-removed-notice"))).await;
        }
        Ok(())
    }

    /// A newcomer's link, forward or media: the message goes, with one
    /// gentle note per member and limit.
    async fn newcomer(&self, until: DateTime<Utc>) -> HandlerResult {
        if !self.delete("could not delete a newcomer's message").await {
            return Ok(());
        }
        let reason = t!(self.lang, "mod-newcomer-reason");
        log::record(self.ctx, &self.entry(ModAction::Delete, &reason)).await?;
        let key = format!("mod-newcomer-note:{}:{}:{}", self.chat().0, self.sender.raw(), until.timestamp());
        if db::claim_once(&self.ctx.db, &key, self.msg.date).await? {
            let text = t!(self.lang, "mod-newcomer-note", name = &self.name, until = fmt_time(until));
            self.notice(text).await;
        }
        Ok(())
    }

    /// Flooding: muted for `flood_mute`, once per burst, with one notice.
    async fn flooded(&self) -> HandlerResult {
        let length = self.settings.duration("flood_mute").unwrap_or_else(|| Duration::minutes(10));
        let until = self.msg.date + length;
        // Whatever Telegram says, this burst is handled: one try, one notice.
        self.ctx.state::<State>().flood_punish(self.chat(), self.sender, until.timestamp());
        if let Err(err) =
            sanctions::impose(self.ctx, self.chat(), self.sender, Sanction::Mute, Some(until)).await
        {
            unable(self.ctx, self.chat(), err, "could not mute a flooder").await;
            return Ok(());
        }
        let reason = t!(self.lang, "mod-flood-reason");
        let entry = LogEntry { until: Some(until), ..self.entry(ModAction::Mute, &reason) };
        if log::record(self.ctx, &entry).await? {
            let minutes = length.num_minutes().max(1);
            self.notice(t!(self.lang, "mod-flood-muted", name = &self.name, minutes = minutes)).await;
        }
        Ok(())
    }

    /// An automatic notice: sent only if a slot is free now, never awaited
    /// for one (the action itself is done and logged).
    async fn notice(&self, text: String) {
        let chat_id = self.chat().0;
        if let Err(err) = send_if_free(&self.ctx.bot, chat_id, thread_of(self.msg), text, None).await {
            tracing::warn!(chat_id, %err, "could not send a moderation notice");
        }
    }
}

/// An automatic action that failed: a missing right is told to the group
/// (once); anything else is only logged.
async fn unable(ctx: &Ctx, chat: ChatId, err: ModError, what: &str) {
    match err {
        ModError::NoRights(right) => tell_no_rights(ctx, chat, right).await,
        other => tracing::warn!(chat_id = chat.0, err = %other, "{what}"),
    }
}

/// Tells a group once (per process) that a right is missing for automatic
/// moderation.
async fn tell_no_rights(ctx: &Ctx, chat: ChatId, right: Right) {
    let state = ctx.state::<State>();
    if !state.first_no_rights(chat, right) {
        return;
    }
    let lang = chat_lang(ctx, chat.0).await;
    match send_if_free(&ctx.bot, chat.0, None, right.missing_text(lang), None).await {
        Ok(Some(_)) => {}
        Ok(None) => state.untell_no_rights(chat, right),
        Err(err) => tracing::warn!(chat_id = chat.0, %err, "could not say that a right is missing"),
    }
}
