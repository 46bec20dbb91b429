//! Referral handlers and the qualification job: thin — parse, authorize,
//! call logic and the store, reply.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::{
    prelude::*,
    types::{ChatInviteLink, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyMarkup},
};

use super::{
    buttons::ReferralButton,
    logic::{self, Invitee, QualifyRules, ReferralStatus, VoidReason},
    store,
};
use crate::{
    db,
    features::{
        onboarding,
        points::{
            handlers::check_badges,
            logic::{Reason, Reference},
            store::{self as points, Award},
        },
    },
    i18n::Lang,
    kernel::{
        Ctx, HandlerResult,
        access::require_admin,
        format,
        lang::{chat_lang, lang_of, user_lang},
        members::{self, JoinKind, MemberEvent},
        notify, toast,
    },
    t,
    telegram::{
        HearthBot,
        callback::Button,
        command::Command,
        html,
        send::{reply, reply_markup, retrying, send},
    },
};

/// A member's way in: their invite link, or (where the bot may not make
/// links) the bot's deep link with their code.
enum Invite {
    Link(String),
    DeepLink(String),
}

fn deep_link(ctx: &Ctx, chat_id: i64, user_id: i64) -> String {
    format!("https://t.me/{}?start={}", ctx.bot_username(), logic::start_payload(chat_id, user_id))
}

/// The stored link, or a new one from createChatInviteLink (named
/// `ref <user id>`); the deep link when Telegram says no.
async fn invite_for(
    bot: &HearthBot,
    ctx: &Ctx,
    chat_id: i64,
    user_id: i64,
    at: DateTime<Utc>,
) -> anyhow::Result<Invite> {
    if let Some(url) = store::link(&ctx.db, chat_id, user_id).await? {
        return Ok(Invite::Link(url));
    }
    let name = logic::invite_link_name(user_id);
    match retrying(|| bot.create_chat_invite_link(ChatId(chat_id)).name(name.clone()).send()).await {
        Ok(link) => {
            let url = store::save_link(&ctx.db, chat_id, user_id, &link.invite_link, &name, at).await?;
            Ok(Invite::Link(url))
        }
        Err(err) => {
            tracing::warn!(chat_id, user_id, %err, "cannot create an invite link; giving the deep link");
            Ok(Invite::DeepLink(deep_link(ctx, chat_id, user_id)))
        }
    }
}

/// Where the link goes: the member's DM, or a reply to their command.
enum Deliver<'a> {
    Dm,
    Group(&'a Message),
}

async fn deliver_invite(
    bot: &HearthBot,
    ctx: &Ctx,
    chat_id: i64,
    user_id: i64,
    to: Deliver<'_>,
    at: DateTime<Utc>,
) -> HandlerResult {
    let invite = invite_for(bot, ctx, chat_id, user_id, at).await?;
    let counts = store::counts(&ctx.db, chat_id, user_id).await?;
    let title = html::escape(&members::chat_title(&ctx.db, chat_id).await?.unwrap_or_default());
    let text = |lang: Lang| {
        let body = match &invite {
            Invite::Link(url) => t!(lang, "ref-invite-link", chat = title.clone(), url = html::escape(url)),
            Invite::DeepLink(url) => {
                t!(lang, "ref-invite-deeplink", chat = title.clone(), url = html::escape(url))
            }
        };
        let stats = t!(lang, "ref-invite-stats", joined = counts.invited, qualified = counts.qualified);
        format!("{body}\n\n{stats}")
    };
    let dm_lang = user_lang(ctx, user_id).await;
    match to {
        Deliver::Dm => {
            notify::dm(bot, ctx, user_id, text(dm_lang), None).await?;
        }
        Deliver::Group(msg) => {
            let sent = members::dm_open(&ctx.db, user_id).await?
                && notify::dm(bot, ctx, user_id, text(dm_lang), None).await?;
            if !sent {
                reply(bot, msg, text(chat_lang(ctx, chat_id).await)).await?;
            }
        }
    }
    Ok(())
}

/// `/invite`: in a group, the member's link for it (to their DM when open);
/// in a DM, the bot asks which chat.
pub async fn invite(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let Some(user) = msg.from.as_ref().filter(|u| !u.is_bot) else { return Ok(()) };
    let user_id = user.id.0 as i64;
    if !msg.chat.is_private() {
        if msg.sender_chat.is_some() {
            return Ok(());
        }
        return deliver_invite(&bot, &ctx, msg.chat.id.0, user_id, Deliver::Group(&msg), msg.date).await;
    }
    let lang = lang_of(&ctx, &msg).await;
    let chats = members::shared_chats(&ctx.db, user_id).await?;
    match chats.as_slice() {
        [] => {
            reply(&bot, &msg, t!(lang, "ref-invite-no-chats")).await?;
        }
        [(chat_id, _)] => deliver_invite(&bot, &ctx, *chat_id, user_id, Deliver::Dm, msg.date).await?,
        many => {
            let rows = many.iter().map(|(chat_id, title)| {
                let data = ReferralButton::PickChat { chat_id: *chat_id }.encode();
                vec![InlineKeyboardButton::callback(html::truncate(title, 60), data)]
            });
            let markup = ReplyMarkup::InlineKeyboard(InlineKeyboardMarkup::new(rows));
            reply_markup(&bot, &msg, t!(lang, "ref-invite-pick"), Some(markup)).await?;
        }
    }
    Ok(())
}

/// A chat button under "which chat?" in the DM.
pub async fn on_pick(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    q: CallbackQuery,
    button: ReferralButton,
) -> HandlerResult {
    let ReferralButton::PickChat { chat_id } = button;
    let user_id = q.from.id.0 as i64;
    if chat_id >= 0 || !members::is_present(&ctx.db, chat_id, user_id).await? {
        return toast::stale(&bot, &ctx, &q).await;
    }
    toast::ack(&bot, &q).await?;
    deliver_invite(&bot, &ctx, chat_id, user_id, Deliver::Dm, ctx.clock.now()).await
}

/// The member whose link this is, if the bot made it and it still counts.
async fn link_referrer(
    ctx: &Ctx,
    chat_id: i64,
    link: &ChatInviteLink,
    at: DateTime<Utc>,
) -> anyhow::Result<Option<i64>> {
    let owner = store::link_owner(&ctx.db, chat_id, &link.invite_link).await?;
    if link.is_revoked {
        if owner.is_some() {
            store::revoke_link(&ctx.db, chat_id, &link.invite_link, at).await?;
        }
        return Ok(None);
    }
    Ok(match owner {
        Some((_, true)) => None,
        Some((owner, false)) => Some(owner),
        // Matched on the name, for the bot's own links only.
        None if link.creator.id == ctx.me.user.id => {
            link.name.as_deref().and_then(logic::parse_invite_link_name).filter(|id| *id > 0)
        }
        None => None,
    })
}

/// A real join (after onboarding's): attribute it to a referrer by the
/// invite link, or by an earlier `/start ref_<code>`.
pub async fn on_join(ctx: &Ctx, ev: &MemberEvent) -> HandlerResult {
    let chat_id = ev.chat_id;
    let user_id = ev.user.id.0 as i64;
    if ev.kind == JoinKind::Returning {
        // Left before qualifying: that referral never counts.
        store::void(&ctx.db, chat_id, user_id, VoidReason::Left, ev.at).await?;
    }
    let by_link = match &ev.invite_link {
        Some(link) => link_referrer(ctx, chat_id, link, ev.at).await?,
        None => None,
    };
    let (referrer, via) = match by_link {
        Some(r) => (r, "link"),
        None => match store::claimed_by(&ctx.db, chat_id, user_id).await? {
            Some(r) => (r, "code"),
            None => return Ok(()),
        },
    };
    let void = if referrer == user_id {
        Some(VoidReason::SelfReferral)
    } else if ev.kind != JoinKind::First {
        Some(VoidReason::Rejoin)
    } else {
        None
    };
    if store::record(&ctx.db, chat_id, user_id, referrer, via, ev.at, void).await? {
        tracing::info!(chat_id, user_id, referrer, via, void = ?void, "referral recorded");
    }
    Ok(())
}

/// `/start ref_<code>` in a DM: remember who sent this user, and show the
/// way into the chat.
pub async fn start_referral(bot: &HearthBot, ctx: &Ctx, msg: &Message, code: &str) -> HandlerResult {
    let lang = lang_of(ctx, msg).await;
    let Some(user) = &msg.from else { return Ok(()) };
    let user_id = user.id.0 as i64;
    let decoded = logic::decode_code(code);
    let title = match decoded {
        Some((chat_id, _)) => members::chat_title(&ctx.db, chat_id).await?,
        None => None,
    };
    let (Some((chat_id, referrer)), Some(title)) = (decoded, title) else {
        reply(bot, msg, t!(lang, "ref-start-invalid")).await?;
        return Ok(());
    };
    let title = html::escape(&title);
    if referrer == user_id {
        reply(bot, msg, t!(lang, "ref-start-own", chat = title)).await?;
        return Ok(());
    }
    if members::is_present(&ctx.db, chat_id, user_id).await? {
        reply(bot, msg, t!(lang, "ref-start-member", chat = title)).await?;
        return Ok(());
    }
    store::claim(&ctx.db, chat_id, user_id, referrer, msg.date).await?;
    let join = match store::link(&ctx.db, chat_id, referrer).await? {
        Some(url) => Some(url),
        None => store::chat_username(&ctx.db, chat_id).await?.map(|u| format!("https://t.me/{u}")),
    };
    let name = format::mention_of(ctx, referrer).await;
    let text = match join {
        Some(url) => t!(lang, "ref-start-ok", chat = title, name = name, url = html::escape(&url)),
        None => t!(lang, "ref-start-ok-nolink", chat = title, name = name),
    };
    reply(bot, msg, text).await?;
    Ok(())
}

/// `/referrals` (mine) and `/referrals all` (admins: top referrers, conversion).
pub async fn referrals(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(user) = &msg.from else { return Ok(()) };
    let chat_id = msg.chat.id.0;
    match cmd.args.to_lowercase().as_str() {
        "" => {
            let user_id = user.id.0 as i64;
            let c = store::counts(&ctx.db, chat_id, user_id).await?;
            let earned = points::total_for(&ctx.db, chat_id, user_id, Reason::ReferralReferrer).await?;
            let text = t!(
                lang,
                "ref-mine",
                invited = c.invited,
                qualified = c.qualified,
                pending = c.pending,
                points = earned
            );
            reply(&bot, &msg, text).await?;
        }
        "all" => {
            if !require_admin(&bot, &ctx, &msg).await? {
                return Ok(());
            }
            let c = store::chat_counts(&ctx.db, chat_id).await?;
            let pct = if c.invited > 0 { c.qualified * 100 / c.invited } else { 0 };
            let mut out = vec![t!(
                lang,
                "ref-all-header",
                invited = c.invited,
                qualified = c.qualified,
                pending = c.pending,
                pct = pct
            )];
            let top = store::top_referrers(&ctx.db, chat_id, None, 10).await?;
            if top.is_empty() {
                out.push(t!(lang, "ref-all-none"));
            }
            for (i, r) in top.iter().enumerate() {
                out.push(t!(
                    lang,
                    "ref-all-row",
                    rank = i + 1,
                    name = format::mention_of(&ctx, r.referrer_id).await,
                    invited = r.invited,
                    qualified = r.qualified
                ));
            }
            reply(&bot, &msg, out.join("\n")).await?;
        }
        _ => {
            reply(&bot, &msg, t!(lang, "ref-usage")).await?;
        }
    }
    Ok(())
}

/// Settles pending referrals: void the ones whose newcomer left, pay both
/// sides of the ones that qualified (once: the referral's status and the
/// ledger's unique key, in one transaction).
pub async fn qualify_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    for r in store::pending(&ctx.db).await? {
        let Some(joined_at) = db::parse_ts(&r.joined_at) else { continue };
        let settings = ctx.chat_settings(r.chat_id).await?;
        let count = |key: &str| u32::try_from(settings.int(key).max(0)).unwrap_or(u32::MAX);
        let rules = QualifyRules {
            require_rules: settings.bool("gate") && r.gated.unwrap_or(false),
            min_messages: count("referral_min_messages"),
            qualify_days: count("referral_qualify_days"),
        };
        let invitee = Invitee {
            joined_at,
            rules_accepted: onboarding::store::accepted_rules(&ctx.db, r.chat_id, r.user_id).await?,
            messages: u32::try_from(r.messages.max(0)).unwrap_or(u32::MAX),
            left: r.status.as_deref().is_some_and(|s| s == "left" || s == "kicked")
                || r.join_count.unwrap_or(0) > 1,
            self_referral: r.referrer_id == r.user_id,
            first_join: true,
        };
        match logic::referral_status(&rules, &invitee, now) {
            ReferralStatus::Pending { .. } => {}
            ReferralStatus::Void(reason) => {
                store::void(&ctx.db, r.chat_id, r.user_id, reason, now).await?;
            }
            ReferralStatus::Qualified => {
                let referrer_points = settings.int("referral_points");
                let welcome_points = settings.int("welcome_points");
                let to_referrer = Award {
                    chat_id: r.chat_id,
                    user_id: r.referrer_id,
                    points: referrer_points,
                    reason: Reason::ReferralReferrer,
                    reference: Reference::User(r.user_id),
                    note: None,
                    by: None,
                    at: now,
                };
                let to_newcomer = Award {
                    user_id: r.user_id,
                    points: welcome_points,
                    reason: Reason::ReferralNewcomer,
                    reference: Reference::User(r.referrer_id),
                    ..to_referrer.clone()
                };
                if !store::qualify(&ctx.db, &r, &to_referrer, &to_newcomer).await? {
                    continue;
                }
                tracing::info!(
                    chat_id = r.chat_id,
                    newcomer = r.user_id,
                    referrer = r.referrer_id,
                    "referral qualified"
                );
                tell_both(&ctx, &r, referrer_points, welcome_points).await?;
                check_badges(&ctx, r.chat_id, r.referrer_id, now, false).await?;
            }
        }
    }
    Ok(())
}

async fn tell_both(
    ctx: &Ctx,
    r: &store::Pending,
    referrer_points: i64,
    welcome_points: i64,
) -> HandlerResult {
    let title = html::escape(&members::chat_title(&ctx.db, r.chat_id).await?.unwrap_or_default());
    let newcomer = format::mention_of(ctx, r.user_id).await;
    let referrer = format::mention_of(ctx, r.referrer_id).await;
    let chat_lang = chat_lang(ctx, r.chat_id).await;

    let lang = user_lang(ctx, r.referrer_id).await;
    let dm = t!(
        lang,
        "ref-paid-referrer",
        name = newcomer.clone(),
        chat = title.clone(),
        points = referrer_points
    );
    let group = t!(
        chat_lang,
        "ref-paid-referrer-group",
        referrer = referrer.clone(),
        name = newcomer.clone(),
        points = referrer_points
    );
    tell(ctx, r.chat_id, r.referrer_id, dm, group).await?;

    let lang = user_lang(ctx, r.user_id).await;
    let dm = t!(lang, "ref-paid-newcomer", name = referrer.clone(), chat = title, points = welcome_points);
    let group = t!(
        chat_lang,
        "ref-paid-newcomer-group",
        referrer = referrer,
        name = newcomer,
        points = welcome_points
    );
    tell(ctx, r.chat_id, r.user_id, dm, group).await
}

/// A DM when the member's DM is open, else a message in the group.
async fn tell(ctx: &Ctx, chat_id: i64, user_id: i64, dm: String, group: String) -> HandlerResult {
    if members::dm_open(&ctx.db, user_id).await? && notify::dm(&ctx.bot, ctx, user_id, dm, None).await? {
        return Ok(());
    }
    if let Err(err) = send(&ctx.bot, chat_id, None, group, None).await {
        tracing::warn!(chat_id, user_id, %err, "could not tell a member about their referral reward");
    }
    Ok(())
}
