//! The dashboard's Members and Moderation pages end to end: members seeded
//! through the fake Telegram, read over HTTP (searched in any case,
//! filtered, sorted, paged, escaped), the CSV of a filtered view; filters
//! added and removed over HTTP with /filter's validation, the bot acting on
//! them; refusals (422, 403) that change nothing.

use crate::support::{
    ALICE, BOB, CAROL, GROUP, OWNER, TestBot,
    dashboard::{Browser, dashboard_bot},
};

const EVE: i64 = 2001;
const IVAN: i64 = 2002;
const FORMULA: i64 = 2003;

fn members_url(query: &str) -> String {
    format!("/dashboard/c/{GROUP}/members{query}")
}

fn moderation_url(tail: &str) -> String {
    format!("/dashboard/c/{GROUP}/moderation{tail}")
}

/// Alice (3 posts), Bob (1), Eve (2, HTML in her name), Ivan (Cyrillic),
/// a formula of a name, and Carol, who left.
async fn community() -> TestBot {
    let bot = dashboard_bot().await;
    bot.with(|w| {
        w.add_user(EVE, "<b>Eve & Co</b>").username = Some("eve_co".into());
        let ivan = w.add_user(IVAN, "Иван");
        ivan.last_name = Some("Петров".into());
        w.add_user(FORMULA, "=HYPERLINK(\"http://x\")");
    });
    for user in [ALICE, BOB, CAROL, EVE, IVAN, FORMULA] {
        bot.seat(user);
    }
    bot.with(|w| {
        for _ in 0..3 {
            w.say(GROUP, ALICE, "hello");
        }
        w.say(GROUP, BOB, "hi");
        w.say(GROUP, EVE, "hey");
        w.say(GROUP, EVE, "hey again");
        w.say(GROUP, IVAN, "привет");
        w.say(GROUP, FORMULA, "hm");
        w.say(GROUP, CAROL, "bye");
    });
    bot.settle().await;
    bot.with(|w| w.leave(GROUP, CAROL));
    bot.settle().await;
    bot
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(text.as_bytes());
    reader.records().map(|r| r.expect("a record").iter().map(str::to_owned).collect()).collect()
}

#[tokio::test]
async fn members_are_searched_filtered_sorted_and_escaped() {
    let bot = community().await;
    let mut admin = Browser::login(&bot, OWNER).await;
    let (status, page) = admin.get(&members_url("")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("&lt;b&gt;Eve &amp; Co&lt;/b&gt;"), "the name escaped: {page}");
    assert!(!page.contains("<b>Eve"), "never as HTML");
    assert!(page.contains("Alice") && page.contains("Иван Петров") && page.contains("TL0"), "{page}");

    // Search: any case, Cyrillic too, @username, nothing else.
    let (_, page) = admin.get(&members_url("?q=%D0%B8%D0%B2%D0%B0%D0%BD")).await; // "иван"
    assert!(page.contains("Иван Петров") && !page.contains("Alice"), "{page}");
    let (_, page) = admin.get(&members_url("?q=%40EVE_co")).await;
    assert!(page.contains("Eve &amp; Co") && !page.contains("Alice"), "{page}");
    let (_, page) = admin.get(&members_url("?q=nobody-like-this")).await;
    assert!(page.contains("class=\"empty\""), "an empty state: {page}");

    // Segments: Carol left.
    let (_, page) = admin.get(&members_url("?segment=left")).await;
    assert!(page.contains("Carol") && !page.contains("Alice"), "{page}");

    // Sorting by messages, both ways.
    let (_, page) = admin.get(&members_url("?sort=messages&dir=desc")).await;
    let (alice, bob) = (page.find("Alice").unwrap(), page.find(">Bob").unwrap());
    assert!(alice < bob, "most messages first");
    let (_, page) = admin.get(&members_url("?sort=messages&dir=asc")).await;
    assert!(page.find(">Bob").unwrap() < page.find("Alice").unwrap(), "fewest first");

    // By points (the ledger's sum) and by active warnings.
    sqlx::query(
        "INSERT INTO points_ledger (chat_id, user_id, points, reason, reference, at)
         VALUES (?1, ?2, 40, 'gift', 'a', '2026-11-02T10:00:00Z'), (?1, ?2, 10, 'gift', 'b', '2026-11-02T10:00:00Z')",
    )
    .bind(GROUP)
    .bind(BOB)
    .execute(bot.db())
    .await
    .expect("points");
    let (status, page) = admin.get(&members_url("?sort=points&dir=desc")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.find(">Bob").unwrap() < page.find("Alice").unwrap(), "most points first");
    assert!(page.contains(">51<"), "Bob's 50 points and 1 for his post: {page}");
    let rude = bot.with(|w| w.say(GROUP, IVAN, "rude"));
    bot.settle().await;
    bot.with(|w| w.reply(GROUP, OWNER, rude, "/warn"));
    bot.settle().await;
    let (_, page) = admin.get(&members_url("?sort=warnings")).await;
    assert!(page.find("Иван").unwrap() < page.find("Alice").unwrap(), "the warned first: {page}");

    // Bad values: clamped, or refused with a clear message.
    for query in ["?page=-1", "?sort=%27%3B+DROP+TABLE+members", "?dir=up&page=abc", "?page=999999"] {
        let (status, page) = admin.get(&members_url(query)).await;
        assert_eq!(status, 200, "{query}: {page}");
        assert!(page.contains("Alice"), "{query}: the first (or last) page");
    }
    let long = "x".repeat(10_000);
    let (status, page) = admin.get(&members_url(&format!("?q={long}"))).await;
    assert_eq!(status, 422);
    assert!(page.contains("at most 100 characters"), "{page}");
    let (status, page) = admin.get(&members_url("?segment=vip")).await;
    assert_eq!(status, 422);
    assert!(page.contains("There is no segment"), "{page}");

    // A non-admin sees nothing.
    let mut alice = Browser::login(&bot, ALICE).await;
    assert_eq!(alice.get(&members_url("")).await.0, 403);
    assert_eq!(alice.get(&members_url(".csv")).await.0, 403);
}

#[tokio::test]
async fn the_csv_is_the_filtered_view_as_the_export_writes_it() {
    let bot = community().await;
    let mut admin = Browser::login(&bot, OWNER).await;
    let (status, text) = admin.get(&members_url(".csv?segment=active&sort=messages&dir=desc")).await;
    assert_eq!(status, 200, "{text}");
    let rows = csv_rows(&text);
    let export = hearth::features::stats::export_csv(bot.db(), GROUP, "members").await.expect("export").0;
    assert_eq!(rows[0], csv_rows(&export)[0], "the export's header");
    let ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(ids[0], ALICE.to_string(), "sorted as the page: {ids:?}");
    assert!(!ids.contains(&CAROL.to_string().as_str()), "filtered: Carol left");
    assert!(ids.contains(&EVE.to_string().as_str()) && ids.contains(&IVAN.to_string().as_str()));
    let formula = rows.iter().find(|r| r[0] == FORMULA.to_string()).expect("the formula's row");
    assert_eq!(formula[1], "'=HYPERLINK(\"http://x\")", "neutralised as the export does");
    let eve = rows.iter().find(|r| r[0] == EVE.to_string()).expect("Eve's row");
    assert_eq!((eve[1].as_str(), eve[3].as_str(), eve[9].as_str()), ("<b>Eve & Co</b>", "eve_co", "2"));

    // A search, in the CSV too.
    let (_, text) = admin.get(&members_url(".csv?q=%D0%BF%D0%B5%D1%82%D1%80%D0%BE%D0%B2")).await; // "петров"
    let rows = csv_rows(&text);
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][0], IVAN.to_string());
}

#[tokio::test]
async fn members_are_paged_fifty_at_a_time() {
    let bot = dashboard_bot().await;
    bot.with(|w| {
        for i in 0..60 {
            w.add_user(3000 + i, &format!("Member{i:02}"));
        }
    });
    for i in 0..60 {
        bot.seat(3000 + i);
    }
    bot.with(|w| {
        for i in 0..60 {
            for _ in 0..=i % 3 {
                w.say(GROUP, 3000 + i, "hi");
            }
        }
    });
    bot.settle().await;
    let mut admin = Browser::login(&bot, OWNER).await;
    let (_, first) = admin.get(&members_url("?sort=joined&dir=asc")).await;
    let (_, second) = admin.get(&members_url("?sort=joined&dir=asc&page=2")).await;
    let shown = |page: &str| (0..60).filter(|i| page.contains(&format!(">Member{i:02}<"))).count();
    assert_eq!(shown(&first), 50, "{first}");
    assert_eq!(shown(&second), 10);
    assert!(first.contains("Page 1 of 2") && second.contains("Page 2 of 2"));
    assert!(first.contains("rel=\"next\"") && !second.contains("rel=\"next\""));
    assert!(
        (0..60).all(
            |i| first.contains(&format!(">Member{i:02}<")) != second.contains(&format!(">Member{i:02}<"))
        )
    );
    // The CSV has every page.
    let (_, text) = admin.get(&members_url(".csv?sort=joined&dir=asc")).await;
    assert_eq!(csv_rows(&text).len(), 1 + 60, "the header and the 60");
}

#[tokio::test]
async fn filters_are_added_and_removed_over_http_as_with_the_command() {
    let bot = community().await;
    let mut admin = Browser::login(&bot, OWNER).await;
    let (status, page) = admin.get(&moderation_url("")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("No filters yet"), "{page}");

    let (status, page) =
        admin.post(&moderation_url("/filters"), &[("pattern", "спам"), ("action", "warn")]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Filter added") && page.contains("<code>спам</code>"), "{page}");
    let spam = bot.with(|w| w.say(GROUP, ALICE, "Это СПАМ, покупайте"));
    bot.settle().await;
    let deleted =
        bot.calls_to("deleteMessage").iter().any(|c| c.params["message_id"] == serde_json::json!(spam));
    assert!(deleted, "the bot deleted the matching message");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_warnings WHERE by_user_id IS NULL").await, 1);

    // Refused as /filter refuses, with its text, nothing stored.
    let (status, page) =
        admin.post(&moderation_url("/filters"), &[("pattern", "/(unclosed/"), ("action", "delete")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("not a valid regular expression"), "{page}");
    let (status, page) =
        admin.post(&moderation_url("/filters"), &[("pattern", "a"), ("action", "delete")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("nearly every message"), "{page}");
    let (status, _) =
        admin.post(&moderation_url("/filters"), &[("pattern", "casino"), ("action", "explode")]).await;
    assert_eq!(status, 422);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_filters").await, 1);

    // Without the CSRF token, or by a non-admin: 403, nothing changed.
    let (status, _) =
        admin.post_raw(&moderation_url("/filters"), &[("pattern", "casino"), ("action", "delete")]).await;
    assert_eq!(status, 403);
    let mut alice = Browser::login(&bot, ALICE).await;
    assert_eq!(alice.get(&moderation_url("")).await.0, 403);
    let (status, _) =
        alice.post(&moderation_url("/filters"), &[("pattern", "casino"), ("action", "delete")]).await;
    assert_eq!(status, 403);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_filters").await, 1);

    // The warning shows, the log lists it; removed (any case), the filter stops.
    let (_, page) = admin.get(&moderation_url("?action=warn")).await;
    assert!(page.contains("1 member with warnings") && page.contains("1 / 3"), "{page}");
    assert!(page.contains("filter спам"), "the log's reason: {page}");
    let (_, page) = admin.get(&moderation_url("?action=ban")).await;
    assert!(page.contains("Nothing in the log"), "{page}");
    let (status, page) = admin.post(&moderation_url("/filters/remove"), &[("pattern", "СПАМ")]).await;
    assert_eq!(status, 200);
    assert!(page.contains("Filter removed") && page.contains("No filters yet"), "{page}");
    let (status, _) = admin.post(&moderation_url("/filters/remove"), &[("pattern", "СПАМ")]).await;
    assert_eq!(status, 422, "no such filter");
    let deletes = bot.calls_to("deleteMessage").len();
    bot.with(|w| w.say(GROUP, ALICE, "спам"));
    bot.settle().await;
    assert_eq!(bot.calls_to("deleteMessage").len(), deletes);
}

#[tokio::test]
async fn the_log_shows_what_was_done_escaped_and_by_member() {
    let bot = community().await;
    let rude = bot.with(|w| w.say(GROUP, EVE, "rude"));
    bot.settle().await;
    bot.with(|w| w.reply(GROUP, OWNER, rude, "/warn <script>alert(1)</script>"));
    bot.with(|w| w.reply(GROUP, OWNER, rude, "/mute 2h"));
    bot.settle().await;
    let mut admin = Browser::login(&bot, OWNER).await;
    let (status, page) = admin.get(&moderation_url("")).await;
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>alert"),
        "{page}"
    );
    assert!(page.contains("1 member muted") && page.contains("&lt;b&gt;Eve &amp; Co&lt;/b&gt;"), "{page}");
    let (_, page) = admin.get(&moderation_url("?member=%40eve_co")).await;
    assert!(page.contains("warned") && page.contains("muted"), "{page}");
    let (_, page) = admin.get(&moderation_url(&format!("?member={BOB}"))).await;
    assert!(page.contains("Nothing in the log"), "{page}");
    let (_, page) = admin.get(&moderation_url("?member=%40nobody_here")).await;
    assert!(page.contains("No member @nobody_here"), "{page}");
    let (status, _) = admin.get(&moderation_url("?action=explode")).await;
    assert_eq!(status, 422);
    assert_eq!(admin.get(&moderation_url("?page=-5")).await.0, 200);
}
