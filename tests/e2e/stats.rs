//! Analytics end to end: /stats numbers for a known back-dated history, the
//! chart sent as a PNG photo, /stats cohorts, /export as a CSV document in
//! the admin's DM (quoting and the formula prefix), the CLI export, and bad
//! input (a non-admin, an unknown period or kind, a closed DM).

use crate::support::*;
use chrono::{DateTime, Duration, TimeZone, Utc};
use hearth::charts::PNG_SIGNATURE;

const DAVE: i64 = 1004;
const ERIN: i64 = 1005;

fn at(bot: &TestBot, when: DateTime<Utc>) {
    bot.with(|w| w.now = when.timestamp());
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The history every /stats assertion below is computed from (command at t0):
/// - Alice and Bob join 40 days before, Erin 38, Carol 35, Dave 10.
/// - Alice and Carol post on their first days (participants); Bob first
///   posts much later, Erin never (the others).
/// - Erin leaves 25 days before (on her 13th day).
/// - Dave asks a question 10 days before; Alice answers it 2 h later.
/// - Bob asks 5 days before; only he replies to himself (unanswered).
/// - Alice asks 2 h before, in Russian, without a question mark (still open).
async fn known_history() -> TestBot {
    let bot = TestBot::start_with(|w| {
        w.add_user(DAVE, "Dave");
        w.add_user(ERIN, "Erin");
    })
    .await;
    let base = t0();
    let d = Duration::days;
    at(&bot, base - d(40));
    bot.with(|w| {
        w.join(GROUP, ALICE, None);
        w.join(GROUP, BOB, None);
    });
    at(&bot, base - d(39));
    bot.with(|w| w.say(GROUP, ALICE, "hello all"));
    at(&bot, base - d(38));
    bot.with(|w| w.join(GROUP, ERIN, None));
    at(&bot, base - d(35));
    bot.with(|w| w.join(GROUP, CAROL, None));
    at(&bot, base - d(34));
    bot.with(|w| w.say(GROUP, CAROL, "hi, glad to be here"));
    at(&bot, base - d(25));
    bot.with(|w| w.leave(GROUP, ERIN));
    at(&bot, base - d(10));
    bot.with(|w| w.join(GROUP, DAVE, None));
    at(&bot, base - d(10) + Duration::hours(1));
    let q1 = bot.with(|w| w.say(GROUP, DAVE, "How do I turn notifications off"));
    at(&bot, base - d(10) + Duration::hours(3));
    bot.with(|w| w.reply(GROUP, ALICE, q1, "Settings, then Notifications"));
    at(&bot, base - d(5));
    let q2 = bot.with(|w| w.say(GROUP, BOB, "Anyone going to the meetup?"));
    at(&bot, base - d(5) + Duration::hours(1));
    bot.with(|w| w.reply(GROUP, BOB, q2, "bump"));
    at(&bot, base - d(3));
    bot.with(|w| w.say(GROUP, BOB, "ok"));
    at(&bot, base - Duration::hours(2));
    bot.with(|w| w.say(GROUP, ALICE, "Что думаете о новой версии"));
    at(&bot, base - Duration::hours(1));
    bot.with(|w| w.say(GROUP, DAVE, "great"));
    at(&bot, base);
    bot.settle().await;
    bot
}

#[tokio::test]
async fn stats_for_a_known_history() {
    let bot = known_history().await;
    // Questions are recognised as they arrive (en and ru, with or without "?").
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM messages WHERE is_question = 1").await, 3);

    bot.with(|w| w.say(GROUP, OWNER, "/stats"));
    bot.settle().await;
    let text = one_line(&bot.last_text_to(GROUP));
    for part in [
        "the last 30 days",
        "Members: 4 now · 1 joined · 1 left · net growth 0",
        "DAU 2 · WAU 3 · MAU 3 · stickiness DAU/MAU 67 %",
        "Messages: 0.2 a day (7 in 30 days)",
        "75 % active · 0 % at risk (no post for 7+ days) · 25 % silent (14+ days)",
        "Newcomers: 1 joined · 0 % accepted the rules · 0 % introduced themselves · 100 % posted",
        "Questions: 2 asked · 1 answered by members within 24 h (50 %) · median time to the first answer 2 h 0 min",
        "Day-30 retention of the 4 members who joined at least 30 days ago: 75 % still in the chat, 50 % still posting",
        "Those who posted in their first 14 days: 100 % stayed (of 2); the others: 50 % (of 2)",
        "Uplift of participation: +100 %. A correlation, not proof of cause",
    ] {
        assert!(text.contains(part), "missing {part:?} in {text}");
    }

    // The chart came first, as a PNG photo with a caption.
    let photos = bot.calls_to("sendPhoto");
    assert_eq!(photos.len(), 1);
    assert_eq!(photos[0].chat_id(), Some(GROUP));
    let png = photos[0].files.get("photo").expect("the photo is uploaded");
    assert_eq!(png[..8], PNG_SIGNATURE);
    assert!(png.len() > 5_000, "a real chart, {} bytes", png.len());
    assert!(
        photos[0].text().contains("members, active members and messages per day"),
        "{}",
        photos[0].text()
    );
}

#[tokio::test]
async fn stats_for_a_week_and_in_russian() {
    let bot = known_history().await;
    bot.with(|w| w.say(GROUP, OWNER, "/set lang ru"));
    bot.with(|w| w.say(GROUP, OWNER, "/stats 7d"));
    bot.settle().await;
    let text = one_line(&bot.last_text_to(GROUP));
    // In the last 7 days: no joins or leaves, 5 messages (Bob ×3, Alice, Dave)
    // — the owner's /set is a command, not a post: it only makes them a
    // known member.
    for part in [
        "за последние 7 дней",
        "Участники: сейчас 5 · вступили 0 · вышли 0 · прирост 0",
        "DAU 2 · WAU 3 · MAU 3",
        "Сообщений: 0,7 в день (5 за 7 дней)",
        "Новички: за этот период никто не вступал.",
        "Вопросы: задано 1 · участники не ответили в течение суток ни на один",
        "Прирост удержания от участия: +100 %",
        "корреляция",
    ] {
        assert!(text.contains(part), "missing {part:?} in {text}");
    }
    assert_eq!(bot.calls_to("sendPhoto").len(), 1);
}

#[tokio::test]
async fn stats_needs_an_admin_and_a_known_period() {
    let bot = known_history().await;
    bot.with(|w| w.say(GROUP, ALICE, "/stats"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Only the chat's admins"), "{}", bot.last_text_to(GROUP));
    bot.with(|w| w.say(GROUP, OWNER, "/stats 12d"));
    bot.settle().await;
    let answer = bot.last_text_to(GROUP);
    assert!(answer.contains("I don't know “12d”") && answer.contains("/stats 90d"), "{answer}");
    bot.with(|w| w.say(GROUP, OWNER, "/stats <b>"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("“<b>”"), "{}", bot.last_text_to(GROUP));
    assert!(bot.calls_to("sendPhoto").is_empty(), "no chart for refused or bad requests");
}

#[tokio::test]
async fn stats_of_an_empty_chat_still_answers() {
    let bot = TestBot::start().await;
    bot.with(|w| w.say(GROUP, OWNER, "/stats 90d"));
    bot.settle().await;
    let text = one_line(&bot.last_text_to(GROUP));
    assert!(text.contains("Members: 0 now"), "{text}");
    assert!(text.contains("Questions: none asked"), "{text}");
    assert!(text.contains("nobody the bot saw join has been here 30 days"), "{text}");
    assert_eq!(bot.calls_to("sendPhoto").len(), 1);
}

#[tokio::test]
async fn weekly_cohorts() {
    let bot = TestBot::start().await;
    // t0 is Monday 2 November. Alice and Bob join on Tuesday 20 October,
    // Carol on Tuesday 27 October.
    let tue = Utc.with_ymd_and_hms(2026, 10, 20, 12, 0, 0).single().unwrap();
    at(&bot, tue);
    bot.with(|w| {
        w.join(GROUP, ALICE, None);
        w.join(GROUP, BOB, None);
    });
    at(&bot, tue + Duration::days(1));
    bot.with(|w| {
        w.say(GROUP, ALICE, "hi");
        w.say(GROUP, BOB, "hi");
    });
    at(&bot, tue + Duration::days(7));
    bot.with(|w| w.join(GROUP, CAROL, None));
    at(&bot, tue + Duration::days(8));
    bot.with(|w| {
        w.say(GROUP, ALICE, "week two"); // Alice, week 1 after joining
        w.say(GROUP, CAROL, "hello"); // Carol, week 0
    });
    at(&bot, t0());
    bot.with(|w| w.say(GROUP, OWNER, "/stats cohorts"));
    bot.settle().await;
    let text = bot.last_text_to(GROUP);
    let lines: Vec<String> = text.lines().map(one_line).collect();
    // Cohorts are named by the Monday of their week.
    assert!(lines.iter().any(|l| l == "19.10 2 100% 50% 0%"), "{text}");
    assert!(lines.iter().any(|l| l == "26.10 1 100% 0%"), "{text}");
    assert!(text.contains("Weekly join cohorts"), "{text}");
    let photos = bot.calls_to("sendPhoto");
    assert_eq!(photos.len(), 1);
    assert_eq!(photos[0].files["photo"][..8], PNG_SIGNATURE);
}

#[tokio::test]
async fn cohorts_without_joins() {
    let bot = TestBot::start().await;
    bot.with(|w| w.say(GROUP, OWNER, "/stats cohorts"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("no cohorts yet"), "{}", bot.last_text_to(GROUP));
    assert!(bot.calls_to("sendPhoto").is_empty());
}

const EVIL: i64 = 1006;
const COMMA: i64 = 1007;

async fn export_world() -> TestBot {
    let bot = TestBot::start_with(|w| {
        w.add_user(EVIL, "=HYPERLINK(\"http://evil\",\"x\")");
        w.add_user(COMMA, "Smith, \"Jo\"\nsecond line").last_name = Some("@mention".into());
    })
    .await;
    bot.with(|w| {
        w.join(GROUP, EVIL, None);
        w.join(GROUP, COMMA, None);
        w.say(GROUP, EVIL, "hi");
        w.say(GROUP, COMMA, "hello, all");
    });
    bot.settle().await;
    bot
}

pub(crate) fn read_csv(bytes: &[u8]) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_reader(bytes);
    reader.records().map(|r| r.expect("valid CSV").iter().map(str::to_owned).collect()).collect()
}

#[tokio::test]
async fn export_members_to_the_admins_dm() {
    let bot = export_world().await;
    bot.with(|w| w.say(OWNER, OWNER, "/start"));
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/export members"));
    bot.settle().await;
    assert!(
        bot.last_text_to(GROUP).contains("The members export (2 rows) is in your DM"),
        "{}",
        bot.last_text_to(GROUP)
    );
    let docs = bot.calls_to("sendDocument");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].chat_id(), Some(OWNER));
    let file = docs[0].files.get("document").expect("the CSV is uploaded");
    let text = std::str::from_utf8(file).expect("UTF-8");
    assert!(text.contains("\r\n"), "CRLF line ends");
    let rows = read_csv(file);
    assert_eq!(rows[0][..4], ["user_id", "first_name", "last_name", "username"]);
    assert_eq!(rows.len(), 3);
    let evil = rows.iter().find(|r| r[0] == EVIL.to_string()).expect("evil row");
    assert_eq!(evil[1], "'=HYPERLINK(\"http://evil\",\"x\")");
    let comma = rows.iter().find(|r| r[0] == COMMA.to_string()).expect("comma row");
    assert_eq!(comma[1], "Smith, \"Jo\"\nsecond line");
    assert_eq!(comma[2], "'@mention");
    assert_eq!(comma[9], "1", "one message");
}

/// A history too long to build inside the bot is refused before it is read,
/// with the command line to run instead.
#[tokio::test]
async fn an_export_too_big_for_the_bot_points_to_the_command_line() {
    let bot = export_world().await;
    bot.with(|w| w.say(OWNER, OWNER, "/start"));
    bot.settle().await;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 400000)
         INSERT INTO activity_daily (chat_id, day, user_id, messages) SELECT ?, '2020-01-01', 5000000 + i, 1 FROM n",
    )
    .bind(GROUP)
    .execute(bot.db())
    .await
    .expect("rows inserted");
    bot.with(|w| w.say(GROUP, OWNER, "/export activity"));
    bot.settle().await;
    let answer = bot.last_text_to(GROUP);
    assert!(answer.contains("too many to build inside the bot"), "{answer}");
    assert!(answer.contains("hearth export --chat -100100 activity"), "{answer}");
    assert!(bot.calls_to("sendDocument").is_empty());
    // A small one still goes.
    bot.with(|w| w.say(GROUP, OWNER, "/export members"));
    bot.settle().await;
    assert_eq!(bot.calls_to("sendDocument").len(), 1);
}

#[tokio::test]
async fn export_without_an_open_dm_says_how() {
    let bot = export_world().await;
    bot.with(|w| w.say(GROUP, OWNER, "/export activity"));
    bot.settle().await;
    let answer = bot.last_text_to(GROUP);
    assert!(answer.contains("https://t.me/") && answer.contains("/export activity"), "{answer}");
    assert!(bot.calls_to("sendDocument").is_empty());

    // The DM was open once, but the user has blocked the bot since.
    bot.with(|w| w.say(OWNER, OWNER, "/start"));
    bot.settle().await;
    bot.with(|w| {
        if let Some(u) = w.users.get_mut(&OWNER) {
            u.blocked_bot = true;
        }
        w.say(GROUP, OWNER, "/export activity");
    });
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("haven't opened it yet"), "{}", bot.last_text_to(GROUP));
    assert_eq!(bot.scalar(&format!("SELECT dm_open FROM users WHERE user_id = {OWNER}")).await, 0);
}

#[tokio::test]
async fn export_bad_input() {
    let bot = export_world().await;
    bot.with(|w| w.say(GROUP, OWNER, "/export"));
    bot.settle().await;
    assert!(
        bot.last_text_to(GROUP).contains("Usage: /export members | activity | referrals"),
        "{}",
        bot.last_text_to(GROUP)
    );
    bot.with(|w| w.say(GROUP, OWNER, "/export <passwords>"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("I can't export “<passwords>”"), "{}", bot.last_text_to(GROUP));
    bot.with(|w| w.say(GROUP, EVIL, "/export members"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Only the chat's admins"), "{}", bot.last_text_to(GROUP));
    assert!(bot.calls_to("sendDocument").is_empty());
}

#[tokio::test]
async fn command_line_export() {
    let bot = export_world().await;
    let activity =
        hearth::features::stats::cli_export(&bot.db_url, GROUP, "activity").await.expect("exports");
    let rows = read_csv(activity.as_bytes());
    assert_eq!(rows[0], ["day", "user_id", "first_name", "username", "messages"]);
    assert_eq!(rows.len(), 3, "{activity}");
    assert!(rows.iter().any(|r| r[1] == EVIL.to_string() && r[2].starts_with("'=") && r[4] == "1"));
    let referrals =
        hearth::features::stats::cli_export(&bot.db_url, GROUP, "referrals").await.expect("exports");
    assert_eq!(read_csv(referrals.as_bytes()).len(), 1, "a header and no referrals");
    let err = hearth::features::stats::cli_export(&bot.db_url, GROUP, "secrets").await.unwrap_err();
    assert!(err.to_string().contains("members | activity | referrals"), "{err}");
}

#[tokio::test]
async fn the_export_subcommand_writes_only_csv_to_stdout() {
    let bot = export_world().await;
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["export", "--chat", &GROUP.to_string(), "members"])
        .env("DATABASE_URL", &bot.db_url)
        .env("RUST_LOG", "debug")
        .output()
        .await
        .expect("the binary runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let rows = read_csv(&out.stdout);
    assert_eq!(rows[0][0], "user_id", "logs stay out of the CSV");
    assert_eq!(rows.len(), 3);
    let bad = tokio::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["export", "--chat", &GROUP.to_string(), "everything"])
        .env("DATABASE_URL", &bot.db_url)
        .output()
        .await
        .expect("the binary runs");
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("members | activity | referrals"));
}

#[tokio::test]
async fn daily_series_walk_members_back_through_joins_and_leaves() {
    let bot = known_history().await;
    let base = t0();
    let day = |n: i64| (base - Duration::days(n)).date_naive();
    let days = hearth::features::stats::store::daily(bot.db(), GROUP, day(41), day(0)).await.expect("series");
    assert_eq!(days.len(), 42);
    let members = |n: i64| days.iter().find(|d| d.day == day(n)).map(|d| d.members).unwrap();
    // Alice and Bob join (40), Erin (38), Carol (35), Erin leaves (25), Dave joins (10).
    let expected = [(41, 0), (40, 2), (39, 2), (38, 3), (35, 4), (26, 4), (25, 3), (11, 3), (10, 4), (0, 4)];
    for (n, count) in expected {
        assert_eq!(members(n), count, "members at the end of day −{n}");
    }
    let five = days.iter().find(|d| d.day == day(5)).unwrap();
    assert_eq!((five.dau, five.messages), (1, 2), "Bob's question and his bump");
    let today = days.iter().find(|d| d.day == day(0)).unwrap();
    assert_eq!((today.dau, today.messages), (2, 2), "Alice at 08:00 and Dave at 09:00: {today:?}");
}

#[tokio::test]
async fn retention_is_the_same_without_onboarding_rows() {
    let bot = known_history().await;
    let store = |db| hearth::features::stats::store::retention(db, GROUP, t0());
    let with_rows = store(bot.db()).await.expect("retention");
    assert_eq!((with_rows.cohort, with_rows.participants, with_rows.participants_stayed), (4, 2, 2));
    assert_eq!((with_rows.others, with_rows.others_stayed, with_rows.posting), (2, 1, 2));
    // Joins the bot saw before onboarding existed have no row: their first
    // post is looked up in the messages instead.
    sqlx::query("DELETE FROM onboarding").execute(bot.db()).await.expect("deleted");
    assert_eq!(store(bot.db()).await.expect("retention"), with_rows);
}

/// Polls, nudges and ideas in the week before t0:
/// - poll #1 (6 days before): Alice 10 → NPS +100; closed.
/// - Alice and Bob nudged, Carol held out, 5 days before; Alice posts again
///   the next day (reactivated), the others don't.
/// - ideas #1 and #2 (both Alice's) submitted 3 days before; #1 planned, then done 2 days
///   later; #2 left open.
/// - poll #2 (2 days before): Alice 10, Bob 9, Carol 3 → NPS +33, margin 68
///   (n' = 6, p = 2.75/6, d = 1.75/6).
async fn other_features_history() -> TestBot {
    let bot = TestBot::start().await;
    for user in [ALICE, BOB, CAROL] {
        bot.seat(user);
    }
    let base = t0();
    let d = Duration::days;
    at(&bot, base - d(6));
    bot.with(|w| {
        w.say(GROUP, ALICE, "hi");
        w.say(GROUP, BOB, "hello");
        w.say(GROUP, CAROL, "hey");
        w.say(GROUP, OWNER, "/nps");
    });
    bot.settle().await;
    let (id, message) = latest_poll(&bot).await;
    bot.with(|w| w.press(GROUP, message, ALICE, &format!("nps:v:{id}:10")));
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/npsclose"));
    bot.settle().await;

    for (user, holdout) in [(ALICE, false), (BOB, false), (CAROL, true)] {
        sqlx::query("INSERT INTO nudge_cohort (chat_id, user_id, at, holdout) VALUES (?, ?, ?, ?)")
            .bind(GROUP)
            .bind(user)
            .bind(hearth::db::ts(base - d(5)))
            .bind(holdout)
            .execute(bot.db())
            .await
            .expect("a cohort row");
    }
    at(&bot, base - d(4));
    bot.with(|w| w.say(GROUP, ALICE, "I'm back"));
    at(&bot, base - d(3));
    bot.with(|w| {
        w.say(GROUP, ALICE, "/idea Podcasts");
        w.say(GROUP, ALICE, "/idea Meetups");
    });
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/ideastatus 1 planned"));
    bot.settle().await;

    at(&bot, base - d(2));
    bot.with(|w| w.say(GROUP, OWNER, "/nps"));
    bot.settle().await;
    let (id, message) = latest_poll(&bot).await;
    for (user, score) in [(ALICE, 10), (BOB, 9), (CAROL, 3)] {
        bot.with(|w| w.press(GROUP, message, user, &format!("nps:v:{id}:{score}")));
    }
    bot.settle().await;
    at(&bot, base - d(1));
    bot.with(|w| w.say(GROUP, OWNER, "/ideastatus 1 done"));
    at(&bot, base);
    bot.settle().await;
    bot
}

#[tokio::test]
async fn stats_show_nps_nudges_and_ideas() {
    let bot = other_features_history().await;
    bot.with(|w| w.say(GROUP, OWNER, "/stats 7d"));
    bot.settle().await;
    let text = one_line(&bot.last_text_to(GROUP));
    for part in [
        "NPS of poll #2 (2026-10-31): +33 ± 68 from 3 responses",
        "-67 since poll #1",
        "Fewer than 5 responses: too few to read.",
        "Nudges: 1 of the 2 members nudged in this period posted again within 14 days (50 %)",
        "Holdout (silent, deliberately not nudged): 0 of 1 came back (0 %)",
        "Difference: +50 percentage points.",
        "With fewer than 30 members in a group, such rates are mostly chance",
        "Ideas: 2 submitted · 1 taken up (50 %) · median time from idea to done: 2 days 0 h",
    ] {
        assert!(text.contains(part), "missing {part:?} in {text}");
    }

    bot.with(|w| w.say(GROUP, OWNER, "/set lang ru"));
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/stats 7d"));
    bot.settle().await;
    let text = one_line(&bot.last_text_to(GROUP));
    for part in [
        "NPS опроса №2 (2026-10-31): +33 ± 68 по 3 ответам",
        "-67 по сравнению с опросом №1",
        "Напоминания: из тех, кому мы написали за этот период, снова написали в чат в течение 14 дней 1 из 2 (50 %)",
        "вернулись 0 из 1 (0 %)",
        "Разница: +50 п. п.",
        "Идеи: предложено 2 · взято в работу 1 (50 %) · медианное время от идеи до реализации: 2 дня 0 ч",
    ] {
        assert!(text.contains(part), "missing {part:?} in {text}");
    }
}

#[tokio::test]
async fn stats_without_polls_nudges_or_ideas_say_so() {
    let bot = TestBot::start().await;
    bot.with(|w| w.say(GROUP, ALICE, "hi"));
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/stats"));
    bot.settle().await;
    let text = one_line(&bot.last_text_to(GROUP));
    for part in [
        "NPS: no poll yet",
        "Nudges: no silent member was nudged in this period.",
        "Ideas: none submitted in this period",
    ] {
        assert!(text.contains(part), "missing {part:?} in {text}");
    }
}

#[tokio::test]
async fn segments_follow_the_chats_thresholds() {
    let bot = TestBot::start().await;
    let base = t0();
    at(&bot, base - Duration::days(70));
    bot.with(|w| w.say(GROUP, ALICE, "long ago"));
    at(&bot, base - Duration::days(5));
    bot.with(|w| w.say(GROUP, BOB, "recently"));
    at(&bot, base);
    bot.with(|w| w.say(GROUP, CAROL, "today"));
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/stats"));
    bot.settle().await;
    let text = one_line(&bot.last_text_to(GROUP));
    let default = "Members now: 67 % active · 0 % at risk (no post for 7+ days) · 0 % silent (14+ days) · 33 % gone (60+ days) · 0 % archived";
    assert!(text.contains(default), "{text}");

    // The nudges archived Alice after their goodbye: archived, not gone.
    sqlx::query("UPDATE nudge_members SET segment = 'archived' WHERE chat_id = ? AND user_id = ?")
        .bind(GROUP)
        .bind(ALICE)
        .execute(bot.db())
        .await
        .expect("archived");
    bot.with(|w| w.say(GROUP, OWNER, "/set active_days 3"));
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/stats"));
    bot.settle().await;
    let text = one_line(&bot.last_text_to(GROUP));
    // Carol and the owner (seen with /set: a command, no post, but a member
    // newly seen gets the grace a newcomer gets) are active, Bob at risk.
    let set = "Members now: 50 % active · 25 % at risk (no post for 3+ days) · 0 % silent (14+ days) · 0 % gone (60+ days) · 25 % archived";
    assert!(text.contains(set), "{text}");
}

#[tokio::test]
async fn questions_count_only_in_the_help_topic_once_bound() {
    let bot = TestBot::start().await;
    bot.with(|w| w.set_forum(GROUP, true));
    let base = t0();
    // Asked 30 h before: every question has had its 24 h.
    at(&bot, base - Duration::hours(30));
    let in_help = bot.with(|w| w.say_in_topic(GROUP, ALICE, 10, "How do I start?"));
    let elsewhere = bot.with(|w| w.say_in_topic(GROUP, ALICE, 20, "Who wants pizza?"));
    bot.with(|w| w.say(GROUP, CAROL, "Where is the meetup?"));
    at(&bot, base - Duration::hours(29));
    bot.with(|w| {
        w.reply(GROUP, BOB, in_help, "Start with the intro");
        w.reply(GROUP, CAROL, elsewhere, "Me!");
    });
    at(&bot, base);
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM messages WHERE is_question = 1").await, 3);

    bot.with(|w| w.say(GROUP, OWNER, "/stats"));
    bot.settle().await;
    let text = one_line(&bot.last_text_to(GROUP));
    assert!(text.contains("Questions: 3 asked · 2 answered by members within 24 h (67 %)"), "{text}");
    assert!(!text.contains("help topic"), "{text}");

    bot.with(|w| w.say_in_topic(GROUP, OWNER, 10, "/settopic help"));
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/stats"));
    bot.settle().await;
    let text = one_line(&bot.last_text_to(GROUP));
    assert!(
        text.contains("Questions: 1 asked · 1 answered by members within 24 h (100 %) · median time to the first answer 1 h 0 min"),
        "{text}"
    );
    assert!(text.contains("Only questions asked in the help topic count (/settopic help)."), "{text}");

    // Outside a forum, a stale binding does not narrow anything.
    bot.with(|w| w.set_forum(GROUP, false));
    bot.with(|w| w.say(GROUP, ALICE, "still here"));
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/stats"));
    bot.settle().await;
    let text = one_line(&bot.last_text_to(GROUP));
    assert!(text.contains("Questions: 3 asked"), "{text}");
}

#[tokio::test]
async fn export_nps_modlog_and_ideas() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.with(|w| w.say(OWNER, OWNER, "/start"));
    bot.with(|w| w.say(GROUP, ALICE, "/idea =cmd|' /C calc'!A0"));
    let spam = bot.with(|w| w.say(GROUP, BOB, "buy now"));
    bot.settle().await;
    bot.with(|w| w.reply(GROUP, OWNER, spam, "/warn spam, again"));
    bot.with(|w| w.say(GROUP, OWNER, "/nps"));
    bot.settle().await;
    let id = bot.scalar("SELECT poll_id FROM nps_polls").await;
    let message = bot.scalar("SELECT message_id FROM nps_polls").await;
    bot.with(|w| w.press(GROUP, message, ALICE, &format!("nps:v:{id}:9")));
    bot.settle().await;

    bot.with(|w| w.say(GROUP, OWNER, "/export"));
    bot.settle().await;
    assert!(
        bot.last_text_to(GROUP).contains("/export members | activity | referrals | nps | modlog | ideas"),
        "{}",
        bot.last_text_to(GROUP)
    );
    for kind in ["nps", "modlog", "ideas"] {
        bot.with(|w| w.say(GROUP, OWNER, &format!("/export {kind}")));
        bot.settle().await;
        assert!(
            bot.last_text_to(GROUP).contains(&format!("The {kind} export (1 row) is in your DM")),
            "{kind}: {}",
            bot.last_text_to(GROUP)
        );
    }
    let docs = bot.calls_to("sendDocument");
    assert_eq!(docs.len(), 3);
    let table = |i: usize| {
        assert_eq!(docs[i].chat_id(), Some(OWNER));
        read_csv(docs[i].files.get("document").expect("the CSV is uploaded"))
    };
    let nps = table(0);
    assert_eq!(nps[0], ["poll", "poll_opened_at", "voted_at", "score", "category", "reason"]);
    assert_eq!(nps[1][3..5], ["9".to_owned(), "promoter".to_owned()]);
    let modlog = table(1);
    assert_eq!(modlog[0], ["at", "action", "target_id", "actor_id", "automatic", "reason", "until"]);
    assert_eq!(modlog[1][1..6], ["warn", &BOB.to_string(), &OWNER.to_string(), "no", "spam, again"]);
    let ideas = table(2);
    assert_eq!(ideas[0][..5], ["number", "status", "author_id", "author_name", "text"]);
    assert_eq!(ideas[1][4], "'=cmd|' /C calc'!A0", "a formula is defused");
}
