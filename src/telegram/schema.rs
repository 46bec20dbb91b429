//! The whole handler tree, readable in one screen. Every message is tracked
//! first (chat, member, activity); then migrations, joins, commands, and the
//! plain-message pipeline; callbacks are routed by their feature prefix.

use std::sync::Arc;

use teloxide::{dispatching::UpdateHandler, prelude::*, types::Me};

use super::command::Command;
use crate::{app::Ctx, features::community};

type Tree = UpdateHandler<anyhow::Error>;

pub fn tree() -> Tree {
    dptree::entry()
        .branch(Update::filter_my_chat_member().endpoint(community::on_my_chat_member))
        .branch(Update::filter_chat_member().endpoint(on_chat_member))
        .branch(
            Update::filter_message()
                .inspect_async(community::track_message)
                .branch(dptree::filter(|m: Message| m.chat_migration().is_some()).endpoint(on_migration))
                .branch(
                    dptree::filter(|m: Message| {
                        m.new_chat_members().is_some() || m.left_chat_member().is_some()
                    })
                    .endpoint(on_join_message),
                )
                .branch(dptree::filter_map(command).branch(commands()))
                .endpoint(on_plain_message),
        )
        .branch(Update::filter_callback_query().endpoint(on_callback))
}

fn commands() -> Tree {
    dptree::entry()
        .branch(cmd("help").endpoint(community::help))
        .branch(cmd("start").filter(|m: Message| m.chat.is_private()).endpoint(community::start_plain))
        .branch(cmd("settings").endpoint(community::show_settings))
        .branch(cmd("set").endpoint(community::set))
}

fn cmd(name: &'static str) -> Tree {
    dptree::filter(move |c: Command| c.name == name)
}

fn command(msg: Message, me: Me) -> Option<Command> {
    Command::from_message(&msg, me.user.username.as_deref().unwrap_or(""))
}

async fn on_chat_member(ctx: Arc<Ctx>, upd: ChatMemberUpdated) -> anyhow::Result<()> {
    let _joined = community::on_chat_member(&ctx, &upd).await?;
    Ok(())
}

async fn on_join_message(ctx: Arc<Ctx>, msg: Message) -> anyhow::Result<()> {
    let _joined = community::on_join_message(&ctx, &msg).await?;
    Ok(())
}

async fn on_migration(ctx: Arc<Ctx>, msg: Message) -> anyhow::Result<()> {
    community::on_migration(&ctx, &msg).await
}

async fn on_plain_message() -> anyhow::Result<()> {
    Ok(())
}

async fn on_callback(bot: crate::telegram::HearthBot, q: CallbackQuery) -> anyhow::Result<()> {
    // No feature claimed it: forged, stale, or from an older version.
    let lang = crate::i18n::Lang::for_user(q.from.language_code.as_deref(), crate::i18n::Lang::En);
    bot.answer_callback_query(q.id).text(crate::t!(lang, "callback-stale")).show_alert(true).await?;
    Ok(())
}
