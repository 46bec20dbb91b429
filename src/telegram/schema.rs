//! The whole handler tree, readable in one screen. Every message is tracked
//! first (chat, member, activity); then migrations, joins, commands, and the
//! plain-message pipeline; callbacks are routed by their feature prefix.

use std::sync::Arc;

use teloxide::{dispatching::UpdateHandler, prelude::*};

use super::{
    HearthBot, callback,
    command::{Command, Place},
    send::reply,
};
use crate::{
    app::Ctx,
    features::{
        self, community, ideas, moderation, nps, nudges, onboarding, points, referrals, stats, topics,
    },
    ingest::Incoming,
};

type Tree = UpdateHandler<anyhow::Error>;

pub fn tree() -> Tree {
    dptree::entry()
        .branch(dptree::filter_map(Incoming::message).chain(messages()))
        .branch(dptree::filter_map(Incoming::update).chain(other_updates()))
}

/// Joins and leaves as chat_member updates, edits and buttons.
fn other_updates() -> Tree {
    dptree::entry()
        .branch(Update::filter_my_chat_member().endpoint(community::on_my_chat_member))
        .branch(Update::filter_chat_member().endpoint(on_chat_member))
        .branch(Update::filter_edited_message().endpoint(on_edited_message))
        .branch(Update::filter_callback_query().branch(callbacks()).endpoint(on_unknown_callback))
}

/// The hot path: messages are shared (`Arc<Message>`) up to the commands,
/// which get their own copy.
fn messages() -> Tree {
    dptree::entry()
        .inspect_async(community::track_message)
        .branch(dptree::filter(|m: Arc<Message>| m.chat_migration().is_some()).endpoint(on_migration))
        .branch(dptree::filter(is_join_or_leave).endpoint(on_join_message))
        .branch(dptree::filter_map(command).map(|m: Arc<Message>| Message::clone(&m)).branch(commands()))
        .branch(dptree::filter(|m: Arc<Message>| m.chat.is_private()).endpoint(on_private_message))
        .endpoint(on_group_message)
}

fn commands() -> Tree {
    dptree::entry()
        // community
        .branch(cmd("help").endpoint(community::help))
        .branch(cmd("start").filter(|m: Message| m.chat.is_private()).endpoint(on_start))
        .branch(cmd("settings").endpoint(community::show_settings))
        .branch(cmd("set").endpoint(community::set))
        .branch(cmd("setlogchat").endpoint(community::set_log_chat))
        // onboarding
        .branch(cmd("rules").endpoint(onboarding::handlers::rules))
        .branch(cmd("setrules").endpoint(onboarding::handlers::set_rules))
        .branch(cmd("setwelcome").endpoint(onboarding::handlers::set_welcome))
        .branch(cmd("resetwelcome").endpoint(onboarding::handlers::reset_welcome))
        .branch(cmd("addlink").endpoint(onboarding::handlers::add_link))
        .branch(cmd("dellink").endpoint(onboarding::handlers::del_link))
        .branch(cmd("links").endpoint(onboarding::handlers::list_links))
        .branch(cmd("setgoals").endpoint(onboarding::handlers::set_goals))
        .branch(cmd("onboarding").endpoint(onboarding::handlers::funnel))
        .branch(cmd("cancel").filter(|m: Message| m.chat.is_private()).endpoint(onboarding::handlers::cancel))
        // referrals and points
        .branch(cmd("invite").endpoint(referrals::handlers::invite))
        .branch(cmd("referrals").endpoint(referrals::handlers::referrals))
        .branch(cmd("me").endpoint(points::handlers::me))
        .branch(cmd("top").endpoint(points::handlers::top))
        .branch(cmd("give").endpoint(points::handlers::give))
        // nps and surveys
        .branch(cmd("nps").endpoint(nps::handlers::nps))
        .branch(cmd("npsclose").endpoint(nps::handlers::close))
        .branch(cmd("npsresults").endpoint(nps::handlers::results))
        .branch(cmd("npshistory").endpoint(nps::handlers::history))
        .branch(cmd("survey").endpoint(nps::handlers::survey))
        .branch(cmd("surveyclose").endpoint(nps::handlers::survey_close))
        .branch(cmd("surveyresults").endpoint(nps::handlers::survey_results))
        // moderation
        .branch(cmd("warn").endpoint(moderation::handlers::warn))
        .branch(cmd("unwarn").endpoint(moderation::handlers::unwarn))
        .branch(cmd("warns").endpoint(moderation::handlers::warns))
        .branch(cmd("resetwarns").endpoint(moderation::handlers::reset_warns))
        .branch(cmd("mute").endpoint(moderation::handlers::mute_cmd))
        .branch(cmd("unmute").endpoint(moderation::handlers::unmute_cmd))
        .branch(cmd("ban").endpoint(moderation::handlers::ban_cmd))
        .branch(cmd("unban").endpoint(moderation::handlers::unban_cmd))
        .branch(cmd("kick").endpoint(moderation::handlers::kick_cmd))
        .branch(cmd("filter").endpoint(moderation::handlers::filter))
        .branch(cmd("unfilter").endpoint(moderation::handlers::unfilter))
        .branch(cmd("filters").endpoint(moderation::handlers::filters))
        .branch(cmd("report").endpoint(moderation::handlers::report))
        .branch(cmd("modlog").endpoint(moderation::handlers::modlog))
        // ideas and forum topics
        .branch(cmd("idea").endpoint(ideas::handlers::idea))
        .branch(cmd("ideas").endpoint(ideas::handlers::list))
        .branch(cmd("ideastatus").endpoint(ideas::handlers::set_status))
        .branch(cmd("ideamerge").endpoint(ideas::handlers::merge))
        .branch(cmd("settopic").endpoint(topics::handlers::set_topic))
        .branch(cmd("topics").endpoint(topics::handlers::list_topics))
        // nudges
        .branch(cmd("silent").endpoint(nudges::handlers::silent))
        .branch(cmd("nudges").endpoint(nudges::handlers::nudges_cmd))
        .branch(cmd("addevent").endpoint(nudges::handlers::add_event))
        .branch(cmd("events").endpoint(nudges::handlers::list_events))
        .branch(cmd("delevent").endpoint(nudges::handlers::del_event))
        // analytics
        .branch(cmd("stats").endpoint(stats::handlers::stats))
        .branch(cmd("export").endpoint(stats::handlers::export))
}

fn callbacks() -> Tree {
    dptree::entry()
        .branch(cb("onb", "acc").endpoint(onboarding::handlers::on_accept))
        .branch(cb("onb", "goal").endpoint(onboarding::handlers::on_goal))
        .branch(cb("onb", "ci").endpoint(onboarding::handlers::on_checkin))
        .branch(cb("ref", "inv").endpoint(referrals::handlers::on_pick))
        .branch(cb("nps", "v").endpoint(nps::handlers::on_vote))
        .branch(cb("srv", "a").endpoint(nps::handlers::on_answer))
        .branch(cb("mod", "rep").endpoint(moderation::handlers::on_report_button))
        .branch(cb("idea", "v").endpoint(ideas::handlers::on_vote))
        .branch(cb("ndg", "sv").endpoint(nudges::handlers::on_survey))
}

/// The command `name`; one its `CommandSpec` places in groups, sent in a
/// DM, gets the localized "run it in a group" instead of its handler.
fn cmd(name: &'static str) -> Tree {
    let group_only = features::commands().any(|c| c.name == name && c.place == Place::Group);
    dptree::filter(move |c: Command| c.name == name).branch(
        dptree::filter(move |m: Message| group_only && m.chat.is_private()).endpoint(group_only_reply),
    )
}

async fn group_only_reply(bot: HearthBot, ctx: Arc<Ctx>, msg: Message) -> anyhow::Result<()> {
    let lang = community::lang_of(&ctx, &msg).await;
    reply(&bot, &msg, crate::t!(lang, "error-group-only")).await?;
    Ok(())
}

/// Callback data `<feature>:<action>:…`, handed on as its parts after the
/// feature (`[action, args…]`).
fn cb(feature: &'static str, action: &'static str) -> Tree {
    dptree::filter_map(move |q: CallbackQuery| {
        let parts = callback::parts(q.data.as_deref()?, feature)?;
        (parts.first() == Some(&action))
            .then(|| parts.into_iter().map(str::to_owned).collect::<Vec<String>>())
    })
}

fn is_join_or_leave(m: Arc<Message>) -> bool {
    m.new_chat_members().is_some() || m.left_chat_member().is_some()
}

fn command(msg: Arc<Message>, ctx: Arc<Ctx>) -> Option<Command> {
    Command::from_message(&msg, ctx.bot_username())
}

async fn on_chat_member(bot: HearthBot, ctx: Arc<Ctx>, upd: ChatMemberUpdated) -> anyhow::Result<()> {
    if let Some(joined) = community::on_chat_member(&ctx, &upd).await? {
        moderation::handlers::on_join(&ctx, &joined);
        onboarding::handlers::on_join(&bot, &ctx, &joined).await?;
        referrals::handlers::on_join(&ctx, &joined).await?;
    }
    Ok(())
}

async fn on_join_message(bot: HearthBot, ctx: Arc<Ctx>, msg: Arc<Message>) -> anyhow::Result<()> {
    for joined in community::on_join_message(&ctx, &msg).await? {
        moderation::handlers::on_join(&ctx, &joined);
        onboarding::handlers::on_join(&bot, &ctx, &joined).await?;
        referrals::handlers::on_join(&ctx, &joined).await?;
    }
    Ok(())
}

async fn on_migration(ctx: Arc<Ctx>, msg: Arc<Message>) -> anyhow::Result<()> {
    community::on_migration(&ctx, &msg).await?;
    for id in
        [Some(msg.chat.id.0), msg.migrate_to_chat_id().map(|c| c.0), msg.migrate_from_chat_id().map(|c| c.0)]
            .into_iter()
            .flatten()
    {
        topics::forget(&ctx, id);
        moderation::handlers::forget_chat(&ctx, id);
    }
    Ok(())
}

/// `/start` in a DM, with or without a deep-link payload.
async fn on_start(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> anyhow::Result<()> {
    use onboarding::logic::StartPayload;
    match StartPayload::parse(&cmd.args) {
        Some(StartPayload::Onboarding { chat_id }) => {
            onboarding::handlers::start_intro(&bot, &ctx, &msg, chat_id).await
        }
        Some(StartPayload::Referral { code }) => {
            referrals::handlers::start_referral(&bot, &ctx, &msg, &code).await
        }
        _ => community::start_plain(bot, ctx, msg).await,
    }
}

/// A DM that is not a command: the open dialogue takes it.
async fn on_private_message(bot: HearthBot, ctx: Arc<Ctx>, msg: Arc<Message>) -> anyhow::Result<()> {
    let Some(user) = &msg.from else { return Ok(()) };
    if let Some(dialogue) = community::store::dialogue(&ctx.db, user.id.0 as i64).await? {
        if dialogue.kind == nps::handlers::REASON {
            nps::handlers::on_reason(&bot, &ctx, &msg, dialogue).await?;
        } else if dialogue.kind == nudges::handlers::DIALOGUE {
            nudges::handlers::on_dialogue_message(&bot, &ctx, &msg, dialogue).await?;
        } else {
            onboarding::handlers::on_dialogue_message(&bot, &ctx, &msg, dialogue).await?;
        }
    }
    Ok(())
}

/// Every group message that is not a command of ours. (Counting it — the
/// member's activity, the onboarding funnel — happened in tracking.)
async fn on_group_message(ctx: Arc<Ctx>, msg: Arc<Message>) -> anyhow::Result<()> {
    if msg.from.as_ref().is_some_and(|u| !u.is_bot) && msg.sender_chat.is_none() {
        // A message the rules removed earns nothing.
        if moderation::handlers::on_group_message(&ctx, &msg).await? {
            return Ok(());
        }
        points::handlers::on_group_message(&ctx, &msg).await?;
    }
    Ok(())
}

/// An edited group message: the rules screen it again (a harmless message
/// edited into spam). Nothing else looks at edits.
async fn on_edited_message(ctx: Arc<Ctx>, msg: Message) -> anyhow::Result<()> {
    if !msg.chat.is_private() && msg.from.as_ref().is_some_and(|u| !u.is_bot) && msg.sender_chat.is_none() {
        moderation::handlers::on_edited_message(&ctx, &msg).await?;
    }
    Ok(())
}

async fn on_unknown_callback(bot: HearthBot, ctx: Arc<Ctx>, q: CallbackQuery) -> anyhow::Result<()> {
    // No feature claimed it: forged, stale, or from an older version.
    let lang = crate::i18n::Lang::for_user(q.from.language_code.as_deref(), ctx.config.default_lang);
    bot.answer_callback_query(q.id).text(crate::t!(lang, "callback-stale")).show_alert(true).await?;
    Ok(())
}
