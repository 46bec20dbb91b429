//! The content calendar end to end: /schedule and /unschedule through the
//! fake Bot API, the scheduler's tick posting each occurrence once (two
//! ticks, a restart on the same database), late and skipped occurrences,
//! pause/resume, templates, a replied-to photo, the rubric topic, pinning,
//! bad input and non-admins.

use chrono::Duration;
use serde_json::json;

use crate::support::*;

async fn say(bot: &TestBot, user: i64, text: &str) {
    bot.with(|w| w.say(GROUP, user, text));
    bot.settle().await;
}

/// The bot's sends to the group (text or caption, HTML) that begin with
/// `needle` (the scheduled posts, not the answers quoting them).
fn posts_with(bot: &TestBot, needle: &str) -> Vec<hearth::sim::Call> {
    bot.calls_to("sendMessage")
        .into_iter()
        .chain(bot.calls_to("sendPhoto"))
        .filter(|c| c.chat_id() == Some(GROUP) && !c.faulted && c.text().starts_with(needle))
        .collect()
}

/// The owner's `command` in reply to `message` (a message the fake did not keep).
async fn reply_to(bot: &TestBot, message: serde_json::Value, command: &str) {
    bot.with(|w| w.say_with(GROUP, OWNER, command, |m| m["reply_to_message"] = message));
    bot.settle().await;
}

async fn schedules(bot: &TestBot) -> i64 {
    bot.scalar("SELECT COUNT(*) FROM calendar_schedules").await
}

async fn occurrences(bot: &TestBot, status: &str) -> i64 {
    bot.scalar(&format!("SELECT COUNT(*) FROM calendar_occurrences WHERE status = '{status}'")).await
}

#[tokio::test]
async fn a_daily_post_goes_out_once_per_occurrence_across_ticks_and_a_restart() {
    let mut bot = TestBot::start().await;
    // t0 is Monday 2026-11-02 10:00 UTC.
    // "Good" in bold: the post keeps the command's formatting.
    bot.with(|w| {
        w.say_with(GROUP, OWNER, "/schedule daily 11:00 Good morning, <everyone> & all", |m| {
            m["entities"] = json!([
                {"type": "bot_command", "offset": 0, "length": 9},
                {"type": "bold", "offset": 22, "length": 4}
            ]);
        })
    });
    bot.settle().await;
    let answer = bot.last_text_to(GROUP);
    assert!(
        answer.contains("Scheduled #1: every day at 11:00. Next: 2026-11-02 11:00 (mon), UTC"),
        "{answer}"
    );

    bot.advance_and_tick(Duration::minutes(30)).await;
    assert!(posts_with(&bot, "<b>Good</b> morning").is_empty(), "not before its time");
    bot.advance_and_tick(Duration::minutes(31)).await;
    let posts = posts_with(&bot, "<b>Good</b> morning");
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].text(), "<b>Good</b> morning, &lt;everyone&gt; &amp; all");
    assert!(posts[0].params.get("message_thread_id").is_none());
    bot.tick().await;
    bot.tick().await;
    assert_eq!(posts_with(&bot, "<b>Good</b> morning").len(), 1, "a second tick posts nothing again");

    bot.restart().await;
    bot.tick().await;
    assert_eq!(posts_with(&bot, "<b>Good</b> morning").len(), 1, "nor does a restart on the same database");

    bot.advance_and_tick(Duration::days(1)).await;
    bot.tick().await;
    assert_eq!(posts_with(&bot, "<b>Good</b> morning").len(), 2, "the next day's occurrence, once");
    assert_eq!(occurrences(&bot, "sent").await, 2);
    let unique = bot.scalar("SELECT COUNT(DISTINCT posted_message_id) FROM calendar_occurrences").await;
    assert_eq!(unique, 2);
}

#[tokio::test]
async fn a_claimed_occurrence_is_not_posted_again_after_a_crash() {
    let bot = TestBot::start().await;
    say(&bot, OWNER, "/schedule every mon 10:30 Weekly plan").await;
    let id = bot.scalar("SELECT schedule_id FROM calendar_schedules").await;
    // A crash after the claim, before the send and before next_at moved on.
    sqlx::query(
        "INSERT INTO calendar_occurrences (schedule_id, occurrence_at, status, decided_at)
         VALUES (?, '2026-11-02T10:30:00Z', 'sending', '2026-11-02T10:30:00Z')",
    )
    .bind(id)
    .execute(bot.db())
    .await
    .unwrap();
    bot.advance_and_tick(Duration::minutes(40)).await;
    assert!(posts_with(&bot, "Weekly plan").is_empty(), "a claimed occurrence is never sent twice");
    // The schedule moved on to next Monday.
    let next_at: String =
        sqlx::query_scalar("SELECT next_at FROM calendar_schedules").fetch_one(bot.db()).await.unwrap();
    assert_eq!(next_at, "2026-11-09T10:30:00Z");
}

#[tokio::test]
async fn missed_while_down_is_posted_late_within_the_grace_and_skipped_beyond_it() {
    let mut bot = TestBot::start().await;
    say(&bot, OWNER, "/set timezone Europe/Moscow").await;
    // 14:00 in Moscow is 11:00 UTC.
    say(&bot, OWNER, "/schedule daily 14:00 Daily tip").await;
    assert!(
        bot.last_text_to(GROUP).contains("Next: 2026-11-02 14:00 (mon), Europe/Moscow"),
        "{}",
        bot.last_text_to(GROUP)
    );

    // Down from before 11:00 UTC until 12:30 UTC: 1.5 h late, within the default 2 h.
    bot.restart().await;
    bot.advance_and_tick(Duration::minutes(150)).await;
    assert_eq!(posts_with(&bot, "Daily tip").len(), 1, "posted late");

    // Down for the next day's occurrence until 3 h after it: skipped and recorded.
    bot.advance_and_tick(Duration::hours(25) + Duration::minutes(30)).await;
    assert_eq!(posts_with(&bot, "Daily tip").len(), 1, "too late: skipped");
    assert_eq!(occurrences(&bot, "skipped").await, 1);
    assert_eq!(occurrences(&bot, "sent").await, 1);

    // A longer grace lets the following one out 3 h late.
    say(&bot, OWNER, "/set schedule_grace 4h").await;
    bot.advance_and_tick(Duration::days(1)).await;
    assert_eq!(posts_with(&bot, "Daily tip").len(), 2);
}

#[tokio::test]
async fn pause_resume_and_unschedule() {
    let bot = TestBot::start().await;
    say(&bot, OWNER, "/schedule daily 11:00 First post").await;
    say(&bot, OWNER, "/schedule every 1st mon 12:00 Monthly plan").await;
    say(&bot, OWNER, "/schedule").await;
    let list = bot.last_text_to(GROUP);
    assert!(list.contains("#1 · every day at 11:00 · next: 2026-11-02 11:00 (mon)"), "{list}");
    assert!(
        list.contains("#2 · the first Monday of every month at 12:00 · next: 2026-11-02 12:00 (mon)"),
        "{list}"
    );
    assert!(list.contains("First post") && list.contains("Monthly plan"));

    say(&bot, OWNER, "/schedule pause 1").await;
    assert!(bot.last_text_to(GROUP).contains("#1 is paused"));
    say(&bot, OWNER, "/schedule").await;
    assert!(bot.last_text_to(GROUP).contains("paused"));
    bot.advance_and_tick(Duration::hours(3)).await;
    assert!(posts_with(&bot, "First post").is_empty(), "paused");
    assert_eq!(posts_with(&bot, "Monthly plan").len(), 1);

    say(&bot, OWNER, "/schedule resume 1").await;
    assert!(
        bot.last_text_to(GROUP).contains("#1 is on again. Next: 2026-11-03 11:00 (tue)"),
        "{}",
        bot.last_text_to(GROUP)
    );
    bot.advance_and_tick(Duration::days(1)).await;
    assert_eq!(posts_with(&bot, "First post").len(), 1, "the occurrences while paused are not posted");

    say(&bot, OWNER, "/unschedule 1").await;
    assert!(bot.last_text_to(GROUP).contains("#1 is removed"));
    bot.advance_and_tick(Duration::days(1)).await;
    assert_eq!(posts_with(&bot, "First post").len(), 1);
    say(&bot, OWNER, "/unschedule 1").await;
    assert!(bot.last_text_to(GROUP).contains("There is no scheduled post #1"));
    say(&bot, OWNER, "/schedule daily 08:00 Third").await;
    assert!(bot.last_text_to(GROUP).contains("Scheduled #3"), "numbers are not reused");
}

#[tokio::test]
async fn a_template_in_the_chats_language_and_its_edited_text() {
    let bot = TestBot::start().await;
    say(&bot, OWNER, "/schedule templates").await;
    let list = bot.last_text_to(GROUP);
    for key in ["friday-question", "wednesday-case", "monday-wins", "theme-week"] {
        assert!(list.contains(key), "{key}: {list}");
    }
    say(&bot, OWNER, "/schedule template friday-question").await;
    assert!(
        bot.last_text_to(GROUP).contains("every Friday at 18:00. Next: 2026-11-06 18:00 (fri)"),
        "{}",
        bot.last_text_to(GROUP)
    );
    say(&bot, OWNER, "/set lang ru").await;
    bot.advance_and_tick(Duration::days(4) + Duration::hours(8) + Duration::minutes(5)).await;
    assert_eq!(posts_with(&bot, "🤔 <b>Вопрос пятницы").len(), 1, "{:?}", bot.texts_to(GROUP));

    say(&bot, OWNER, "/schedule edit 1 Что <нового>?").await;
    assert!(bot.last_text_to(GROUP).contains("новый текст"), "{}", bot.last_text_to(GROUP));
    bot.advance_and_tick(Duration::days(7)).await;
    assert_eq!(posts_with(&bot, "Что &lt;нового&gt;?").len(), 1);
    assert_eq!(posts_with(&bot, "🤔 <b>Вопрос пятницы").len(), 1);
}

#[tokio::test]
async fn a_replied_to_photo_is_posted_with_its_formatted_caption() {
    let bot = TestBot::start().await;
    let photo = json!({
        "message_id": 500, "date": t0().timestamp(), "chat": {"id": GROUP, "type": "supergroup", "title": "Test Lounge"},
        "from": {"id": OWNER, "is_bot": false, "first_name": "Olga"},
        "photo": [
            {"file_id": "small-id", "file_unique_id": "s", "width": 90, "height": 90},
            {"file_id": "big-id", "file_unique_id": "b", "width": 900, "height": 900}
        ],
        "caption": "Meetup <tonight>",
        "caption_entities": [{"type": "bold", "offset": 0, "length": 6}]
    });
    reply_to(&bot, photo, "/schedule 2026-11-02 12:00").await;
    assert!(
        bot.last_text_to(GROUP).contains("Scheduled #1: once, 2026-11-02 at 12:00"),
        "{}",
        bot.last_text_to(GROUP)
    );
    bot.advance_and_tick(Duration::hours(2)).await;
    let sent = bot.calls_to("sendPhoto");
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].params["photo"], "big-id");
    assert_eq!(sent[0].text(), "<b>Meetup</b> &lt;tonight&gt;");
    bot.advance_and_tick(Duration::days(1)).await;
    assert_eq!(bot.calls_to("sendPhoto").len(), 1, "a one-off is posted once");
    say(&bot, OWNER, "/schedule").await;
    assert!(bot.last_text_to(GROUP).contains("none (done)"));
    // A new text for a photo post is its caption: over 1024 it is refused.
    say(&bot, OWNER, &format!("/schedule edit 1 {}", "y".repeat(1100))).await;
    assert!(bot.last_text_to(GROUP).contains("Telegram allows 1024"), "{}", bot.last_text_to(GROUP));
    let caption: String =
        sqlx::query_scalar("SELECT body_html FROM calendar_schedules").fetch_one(bot.db()).await.unwrap();
    assert_eq!(caption, "<b>Meetup</b> &lt;tonight&gt;", "unchanged");
}

#[tokio::test]
async fn posts_go_to_the_rubric_topic_and_are_pinned() {
    let bot = TestBot::start().await;
    bot.with(|w| w.set_forum(GROUP, true));
    bot.with(|w| w.say_in_topic(GROUP, OWNER, 30, "/settopic rubric"));
    bot.settle().await;
    say(&bot, OWNER, "/schedule pin daily 11:00 Rubric post").await;
    let answer = bot.last_text_to(GROUP);
    assert!(answer.contains("rubric topic") && answer.contains("will be pinned"), "{answer}");
    bot.advance_and_tick(Duration::hours(1) + Duration::minutes(1)).await;
    let posts = posts_with(&bot, "Rubric post");
    assert_eq!(posts.len(), 1);
    assert_eq!(hearth::sim::world::num(&posts[0].params["message_thread_id"]), Some(30));
    let pins = bot.calls_to("pinChatMessage");
    assert_eq!(pins.len(), 1);
    let posted = bot.scalar("SELECT posted_message_id FROM calendar_occurrences").await;
    assert_eq!(hearth::sim::world::num(&pins[0].params["message_id"]), Some(posted));
    assert!(!pins[0].faulted);
    assert_eq!(bot.with(|w| w.chats[&GROUP].pinned_message_id), Some(posted));
}

#[tokio::test]
async fn without_the_pin_right_the_admin_is_told_and_the_post_still_goes_out() {
    let bot = TestBot::start_with(|w| {
        if let Some(chat) = w.chats.get_mut(&GROUP) {
            chat.bot_can_pin = false;
        }
    })
    .await;
    bot.with(|w| w.say(OWNER, OWNER, "/start"));
    bot.settle().await;
    say(&bot, OWNER, "/schedule pin daily 11:00 Unpinned post").await;
    assert!(bot.last_text_to(GROUP).contains("I can't pin messages here"), "{}", bot.last_text_to(GROUP));
    bot.advance_and_tick(Duration::hours(1) + Duration::minutes(1)).await;
    assert_eq!(posts_with(&bot, "Unpinned post").len(), 1);
    assert_eq!(occurrences(&bot, "sent").await, 1);
    assert_eq!(bot.with(|w| w.chats[&GROUP].pinned_message_id), None);
    // The owner, who started the bot, is told once, not at every post.
    let notices =
        |bot: &TestBot| bot.texts_to(OWNER).iter().filter(|t| t.contains("could not pin it")).count();
    assert_eq!(notices(&bot), 1, "{:?}", bot.texts_to(OWNER));
    bot.advance_and_tick(Duration::days(1)).await;
    assert_eq!(posts_with(&bot, "Unpinned post").len(), 2);
    assert_eq!(notices(&bot), 1);
}

#[tokio::test]
async fn bad_input_is_answered_and_nothing_is_stored() {
    let bot = TestBot::start().await;
    let long_caption = "x".repeat(1100);
    let cases: Vec<(String, &str)> = vec![
        ("/schedule tomorrow 18:00 Text".into(), "/schedule every fri 18:00 Text"),
        ("/schedule every fry 18:00 Text".into(), "“fry” is not a weekday"),
        ("/schedule every 2nd blursday 10:00 Text".into(), "“blursday” is not a weekday"),
        ("/schedule daily 25:61 Text".into(), "“25:61” is not a time"),
        ("/schedule 2026-02-30 10:00 Text".into(), "“2026-02-30” is not a date"),
        ("/schedule 2026-01-01 10:00 Old news".into(), "That time has passed"),
        ("/schedule 2026-11-02 09:59 Just missed".into(), "That time has passed"),
        ("/schedule daily 09:00".into(), "What should be posted?"),
        ("/schedule pin".into(), "/schedule every 1st mon 10:00 Text"),
        ("/schedule template nonsense".into(), "There is no template “nonsense”"),
        ("/schedule pause 99".into(), "There is no scheduled post #99"),
        ("/schedule edit 99 New".into(), "There is no scheduled post #99"),
        ("/schedule resume x".into(), "“x” is not the number"),
        ("/unschedule 99".into(), "There is no scheduled post #99"),
        ("/unschedule".into(), "Usage: /unschedule N"),
        ("/unschedule two".into(), "Usage: /unschedule N"),
    ];
    for (command, expected) in &cases {
        say(&bot, OWNER, command).await;
        let answer = bot.last_text_to(GROUP);
        assert!(answer.contains(expected), "{command}: {answer}");
    }
    // A caption over Telegram's 1024.
    let photo = json!({
        "message_id": 700, "date": t0().timestamp(), "chat": {"id": GROUP, "type": "supergroup", "title": "Test Lounge"},
        "photo": [{"file_id": "p", "file_unique_id": "p", "width": 9, "height": 9}],
        "caption": long_caption,
    });
    reply_to(&bot, photo, "/schedule daily 12:00").await;
    assert!(
        bot.last_text_to(GROUP).contains("Telegram allows 1024 for a photo's caption"),
        "{}",
        bot.last_text_to(GROUP)
    );
    assert_eq!(schedules(&bot).await, 0, "nothing stored");

    // A one-off in a DST change of the chat's time zone: which 02:30?
    say(&bot, OWNER, "/set timezone Europe/Berlin").await;
    for (command, expected) in [
        ("/schedule 2027-03-28 02:30 Spring", "does not exist in Europe/Berlin"),
        ("/schedule 2027-10-31 02:30 Autumn", "happens twice in Europe/Berlin"),
        ("/schedule every 31 feb 10:00 Text", "“31” is not a weekday"),
    ] {
        say(&bot, OWNER, command).await;
        let answer = bot.last_text_to(GROUP);
        assert!(answer.contains(expected), "{command}: {answer}");
    }
    assert_eq!(schedules(&bot).await, 0, "nothing stored");

    say(&bot, OWNER, "/set lang ru").await;
    say(&bot, OWNER, "/schedule every пятн 18:00 Текст").await;
    assert!(bot.last_text_to(GROUP).contains("«пятн» — не день недели"), "{}", bot.last_text_to(GROUP));
    say(&bot, OWNER, "/schedule каждую пт 18:00 Вопрос недели").await;
    assert!(
        bot.last_text_to(GROUP).contains("Запланирован №1: еженедельно: пятница, 18:00"),
        "{}",
        bot.last_text_to(GROUP)
    );
    say(&bot, OWNER, "/schedule every last вс 10:00 Итоги").await;
    assert!(
        bot.last_text_to(GROUP).contains("ежемесячно: последнее воскресенье месяца, 10:00"),
        "{}",
        bot.last_text_to(GROUP)
    );
    assert_eq!(schedules(&bot).await, 2);
}

#[tokio::test]
async fn a_chat_has_at_most_fifty_scheduled_posts() {
    let bot = TestBot::start().await;
    say(&bot, OWNER, "/schedule daily 09:00 The first").await;
    // 49 more, as /schedule stores them.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
         INSERT INTO calendar_schedules (chat_id, number, recurrence, body_html, next_at,
             source_message_id, created_by, created_at)
         SELECT chat_id, i, recurrence, body_html, next_at, 10000 + i, created_by, created_at
         FROM n, calendar_schedules WHERE number = 1",
    )
    .execute(bot.db())
    .await
    .expect("49 more schedules");
    assert_eq!(schedules(&bot).await, 50);
    say(&bot, OWNER, "/schedule every fri 18:00 One too many").await;
    assert!(
        bot.last_text_to(GROUP).contains("already has 50 scheduled posts"),
        "{}",
        bot.last_text_to(GROUP)
    );
    assert_eq!(schedules(&bot).await, 50, "nothing stored");
    say(&bot, OWNER, "/unschedule 7").await;
    say(&bot, OWNER, "/schedule every fri 18:00 Now it fits").await;
    assert!(bot.last_text_to(GROUP).contains("Scheduled #51"), "{}", bot.last_text_to(GROUP));
}

#[tokio::test]
async fn members_are_refused_and_a_twice_delivered_command_schedules_once() {
    let bot = TestBot::start().await;
    bot.seat(BOB);
    for command in ["/schedule daily 09:00 Spam", "/schedule", "/unschedule 1"] {
        say(&bot, BOB, command).await;
        assert!(bot.last_text_to(GROUP).contains("admin"), "{command}: {}", bot.last_text_to(GROUP));
    }
    assert_eq!(schedules(&bot).await, 0);
    say_twice(&bot, GROUP, OWNER, "/schedule daily 11:00 Once only").await;
    assert_eq!(schedules(&bot).await, 1);
}
