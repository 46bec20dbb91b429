//! NPS polls and surveys end to end: votes, the live count, closing by hand
//! and by the scheduler, recurring polls, the follow-up reason, results and
//! history, forged buttons, surveys.

use std::time::Duration as StdDuration;

use crate::support::*;
use chrono::Duration;
use hearth::sim::world::Status;
use serde_json::json;

/// Seven members already in the group (unknown to the bot until they act).
const VOTERS: [i64; 7] = [2001, 2002, 2003, 2004, 2005, 2006, 2007];

async fn start() -> TestBot {
    let bot = TestBot::start_with(|w| {
        for (i, id) in VOTERS.iter().enumerate() {
            w.add_user(*id, &format!("Voter{}", i + 1));
            w.set_status(GROUP, *id, Status::Member);
        }
        for id in [ALICE, BOB, CAROL] {
            w.set_status(GROUP, id, Status::Member);
        }
    })
    .await;
    bot.ctx().state::<hearth::features::nps::State>().set_edit_window(StdDuration::from_millis(20));
    bot
}

async fn open_poll(bot: &TestBot) -> (i64, i64) {
    bot.with(|w| w.say(GROUP, OWNER, "/nps"));
    bot.settle().await;
    latest_poll(bot).await
}

fn vote(bot: &TestBot, poll: (i64, i64), user: i64, score: &str) {
    bot.with(|w| w.press(GROUP, poll.1, user, &format!("nps:v:{}:{score}", poll.0)));
}

fn toasts(bot: &TestBot) -> Vec<(String, bool)> {
    bot.calls_to("answerCallbackQuery")
        .iter()
        .map(|c| (c.params["text"].as_str().unwrap_or("").to_owned(), c.params["show_alert"] == true))
        .collect()
}

/// The poll message as the group sees it now: its HTML and whether it has buttons.
fn poll_message(bot: &TestBot, poll: (i64, i64)) -> (String, bool) {
    bot.with(|w| {
        let m = &w.messages[&(GROUP, poll.1)];
        (m.html.clone(), m.markup["inline_keyboard"].as_array().is_some_and(|r| !r.is_empty()))
    })
}

/// Waits (bounded) until `check` holds; the edits of the live count are
/// debounced on a timer, so their final state arrives a little later.
async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..400 {
        if check() {
            return;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    panic!("never happened: {what}");
}

#[tokio::test]
async fn the_poll_has_eleven_buttons_and_the_default_question() {
    let bot = start().await;
    let poll = open_poll(&bot).await;
    let send = bot.calls_to("sendMessage").into_iter().find(|c| c.text().contains("NPS poll #1")).unwrap();
    assert!(send.text().contains("How likely are you to recommend this community to a friend?"));
    let buttons = send.buttons();
    assert_eq!(buttons.len(), 11);
    for (i, (label, data)) in buttons.iter().enumerate() {
        assert_eq!(label, &i.to_string());
        assert_eq!(data, &format!("nps:v:{}:{i}", poll.0));
        assert!(data.len() <= 64);
    }
    assert!(poll_message(&bot, poll).0.contains("Responses: <b>0</b>"));
}

#[tokio::test]
async fn votes_give_the_hand_worked_nps_and_close_posts_results() {
    let bot = start().await;
    // Two voters spoke in the last 14 days: they are the active segment.
    bot.with(|w| {
        w.say(GROUP, VOTERS[0], "hello");
        w.say(GROUP, VOTERS[5], "hi");
    });
    bot.settle().await;
    let poll = open_poll(&bot).await;
    for (user, score) in VOTERS.iter().zip(["9", "9", "10", "7", "8", "2", "5"]) {
        vote(&bot, poll, *user, score);
    }
    bot.settle().await;
    // 9, 9, 10, 7, 8, 2, 5: NPS = 100·(3 − 2)/7 = 14.
    bot.with(|w| w.say(GROUP, OWNER, "/npsresults"));
    bot.settle().await;
    let results = bot.last_text_to(GROUP);
    assert!(results.contains("NPS: +14 ± 50"), "{results}");
    // The voter who gave 7 changes to 10: one vote still, P = 4, D = 2.
    vote(&bot, poll, VOTERS[3], "10");
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_votes").await, 7);
    let toasts = toasts(&bot);
    assert!(toasts.contains(&("You gave 9 — thank you!".into(), false)), "{toasts:?}");
    assert_eq!(toasts.last().unwrap(), &("Changed to 10 — thank you!".into(), false));

    bot.with(|w| w.say(GROUP, OWNER, "/npsclose"));
    bot.settle().await;
    let results = bot.last_text_to(GROUP);
    // NPS = 200/7 = 28.6 → +29; n' = 10, p = 0.475, d = 0.275 → MOE 52.2.
    assert!(results.contains("NPS: +29 ± 52"), "{results}");
    assert!(results.contains("Promoters (9–10): 4 (57%)"), "{results}");
    assert!(results.contains("Passives (7–8): 1 (14%)"), "{results}");
    assert!(results.contains("Detractors (0–6): 2 (29%)"), "{results}");
    assert!(results.contains("7 responses from 8 members known: response rate 88%"), "{results}");
    // Active: 9 and 2 → 0; silent: 9, 10, 10, 8, 5 → 40.
    assert!(results.contains("NPS 0 (n = 2); silent members: NPS +40 (n = 5)"), "{results}");
    assert!(!results.contains("too small"));
    let (html, buttons) = poll_message(&bot, poll);
    assert!(!buttons, "the buttons are gone");
    assert!(html.contains("Responses: <b>7</b>") && html.contains("closed"), "{html}");

    // Pressing the closed poll changes nothing.
    vote(&bot, poll, BOB, "3");
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_votes").await, 7);
    assert_eq!(super_last_toast(&bot), ("This poll is closed.".into(), true));
}

fn super_last_toast(bot: &TestBot) -> (String, bool) {
    toasts(bot).pop().unwrap_or_default()
}

#[tokio::test]
async fn the_live_count_is_debounced_and_ends_on_the_right_number() {
    let bot = start().await;
    // The production window: a burst of votes makes few edits.
    bot.ctx().state::<hearth::features::nps::State>().set_edit_window(StdDuration::from_secs(3));
    let poll = open_poll(&bot).await;
    for user in VOTERS.iter().take(6) {
        vote(&bot, poll, *user, "9");
    }
    bot.settle().await;
    eventually("the count shows 6", || poll_message(&bot, poll).0.contains("Responses: <b>6</b>")).await;
    let edits = bot
        .calls_to("editMessageText")
        .into_iter()
        .filter(|c| c.params["message_id"] == json!(poll.1) && !c.faulted)
        .count();
    assert!((1..6).contains(&edits), "{edits} edits for 6 votes");
    assert!(poll_message(&bot, poll).1, "the buttons stay while the poll is open");
}

#[tokio::test]
async fn one_open_poll_per_chat_and_only_admins_open_or_close() {
    let bot = start().await;
    bot.with(|w| w.say(GROUP, ALICE, "/nps"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("admin"), "{}", bot.last_text_to(GROUP));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_polls").await, 0);

    open_poll(&bot).await;
    bot.with(|w| w.say(GROUP, OWNER, "/nps Would you?"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Poll #1 is still open"), "{}", bot.last_text_to(GROUP));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_polls").await, 1);

    bot.with(|w| w.say(GROUP, ALICE, "/npsclose"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("admin"));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_polls WHERE closed_at IS NULL").await, 1);

    bot.with(|w| w.say(GROUP, OWNER, "/npsclose"));
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/npsclose"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("There is no open NPS poll"));
    // A custom question, escaped.
    bot.with(|w| w.say(GROUP, OWNER, "/nps Would you bring <friends> & family?"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Would you bring <friends> & family?"));
    assert_eq!(bot.scalar("SELECT MAX(number) FROM nps_polls").await, 2);
}

#[tokio::test]
async fn forged_buttons_get_an_alert_and_change_nothing() {
    let bot = start().await;
    const OTHER: i64 = -100_200;
    bot.with(|w| {
        w.add_group(OTHER, "Other Lounge", OWNER);
        w.set_status(OTHER, BOB, Status::Member);
        w.add_user(5555, "Stranger");
    });
    let poll = open_poll(&bot).await;
    bot.with(|w| w.say(OTHER, OWNER, "/nps"));
    bot.settle().await;
    let other = latest_poll(&bot).await;
    assert_ne!(other.0, poll.0);
    let long = format!("nps:v:{}:{}", poll.0, "9".repeat(70));
    let forged = [
        // The other chat's poll, pressed on this chat's message.
        format!("nps:v:{}:9", other.0),
        format!("nps:v:{}:11", poll.0),
        format!("nps:v:{}:-1", poll.0),
        format!("nps:v:{}:08", poll.0),
        format!("nps:v:{}", poll.0),
        format!("nps:v:{}:9:9", poll.0),
        "nps:v:abc:5".to_owned(),
        "nps:v:999999:5".to_owned(),
        "nps:x:1:5".to_owned(),
        long,
    ];
    for data in &forged {
        bot.with(|w| w.press(GROUP, poll.1, ALICE, data));
    }
    // A stranger who is not in the group.
    vote(&bot, poll, 5555, "9");
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_votes").await, 0);
    let toasts = toasts(&bot);
    assert_eq!(toasts.len(), forged.len() + 1);
    assert!(toasts.iter().all(|(_, alert)| *alert), "{toasts:?}");
    assert_eq!(toasts.last().unwrap().0, "Only members of this group can answer.");
    assert!(poll_message(&bot, poll).0.contains("Responses: <b>0</b>"));
    assert_eq!(bot.ctx().metrics.handler_failures(), 0);
}

#[tokio::test]
async fn a_press_delivered_twice_counts_once() {
    let bot = start().await;
    let poll = open_poll(&bot).await;
    let press = bot.with(|w| {
        json!({"callback_query": {
            "id": "dup1", "from": w.users[&ALICE].json(), "chat_instance": "ci",
            "data": format!("nps:v:{}:6", poll.0),
            "message": {"message_id": poll.1, "date": w.now, "chat": w.chats[&GROUP].json(),
                "from": w.bot_user(), "text": "poll"},
        }})
    });
    bot.fake.push(press.clone());
    bot.fake.push(press);
    vote(&bot, poll, ALICE, "6");
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_votes").await, 1);
    assert_eq!(bot.scalar("SELECT score FROM nps_votes").await, 6);
    eventually("the count shows 1", || poll_message(&bot, poll).0.contains("Responses: <b>1</b>")).await;
}

#[tokio::test]
async fn polls_close_by_themselves_after_nps_duration() {
    let bot = start().await;
    bot.with(|w| w.say(GROUP, OWNER, "/set nps_duration 7d"));
    bot.settle().await;
    let poll = open_poll(&bot).await;
    vote(&bot, poll, ALICE, "10");
    bot.settle().await;
    bot.advance_and_tick(Duration::days(6)).await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_polls WHERE closed_at IS NULL").await, 1);
    bot.advance_and_tick(Duration::days(2)).await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_polls WHERE closed_at IS NULL").await, 0);
    let results = bot.last_text_to(GROUP);
    assert!(results.contains("NPS poll #1 (closed)") && results.contains("NPS: +100"), "{results}");
    assert!(results.contains("too small to read"), "{results}");
    assert!(!poll_message(&bot, poll).1);
    // Another tick posts nothing more.
    let sent = bot.texts_to(GROUP).len();
    bot.advance_and_tick(Duration::days(1)).await;
    assert_eq!(bot.texts_to(GROUP).len(), sent);
}

#[tokio::test]
async fn nps_every_opens_recurring_polls() {
    let bot = start().await;
    bot.with(|w| w.say(GROUP, OWNER, "/set nps_every 30d"));
    bot.settle().await;
    bot.tick().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_polls WHERE closed_at IS NULL").await, 1);
    let first = latest_poll(&bot).await;
    vote(&bot, first, ALICE, "9");
    bot.settle().await;
    bot.advance_and_tick(Duration::days(10)).await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_polls").await, 1);
    bot.advance_and_tick(Duration::days(21)).await;
    // The first poll closed with its results, the second is open.
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_polls").await, 2);
    assert_eq!(bot.scalar("SELECT number FROM nps_polls WHERE closed_at IS NULL").await, 2);
    let texts = bot.texts_to(GROUP);
    assert!(texts.iter().any(|t| t.contains("NPS poll #1 (closed)")));
    assert!(texts.last().unwrap().contains("NPS poll #2"));
    bot.tick().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_polls").await, 2);
}

#[tokio::test]
async fn the_follow_up_reason_is_asked_once_stored_capped_and_shown_escaped() {
    let bot = start().await;
    bot.with(|w| w.say(ALICE, ALICE, "/start"));
    bot.settle().await;
    let poll = open_poll(&bot).await;
    vote(&bot, poll, ALICE, "3");
    vote(&bot, poll, BOB, "2");
    bot.settle().await;
    let dm = bot.last_text_to(ALICE);
    assert!(dm.contains("What is the main reason for your score?"), "{dm}");
    assert!(bot.texts_to(BOB).is_empty(), "Bob never started the bot");
    // A changed vote is not asked again.
    vote(&bot, poll, ALICE, "4");
    bot.settle().await;
    let asked = |bot: &TestBot| bot.texts_to(ALICE).iter().filter(|t| t.contains("main reason")).count();
    assert_eq!(asked(&bot), 1);

    let reason = format!("<b>too noisy</b> & {}", "x".repeat(5000));
    bot.with(|w| w.say(ALICE, ALICE, &reason));
    bot.settle().await;
    assert!(bot.last_text_to(ALICE).contains("Thank you"));
    assert_eq!(bot.scalar("SELECT LENGTH(reason) FROM nps_votes WHERE user_id = 1001").await, 1000);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM dm_dialogues").await, 0);
    // Later DMs are not taken as reasons.
    bot.with(|w| w.say(ALICE, ALICE, "something else"));
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_votes WHERE reason LIKE 'something%'").await, 0);

    bot.with(|w| w.say(GROUP, OWNER, "/npsresults"));
    bot.settle().await;
    let call = bot.calls_to("sendMessage").pop().unwrap();
    assert!(call.text().contains("&lt;b&gt;too noisy&lt;/b&gt; &amp;"), "{}", call.text());
    assert!(bot.last_text_to(GROUP).contains("Why detractors gave their score"));
    assert!(bot.last_text_to(GROUP).contains("too small to read"));
    assert!(bot.last_text_to(GROUP).contains("2 responses"));
}

#[tokio::test]
async fn results_history_and_bad_arguments() {
    let bot = start().await;
    bot.with(|w| w.say(GROUP, OWNER, "/npsresults"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("No NPS polls yet"));

    let long = format!("/nps {}", "q".repeat(301));
    bot.with(|w| w.say(GROUP, OWNER, &long));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("301 characters long; the limit is 300"));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_polls").await, 0);

    // Poll 1: all promoters; poll 2: all detractors.
    let first = open_poll(&bot).await;
    for user in &VOTERS[..5] {
        vote(&bot, first, *user, "10");
    }
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/npsclose"));
    bot.settle().await;
    // One poll: the lines only, no chart.
    bot.with(|w| w.say(GROUP, OWNER, "/npshistory"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("#1 · 2026-11-02 · 5 responses · NPS +100 ± 45"));
    assert!(bot.calls_to("sendPhoto").is_empty());
    let second = open_poll(&bot).await;
    for user in &VOTERS[..5] {
        vote(&bot, second, *user, "0");
    }
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/npsresults"));
    bot.settle().await;
    let results = bot.last_text_to(GROUP);
    assert!(results.contains("NPS poll #2 (open)") && results.contains("NPS: -100"), "{results}");
    assert!(results.contains("Change since poll #1 (NPS +100): -200"), "{results}");
    assert!(results.contains("No reasons from detractors"));

    bot.with(|w| w.say(GROUP, OWNER, "/npsresults #1"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("NPS poll #1 (closed)"));
    for bad in ["/npsresults abc", "/npsresults -1", "/npsresults 1 2"] {
        bot.with(|w| w.say(GROUP, OWNER, bad));
        bot.settle().await;
        assert!(bot.last_text_to(GROUP).contains("Usage: /npsresults"), "{bad}: {}", bot.last_text_to(GROUP));
    }
    bot.with(|w| w.say(GROUP, OWNER, "/npsresults 7"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("There is no poll #7"));

    bot.with(|w| w.say(GROUP, OWNER, "/npshistory"));
    bot.settle().await;
    let history = bot.last_text_to(GROUP);
    // 5 promoters: n' = 8, p = 5.75/8, d = 0.75/8 → MOE = 196·√(0.4219/8) = 45.
    assert!(history.contains("#1 · 2026-11-02 · 5 responses · NPS +100 ± 45"), "{history}");
    assert!(history.contains("#2 · 2026-11-02 · 5 responses · NPS -100 ± 45"), "{history}");
    // Two polls: a chart of the NPS per poll with its margin, as a PNG photo.
    let photos = bot.calls_to("sendPhoto");
    assert_eq!(photos.len(), 1);
    assert_eq!(photos[0].chat_id(), Some(GROUP));
    let png = photos[0].files.get("photo").expect("the chart is uploaded");
    assert_eq!(png[..8], hearth::charts::PNG_SIGNATURE);
    assert!(png.len() > 5_000, "a real chart, {} bytes", png.len());
    assert!(photos[0].text().contains("NPS by poll"), "{}", photos[0].text());
    let summaries = hearth::features::nps::store::history(bot.db(), GROUP).await.unwrap();
    assert_eq!(summaries.iter().map(|s| s.nps()).collect::<Vec<_>>(), vec![Some(100), Some(-100)]);
    let latest = hearth::features::nps::store::latest_summary(bot.db(), GROUP).await.unwrap().unwrap();
    assert_eq!((latest.number, latest.responses(), latest.margin()), (2, 5, Some(45)));
    let (header, rows) = hearth::features::nps::store::export_rows(bot.db(), GROUP).await.unwrap();
    assert_eq!(header.len(), rows[0].len());
    assert_eq!(rows.len(), 10);
    assert_eq!(rows[9][3..5], ["0".to_owned(), "detractor".to_owned()]);

    bot.with(|w| w.say(GROUP, ALICE, "/npsresults"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("admin"));
}

#[tokio::test]
async fn survey_answers_are_changeable_and_results_aggregate() {
    let bot = start().await;
    bot.with(|w| w.say(GROUP, OWNER, "/survey"));
    bot.settle().await;
    let messages: Vec<(i64, i64)> =
        sqlx::query_as("SELECT question, message_id FROM survey_messages ORDER BY question")
            .fetch_all(bot.db())
            .await
            .unwrap();
    assert_eq!(messages.len(), 4);
    let sid = bot.scalar("SELECT survey_id FROM surveys").await;
    let texts = bot.texts_to(GROUP);
    assert!(texts.iter().any(|t| t.contains("I feel safe in this community.")));
    assert!(texts.iter().any(|t| t.contains("I have built relationships with other members.")));
    let buttons = bot.calls_to("sendMessage").pop().unwrap().buttons();
    assert_eq!(buttons.len(), 5);
    assert_eq!(buttons[4].1, format!("srv:a:{sid}:3:5"));

    let answer = |user: i64, q: usize, v: &str| {
        bot.with(|w| w.press(GROUP, messages[q].1, user, &format!("srv:a:{sid}:{q}:{v}")));
    };
    answer(ALICE, 0, "5");
    answer(ALICE, 0, "4");
    answer(BOB, 0, "2");
    answer(ALICE, 1, "3");
    // Forged: a question on another question's message, a value of 6.
    bot.with(|w| w.press(GROUP, messages[0].1, CAROL, &format!("srv:a:{sid}:1:5")));
    answer(CAROL, 2, "6");
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM survey_answers").await, 3);
    let toasts = toasts(&bot);
    assert!(toasts.contains(&("Saved: 4 — thank you!".into(), false)));
    assert_eq!(toasts.iter().filter(|(_, alert)| *alert).count(), 2);

    bot.with(|w| w.say(GROUP, OWNER, "/survey"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("A survey is already open"));

    bot.with(|w| w.say(GROUP, OWNER, "/surveyresults"));
    bot.settle().await;
    let results = bot.last_text_to(GROUP);
    assert!(results.contains("(open): 2 respondents"), "{results}");
    assert!(results.contains("Mean 3.0 (2 answers)\n1: 0 · 2: 1 · 3: 0 · 4: 1 · 5: 0"), "{results}");
    assert!(results.contains("Mean 3.0 (1 answer)\n1: 0 · 2: 0 · 3: 1 · 4: 0 · 5: 0"), "{results}");
    assert!(results.contains("Mean — (0 answers)"), "{results}");

    bot.with(|w| w.say(GROUP, ALICE, "/surveyclose"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("admin"));
    bot.with(|w| w.say(GROUP, OWNER, "/surveyclose"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("(closed): 2 respondents"));
    let with_buttons = bot.with(|w| {
        messages
            .iter()
            .filter(|(_, id)| w.messages[&(GROUP, *id)].markup["inline_keyboard"].is_array())
            .count()
    });
    assert_eq!(with_buttons, 0);
    answer(CAROL, 3, "5");
    bot.settle().await;
    assert_eq!(super_last_toast(&bot), ("This survey is closed.".into(), true));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM survey_answers").await, 3);
    // A new survey may start now.
    bot.with(|w| w.say(GROUP, OWNER, "/survey"));
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM surveys").await, 2);
}

#[tokio::test]
async fn russian_chats_get_russian_polls() {
    let bot = start().await;
    bot.with(|w| w.say(GROUP, OWNER, "/set lang ru"));
    bot.settle().await;
    let poll = open_poll(&bot).await;
    assert!(poll_message(&bot, poll).0.contains("порекомендуете это сообщество другу"));
    for user in &VOTERS[..2] {
        vote(&bot, poll, *user, "9");
    }
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/npsclose"));
    bot.settle().await;
    let results = bot.last_text_to(GROUP);
    assert!(results.contains("2 ответа от 3 известных участников"), "{results}");
}

/// Marks every update handled so far as unfinished and restarts: the bot
/// handles them all again, as after a crash before the done marks.
async fn replay_all(bot: &mut TestBot) {
    bot.settle_inbox().await;
    sqlx::query("UPDATE inbox SET done_at = NULL").execute(bot.db()).await.unwrap();
    bot.restart().await;
    bot.settle().await;
}

#[tokio::test]
async fn replayed_commands_change_nothing_twice() {
    let mut bot = start().await;
    let poll = open_poll(&bot).await;
    vote(&bot, poll, ALICE, "9");
    bot.with(|w| w.say(GROUP, OWNER, "/npsclose"));
    bot.with(|w| w.say(GROUP, OWNER, "/nps Second?"));
    bot.with(|w| w.say(GROUP, OWNER, "/survey"));
    bot.with(|w| w.say(GROUP, OWNER, "/surveyclose"));
    bot.settle().await;
    let sent = bot.texts_to(GROUP).len();
    replay_all(&mut bot).await;
    assert!(bot.hearth().replayed >= 6, "{} updates replayed", bot.hearth().replayed);
    assert_eq!(bot.ctx().metrics.handler_failures(), 0);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_polls").await, 2);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_polls WHERE closed_at IS NULL AND number = 2").await, 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_votes").await, 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM surveys WHERE closed_at IS NOT NULL").await, 1);
    assert_eq!(bot.texts_to(GROUP).len(), sent, "{:?}", &bot.texts_to(GROUP)[sent..]);
}

fn results_posts(bot: &TestBot) -> usize {
    bot.texts_to(GROUP).iter().filter(|t| t.contains("known: response rate")).count()
}

#[tokio::test]
async fn the_same_npsclose_delivered_twice_posts_results_once() {
    let bot = start().await;
    let poll = open_poll(&bot).await;
    vote(&bot, poll, ALICE, "9");
    bot.settle().await;
    say_twice(&bot, GROUP, OWNER, "/npsclose").await;
    assert_eq!(results_posts(&bot), 1, "{:?}", bot.texts_to(GROUP));
    assert!(!bot.texts_to(GROUP).iter().any(|t| t.contains("There is no open NPS poll")));
}

#[tokio::test]
async fn results_that_failed_to_post_are_posted_by_the_retry_or_the_job() {
    let bot = start().await;
    let poll = open_poll(&bot).await;
    vote(&bot, poll, ALICE, "9");
    bot.settle().await;
    // The poll closes, then posting its results fails.
    let fault = || hearth::sim::Fault::BadRequest("Bad Request: something broke".into());
    bot.with(|w| w.fail("sendMessage", 1, fault()));
    let mut copy = serde_json::Value::Null;
    bot.with(|w| w.say_with(GROUP, OWNER, "/npsclose", |m| copy = m.clone()));
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_polls WHERE closed_at IS NULL").await, 0);
    assert_eq!(results_posts(&bot), 0);
    // The same command again: the results, and only them.
    let sent = bot.texts_to(GROUP).len();
    bot.with(|w| w.push_update(json!({ "message": copy })));
    bot.settle().await;
    assert_eq!(results_posts(&bot), 1);
    assert_eq!(bot.texts_to(GROUP).len(), sent + 1, "{:?}", &bot.texts_to(GROUP)[sent..]);

    // A second poll whose results fail to post and whose command is not
    // retried: the job posts them at its next tick, once.
    open_poll(&bot).await;
    bot.with(|w| w.fail("sendMessage", 1, fault()));
    bot.with(|w| w.say(GROUP, OWNER, "/npsclose"));
    bot.settle().await;
    assert_eq!(results_posts(&bot), 1);
    bot.advance_and_tick(Duration::minutes(1)).await;
    assert_eq!(results_posts(&bot), 2);
    bot.advance_and_tick(Duration::minutes(1)).await;
    assert_eq!(results_posts(&bot), 2, "posted once");
}

#[tokio::test]
async fn poll_schedules_shorter_than_their_minimum_are_refused() {
    let bot = start().await;
    let set = |text: &'static str| {
        bot.with(|w| w.say(GROUP, OWNER, text));
    };
    set("/set nps_every 1m");
    bot.settle().await;
    let refused = bot.last_text_to(GROUP);
    assert!(refused.contains("is not a valid value for nps_every"), "{refused}");
    assert!(refused.contains("≥ 1d"), "the minimum is named: {refused}");
    set("/set nps_duration 30m");
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("≥ 1h"), "{}", bot.last_text_to(GROUP));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM chat_settings WHERE key LIKE 'nps_%'").await, 0);
    // Nothing opens on a tick.
    bot.advance_and_tick(Duration::minutes(1)).await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_polls").await, 0);

    set("/set nps_every 7d");
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("nps_every is now 7d"));
    set("/set nps_duration 1h");
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("nps_duration is now 1h"));

    set("/set lang ru");
    set("/set nps_every 12h");
    bot.settle().await;
    let refused = bot.last_text_to(GROUP);
    assert!(refused.contains("недопустимое значение для nps_every"), "{refused}");
    assert!(refused.contains("≥ 1d"), "{refused}");
}

#[tokio::test]
async fn a_poll_whose_post_went_unrecorded_is_posted_by_the_command_again() {
    let bot = start().await;
    let mut copy = serde_json::Value::Null;
    bot.with(|w| w.say_with(GROUP, OWNER, "/nps", |m| copy = m.clone()));
    bot.settle().await;
    // The write after the send failed: the poll is open, its post unknown.
    sqlx::query("UPDATE nps_polls SET message_id = NULL").execute(bot.db()).await.unwrap();
    let sent = bot.texts_to(GROUP).len();
    bot.with(|w| w.push_update(json!({ "message": copy.clone() })));
    bot.settle().await;
    assert_eq!(bot.texts_to(GROUP).len(), sent + 1, "the poll is posted again");
    let poll = latest_poll(&bot).await;
    vote(&bot, poll, ALICE, "9");
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_votes").await, 1, "its buttons work");
    // Recorded now: the command once more posts nothing.
    bot.with(|w| w.push_update(json!({ "message": copy })));
    bot.settle().await;
    assert_eq!(bot.texts_to(GROUP).len(), sent + 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nps_polls").await, 1);
}

fn survey_results_posts(bot: &TestBot) -> usize {
    bot.texts_to(GROUP).iter().filter(|t| t.contains("Sense of community")).count()
}

#[tokio::test]
async fn survey_posts_that_went_missing_are_posted_by_the_command_again() {
    let bot = start().await;
    let mut open = serde_json::Value::Null;
    bot.with(|w| w.say_with(GROUP, OWNER, "/survey", |m| open = m.clone()));
    bot.settle().await;
    // The third question's post went unrecorded.
    sqlx::query("DELETE FROM survey_messages WHERE question = 2").execute(bot.db()).await.unwrap();
    let sent = bot.texts_to(GROUP).len();
    bot.with(|w| w.push_update(json!({ "message": open })));
    bot.settle().await;
    assert_eq!(
        bot.texts_to(GROUP).len(),
        sent + 1,
        "only the missing question: {:?}",
        &bot.texts_to(GROUP)[sent..]
    );
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM survey_messages").await, 4);

    // The survey closes, then posting its results fails; the same command
    // again posts them, and a third time nothing.
    let fault = hearth::sim::Fault::BadRequest("Bad Request: something broke".into());
    bot.with(|w| w.fail("sendMessage", 1, fault));
    let mut close = serde_json::Value::Null;
    bot.with(|w| w.say_with(GROUP, OWNER, "/surveyclose", |m| close = m.clone()));
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM surveys WHERE closed_at IS NULL").await, 0);
    assert_eq!(survey_results_posts(&bot), 0);
    for _ in 0..2 {
        bot.with(|w| w.push_update(json!({ "message": close.clone() })));
        bot.settle().await;
    }
    assert_eq!(survey_results_posts(&bot), 1, "{:?}", bot.texts_to(GROUP));
    assert!(!bot.texts_to(GROUP).iter().any(|t| t.contains("no open survey")));
}
