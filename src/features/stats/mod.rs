//! Community analytics: /stats (growth, DAU/WAU/MAU, activity segments,
//! conversion, questions answered, day-30 retention and the uplift of
//! participation, with a chart), /stats cohorts, and CSV exports — in the
//! chat (/export) and from the command line (`hearth export`).
//!
//! Both /stats and the exports are tables that other features extend after
//! merging: a /stats section is a function returning lines, an export kind a
//! function returning a header and rows.

pub mod csv;
pub mod handlers;
pub mod logic;
pub mod store;

use futures::future::BoxFuture;

use crate::{db::Db, kernel::Routes, telegram::command::CommandSpec};

pub use handlers::Report;

pub const COMMANDS: &[CommandSpec] =
    &[CommandSpec::admin("stats", "cmd-stats"), CommandSpec::admin("export", "cmd-export")];

pub fn routes() -> Routes {
    Routes::new(COMMANDS).command("stats", handlers::stats).command("export", handlers::export)
}

/// A part of the /stats message: its lines (empty when it has nothing to say).
pub type Section = for<'a> fn(&'a Report) -> BoxFuture<'a, anyhow::Result<Vec<String>>>;

/// The /stats sections, in order. A feature adds its own, e.g.
/// `|r| Box::pin(crate::features::nps::stats_lines(r))`.
pub const SECTIONS: &[Section] = &[
    |r| Box::pin(handlers::section_members(r)),
    |r| Box::pin(handlers::section_activity(r)),
    |r| Box::pin(handlers::section_newcomers(r)),
    |r| Box::pin(handlers::section_questions(r)),
    |r| Box::pin(handlers::section_retention(r)),
    |r| Box::pin(handlers::section_nps(r)),
    |r| Box::pin(handlers::section_nudges(r)),
    |r| Box::pin(handlers::section_ideas(r)),
];

/// A header and its rows.
pub type Table = csv::Table;

/// What `/export <name>` and `hearth export --chat <id> <name>` produce.
pub struct ExportKind {
    pub name: &'static str,
    pub rows: for<'a> fn(&'a Db, i64) -> BoxFuture<'a, sqlx::Result<Table>>,
    /// Counts the rows the export would hold (bound: the chat id), so an
    /// export too big to build inside the bot is refused before it is read.
    pub count_sql: &'static str,
}

/// The export kinds. A feature adds its own, e.g.
/// `ExportKind { name: "nps", rows: |db, chat| Box::pin(crate::features::nps::store::export_rows(db, chat)) }`.
pub const EXPORTS: &[ExportKind] = &[
    ExportKind {
        name: "members",
        rows: |db, chat| Box::pin(store::export_members(db, chat)),
        count_sql: "SELECT COUNT(*) FROM members WHERE chat_id = ?",
    },
    ExportKind {
        name: "activity",
        rows: |db, chat| Box::pin(store::export_activity(db, chat)),
        count_sql: "SELECT COUNT(*) FROM activity_daily WHERE chat_id = ?",
    },
    ExportKind {
        name: "referrals",
        rows: |db, chat| Box::pin(store::export_referrals(db, chat)),
        count_sql: "SELECT COUNT(*) FROM referrals WHERE chat_id = ?",
    },
    ExportKind {
        name: "nps",
        rows: |db, chat| Box::pin(crate::features::nps::store::export_rows(db, chat)),
        count_sql: "SELECT COUNT(*) FROM nps_votes v JOIN nps_polls p ON p.poll_id = v.poll_id WHERE p.chat_id = ?",
    },
    ExportKind {
        name: "modlog",
        rows: |db, chat| Box::pin(crate::features::moderation::store::export_rows(db, chat)),
        count_sql: "SELECT COUNT(*) FROM mod_log WHERE chat_id = ?",
    },
    ExportKind {
        name: "ideas",
        rows: |db, chat| Box::pin(crate::features::ideas::store::export_rows(db, chat)),
        count_sql: "SELECT COUNT(*) FROM ideas WHERE chat_id = ?",
    },
];

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
    Ok((csv::to_csv(&header, &rows), rows.len()))
}

/// `hearth export --chat <id> <kind>`: the CSV of a chat read straight from
/// the database at `db_url` (no Telegram needed; safe while the bot runs).
pub async fn cli_export(db_url: &str, chat_id: i64, kind: &str) -> anyhow::Result<String> {
    let db = crate::db::connect(db_url).await?;
    let result = export_csv(&db, chat_id, kind).await;
    db.close().await;
    Ok(result?.0)
}
