//! `/nudges off|on` in DM: a member's opt-out, honored at once, for every chat.

use std::sync::Arc;

use teloxide::types::Message;

use super::store;
use crate::{
    kernel::{Ctx, HandlerResult, lang::lang_of},
    t,
    telegram::{HearthBot, command::Command, send::reply},
};

/// `/nudges off|on` in DM: honored at once, for every chat.
pub async fn nudges_cmd(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let Some(user) = &msg.from else { return Ok(()) };
    let user_id = user.id.0 as i64;
    let text = match cmd.args.to_lowercase().as_str() {
        "off" | "выкл" => {
            store::opt_out(&ctx.db, user_id, msg.date).await?;
            t!(lang, "nudge-off")
        }
        "on" | "вкл" => {
            store::opt_in(&ctx.db, user_id, msg.date).await?;
            t!(lang, "nudge-on")
        }
        "" => {
            if store::opted_out(&ctx.db, user_id).await? {
                t!(lang, "nudge-status-off")
            } else {
                t!(lang, "nudge-status-on")
            }
        }
        _ => t!(lang, "nudge-usage"),
    };
    reply(&bot, &msg, text).await?;
    Ok(())
}
