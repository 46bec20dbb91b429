//! The whole handler tree, readable in one screen. Every message is recorded
//! first (chat, member, activity); then migrations, joins, deep links, the
//! features' commands, DMs to the open dialogue, and the plain-message
//! pipeline; buttons go to the feature whose `Button` type decodes them.
//! Each feature builds its own commands and buttons (`features::routes`).

use std::sync::Arc;

use teloxide::{dispatching::UpdateHandler, prelude::*};

use crate::{
    features::{
        self, community, entry, moderation, notes, nps, nudges, onboarding, points, premod, raid, referrals,
    },
    ingest::{Incoming, record},
    kernel::{
        Ctx, HandlerResult, Routes, deep_link::StartPayload, dialogues, members, members::MemberEvent, toast,
    },
    telegram::{HearthBot, command::Command},
};

pub fn tree() -> UpdateHandler<anyhow::Error> {
    let routes = features::routes();
    let commands = routes.iter().flat_map(Routes::commands).fold(dptree::entry(), |tree, r| tree.branch(r));
    let buttons = routes.iter().flat_map(Routes::buttons).fold(dptree::entry(), |tree, r| tree.branch(r));
    dptree::entry()
        .branch(dptree::filter_map(Incoming::message).chain(messages(commands)))
        .branch(dptree::filter_map(Incoming::update).chain(other_updates(buttons)))
}

/// The hot path: messages are shared (`Arc<Message>`) up to the commands,
/// which get their own copy.
fn messages(commands: UpdateHandler<anyhow::Error>) -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .inspect_async(record::track_message)
        .branch(dptree::filter_map(|m: Arc<Message>| members::migration(&m)).endpoint(on_migration))
        .branch(dptree::filter(is_join_or_leave).endpoint(on_join_message))
        .branch(
            dptree::filter_map(command)
                .map(|m: Arc<Message>| Message::clone(&m))
                .branch(dptree::filter_map(deep_link).endpoint(on_deep_link))
                .branch(commands),
        )
        .branch(dptree::filter(|m: Arc<Message>| m.chat.is_private()).endpoint(on_private_message))
        .endpoint(on_group_message)
}

/// Joins and leaves as chat_member updates, edits and buttons.
fn other_updates(buttons: UpdateHandler<anyhow::Error>) -> UpdateHandler<anyhow::Error> {
    dptree::entry()
        .branch(Update::filter_my_chat_member().endpoint(community::on_my_chat_member))
        .branch(Update::filter_chat_member().endpoint(on_chat_member))
        .branch(Update::filter_chat_join_request().endpoint(entry::on_join_request))
        .branch(Update::filter_edited_message().endpoint(on_edited_message))
        .branch(Update::filter_callback_query().branch(buttons).endpoint(on_unknown_button))
}

fn command(msg: Arc<Message>, ctx: Arc<Ctx>) -> Option<Command> {
    Command::from_message(&msg, ctx.bot_username())
}

fn is_join_or_leave(m: Arc<Message>) -> bool {
    m.new_chat_members().is_some() || m.left_chat_member().is_some()
}

/// Every feature that reacts to a newcomer, in order. Raid mode first: in a
/// raid it holds the newcomer, and onboarding, told so, welcomes nobody.
async fn joined(bot: &HearthBot, ctx: &Ctx, ev: &MemberEvent) -> HandlerResult {
    let held = raid::on_join(bot, ctx, ev).await?;
    moderation::on_join(ctx, ev);
    onboarding::on_join(bot, ctx, ev, held).await?;
    referrals::on_join(ctx, ev).await?;
    entry::on_join(bot, ctx, ev).await?;
    Ok(ev.handled(ctx).await?)
}

async fn on_chat_member(bot: HearthBot, ctx: Arc<Ctx>, upd: ChatMemberUpdated) -> HandlerResult {
    match members::on_chat_member(&ctx, &upd).await? {
        Some(ev) => joined(&bot, &ctx, &ev).await,
        None => Ok(()),
    }
}

async fn on_join_message(bot: HearthBot, ctx: Arc<Ctx>, msg: Arc<Message>) -> HandlerResult {
    for ev in members::on_join_message(&ctx, &msg).await? {
        joined(&bot, &ctx, &ev).await?;
    }
    Ok(())
}

async fn on_migration(ctx: Arc<Ctx>, (from, to): (i64, i64)) -> HandlerResult {
    members::on_migration(&ctx, from, to).await?;
    for id in [from, to] {
        moderation::forget_chat(&ctx, id);
        notes::forget_chat(&ctx, id);
        premod::forget_chat(&ctx, id);
    }
    Ok(())
}

/// `/start <payload>` in a DM from a deep link (a plain `/start` is the
/// community's command).
fn deep_link(msg: Message, cmd: Command) -> Option<StartPayload> {
    (cmd.name == "start" && msg.chat.is_private()).then(|| StartPayload::parse(&cmd.args)).flatten()
}

async fn on_deep_link(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, payload: StartPayload) -> HandlerResult {
    match payload {
        StartPayload::Onboarding { chat_id } => onboarding::start_intro(&bot, &ctx, &msg, chat_id).await,
        StartPayload::Referral { code } => referrals::start_referral(&bot, &ctx, &msg, &code).await,
        StartPayload::Customer { token } => entry::start_customer(&bot, &ctx, &msg, &token).await,
    }
}

/// A DM that is not a command: the open dialogue takes it (with none open,
/// it may be an access code).
async fn on_private_message(bot: HearthBot, ctx: Arc<Ctx>, msg: Arc<Message>) -> HandlerResult {
    let Some(user) = &msg.from else { return Ok(()) };
    let Some(dialogue) = dialogues::dialogue(&ctx.db, user.id.0 as i64).await? else {
        return entry::on_free_message(&bot, &ctx, &msg).await;
    };
    match dialogue.kind.as_str() {
        entry::DIALOGUE => entry::on_dialogue_message(&bot, &ctx, &msg, dialogue).await,
        nps::REASON => nps::on_reason(&bot, &ctx, &msg, dialogue).await,
        nudges::DIALOGUE => nudges::on_dialogue_message(&bot, &ctx, &msg, dialogue).await.map(drop),
        _ => onboarding::on_dialogue_message(&bot, &ctx, &msg, dialogue).await.map(drop),
    }
}

/// Every group message that is not a command of ours. (Counting it — the
/// member's activity, the onboarding funnel — happened in recording.) A
/// chat posting as itself (a channel; the group, for an anonymous admin) is
/// screened too, as the actor; nothing else counts it.
async fn on_group_message(ctx: Arc<Ctx>, msg: Arc<Message>) -> HandlerResult {
    if msg.sender_chat.is_some() {
        moderation::screen_message(&ctx, &msg).await?;
    } else if msg.from.as_ref().is_some_and(|u| !u.is_bot) {
        // A message the rules removed earns nothing; nor does a command for
        // another bot (it is screened all the same).
        if moderation::screen_message(&ctx, &msg).await? || !record::is_community_message(&ctx, &msg) {
            return Ok(());
        }
        // A post held for review earns nothing until it is approved.
        if premod::screen_message(&ctx, &msg).await? {
            return Ok(());
        }
        points::on_group_message(&ctx, &msg).await?;
        notes::on_group_message(&ctx, &msg, record::asks(&msg)).await?;
    }
    Ok(())
}

/// An edited group message: the rules screen it again (a harmless message
/// edited into spam), a channel's post too. Nothing else looks at edits.
async fn on_edited_message(ctx: Arc<Ctx>, msg: Message) -> HandlerResult {
    let speaker = msg.sender_chat.is_some() || msg.from.as_ref().is_some_and(|u| !u.is_bot);
    if !msg.chat.is_private() && speaker {
        moderation::screen_edit(&ctx, &msg).await?;
    }
    Ok(())
}

/// No feature's `Button` decodes it: forged, stale, or from an older version.
async fn on_unknown_button(bot: HearthBot, ctx: Arc<Ctx>, q: CallbackQuery) -> HandlerResult {
    toast::stale(&bot, &ctx, &q).await
}
