//! Applying parsed rows to the registry: an upsert in batches, each batch
//! one write transaction that reads the stored customers it touches, merges
//! (`rows::Patch::apply`) and writes only what changed, with one multi-row
//! statement. A row that would change nothing is counted unchanged and not
//! written, so re-importing a file changes nothing. Rows found bad (here: a
//! duplicate id, an access code another customer has, a churn before the
//! start) change nothing; the good ones apply.
//!
//! The CSV files (`import_file`, `import_nps_file`) are read through once
//! first: a file that cannot be read (not UTF-8, a bad header) is refused
//! before anything changes.

use std::{
    collections::{HashMap, HashSet},
    io::Read,
    path::Path,
};

use sqlx::QueryBuilder;

use super::{
    csv_input::{self, CsvError, Row, Table},
    rows::{self, Field, FieldError, NpsAnswer, Patch},
    store::{self, Customer},
};
use crate::{config::Secret, db::Db};

/// Rows per transaction: few commits (each a WAL append and, now and then, a
/// checkpoint) for a large file, and the ids of a batch read back in one
/// query (under SQLite's 32 766 parameters).
pub const BATCH: usize = 20_000;

/// One row (or item) refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Rejected {
    /// The file's line, or the request's item index (from 0).
    pub at: u64,
    pub field: String,
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Report {
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub rejected: Vec<Rejected>,
}

impl Report {
    fn reject(&mut self, at: u64, errors: Vec<FieldError>) {
        self.rejected.extend(errors.into_iter().map(|e| Rejected { at, field: e.field, reason: e.reason }));
    }

    /// The rows refused (a row may have several reasons).
    pub fn rejected_rows(&self) -> usize {
        let mut at: Vec<u64> = self.rejected.iter().map(|r| r.at).collect();
        at.dedup();
        at.len()
    }

    /// The summary a person reads: counts, then each refused line and why.
    pub fn summary(&self) -> String {
        let mut out = format!(
            "{} added, {} updated, {} unchanged, {} rejected",
            self.added,
            self.updated,
            self.unchanged,
            self.rejected_rows()
        );
        for r in &self.rejected {
            out.push_str(&format!("\nline {}: {}: {}", r.at, r.field, r.reason));
        }
        out
    }
}

/// Customer patches applied in batches, refusing duplicates of an id seen
/// earlier (by the `seen` map, kept across batches of one import).
pub struct Registry<'a> {
    db: &'a Db,
    pending: Vec<(u64, Patch)>,
    seen_ids: HashMap<String, u64>,
    seen_codes: HashMap<String, u64>,
    pub report: Report,
    /// How an earlier row is named in a duplicate's reason ("line", "item").
    what: &'static str,
}

impl<'a> Registry<'a> {
    pub fn new(db: &'a Db, what: &'static str) -> Registry<'a> {
        Registry {
            db,
            pending: Vec::new(),
            seen_ids: HashMap::new(),
            seen_codes: HashMap::new(),
            report: Report::default(),
            what,
        }
    }

    /// A parsed row (or its errors), at a line or index.
    pub async fn push(&mut self, at: u64, parsed: Result<Patch, Vec<FieldError>>) -> sqlx::Result<()> {
        let patch = match parsed {
            Ok(p) => p,
            Err(errors) => {
                self.report.reject(at, errors);
                return Ok(());
            }
        };
        if let Some(first) = self.seen_ids.get(&patch.customer_id) {
            let reason =
                format!("duplicate customer_id {:?} (first on {} {first})", patch.customer_id, self.what);
            self.report.reject(at, vec![FieldError::new("customer_id", reason)]);
            return Ok(());
        }
        if let Some(Some(code)) = &patch.access_code_hash {
            if let Some(first) = self.seen_codes.get(code) {
                let reason = format!("the same access code as {} {first}", self.what);
                self.report.reject(at, vec![FieldError::new("access_code", reason)]);
                return Ok(());
            }
            self.seen_codes.insert(code.clone(), at);
        }
        self.seen_ids.insert(patch.customer_id.clone(), at);
        self.pending.push((at, patch));
        if self.pending.len() >= BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    /// Writes what is pending.
    pub async fn flush(&mut self) -> sqlx::Result<()> {
        let batch = std::mem::take(&mut self.pending);
        if batch.is_empty() {
            return Ok(());
        }
        let mut tx = crate::db::begin_write(self.db).await?;
        let ids: Vec<&str> = batch.iter().map(|(_, p)| p.customer_id.as_str()).collect();
        let stored: HashMap<String, Customer> =
            store::by_ids(&mut tx, &ids).await?.into_iter().map(|c| (c.customer_id.clone(), c)).collect();
        let codes: Vec<&str> =
            batch.iter().filter_map(|(_, p)| p.access_code_hash.as_ref()?.as_deref()).collect();
        let code_owners: HashMap<String, String> =
            store::code_owners(&mut tx, &codes).await?.into_iter().collect();
        let mut writes = Vec::new();
        for (at, patch) in &batch {
            let before = stored.get(&patch.customer_id);
            let after = patch.apply(before);
            if let Err(err) = rows::check(&after) {
                self.report.reject(*at, vec![err]);
                continue;
            }
            if let Some(owner) = after.access_code_hash.as_ref().and_then(|h| code_owners.get(h))
                && *owner != after.customer_id
            {
                let err = FieldError::new("access_code", "another customer already has this access code");
                self.report.reject(*at, vec![err]);
                continue;
            }
            match before {
                Some(b) if *b == after => self.report.unchanged += 1,
                Some(_) => {
                    self.report.updated += 1;
                    writes.push(after);
                }
                None => {
                    self.report.added += 1;
                    writes.push(after);
                }
            }
        }
        store::upsert(&mut tx, &writes, &crate::db::ts(chrono::Utc::now())).await?;
        tx.commit().await
    }

    /// Writes the rest and returns the report.
    pub async fn finish(mut self) -> sqlx::Result<Report> {
        self.flush().await?;
        self.report.rejected.sort_by_key(|r| r.at);
        Ok(self.report)
    }
}

/// Why a file import stopped before changing anything.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {err}")]
    Open { path: String, err: std::io::Error },
    #[error(transparent)]
    Csv(#[from] CsvError),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

fn open(path: &Path) -> Result<std::io::BufReader<std::fs::File>, ImportError> {
    let file = std::fs::File::open(path)
        .map_err(|err| ImportError::Open { path: path.display().to_string(), err })?;
    Ok(std::io::BufReader::with_capacity(1 << 16, file))
}

/// A row's cells against the header's columns, or why they do not fit.
fn cells<'r>(
    columns: &[&'static str],
    row: &'r Row,
) -> Result<Vec<(&'static str, &'r str)>, Vec<FieldError>> {
    if row.cells.len() != columns.len() {
        let reason = format!("{} cells, but the header has {} columns", row.cells.len(), columns.len());
        return Err(vec![FieldError::new("row", reason)]);
    }
    Ok(columns.iter().copied().zip(row.cells.iter().map(String::as_str)).collect())
}

/// The page cache of a file import, in KiB. The registry's indexes (keyed
/// hashes, dates) take rows in random order: with SQLite's default 2 MiB a
/// large file re-reads and rewrites the same index pages from disk batch
/// after batch. Raised for the import only, then set back.
const FILE_IMPORT_CACHE_KIB: i64 = 128 * 1024;

/// `hearth customers import FILE.csv`: the registry file, upserted.
pub async fn import_file(db: &Db, secret: &Secret, path: &Path) -> Result<Report, ImportError> {
    csv_input::check(open(path)?, &rows::COLUMNS)?;
    let cache: i64 = sqlx::query_scalar("PRAGMA cache_size").fetch_one(db).await?;
    sqlx::query(&format!("PRAGMA cache_size = -{FILE_IMPORT_CACHE_KIB}")).execute(db).await?;
    let imported = import_csv(db, secret, open(path)?).await;
    sqlx::query(&format!("PRAGMA cache_size = {cache}")).execute(db).await?;
    imported
}

/// The registry's CSV from any reader (read in one pass: a line it cannot
/// read stops it there, after what came before was applied).
pub async fn import_csv<R: Read>(db: &Db, secret: &Secret, input: R) -> Result<Report, ImportError> {
    let mut table = Table::open(input, &rows::COLUMNS)?;
    let fields: Vec<Field> = table.columns.iter().filter_map(|c| Field::from_name(c)).collect();
    let mut registry = Registry::new(db, "line");
    while let Some(row) = table.next_row() {
        let row = row?;
        let parsed = cells(&table.columns, &row).and_then(|cells| {
            let cells: Vec<(Field, &str)> =
                fields.iter().copied().zip(cells.into_iter().map(|(_, v)| v)).collect();
            rows::parse(secret, &cells)
        });
        registry.push(row.line, parsed).await?;
    }
    Ok(registry.finish().await?)
}

/// `hearth customers nps FILE.csv`: the company's NPS answers, upserted on
/// (customer, date).
pub async fn import_nps_file(db: &Db, path: &Path) -> Result<Report, ImportError> {
    csv_input::check(open(path)?, &rows::NPS_COLUMNS)?;
    import_nps(db, open(path)?).await
}

/// The NPS CSV from any reader.
pub async fn import_nps<R: Read>(db: &Db, input: R) -> Result<Report, ImportError> {
    let mut table = Table::open(input, &rows::NPS_COLUMNS)?;
    let mut report = Report::default();
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    let mut batch: Vec<(u64, NpsAnswer)> = Vec::new();
    while let Some(row) = table.next_row() {
        let row = row?;
        match cells(&table.columns, &row).and_then(|cells| rows::parse_nps(&cells)) {
            Err(errors) => report.reject(row.line, errors),
            Ok(answer) => {
                let key = (answer.customer_id.clone(), answer.answered_on.clone());
                if let Some(first) = seen.get(&key) {
                    let reason =
                        format!("a second answer of {:?} on {} (first on line {first})", key.0, key.1);
                    report.reject(row.line, vec![FieldError::new("date", reason)]);
                    continue;
                }
                seen.insert(key, row.line);
                batch.push((row.line, answer));
                if batch.len() >= BATCH {
                    apply_nps(db, std::mem::take(&mut batch), &mut report).await?;
                }
            }
        }
    }
    apply_nps(db, batch, &mut report).await?;
    report.rejected.sort_by_key(|r| r.at);
    Ok(report)
}

async fn apply_nps(db: &Db, batch: Vec<(u64, NpsAnswer)>, report: &mut Report) -> sqlx::Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let mut tx = crate::db::begin_write(db).await?;
    let mut ids: Vec<&str> = batch.iter().map(|(_, a)| a.customer_id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    let known: HashSet<String> = store::known_ids(&mut tx, &ids).await?;
    let stored: HashMap<(String, String), i64> = store::nps_of(&mut tx, &ids)
        .await?
        .into_iter()
        .map(|a| ((a.customer_id, a.answered_on), a.score))
        .collect();
    let mut writes = Vec::new();
    for (line, answer) in batch {
        if !known.contains(&answer.customer_id) {
            let reason = format!("no customer {:?} in the registry (import them first)", answer.customer_id);
            report.reject(line, vec![FieldError::new("customer_id", reason)]);
            continue;
        }
        match stored.get(&(answer.customer_id.clone(), answer.answered_on.clone())) {
            Some(score) if *score == answer.score => report.unchanged += 1,
            Some(_) => {
                report.updated += 1;
                writes.push(answer);
            }
            None => {
                report.added += 1;
                writes.push(answer);
            }
        }
    }
    // 3 values a row: 10 000 rows stay under SQLite's 32 766 parameters.
    for writes in writes.chunks(10_000) {
        let mut q = QueryBuilder::new("INSERT INTO customer_nps (customer_id, answered_on, score) ");
        q.push_values(writes, |mut b, a| {
            b.push_bind(&a.customer_id).push_bind(&a.answered_on).push_bind(a.score);
        });
        q.push(" ON CONFLICT (customer_id, answered_on) DO UPDATE SET score = excluded.score");
        q.build().execute(&mut *tx).await?;
    }
    tx.commit().await
}
