//! The notes' SQL: notes by (chat, name), their trigger phrases, and the
//! automatic answers keyed by the question's message.

use chrono::{DateTime, Utc};

use super::logic::NoteName;
use crate::db::{Db, ts};

/// What a note sends besides its text (the text is then the caption).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    Photo,
    Document,
}

impl Media {
    pub fn as_str(self) -> &'static str {
        match self {
            Media::Photo => "photo",
            Media::Document => "document",
        }
    }

    fn parse(s: &str) -> Option<Media> {
        match s {
            "photo" => Some(Media::Photo),
            "document" => Some(Media::Document),
            _ => None,
        }
    }
}

/// A saved note: its HTML, and a photo or document by Telegram's file_id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub name: String,
    pub html: String,
    pub media: Option<(Media, String)>,
    /// The phrases as stored (`logic::split_phrases` reads them).
    pub triggers: String,
}

/// Saves `name` (replacing its text and media, keeping its triggers).
/// `true` when it replaced a note of that name.
pub async fn save(
    db: &Db,
    chat_id: i64,
    name: &NoteName,
    html: &str,
    media: Option<(Media, &str)>,
    by: i64,
    at: DateTime<Utc>,
) -> sqlx::Result<bool> {
    let mut tx = crate::db::begin_write(db).await?;
    let existed: Option<i64> = sqlx::query_scalar("SELECT 1 FROM notes WHERE chat_id = ? AND name = ?")
        .bind(chat_id)
        .bind(name.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO notes (chat_id, name, html, media_kind, file_id, saved_by, saved_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (chat_id, name) DO UPDATE SET html = excluded.html, media_kind = excluded.media_kind,
             file_id = excluded.file_id, saved_by = excluded.saved_by, saved_at = excluded.saved_at",
    )
    .bind(chat_id)
    .bind(name.as_str())
    .bind(html)
    .bind(media.map(|(m, _)| m.as_str()))
    .bind(media.map(|(_, id)| id))
    .bind(by)
    .bind(ts(at))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(existed.is_some())
}

#[derive(sqlx::FromRow)]
struct NoteRow {
    name: String,
    html: String,
    media_kind: Option<String>,
    file_id: Option<String>,
    triggers: String,
}

pub async fn get(db: &Db, chat_id: i64, name: &NoteName) -> sqlx::Result<Option<Note>> {
    let row: Option<NoteRow> = sqlx::query_as(
        "SELECT name, html, media_kind, file_id, triggers FROM notes WHERE chat_id = ? AND name = ?",
    )
    .bind(chat_id)
    .bind(name.as_str())
    .fetch_optional(db)
    .await?;
    Ok(row.map(|r| Note {
        name: r.name,
        html: r.html,
        media: r.media_kind.as_deref().and_then(Media::parse).zip(r.file_id),
        triggers: r.triggers,
    }))
}

/// The chat's notes as (name, stored phrases), by name.
pub async fn list(db: &Db, chat_id: i64) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT name, triggers FROM notes WHERE chat_id = ? ORDER BY name")
        .bind(chat_id)
        .fetch_all(db)
        .await
}

/// The chat's notes that have trigger phrases, as (name, stored phrases).
pub async fn with_triggers(db: &Db, chat_id: i64) -> sqlx::Result<Vec<(String, String)>> {
    sqlx::query_as("SELECT name, triggers FROM notes WHERE chat_id = ? AND triggers <> '' ORDER BY name")
        .bind(chat_id)
        .fetch_all(db)
        .await
}

/// `true` when there was such a note.
pub async fn delete(db: &Db, chat_id: i64, name: &NoteName) -> sqlx::Result<bool> {
    let done = sqlx::query("DELETE FROM notes WHERE chat_id = ? AND name = ?")
        .bind(chat_id)
        .bind(name.as_str())
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Sets a note's phrases (stored form; empty clears). `false` when there is
/// no such note.
pub async fn set_triggers(db: &Db, chat_id: i64, name: &NoteName, stored: &str) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE notes SET triggers = ? WHERE chat_id = ? AND name = ?")
        .bind(stored)
        .bind(chat_id)
        .bind(name.as_str())
        .execute(db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Records that `name` answers the question `message_id` (asked `at`, by
/// Telegram's date), unless that message was answered already or the note
/// answered after `floor` (its cooldown, `logic::cooldown_floor`). One
/// statement, so two handlers can never both claim. `true`: answer it.
pub async fn claim_answer(
    db: &Db,
    chat_id: i64,
    message_id: i32,
    name: &str,
    at: DateTime<Utc>,
    floor: Option<DateTime<Utc>>,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "INSERT OR IGNORE INTO note_answers (chat_id, message_id, name, answered_at)
         SELECT ?1, ?2, ?3, ?4 WHERE ?5 IS NULL OR NOT EXISTS
             (SELECT 1 FROM note_answers WHERE chat_id = ?1 AND name = ?3 AND answered_at > ?5)",
    )
    .bind(chat_id)
    .bind(message_id)
    .bind(name)
    .bind(ts(at))
    .bind(floor.map(ts))
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Takes back a claim whose answer could not go out (no sending slot).
pub async fn release_answer(db: &Db, chat_id: i64, message_id: i32) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM note_answers WHERE chat_id = ? AND message_id = ?")
        .bind(chat_id)
        .bind(message_id)
        .execute(db)
        .await?;
    Ok(())
}

/// Questions the FAQ answered by itself since `since` (for /stats).
pub async fn answered_since(db: &Db, chat_id: i64, since: DateTime<Utc>) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT COUNT(*) FROM note_answers WHERE chat_id = ? AND answered_at >= ?")
        .bind(chat_id)
        .bind(ts(since))
        .fetch_one(db)
        .await
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;
    use crate::features::notes::logic::cooldown_floor;

    #[tokio::test]
    async fn answers_are_claimed_once_per_message_and_cooldown() {
        let (_dir, db) = crate::db::scratch().await;
        let t = Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap();
        let ten = Some(Duration::minutes(10));
        let claim = |id: i32, name: &'static str, at: DateTime<Utc>| {
            let db = db.clone();
            async move { claim_answer(&db, -1, id, name, at, cooldown_floor(at, ten)).await.unwrap() }
        };
        assert!(claim(1, "wifi", t).await);
        assert!(!claim(1, "wifi", t).await, "the same message twice");
        assert!(!claim(2, "wifi", t + Duration::minutes(9)).await, "within the cooldown");
        assert!(claim(3, "rules", t + Duration::minutes(9)).await, "another note has its own");
        assert!(claim(4, "wifi", t + Duration::minutes(10)).await, "after it");
        assert_eq!(answered_since(&db, -1, t).await.unwrap(), 3);
        assert_eq!(answered_since(&db, -1, t + Duration::minutes(10)).await.unwrap(), 1);
        assert_eq!(answered_since(&db, -2, t).await.unwrap(), 0);
    }

    #[tokio::test]
    async fn saving_again_replaces_and_keeps_the_triggers() {
        let (_dir, db) = crate::db::scratch().await;
        let t = Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).unwrap();
        let name = NoteName::parse("Wifi").unwrap();
        assert!(!save(&db, -1, &name, "one", None, 1, t).await.unwrap());
        assert!(set_triggers(&db, -1, &name, "wifi password").await.unwrap());
        assert!(save(&db, -1, &name, "two", Some((Media::Photo, "F1")), 1, t).await.unwrap());
        let note = get(&db, -1, &name).await.unwrap().unwrap();
        assert_eq!((note.html.as_str(), note.triggers.as_str()), ("two", "wifi password"));
        assert_eq!(note.media, Some((Media::Photo, "F1".to_owned())));
        assert_eq!(with_triggers(&db, -1).await.unwrap().len(), 1);
        assert!(delete(&db, -1, &name).await.unwrap());
        assert!(!delete(&db, -1, &name).await.unwrap());
        assert!(!set_triggers(&db, -1, &name, "x").await.unwrap());
    }
}
