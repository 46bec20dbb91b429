//! Silent members end to end: segments, the nudge ladder (survey, invitation,
//! goodbye and archive), caps, holdout, reachability, quiet hours, /silent,
//! forged buttons, and nothing sent twice across ticks and restarts.

use std::time::Duration as StdDuration;

use crate::support::*;
use chrono::Duration;
use hearth::{features::nudges::logic::in_holdout, sim::Call};

/// Waits until the paced sender has sent (or given up on) every queued DM.
async fn drain(bot: &TestBot) {
    for _ in 0..3000 {
        if bot.scalar("SELECT COUNT(*) FROM nudge_outbox WHERE state IN ('queued', 'sending')").await == 0 {
            return;
        }
        tokio::time::sleep(StdDuration::from_millis(10)).await;
    }
    panic!("nudge DMs were never sent");
}

async fn advance(bot: &TestBot, by: Duration) {
    bot.advance_and_tick(by).await;
    drain(bot).await;
}

fn dms(bot: &TestBot, user: i64) -> Vec<Call> {
    bot.calls_to("sendMessage").into_iter().filter(|c| c.chat_id() == Some(user) && !c.faulted).collect()
}

/// First-step nudges (the ones with the survey) a user got.
fn surveys(bot: &TestBot, user: i64) -> Vec<Call> {
    dms(bot, user).into_iter().filter(|c| c.buttons().iter().any(|(_, d)| d.starts_with("ndg:sv:"))).collect()
}

fn with_text(bot: &TestBot, user: i64, needle: &str) -> Vec<Call> {
    dms(bot, user).into_iter().filter(|c| c.text().contains(needle)).collect()
}

/// The id of the bot's DM to `user` that carries the survey.
fn survey_message(bot: &TestBot, user: i64) -> i64 {
    bot.with(|w| {
        w.messages
            .values()
            .filter(|m| m.from_bot && m.chat_id == user && m.markup.to_string().contains("ndg:sv"))
            .map(|m| m.message_id)
            .max()
            .expect("a survey DM")
    })
}

/// Joins the group (seen by the bot) and, with `dm`, starts the bot in DM.
async fn member(bot: &TestBot, user: i64, dm: bool) {
    bot.with(|w| {
        w.join(GROUP, user, None);
        if dm {
            w.say(user, user, "/start");
        }
    });
    bot.settle().await;
}

async fn set(bot: &TestBot, key: &str, value: &str) {
    bot.with(|w| w.say(GROUP, OWNER, &format!("/set {key} {value}")));
    bot.settle().await;
}

async fn steps(bot: &TestBot, user: i64) -> i64 {
    bot.scalar(&format!("SELECT steps FROM nudge_members WHERE chat_id = {GROUP} AND user_id = {user}")).await
}

async fn segment(bot: &TestBot, user: i64) -> String {
    sqlx::query_scalar("SELECT segment FROM nudge_members WHERE chat_id = ? AND user_id = ?")
        .bind(GROUP)
        .bind(user)
        .fetch_one(bot.db())
        .await
        .expect("a member row")
}

/// A user id of the world in (or out of) the default 10 % holdout.
fn user_in_holdout(holdout: bool) -> i64 {
    (2000..3000).find(|u| in_holdout(GROUP, *u, 10) == holdout).expect("some user")
}

async fn no_holdout(bot: &TestBot) {
    set(bot, "nudge_holdout_percent", "0").await;
}

#[tokio::test]
async fn a_silent_member_gets_exactly_one_survey_and_an_active_one_none() {
    let bot = TestBot::start().await;
    no_holdout(&bot).await;
    bot.with(|w| w.say(OWNER, OWNER, "/start"));
    member(&bot, ALICE, true).await;
    member(&bot, BOB, true).await;
    advance(&bot, Duration::days(10)).await;
    bot.with(|w| w.say(GROUP, BOB, "still here"));
    bot.settle().await;
    assert_eq!(segment(&bot, ALICE).await, "at_risk");
    advance(&bot, Duration::days(4)).await;
    assert_eq!(segment(&bot, ALICE).await, "silent");
    assert_eq!(segment(&bot, BOB).await, "active");
    for _ in 0..5 {
        advance(&bot, Duration::hours(1)).await;
    }
    let got = surveys(&bot, ALICE);
    assert_eq!(got.len(), 1, "one nudge across many ticks");
    let text = got[0].text();
    assert!(text.contains("Alice") && text.contains("Test Lounge"), "{text}");
    let answers: Vec<String> = got[0].buttons().into_iter().map(|(_, d)| d).collect();
    assert_eq!(
        answers,
        ["no_time", "not_interested", "where_to_start", "other"].map(|a| format!("ndg:sv:{GROUP}:{a}"))
    );
    assert!(surveys(&bot, BOB).is_empty(), "an active member gets nothing");
    assert!(surveys(&bot, OWNER).is_empty(), "admins are not nudged");
    assert_eq!(steps(&bot, ALICE).await, 1);
}

#[tokio::test]
async fn survey_answers_are_stored_and_where_to_start_gives_the_links() {
    let bot = TestBot::start().await;
    no_holdout(&bot).await;
    bot.with(|w| w.say(GROUP, OWNER, "/addlink Start here | https://example.com/start"));
    member(&bot, ALICE, true).await;
    advance(&bot, Duration::days(14)).await;
    let id = survey_message(&bot, ALICE);
    bot.with(|w| w.press(ALICE, id, ALICE, &format!("ndg:sv:{GROUP}:where_to_start")));
    bot.settle().await;
    let answer: String = sqlx::query_scalar("SELECT survey_answer FROM nudge_members WHERE user_id = ?")
        .bind(ALICE)
        .fetch_one(bot.db())
        .await
        .unwrap();
    assert_eq!(answer, "where_to_start");
    let last = dms(&bot, ALICE).pop().unwrap();
    let buttons = last.buttons();
    assert!(buttons.contains(&("Start here".into(), "https://example.com/start".into())), "{buttons:?}");
    assert!(buttons.iter().any(|(_, u)| u == &format!("https://t.me/hearth_sim_bot?start=onb_{GROUP}")));
    // A second press changes nothing.
    let before = dms(&bot, ALICE).len();
    bot.with(|w| w.press(ALICE, id, ALICE, &format!("ndg:sv:{GROUP}:no_time")));
    bot.settle().await;
    assert_eq!(dms(&bot, ALICE).len(), before);
    let answer: String = sqlx::query_scalar("SELECT survey_answer FROM nudge_members WHERE user_id = ?")
        .bind(ALICE)
        .fetch_one(bot.db())
        .await
        .unwrap();
    assert_eq!(answer, "where_to_start");
    assert_eq!(bot.calls_to("answerCallbackQuery").last().unwrap().params["show_alert"], true);
}

#[tokio::test]
async fn something_else_takes_free_text() {
    let bot = TestBot::start().await;
    no_holdout(&bot).await;
    member(&bot, ALICE, true).await;
    advance(&bot, Duration::days(14)).await;
    let id = survey_message(&bot, ALICE);
    bot.with(|w| w.press(ALICE, id, ALICE, &format!("ndg:sv:{GROUP}:other")));
    bot.settle().await;
    assert!(dms(&bot, ALICE).last().unwrap().text().contains("Tell me"));
    bot.with(|w| w.say(ALICE, ALICE, "I moved <far> away"));
    bot.settle().await;
    let text: String = sqlx::query_scalar("SELECT survey_text FROM nudge_members WHERE user_id = ?")
        .bind(ALICE)
        .fetch_one(bot.db())
        .await
        .unwrap();
    assert_eq!(text, "I moved <far> away");
    assert!(bot.last_text_to(ALICE).contains("passed it on"));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM dm_dialogues").await, 0);
    // /silent shows the answer, escaped.
    bot.with(|w| w.say(GROUP, OWNER, "/silent"));
    bot.settle().await;
    let report = bot.last_text_to(GROUP);
    assert!(report.contains("Something else: «I moved <far> away»"), "{report}");
}

#[tokio::test]
async fn posting_again_resets_the_ladder() {
    let bot = TestBot::start().await;
    no_holdout(&bot).await;
    member(&bot, ALICE, true).await;
    advance(&bot, Duration::days(14)).await;
    assert_eq!(surveys(&bot, ALICE).len(), 1);
    bot.with(|w| w.say(GROUP, ALICE, "I'm back!"));
    bot.settle().await;
    assert_eq!(segment(&bot, ALICE).await, "active");
    assert_eq!(steps(&bot, ALICE).await, 0);
    // Thirteen days later she is not silent yet; no invitation either.
    advance(&bot, Duration::days(13)).await;
    assert_eq!(dms(&bot, ALICE).iter().filter(|c| c.text().contains("what's going on")).count(), 0);
    assert_eq!(surveys(&bot, ALICE).len(), 1);
    // Silent again: the ladder starts over with the first step.
    advance(&bot, Duration::days(2)).await;
    assert_eq!(surveys(&bot, ALICE).len(), 2);
    // The reactivation counts her: nudged, and back within 14 days.
    bot.with(|w| w.say(GROUP, OWNER, "/silent"));
    bot.settle().await;
    let report = bot.last_text_to(GROUP);
    assert!(report.contains("(1 of 2)"), "{report}");
}

#[tokio::test]
async fn invitation_then_goodbye_archive_and_prune() {
    let bot = TestBot::start().await;
    no_holdout(&bot).await;
    set(&bot, "prune", "on").await;
    member(&bot, ALICE, true).await;
    advance(&bot, Duration::days(14)).await;
    assert_eq!(surveys(&bot, ALICE).len(), 1);
    bot.with(|w| w.say(GROUP, OWNER, "/addevent 2026-12-20 18:30 Winter <meetup>"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Winter <meetup>"));
    advance(&bot, Duration::days(13)).await;
    assert!(with_text(&bot, ALICE, "what's going on").is_empty(), "not before 14 more days");
    advance(&bot, Duration::days(1)).await;
    let invitation = with_text(&bot, ALICE, "what's going on");
    assert_eq!(invitation.len(), 1);
    let text = invitation[0].text();
    assert!(text.contains("Winter &lt;meetup&gt;") && text.contains("2026-12-20 18:30"), "{text}");
    assert!(text.contains("Your points here: <b>0</b>") && text.contains("You could unlock"), "{text}");
    assert!(bot.calls_to("banChatMember").is_empty());
    // Day 60: gone — a warm goodbye, archived, pruned (ban then unban).
    advance(&bot, Duration::days(31)).await;
    assert!(with_text(&bot, ALICE, "always welcome back").is_empty());
    advance(&bot, Duration::days(1)).await;
    assert_eq!(with_text(&bot, ALICE, "always welcome back").len(), 1);
    assert_eq!(segment(&bot, ALICE).await, "archived");
    let bans = bot.calls_to("banChatMember");
    let unbans = bot.calls_to("unbanChatMember");
    assert_eq!((bans.len(), unbans.len()), (1, 1));
    assert_eq!(bans[0].user_id(), Some(ALICE));
    assert!(bans[0].at <= unbans[0].at);
    // Archived: no more nudges, ever.
    let before = dms(&bot, ALICE).len();
    for _ in 0..3 {
        advance(&bot, Duration::days(10)).await;
    }
    assert_eq!(dms(&bot, ALICE).len(), before);
    assert_eq!(bot.calls_to("banChatMember").len(), 1);
}

#[tokio::test]
async fn goodbye_archives_without_prune() {
    let bot = TestBot::start().await;
    no_holdout(&bot).await;
    member(&bot, ALICE, true).await;
    // Long gone at once: the first step, then the goodbye a gap later.
    advance(&bot, Duration::days(70)).await;
    assert_eq!(surveys(&bot, ALICE).len(), 1);
    advance(&bot, Duration::days(6)).await;
    assert!(with_text(&bot, ALICE, "always welcome back").is_empty(), "one nudge per gap");
    advance(&bot, Duration::days(1)).await;
    assert_eq!(with_text(&bot, ALICE, "always welcome back").len(), 1);
    assert_eq!(segment(&bot, ALICE).await, "archived");
    assert!(bot.calls_to("banChatMember").is_empty(), "prune is off by default");
}

#[tokio::test]
async fn at_most_one_nudge_per_gap() {
    let bot = TestBot::start().await;
    no_holdout(&bot).await;
    set(&bot, "active_days", "1").await;
    set(&bot, "silent_days", "2").await;
    member(&bot, ALICE, true).await;
    advance(&bot, Duration::days(2)).await;
    assert_eq!(surveys(&bot, ALICE).len(), 1);
    bot.with(|w| w.say(GROUP, ALICE, "hi"));
    bot.settle().await;
    // Silent again two days later (day 4), but the last nudge was on day 2.
    for day in 3..=8 {
        advance(&bot, Duration::days(1)).await;
        assert_eq!(surveys(&bot, ALICE).len(), 1, "nudge_gap_days holds on day {day}");
    }
    assert_eq!(segment(&bot, ALICE).await, "silent");
    advance(&bot, Duration::days(1)).await;
    assert_eq!(surveys(&bot, ALICE).len(), 2, "seven days after the last one");
}

#[tokio::test]
async fn holdout_members_are_never_nudged_and_the_split_is_stable() {
    let held = user_in_holdout(true);
    let nudged = user_in_holdout(false);
    let bot = TestBot::start_with(|w| {
        w.add_user(held, "Hana");
        w.add_user(nudged, "Nina");
    })
    .await;
    member(&bot, held, true).await;
    member(&bot, nudged, true).await;
    for _ in 0..8 {
        advance(&bot, Duration::days(10)).await;
    }
    let outbox = |u: i64| format!("SELECT COUNT(*) FROM nudge_outbox WHERE user_id = {u}");
    assert_eq!(bot.scalar(&outbox(held)).await, 0, "holdout: no nudge");
    assert!(bot.scalar(&outbox(nudged)).await >= 2, "the other one walks the ladder");
    assert!(with_text(&bot, held, "welcome back").is_empty() && with_text(&bot, held, "going on").is_empty());
    assert_eq!(surveys(&bot, held).len(), 0);
    assert_eq!(surveys(&bot, nudged).len(), 1);
    let row = |u: i64| format!("SELECT holdout FROM nudge_members WHERE chat_id = {GROUP} AND user_id = {u}");
    assert_eq!(bot.scalar(&row(held)).await, 1);
    assert_eq!(bot.scalar(&row(nudged)).await, 0);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nudge_cohort WHERE holdout = 1").await, 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nudge_cohort WHERE holdout = 0").await, 1);
    bot.with(|w| w.say(GROUP, OWNER, "/silent"));
    bot.settle().await;
    let report = bot.last_text_to(GROUP);
    assert!(report.contains("holdout, never nudged: — (0 of 1)") || report.contains("(0 of 1)"), "{report}");
    assert!(report.contains("Hana") && report.contains("holdout"), "{report}");
}

#[tokio::test]
async fn members_without_an_open_dm_are_not_dmed_and_a_403_marks_unreachable() {
    let bot = TestBot::start().await;
    no_holdout(&bot).await;
    set(&bot, "checkin_days", "0").await;
    member(&bot, CAROL, false).await;
    member(&bot, BOB, true).await;
    // Bob blocks the bot; hearth does not know yet.
    bot.with(|w| w.users.get_mut(&BOB).unwrap().blocked_bot = true);
    let before = bot.calls_to("sendMessage").iter().filter(|c| c.chat_id() == Some(BOB)).count();
    advance(&bot, Duration::days(14)).await;
    for _ in 0..4 {
        advance(&bot, Duration::days(3)).await;
    }
    assert!(bot.calls_to("sendMessage").iter().all(|c| c.chat_id() != Some(CAROL)), "never DMed Carol");
    let attempts = bot.calls_to("sendMessage").iter().filter(|c| c.chat_id() == Some(BOB)).count() - before;
    assert_eq!(attempts, 1, "one attempt, no retry loop");
    assert_eq!(bot.scalar("SELECT dm_open FROM users WHERE user_id = 1002").await, 0);
    assert_eq!(bot.scalar("SELECT COUNT(dm_unreachable_at) FROM users WHERE user_id = 1002").await, 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nudge_outbox WHERE state = 'unreachable'").await, 1);
}

#[tokio::test]
async fn group_invitation_mentions_unreachable_members_once_a_week() {
    let bot = TestBot::start().await;
    no_holdout(&bot).await;
    set(&bot, "group_nudge", "on").await;
    member(&bot, CAROL, false).await;
    advance(&bot, Duration::days(14)).await;
    let invites = |bot: &TestBot| {
        bot.calls_to("sendMessage")
            .into_iter()
            .filter(|c| c.chat_id() == Some(GROUP) && c.text().contains("love to hear from you"))
            .collect::<Vec<_>>()
    };
    assert_eq!(invites(&bot).len(), 1);
    let text = invites(&bot)[0].text().to_owned();
    assert!(text.contains("tg://user?id=1003") && !text.contains("tg://user?id=1\""), "{text}");
    for _ in 0..3 {
        advance(&bot, Duration::days(1)).await;
    }
    assert_eq!(invites(&bot).len(), 1, "once per silence, at most weekly");
}

#[tokio::test]
async fn opt_out_is_honored_at_once() {
    let bot = TestBot::start().await;
    no_holdout(&bot).await;
    member(&bot, ALICE, true).await;
    bot.with(|w| w.say(ALICE, ALICE, "/nudges off"));
    bot.settle().await;
    assert!(bot.last_text_to(ALICE).contains("won't send"));
    advance(&bot, Duration::days(20)).await;
    assert!(surveys(&bot, ALICE).is_empty());
    bot.with(|w| w.say(ALICE, ALICE, "/nudges on"));
    bot.settle().await;
    advance(&bot, Duration::hours(1)).await;
    assert_eq!(surveys(&bot, ALICE).len(), 1);
    bot.with(|w| w.say(ALICE, ALICE, "/nudges sometimes"));
    bot.settle().await;
    assert!(bot.last_text_to(ALICE).contains("Usage"));
}

#[tokio::test]
async fn quiet_hours_defer_dms_in_the_chats_time_zone() {
    let bot = TestBot::start().await;
    no_holdout(&bot).await;
    // 12:00–15:00 in Moscow is 09:00–12:00 UTC; the world starts at 10:00 UTC.
    set(&bot, "timezone", "Europe/Moscow").await;
    set(&bot, "quiet_from", "12:00").await;
    set(&bot, "quiet_to", "15:00").await;
    member(&bot, ALICE, true).await;
    advance(&bot, Duration::days(14)).await;
    assert!(surveys(&bot, ALICE).is_empty(), "quiet hours");
    advance(&bot, Duration::hours(1)).await;
    assert!(surveys(&bot, ALICE).is_empty(), "still quiet at 14:00 Moscow");
    advance(&bot, Duration::hours(1)).await;
    assert_eq!(surveys(&bot, ALICE).len(), 1, "sent once the quiet hours end");
}

#[tokio::test]
async fn silent_shows_segments_and_answers_to_admins_only() {
    let bot = TestBot::start().await;
    no_holdout(&bot).await;
    member(&bot, ALICE, true).await;
    member(&bot, CAROL, false).await;
    member(&bot, BOB, true).await;
    advance(&bot, Duration::days(14)).await;
    bot.with(|w| {
        w.say(GROUP, BOB, "hello");
        w.say(GROUP, OWNER, "hello");
    });
    bot.settle().await;
    let id = survey_message(&bot, ALICE);
    bot.with(|w| w.press(ALICE, id, ALICE, &format!("ndg:sv:{GROUP}:no_time")));
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/silent"));
    bot.settle().await;
    let report = bot.last_text_to(GROUP);
    assert!(report.contains("Telegram lets no bot list"), "{report}");
    assert!(report.contains("silent: 2"), "{report}");
    assert!(
        report.contains("Alice") && report.contains("first nudge") && report.contains("No time"),
        "{report}"
    );
    assert!(report.contains("Carol") && report.contains("no DM"), "{report}");
    assert!(!report.contains("Bob"), "{report}");
    bot.with(|w| w.say(GROUP, BOB, "/silent"));
    bot.settle().await;
    assert!(!bot.last_text_to(GROUP).contains("Quiet members"));
}

#[tokio::test]
async fn forged_survey_callbacks_change_nothing() {
    let bot = TestBot::start().await;
    no_holdout(&bot).await;
    member(&bot, ALICE, true).await;
    member(&bot, BOB, true).await;
    advance(&bot, Duration::days(14)).await;
    bot.with(|w| w.say(GROUP, BOB, "hi"));
    bot.settle().await;
    let id = survey_message(&bot, ALICE);
    let forged = [
        (BOB, format!("ndg:sv:{GROUP}:no_time")),
        (ALICE, "ndg:sv:-999:no_time".to_owned()),
        (ALICE, "ndg:sv:abc:no_time".to_owned()),
        (ALICE, format!("ndg:sv:{GROUP}:maybe")),
        (ALICE, format!("ndg:sv:{GROUP}:no_time:extra")),
        (ALICE, "ndg:sv".to_owned()),
        (ALICE, "ndg:zz:1:2".to_owned()),
    ];
    let sent = bot.calls_to("sendMessage").len();
    for (user, data) in &forged {
        bot.with(|w| w.press(ALICE, id, *user, data));
    }
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(survey_answer) FROM nudge_members").await, 0);
    assert_eq!(bot.calls_to("sendMessage").len(), sent);
    let alerts = bot.calls_to("answerCallbackQuery");
    assert_eq!(alerts.len(), forged.len());
    assert!(alerts.iter().all(|a| a.params["show_alert"] == true));
}

#[tokio::test]
async fn duplicate_ticks_and_a_restart_send_nothing_twice() {
    let mut bot = TestBot::start().await;
    no_holdout(&bot).await;
    member(&bot, ALICE, true).await;
    bot.clock.advance(Duration::days(14));
    bot.with(|w| w.now += Duration::days(14).num_seconds());
    bot.tick().await;
    bot.tick().await;
    drain(&bot).await;
    bot.tick().await;
    drain(&bot).await;
    assert_eq!(surveys(&bot, ALICE).len(), 1);
    bot.restart().await;
    bot.settle().await;
    bot.tick().await;
    drain(&bot).await;
    advance(&bot, Duration::hours(2)).await;
    assert_eq!(surveys(&bot, ALICE).len(), 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nudge_outbox").await, 1);
    // A DM caught in flight by a crash is never sent again.
    sqlx::query("UPDATE nudge_outbox SET state = 'sending'").execute(bot.db()).await.unwrap();
    bot.restart().await;
    bot.settle().await;
    advance(&bot, Duration::hours(1)).await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nudge_outbox WHERE state = 'failed'").await, 1);
    assert_eq!(surveys(&bot, ALICE).len(), 1);
}

#[tokio::test]
async fn events_commands_and_bad_input() {
    let bot = TestBot::start().await;
    member(&bot, ALICE, false).await;
    let say = |text: &'static str, user: i64| {
        bot.with(|w| w.say(GROUP, user, text));
    };
    say("/events", ALICE);
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("No upcoming events"));
    say("/addevent 2026-12-01 Quiz night", ALICE);
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("admin"));
    for (bad, expect) in [
        ("/addevent", "Usage"),
        ("/addevent tomorrow Quiz", "not a date"),
        ("/addevent 2020-01-01 Old", "in the past"),
    ] {
        say(bad, OWNER);
        bot.settle().await;
        let reply = bot.last_text_to(GROUP);
        assert!(reply.contains(expect), "{bad}: {reply}");
    }
    say("/addevent 2026-12-01 19:00 Quiz night", OWNER);
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Event #1 added: 2026-12-01 19:00"));
    say("/events", ALICE);
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("#1 · 2026-12-01 19:00 — Quiz night"));
    say("/delevent 7", OWNER);
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("no event 7"));
    say("/delevent 1", OWNER);
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("removed"));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nudge_events").await, 0);
}

#[tokio::test]
async fn the_invitation_links_the_liveliest_discussions() {
    const BIG: i64 = -1_001_234_567_890;
    let bot = TestBot::start_with(|w| {
        w.add_group(BIG, "Big Lounge", OWNER);
    })
    .await;
    bot.with(|w| w.say(BIG, OWNER, "/set nudge_holdout_percent 0"));
    bot.settle().await;
    bot.with(|w| {
        w.join(BIG, ALICE, None);
        w.say(ALICE, ALICE, "/start");
        w.join(BIG, BOB, None);
        w.join(BIG, CAROL, None);
    });
    bot.settle().await;
    advance(&bot, Duration::days(14)).await;
    assert_eq!(surveys(&bot, ALICE).len(), 1);
    advance(&bot, Duration::days(10)).await;
    let topic = bot.with(|w| w.say(BIG, BOB, "What should we read next?"));
    bot.with(|w| {
        w.reply(BIG, CAROL, topic, "Dune!");
        w.reply(BIG, OWNER, topic, "Something short");
        w.reply(BIG, BOB, topic, "Both then");
    });
    bot.settle().await;
    advance(&bot, Duration::days(4)).await;
    let invitation = with_text(&bot, ALICE, "what's going on");
    assert_eq!(invitation.len(), 1);
    assert!(invitation[0].text().contains("liveliest discussions"), "{}", invitation[0].text());
    let buttons = invitation[0].buttons();
    assert_eq!(
        buttons,
        vec![("💬 A discussion with 3 replies".to_owned(), format!("https://t.me/c/1234567890/{topic}"))]
    );
}

#[tokio::test]
async fn the_scheduler_nudges_back_dated_members_once_on_its_own() {
    let bot = TestBot::start_configured(
        |w| w.now -= Duration::days(20).num_seconds(),
        |c| c.tick = StdDuration::from_secs(1),
    )
    .await;
    set(&bot, "nudge_holdout_percent", "0").await;
    // Joined (and started the bot) twenty days ago, by Telegram's dates.
    member(&bot, ALICE, true).await;
    bot.with(|w| w.now += Duration::days(20).num_seconds());
    for _ in 0..600 {
        if !surveys(&bot, ALICE).is_empty() {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(50)).await;
    }
    assert_eq!(surveys(&bot, ALICE).len(), 1);
    // More ticks of the running scheduler send nothing more.
    tokio::time::sleep(StdDuration::from_millis(2500)).await;
    assert_eq!(surveys(&bot, ALICE).len(), 1);
}

#[tokio::test]
async fn flood_control_pauses_the_sender_and_sends_once() {
    let bot = TestBot::start().await;
    no_holdout(&bot).await;
    member(&bot, ALICE, true).await;
    member(&bot, BOB, true).await;
    bot.with(|w| w.fail("sendMessage", 1, hearth::sim::Fault::RetryAfter(1)));
    advance(&bot, Duration::days(14)).await;
    assert_eq!(surveys(&bot, ALICE).len(), 1);
    assert_eq!(surveys(&bot, BOB).len(), 1);
    assert_eq!(bot.calls_to("sendMessage").iter().filter(|c| c.faulted).count(), 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nudge_outbox WHERE state = 'sent'").await, 2);
}

#[tokio::test]
async fn flood_control_is_waited_out_as_often_as_telegram_says_within_a_bound() {
    let bot = TestBot::start().await;
    no_holdout(&bot).await;
    member(&bot, ALICE, true).await;
    member(&bot, BOB, true).await;
    // The check-in and the rest of the first days, before the nudge is due.
    advance(&bot, Duration::days(13)).await;
    assert!(surveys(&bot, ALICE).is_empty());
    // Four 429s in a row for Alice's DM: each waited out as Telegram says,
    // and the DM goes. Then one that asks for ten minutes: past the bound,
    // Bob's DM is given up (never sent twice).
    bot.with(|w| {
        w.fail("sendMessage", 4, hearth::sim::Fault::RetryAfter(1));
        w.fail("sendMessage", 1, hearth::sim::Fault::RetryAfter(600));
    });
    advance(&bot, Duration::days(1)).await;
    let faulted: Vec<Call> = bot.calls_to("sendMessage").into_iter().filter(|c| c.faulted).collect();
    assert_eq!(faulted.len(), 5);
    assert_eq!(surveys(&bot, ALICE).len() + surveys(&bot, BOB).len(), 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nudge_outbox WHERE state = 'sent'").await, 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nudge_outbox WHERE state = 'failed'").await, 1);
}

#[tokio::test]
async fn a_queued_dm_waits_out_quiet_hours_that_began_meanwhile() {
    let bot = TestBot::start().await;
    no_holdout(&bot).await;
    member(&bot, ALICE, true).await;
    advance(&bot, Duration::days(14)).await;
    assert_eq!(surveys(&bot, ALICE).len(), 1);
    // The invitation was decided just before 22:00 and is still queued at 23:00.
    advance(&bot, Duration::hours(13)).await; // 23:00 UTC, quiet
    sqlx::query("UPDATE nudge_members SET steps = 3 WHERE user_id = ?")
        .bind(ALICE)
        .execute(bot.db())
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO nudge_outbox (chat_id, user_id, step, silence_key, created_at)
         SELECT chat_id, user_id, 'second', quiet_since, '2026-11-16T21:59:00Z' FROM nudge_members WHERE user_id = ?",
    )
    .bind(ALICE)
    .execute(bot.db())
    .await
    .unwrap();
    bot.tick().await;
    for _ in 0..200 {
        if bot.scalar("SELECT COUNT(*) FROM nudge_outbox WHERE state = 'deferred'").await == 1 {
            break;
        }
        tokio::time::sleep(StdDuration::from_millis(10)).await;
    }
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nudge_outbox WHERE state = 'deferred'").await, 1);
    assert!(with_text(&bot, ALICE, "what's going on").is_empty());
    advance(&bot, Duration::hours(5)).await; // 04:00, still quiet
    assert!(with_text(&bot, ALICE, "what's going on").is_empty());
    advance(&bot, Duration::hours(6)).await; // 10:00
    assert_eq!(with_text(&bot, ALICE, "what's going on").len(), 1);
}

#[tokio::test]
async fn nudges_speak_the_members_language() {
    let bot = TestBot::start_with(|w| w.add_user(ALICE, "Alice").language_code = Some("ru".into())).await;
    no_holdout(&bot).await;
    member(&bot, ALICE, true).await;
    advance(&bot, Duration::days(14)).await;
    let got = surveys(&bot, ALICE);
    assert_eq!(got.len(), 1);
    assert!(got[0].text().contains("вас не слышно в чате <b>Test Lounge</b>"), "{}", got[0].text());
    let labels: Vec<String> = got[0].buttons().into_iter().map(|(l, _)| l).collect();
    assert_eq!(labels, ["⏳ Нет времени", "🤷 Темы не интересны", "🧭 Не знаю, с чего начать", "✏️ Другое"]);
}

#[tokio::test]
async fn the_same_addevent_delivered_twice_adds_one_event() {
    let bot = TestBot::start().await;
    let mut copy = serde_json::Value::Null;
    bot.with(|w| w.say_with(GROUP, OWNER, "/addevent 2026-12-01 19:00 Quiz night", |m| copy = m.clone()));
    bot.settle().await;
    let replies = bot.texts_to(GROUP).len();
    bot.with(|w| w.push_update(serde_json::json!({ "message": copy })));
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nudge_events").await, 1);
    assert_eq!(bot.texts_to(GROUP).len(), replies, "answered once");
    // Another command with the same words is another event.
    bot.with(|w| w.say(GROUP, OWNER, "/addevent 2026-12-01 19:00 Quiz night"));
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM nudge_events").await, 2);
    assert!(bot.last_text_to(GROUP).contains("Event #2 added"), "{}", bot.last_text_to(GROUP));
}
