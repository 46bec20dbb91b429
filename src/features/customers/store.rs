//! The customer registry's SQL: customers as the CRM knows them, and the
//! Telegram accounts proven to be theirs. The registry is the company's one
//! list (not per chat); a chat's view of it goes through its members.

use chrono::{DateTime, NaiveDate, Utc};
use teloxide::types::UserId;

use crate::db::{Db, ts};

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
