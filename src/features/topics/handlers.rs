//! `/settopic` and `/topics`.

use std::{collections::HashMap, sync::Arc};

use teloxide::types::Message;

use super::logic::{SetTopic, parse_set_topic};
use crate::{
    kernel::{
        Ctx, HandlerResult,
        lang::lang_of,
        members::{self},
        topics::{self, TopicKind},
    },
    t,
    telegram::{
        HearthBot,
        command::Command,
        send::{self, reply},
    },
};

fn kinds_list() -> String {
    TopicKind::ALL.iter().map(|k| k.as_str()).collect::<Vec<_>>().join("|")
}

/// `/settopic <kind>` inside a topic binds it; `/settopic <kind> off` unbinds.
pub async fn set_topic(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat_id = msg.chat.id.0;
    if !members::is_forum(&msg.chat) {
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
            topics::store::bind(&ctx.db, chat_id, kind, thread.0.0, by, msg.date).await?;
            topics::forget(&ctx, chat_id);
            let mut text = t!(lang, "settopic-bound", kind = topics::kind_name(lang, kind));
            if kind == TopicKind::Log {
                text.push('\n');
                text.push_str(&t!(lang, "settopic-log-note"));
            }
            reply(&bot, &msg, text).await?;
        }
        SetTopic::Unbind(kind) => {
            let text = if topics::store::unbind(&ctx.db, chat_id, kind).await? {
                t!(lang, "settopic-unbound", kind = topics::kind_name(lang, kind))
            } else {
                t!(lang, "settopic-was-not-bound", kind = topics::kind_name(lang, kind))
            };
            topics::forget(&ctx, chat_id);
            reply(&bot, &msg, text).await?;
        }
    }
    Ok(())
}

/// `/topics`: where each kind of post goes.
pub async fn list_topics(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    if !members::is_forum(&msg.chat) {
        reply(&bot, &msg, t!(lang, "settopic-not-forum")).await?;
        return Ok(());
    }
    let bound: HashMap<TopicKind, i32> =
        topics::store::bindings(&ctx.db, msg.chat.id.0).await?.into_iter().collect();
    let mut out = vec![t!(lang, "topics-header")];
    for kind in TopicKind::ALL {
        let place = match bound.get(&kind) {
            Some(thread) => t!(lang, "topics-in-topic", thread = *thread),
            None => t!(lang, "topics-general"),
        };
        out.push(t!(
            lang,
            "topics-row",
            kind = kind.as_str(),
            name = topics::kind_name(lang, kind),
            place = place
        ));
    }
    out.push(String::new());
    out.push(t!(lang, "topics-hint"));
    reply(&bot, &msg, out.join("\n")).await?;
    Ok(())
}
