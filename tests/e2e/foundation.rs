//! The ground floor, end to end through the fake Bot API.

use crate::support::*;

#[tokio::test]
async fn bot_added_without_admin_rights_explains_what_it_needs() {
    let bot = TestBot::start().await;
    bot.with(|w| {
        w.add_group(-100_200, "New Group", OWNER);
        w.add_bot(-100_200, OWNER, false);
    });
    bot.settle().await;
    let text = bot.last_text_to(-100_200);
    assert!(text.contains("administrator"), "{text}");
    let status: String = sqlx::query_scalar("SELECT bot_status FROM chats WHERE chat_id = -100200")
        .fetch_one(bot.db())
        .await
        .unwrap();
    assert_eq!(status, "member");
}

#[tokio::test]
async fn a_join_and_a_message_are_recorded_with_telegrams_dates() {
    let bot = TestBot::start().await;
    let back = t0() - chrono::Duration::days(40);
    bot.with(|w| {
        w.now = back.timestamp();
        w.join(GROUP, ALICE, None);
        w.say(GROUP, ALICE, "hello everyone");
    });
    bot.settle().await;
    let (joined, last, count): (String, String, i64) = sqlx::query_as(
        "SELECT joined_at, last_message_at, message_count FROM members WHERE chat_id = ? AND user_id = ?",
    )
    .bind(GROUP)
    .bind(ALICE)
    .fetch_one(bot.db())
    .await
    .unwrap();
    assert_eq!(joined, hearth::db::ts(back));
    assert_eq!(last, hearth::db::ts(back));
    assert_eq!(count, 1);
    let day: String = sqlx::query_scalar("SELECT day FROM activity_daily WHERE user_id = ?")
        .bind(ALICE)
        .fetch_one(bot.db())
        .await
        .unwrap();
    assert_eq!(day, back.format("%Y-%m-%d").to_string());
    // Telegram reports the join twice (chat_member + new_chat_members): one join.
    assert_eq!(bot.scalar("SELECT join_count FROM members WHERE user_id = 1001").await, 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM member_events WHERE kind = 'joined'").await, 1);
}

#[tokio::test]
async fn set_by_a_member_is_refused_and_changes_nothing() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.with(|w| w.say(GROUP, ALICE, "/set lang ru"));
    bot.settle().await;
    assert_eq!(bot.last_text_to(GROUP), "⛔ Only the chat's admins can do that.");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM chat_settings").await, 0);
}

#[tokio::test]
async fn set_by_an_admin_validates_and_applies() {
    let bot = TestBot::start().await;
    bot.with(|w| w.say(GROUP, OWNER, "/set lang de"));
    bot.settle().await;
    let err = bot.last_text_to(GROUP);
    assert!(err.contains("not a valid value for lang") && err.contains("en | ru"), "{err}");
    bot.with(|w| w.say(GROUP, OWNER, "/set colour blue"));
    bot.settle().await;
    let err = bot.last_text_to(GROUP);
    assert!(err.contains("There is no setting colour") && err.contains("lang"), "{err}");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM chat_settings").await, 0);

    bot.with(|w| w.say(GROUP, OWNER, "/set lang RU"));
    bot.settle().await;
    assert_eq!(bot.last_text_to(GROUP), "✅ lang теперь ru.");
    bot.with(|w| w.say(GROUP, OWNER, "/settings"));
    bot.settle().await;
    let listing = bot.last_text_to(GROUP);
    assert!(listing.contains("lang = ru"), "{listing}");
}

#[tokio::test]
async fn an_anonymous_admin_counts_as_an_admin() {
    let bot = TestBot::start().await;
    bot.with(|w| {
        w.add_user(1_087_968_824, "Group").is_bot = true;
        w.say_with(GROUP, 1_087_968_824, "/set lang ru", |m| {
            m["sender_chat"] = serde_json::json!({"id": GROUP, "type": "supergroup", "title": "Test Lounge"});
        });
    });
    bot.settle().await;
    assert_eq!(bot.last_text_to(GROUP), "✅ lang теперь ru.");
}

#[tokio::test]
async fn help_shows_admin_commands_to_admins_only() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.with(|w| w.say(GROUP, ALICE, "/help"));
    bot.settle().await;
    let member_help = bot.last_text_to(GROUP);
    bot.with(|w| w.say(GROUP, OWNER, "/help"));
    bot.settle().await;
    let admin_help = bot.last_text_to(GROUP);
    assert!(member_help.contains("/help") && !member_help.contains("/set "), "{member_help}");
    assert!(
        admin_help.contains("For admins") && admin_help.contains("/set — change a setting"),
        "{admin_help}"
    );
}

#[tokio::test]
async fn group_commands_sent_in_a_dm_are_told_where_they_work() {
    let bot = TestBot::start().await;
    let group_only: Vec<&str> = hearth::features::CATALOG
        .commands()
        .filter(|c| c.place == hearth::telegram::command::Place::Group)
        .map(|c| c.name)
        .collect();
    assert!(group_only.len() > 20, "{group_only:?}");
    for name in group_only {
        let before = bot.texts_to(OWNER).len();
        bot.with(|w| w.say(OWNER, OWNER, &format!("/{name} 1")));
        bot.settle().await;
        let answers = &bot.texts_to(OWNER)[before..];
        assert_eq!(answers.len(), 1, "/{name}: {answers:?}");
        assert!(answers[0].contains("This works in a group"), "/{name}: {answers:?}");
    }
    for table in ["mod_warnings", "mod_log", "ideas", "points_ledger", "nudge_events", "nps_polls", "surveys"]
    {
        assert_eq!(bot.scalar(&format!("SELECT COUNT(*) FROM {table}")).await, 0, "{table}");
    }
}

#[tokio::test]
async fn commands_are_registered_for_members_and_admins_in_both_languages() {
    let bot = TestBot::start().await;
    let calls = bot.calls_to("setMyCommands");
    let admin_ru = calls.iter().find(|c| {
        c.params["scope"]["type"] == "all_chat_administrators" && c.params["language_code"] == "ru"
    });
    let admin_ru = admin_ru.expect("admin commands registered in Russian");
    let names: Vec<&str> = admin_ru.params["commands"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["command"].as_str())
        .collect();
    assert!(names.contains(&"set") && names.contains(&"help"), "{names:?}");
    let members = calls.iter().find(|c| c.params["scope"]["type"] == "all_group_chats").unwrap();
    let names: Vec<&str> =
        members.params["commands"].as_array().unwrap().iter().filter_map(|c| c["command"].as_str()).collect();
    assert!(!names.contains(&"set"), "{names:?}");
}

#[tokio::test]
async fn a_migration_moves_the_chats_data() {
    let old = -4242;
    let new = -100_4242;
    let bot = TestBot::start_with(|w| {
        w.add_group(old, "Small Group", OWNER).kind = "group";
    })
    .await;
    bot.with(|w| {
        w.join(old, ALICE, None);
        w.say(old, ALICE, "hi");
        w.say(old, OWNER, "/set lang ru");
    });
    bot.settle().await;
    bot.with(|w| w.migrate(old, new, OWNER));
    bot.settle().await;
    bot.with(|w| w.say(new, ALICE, "still here"));
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM members WHERE chat_id = -4242").await, 0);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM chats WHERE chat_id = -4242").await, 0);
    assert_eq!(
        bot.scalar("SELECT message_count FROM members WHERE chat_id = -1004242 AND user_id = 1001").await,
        2
    );
    assert_eq!(
        bot.scalar("SELECT COUNT(*) FROM chat_settings WHERE chat_id = -1004242 AND value = 'ru'").await,
        1
    );
}

#[tokio::test]
async fn names_with_html_are_escaped() {
    let bot = TestBot::start().await;
    bot.with(|w| {
        w.add_user(2001, "<b>x</b> & *_[").last_name = Some("</a>".into());
        w.say(2001, 2001, "/start");
    });
    bot.settle().await;
    let sent = bot.calls_to("sendMessage");
    let reply = sent.iter().find(|c| c.chat_id() == Some(2001)).expect("a DM reply");
    assert!(!reply.faulted);
    assert!(reply.text().contains("&lt;b&gt;x&lt;/b&gt; &amp; *_[ &lt;/a&gt;"), "{}", reply.text());
    assert!(bot.last_text_to(2001).contains("<b>x</b> & *_[ </a>"));
}

#[tokio::test]
async fn huge_emoji_and_rtl_text_are_handled() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    let huge = "щ".repeat(4096);
    let rtl = "مرحبا بالجميع 👋🏽 שלום \u{202e}reversed";
    bot.with(|w| {
        w.say(GROUP, ALICE, &huge);
        w.say(GROUP, ALICE, rtl);
        w.say(GROUP, OWNER, &format!("/set {} {}", "k".repeat(3000), "v".repeat(3000)));
        w.say(GROUP, OWNER, &format!("/set lang {rtl}"));
    });
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT message_count FROM members WHERE user_id = 1001").await, 2);
    let replies = bot.calls_to("sendMessage");
    assert!(replies.iter().all(|c| !c.faulted), "every reply was accepted by Telegram");
    assert!(bot.last_text_to(GROUP).contains("not a valid value for lang"));
    assert_eq!(bot.ctx().metrics.handler_failures(), 0);
}

#[tokio::test]
async fn a_replayed_update_changes_nothing_twice() {
    let mut bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.with(|w| {
        w.say(GROUP, ALICE, "one");
        w.say(GROUP, ALICE, "two");
    });
    bot.settle_inbox().await;
    // Pretend the process died before marking the updates done.
    sqlx::query("UPDATE inbox SET done_at = NULL").execute(bot.db()).await.unwrap();
    bot.restart().await;
    tokio::time::timeout(std::time::Duration::from_secs(10), bot.ctx().metrics.wait_processed(2))
        .await
        .expect("the unfinished updates are replayed");
    assert_eq!(bot.scalar("SELECT message_count FROM members WHERE user_id = 1001").await, 2);
    assert_eq!(bot.scalar("SELECT messages FROM activity_daily WHERE user_id = 1001").await, 2);
    bot.settle_inbox().await;
}

#[tokio::test]
async fn forged_callback_data_gets_an_alert() {
    let bot = TestBot::start().await;
    bot.with(|w| w.press(GROUP, 99_999, ALICE, "garbage:\u{0}:💥"));
    bot.settle().await;
    let answers = bot.calls_to("answerCallbackQuery");
    assert_eq!(answers.len(), 1);
    assert_eq!(answers[0].params["show_alert"], true);
}

#[tokio::test]
async fn a_failing_job_does_not_stop_the_others() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static AFTER_RAN: AtomicUsize = AtomicUsize::new(0);
    let bot = TestBot::start().await;
    let scheduler = hearth::scheduler::Scheduler::new(vec![
        hearth::scheduler::Job { name: "boom", run: |_, _| Box::pin(async { anyhow::bail!("boom") }) },
        hearth::scheduler::Job {
            name: "after",
            run: |_, _| {
                Box::pin(async {
                    AFTER_RAN.fetch_add(1, Ordering::SeqCst);
                    Ok(())
                })
            },
        },
    ]);
    assert_eq!(scheduler.tick(bot.ctx()).await, vec!["boom"]);
    assert_eq!(scheduler.tick(bot.ctx()).await, vec!["boom"]);
    assert_eq!(AFTER_RAN.load(Ordering::SeqCst), 2);
}
