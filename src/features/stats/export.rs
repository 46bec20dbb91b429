//! Exports: `/export <kind>` sends a chat's CSV to the admin's DM, and
//! `hearth export` prints it; both build it from `EXPORTS`.

use std::sync::Arc;

use teloxide::types::Message;

use super::{EXPORTS, csv};
use crate::{
    db::Db,
    kernel::{
        Ctx, HandlerResult,
        lang::{lang_of, user_lang},
        members,
    },
    t,
    telegram::{
        HearthBot,
        command::Command,
        html,
        send::{Failure, classify, reply, send_document},
    },
};

/// Telegram's limit on a document a bot uploads.
const MAX_DOCUMENT: usize = 50 * 1024 * 1024;

/// The most rows `/export` builds inside the bot (about 30 MB of CSV).
const MAX_CHAT_EXPORT_ROWS: i64 = 400_000;

/// `/export <kind>` (admins): the CSV goes to the admin's DM.
pub async fn export(bot: HearthBot, ctx: Arc<Ctx>, msg: Message, cmd: Command) -> HandlerResult {
    let lang = lang_of(&ctx, &msg).await;
    let kinds = export_names();
    let kind = cmd.args.trim().to_lowercase();
    if kind.is_empty() {
        reply(&bot, &msg, t!(lang, "stats-export-usage", kinds = kinds)).await?;
        return Ok(());
    }
    if !EXPORTS.iter().any(|k| k.name == kind) {
        let shown = html::escape(&html::truncate(&kind, 32));
        reply(&bot, &msg, t!(lang, "stats-export-unknown", kind = shown, kinds = kinds)).await?;
        return Ok(());
    }
    let Some(admin) = msg.from.as_ref().map(|u| u.id.0 as i64) else { return Ok(()) };
    let open_dm = || {
        t!(
            lang,
            "stats-export-open-dm",
            url = format!("https://t.me/{}", ctx.bot_username()),
            kind = kind.clone()
        )
    };
    if !members::dm_open(&ctx.db, admin).await? {
        reply(&bot, &msg, open_dm()).await?;
        return Ok(());
    }
    let chat_id = msg.chat.id.0;
    // Built in memory inside the bot: a history too long is refused before it
    // is read (the command line streams no less, but runs in its own process).
    let size = export_size(&ctx.db, chat_id, &kind).await?.unwrap_or(0);
    if size > MAX_CHAT_EXPORT_ROWS {
        let text = t!(
            lang,
            "stats-export-too-many-rows",
            kind = kind.clone(),
            rows = size,
            chat = chat_id.to_string()
        );
        reply(&bot, &msg, text).await?;
        return Ok(());
    }
    let (csv, rows) = export_csv(&ctx.db, chat_id, &kind).await?;
    if csv.len() > MAX_DOCUMENT {
        let mib = (csv.len() / (1024 * 1024)).to_string();
        reply(
            &bot,
            &msg,
            t!(lang, "stats-export-too-big", kind = kind.clone(), mib = mib, chat = chat_id.to_string()),
        )
        .await?;
        return Ok(());
    }
    let title = members::chat_title(&ctx.db, chat_id).await?.unwrap_or_default();
    let date = msg.date.format("%Y-%m-%d").to_string();
    let file_name = format!("{kind}-{}-{date}.csv", chat_id.unsigned_abs());
    let dm_lang = user_lang(&ctx, admin).await;
    let caption = t!(
        dm_lang,
        "stats-export-caption",
        kind = kind.clone(),
        chat = html::escape(&title),
        date = date,
        rows = rows
    );
    match send_document(&bot, admin, None, csv.into_bytes(), &file_name, &caption).await {
        Ok(_) => {
            reply(&bot, &msg, t!(lang, "stats-export-sent-dm", kind = kind.clone(), rows = rows)).await?;
        }
        Err(err) => match classify(&err) {
            Failure::Unreachable | Failure::ChatGone => {
                members::mark_unreachable(&ctx.db, admin, msg.date).await?;
                reply(&bot, &msg, open_dm()).await?;
            }
            _ => return Err(err.into()),
        },
    }
    Ok(())
}

/// How many rows `kind` would export for a chat (`None` for an unknown kind).
pub async fn export_size(db: &Db, chat_id: i64, kind: &str) -> sqlx::Result<Option<i64>> {
    let Some(export) = EXPORTS.iter().find(|k| k.name == kind) else { return Ok(None) };
    sqlx::query_scalar(export.count_sql).bind(chat_id).fetch_one(db).await.map(Some)
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("unknown export {kind:?}; choose one of: {known}")]
    UnknownKind { kind: String, known: String },
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    Csv(#[from] ::csv::Error),
}

/// The names of the export kinds, for usage texts: `members | activity | …`.
pub fn export_names() -> String {
    EXPORTS.iter().map(|k| k.name).collect::<Vec<_>>().join(" | ")
}

/// A chat's export as CSV text, with its number of data rows. Behind both
/// `/export` and `hearth export`.
pub async fn export_csv(db: &Db, chat_id: i64, kind: &str) -> Result<(String, usize), ExportError> {
    let wanted = kind.trim().to_lowercase();
    let Some(export) = EXPORTS.iter().find(|k| k.name == wanted) else {
        return Err(ExportError::UnknownKind { kind: kind.trim().to_owned(), known: export_names() });
    };
    let (header, rows) = (export.rows)(db, chat_id).await?;
    Ok((csv::to_csv(&header, &rows)?, rows.len()))
}

/// `hearth export --chat <id> <kind>`: the CSV of a chat read straight from
/// the database at `db_url` (no Telegram needed; safe while the bot runs).
pub async fn cli_export(db_url: &str, chat_id: i64, kind: &str) -> anyhow::Result<String> {
    let db = crate::db::connect(db_url).await?;
    let result = export_csv(&db, chat_id, kind).await;
    db.close().await;
    Ok(result?.0)
}
