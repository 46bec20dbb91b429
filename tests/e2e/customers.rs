//! The customer registry end to end: `hearth customers import` (the library
//! function main.rs calls, on the running bot's database) with BOM, CRLF,
//! quotes, bad rows, unreadable files and 100 000 rows; `hearth customers
//! nps`; the customers export; the CRM's API over real HTTP (tokens, limits,
//! malformed bodies, per-item errors, churn); and an imported churn making
//! the entry room's churn policy say goodbye.

use std::path::PathBuf;

use crate::support::*;
use hearth::{
    config::{Config, Secret},
    features::customers::{
        cli,
        keys::{self, Kind},
        store::Customer,
    },
};
use serde_json::{Value, json};

const KEY: &str = "a-secret-of-16-chars-or-more";
const API_TOKEN: &str = "crm-token-0123456789-abcdef";

fn with_secret(config: &mut Config) {
    config.secret = Some(Secret::new(KEY));
}

fn with_api(config: &mut Config) {
    with_secret(config);
    config.listen = Some("127.0.0.1:0".parse().expect("an address"));
    config.api_token = Some(Secret::new(API_TOKEN));
}

/// A file in a temporary folder that lives as long as the guard.
fn file(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("customers.csv");
    std::fs::write(&path, bytes).expect("written");
    (dir, path)
}

/// Every stored customer row as text (the whole table, to compare before and after).
async fn table(bot: &TestBot) -> Vec<String> {
    let customers: Vec<Customer> = sqlx::query_as(
        "SELECT customer_id, email_hash, phone_hash, telegram_id, telegram_username, since, churned_at, plan, access_code_hash FROM customers ORDER BY customer_id",
    )
    .fetch_all(bot.db())
    .await
    .expect("query runs");
    let updated: Vec<String> = sqlx::query_scalar("SELECT updated_at FROM customers ORDER BY customer_id")
        .fetch_all(bot.db())
        .await
        .expect("query runs");
    customers.iter().zip(updated).map(|(c, at)| format!("{c:?} {at}")).collect()
}

async fn column(bot: &TestBot, sql: &str) -> Option<String> {
    sqlx::query_scalar(sql).fetch_one(bot.db()).await.expect("query runs")
}

async fn import(bot: &TestBot, bytes: &[u8]) -> anyhow::Result<hearth::features::customers::import::Report> {
    let (_dir, path) = file(bytes);
    cli::import(&bot.config(), &path).await
}

#[tokio::test]
async fn an_import_with_bom_crlf_and_quotes_upserts_and_a_second_changes_nothing() {
    let bot = TestBot::start_configured(|_| {}, with_secret).await;
    let csv = "\u{feff}customer_id,email,phone,telegram_id,telegram_username,since,churned_at,plan,access_code\r\n\
               c-1, Ann@Example.COM ,+7 (900) 123-45-67,1001,@alice,2025-01-10,,\"Pro, yearly\",AB12-CD34\r\n\
               \"c-2\",bob@example.com,,,,2025-02-01,2026-06-30,\"Team \"\"A\"\", monthly\",\r\n\
               c-3,,,,,,,,\r\n";
    let report = import(&bot, csv.as_bytes()).await.unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (3, 0, 0), "{}", report.summary());
    assert!(report.rejected.is_empty(), "{}", report.summary());
    assert_eq!(report.summary(), "3 added, 0 updated, 0 unchanged, 0 rejected");

    let secret = Secret::new(KEY);
    let email = column(&bot, "SELECT email_hash FROM customers WHERE customer_id = 'c-1'").await.unwrap();
    assert_eq!(Some(email.clone()), keys::hash(&secret, Kind::Email, "ann@example.com"), "matched, not read");
    let phone = column(&bot, "SELECT phone_hash FROM customers WHERE customer_id = 'c-1'").await;
    assert_eq!(phone, keys::hash(&secret, Kind::Phone, "+79001234567"));
    let dump = table(&bot).await.join("\n");
    for readable in ["ann@", "Example", "bob@", "9001234567", "AB12"] {
        assert!(
            !dump.to_lowercase().contains(&readable.to_lowercase()),
            "{readable} stored readable: {dump}"
        );
    }
    assert_eq!(bot.scalar("SELECT telegram_id FROM customers WHERE customer_id = 'c-1'").await, 1001);
    assert_eq!(
        column(&bot, "SELECT telegram_username FROM customers WHERE customer_id = 'c-1'").await.as_deref(),
        Some("alice")
    );
    assert_eq!(
        column(&bot, "SELECT plan FROM customers WHERE customer_id = 'c-1'").await.as_deref(),
        Some("Pro, yearly")
    );
    assert_eq!(
        column(&bot, "SELECT plan FROM customers WHERE customer_id = 'c-2'").await.as_deref(),
        Some("Team \"A\", monthly")
    );
    assert_eq!(
        column(&bot, "SELECT churned_at FROM customers WHERE customer_id = 'c-2'").await.as_deref(),
        Some("2026-06-30")
    );
    assert_eq!(column(&bot, "SELECT since FROM customers WHERE customer_id = 'c-3'").await, None);

    let before = table(&bot).await;
    let again = import(&bot, csv.as_bytes()).await.unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 3));
    assert_eq!(table(&bot).await, before, "a re-import changes nothing, not even updated_at");

    // A later file: only the churn column — set for c-1, cleared for c-2; the rest stays.
    let later = import(&bot, b"customer_id,churned_at\nc-1,2026-11-01\nc-2,\nc-3,\n").await.unwrap();
    assert_eq!((later.added, later.updated, later.unchanged), (0, 2, 1), "{}", later.summary());
    assert_eq!(
        column(&bot, "SELECT churned_at FROM customers WHERE customer_id = 'c-1'").await.as_deref(),
        Some("2026-11-01")
    );
    assert_eq!(column(&bot, "SELECT churned_at FROM customers WHERE customer_id = 'c-2'").await, None);
    assert_eq!(
        column(&bot, "SELECT plan FROM customers WHERE customer_id = 'c-1'").await.as_deref(),
        Some("Pro, yearly")
    );
    assert_eq!(column(&bot, "SELECT email_hash FROM customers WHERE customer_id = 'c-1'").await, Some(email));
}

#[tokio::test]
async fn bad_rows_are_reported_by_line_and_change_nothing_while_good_rows_apply() {
    let bot = TestBot::start_configured(|_| {}, with_secret).await;
    import(&bot, b"customer_id,plan,since,access_code\nkeep,gold,2025-03-01,CODE-0001\n").await.unwrap();
    let csv = "customer_id,since,churned_at,telegram_id,plan,access_code\n\
               ok-1,2025-01-01,,42,basic,\n\
               ,2025-01-01,,,,\n\
               bad-date,2025-13-01,,,,\n\
               bad-churn,2025-01-01,31.12.2025,,,\n\
               bad-tg,,,not-a-number,,\n\
               ok-1,2025-01-01,,,other,\n\
               extra,2025-01-01,,,,,surplus\n\
               keep,2025-03-01,2025-02-01,,gold,\n\
               thief,,,,,code-0001\n\
               two-lines,,,,\"a plan\non two lines\",\n\
               ok-2,,,,,\n";
    let before_keep = column(&bot, "SELECT since || plan FROM customers WHERE customer_id = 'keep'").await;
    let report = import(&bot, csv.as_bytes()).await.unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (2, 0, 0), "{}", report.summary());
    let lines: Vec<(u64, &str)> = report.rejected.iter().map(|r| (r.at, r.field.as_str())).collect();
    assert_eq!(
        lines,
        [
            (3, "customer_id"),
            (4, "since"),
            (5, "churned_at"),
            (6, "telegram_id"),
            (7, "customer_id"),
            (8, "row"),
            (9, "churned_at"),
            (10, "access_code"),
            (11, "plan"),
        ],
        "{}",
        report.summary()
    );
    let summary = report.summary();
    assert!(summary.starts_with("2 added, 0 updated, 0 unchanged, 9 rejected"), "{summary}");
    assert!(
        summary.contains("line 7: customer_id: duplicate customer_id \"ok-1\" (first on line 2)"),
        "{summary}"
    );
    assert!(summary.contains("line 4: since: \"2025-13-01\" is not a date as YYYY-MM-DD"), "{summary}");
    assert!(summary.contains("line 8: row: 7 cells, but the header has 6 columns"), "{summary}");
    assert!(
        summary.contains("line 9: churned_at: churned_at 2025-02-01 is before since 2025-03-01"),
        "{summary}"
    );
    assert!(
        summary.contains("line 10: access_code: another customer already has this access code"),
        "{summary}"
    );
    let ids: Vec<String> = sqlx::query_scalar("SELECT customer_id FROM customers ORDER BY customer_id")
        .fetch_all(bot.db())
        .await
        .unwrap();
    assert_eq!(ids, ["keep", "ok-1", "ok-2"]);
    assert_eq!(
        column(&bot, "SELECT plan FROM customers WHERE customer_id = 'ok-1'").await.as_deref(),
        Some("basic")
    );
    assert_eq!(
        column(&bot, "SELECT since || plan FROM customers WHERE customer_id = 'keep'").await,
        before_keep
    );
    assert_eq!(column(&bot, "SELECT churned_at FROM customers WHERE customer_id = 'keep'").await, None);
    assert_eq!(
        column(&bot, "SELECT access_code_hash FROM customers WHERE customer_id = 'keep'").await,
        keys::hash(&Secret::new(KEY), Kind::AccessCode, "CODE-0001"),
        "a rejected row clears nothing"
    );
}

#[tokio::test]
async fn a_file_that_cannot_be_read_is_refused_whole_naming_line_and_column() {
    let bot = TestBot::start_configured(|_| {}, with_secret).await;
    let err = import(&bot, b"email,plan\na@b.c,gold\n").await.unwrap_err().to_string();
    assert_eq!(err, "line 1: the header has no customer_id column");
    let err = import(&bot, b"customer_id,name\nc-1,Ann\n").await.unwrap_err().to_string();
    assert!(err.contains("line 1, column 2") && err.contains("unknown column \"name\""), "{err}");
    // A byte that is not UTF-8 on line 3: the good line before it is not applied either.
    let err =
        import(&bot, b"customer_id,plan\nc-1,gold\nc-2,caf\xe9\nc-3,x\n").await.unwrap_err().to_string();
    assert_eq!(err, "line 3, column 2: not UTF-8 text (save the file as UTF-8)");
    let err = import(&bot, b"").await.unwrap_err().to_string();
    assert!(err.contains("empty") && err.contains("customer_id"), "{err}");
    let missing = cli::import(&bot.config(), std::path::Path::new("/nonexistent/x.csv")).await.unwrap_err();
    assert!(missing.to_string().contains("/nonexistent/x.csv"), "{missing}");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM customers").await, 0, "nothing changed");
}

#[tokio::test]
async fn without_hearth_secret_the_import_names_it_and_changes_nothing() {
    let bot = TestBot::start().await;
    let err = import(&bot, b"customer_id\nc-1\n").await.unwrap_err().to_string();
    assert!(err.contains("HEARTH_SECRET"), "{err}");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM customers").await, 0);
}

#[tokio::test]
async fn a_hundred_thousand_rows_import_and_reimport() {
    let bot = TestBot::start_configured(|_| {}, with_secret).await;
    let mut csv = String::from("customer_id,email,phone,telegram_id,since,plan\n");
    for i in 0..100_000u64 {
        csv.push_str(&format!(
            "c-{i},user{i}@example.com,+1555{i:07},{},2024-{:02}-{:02},plan-{}\n",
            10_000_000 + i,
            i % 12 + 1,
            i % 28 + 1,
            i % 3
        ));
    }
    let report = import(&bot, csv.as_bytes()).await.unwrap();
    assert_eq!((report.added, report.rejected.len()), (100_000, 0), "{}", report.summary());
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM customers").await, 100_000);
    assert_eq!(bot.scalar("SELECT COUNT(DISTINCT email_hash) FROM customers").await, 100_000);
    let again = import(&bot, csv.as_bytes()).await.unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 100_000));
}

#[tokio::test]
async fn the_companys_nps_answers_upsert_by_customer_and_date() {
    let bot = TestBot::start_configured(|_| {}, with_secret).await;
    import(&bot, b"customer_id\nc-1\nc-2\n").await.unwrap();
    let csv = b"\xef\xbb\xbfcustomer_id,score,date\r\nc-1,9,2026-05-01\r\nc-2,3,2026-05-01\r\nc-9,7,2026-05-01\r\nc-1,11,2026-05-02\r\nc-2,5,05/01/2026\r\nc-1,8,2026-05-01\r\nc-1,10,2026-06-01\r\n";
    let (_dir, path) = file(csv);
    let report = cli::nps(&bot.config(), &path).await.unwrap();
    assert_eq!((report.added, report.updated, report.unchanged), (3, 0, 0), "{}", report.summary());
    let lines: Vec<(u64, &str)> = report.rejected.iter().map(|r| (r.at, r.field.as_str())).collect();
    assert_eq!(lines, [(4, "customer_id"), (5, "score"), (6, "date"), (7, "date")], "{}", report.summary());
    assert!(report.summary().contains("line 4: customer_id: no customer \"c-9\" in the registry"));
    assert!(
        report.summary().contains("line 7: date: a second answer of \"c-1\" on 2026-05-01 (first on line 2)")
    );
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM customer_nps").await, 3);
    let again = cli::nps(&bot.config(), &path).await.unwrap();
    assert_eq!((again.added, again.updated, again.unchanged), (0, 0, 3));
    let (_dir2, changed) = file(b"customer_id,score,date\nc-1,6,2026-05-01\n");
    let report = cli::nps(&bot.config(), &changed).await.unwrap();
    assert_eq!((report.added, report.updated), (0, 1));
    assert_eq!(
        bot.scalar("SELECT score FROM customer_nps WHERE customer_id = 'c-1' AND answered_on = '2026-05-01'")
            .await,
        6
    );
    let (_dir3, bad) = file(b"customer_id,score\nc-1,6\n");
    let err = cli::nps(&bot.config(), &bad).await.unwrap_err().to_string();
    assert_eq!(err, "line 1: the header has no date column");
}

#[tokio::test]
async fn the_customers_export_shows_what_hearth_knows_and_no_hashes() {
    let bot = TestBot::start_configured(|_| {}, with_secret).await;
    import(
        &bot,
        b"customer_id,email,telegram_id,since,plan\nc-bob,bob@example.com,,2025-01-01,gold\nc-alice,a@example.com,1001,2025-02-01,\nc-out,o@example.com,1003,2025-03-01,\n",
    )
    .await
    .unwrap();
    sqlx::query("INSERT INTO customer_links VALUES ('c-bob', ?, 'access_code', '2026-01-01T00:00:00Z')")
        .bind(BOB)
        .execute(bot.db())
        .await
        .unwrap();
    for user in [ALICE, BOB] {
        bot.with(|w| w.join(GROUP, user, None));
        bot.settle().await;
    }
    bot.with(|w| w.say(GROUP, BOB, "hello"));
    bot.settle().await;
    let csv = hearth::features::stats::cli_export(&bot.db_url, GROUP, "customers").await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "customer_id,telegram_id,username,name,since,churned_at,plan,linked_via,joined_at,last_message_at,left_at,messages"
    );
    assert_eq!(lines.len(), 3, "Carol's customer is not in this chat: {csv}");
    assert!(lines[1].starts_with("c-alice,1001,alice,Alice,2025-02-01,,,,"), "{}", lines[1]);
    assert!(lines[2].starts_with("c-bob,1002,,Bob,2025-01-01,,gold,access_code,"), "{}", lines[2]);
    assert!(lines[2].ends_with(",1"), "{}", lines[2]);
    let hash = keys::hash(&Secret::new(KEY), Kind::Email, "bob@example.com").unwrap();
    assert!(!csv.contains("example.com") && !csv.contains(&hash), "{csv}");
    let size = hearth::features::stats::export::export_size(bot.db(), GROUP, "customers").await.unwrap();
    assert_eq!(size, Some(2));
}

// ---- the CRM's API -------------------------------------------------------------

struct Api {
    base: String,
    client: reqwest::Client,
}

impl Api {
    fn of(bot: &TestBot) -> Api {
        let addr = bot.hearth().addrs.listen.expect("HEARTH_LISTEN is served");
        Api { base: format!("http://{addr}"), client: reqwest::Client::new() }
    }

    async fn post(&self, path: &str, token: Option<&str>, body: impl Into<reqwest::Body>) -> (u16, Value) {
        let mut request = self.client.post(format!("{}{path}", self.base)).body(body);
        if let Some(token) = token {
            request = request.header("Authorization", format!("Bearer {token}"));
        }
        let response = request.send().await.expect("the server answers");
        let status = response.status().as_u16();
        let text = response.text().await.unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    async fn customers(&self, items: &Value) -> (u16, Value) {
        self.post("/api/customers", Some(API_TOKEN), items.to_string()).await
    }
}

#[tokio::test]
async fn the_api_refuses_without_the_token_and_past_its_limits_changing_nothing() {
    let bot = TestBot::start_configured(|_| {}, with_api).await;
    let api = Api::of(&bot);
    let one = json!([{ "customer_id": "c-1" }]).to_string();
    assert_eq!(api.post("/api/customers", None, one.clone()).await.0, 401);
    assert_eq!(api.post("/api/customers", Some("crm-token-0123456789-abcdeX"), one.clone()).await.0, 401);
    assert_eq!(api.post("/api/customers", Some("short"), one.clone()).await.0, 401);
    assert_eq!(api.post("/api/customers/c-1/churn", None, "").await.0, 401);

    let many: Vec<Value> = (0..1_001).map(|i| json!({ "customer_id": format!("c-{i}") })).collect();
    let (status, body) = api.customers(&Value::Array(many)).await;
    assert_eq!(status, 413, "{body}");
    let thousand: Vec<Value> = (0..1_000).map(|i| json!({ "customer_id": format!("k-{i}") })).collect();
    let (status, _) = api.customers(&Value::Array(thousand)).await;
    assert_eq!(status, 200, "1 000 items is within the limit");
    let big = format!("[{{\"customer_id\":\"c-big\",\"plan\":\"{}\"}}]", "x".repeat(3 * 1024 * 1024));
    assert_eq!(api.post("/api/customers", Some(API_TOKEN), big).await.0, 413);
    let (status, body) = api.post("/api/customers", Some(API_TOKEN), "[{\"customer_id\": ").await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(api.post("/api/customers", Some(API_TOKEN), "{\"customer_id\":\"c-1\"}").await.0, 400);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM customers").await, 1_000, "only the 1 000 applied");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM customers WHERE customer_id NOT LIKE 'k-%'").await, 0);
}

#[tokio::test]
async fn the_api_upserts_good_items_and_names_each_bad_one() {
    let bot = TestBot::start_configured(|_| {}, with_api).await;
    let api = Api::of(&bot);
    let items = json!([
        { "customer_id": "c-1", "email": "Ann@Example.com", "telegram_id": 1001, "since": "2025-01-10", "plan": "pro" },
        { "customer_id": "c-2", "phone": "+44 20 7946 0000", "churned_at": null },
        { "customer_id": "c-3", "since": "2025-02-31" },
        { "email": "x@example.com" },
        { "customer_id": "c-1", "plan": "again" },
        { "customer_id": "c-4", "nickname": "Dee", "telegram_id": "abc" },
        "not an object",
        { "customer_id": "c-5", "plan": ["a"] }
    ]);
    let (status, body) = api.customers(&items).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        (body["added"].as_u64(), body["updated"].as_u64(), body["unchanged"].as_u64()),
        (Some(2), Some(0), Some(0))
    );
    let rejected: Vec<(u64, String)> = body["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["index"].as_u64().unwrap(), r["field"].as_str().unwrap().to_owned()))
        .collect();
    let expected: Vec<(u64, String)> = [
        (2, "since"),
        (3, "customer_id"),
        (4, "customer_id"),
        (5, "nickname"),
        (5, "telegram_id"),
        (6, ""),
        (7, "plan"),
    ]
    .into_iter()
    .map(|(i, f)| (i, f.to_owned()))
    .collect();
    assert_eq!(rejected, expected, "{body}");
    assert!(
        body["rejected"][2]["reason"]
            .as_str()
            .unwrap()
            .contains("duplicate customer_id \"c-1\" (first on item 0)")
    );
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM customers").await, 2);
    assert_eq!(
        column(&bot, "SELECT email_hash FROM customers WHERE customer_id = 'c-1'").await,
        keys::hash(&Secret::new(KEY), Kind::Email, "ann@example.com")
    );

    let (status, body) =
        api.customers(&json!([{ "customer_id": "c-1", "plan": "pro" }, { "customer_id": "c-2" }])).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body, json!({ "added": 0, "updated": 0, "unchanged": 2, "rejected": [] }));
    let (_, body) = api.customers(&json!([{ "customer_id": "c-1", "plan": null }])).await;
    assert_eq!(body["updated"], 1);
    assert_eq!(column(&bot, "SELECT plan FROM customers WHERE customer_id = 'c-1'").await, None);
    assert_eq!(
        bot.scalar("SELECT telegram_id FROM customers WHERE customer_id = 'c-1'").await,
        1001,
        "absent: kept"
    );
}

#[tokio::test]
async fn the_api_churns_a_customer_today_or_on_a_date() {
    let bot = TestBot::start_configured(|_| {}, with_api).await;
    let api = Api::of(&bot);
    api.customers(&json!([{ "customer_id": "c 1/ü", "since": "2025-01-01" }, { "customer_id": "c-2" }]))
        .await;
    let (status, body) = api.post("/api/customers/nobody/churn", Some(API_TOKEN), "").await;
    assert_eq!(status, 404, "{body}");
    let (status, body) = api.post("/api/customers/c%201%2F%C3%BC/churn", Some(API_TOKEN), "").await;
    assert_eq!((status, body["updated"].as_u64()), (200, Some(1)), "{body}");
    let today = t0().format("%Y-%m-%d").to_string();
    assert_eq!(
        column(&bot, "SELECT churned_at FROM customers WHERE customer_id = 'c 1/ü'").await,
        Some(today)
    );
    let dated = json!({ "churned_at": "2026-10-15" }).to_string();
    let (status, body) = api.post("/api/customers/c-2/churn", Some(API_TOKEN), dated.clone()).await;
    assert_eq!((status, body["updated"].as_u64()), (200, Some(1)), "{body}");
    assert_eq!(api.post("/api/customers/c-2/churn", Some(API_TOKEN), dated).await.1["unchanged"], 1);
    let (status, body) = api
        .post("/api/customers/c-2/churn", Some(API_TOKEN), json!({ "churned_at": "15.10.2026" }).to_string())
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["rejected"][0]["field"], "churned_at");
    let (status, _) = api
        .post(
            "/api/customers/c%201%2F%C3%BC/churn",
            Some(API_TOKEN),
            json!({ "churned_at": "2024-12-31" }).to_string(),
        )
        .await;
    assert_eq!(status, 422, "a churn before the start is refused");
    assert_eq!(api.post("/api/customers/c-2/churn", Some(API_TOKEN), "not json").await.0, 400);
    assert_eq!(
        column(&bot, "SELECT churned_at FROM customers WHERE customer_id = 'c-2'").await.as_deref(),
        Some("2026-10-15")
    );
}

#[tokio::test]
async fn the_api_is_not_served_without_its_token() {
    fn listen_only(config: &mut Config) {
        with_secret(config);
        config.listen = Some("127.0.0.1:0".parse().expect("an address"));
    }
    let bot = TestBot::start_configured(|_| {}, listen_only).await;
    let api = Api::of(&bot);
    let (status, _) = api.post("/api/customers", Some(API_TOKEN), "[]").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn an_imported_churn_makes_the_churn_policy_say_goodbye() {
    let bot = TestBot::start_configured(|_| {}, with_secret).await;
    bot.with(|w| w.say(OWNER, OWNER, "/start"));
    bot.settle().await;
    import(&bot, b"customer_id,telegram_id,since\nc-bob,1002,2025-01-01\n").await.unwrap();
    sqlx::query("INSERT INTO customer_links VALUES ('c-bob', ?, 'telegram_id', '2026-01-01T00:00:00Z')")
        .bind(BOB)
        .execute(bot.db())
        .await
        .unwrap();
    bot.with(|w| w.join(GROUP, BOB, None));
    bot.settle().await;
    bot.with(|w| w.say(BOB, BOB, "/start"));
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/set churned goodbye"));
    bot.settle().await;
    bot.tick().await;
    assert!(bot.texts_to(BOB).iter().all(|t| !t.contains("Thank you for being part")), "not churned yet");

    let report = import(&bot, b"customer_id,churned_at\nc-bob,2026-11-01\n").await.unwrap();
    assert_eq!(report.updated, 1);
    bot.tick().await;
    assert!(bot.last_text_to(BOB).contains("Thank you for being part"), "{:?}", bot.texts_to(BOB));
}
