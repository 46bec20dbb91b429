//! /stats customers end to end: a generated customer base with known answers
//! (the worked example: 70 of 100 participants retained, 100 of 200
//! others → +40 %, 95 % interval +16 % … +69 %), the members' posts sent
//! through the fake at the right dates; "too few to tell"; the company's NPS
//! of members against other customers; the monthly churn chart; the
//! `customers-retention` export; and bad input (a bad horizon, a non-admin,
//! no customers imported).

use crate::{stats::read_csv, support::*};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use hearth::charts::PNG_SIGNATURE;

/// The accounts of generated customers start here.
const FIRST_USER: i64 = 20_000;

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `command` from the owner in the group; the bot's last answer, on one line.
async fn ask(bot: &TestBot, command: &str) -> String {
    bot.with(|w| w.say(GROUP, OWNER, command));
    bot.settle().await;
    one_line(&bot.last_text_to(GROUP))
}

fn assert_has(text: &str, parts: &[&str]) {
    for part in parts {
        assert!(text.contains(part), "missing {part:?} in {text}");
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A customer as the registry's import writes it, linked to `user` if any.
async fn customer(
    bot: &TestBot,
    id: &str,
    since: Option<NaiveDate>,
    churned: Option<NaiveDate>,
    user: Option<i64>,
) {
    sqlx::query(
        "INSERT INTO customers (customer_id, since, churned_at, updated_at) VALUES (?, ?, ?, '2026-01-01')",
    )
    .bind(id)
    .bind(since.map(day))
    .bind(churned.map(day))
    .execute(bot.db())
    .await
    .expect("customer");
    if let Some(user) = user {
        sqlx::query(
            "INSERT INTO customer_links (customer_id, user_id, via, linked_at) VALUES (?, ?, 'admin', '')",
        )
        .bind(id)
        .bind(user)
        .execute(bot.db())
        .await
        .expect("link");
    }
}

async fn nps_answer(bot: &TestBot, id: &str, on: NaiveDate, score: i64) {
    sqlx::query("INSERT INTO customer_nps (customer_id, answered_on, score) VALUES (?, ?, ?)")
        .bind(id)
        .bind(day(on))
        .bind(score)
        .execute(bot.db())
        .await
        .expect("answer");
}

/// `users`, members of the group the bot had not seen, each post once at `when`.
fn post_at(bot: &TestBot, users: impl IntoIterator<Item = i64>, when: DateTime<Utc>) {
    bot.with(|w| {
        w.now = when.timestamp();
        for user in users {
            w.add_user(user, &format!("Customer {user}"));
            w.set_status(GROUP, user, hearth::sim::world::Status::Member);
            w.say(GROUP, user, "hello from a customer");
        }
        w.now = t0().timestamp();
    });
}

/// The worked example, with the command at t0 (2 November 2026) and H = 90:
/// the cohort's day is 4 August 2026, participants posted in the 30 days
/// before it (here on 25 July). Every cohort customer has been one since
/// 15 January 2026 (one tenure stratum, so the adjusted ratio is the crude).
/// - 100 participants: 30 churn on 15 September, 70 stay.
/// - 200 others: 20 linked members who posted on 20 June (too early), 20
///   who posted on 20 October (after the cohort's day, active now), 160 not
///   linked; 100 churn on 10 October, 100 stay.
/// - Outside the cohort: 5 customers since 1 September, 5 churned 1 July.
async fn worked_example() -> TestBot {
    let bot = TestBot::start().await;
    let d = |s: &str| s.parse::<NaiveDate>().expect("date");
    let since = Some(d("2026-01-15"));
    for i in 0..100 {
        let churned = (i < 30).then(|| d("2026-09-15"));
        customer(&bot, &format!("p{i:03}"), since, churned, Some(FIRST_USER + i)).await;
    }
    for i in 0..200 {
        let churned = (i % 2 == 0).then(|| d("2026-10-10"));
        let user = (i < 40).then_some(FIRST_USER + 1000 + i);
        customer(&bot, &format!("n{i:03}"), since, churned, user).await;
    }
    for i in 0..5 {
        customer(&bot, &format!("later{i}"), Some(d("2026-09-01")), None, None).await;
        customer(&bot, &format!("gone{i}"), since, Some(d("2026-07-01")), None).await;
    }
    let at = |s: &str| format!("{s}T12:00:00Z").parse::<DateTime<Utc>>().expect("time");
    post_at(&bot, FIRST_USER..FIRST_USER + 100, at("2026-07-25"));
    post_at(&bot, FIRST_USER + 1000..FIRST_USER + 1020, at("2026-06-20"));
    post_at(&bot, FIRST_USER + 1020..FIRST_USER + 1040, at("2026-10-20"));
    bot.settle().await;
    bot
}

#[tokio::test]
async fn the_worked_example_end_to_end() {
    let bot = worked_example().await;
    let text = ask(&bot, "/stats customers").await;
    assert_has(
        &text,
        &[
            "Test Lounge — customers and the community, a cohort of 90 days ago",
            "Customers: 310 known · 140 linked to a member here · 20 active participants (posted here in the last 30 days)",
            "Cohort: the 300 customers on 2026-08-04 (90 days ago)",
            "Participants (linked, posted here in the 30 days before): 70 % retained (of 100); the others: 50 % (of 200)",
            "Uplift of participation: +40 % (95 % interval +16 % … +69 %)",
            "Adjusted for tenure (under 90 days, 90–365, over 365, unknown): +40 % (+16 % … +69 %)",
            "A correlation, not proof of cause",
            "NPS of the company's survey: no answers in the last 90 days",
        ],
    );
    assert!(text.chars().count() <= 4096);

    // The monthly churn chart came first, as a PNG photo.
    let photos = bot.calls_to("sendPhoto");
    assert_eq!(photos.len(), 1);
    assert_eq!(photos[0].chat_id(), Some(GROUP));
    let png = photos[0].files.get("photo").expect("the photo is uploaded");
    assert_eq!(png[..8], PNG_SIGNATURE);
    assert!(photos[0].text().contains("Monthly churn of the cohort of 90 days ago"), "{}", photos[0].text());

    // A longer horizon: on 4 May the 305 customers since 15 January were
    // customers (the five gone on 1 July among them, 170 retained), and
    // nobody had posted in the 30 days before it.
    let text = ask(&bot, "/stats customers 182").await;
    assert!(text.contains("Cohort: the 305 customers on 2026-05-04 (182 days ago)"), "{text}");
    assert!(text.contains("— retained (of 0); the others: 56 % (of 305)"), "{text}");
    assert!(text.contains("too few to tell (fewer than 30 customers in a group)"), "{text}");
}

#[tokio::test]
async fn the_report_in_russian() {
    let bot = worked_example().await;
    bot.with(|w| w.say(GROUP, OWNER, "/set lang ru"));
    let text = ask(&bot, "/stats клиенты 90д").await;
    assert_has(
        &text,
        &[
            "клиенты и сообщество, когорта 90 дней назад",
            "Когорта: 300 клиентов на 2026-08-04 (90 дней назад)",
            "удержано 70 % (из 100); остальные: 50 % (из 200)",
            "Прирост удержания от участия: +40 % (95 % интервал +16 % … +69 %)",
            "корреляция",
        ],
    );
    assert!(bot.calls_to("sendPhoto")[0].text().contains("Отток по месяцам"));
}

/// 10 participants and 20 others: too few to tell. The participants also
/// posted on 20 October, so they are the community members of the NPS.
/// Members' latest answers: 6 × 10, 3 × 8, 1 × 3 (one member's earlier 0 is
/// replaced) → +50 ± 39 (n = 10). Others: 4 × 9, 6 × 7, 10 × 2 → -30 ± 32
/// (n = 20); an answer older than 90 days is left out.
#[tokio::test]
async fn too_few_to_tell_and_the_nps_of_members_against_other_customers() {
    let bot = TestBot::start().await;
    let d = |s: &str| s.parse::<NaiveDate>().expect("date");
    let since = Some(d("2025-03-01"));
    for i in 0..10 {
        customer(&bot, &format!("m{i}"), since, None, Some(FIRST_USER + i)).await;
    }
    for i in 0..20 {
        customer(&bot, &format!("o{i}"), since, (i < 5).then(|| d("2026-10-01")), None).await;
    }
    let at = |s: &str| format!("{s}T12:00:00Z").parse::<DateTime<Utc>>().expect("time");
    post_at(&bot, FIRST_USER..FIRST_USER + 10, at("2026-07-30"));
    post_at(&bot, FIRST_USER..FIRST_USER + 10, at("2026-10-20"));
    bot.settle().await;
    let members = [10, 10, 10, 10, 10, 10, 8, 8, 8, 3];
    for (i, score) in members.iter().enumerate() {
        nps_answer(&bot, &format!("m{i}"), d("2026-10-25"), *score).await;
    }
    nps_answer(&bot, "m0", d("2026-09-01"), 0).await;
    let others = [9, 9, 9, 9, 7, 7, 7, 7, 7, 7, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2];
    for (i, score) in others.iter().enumerate() {
        nps_answer(&bot, &format!("o{i}"), d("2026-09-10"), *score).await;
    }
    nps_answer(&bot, "o19", d("2026-07-01"), 10).await;

    let text = ask(&bot, "/stats customers").await;
    assert_has(
        &text,
        &[
            "Participants (linked, posted here in the 30 days before): 100 % retained (of 10); the others: 75 % (of 20)",
            "Uplift of participation: too few to tell (fewer than 30 customers in a group).",
            "A correlation, not proof of cause",
            "community members +50 ± 39 (n = 10) · other customers -30 ± 32 (n = 20)",
        ],
    );
    assert!(!text.contains("95 % interval"), "{text}");
    assert_eq!(bot.calls_to("sendPhoto").len(), 1, "the chart goes with a small cohort too");
}

#[tokio::test]
async fn bad_input_is_refused_and_nothing_else_is_sent() {
    let bot = worked_example().await;
    let before = bot.calls_to("sendMessage").len();
    for bad in ["abc", "0", "99999", "29", "<b>"] {
        bot.with(|w| w.say(GROUP, OWNER, &format!("/stats customers {bad}")));
        bot.settle().await;
        let answer = bot.last_text_to(GROUP);
        assert!(
            answer.contains(&format!("“{bad}” is not a number of days from 30 to 730"))
                && answer.contains("/stats customers 180"),
            "{answer}"
        );
    }
    bot.with(|w| w.say(GROUP, OWNER, "/set lang ru"));
    let answer = ask(&bot, "/stats customers 1000").await;
    assert!(answer.contains("«1000» — не число дней от 30 до 730"), "{answer}");
    bot.with(|w| w.say(GROUP, ALICE, "/stats customers"));
    bot.settle().await;
    let refused = bot.last_text_to(GROUP);
    assert!(!refused.contains("Когорта") && !refused.contains("Cohort"), "{refused}");
    // One answer per command (the /set confirmation besides), no chart.
    assert_eq!(bot.calls_to("sendMessage").len(), before + 8);
    assert!(bot.calls_to("sendPhoto").is_empty());
}

#[tokio::test]
async fn a_non_admin_is_refused() {
    let bot = worked_example().await;
    bot.with(|w| w.say(GROUP, ALICE, "/stats customers"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Only the chat's admins"), "{}", bot.last_text_to(GROUP));
    assert!(bot.calls_to("sendPhoto").is_empty());
}

#[tokio::test]
async fn no_customers_imported_yet() {
    let bot = TestBot::start().await;
    let answer = ask(&bot, "/stats customers 30").await;
    assert!(answer.contains("No customers imported yet — hearth customers import FILE.csv"), "{answer}");
    assert!(bot.calls_to("sendPhoto").is_empty());
}

/// The export classes the default cohort as of the day it is built (UTC):
/// the dates here are far enough from every boundary that a day more or
/// less changes nothing.
#[tokio::test]
async fn the_customers_retention_export() {
    let bot = TestBot::start().await;
    let today = Utc::now().date_naive();
    let t0 = today - Duration::days(90);
    customer(&bot, "alpha", Some(t0 - Duration::days(200)), None, Some(FIRST_USER)).await;
    customer(
        &bot,
        "beta",
        Some(t0 - Duration::days(500)),
        Some(t0 + Duration::days(40)),
        Some(FIRST_USER + 1),
    )
    .await;
    customer(&bot, "gamma", None, None, Some(FIRST_USER + 2)).await;
    customer(&bot, "delta", Some(t0 - Duration::days(30)), Some(t0 + Duration::days(45)), None).await;
    customer(&bot, "later", Some(t0 + Duration::days(30)), None, None).await;
    let posted = (t0 - Duration::days(12)).and_hms_opt(12, 0, 0).expect("time").and_utc();
    post_at(&bot, [FIRST_USER, FIRST_USER + 1], posted);
    post_at(&bot, [FIRST_USER + 2], posted + Duration::days(40));
    bot.with(|w| w.say(OWNER, OWNER, "/start"));
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/export customers-retention"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("(4 rows) is in your DM"), "{}", bot.last_text_to(GROUP));
    let docs = bot.calls_to("sendDocument");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].chat_id(), Some(OWNER));
    let rows = read_csv(docs[0].files.get("document").expect("the CSV is uploaded"));
    assert_eq!(
        rows[0],
        ["customer_id", "since", "churned_at", "user_id", "cohort_day", "tenure", "participant", "retained"]
    );
    let row = |id: &str| {
        let r = rows.iter().find(|r| r[0] == id).unwrap_or_else(|| panic!("{id} in {rows:?}"));
        format!("{},{},{}", r[5], r[6], r[7])
    };
    assert_eq!(row("alpha"), "90-365d,yes,yes");
    assert_eq!(row("beta"), "over-365d,yes,no");
    assert_eq!(row("gamma"), "unknown,no,yes");
    assert_eq!(row("delta"), "under-90d,no,no");
    assert_eq!(rows.len(), 5, "a header and the four customers of the cohort");
    assert_eq!(rows[1][3], FIRST_USER.to_string());
}
