//! Which language to answer in: the user's own in a DM, the chat's setting
//! in a group (else the configured default).

use teloxide::types::{Message, User};

use super::Ctx;
use crate::i18n::Lang;

/// The language to answer `msg` in: the user's in a DM, the chat's in a group.
pub async fn lang_of(ctx: &Ctx, msg: &Message) -> Lang {
    if msg.chat.is_private() {
        lang_of_user(ctx, msg.from.as_ref())
    } else {
        chat_lang(ctx, msg.chat.id.0).await
    }
}

/// A group's language: its `lang` setting, else the configured default.
pub async fn chat_lang(ctx: &Ctx, chat_id: i64) -> Lang {
    match ctx.chat_settings(chat_id).await {
        Ok(s) if s.is_set("lang") => s.lang(),
        _ => ctx.config.default_lang,
    }
}

/// The language Telegram says a user speaks (for a toast or a DM reply).
pub fn lang_of_user(ctx: &Ctx, user: Option<&User>) -> Lang {
    Lang::for_user(user.and_then(|u| u.language_code.as_deref()), ctx.config.default_lang)
}

/// The language for a DM to a user the bot has met (by id only).
pub async fn user_lang(ctx: &Ctx, user_id: i64) -> Lang {
    let code = super::members::store::language_code(&ctx.db, user_id).await.ok().flatten();
    Lang::for_user(code.as_deref(), ctx.config.default_lang)
}
