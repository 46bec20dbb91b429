//! The bot's own membership: added, promoted, removed, blocked in a DM —
//! recorded, and the chat greeted.

use std::sync::Arc;

use teloxide::types::ChatMemberUpdated;

use crate::{
    kernel::{
        Ctx, HandlerResult,
        lang::chat_lang,
        members::{
            logic::{self, MemberChange},
            store::{self as members, BotRights},
        },
    },
    t,
    telegram::HearthBot,
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
