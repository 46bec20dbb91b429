//! Who is in which chat: chats, users and members as Telegram reports them
//! (joins and leaves, by chat_member updates and by service messages), with
//! Telegram's dates. Every feature reads these; joins are fanned out to the
//! features by the handler tree as `MemberEvent`s.

pub mod logic;
pub mod store;
#[cfg(test)]
pub mod testing;

pub use store::*;

use std::{collections::HashSet, sync::Arc};

use teloxide::{
    prelude::*,
    types::{ChatMemberUpdated, Message, User},
};

use self::logic::MemberChange;
use super::Ctx;
use crate::telegram::{HearthBot, send::retrying};

/// A join the features react to (not a duplicate report, not a bot). Once
/// they all have, `handled` records it; until then (or if they fail) a
/// replay of the update reacts again.
pub struct MemberEvent {
    pub chat_id: i64,
    pub user: User,
    pub at: chrono::DateTime<chrono::Utc>,
    pub kind: JoinKind,
    pub invite_link: Option<teloxide::types::ChatInviteLink>,
    _in_flight: InFlight,
}

impl MemberEvent {
    /// Every feature has reacted to this join.
    pub async fn handled(&self, ctx: &Ctx) -> sqlx::Result<()> {
        store::join_handled(&ctx.db, ChatId(self.chat_id), self.user.id).await
    }
}

/// Joins the features are reacting to in this process, by (chat, user): the
/// second report of one (Telegram sends both a chat_member update and a
/// new_chat_members message) arriving meanwhile — while a welcome waits for
/// the group's sending budget — is a duplicate.
#[derive(Default)]
struct JoinsInFlight(std::sync::Mutex<HashSet<(i64, u64)>>);

/// A join in flight, until dropped (handled or failed).
struct InFlight {
    joins: Arc<JoinsInFlight>,
    key: (i64, u64),
}

impl Drop for InFlight {
    fn drop(&mut self) {
        if let Ok(mut joins) = self.joins.0.lock() {
            joins.remove(&self.key);
        }
    }
}

/// Claims a recorded join for reacting to: `None` if it is already in flight.
fn claim_join(ctx: &Ctx, chat_id: i64, user: &User, kind: JoinKind) -> Option<InFlight> {
    if kind == JoinKind::Duplicate || user.is_bot {
        return None;
    }
    let joins = ctx.state::<JoinsInFlight>();
    let key = (chat_id, user.id.0);
    let fresh = joins.0.lock().map(|mut set| set.insert(key)).unwrap_or(false);
    fresh.then_some(InFlight { joins, key })
}

/// chat_member: joins, leaves, promotions. Returns the join when it is one
/// the features should react to (not a duplicate, not a bot).
pub async fn on_chat_member(ctx: &Ctx, upd: &ChatMemberUpdated) -> anyhow::Result<Option<MemberEvent>> {
    let chat_id = upd.chat.id.0;
    let user = &upd.new_chat_member.user;
    store::upsert_chat(&ctx.db, &upd.chat, upd.date).await?;
    store::upsert_user(&ctx.db, user, upd.date).await?;
    let change = logic::member_change(&upd.old_chat_member.kind, &upd.new_chat_member.kind);
    if matches!(change, MemberChange::Promoted | MemberChange::Demoted)
        || upd.old_chat_member.is_privileged()
        || upd.new_chat_member.is_privileged()
    {
        ctx.admins.invalidate(chat_id);
    }
    let status = logic::status_word(&upd.new_chat_member.kind);
    match change {
        MemberChange::Joined => {
            let link = upd.invite_link.as_ref().map(|l| l.invite_link.as_str());
            let kind = store::record_join(&ctx.db, upd.chat.id, user.id, upd.date, link).await?;
            store::set_member_status(&ctx.db, upd.chat.id, user.id, status).await?;
            Ok(claim_join(ctx, chat_id, user, kind).map(|in_flight| MemberEvent {
                chat_id,
                user: user.clone(),
                at: upd.date,
                kind,
                invite_link: upd.invite_link.clone(),
                _in_flight: in_flight,
            }))
        }
        MemberChange::Left => {
            store::record_leave(&ctx.db, upd.chat.id, user.id, upd.date, status).await?;
            Ok(None)
        }
        _ => {
            store::touch_member(&ctx.db, upd.chat.id, user.id, upd.date).await?;
            store::set_member_status(&ctx.db, upd.chat.id, user.id, status).await?;
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
            let kind = store::record_join(&ctx.db, msg.chat.id, user.id, msg.date, None).await?;
            if let Some(in_flight) = claim_join(ctx, chat_id, user, kind) {
                events.push(MemberEvent {
                    chat_id,
                    user: user.clone(),
                    at: msg.date,
                    kind,
                    invite_link: None,
                    _in_flight: in_flight,
                });
            }
        }
    }
    if let Some(user) = msg.left_chat_member()
        && user.id != ctx.me.user.id
    {
        store::record_leave(&ctx.db, msg.chat.id, user.id, msg.date, "left").await?;
    }
    Ok(events)
}

/// The two ids of a group that became a supergroup: `(from, to)`. Telegram
/// sends `migrate_to` in the old chat and `migrate_from` in the new one.
pub fn migration(msg: &Message) -> Option<(i64, i64)> {
    if let Some(to) = msg.migrate_to_chat_id() {
        Some((msg.chat.id.0, to.0))
    } else {
        msg.migrate_from_chat_id().map(|from| (from.0, msg.chat.id.0))
    }
}

/// A group became a supergroup: everything moves to the new id. Whichever
/// of Telegram's two messages comes first moves the data, the other finds
/// nothing to move. Features drop their caches of both ids (the tree).
pub async fn on_migration(ctx: &Ctx, from: i64, to: i64) -> anyhow::Result<()> {
    tracing::info!(from, to, "chat migrated to a supergroup; moving its data");
    crate::db::move_chat(&ctx.db, from, to).await?;
    ctx.settings.forget(from);
    ctx.settings.forget(to);
    ctx.admins.invalidate(from);
    super::topics::forget(ctx, from);
    super::topics::forget(ctx, to);
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
    user: &User,
    at: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<bool> {
    let user_id = user.id.0 as i64;
    if user.is_bot {
        return Ok(false);
    }
    if store::is_present(&ctx.db, ChatId(chat_id), user.id).await? {
        return Ok(true);
    }
    let asked = retrying(|| bot.get_chat_member(ChatId(chat_id), user.id).send()).await;
    match asked {
        Ok(member) if member.is_present() => {
            store::upsert_user(&ctx.db, user, at).await?;
            store::touch_member(&ctx.db, ChatId(chat_id), user.id, at).await?;
            Ok(true)
        }
        Ok(_) => Ok(false),
        Err(err) => {
            tracing::info!(chat_id, user_id, %err, "could not check a user's membership");
            Ok(false)
        }
    }
}

use teloxide::requests::Request;
