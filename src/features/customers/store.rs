//! The customer registry's SQL: customers as the CRM knows them, and the
//! Telegram accounts proven to be theirs. The registry is the company's one
//! list (not per chat); a chat's view of it goes through its members.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use teloxide::types::UserId;

use sqlx::SqliteConnection;

use super::rows::NpsAnswer;
use crate::db::{Db, rows_in, ts};

/// A customer as stored (hashes, never the email or phone itself).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Customer {
    pub customer_id: String,
    pub email_hash: Option<String>,
    pub phone_hash: Option<String>,
    pub telegram_id: Option<i64>,
    pub telegram_username: Option<String>,
    /// YYYY-MM-DD.
    pub since: Option<String>,
    /// YYYY-MM-DD; `None` while a customer.
    pub churned_at: Option<String>,
    pub plan: Option<String>,
    pub access_code_hash: Option<String>,
}

impl Customer {
    pub fn since_date(&self) -> Option<NaiveDate> {
        self.since.as_deref().and_then(|d| d.parse().ok())
    }

    pub fn churned_date(&self) -> Option<NaiveDate> {
        self.churned_at.as_deref().and_then(|d| d.parse().ok())
    }

    /// A customer on `day`: since then (or since unknown) and not churned by it.
    pub fn is_customer_on(&self, day: NaiveDate) -> bool {
        self.since_date().is_none_or(|s| s <= day) && self.churned_date().is_none_or(|c| c > day)
    }
}

const COLUMNS: &str = "customer_id, email_hash, phone_hash, telegram_id, telegram_username, since, churned_at, plan, access_code_hash";

pub async fn by_id(db: &Db, customer_id: &str) -> sqlx::Result<Option<Customer>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM customers WHERE customer_id = ?"))
        .bind(customer_id)
        .fetch_optional(db)
        .await
}

/// The customer the CRM says has this Telegram account.
pub async fn by_telegram_id(db: &Db, user: UserId) -> sqlx::Result<Option<Customer>> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM customers WHERE telegram_id = ? ORDER BY customer_id LIMIT 1"
    ))
    .bind(user.0 as i64)
    .fetch_optional(db)
    .await
}

/// The customer whose (unredeemed or redeemed) access code hashes to `hash`.
pub async fn by_code_hash(db: &Db, hash: &str) -> sqlx::Result<Option<Customer>> {
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM customers WHERE access_code_hash = ?"))
        .bind(hash)
        .fetch_optional(db)
        .await
}

/// The customer a Telegram account is linked to.
pub async fn linked_to(db: &Db, user: UserId) -> sqlx::Result<Option<Customer>> {
    sqlx::query_as(&format!(
        "SELECT {} FROM customers c JOIN customer_links l USING (customer_id) WHERE l.user_id = ?",
        COLUMNS.split(", ").map(|c| format!("c.{c}")).collect::<Vec<_>>().join(", ")
    ))
    .bind(user.0 as i64)
    .fetch_optional(db)
    .await
}

/// The account linked to a customer.
pub async fn linked_user(db: &Db, customer_id: &str) -> sqlx::Result<Option<UserId>> {
    let id: Option<i64> = sqlx::query_scalar("SELECT user_id FROM customer_links WHERE customer_id = ?")
        .bind(customer_id)
        .fetch_optional(db)
        .await?;
    Ok(id.map(|id| UserId(id as u64)))
}

/// How an account was proven to be a customer's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    TelegramId,
    SignedLink,
    AccessCode,
    Admin,
}

crate::named::named_enum!(Via, "link proof", {
    TelegramId => "telegram_id",
    SignedLink => "signed_link",
    AccessCode => "access_code",
    Admin => "admin",
});

/// What linking found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkOutcome {
    /// Newly linked.
    Linked,
    /// This account was already this customer's.
    AlreadyTheirs,
    /// The customer is linked to another account.
    CustomerTaken,
    /// This account is linked to another customer.
    AccountTaken,
}

/// Links an account to a customer, once each way (a replay changes nothing).
pub async fn link(
    db: &Db,
    customer_id: &str,
    user: UserId,
    via: Via,
    at: DateTime<Utc>,
) -> sqlx::Result<LinkOutcome> {
    let mut tx = crate::db::begin_write(db).await?;
    let by_customer: Option<i64> =
        sqlx::query_scalar("SELECT user_id FROM customer_links WHERE customer_id = ?")
            .bind(customer_id)
            .fetch_optional(&mut *tx)
            .await?;
    let by_user: Option<String> =
        sqlx::query_scalar("SELECT customer_id FROM customer_links WHERE user_id = ?")
            .bind(user.0 as i64)
            .fetch_optional(&mut *tx)
            .await?;
    let outcome = match (by_customer, by_user) {
        (Some(u), _) if u == user.0 as i64 => LinkOutcome::AlreadyTheirs,
        (Some(_), _) => LinkOutcome::CustomerTaken,
        (None, Some(_)) => LinkOutcome::AccountTaken,
        (None, None) => {
            sqlx::query(
                "INSERT INTO customer_links (customer_id, user_id, via, linked_at) VALUES (?, ?, ?, ?)",
            )
            .bind(customer_id)
            .bind(user.0 as i64)
            .bind(via.as_str())
            .bind(ts(at))
            .execute(&mut *tx)
            .await?;
            LinkOutcome::Linked
        }
    };
    tx.commit().await?;
    Ok(outcome)
}

// ---- for entry: churned linked customers, access codes ---------------------

/// Linked customers whose churn date is on or before `day`, with their accounts.
pub async fn linked_churned(db: &Db, day: NaiveDate) -> sqlx::Result<Vec<(Customer, UserId)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT c.customer_id, l.user_id FROM customers c JOIN customer_links l USING (customer_id)
         WHERE c.churned_at IS NOT NULL AND c.churned_at <= ? ORDER BY c.customer_id",
    )
    .bind(day.format("%Y-%m-%d").to_string())
    .fetch_all(db)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (id, user) in rows {
        if let Some(customer) = by_id(db, &id).await? {
            out.push((customer, UserId(user as u64)));
        }
    }
    Ok(out)
}

/// Customers without an access code, in id order.
pub async fn without_code(db: &Db) -> sqlx::Result<Vec<String>> {
    sqlx::query_scalar(
        "SELECT customer_id FROM customers WHERE access_code_hash IS NULL ORDER BY customer_id",
    )
    .fetch_all(db)
    .await
}

/// Gives a customer without one the access code hashing to `hash`: `false`
/// when they have one already (or another customer has that hash).
pub async fn set_code_hash(db: &Db, customer_id: &str, hash: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE OR IGNORE customers SET access_code_hash = ? WHERE customer_id = ? AND access_code_hash IS NULL",
    )
    .bind(hash)
    .bind(customer_id)
    .execute(db)
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---- for the import: batches of customers -----------------------------------

/// Which of `ids` are in the registry.
pub async fn known_ids(conn: &mut SqliteConnection, ids: &[&str]) -> sqlx::Result<HashSet<String>> {
    let rows: Vec<(String,)> =
        rows_in(conn, "SELECT customer_id FROM customers WHERE customer_id IN", ids).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// The stored customers among `ids`.
pub async fn by_ids(conn: &mut SqliteConnection, ids: &[&str]) -> sqlx::Result<Vec<Customer>> {
    rows_in(conn, &format!("SELECT {COLUMNS} FROM customers WHERE customer_id IN"), ids).await
}

/// Who holds each of these access code hashes: (hash, customer id).
pub async fn code_owners(
    conn: &mut SqliteConnection,
    hashes: &[&str],
) -> sqlx::Result<Vec<(String, String)>> {
    rows_in(conn, "SELECT access_code_hash, customer_id FROM customers WHERE access_code_hash IN", hashes)
        .await
}

/// Writes whole customers (new ones added, stored ones replaced), in one statement.
pub async fn upsert(
    conn: &mut SqliteConnection,
    customers: &[Customer],
    updated_at: &str,
) -> sqlx::Result<()> {
    // 10 values a row: 3 000 rows stay under SQLite's 32 766 parameters.
    for chunk in customers.chunks(3_000) {
        upsert_chunk(conn, chunk, updated_at).await?;
    }
    Ok(())
}

async fn upsert_chunk(
    conn: &mut SqliteConnection,
    customers: &[Customer],
    updated_at: &str,
) -> sqlx::Result<()> {
    let mut q = sqlx::QueryBuilder::new(format!("INSERT INTO customers ({COLUMNS}, updated_at) "));
    q.push_values(customers, |mut b, c| {
        b.push_bind(&c.customer_id)
            .push_bind(&c.email_hash)
            .push_bind(&c.phone_hash)
            .push_bind(c.telegram_id)
            .push_bind(&c.telegram_username)
            .push_bind(&c.since)
            .push_bind(&c.churned_at)
            .push_bind(&c.plan)
            .push_bind(&c.access_code_hash)
            .push_bind(updated_at);
    });
    q.push(
        " ON CONFLICT (customer_id) DO UPDATE SET email_hash = excluded.email_hash,
          phone_hash = excluded.phone_hash, telegram_id = excluded.telegram_id,
          telegram_username = excluded.telegram_username, since = excluded.since,
          churned_at = excluded.churned_at, plan = excluded.plan,
          access_code_hash = excluded.access_code_hash, updated_at = excluded.updated_at",
    );
    q.build().execute(conn).await?;
    Ok(())
}

/// The company's NPS answers of these customers.
pub async fn nps_of(conn: &mut SqliteConnection, ids: &[&str]) -> sqlx::Result<Vec<NpsAnswer>> {
    let select = "SELECT customer_id, answered_on, score FROM customer_nps WHERE customer_id IN";
    let rows: Vec<(String, String, i64)> = rows_in(conn, select, ids).await?;
    Ok(rows
        .into_iter()
        .map(|(customer_id, answered_on, score)| NpsAnswer { customer_id, answered_on, score })
        .collect())
}

// ---- the export --------------------------------------------------------------

/// The customers whose account (linked, else the one the CRM gave) is or was
/// a member of the chat.
pub const EXPORT_COUNT_SQL: &str =
    "SELECT COUNT(*) FROM customers c LEFT JOIN customer_links l USING (customer_id)
     JOIN members m ON m.chat_id = ? AND m.user_id = COALESCE(l.user_id, c.telegram_id)";

/// `hearth export --chat <id> customers`: what hearth knows of the chat's
/// customers — never an email, a phone or a hash.
pub async fn export_rows(db: &Db, chat_id: i64) -> sqlx::Result<(Vec<&'static str>, Vec<Vec<String>>)> {
    type Line = (
        String,
        i64,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        i64,
    );
    let rows: Vec<Line> = sqlx::query_as(
        "SELECT c.customer_id, m.user_id, u.username, TRIM(u.first_name || ' ' || COALESCE(u.last_name, '')),
                c.since, c.churned_at, c.plan, l.via, m.joined_at, m.last_message_at, m.left_at, m.message_count
         FROM customers c LEFT JOIN customer_links l USING (customer_id)
         JOIN members m ON m.chat_id = ? AND m.user_id = COALESCE(l.user_id, c.telegram_id)
         LEFT JOIN users u ON u.user_id = m.user_id
         ORDER BY c.customer_id",
    )
    .bind(chat_id)
    .fetch_all(db)
    .await?;
    let header = vec![
        "customer_id",
        "telegram_id",
        "username",
        "name",
        "since",
        "churned_at",
        "plan",
        "linked_via",
        "joined_at",
        "last_message_at",
        "left_at",
        "messages",
    ];
    let cell = |v: Option<String>| v.unwrap_or_default();
    let out = rows
        .into_iter()
        .map(|(id, user, username, name, since, churned, plan, via, joined, last, left, messages)| {
            vec![
                id,
                user.to_string(),
                cell(username),
                cell(name),
                cell(since),
                cell(churned),
                cell(plan),
                cell(via),
                cell(joined),
                cell(last),
                cell(left),
                messages.to_string(),
            ]
        })
        .collect();
    Ok((header, out))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn customer(db: &Db, id: &str, telegram: Option<i64>) {
        sqlx::query("INSERT INTO customers (customer_id, telegram_id, since, updated_at) VALUES (?, ?, '2025-01-01', '')")
            .bind(id)
            .bind(telegram)
            .execute(db)
            .await
            .unwrap();
    }

    #[tokio::test]
    async fn an_account_and_a_customer_link_once_each_way() {
        let (_dir, db) = crate::db::scratch().await;
        customer(&db, "c-1", Some(1001)).await;
        customer(&db, "c-2", None).await;
        let at = Utc::now();
        assert_eq!(by_telegram_id(&db, UserId(1001)).await.unwrap().unwrap().customer_id, "c-1");
        assert_eq!(link(&db, "c-1", UserId(1001), Via::TelegramId, at).await.unwrap(), LinkOutcome::Linked);
        assert_eq!(
            link(&db, "c-1", UserId(1001), Via::SignedLink, at).await.unwrap(),
            LinkOutcome::AlreadyTheirs
        );
        assert_eq!(
            link(&db, "c-1", UserId(1002), Via::AccessCode, at).await.unwrap(),
            LinkOutcome::CustomerTaken
        );
        assert_eq!(
            link(&db, "c-2", UserId(1001), Via::AccessCode, at).await.unwrap(),
            LinkOutcome::AccountTaken
        );
        assert_eq!(linked_to(&db, UserId(1001)).await.unwrap().unwrap().customer_id, "c-1");
        assert_eq!(linked_user(&db, "c-1").await.unwrap(), Some(UserId(1001)));
        assert_eq!(linked_user(&db, "c-2").await.unwrap(), None);
    }

    #[test]
    fn a_customer_on_a_day() {
        let c = Customer {
            customer_id: "c".into(),
            email_hash: None,
            phone_hash: None,
            telegram_id: None,
            telegram_username: None,
            since: Some("2026-01-10".into()),
            churned_at: Some("2026-06-01".into()),
            plan: None,
            access_code_hash: None,
        };
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert!(!c.is_customer_on(d("2026-01-09")));
        assert!(c.is_customer_on(d("2026-01-10")));
        assert!(c.is_customer_on(d("2026-05-31")));
        assert!(!c.is_customer_on(d("2026-06-01")));
    }
}
