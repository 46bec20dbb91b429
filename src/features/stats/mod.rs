//! Community analytics: /stats (growth, DAU/WAU/MAU, activity segments,
//! conversion, questions answered, day-30 retention and the uplift of
//! participation, with a chart), /stats cohorts, /stats customers (the
//! retention and NPS of customers who take part against the others), and
//! CSV exports — in the chat (/export) and from the command line
//! (`hearth export`).
//!
//! Both /stats and the exports are tables that other features extend after
//! merging: a /stats section is a function returning lines, an export kind a
//! function returning a header and rows.

pub mod cohorts;
pub mod csv;
pub mod customers;
pub mod customers_store;
pub mod export;
pub mod figures;
pub mod logic;
pub mod report;
pub mod retention;
pub mod sections;
pub mod store;

use futures::future::BoxFuture;

use crate::{db::Db, kernel::Routes, telegram::command::CommandSpec};

pub use export::{ExportError, cli_export, export_csv, export_names, export_size};
pub use report::Report;

pub const COMMANDS: &[CommandSpec] =
    &[CommandSpec::admin("stats", "cmd-stats"), CommandSpec::admin("export", "cmd-export")];

pub fn routes() -> Routes {
    Routes::new(COMMANDS).command("stats", report::stats).command("export", export::export)
}

/// A part of the /stats message: its lines (empty when it has nothing to say).
pub type Section = for<'a> fn(&'a Report) -> BoxFuture<'a, anyhow::Result<Vec<String>>>;

/// The /stats sections, in order. A feature adds its own, e.g.
/// `|r| Box::pin(crate::features::nps::stats_lines(r))`.
pub const SECTIONS: &[Section] = &[
    |r| Box::pin(sections::section_members(r)),
    |r| Box::pin(sections::section_activity(r)),
    |r| Box::pin(sections::section_newcomers(r)),
    |r| Box::pin(sections::section_questions(r)),
    |r| Box::pin(sections::section_retention(r)),
    |r| Box::pin(sections::section_nps(r)),
    |r| Box::pin(sections::section_nudges(r)),
    |r| Box::pin(sections::section_ideas(r)),
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
    ExportKind {
        name: "customers",
        rows: |db, chat| Box::pin(crate::features::customers::store::export_rows(db, chat)),
        count_sql: crate::features::customers::store::EXPORT_COUNT_SQL,
    },
    // The default /stats customers cohort (90 days before today, UTC), one
    // row per customer: the registry's dates, tenure, participant, retained.
    ExportKind {
        name: "customers-retention",
        rows: |db, chat| {
            Box::pin(customers_store::export_retention(db, chat, chrono::Utc::now().date_naive()))
        },
        count_sql: customers_store::RETENTION_COUNT_SQL,
    },
];
