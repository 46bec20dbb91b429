//! A chat under load: a raid of joins, edits throttled by Telegram, a queue
//! of replies behind the group's 20-a-minute budget. The bot keeps
//! Telegram's own limits here (one message a second in a chat, 20 a minute
//! in a group) and the fake answers 429 past them, for sends and edits.
//! Assertions are on what the fake recorded: how many sends and edits per
//! group per window, and in what order moderation and replies went.

use std::time::Duration;

use hearth::{
    config::Config,
    sim::{Call, Fault, world::Status},
};
use teloxide::adaptors::throttle::Limits;

use crate::support::{GROUP, OWNER, TestBot, bot_messages, group_sends};

/// Telegram's limits, in the bot and (10 % tighter windows) in the fake.
fn telegram_limits(config: &mut Config) {
    config.limits = Limits {
        messages_per_sec_chat: 1,
        messages_per_min_chat: 20,
        messages_per_min_channel_or_supergroup: 20,
        messages_per_sec_overall: 30,
    };
}

async fn strict_bot() -> TestBot {
    TestBot::start_configured(
        |w| {
            w.enforce_limits = true;
            w.enforce_edit_limits = true;
        },
        telegram_limits,
    )
    .await
}

/// Raid mode off: these tests are about the batch welcome and the edit
/// lane under a raid (raid mode is `raid_mode.rs`).
async fn raid_mode_off(bot: &TestBot) {
    bot.with(|w| w.say(GROUP, OWNER, "/set raid_joins 0"));
    bot.settle().await;
}

/// A strict bot, `members` seated, and a filter on "casino".
async fn members_and_a_filter(members: i64) -> TestBot {
    let bot = strict_bot().await;
    seat_members(&bot, members);
    bot.with(|w| w.say(GROUP, OWNER, "/filter casino"));
    bot.settle().await;
    bot
}

const RAIDER: i64 = 5000;
const MEMBER: i64 = 7000;

/// `count` raiders join within five seconds (by the updates' dates).
fn raid(bot: &TestBot, count: i64) {
    bot.with(|w| {
        let per_second = (count / 5).max(1);
        for i in 0..count {
            let id = RAIDER + i;
            w.add_user(id, &format!("Raider{i:03}"));
            w.join(GROUP, id, None);
            if (i + 1) % per_second == 0 {
                w.now += 1;
            }
        }
    });
}

/// `count` members seated in the group, named Member00…
fn seat_members(bot: &TestBot, count: i64) {
    bot.with(|w| {
        for i in 0..count {
            w.add_user(MEMBER + i, &format!("Member{i:02}"));
            w.set_status(GROUP, MEMBER + i, Status::Member);
        }
    });
}

fn position(calls: &[Call], found: impl Fn(&Call) -> bool) -> Option<usize> {
    calls.iter().position(found)
}

fn positions(calls: &[Call], found: impl Fn(&Call) -> bool) -> Vec<usize> {
    calls.iter().enumerate().filter(|(_, c)| found(c)).map(|(i, _)| i).collect()
}

fn is_group(c: &Call, method: &str) -> bool {
    c.method == method && c.chat_id() == Some(GROUP) && !c.faulted
}

#[tokio::test]
async fn a_raid_of_two_hundred_is_gated_with_a_bounded_number_of_sends_and_edits() {
    let bot = strict_bot().await;
    raid_mode_off(&bot).await;
    raid(&bot, 200);
    bot.settle().await;

    let calls = bot.fake.calls();
    let restricted = positions(&calls, |c| c.method == "restrictChatMember" && !c.faulted);
    assert_eq!(restricted.len(), 200, "every raider is gated");
    let sends = positions(&calls, |c| is_group(c, "sendMessage"));
    let edit_count = calls.iter().filter(|c| is_group(c, "editMessageText")).count();
    eprintln!("200 joins: {} sends, {edit_count} edits", sends.len());
    assert!(sends.len() <= 20, "{} welcome messages for 200 joins", sends.len());
    // Gating did not wait behind the welcomes' pacing: every raider was
    // restricted before the last few welcomes went out.
    let late = sends[sends.len() - 3];
    assert!(restricted.iter().all(|&r| r < late), "gating waited for the welcomes");

    let edits: Vec<&Call> = calls.iter().filter(|c| is_group(c, "editMessageText")).collect();
    assert!(edits.len() <= 2 * sends.len(), "{} edits for {} messages", edits.len(), sends.len());
    for message in edits.iter().map(|c| c.params["message_id"].clone()) {
        let times = edits.iter().filter(|c| c.params["message_id"] == message).count();
        assert!(times <= 3, "message {message} edited {times} times");
    }
    bot.with(|w| {
        for method in ["sendMessage", "editMessageText"] {
            assert!(w.most_in_window(method, GROUP, Duration::from_millis(900)) <= 1, "{method} per second");
            assert!(w.most_in_window(method, GROUP, Duration::from_secs(54)) <= 20, "{method} per minute");
        }
        assert_eq!(w.rate_limited, 0, "the bot kept within the limits itself");
    });
    // The latest text won: every raider is named in a welcome as it stands.
    let finals = bot_messages(&bot, GROUP);
    for i in 0..200 {
        let name = format!("Raider{i:03}");
        assert!(finals.iter().any(|t| t.contains(&name)), "{name} is not named");
    }
}

#[tokio::test]
async fn edits_answered_429_stall_neither_gating_nor_spam_deletion() {
    let bot = strict_bot().await;
    raid_mode_off(&bot).await;
    bot.with(|w| w.say(GROUP, OWNER, "/filter casino"));
    bot.settle().await;
    bot.with(|w| w.fail_in(GROUP, "editMessageText", 4, Fault::RetryAfter(3)));
    raid(&bot, 100);
    let spam = bot.with(|w| w.say(GROUP, RAIDER + 99, "casino tonight, join now"));
    bot.settle().await;

    let calls = bot.fake.calls();
    let restricted = calls.iter().filter(|c| c.method == "restrictChatMember" && !c.faulted).count();
    assert_eq!(restricted, 100, "every raider is gated");
    let deleted = position(&calls, |c| c.method == "deleteMessage" && c.params["message_id"] == spam)
        .expect("the raider's spam is deleted");
    let refused = positions(&calls, |c| c.method == "editMessageText" && c.faulted);
    assert_eq!(refused.len(), 4, "the planned 429s were met");
    let edits = positions(&calls, |c| is_group(c, "editMessageText"));
    let last_edit = *edits.last().expect("the batch welcomes are edited in the end");
    assert!(deleted < last_edit, "the spam waited behind the throttled edits");
    // While edits waited out flood control, nothing else did.
    assert!(refused[0] < deleted || refused.iter().all(|&r| r > deleted));
    let finals = bot_messages(&bot, GROUP);
    assert!(finals.iter().any(|t| t.contains("Raider099")), "the last raider is named after all");
}

#[tokio::test]
async fn twenty_five_rules_get_one_answer_and_spam_is_deleted_at_once() {
    let bot = members_and_a_filter(25).await;
    let before = group_sends(&bot).len();
    bot.with(|w| {
        for i in 0..25 {
            w.say(GROUP, MEMBER + i, "/rules");
        }
    });
    let spam = bot.with(|w| w.say(GROUP, MEMBER, "casino tonight"));
    bot.settle().await;
    assert_eq!(group_sends(&bot).len() - before, 1, "/rules answered once for the 25");
    assert!(bot.calls_to("deleteMessage").iter().any(|c| c.params["message_id"] == spam));
    // Another window, another answer.
    bot.with(|w| {
        w.now += 61;
        w.say(GROUP, MEMBER + 3, "/rules");
    });
    bot.settle().await;
    assert_eq!(group_sends(&bot).len() - before, 2);
}

#[tokio::test]
async fn a_queue_of_replies_does_not_hold_up_moderation_and_keeps_its_order() {
    let bot = members_and_a_filter(12).await;
    bot.with(|w| {
        for i in 0..12 {
            w.say(GROUP, MEMBER + i, "/me");
        }
        // A repeat of the same member's /me is not answered again.
        w.say(GROUP, MEMBER, "/me");
    });
    let spam = bot.with(|w| w.say(GROUP, MEMBER + 5, "casino tonight"));
    bot.settle().await;

    let calls = bot.fake.calls();
    let cards = positions(&calls, |c| is_group(c, "sendMessage") && c.text().contains("Member"));
    assert_eq!(cards.len(), 12, "one card a member");
    let deleted = position(&calls, |c| c.method == "deleteMessage" && c.params["message_id"] == spam)
        .expect("the spam is deleted");
    assert!(deleted < cards[2], "the spam was deleted while the replies were still queued");
    // The replies went out in the order of the commands.
    let names: Vec<String> = bot
        .texts_to(GROUP)
        .into_iter()
        .filter_map(|t| t.split_whitespace().find(|w| w.starts_with("Member")).map(str::to_owned))
        .collect();
    let expected: Vec<String> = (0..12).map(|i| format!("Member{i:02}")).collect();
    assert_eq!(names, expected);
}

#[tokio::test]
async fn a_newcomers_accept_press_is_answered_before_the_queued_replies() {
    let bot = strict_bot().await;
    seat_members(&bot, 12);
    let newcomer = RAIDER;
    bot.with(|w| {
        w.add_user(newcomer, "Nina");
        w.join(GROUP, newcomer, None);
    });
    bot.settle().await;
    let welcome = bot.with(|w| {
        w.messages.values().filter(|m| m.from_bot && m.chat_id == GROUP).map(|m| m.message_id).max()
    });
    let welcome = welcome.expect("the newcomer is welcomed");
    bot.with(|w| {
        for i in 0..12 {
            w.say(GROUP, MEMBER + i, "/me");
        }
        w.press(GROUP, welcome, newcomer, &format!("onb:acc:{newcomer}"));
    });
    bot.settle().await;

    let calls = bot.fake.calls();
    let cards = positions(&calls, |c| is_group(c, "sendMessage") && c.text().contains("Member"));
    assert_eq!(cards.len(), 12);
    let answered = position(&calls, |c| c.method == "answerCallbackQuery").expect("the press is answered");
    let lifted = position(&calls, |c| {
        c.method == "restrictChatMember"
            && c.user_id() == Some(newcomer)
            && c.params["permissions"]["can_send_messages"] == true
    })
    .expect("the gate is lifted");
    assert!(answered < cards[2] && lifted < cards[2], "the press waited behind the replies");
    assert_eq!(bot.with(|w| w.status(GROUP, newcomer)), Status::Member);
    let dropped = bot.calls_to("editMessageReplyMarkup");
    assert_eq!(dropped.len(), 1, "the rules button is dropped through the edit lane");
}

#[tokio::test]
async fn a_server_error_on_one_send_in_one_chat_is_tried_again_there_only() {
    const OTHER: i64 = -100_200;
    let bot = TestBot::start_with(|w| {
        w.add_group(OTHER, "Other Lounge", OWNER);
    })
    .await;
    bot.with(|w| {
        w.fail_in(GROUP, "sendMessage", 1, Fault::ServerError);
        w.say(OTHER, OWNER, "/rules");
        w.say(GROUP, OWNER, "/rules");
    });
    bot.settle().await;
    let sends = bot.calls_to("sendMessage");
    let in_group: Vec<&Call> = sends.iter().filter(|c| c.chat_id() == Some(GROUP)).collect();
    assert_eq!(in_group.len(), 2, "refused once, then tried again");
    assert!(in_group[0].faulted && !in_group[1].faulted);
    let in_other: Vec<&Call> = sends.iter().filter(|c| c.chat_id() == Some(OTHER)).collect();
    assert_eq!(in_other.len(), 1);
    assert!(!in_other[0].faulted, "the other chat's send was not refused");
    assert_eq!(group_sends(&bot).len(), 1, "answered once");
}

#[tokio::test]
async fn any_method_fails_for_the_chosen_chat_only() {
    let bot = TestBot::start().await;
    bot.seat(crate::support::ALICE);
    bot.with(|w| w.say(GROUP, OWNER, "/filter casino"));
    bot.settle().await;
    bot.with(|w| {
        w.fail_in(-1, "deleteMessage", 5, Fault::BadRequest("message to delete not found".into()));
        w.fail_in(GROUP, "deleteMessage", 1, Fault::ServerError);
        w.say(GROUP, crate::support::ALICE, "casino tonight");
    });
    bot.settle().await;
    let deletes = bot.calls_to("deleteMessage");
    assert_eq!(deletes.len(), 2, "a 500 is tried again; the other chat's fault is not used");
    assert!(deletes[0].faulted && !deletes[1].faulted);
}
