//! The inbox table: a fetched batch stored in one transaction (with the
//! offset that confirms it), the updates left unfinished for replay, the
//! next offset to ask for, and pruning of done updates.

use chrono::Utc;
use teloxide::types::Update;

use super::{RawUpdate, chat_key};
use crate::db::{Db, ts};

/// Stores a fetched batch in one transaction; returns the updates not seen
/// before (a duplicate delivery is stored and handled once).
pub async fn store_batch(db: &Db, updates: Vec<RawUpdate>) -> sqlx::Result<Vec<Update>> {
    let now = ts(Utc::now());
    let mut last = None;
    let mut tx = crate::db::begin_write(db).await?;
    // Which of these ids are already stored (a duplicate delivery)?
    let ids: Vec<i64> = updates.iter().map(|u| u.update.id.0 as i64).collect();
    let mut known = std::collections::HashSet::new();
    for chunk in ids.chunks(500) {
        let marks = vec!["?"; chunk.len()].join(",");
        let sql = format!("SELECT update_id FROM inbox WHERE update_id IN ({marks})");
        let mut q = sqlx::query_scalar::<_, i64>(&sql).persistent(chunk.len() == 500);
        for id in chunk {
            q = q.bind(id);
        }
        known.extend(q.fetch_all(&mut *tx).await?);
    }
    let mut fresh = Vec::with_capacity(updates.len());
    let mut rows = Vec::with_capacity(updates.len());
    for raw in updates {
        let id = raw.update.id.0 as i64;
        last = Some(last.map_or(id, |l: i64| l.max(id)));
        if known.insert(id) {
            rows.push((id, chat_key(&raw.update), raw.json));
            fresh.push(raw.update);
        }
    }
    // Many rows per statement: sqlx pays per statement, not per row. Only
    // the full-size statement is kept prepared: each other length would stay
    // in the connection's statement cache (a hundred of them, tens of MB).
    for chunk in rows.chunks(200) {
        let values = vec!["(?, ?, ?, ?)"; chunk.len()].join(",");
        let sql = format!(
            "INSERT OR IGNORE INTO inbox (update_id, chat_key, payload, received_at) VALUES {values}"
        );
        let mut q = sqlx::query(&sql).persistent(chunk.len() == 200);
        for (id, chat, json) in chunk {
            q = q.bind(id).bind(chat).bind(json).bind(&now);
        }
        q.execute(&mut *tx).await?;
    }
    if let Some(last) = last {
        sqlx::query(
            "INSERT INTO kv (key, value) VALUES ('poll_offset', ?)
             ON CONFLICT (key) DO UPDATE SET value = MAX(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
        )
        .bind((last + 1).to_string())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(fresh)
}

/// Updates stored but not handled yet (a crash or a shutdown interrupted them).
pub async fn unfinished(db: &Db) -> sqlx::Result<Vec<Update>> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT update_id, payload FROM inbox WHERE done_at IS NULL ORDER BY update_id")
            .fetch_all(db)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, payload)| match serde_json::from_str::<Update>(&payload) {
            Ok(update) => Some(update),
            Err(err) => {
                tracing::error!(update_id = id, %err, "unreadable update in the inbox; skipped");
                None
            }
        })
        .collect())
}

/// The offset to ask getUpdates for: one past the last update stored.
pub async fn next_offset(db: &Db) -> sqlx::Result<i32> {
    let stored: Option<String> =
        sqlx::query_scalar("SELECT value FROM kv WHERE key = 'poll_offset'").fetch_optional(db).await?;
    Ok(stored.and_then(|v| v.parse().ok()).unwrap_or(0))
}

/// Done updates older than `days` are dropped (the offset is kept in `kv`).
pub async fn prune(db: &Db, days: i64) -> sqlx::Result<u64> {
    let cutoff = ts(Utc::now() - chrono::Duration::days(days));
    let done = sqlx::query("DELETE FROM inbox WHERE done_at IS NOT NULL AND done_at < ?")
        .bind(cutoff)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}
