//! The dashboard's overview and polls pages end to end: a back-dated
//! history and an NPS poll through the fake Telegram, both pages read over
//! HTTP, their numbers held against what /stats, /stats 7d, /stats 90d and
//! /npsresults answer in the chat for the same data; a detractor's reason
//! with HTML comes out escaped and without its author; a new chat renders
//! its empty states; a non-admin gets 403, no session 401.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

use crate::support::{
    dashboard::{Browser, dashboard_bot},
    *,
};

const DAVE: i64 = 2001;
const REASON: &str = "<script>alert(1)</script> too noisy & slow";

fn at(bot: &TestBot, when: DateTime<Utc>) {
    bot.with(|w| w.now = when.timestamp());
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of the first `class` element inside the element with `id`.
fn inside(page: &str, id: &str, class: &str) -> String {
    let start = page.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id} in {page}"));
    let rest = &page[start..];
    let marker = format!("class=\"{class}\">");
    let from = rest.find(&marker).unwrap_or_else(|| panic!("no .{class} in #{id}")) + marker.len();
    let to = rest[from..].find('<').unwrap_or(0);
    rest[from..from + to].to_owned()
}

/// The member count and share of a segment's row.
fn segment(page: &str, name: &str) -> (String, String) {
    let start = page.find(&format!("data-segment=\"{name}\"")).expect("the segment's row");
    let cells: Vec<&str> = page[start..].split("<td class=\"num\">").skip(1).take(2).collect();
    let cell = |c: &str| c.split('<').next().unwrap_or("").to_owned();
    (cell(cells[0]), cell(cells[1]))
}

/// Alice and Bob join 40 days before t0, Carol 35, Dave 10; Alice and Carol
/// post on their first days, Bob days later; Dave asks, Alice answers 2 h
/// later. At t0 an NPS poll: Alice 10, Bob 9, Carol 3 (with a reason full of
/// HTML), Dave 6.
async fn community() -> TestBot {
    let bot = dashboard_bot().await;
    bot.ctx().state::<hearth::features::nps::State>().set_edit_window(StdDuration::from_millis(20));
    bot.with(|w| {
        w.add_user(DAVE, "Dave");
    });
    let (base, d) = (t0(), Duration::days);
    at(&bot, base - d(40));
    bot.with(|w| {
        w.join(GROUP, ALICE, None);
        w.join(GROUP, BOB, None);
    });
    at(&bot, base - d(39));
    bot.with(|w| w.say(GROUP, ALICE, "hello all"));
    at(&bot, base - d(35));
    bot.with(|w| w.join(GROUP, CAROL, None));
    at(&bot, base - d(34));
    bot.with(|w| w.say(GROUP, CAROL, "hi, glad to be here"));
    at(&bot, base - d(10));
    bot.with(|w| w.join(GROUP, DAVE, None));
    at(&bot, base - d(10) + Duration::hours(1));
    let q = bot.with(|w| w.say(GROUP, DAVE, "How do I turn notifications off"));
    at(&bot, base - d(10) + Duration::hours(3));
    bot.with(|w| w.reply(GROUP, ALICE, q, "Settings, then Notifications"));
    at(&bot, base - d(3));
    bot.with(|w| w.say(GROUP, BOB, "ok"));
    at(&bot, base - Duration::hours(1));
    bot.with(|w| w.say(GROUP, DAVE, "great"));
    at(&bot, base);
    bot.settle().await;

    bot.with(|w| w.say(CAROL, CAROL, "/start"));
    bot.with(|w| w.say(GROUP, OWNER, "/nps"));
    bot.settle().await;
    let poll = latest_poll(&bot).await;
    for (user, score) in [(ALICE, "10"), (BOB, "9"), (CAROL, "3"), (DAVE, "6")] {
        bot.with(|w| w.press(GROUP, poll.1, user, &format!("nps:v:{}:{score}", poll.0)));
    }
    bot.settle().await;
    bot.with(|w| w.say(CAROL, CAROL, REASON));
    bot.settle().await;
    bot
}

/// `/stats <args>` in the group, as one line.
async fn stats(bot: &TestBot, args: &str) -> String {
    bot.with(|w| w.say(GROUP, OWNER, &format!("/stats {args}")));
    bot.settle().await;
    one_line(&bot.last_text_to(GROUP))
}

#[tokio::test]
async fn the_overview_shows_what_stats_says() {
    let bot = community().await;
    let said = stats(&bot, "").await;
    let mut browser = Browser::login(&bot, OWNER).await;
    let (status, page) = browser.get(&format!("/dashboard/c/{GROUP}/")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.len() < 300_000, "{} bytes", page.len());

    let big = |id: &str| inside(&page, id, "big");
    let (members, dau, wau, mau) = (big("members"), big("dau"), big("wau"), big("mau"));
    let members_line = format!("Members: {members} now · {}", inside(&page, "members", "sub"));
    assert!(said.contains(&members_line), "{members_line:?} not in {said}");
    let engagement = format!("DAU {dau} · WAU {wau} · MAU {mau} · stickiness DAU/MAU {}", big("stickiness"));
    assert!(said.contains(&engagement), "{engagement:?} not in {said}");
    assert_eq!((dau.as_str(), wau.as_str(), mau.as_str()), ("1", "2", "3"));
    let messages = format!("Messages: {} a day", big("messages"));
    assert!(said.contains(&messages), "{messages:?} not in {said}");

    let (active, active_pct) = segment(&page, "active");
    let (_, silent_pct) = segment(&page, "silent");
    assert!(active.parse::<i64>().is_ok_and(|n| n > 0), "{active}");
    assert!(said.contains(&format!("{active_pct} active")), "{active_pct} active, not in {said}");
    assert!(said.contains(&format!("{silent_pct} silent")), "{silent_pct} silent, not in {said}");

    // Questions: the share and the median, as /stats has them.
    let questions = inside(&page, "questions", "sub");
    assert!(questions.contains("median 2 h 0 min"), "{questions}");
    assert!(said.contains(&format!("({})", big("questions"))), "{} not in {said}", big("questions"));
    assert!(said.contains("median time to the first answer 2 h 0 min"), "{said}");

    // Retention and the uplift.
    let retention = format!("{} still in the chat", big("retention"));
    assert!(said.contains(&retention), "{retention:?} not in {said}");
    let uplift = format!("Uplift of participation: {}", big("uplift"));
    assert!(said.contains(&uplift), "{uplift:?} not in {said}");

    // The last NPS with its margin.
    let nps_sub = inside(&page, "nps", "sub");
    let margin = nps_sub.split('±').nth(1).and_then(|m| m.split_whitespace().next()).expect("a margin");
    let nps_line =
        format!("NPS of poll #1 ({}): {} ± {margin} from 4 responses", t0().format("%Y-%m-%d"), big("nps"));
    assert!(said.contains(&nps_line), "{nps_line:?} not in {said}");

    // The charts are inline SVG, a few of them, no member's words in them.
    assert_eq!(page.matches("<svg").count(), 3, "members, DAU, messages");
    assert!(!page.contains("notifications off"));
}

#[tokio::test]
async fn the_period_follows_days_as_stats_7d_and_90d_do() {
    let bot = community().await;
    let week = stats(&bot, "7d").await;
    let quarter = stats(&bot, "90d").await;
    let mut browser = Browser::login(&bot, OWNER).await;
    for (days, said) in [(7, &week), (90, &quarter)] {
        let (status, page) = browser.get(&format!("/dashboard/c/{GROUP}/?days={days}")).await;
        assert_eq!(status, 200);
        assert!(page.len() < 100_000, "{days} days: {} bytes", page.len());
        let members_line =
            format!("Members: {} now · {}", inside(&page, "members", "big"), inside(&page, "members", "sub"));
        assert!(said.contains(&members_line), "{days}: {members_line:?} not in {said}");
        let sub = inside(&page, "messages", "sub");
        let total = sub.split_whitespace().next().expect("a count");
        let messages =
            format!("Messages: {} a day ({total} in {days} days)", inside(&page, "messages", "big"));
        assert!(said.contains(&messages), "{days}: {messages:?} not in {said}");
        assert!(page.contains(&format!("?days={days}\" class=\"current\"")), "the period is marked");
    }
    // Anything else reads as 30 days.
    let (status, page) = browser.get(&format!("/dashboard/c/{GROUP}?days=abc")).await;
    assert_eq!(status, 200);
    assert!(page.contains("?days=30\" class=\"current\""));
}

#[tokio::test]
async fn the_polls_page_shows_what_npsresults_says_and_escapes_reasons() {
    let bot = community().await;
    bot.with(|w| w.say(GROUP, OWNER, "/npsresults"));
    bot.settle().await;
    let results = one_line(&bot.last_text_to(GROUP));
    let mut browser = Browser::login(&bot, OWNER).await;
    let (status, page) = browser.get(&format!("/dashboard/c/{GROUP}/polls")).await;
    assert_eq!(status, 200, "{page}");

    let score = inside(&page, "poll-score", "big");
    let margin = inside(&page, "poll-score", "sub");
    let margin = margin.trim_start_matches('±').split_whitespace().next().expect("a margin");
    let line = format!("NPS: {score} ± {margin}");
    assert!(results.contains(&line), "{line:?} not in {results}");
    for (id, count) in [("promoters", 2), ("passives", 0), ("detractors", 2)] {
        assert_eq!(inside(&page, id, "big"), count.to_string(), "{id}");
    }
    assert!(results.contains("4 responses"), "{results}");
    assert!(page.contains(&format!("<td class=\"num\">±{margin}</td>")), "the poll's row has its margin");

    // The reason: escaped, and nobody's name beside it.
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; too noisy &amp; slow"), "{page}");
    assert!(!page.contains("<script>alert"), "{page}");
    for name in ["Carol", "Alice", "Dave"] {
        assert!(!page.contains(name), "{name} on the polls page");
    }
    // A poll the chat does not have.
    let (status, page) = browser.get(&format!("/dashboard/c/{GROUP}/polls?poll=9")).await;
    assert_eq!(status, 200);
    assert!(page.contains("There is no poll #9"), "{page}");
}

/// The cells of the table row marked `attr="value"`.
fn row(page: &str, attr: &str, value: &str) -> Vec<String> {
    let start = page.find(&format!("{attr}=\"{value}\"")).unwrap_or_else(|| panic!("no row {attr}={value}"));
    let end = page[start..].find("</tr>").map_or(page.len(), |e| start + e);
    page[start..end]
        .split("<td")
        .skip(1)
        .map(|c| c.split_once('>').map_or("", |(_, rest)| rest).split('<').next().unwrap_or("").to_owned())
        .collect()
}

#[tokio::test]
async fn a_second_poll_draws_the_trend_and_surveys_show_their_means() {
    let bot = community().await;
    bot.with(|w| w.say(GROUP, OWNER, "/npsclose"));
    bot.with(|w| w.say(GROUP, OWNER, "/nps"));
    bot.settle().await;
    let poll = latest_poll(&bot).await;
    for user in [ALICE, BOB] {
        bot.with(|w| w.press(GROUP, poll.1, user, &format!("nps:v:{}:10", poll.0)));
    }
    bot.with(|w| w.say(GROUP, OWNER, "/survey"));
    bot.settle().await;
    let sid = bot.scalar("SELECT survey_id FROM surveys").await;
    let first = bot
        .scalar(&format!("SELECT message_id FROM survey_messages WHERE question = 0 AND survey_id = {sid}"))
        .await;
    for (user, v) in [(ALICE, 4), (BOB, 2)] {
        bot.with(|w| w.press(GROUP, first, user, &format!("srv:a:{sid}:0:{v}")));
    }
    bot.settle().await;
    let history = stats_like(&bot, "/npshistory").await;
    let results = stats_like(&bot, "/npsresults").await;
    let survey = bot_text(&bot, "/surveyresults").await;

    let mut browser = Browser::login(&bot, OWNER).await;
    let (status, page) = browser.get(&format!("/dashboard/c/{GROUP}/polls")).await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page.matches("<svg").count(), 1, "the trend");
    for number in ["1", "2"] {
        let cells = row(&page, "data-poll", number);
        let line = format!("{} responses · NPS {} {}", cells[3], cells[4], cells[5].replace('±', "± "));
        assert!(history.contains(&line), "{line:?} not in {history}");
    }
    let change = inside(&page, "poll-score", "sub");
    assert!(page.contains("+100 since poll #1 (0)"), "{change} / {page}");
    assert!(results.contains("Change since poll #1 (NPS 0): +100"), "{results}");
    // Poll 2 has no reasons; poll 1's are one click away.
    assert!(page.contains("No detractor gave a reason."));
    let (_, first_poll) = browser.get(&format!("/dashboard/c/{GROUP}/polls?poll=1")).await;
    assert!(first_poll.contains("too noisy &amp; slow"), "{first_poll}");

    // The survey's first question as /surveyresults counts it.
    let cells = row(&page, "data-question", "0");
    assert_eq!(cells[1..], ["3.0", "2", "0 · 1 · 0 · 1 · 0"], "{cells:?}");
    assert!(survey.contains("Mean 3.0 (2 answers)\n1: 0 · 2: 1 · 3: 0 · 4: 1 · 5: 0"), "{survey}");
}

/// A command's answer in the group, as one line.
async fn stats_like(bot: &TestBot, command: &str) -> String {
    one_line(&bot_text(bot, command).await)
}

async fn bot_text(bot: &TestBot, command: &str) -> String {
    bot.with(|w| w.say(GROUP, OWNER, command));
    bot.settle().await;
    bot.last_text_to(GROUP)
}

#[tokio::test]
async fn a_new_chat_shows_empty_states() {
    let bot = dashboard_bot().await;
    bot.with(|w| w.say(GROUP, OWNER, "/start"));
    bot.settle().await;
    let mut browser = Browser::login(&bot, OWNER).await;
    let (status, page) = browser.get(&format!("/dashboard/c/{GROUP}")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("class=\"empty\""), "{page}");
    let (status, page) = browser.get(&format!("/dashboard/c/{GROUP}/polls")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("No NPS poll or survey yet"), "{page}");
}

#[tokio::test]
async fn only_the_chats_admins_see_the_pages() {
    let bot = community().await;
    let mut member = Browser::login(&bot, ALICE).await;
    for tail in ["", "polls"] {
        let (status, _) = member.get(&format!("/dashboard/c/{GROUP}/{tail}")).await;
        assert_eq!(status, 403, "a member on {tail:?}");
    }
    let mut nobody = Browser::new(&bot);
    for tail in ["", "polls"] {
        let (status, page) = nobody.get(&format!("/dashboard/c/{GROUP}/{tail}")).await;
        assert_eq!(status, 401, "no session on {tail:?}");
        assert!(!page.contains("too noisy"));
    }
}
