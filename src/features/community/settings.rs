//! /settings and /set, from the settings registry (the same parsing and
//! validation the dashboard's form uses).

use std::sync::Arc;

use teloxide::types::Message;

use crate::{
    kernel::{
        Ctx, HandlerResult,
        lang::{chat_lang, lang_of},
    },
    settings::SettingError,
    t,
    telegram::{HearthBot, command::Command, html, send::reply},
};

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
