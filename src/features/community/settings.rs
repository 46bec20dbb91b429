//! /settings and /set, from the settings registry (the same parsing and
//! validation the dashboard's form uses).

use std::sync::Arc;

use teloxide::types::Message;

use crate::{
    i18n::Lang,
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
    let Some((key, value)) = cmd.args.split_once(char::is_whitespace) else {
        reply(&bot, &msg, t!(lang, "set-usage", keys = keys(&ctx))).await?;
        return Ok(());
    };
    let key = key.to_lowercase();
    match apply(&ctx, msg.chat.id.0, &key, value).await? {
        Ok(canonical) => {
            let lang = chat_lang(&ctx, msg.chat.id.0).await;
            reply(
                &bot,
                &msg,
                t!(lang, "set-done", key = html::escape(&key), value = html::escape(&canonical)),
            )
            .await?;
        }
        Err(err) => {
            reply(&bot, &msg, refusal_text(&ctx, lang, &key, value, &err)).await?;
        }
    }
    Ok(())
}

/// The registry's keys, as /set lists them.
fn keys(ctx: &Ctx) -> String {
    ctx.settings.registry().iter().map(|d| d.key).collect::<Vec<_>>().join(", ")
}

/// What `/set key value` changes, for the command and the dashboard alike:
/// `value` parsed and validated by the registry against the chat's current
/// settings, stored in its canonical form, the chat's cached settings
/// forgotten (so `/settings` shows it at once). The canonical value, or why
/// it was refused (nothing changed).
pub async fn apply(
    ctx: &Ctx,
    chat_id: i64,
    key: &str,
    value: &str,
) -> anyhow::Result<Result<String, SettingError>> {
    let key = key.to_lowercase();
    let current = ctx.chat_settings(chat_id).await?;
    match ctx.settings.registry().validate(&current, &key, value) {
        Ok(canonical) => {
            ctx.settings.set(&ctx.db, chat_id, &key, &canonical).await?;
            Ok(Ok(canonical))
        }
        Err(err) => Ok(Err(err)),
    }
}

/// `/set`'s answer to a refused value (HTML, as Telegram takes it).
pub fn refusal_text(ctx: &Ctx, lang: Lang, key: &str, value: &str, err: &SettingError) -> String {
    let raw_key = key;
    // A key the registry knows is plain ASCII; escaped all the same.
    let escaped = html::escape(key);
    let key = escaped.as_str();
    match err {
        SettingError::UnknownKey => {
            let key = html::escape(&html::truncate(raw_key, 64));
            t!(lang, "set-unknown-key", key = key, keys = keys(ctx))
        }
        SettingError::BadValue { expected } => {
            let value = html::escape(&html::truncate(value.trim(), 64));
            t!(lang, "set-bad-value", key = key, value = value, expected = html::escape(expected))
        }
        SettingError::OutOfOrder { other, bound, above } => {
            let value = html::escape(&html::truncate(value.trim(), 64));
            if *above {
                t!(lang, "set-must-be-above", key = key, value = value, other = *other, bound = *bound)
            } else {
                t!(lang, "set-must-be-below", key = key, value = value, other = *other, bound = *bound)
            }
        }
    }
}
