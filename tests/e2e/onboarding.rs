//! Onboarding end to end: welcome, rules gate, raids, DM introduction,
//! check-in, funnel, bad input.

use crate::support::*;
use chrono::Duration;
use hearth::sim::Fault;

#[tokio::test]
async fn one_join_gets_exactly_one_welcome_with_name_links_and_gate() {
    let bot = TestBot::start().await;
    bot.with(|w| w.say(GROUP, OWNER, "/addlink Events calendar | https://example.com/events"));
    bot.settle().await;
    bot.with(|w| w.join(GROUP, ALICE, None));
    bot.settle().await;
    let welcomes: Vec<_> =
        group_sends(&bot).into_iter().filter(|c| c.text().contains("Welcome to")).collect();
    assert_eq!(welcomes.len(), 1, "one welcome although Telegram reported the join twice");
    let welcome = &welcomes[0];
    assert!(welcome.text().contains("tg://user?id=1001") && welcome.text().contains("Alice"));
    assert!(welcome.text().contains("Test Lounge"));
    let buttons = welcome.buttons();
    assert!(
        buttons.contains(&("Events calendar".into(), "https://example.com/events".into())),
        "{buttons:?}"
    );
    assert!(buttons.iter().any(|(_, t)| t == "onb:acc:1001"));
    assert!(buttons.iter().any(|(_, t)| t.starts_with("https://t.me/hearth_sim_bot?start=onb_-100100")));
    let restricts = bot.calls_to("restrictChatMember");
    assert_eq!(restricts.len(), 1);
    assert_eq!(restricts[0].user_id(), Some(ALICE));
    assert_ne!(restricts[0].params["permissions"]["can_send_messages"], true, "read-only");
}

#[tokio::test]
async fn bots_are_not_welcomed() {
    let bot = TestBot::start().await;
    bot.with(|w| {
        w.add_user(5000, "SpamBot").is_bot = true;
        w.join(GROUP, 5000, None);
    });
    bot.settle().await;
    assert!(group_sends(&bot).is_empty());
    assert!(bot.calls_to("restrictChatMember").is_empty());
}

#[tokio::test]
async fn only_the_newcomer_can_accept_the_rules() {
    let bot = TestBot::start().await;
    bot.seat(BOB);
    bot.with(|w| w.join(GROUP, ALICE, None));
    bot.settle().await;
    let welcome_id = bot.with(|w| {
        w.messages.values().filter(|m| m.from_bot && m.chat_id == GROUP).map(|m| m.message_id).max().unwrap()
    });
    bot.with(|w| w.press(GROUP, welcome_id, BOB, "onb:acc:1001"));
    bot.settle().await;
    let answers = bot.calls_to("answerCallbackQuery");
    assert_eq!(answers.last().unwrap().params["show_alert"], true);
    assert_eq!(bot.calls_to("restrictChatMember").len(), 1, "Bob's press lifted nothing");
    assert_eq!(bot.scalar("SELECT COUNT(rules_accepted_at) FROM onboarding").await, 0);

    bot.with(|w| w.press(GROUP, welcome_id, ALICE, "onb:acc:1001"));
    bot.settle().await;
    let restricts = bot.calls_to("restrictChatMember");
    assert_eq!(restricts.len(), 2);
    assert_eq!(restricts[1].params["permissions"]["can_send_messages"], true);
    assert_eq!(bot.scalar("SELECT COUNT(rules_accepted_at) FROM onboarding WHERE user_id = 1001").await, 1);
    let edit = bot.calls_to("editMessageReplyMarkup").pop().expect("the button is dropped");
    assert!(!edit.buttons().iter().any(|(_, t)| t.starts_with("onb:acc")));
    // A second press is answered, not acted on.
    bot.with(|w| w.press(GROUP, welcome_id, ALICE, "onb:acc:1001"));
    bot.settle().await;
    assert_eq!(bot.calls_to("restrictChatMember").len(), 2);
}

#[tokio::test]
async fn without_the_right_to_restrict_it_welcomes_and_tells_admins_once() {
    let bot = TestBot::start_with(|w| {
        if let Some(chat) = w.chats.get_mut(&GROUP) {
            chat.bot_can_restrict = false;
        }
    })
    .await;
    bot.with(|w| {
        w.join(GROUP, ALICE, None);
        w.join(GROUP, BOB, None);
    });
    bot.settle().await;
    let texts = bot.texts_to(GROUP);
    assert_eq!(texts.iter().filter(|t| t.contains("can't restrict newcomers")).count(), 1, "{texts:?}");
    assert_eq!(texts.iter().filter(|t| t.contains("Welcome to")).count(), 2);
    let sends = group_sends(&bot);
    assert!(sends.iter().all(|c| !c.buttons().iter().any(|(_, t)| t.starts_with("onb:acc"))));
}

#[tokio::test]
async fn a_raid_of_fifty_makes_a_handful_of_messages_naming_everyone() {
    let bot = TestBot::start().await;
    // Raid mode off: onboarding's own batching of a burst (raid mode is
    // `raid_mode.rs`).
    bot.with(|w| w.say(GROUP, OWNER, "/set raid_joins 0"));
    bot.settle().await;
    bot.with(|w| {
        for i in 0..50 {
            let id = 3000 + i;
            w.add_user(id, &format!("Raider{i:02}"));
            w.join(GROUP, id, None);
        }
    });
    bot.settle().await;
    let sends = group_sends(&bot);
    assert!(sends.len() <= 10, "{} group messages", sends.len());
    // Every name appears in the final text of some welcome.
    let finals: Vec<String> = bot.with(|w| {
        w.messages.values().filter(|m| m.from_bot && m.chat_id == GROUP).map(|m| m.html.clone()).collect()
    });
    for i in 0..50 {
        let name = format!("Raider{i:02}");
        assert!(finals.iter().any(|t| t.contains(&name)), "{name} is not named");
    }
}

#[tokio::test]
async fn leaving_and_coming_back_gets_a_welcome_back() {
    let bot = TestBot::start().await;
    bot.with(|w| w.join(GROUP, ALICE, None));
    bot.settle().await;
    bot.with(|w| {
        w.now += 3600;
        w.leave(GROUP, ALICE);
        w.now += 3600;
        w.join(GROUP, ALICE, None);
    });
    bot.settle().await;
    let texts = bot.texts_to(GROUP);
    assert_eq!(texts.iter().filter(|t| t.contains("Welcome back")).count(), 1, "{texts:?}");
    assert_eq!(texts.iter().filter(|t| t.contains("Welcome to")).count(), 1);
}

#[tokio::test]
async fn the_dm_introduction_is_posted_to_the_group() {
    let bot = TestBot::start().await;
    bot.with(|w| w.join(GROUP, ALICE, None));
    bot.settle().await;
    bot.with(|w| w.say(ALICE, ALICE, "/start onb_-100100"));
    bot.settle().await;
    let ask = bot.calls_to("sendMessage").into_iter().rfind(|c| c.chat_id() == Some(ALICE)).unwrap();
    let goal =
        ask.buttons().into_iter().find(|(_, d)| d.starts_with("onb:goal:-100100:")).expect("goal buttons");
    let ask_id = bot.with(|w| {
        w.messages.values().filter(|m| m.chat_id == ALICE && m.from_bot).map(|m| m.message_id).max().unwrap()
    });
    bot.with(|w| w.press(ALICE, ask_id, ALICE, &goal.1));
    bot.settle().await;
    // A sticker is not an answer: a gentle re-ask.
    bot.with(|w| w.say_with(ALICE, ALICE, "", |m| {
        m.as_object_mut().unwrap().remove("text");
        m["sticker"] = serde_json::json!({"file_id": "s", "file_unique_id": "s", "type": "regular", "width": 512, "height": 512, "is_animated": false, "is_video": false});
    }));
    bot.settle().await;
    assert!(bot.last_text_to(ALICE).contains("I need a few words"));
    bot.with(|w| w.say(ALICE, ALICE, "I build <b>robots</b> & bake bread"));
    bot.settle().await;
    let intro =
        bot.texts_to(GROUP).into_iter().find(|t| t.contains("Meet Alice")).expect("posted to the group");
    assert!(intro.contains("I build <b>robots</b> & bake bread"), "{intro}");
    assert!(intro.contains(&goal.0), "{intro}");
    assert!(bot.last_text_to(ALICE).contains("your introduction is posted"));
    assert_eq!(bot.scalar("SELECT COUNT(introduced_at) FROM onboarding WHERE user_id = 1001").await, 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM dm_dialogues").await, 0);
}

#[tokio::test]
async fn the_introduction_survives_a_restart() {
    let mut bot = TestBot::start().await;
    bot.with(|w| w.join(GROUP, ALICE, None));
    bot.settle().await;
    bot.with(|w| w.say(ALICE, ALICE, "/start onb_-100100"));
    bot.settle().await;
    bot.restart().await;
    bot.with(|w| w.say(ALICE, ALICE, "Designers"));
    bot.with(|w| w.say(ALICE, ALICE, "Hi, I design things"));
    tokio::time::timeout(std::time::Duration::from_secs(10), async {
        while !bot.texts_to(GROUP).iter().any(|t| t.contains("Meet Alice")) {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    })
    .await
    .expect("the dialogue went on after the restart");
    let intro = bot.texts_to(GROUP).into_iter().find(|t| t.contains("Meet Alice")).unwrap();
    assert!(intro.contains("Designers") && intro.contains("Hi, I design things"), "{intro}");
}

#[tokio::test]
async fn check_in_after_checkin_days_and_a_403_is_handled_once() {
    let bot = TestBot::start().await;
    let joined = t0() - Duration::days(4);
    bot.with(|w| {
        w.now = joined.timestamp();
        w.join(GROUP, ALICE, None);
        w.join(GROUP, BOB, None);
        w.join(GROUP, CAROL, None);
    });
    bot.settle().await;
    bot.with(|w| {
        w.now = t0().timestamp();
        w.say(ALICE, ALICE, "/start");
        w.say(BOB, BOB, "/start");
    });
    bot.settle().await;
    // Bob blocks the bot after starting it; Carol never started it.
    bot.with(|w| w.users.get_mut(&BOB).unwrap().blocked_bot = true);
    bot.tick().await;
    bot.tick().await;
    let dms: Vec<_> =
        bot.calls_to("sendMessage").into_iter().filter(|c| c.text().contains("How is it going")).collect();
    assert_eq!(dms.iter().filter(|c| c.chat_id() == Some(ALICE) && !c.faulted).count(), 1);
    assert_eq!(
        dms.iter().filter(|c| c.chat_id() == Some(BOB)).count(),
        1,
        "one attempt at Bob, no retry loop"
    );
    assert_eq!(dms.iter().filter(|c| c.chat_id() == Some(CAROL)).count(), 0);
    assert_eq!(bot.scalar("SELECT dm_open FROM users WHERE user_id = 1002").await, 0);

    // Alice needs help: it reaches the admins (the owner has started the bot).
    bot.with(|w| w.say(OWNER, OWNER, "/start"));
    bot.settle().await;
    let checkin_id = bot.with(|w| {
        w.messages.values().filter(|m| m.chat_id == ALICE && m.from_bot).map(|m| m.message_id).max().unwrap()
    });
    bot.with(|w| w.press(ALICE, checkin_id, ALICE, "onb:ci:help:-100100"));
    bot.settle().await;
    bot.with(|w| w.say(ALICE, ALICE, "How do I find the events?"));
    bot.settle().await;
    let to_owner = bot.texts_to(OWNER);
    assert!(
        to_owner.iter().any(|t| t.contains("needs help") && t.contains("How do I find the events?")),
        "{to_owner:?}"
    );
}

#[tokio::test]
async fn the_funnel_counts_each_step() {
    let bot = TestBot::start().await;
    bot.with(|w| {
        w.join(GROUP, ALICE, None);
        w.join(GROUP, BOB, None);
    });
    bot.settle().await;
    let welcome_for = |user: i64| {
        bot.calls_to("sendMessage")
            .into_iter()
            .find(|c| c.buttons().iter().any(|(_, d)| d == &format!("onb:acc:{user}")))
            .unwrap()
    };
    let _ = welcome_for(ALICE);
    let alice_welcome = bot.with(|w| {
        w.messages
            .values()
            .filter(|m| m.from_bot && m.chat_id == GROUP && m.html.contains("Alice"))
            .map(|m| m.message_id)
            .min()
            .unwrap()
    });
    bot.with(|w| w.press(GROUP, alice_welcome, ALICE, "onb:acc:1001"));
    bot.settle().await;
    bot.with(|w| {
        w.say(GROUP, ALICE, "hello!");
        w.say(GROUP, OWNER, "/onboarding");
    });
    bot.settle().await;
    let funnel = bot.last_text_to(GROUP);
    assert!(funnel.contains("Joined: 2 · 100%"), "{funnel}");
    assert!(funnel.contains("Accepted the rules: 1 · 50% · 50%"), "{funnel}");
    assert!(funnel.contains("Wrote a first message: 1 · 50%"), "{funnel}");
}

#[tokio::test]
async fn bad_welcome_input_is_explained_and_changes_nothing() {
    let bot = TestBot::start().await;
    bot.with(|w| {
        w.say(GROUP, OWNER, "/setwelcome Hi {nmae}!");
        w.say(GROUP, OWNER, &format!("/setwelcome {{name}} {}", "x".repeat(4090)));
        w.say(GROUP, OWNER, "/addlink Evil | javascript:alert(1)");
        w.say(GROUP, OWNER, "/addlink no separator here");
    });
    bot.settle().await;
    let texts = bot.texts_to(GROUP);
    assert!(texts[0].contains("Unknown placeholder {nmae}") && texts[0].contains("{name}"), "{}", texts[0]);
    assert!(texts[1].contains("Telegram allows 4096"), "{}", texts[1]);
    assert!(texts[2].contains("Only http:// and https://"), "{}", texts[2]);
    assert!(texts[3].contains("Separate the title"), "{}", texts[3]);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM chat_texts").await, 0);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM welcome_links").await, 0);
}

#[tokio::test]
async fn a_custom_welcome_fills_its_placeholders_safely() {
    let bot = TestBot::start().await;
    bot.with(|w| {
        w.add_user(2002, "<i>Eve</i>");
        w.say(GROUP, OWNER, "/setrules Be kind & no spam");
        w.say(GROUP, OWNER, "/setwelcome Hello {name} from <{chat}>! {rules}");
    });
    bot.settle().await;
    bot.with(|w| w.join(GROUP, 2002, None));
    bot.settle().await;
    let welcome = bot.texts_to(GROUP).into_iter().find(|t| t.starts_with("Hello")).expect("custom welcome");
    assert!(welcome.starts_with("Hello <i>Eve</i> from <Test Lounge>! Be kind & no spam"), "{welcome}");
}

#[tokio::test]
async fn forged_and_stale_onboarding_callbacks_change_nothing() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.with(|w| {
        w.press(GROUP, 1, ALICE, "onb:acc:notanumber");
        w.press(GROUP, 1, ALICE, "onb:acc:1001");
        w.press(ALICE, 1, ALICE, "onb:goal:-100100:99");
        w.press(ALICE, 1, ALICE, "onb:ci:hack:-100100");
    });
    bot.settle().await;
    let answers = bot.calls_to("answerCallbackQuery");
    assert_eq!(answers.len(), 4);
    assert!(answers.iter().all(|a| a.params["show_alert"] == true));
    assert!(bot.calls_to("restrictChatMember").is_empty());
    let _ = Fault::ServerError;
}

#[tokio::test]
async fn newcomers_who_never_accept_are_removed_after_gate_kick_minutes() {
    let bot = TestBot::start().await;
    bot.with(|w| w.say(GROUP, OWNER, "/set gate_kick_minutes 30"));
    bot.settle().await;
    bot.with(|w| {
        w.join(GROUP, ALICE, None);
        w.join(GROUP, BOB, None);
    });
    bot.settle().await;
    let welcome_bob = bot.with(|w| {
        w.messages
            .values()
            .filter(|m| m.from_bot && m.html.contains("Bob"))
            .map(|m| m.message_id)
            .max()
            .unwrap()
    });
    bot.with(|w| w.press(GROUP, welcome_bob, BOB, "onb:acc:1002"));
    bot.settle().await;
    bot.advance_and_tick(Duration::minutes(20)).await;
    assert!(bot.calls_to("banChatMember").is_empty(), "not yet");
    bot.advance_and_tick(Duration::minutes(15)).await;
    bot.tick().await;
    let bans = bot.calls_to("banChatMember");
    assert_eq!(bans.len(), 1, "only Alice, once");
    assert_eq!(bans[0].user_id(), Some(ALICE));
    let unbans = bot.calls_to("unbanChatMember");
    assert_eq!(unbans.len(), 1, "ban then unban: she may come back");
}

#[tokio::test]
async fn a_new_welcome_cleans_the_previous_one_unless_its_gate_is_pending() {
    let bot = TestBot::start().await;
    bot.with(|w| w.say(GROUP, OWNER, "/set gate off"));
    bot.settle().await;
    bot.with(|w| w.join(GROUP, ALICE, None));
    bot.settle().await;
    bot.with(|w| {
        w.now += 120;
        w.join(GROUP, BOB, None);
    });
    bot.settle().await;
    let deletes = bot.calls_to("deleteMessage");
    assert_eq!(deletes.len(), 1, "Alice's welcome goes when Bob's comes");
    let alice_welcome = bot.with(|w| {
        w.messages
            .values()
            .filter(|m| m.from_bot && m.html.contains("Alice"))
            .map(|m| m.message_id)
            .min()
            .unwrap()
    });
    assert_eq!(deletes[0].params["message_id"], alice_welcome);

    // With the gate on, a welcome whose button is still to be pressed stays.
    bot.with(|w| {
        w.say(GROUP, OWNER, "/set gate on");
        w.now += 120;
        w.join(GROUP, CAROL, None);
    });
    bot.settle().await;
    bot.with(|w| {
        w.now += 120;
        w.add_user(1004, "Dave");
        w.join(GROUP, 1004, None);
    });
    bot.settle().await;
    let deleted: Vec<i64> =
        bot.calls_to("deleteMessage").iter().filter_map(|c| c.params["message_id"].as_i64()).collect();
    let carol_welcome = bot.with(|w| {
        w.messages
            .values()
            .filter(|m| m.from_bot && m.html.contains("Carol"))
            .map(|m| m.message_id)
            .min()
            .unwrap()
    });
    assert!(!deleted.contains(&carol_welcome), "Carol has not accepted the rules yet");
}

#[tokio::test]
async fn check_in_answers_go_to_the_log_chat_an_admin_set() {
    let bot = TestBot::start_with(|w| {
        w.add_group(-100_900, "Admins' log", OWNER);
    })
    .await;
    bot.seat(BOB);
    bot.with(|w| {
        w.say(GROUP, BOB, "/setlogchat -100900");
        w.say(GROUP, OWNER, "/setlogchat -100999");
        w.say(GROUP, OWNER, "/setlogchat nonsense");
    });
    bot.settle().await;
    let texts = bot.texts_to(GROUP);
    assert!(texts[0].contains("Only the chat's admins"), "{texts:?}");
    assert!(texts[1].contains("I can't post there"), "{texts:?}");
    assert!(texts[2].contains("is not a chat id"), "{texts:?}");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM log_chats").await, 0);

    bot.with(|w| w.say(GROUP, OWNER, "/setlogchat -100900"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("now go to chat -100900"));
    assert!(bot.last_text_to(-100_900).contains("receives hearth's reports"));

    let joined = t0() - Duration::days(4);
    bot.with(|w| {
        w.now = joined.timestamp();
        w.join(GROUP, ALICE, None);
    });
    bot.settle().await;
    bot.with(|w| {
        w.now = t0().timestamp();
        w.say(ALICE, ALICE, "/start");
    });
    bot.settle().await;
    bot.tick().await;
    let checkin_id = bot.with(|w| {
        w.messages.values().filter(|m| m.chat_id == ALICE && m.from_bot).map(|m| m.message_id).max().unwrap()
    });
    bot.with(|w| w.press(ALICE, checkin_id, ALICE, "onb:ci:idea:-100100"));
    bot.settle().await;
    bot.with(|w| w.say(ALICE, ALICE, "A monthly meetup!"));
    bot.settle().await;
    assert!(
        bot.last_text_to(-100_900).contains("has an idea")
            && bot.last_text_to(-100_900).contains("A monthly meetup!")
    );
    bot.with(|w| w.say(GROUP, OWNER, "/setlogchat off"));
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM log_chats").await, 0);
}
