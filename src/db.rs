//! The one SQLite pool: WAL, a busy timeout, foreign keys on; migrations from
//! `migrations/` applied at start.

use std::{str::FromStr, time::Duration};

use chrono::{DateTime, Utc};
use sqlx::{
    SqlitePool,
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
};

pub type Db = SqlitePool;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Opens (creating when missing) the database and applies pending migrations.
pub async fn connect(url: &str) -> anyhow::Result<Db> {
    let options = SqliteConnectOptions::from_str(url)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .busy_timeout(Duration::from_secs(10))
        .foreign_keys(true)
        // Statement journals of multi-row inserts in memory, not temp files.
        .pragma("temp_store", "memory");
    // One connection, kept open: no ping before each use (an embedded
    // database has no network to lose), which would double every round trip.
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .min_connections(1)
        .test_before_acquire(false)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// Read-only connections to the same file for long reads (the dashboard's
/// pages): in WAL mode they read beside the bot's one connection and never
/// hold it up. Opened when first used. An in-memory database has no second
/// connection: `None`.
pub fn readers(url: &str, connections: u32) -> anyhow::Result<Option<Db>> {
    if url.contains(":memory:") || url.contains("mode=memory") {
        return Ok(None);
    }
    let options = SqliteConnectOptions::from_str(url)?
        .read_only(true)
        .busy_timeout(Duration::from_secs(10))
        .pragma("temp_store", "memory");
    let pool = SqlitePoolOptions::new()
        .max_connections(connections)
        .min_connections(0)
        .test_before_acquire(false)
        .connect_lazy_with(options);
    Ok(Some(pool))
}

/// A write transaction that takes the write lock up front (BEGIN IMMEDIATE):
/// a deferred one that reads first fails at once with SQLITE_BUSY when
/// another connection writes in between, which busy_timeout cannot wait out.
pub async fn begin_write(db: &Db) -> sqlx::Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    db.begin_with("BEGIN IMMEDIATE").await
}

/// The rows of `select` (ending in `… IN`) for these values: one query a
/// 10 000 values (under SQLite's 32 766 parameters a statement).
pub async fn rows_in<O>(
    conn: &mut sqlx::SqliteConnection,
    select: &str,
    values: &[&str],
) -> sqlx::Result<Vec<O>>
where
    O: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
{
    let mut rows = Vec::new();
    for chunk in values.chunks(10_000) {
        let sql = format!("{select} ({})", vec!["?"; chunk.len()].join(", "));
        let mut q = sqlx::query_as(&sql);
        for v in chunk {
            q = q.bind(*v);
        }
        rows.extend(q.fetch_all(&mut *conn).await?);
    }
    Ok(rows)
}

/// Timestamps are stored as RFC 3339 text in UTC (`2026-11-25T10:00:00Z`), so
/// they sort and compare as text.
pub fn ts(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Parses a stored timestamp; a malformed one reads as `None`.
pub fn parse_ts(raw: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(raw).ok().map(|d| d.with_timezone(&Utc))
}

/// Records `key` as done; `true` the first time only. The building block for
/// effects that must happen exactly once (a weekly digest, a reward).
pub async fn claim_once(db: &Db, key: &str, at: DateTime<Utc>) -> sqlx::Result<bool> {
    let done = sqlx::query("INSERT OR IGNORE INTO once_keys (key, at) VALUES (?, ?)")
        .bind(key)
        .bind(ts(at))
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// A consistent online copy of the database (`VACUUM INTO`), safe while the
/// bot runs. Refuses to overwrite an existing file.
pub async fn backup(db: &Db, to: &std::path::Path) -> anyhow::Result<()> {
    if to.exists() {
        anyhow::bail!("{} already exists; choose a new file", to.display());
    }
    let path = to.to_str().ok_or_else(|| anyhow::anyhow!("the backup path is not valid UTF-8"))?;
    sqlx::query("VACUUM INTO ?").bind(path).execute(db).await?;
    Ok(())
}

/// Moves everything a chat owns to a new id (group -> supergroup migration).
/// Every table with a `chat_id` column follows; its `…message_id` columns are
/// negated (the supergroup numbers messages afresh); rows that would collide
/// with rows the new chat already has are dropped in favour of the new chat's.
pub async fn move_chat(db: &Db, from: i64, to: i64) -> sqlx::Result<()> {
    if from == to {
        return Ok(());
    }
    let mut tx = begin_write(db).await?;
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT m.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
         WHERE m.type = 'table' AND p.name = 'chat_id' AND m.name <> 'chats'",
    )
    .fetch_all(&mut *tx)
    .await?;
    // The new chat row first (foreign keys), then each table, then the old chat.
    sqlx::query(
        "INSERT OR IGNORE INTO chats (chat_id, kind, title, username, is_forum, bot_status,
             bot_can_restrict, bot_can_delete, bot_can_invite, added_at, updated_at)
         SELECT ?, 'supergroup', title, username, is_forum, bot_status, bot_can_restrict,
             bot_can_delete, bot_can_invite, added_at, updated_at FROM chats WHERE chat_id = ?",
    )
    .bind(to)
    .bind(from)
    .execute(&mut *tx)
    .await?;
    for table in tables {
        // Table names come from sqlite_master, not from outside; quote anyway.
        let quoted = table.replace('"', "\"\"");
        // A supergroup numbers its messages afresh: moved message ids are
        // negated (Telegram never uses negative ids) so they cannot collide.
        let id_columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info(?) WHERE name LIKE '%message_id'")
                .bind(&table)
                .fetch_all(&mut *tx)
                .await?;
        let mut set = String::from("chat_id = ?");
        for col in &id_columns {
            let col = col.replace('"', "\"\"");
            set.push_str(&format!(", \"{col}\" = -ABS(\"{col}\")"));
        }
        sqlx::query(&format!("UPDATE OR IGNORE \"{quoted}\" SET {set} WHERE chat_id = ?"))
            .bind(to)
            .bind(from)
            .execute(&mut *tx)
            .await?;
        sqlx::query(&format!("DELETE FROM \"{quoted}\" WHERE chat_id = ?"))
            .bind(from)
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("DELETE FROM chats WHERE chat_id = ?").bind(from).execute(&mut *tx).await?;
    tx.commit().await
}

/// A fresh, migrated database in a temporary directory, for store tests.
#[cfg(test)]
pub async fn scratch() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}", dir.path().join("scratch.db").display());
    let db = connect(&url).await.expect("a fresh database");
    (dir, db)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn migrations_apply_and_pragmas_hold() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("t.db").display());
        let db = connect(&url).await.unwrap();
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode").fetch_one(&db).await.unwrap();
        assert_eq!(mode, "wal");
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys").fetch_one(&db).await.unwrap();
        assert_eq!(fk, 1);
        // Idempotent: a second connect applies nothing new.
        drop(db);
        connect(&url).await.unwrap();
    }

    #[tokio::test]
    async fn claim_once_is_once() {
        let dir = tempfile::tempdir().unwrap();
        let db = connect(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
        let now = Utc::now();
        assert!(claim_once(&db, "digest:1:2026-W48", now).await.unwrap());
        assert!(!claim_once(&db, "digest:1:2026-W48", now).await.unwrap());
    }

    #[tokio::test]
    async fn backup_is_a_consistent_copy() {
        let dir = tempfile::tempdir().unwrap();
        let db = connect(&format!("sqlite://{}", dir.path().join("t.db").display())).await.unwrap();
        claim_once(&db, "k", Utc::now()).await.unwrap();
        let copy = dir.path().join("copy.db");
        backup(&db, &copy).await.unwrap();
        assert!(backup(&db, &copy).await.is_err(), "never overwrites");
        let restored = connect(&format!("sqlite://{}", copy.display())).await.unwrap();
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM once_keys").fetch_one(&restored).await.unwrap();
        assert_eq!(n, 1);
    }

    #[test]
    fn timestamps_round_trip() {
        let at = DateTime::from_timestamp(1_764_000_000, 0).unwrap();
        assert_eq!(parse_ts(&ts(at)), Some(at));
        assert_eq!(parse_ts("garbage"), None);
    }
}
