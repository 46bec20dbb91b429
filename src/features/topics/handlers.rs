//! Topics handlers: `/settopic`, `/topics`, and `thread_for` / `post`, which
//! every feature uses to put a kind of post in its topic.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use teloxide::{
    RequestError,
    types::{Message, MessageId, ReplyMarkup, ThreadId},
};

use super::{
    logic::{SetTopic, TopicKind, parse_set_topic},
    store,
};
use crate::{
    app::Ctx,
    features::community::{self, lang_of, require_admin},
    i18n::Lang,
    t,
    telegram::{
        HearthBot,
        command::Command,
        send::{self, Failure, classify, reply},
    },
};

type HandlerResult = anyhow::Result<()>;

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
    if let Ok(mut cache) = ctx.state.topics.cache.lock() {
        cache.remove(&chat_id);
    }
}

/// The topic `kind` posts go to in a chat: `None` for the general topic (or
/// a chat that is not a forum).
pub async fn thread_for(ctx: &Ctx, chat_id: i64, kind: TopicKind) -> Option<ThreadId> {
    if chat_id > 0 {
        return None;
    }
    if let Ok(cache) = ctx.state.topics.cache.lock()
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
    if let Ok(mut cache) = ctx.state.topics.cache.lock() {
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
    let thread = thread_for(ctx, chat_id, kind).await;
    match send::send(bot, chat_id, thread, text.clone(), markup.clone()).await {
        Err(err) if thread.is_some() && classify(&err) == Failure::Other => {
            tracing::warn!(chat_id, kind = kind.as_str(), %err, "topic refused the post; using the general topic");
            forget(ctx, chat_id);
            send::send(bot, chat_id, None, text, markup).await
        }
        other => other,
    }
}

/// The localized description of a kind.
pub fn kind_name(lang: Lang, kind: TopicKind) -> String {
    crate::i18n::text(lang, &format!("topic-kind-{}", kind.as_str()), None)
}

fn kinds_list() -> String {
    TopicKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>().join("|")
}

/// `/settopic <kind>` inside a topic binds it; `/settopic <kind> off` unbinds.
pub async fn set_topic(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    if !require_admin(&bot, &ctx, &msg).await? {
        return Ok(());
    }
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    if !community::store::is_forum(&msg.chat) {
        reply(&bot, &msg, t!(lang, "settopic-not-forum")).await?;
        return Ok(());
    }
    let Some(action) = parse_set_topic(&cmd.args) else {
        reply(&bot, &msg, t!(lang, "settopic-usage", kinds = kinds_list())).await?;
        return Ok(());
    };
    match action {
        SetTopic::Bind(kind) => {
            let Some(thread) = send::thread_of(&msg) else {
                reply(&bot, &msg, t!(lang, "settopic-not-in-topic", kind = kind.as_str())).await?;
                return Ok(());
            };
            let by = msg.from.as_ref().map(|u| u.id.0 as i64).unwrap_or(0);
            store::bind(&ctx.db, chat_id, kind, thread.0.0, by, msg.date).await?;
            forget(&ctx, chat_id);
            let mut text = t!(lang, "settopic-bound", kind = kind_name(lang, kind));
            if kind == TopicKind::Log {
                text.push('\n');
                text.push_str(&t!(lang, "settopic-log-note"));
            }
            reply(&bot, &msg, text).await?;
        }
        SetTopic::Unbind(kind) => {
            let text = if store::unbind(&ctx.db, chat_id, kind).await? {
                t!(lang, "settopic-unbound", kind = kind_name(lang, kind))
            } else {
                t!(lang, "settopic-was-not-bound", kind = kind_name(lang, kind))
            };
            forget(&ctx, chat_id);
            reply(&bot, &msg, text).await?;
        }
    }
    Ok(())
}

/// `/topics`: where each kind of post goes.
pub async fn list_topics(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    if !require_admin(&bot, &ctx, &msg).await? {
        return Ok(());
    }
    let lang = lang_of(&ctx, &msg).await;
    if !community::store::is_forum(&msg.chat) {
        reply(&bot, &msg, t!(lang, "settopic-not-forum")).await?;
        return Ok(());
    }
    let bound: HashMap<TopicKind, i32> = store::bindings(&ctx.db, msg.chat.id.0).await?.into_iter().collect();
    let mut out = vec![t!(lang, "topics-header")];
    for kind in TopicKind::ALL {
        let place = match bound.get(&kind) {
            Some(thread) => t!(lang, "topics-in-topic", thread = *thread),
            None => t!(lang, "topics-general"),
        };
        out.push(t!(lang, "topics-row", kind = kind.as_str(), name = kind_name(lang, kind), place = place));
    }
    out.push(String::new());
    out.push(t!(lang, "topics-hint"));
    reply(&bot, &msg, out.join("\n")).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_name_in_both_languages() {
        for lang in Lang::ALL {
            for kind in TopicKind::ALL {
                assert!(!kind_name(lang, kind).starts_with("topic-kind-"), "{kind} in {}", lang.code());
            }
        }
    }
}
