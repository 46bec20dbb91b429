//! Founders: the customers a community starts with, each invited by a
//! personal single-use link (`/founders <ids>` or in reply to a message
//! with ids; `hearth customers invite FILE.csv --chat <id>`). The links go
//! back as `customer_id,link` CSV for the company to send — the CLI prints
//! it, `/founders` sends it to the admin's DM as a document. `/founders`
//! alone shows how many were invited, joined and posted.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use teloxide::{
    prelude::*,
    types::{Message, UserId},
};

use super::{invites, logic, store, verdicts};
use crate::{
    db::Db,
    features::{customers::store as customers, stats::csv::to_csv},
    kernel::{Ctx, HandlerResult, lang::lang_of},
    t,
    telegram::{
        HearthBot,
        command::Command,
        html,
        send::{Failure, classify, reply, send_document},
    },
};

/// What inviting a list of founders made.
#[derive(Debug, Default)]
pub struct Invited {
    /// `(customer_id, link)`, in the list's order.
    pub links: Vec<(String, String)>,
    /// Ids the registry does not know.
    pub unknown: Vec<String>,
    /// Ids Telegram made no link for.
    pub failed: Vec<String>,
    /// Telegram said the bot may not invite users (nothing more was tried).
    pub no_right: bool,
}

impl Invited {
    /// `customer_id,link` CSV (RFC 4180, cells safe for spreadsheets).
    pub fn csv(&self) -> Result<String, ::csv::Error> {
        let rows: Vec<Vec<String>> =
            self.links.iter().map(|(id, url)| vec![id.clone(), url.clone()]).collect();
        to_csv(&["customer_id", "link"], &rows)
    }
}

/// A personal founder link to `chat` for each known customer of `ids`.
pub async fn invite(
    bot: &HearthBot,
    db: &Db,
    chat: ChatId,
    ids: &[String],
    by: Option<UserId>,
    at: DateTime<Utc>,
) -> anyhow::Result<Invited> {
    let mut out = Invited::default();
    for id in ids {
        if customers::by_id(db, id).await?.is_none() {
            out.unknown.push(id.clone());
            continue;
        }
        match invites::personal_link(bot, db, chat, id, logic::LinkKind::Founder, by, at).await? {
            Ok(url) => out.links.push((id.clone(), url)),
            Err(err) if classify(&err) == Failure::NoRights => {
                tracing::warn!(chat_id = chat.0, %err, "no right to make founders' links");
                out.no_right = true;
                out.failed.push(id.clone());
                break;
            }
            Err(err) => {
                tracing::warn!(chat_id = chat.0, %err, "could not make a founder's link");
                out.failed.push(id.clone());
            }
        }
    }
    Ok(out)
}

/// `/founders [ids]` (or in reply to a message with ids).
pub async fn founders(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let chat = msg.chat.id;
    let mut ids = logic::parse_ids(&cmd.args);
    if ids.is_empty()
        && let Some(replied) = msg.reply_to_message()
    {
        ids = logic::parse_ids(replied.text().or_else(|| replied.caption()).unwrap_or(""));
    }
    if ids.is_empty() {
        let c = store::founder_counts(&ctx.db, chat).await?;
        let text =
            t!(lang, "entry-founders-overview", invited = c.invited, joined = c.joined, posted = c.posted);
        reply(&bot, &msg, text).await?;
        return Ok(());
    }
    // The links go to the admin's DM: an anonymous admin has none.
    let Some(admin) = msg.from.as_ref().filter(|_| msg.sender_chat.is_none()) else {
        reply(&bot, &msg, t!(lang, "entry-founders-anonymous")).await?;
        return Ok(());
    };
    let now = ctx.clock.now();
    let invited = invite(&bot, &ctx.db, chat, &ids, Some(admin.id), now).await?;
    if invited.no_right {
        verdicts::warn_no_right(&ctx, chat, now).await?;
    }
    let mut lines = vec![t!(lang, "entry-founders-made", count = invited.links.len())];
    if !invited.unknown.is_empty() {
        let unknown = invited.unknown.iter().map(|i| html::escape(i)).collect::<Vec<_>>().join(", ");
        lines.push(t!(lang, "entry-founders-unknown", ids = html::truncate(&unknown, 1000)));
    }
    if !invited.failed.is_empty() {
        lines.push(t!(lang, "entry-founders-failed", count = invited.failed.len()));
    }
    if !invited.links.is_empty() {
        let csv = invited.csv()?;
        let caption = t!(lang, "entry-founders-caption", count = invited.links.len());
        let name = format!("founders{}.csv", chat.0);
        let sent = send_document(&bot, admin.id.0 as i64, None, csv.into_bytes(), &name, &caption).await;
        lines.push(match sent {
            Ok(_) => t!(lang, "entry-founders-sent"),
            Err(err) => {
                tracing::info!(chat_id = chat.0, %err, "could not send the founders' links");
                t!(lang, "entry-founders-dm-closed", bot = html::escape(ctx.bot_username()))
            }
        });
    }
    reply(&bot, &msg, lines.join("\n")).await?;
    Ok(())
}
