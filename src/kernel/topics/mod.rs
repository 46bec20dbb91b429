//! Where a kind of post goes in a forum supergroup: each kind (welcomes,
//! introductions, idea cards, the digest, the log, help questions) can be
//! bound to a topic (`/settopic`, the topics feature). `thread_for` is what
//! every feature asks before posting; unbound kinds go to the general topic.

pub mod store;

pub use store::help_thread;

use std::{
    collections::HashMap,
    fmt,
    str::FromStr,
    sync::Mutex,
    time::{Duration, Instant},
};

use teloxide::{
    RequestError,
    types::{Message, MessageId, ReplyMarkup, ThreadId},
};

use super::Ctx;
use crate::{
    i18n::Lang,
    telegram::{
        HearthBot,
        send::{self, Failure, classify},
    },
};

/// A kind of post that can live in its own forum topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TopicKind {
    /// Welcomes of newcomers (onboarding).
    Welcome,
    /// Introductions posted from the DM dialogue (onboarding).
    Intro,
    /// Idea cards and "you asked — we delivered" announcements.
    Ideas,
    /// The weekly digest and badge announcements.
    Digest,
    /// The admins' log, when the log chat is the group itself.
    Log,
    /// Where questions are asked ("questions answered" counts only these).
    Help,
    /// Scheduled rubric posts of the content calendar.
    Rubric,
}

impl TopicKind {
    pub const ALL: [TopicKind; 7] = [
        TopicKind::Welcome,
        TopicKind::Intro,
        TopicKind::Ideas,
        TopicKind::Digest,
        TopicKind::Log,
        TopicKind::Help,
        TopicKind::Rubric,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TopicKind::Welcome => "welcome",
            TopicKind::Intro => "intro",
            TopicKind::Ideas => "ideas",
            TopicKind::Digest => "digest",
            TopicKind::Log => "log",
            TopicKind::Help => "help",
            TopicKind::Rubric => "rubric",
        }
    }
}

impl fmt::Display for TopicKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TopicKind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_lowercase();
        TopicKind::ALL.into_iter().find(|k| k.as_str() == lower).ok_or(())
    }
}

/// What `/settopic` was asked to do.
/// How long a chat's bindings are trusted before they are read again (a
/// group may turn topics off in its settings; hearth learns it from the next
/// message's chat, and from here within this long).
const CACHE_TTL: Duration = Duration::from_secs(60);
const CACHE_CAP: usize = 10_000;

/// A chat's bindings (`None` when it is not a forum).
type Bindings = Option<HashMap<TopicKind, i32>>;

/// Per chat: its bindings, and when they were read.
#[derive(Default)]
pub struct State {
    cache: Mutex<HashMap<i64, (Instant, Bindings)>>,
}

/// Drops a chat's cached bindings (after /settopic, a migration, a failed post).
pub fn forget(ctx: &Ctx, chat_id: i64) {
    if let Ok(mut cache) = ctx.state::<State>().cache.lock() {
        cache.remove(&chat_id);
    }
}

/// The topic `kind` posts go to in a chat: `None` for the general topic (or
/// a chat that is not a forum).
pub async fn thread_for(ctx: &Ctx, chat_id: i64, kind: TopicKind) -> Option<ThreadId> {
    if chat_id > 0 {
        return None;
    }
    if let Ok(cache) = ctx.state::<State>().cache.lock()
        && let Some((at, bindings)) = cache.get(&chat_id)
        && at.elapsed() < CACHE_TTL
    {
        return lookup(bindings.as_ref(), kind);
    }
    let loaded = match load(ctx, chat_id).await {
        Ok(b) => b,
        Err(err) => {
            tracing::warn!(chat_id, %err, "could not read topic bindings; posting to the general topic");
            return None;
        }
    };
    let thread = lookup(loaded.as_ref(), kind);
    if let Ok(mut cache) = ctx.state::<State>().cache.lock() {
        if cache.len() >= CACHE_CAP {
            cache.clear();
        }
        cache.insert(chat_id, (Instant::now(), loaded));
    }
    thread
}

fn lookup(bindings: Option<&HashMap<TopicKind, i32>>, kind: TopicKind) -> Option<ThreadId> {
    bindings?.get(&kind).map(|t| ThreadId(MessageId(*t)))
}

async fn load(ctx: &Ctx, chat_id: i64) -> sqlx::Result<Option<HashMap<TopicKind, i32>>> {
    if !store::is_forum(&ctx.db, chat_id).await? {
        return Ok(None);
    }
    Ok(Some(store::bindings(&ctx.db, chat_id).await?.into_iter().collect()))
}

/// Sends a post of `kind` to its topic. When Telegram refuses the topic (it
/// was deleted or closed, or topics were turned off), the post goes to the
/// general topic instead.
pub async fn post(
    bot: &HearthBot,
    ctx: &Ctx,
    chat_id: i64,
    kind: TopicKind,
    text: impl Into<String>,
    markup: Option<ReplyMarkup>,
) -> Result<Message, RequestError> {
    let text = text.into();
    post_with(ctx, chat_id, kind, |thread| send::send(bot, chat_id, thread, text.clone(), markup.clone()))
        .await
}

/// Like `post`, for any kind of send (a photo, …): `send` is called with the
/// kind's topic, and once more with the general topic when the topic
/// refuses it.
pub async fn post_with<T, F, Fut>(
    ctx: &Ctx,
    chat_id: i64,
    kind: TopicKind,
    send: F,
) -> Result<T, RequestError>
where
    F: Fn(Option<ThreadId>) -> Fut,
    Fut: std::future::Future<Output = Result<T, RequestError>>,
{
    let thread = thread_for(ctx, chat_id, kind).await;
    match send(thread).await {
        Err(err) if thread.is_some() && classify(&err) == Failure::Other => {
            tracing::warn!(chat_id, kind = kind.as_str(), %err, "topic refused the post; using the general topic");
            forget(ctx, chat_id);
            send(None).await
        }
        other => other,
    }
}

/// The localized description of a kind.
pub fn kind_name(lang: Lang, kind: TopicKind) -> String {
    crate::i18n::named(lang, "topic-kind", kind.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in TopicKind::ALL {
            assert_eq!(k.as_str().parse::<TopicKind>(), Ok(k));
        }
        assert_eq!("IDEAS".parse::<TopicKind>(), Ok(TopicKind::Ideas));
        assert!("offtopic".parse::<TopicKind>().is_err());
    }

    #[test]
    fn every_kind_has_a_name_in_both_languages() {
        for lang in Lang::ALL {
            for kind in TopicKind::ALL {
                assert!(!kind_name(lang, kind).starts_with("topic-kind-"), "{kind} in {}", lang.code());
            }
        }
    }
}
