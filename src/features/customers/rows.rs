//! A customer as the CRM sends it (a CSV row or a JSON item), parsed into a
//! `Patch`: what to set, what to clear and what to leave. Pure: no SQL.
//!
//! The rule for every field but `customer_id`: a column (or JSON field)
//! that is **missing** leaves the stored value as it is; a cell that is
//! **empty** (or JSON `null` / `""`) clears it. So a later file with a
//! `churned_at` column sets a churn date where it has one and clears it
//! where the cell is empty, and a file without that column touches no
//! churn date. Emails, phones and access codes become keyed hashes here;
//! their text goes no further.

use chrono::NaiveDate;

use super::{
    keys::{self, Kind},
    store::Customer,
};
use crate::config::Secret;

/// A field of a customer row, by its column name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    CustomerId,
    Email,
    Phone,
    TelegramId,
    TelegramUsername,
    Since,
    ChurnedAt,
    Plan,
    AccessCode,
}

impl Field {
    pub const ALL: [Field; 9] = [
        Field::CustomerId,
        Field::Email,
        Field::Phone,
        Field::TelegramId,
        Field::TelegramUsername,
        Field::Since,
        Field::ChurnedAt,
        Field::Plan,
        Field::AccessCode,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Field::CustomerId => "customer_id",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::TelegramId => "telegram_id",
            Field::TelegramUsername => "telegram_username",
            Field::Since => "since",
            Field::ChurnedAt => "churned_at",
            Field::Plan => "plan",
            Field::AccessCode => "access_code",
        }
    }

    pub fn from_name(name: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// The registry file's columns, for the CSV reader.
pub const COLUMNS: super::csv_input::Columns = super::csv_input::Columns {
    required: &["customer_id"],
    optional: &[
        "email",
        "phone",
        "telegram_id",
        "telegram_username",
        "since",
        "churned_at",
        "plan",
        "access_code",
    ],
};

/// The longest customer id (bytes) and plan name (characters).
pub const MAX_ID_BYTES: usize = 64;
pub const MAX_PLAN_CHARS: usize = 64;

/// What is wrong with one field of a row.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FieldError {
    pub field: String,
    pub reason: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, reason: impl Into<String>) -> FieldError {
        FieldError { field: field.into(), reason: reason.into() }
    }
}

/// `None`: leave as stored; `Some(None)`: clear; `Some(Some(v))`: set.
pub type Change<T> = Option<Option<T>>;

/// What a row asks of one customer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Patch {
    pub customer_id: String,
    pub email_hash: Change<String>,
    pub phone_hash: Change<String>,
    pub telegram_id: Change<i64>,
    pub telegram_username: Change<String>,
    pub since: Change<String>,
    pub churned_at: Change<String>,
    pub plan: Change<String>,
    pub access_code_hash: Change<String>,
}

/// Parses a row given as (field, text) pairs — an empty text clears the
/// field — into a patch, or every error it has.
pub fn parse(secret: &Secret, cells: &[(Field, &str)]) -> Result<Patch, Vec<FieldError>> {
    let mut patch = Patch::default();
    let mut errors = Vec::new();
    let mut id = None;
    for &(field, raw) in cells {
        let raw = raw.trim();
        let name = field.name();
        let mut fail = |reason: String| errors.push(FieldError::new(name, reason));
        match field {
            Field::CustomerId => match customer_id(raw) {
                Ok(v) => id = Some(v),
                Err(reason) => fail(reason),
            },
            Field::Email => match email(raw) {
                Ok(()) => patch.email_hash = Some(keys::hash(secret, Kind::Email, raw)),
                Err(reason) => fail(reason),
            },
            Field::Phone => match phone(raw) {
                Ok(()) => patch.phone_hash = Some(keys::hash(secret, Kind::Phone, raw)),
                Err(reason) => fail(reason),
            },
            Field::TelegramId => match telegram_id(raw) {
                Ok(v) => patch.telegram_id = Some(v),
                Err(reason) => fail(reason),
            },
            Field::TelegramUsername => match telegram_username(raw) {
                Ok(v) => patch.telegram_username = Some(v),
                Err(reason) => fail(reason),
            },
            Field::Since => match date(raw) {
                Ok(v) => patch.since = Some(v),
                Err(reason) => fail(reason),
            },
            Field::ChurnedAt => match date(raw) {
                Ok(v) => patch.churned_at = Some(v),
                Err(reason) => fail(reason),
            },
            Field::Plan => match plan(raw) {
                Ok(v) => patch.plan = Some(v),
                Err(reason) => fail(reason),
            },
            Field::AccessCode => match access_code(raw) {
                Ok(()) => patch.access_code_hash = Some(keys::hash(secret, Kind::AccessCode, raw)),
                Err(reason) => fail(reason),
            },
        }
    }
    match id {
        Some(id) => patch.customer_id = id,
        None if !cells.iter().any(|(f, _)| *f == Field::CustomerId) => {
            errors.push(FieldError::new("customer_id", "missing"))
        }
        None => {}
    }
    if errors.is_empty() { Ok(patch) } else { Err(errors) }
}

impl Patch {
    /// The customer after this patch: the stored one changed, or a new one.
    pub fn apply(&self, stored: Option<&Customer>) -> Customer {
        let mut c = stored.cloned().unwrap_or_else(|| Customer {
            customer_id: self.customer_id.clone(),
            email_hash: None,
            phone_hash: None,
            telegram_id: None,
            telegram_username: None,
            since: None,
            churned_at: None,
            plan: None,
            access_code_hash: None,
        });
        fn put<T: Clone>(into: &mut Option<T>, change: &Change<T>) {
            if let Some(v) = change {
                into.clone_from(v);
            }
        }
        put(&mut c.email_hash, &self.email_hash);
        put(&mut c.phone_hash, &self.phone_hash);
        put(&mut c.telegram_id, &self.telegram_id);
        put(&mut c.telegram_username, &self.telegram_username);
        put(&mut c.since, &self.since);
        put(&mut c.churned_at, &self.churned_at);
        put(&mut c.plan, &self.plan);
        put(&mut c.access_code_hash, &self.access_code_hash);
        c
    }
}

/// A customer as the patch leaves them must make sense as a whole.
pub fn check(c: &Customer) -> Result<(), FieldError> {
    match (&c.since, &c.churned_at) {
        (Some(since), Some(churned)) if churned < since => {
            Err(FieldError::new("churned_at", format!("churned_at {churned} is before since {since}")))
        }
        _ => Ok(()),
    }
}

fn customer_id(raw: &str) -> Result<String, String> {
    if raw.is_empty() {
        Err("empty customer_id".into())
    } else if raw.len() > MAX_ID_BYTES {
        Err(format!("longer than {MAX_ID_BYTES} bytes"))
    } else if raw.chars().any(char::is_control) {
        Err("has control characters".into())
    } else {
        Ok(raw.to_owned())
    }
}

fn email(raw: &str) -> Result<(), String> {
    let ok = raw.is_empty()
        || (raw
            .split_once('@')
            .is_some_and(|(user, domain)| !user.is_empty() && !domain.is_empty() && !domain.contains('@'))
            && !raw.chars().any(char::is_whitespace)
            && raw.len() <= 254);
    if ok { Ok(()) } else { Err("not an email address".into()) }
}

fn phone(raw: &str) -> Result<(), String> {
    let digits = raw.chars().filter(char::is_ascii_digit).count();
    let allowed = raw.chars().all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if raw.is_empty() || (allowed && (5..=15).contains(&digits)) {
        Ok(())
    } else {
        Err("not a phone number (5 to 15 digits, with + ( ) - . or spaces)".into())
    }
}

fn telegram_id(raw: &str) -> Result<Option<i64>, String> {
    if raw.is_empty() {
        return Ok(None);
    }
    // Telegram's user ids are positive and fit in 52 bits.
    match raw.parse::<i64>() {
        Ok(id) if (1..(1 << 52)).contains(&id) => Ok(Some(id)),
        _ => Err(format!("{:?} is not a Telegram user id (a positive number)", shorten(raw))),
    }
}

fn telegram_username(raw: &str) -> Result<Option<String>, String> {
    let name = raw.strip_prefix('@').unwrap_or(raw);
    if name.is_empty() {
        Ok(None)
    } else if (4..=32).contains(&name.len()) && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        Ok(Some(name.to_owned()))
    } else {
        Err("not a Telegram username (4 to 32 of a-z, 0-9 and _)".into())
    }
}

/// A date as YYYY-MM-DD exactly (empty: none).
pub fn date(raw: &str) -> Result<Option<String>, String> {
    if raw.is_empty() {
        return Ok(None);
    }
    match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        Ok(d) if raw.len() == 10 => Ok(Some(d.format("%Y-%m-%d").to_string())),
        _ => Err(format!("{:?} is not a date as YYYY-MM-DD", shorten(raw))),
    }
}

fn plan(raw: &str) -> Result<Option<String>, String> {
    if raw.is_empty() {
        Ok(None)
    } else if raw.chars().count() > MAX_PLAN_CHARS || raw.chars().any(char::is_control) {
        Err(format!("longer than {MAX_PLAN_CHARS} characters or has control characters"))
    } else {
        Ok(Some(raw.to_owned()))
    }
}

fn access_code(raw: &str) -> Result<(), String> {
    let code = keys::normalize(Kind::AccessCode, raw);
    if raw.is_empty() || ((4..=64).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphanumeric())) {
        Ok(())
    } else {
        Err("not an access code (4 to 64 letters and digits)".into())
    }
}

/// A value quoted in an error, cut short.
fn shorten(raw: &str) -> String {
    raw.chars().take(40).collect()
}

// ---- the company's NPS survey ----------------------------------------------

/// The NPS file's columns.
pub const NPS_COLUMNS: super::csv_input::Columns =
    super::csv_input::Columns { required: &["customer_id", "score", "date"], optional: &[] };

/// One answer of the company's survey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NpsAnswer {
    pub customer_id: String,
    pub answered_on: String,
    pub score: i64,
}

/// Parses an NPS row given as (column, text) pairs.
pub fn parse_nps(cells: &[(&str, &str)]) -> Result<NpsAnswer, Vec<FieldError>> {
    let mut errors = Vec::new();
    let (mut id, mut score, mut day) = (None, None, None);
    for &(column, raw) in cells {
        let raw = raw.trim();
        match column {
            "customer_id" => match customer_id(raw) {
                Ok(v) => id = Some(v),
                Err(reason) => errors.push(FieldError::new(column, reason)),
            },
            "score" => match raw.parse::<i64>() {
                Ok(s) if (0..=10).contains(&s) => score = Some(s),
                _ => errors
                    .push(FieldError::new(column, format!("{:?} is not a score from 0 to 10", shorten(raw)))),
            },
            "date" => match date(raw) {
                Ok(Some(d)) => day = Some(d),
                Ok(None) => errors.push(FieldError::new(column, "empty date")),
                Err(reason) => errors.push(FieldError::new(column, reason)),
            },
            other => errors.push(FieldError::new(other, "unknown column")),
        }
    }
    match (id, score, day) {
        (Some(customer_id), Some(score), Some(answered_on)) if errors.is_empty() => {
            Ok(NpsAnswer { customer_id, answered_on, score })
        }
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> Secret {
        Secret::new("a-secret-of-16-chars-or-more")
    }

    fn reasons(cells: &[(Field, &str)]) -> Vec<String> {
        parse(&secret(), cells)
            .unwrap_err()
            .into_iter()
            .map(|e| format!("{}: {}", e.field, e.reason))
            .collect()
    }

    #[test]
    fn a_full_row_sets_every_field_and_hides_email_phone_and_code() {
        let p = parse(
            &secret(),
            &[
                (Field::CustomerId, " c-1 "),
                (Field::Email, "Ann@Example.com"),
                (Field::Phone, "+7 (900) 123-45-67"),
                (Field::TelegramId, "1001"),
                (Field::TelegramUsername, "@ann_k"),
                (Field::Since, "2025-01-31"),
                (Field::ChurnedAt, ""),
                (Field::Plan, "Pro, yearly"),
                (Field::AccessCode, "ab12-cd34"),
            ],
        )
        .unwrap();
        assert_eq!(p.customer_id, "c-1");
        assert_eq!(p.email_hash, Some(keys::hash(&secret(), Kind::Email, "ann@example.com")));
        assert!(!p.email_hash.clone().flatten().unwrap().contains("ann"));
        assert_eq!(p.phone_hash, Some(keys::hash(&secret(), Kind::Phone, "+79001234567")));
        assert_eq!(p.telegram_id, Some(Some(1001)));
        assert_eq!(p.telegram_username, Some(Some("ann_k".into())));
        assert_eq!(p.since, Some(Some("2025-01-31".into())));
        assert_eq!(p.churned_at, Some(None), "an empty cell clears");
        assert_eq!(p.plan, Some(Some("Pro, yearly".into())));
        assert_eq!(p.access_code_hash, Some(keys::hash(&secret(), Kind::AccessCode, "AB12CD34")));
    }

    #[test]
    fn a_missing_column_leaves_an_empty_cell_clears() {
        let stored = parse(
            &secret(),
            &[(Field::CustomerId, "c-1"), (Field::Plan, "gold"), (Field::ChurnedAt, "2026-03-01")],
        )
        .unwrap()
        .apply(None);
        assert_eq!(stored.plan.as_deref(), Some("gold"));
        let only_churn = parse(&secret(), &[(Field::CustomerId, "c-1"), (Field::ChurnedAt, "")]).unwrap();
        let after = only_churn.apply(Some(&stored));
        assert_eq!(after.churned_at, None);
        assert_eq!(after.plan.as_deref(), Some("gold"), "no plan column: the plan stays");
        assert_eq!(only_churn.apply(Some(&after)), after, "twice is once");
    }

    #[test]
    fn every_bad_field_is_named() {
        assert_eq!(reasons(&[(Field::CustomerId, "  ")]), ["customer_id: empty customer_id"]);
        assert_eq!(reasons(&[(Field::Plan, "x")]), ["customer_id: missing"]);
        assert_eq!(
            reasons(&[
                (Field::CustomerId, "c-1"),
                (Field::Since, "2025-13-01"),
                (Field::ChurnedAt, "1/2/2025"),
                (Field::TelegramId, "12ab"),
            ]),
            [
                "since: \"2025-13-01\" is not a date as YYYY-MM-DD",
                "churned_at: \"1/2/2025\" is not a date as YYYY-MM-DD",
                "telegram_id: \"12ab\" is not a Telegram user id (a positive number)",
            ]
        );
        for bad in ["-5", "0", "99999999999999999999", "1.5"] {
            assert_eq!(reasons(&[(Field::CustomerId, "c"), (Field::TelegramId, bad)]).len(), 1, "{bad}");
        }
        for bad in ["2025-1-5", "2025-02-30", "20250101", "2025-01-01T00:00"] {
            assert_eq!(reasons(&[(Field::CustomerId, "c"), (Field::Since, bad)]).len(), 1, "{bad}");
        }
        assert_eq!(reasons(&[(Field::CustomerId, "c"), (Field::Email, "no-at-sign")]).len(), 1);
        assert_eq!(reasons(&[(Field::CustomerId, "c"), (Field::Phone, "12")]).len(), 1);
        assert_eq!(reasons(&[(Field::CustomerId, "c"), (Field::Phone, "call me")]).len(), 1);
        assert_eq!(reasons(&[(Field::CustomerId, "c"), (Field::TelegramUsername, "a b")]).len(), 1);
        assert_eq!(reasons(&[(Field::CustomerId, "c"), (Field::AccessCode, "!!")]).len(), 1);
        assert_eq!(reasons(&[(Field::CustomerId, &"x".repeat(65))]).len(), 1);
        assert_eq!(reasons(&[(Field::CustomerId, "c"), (Field::Plan, &"p".repeat(65))]).len(), 1);
    }

    #[test]
    fn a_churn_before_the_start_is_refused_after_merging() {
        let stored =
            parse(&secret(), &[(Field::CustomerId, "c"), (Field::Since, "2025-05-01")]).unwrap().apply(None);
        let churn = parse(&secret(), &[(Field::CustomerId, "c"), (Field::ChurnedAt, "2025-04-30")]).unwrap();
        assert_eq!(check(&churn.apply(Some(&stored))).unwrap_err().field, "churned_at");
        let churn = parse(&secret(), &[(Field::CustomerId, "c"), (Field::ChurnedAt, "2025-05-01")]).unwrap();
        assert_eq!(check(&churn.apply(Some(&stored))), Ok(()));
    }

    #[test]
    fn columns_match_the_fields() {
        let names: Vec<&str> = COLUMNS.required.iter().chain(COLUMNS.optional).copied().collect();
        assert_eq!(names, Field::ALL.map(Field::name));
        assert_eq!(Field::from_name(" Churned_At"), Some(Field::ChurnedAt));
        assert_eq!(Field::from_name("name"), None);
    }

    #[test]
    fn nps_rows() {
        let ok = parse_nps(&[("customer_id", "c-1"), ("score", " 9 "), ("date", "2026-05-01")]).unwrap();
        assert_eq!(ok, NpsAnswer { customer_id: "c-1".into(), answered_on: "2026-05-01".into(), score: 9 });
        for bad in ["11", "-1", "9.5", "", "ten"] {
            let err =
                parse_nps(&[("customer_id", "c-1"), ("score", bad), ("date", "2026-05-01")]).unwrap_err();
            assert_eq!(err[0].field, "score", "{bad}");
        }
        let err = parse_nps(&[("customer_id", ""), ("score", "3"), ("date", "2026-5-1")]).unwrap_err();
        assert_eq!(err.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["customer_id", "date"]);
    }
}
