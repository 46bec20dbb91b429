//! Raid mode end to end: a spike of joins (by the updates' dates) switches
//! the chat into raid mode — newcomers restricted once and counted in one
//! message, the bot's invite links asking for approval, the admins told once
//! — and a calm (the moved clock) or an admin ends it with a summary. The
//! raid survives a restart; `/raid` is for admins; forged buttons do nothing.

use std::collections::HashMap;

use crate::support::{ALICE, BOB, CAROL, GROUP, OWNER, TestBot, bot_messages, group_sends};
use chrono::Duration;

const RAIDER: i64 = 5000;

/// `count` raiders join within five seconds (by the updates' dates).
fn raid(bot: &TestBot, count: i64) {
    bot.with(|w| {
        let per_second = (count / 5).max(1);
        for i in 0..count {
            let id = RAIDER + i;
            // One name that would break the HTML if it were not escaped.
            let name = if i == 10 { "<i>Bad & Co".to_owned() } else { format!("Raider{i:03}") };
            w.add_user(id, &name);
            w.join(GROUP, id, None);
            if (i + 1) % per_second == 0 {
                w.now += 1;
            }
        }
    });
}

/// restrictChatMember calls per user: (closing ones, opening ones).
fn restrictions(bot: &TestBot) -> HashMap<i64, (usize, usize)> {
    let mut per_user: HashMap<i64, (usize, usize)> = HashMap::new();
    for call in bot.calls_to("restrictChatMember").into_iter().filter(|c| !c.faulted) {
        let perms = match &call.params["permissions"] {
            serde_json::Value::String(s) => serde_json::from_str(s).unwrap_or_default(),
            v => v.clone(),
        };
        let user = call.user_id().unwrap_or_default();
        let entry = per_user.entry(user).or_default();
        if perms["can_send_messages"].as_bool() == Some(true) {
            entry.1 += 1;
        } else {
            entry.0 += 1;
        }
    }
    per_user
}

fn admin_dms(bot: &TestBot) -> usize {
    bot.texts_to(OWNER).iter().filter(|t| t.contains("Raid mode is on")).count()
}

fn link_edits(bot: &TestBot, asks: bool) -> usize {
    bot.calls_to("editChatInviteLink")
        .iter()
        .filter(|c| !c.faulted)
        .filter(|c| {
            let v = &c.params["creates_join_request"];
            (v.as_bool() == Some(asks)) || v.as_str() == Some(if asks { "true" } else { "false" })
        })
        .count()
}

#[tokio::test]
async fn a_hundred_join_raid_enters_and_leaves_raid_mode_with_a_handful_of_group_messages() {
    let bot = TestBot::start().await;
    bot.with(|w| w.say(OWNER, OWNER, "/start"));
    bot.seat(ALICE);
    bot.with(|w| w.say(GROUP, ALICE, "/invite"));
    // Who never accepts the rules is removed ten minutes after the button shows.
    bot.with(|w| w.say(GROUP, OWNER, "/set gate_kick_minutes 10"));
    bot.settle().await;
    let before = group_sends(&bot).len();
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM referral_links").await, 1, "Alice's referral link");

    raid(&bot, 100);
    // One raider leaves during the raid: not let in at the end.
    bot.with(|w| w.leave(GROUP, RAIDER + 99));
    bot.settle().await;

    assert_eq!(bot.scalar("SELECT COUNT(*) FROM raids WHERE ended_at IS NULL").await, 1, "in raid mode");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM raid_newcomers").await, 90, "joins 11 to 100 are held");
    let restricted = restrictions(&bot);
    for i in 0..100 {
        let (closed, _) = restricted.get(&(RAIDER + i)).copied().unwrap_or_default();
        assert_eq!(closed, 1, "raider {i} restricted once (the first ten by the rules gate)");
    }
    let during = group_sends(&bot).len() - before;
    eprintln!("100 joins: {during} group messages");
    assert!(during <= 5, "{during} group messages for 100 joins");
    let notice =
        bot_messages(&bot, GROUP).into_iter().find(|t| t.contains("Raid mode</b>:")).unwrap_or_default();
    assert!(notice.contains("90 newcomers held"), "the counted message as it stands: {notice}");
    assert_eq!(admin_dms(&bot), 1, "the admins are told once");
    assert_eq!(link_edits(&bot, true), 1, "the referral link asks for approval");
    bot.with(|w| assert!(w.invite_links.iter().all(|l| l.creates_join_request)));

    // Calm is counted from the last spike: not yet over after ten minutes.
    bot.advance_and_tick(Duration::minutes(10)).await;
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM raids WHERE ended_at IS NULL").await, 1);
    bot.advance_and_tick(Duration::minutes(6)).await;
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM raids WHERE summary_sent_at IS NOT NULL").await, 1, "ended");

    // The rules gate is on (the default): the held newcomers now owe the
    // rules, so they stay restricted and the summary carries its button.
    let restricted = restrictions(&bot);
    for i in 10..99 {
        assert_eq!(restricted[&(RAIDER + i)], (1, 0), "raider {i} still restricted, once");
    }
    assert_eq!(link_edits(&bot, false), 1, "the link is restored");
    bot.with(|w| assert!(w.invite_links.iter().all(|l| !l.creates_join_request)));
    let summary = bot.last_text_to(GROUP);
    assert!(summary.contains("Raid mode ended") && summary.contains("90 newcomers"), "{summary}");
    assert!(summary.contains("0 let in, 1 banned or gone"), "{summary}");
    assert!(summary.contains("89 newcomers still have to accept the rules"), "{summary}");
    assert!(summary.contains("<i>Bad & Co") && summary.contains("and 40 more"), "{summary}");
    let total = group_sends(&bot).len() - before;
    assert!(total <= 6, "{total} group messages in all");
    let card = bot.with(|w| {
        w.messages
            .values()
            .find(|m| m.chat_id == GROUP && m.html.contains("Raid mode ended"))
            .map(|m| m.message_id)
    });
    let card = card.expect("the summary");
    let pressed = |who: i64| bot.with(move |w| w.press(GROUP, card, who, "onb:acc"));
    pressed(RAIDER + 20);
    pressed(RAIDER + 20);
    bot.settle().await;
    let restricted = restrictions(&bot);
    assert_eq!(restricted[&(RAIDER + 20)], (1, 1), "let in once, by the rules button");
    assert_eq!(restricted[&(RAIDER + 21)], (1, 0), "the others wait");
    assert_eq!(restricted.get(&(RAIDER + 99)).map(|r| r.1), Some(0), "who left is not let in");
    assert!(
        bot.calls_to("answerCallbackQuery").last().is_some_and(|a| a.text().contains("already accepted")),
        "a second press says so"
    );
    let banned =
        |user: i64| bot.calls_to("banChatMember").iter().filter(|c| c.user_id() == Some(user)).count();
    assert_eq!(banned(RAIDER + 21), 0, "the gate's clock starts when the raid ends, not at the join");
    // Nothing more on later ticks; a later join is welcomed as usual.
    bot.advance_and_tick(Duration::minutes(30)).await;
    bot.settle().await;
    assert_eq!(group_sends(&bot).len() - before, total);
    assert_eq!((banned(RAIDER + 21), banned(RAIDER + 20)), (1, 0), "who never accepted is removed, once");
    assert_eq!(admin_dms(&bot), 1);
    bot.with(|w| w.join(GROUP, CAROL, None));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Carol"), "onboarding welcomes again");
}

#[tokio::test]
async fn admins_switch_raid_mode_which_survives_a_restart_and_forged_buttons_do_nothing() {
    let mut bot = TestBot::start().await;
    bot.with(|w| w.say(OWNER, OWNER, "/start"));
    bot.seat(ALICE);
    // No rules gate: the raid's held newcomers are let in at its end.
    bot.with(|w| w.say(GROUP, OWNER, "/set gate off"));
    bot.with(|w| w.say(GROUP, ALICE, "/raid on"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Only the chat's admins"), "a member is refused");
    bot.with(|w| w.say(GROUP, OWNER, "/raid maybe"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("For example: /raid on"), "usage with an example");
    bot.with(|w| w.say(GROUP, OWNER, "/raid"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Raid mode is off"));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM raids").await, 0, "nothing changed");

    bot.with(|w| w.say(GROUP, OWNER, "/raid on"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("0 newcomers held"));
    bot.with(|w| w.say(GROUP, OWNER, "/raid on"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("already on"));
    assert_eq!(admin_dms(&bot), 1, "told once");

    bot.with(|w| w.join(GROUP, BOB, None));
    bot.settle().await;
    bot.restart().await;
    bot.with(|w| w.say(GROUP, OWNER, "/raid"));
    bot.with(|w| w.join(GROUP, CAROL, None));
    bot.settle().await;
    assert!(bot.texts_to(GROUP).iter().any(|t| t.contains("Raid mode is on since")), "kept over the restart");
    assert!(!bot.texts_to(GROUP).iter().any(|t| t.contains("Bob") || t.contains("Carol")), "no welcomes");
    let restricted = restrictions(&bot);
    assert_eq!((restricted[&BOB].0, restricted[&CAROL].0), (1, 1), "each restricted once");
    let notice =
        bot_messages(&bot, GROUP).into_iter().find(|t| t.contains("Raid mode</b>:")).unwrap_or_default();
    assert!(notice.contains("2 newcomers held"), "{notice}");

    let raid_id = bot.scalar("SELECT raid_id FROM raids").await;
    let card = bot.with(|w| {
        w.messages
            .values()
            .find(|m| m.chat_id == OWNER && m.html.contains("Raid mode is on"))
            .map(|m| m.message_id)
    });
    let card = card.expect("the admins' card");
    let end = format!("raid:end:{raid_id}");
    for (who, data) in
        [(OWNER, format!("raid:end:{}", raid_id + 1)), (OWNER, "raid:end:x".into()), (ALICE, end.clone())]
    {
        let answered = bot.calls_to("answerCallbackQuery").len();
        bot.with(|w| w.press(OWNER, card, who, &data));
        bot.settle().await;
        let answers = bot.calls_to("answerCallbackQuery");
        assert_eq!(answers.len(), answered + 1, "{data}");
        assert_eq!(answers[answered].params["show_alert"], true, "{data}");
    }
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM raids WHERE ended_at IS NULL").await, 1, "still on");

    bot.with(|w| w.press(OWNER, card, OWNER, &end));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("ended by"), "the summary");
    let restricted = restrictions(&bot);
    assert_eq!((restricted[&BOB].1, restricted[&CAROL].1), (1, 1), "each let in once");
    bot.with(|w| w.press(OWNER, card, OWNER, &end));
    bot.with(|w| w.say(GROUP, OWNER, "/raid off"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("not on"));
    let answers = bot.calls_to("answerCallbackQuery");
    assert!(answers.last().is_some_and(|a| a.params["text"].as_str().unwrap_or("").contains("already over")));
    assert_eq!(group_sends(&bot).iter().filter(|c| c.text().contains("Raid mode ended")).count(), 1);

    bot.with(|w| w.say(GROUP, OWNER, "/set lang ru"));
    bot.with(|w| w.say(GROUP, OWNER, "/raid можетбыть"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Например: /raid on"), "usage in Russian");
}
