//! What hostile input, Telegram's faults and a raid used to break (issue
//! "Hardening"): each case through the fake Bot API.

use hearth::sim::Fault;

use crate::support::*;

// teloxide waits 10 s after any 5xx before it reports it: one fault per test.
#[tokio::test]
async fn a_send_answered_500_is_sent_again() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.with(|w| w.fail("sendMessage", 1, Fault::ServerError));
    bot.with(|w| w.say(GROUP, ALICE, "/help"));
    bot.settle().await;
    let sends = bot.calls_to("sendMessage");
    assert_eq!(sends.len(), 2, "the 500, then the reply");
    assert!(sends[0].faulted && !sends[1].faulted);
    assert!(sends[1].text().contains("/help"));
    assert_eq!(bot.ctx().metrics.handler_failures(), 0);
}

#[tokio::test]
async fn flood_control_is_obeyed_as_often_as_telegram_says() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.with(|w| w.fail("sendMessage", 4, Fault::RetryAfter(1)));
    bot.with(|w| w.say(GROUP, ALICE, "/help"));
    bot.settle().await;
    let sends = bot.calls_to("sendMessage");
    assert_eq!(sends.len(), 5, "four 429s, then the reply");
    assert!(sends[..4].iter().all(|c| c.faulted) && !sends[4].faulted);
    for pair in sends.windows(2) {
        assert!(pair[1].at.duration_since(pair[0].at) >= std::time::Duration::from_millis(950));
    }
}

#[tokio::test]
async fn flood_control_past_the_bound_is_given_up_counted_and_the_chat_goes_on() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    let given_up = hearth::metrics::GIVEN_UP.load(std::sync::atomic::Ordering::Relaxed);
    bot.with(|w| w.fail("sendMessage", 1, Fault::RetryAfter(600)));
    bot.with(|w| w.say(GROUP, ALICE, "/help"));
    bot.settle().await;
    assert_eq!(bot.calls_to("sendMessage").len(), 1, "a ten-minute wait is not waited");
    assert!(hearth::metrics::GIVEN_UP.load(std::sync::atomic::Ordering::Relaxed) > given_up);
    bot.with(|w| w.say(GROUP, ALICE, "/help"));
    bot.settle().await;
    let sends = bot.calls_to("sendMessage");
    assert_eq!(sends.len(), 2);
    assert!(!sends[1].faulted && sends[1].text().contains("/help"));
}

/// A log chat receives names, messages and action buttons: only a chat the
/// admin administers too, or their own DM — checked before anything is
/// posted there.
#[tokio::test]
async fn the_log_chat_must_be_one_the_admin_administers_or_their_own_dm() {
    const OTHER: i64 = -100_300;
    let bot = TestBot::start_with(|w| {
        // Carol's group, where Olga (our admin) is a plain member and the bot an admin.
        w.add_group(OTHER, "Carol's group", CAROL);
        w.set_status(OTHER, OWNER, hearth::sim::world::Status::Member);
    })
    .await;
    bot.with(|w| {
        w.say(ALICE, ALICE, "/start");
        w.say(OWNER, OWNER, "/start");
    });
    bot.settle().await;
    let dms = bot.texts_to(ALICE).len();
    for (target, answer) in [
        (OTHER.to_string(), "You are not an admin of that chat"),
        (ALICE.to_string(), "someone else's private chat"),
        ("-100999".to_owned(), "I can't post there"),
    ] {
        bot.with(|w| w.say(GROUP, OWNER, &format!("/setlogchat {target}")));
        bot.settle().await;
        assert!(bot.last_text_to(GROUP).contains(answer), "{target}: {}", bot.last_text_to(GROUP));
    }
    assert!(bot.texts_to(OTHER).is_empty(), "nothing was posted in Carol's group");
    assert_eq!(bot.texts_to(ALICE).len(), dms, "nothing was sent to Alice");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM log_chats").await, 0);

    // Her own DM is fine.
    bot.with(|w| w.say(GROUP, OWNER, &format!("/setlogchat {OWNER}")));
    bot.settle().await;
    assert!(
        bot.last_text_to(GROUP).contains(&format!("now go to chat {OWNER}")),
        "{}",
        bot.last_text_to(GROUP)
    );
    assert!(bot.last_text_to(OWNER).contains("receives hearth's reports"));
    assert_eq!(bot.scalar("SELECT log_chat_id FROM log_chats").await, OWNER);
}
