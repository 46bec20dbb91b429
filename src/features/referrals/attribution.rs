//! Who brought a newcomer: on a real join, the referral is recorded for the
//! owner of the invite link it came by, or for whoever's code the newcomer
//! opened with `/start` first; self-referrals and rejoins never count.

use chrono::{DateTime, Utc};
use teloxide::types::{ChatId, ChatInviteLink, UserId};

use super::{
    logic::{self, VoidReason},
    store,
};
use crate::kernel::{
    Ctx, HandlerResult,
    members::{JoinKind, MemberEvent},
};

/// The member whose link this is, if the bot made it and it still counts.
async fn link_referrer(
    ctx: &Ctx,
    chat: ChatId,
    link: &ChatInviteLink,
    at: DateTime<Utc>,
) -> anyhow::Result<Option<UserId>> {
    let owner = store::link_owner(&ctx.db, chat, &link.invite_link).await?;
    if link.is_revoked {
        if owner.is_some() {
            store::revoke_link(&ctx.db, chat, &link.invite_link, at).await?;
        }
        return Ok(None);
    }
    Ok(match owner {
        Some((_, true)) => None,
        Some((owner, false)) => Some(owner),
        // Matched on the name, for the bot's own links only.
        None if link.creator.id == ctx.me.user.id => link
            .name
            .as_deref()
            .and_then(logic::parse_invite_link_name)
            .filter(|id| *id > 0)
            .map(|id| UserId(id as u64)),
        None => None,
    })
}

/// A real join (after onboarding's): attribute it to a referrer by the
/// invite link, or by an earlier `/start ref_<code>`.
pub async fn on_join(ctx: &Ctx, ev: &MemberEvent) -> HandlerResult {
    let chat = ChatId(ev.chat_id);
    let newcomer = ev.user.id;
    if ev.kind == JoinKind::Returning {
        // Left before qualifying: that referral never counts.
        store::void(&ctx.db, chat, newcomer, VoidReason::Left, ev.at).await?;
    }
    let by_link = match &ev.invite_link {
        Some(link) => link_referrer(ctx, chat, link, ev.at).await?,
        None => None,
    };
    let (referrer, via) = match by_link {
        Some(r) => (r, "link"),
        None => match store::claimed_by(&ctx.db, chat, newcomer).await? {
            Some(r) => (r, "code"),
            None => return Ok(()),
        },
    };
    let void = if referrer == newcomer {
        Some(VoidReason::SelfReferral)
    } else if ev.kind != JoinKind::First {
        Some(VoidReason::Rejoin)
    } else {
        None
    };
    if store::record(&ctx.db, chat, newcomer, referrer, via, ev.at, void).await? {
        tracing::info!(
            chat_id = chat.0,
            user_id = newcomer.0,
            referrer = referrer.0,
            via,
            void = ?void,
            "referral recorded"
        );
    }
    Ok(())
}
