//! Trust levels end to end: a newcomer earns TL1 by posting over days (and
//! their links stop being removed), an admin's leader shows in /me and /top,
//! a warning holds them at TL1 until it expires, the members export carries
//! the level, and bad input or a non-admin changes nothing.

use crate::{stats::read_csv, support::*};
use chrono::Duration;

/// Messages the bot deleted.
fn deleted(bot: &TestBot) -> Vec<i64> {
    bot.calls_to("deleteMessage")
        .iter()
        .filter_map(|c| hearth::sim::world::num(&c.params["message_id"]))
        .collect()
}

/// No gate, newcomer limits for the longest time (720 h), warnings that
/// expire after 5 days; Bob is an old member who has spoken.
async fn lounge() -> TestBot {
    let bot = TestBot::start().await;
    bot.seat(BOB);
    bot.with(|w| {
        w.say(GROUP, OWNER, "/set gate off");
        w.say(GROUP, OWNER, "/set newcomer_hours 720");
        w.say(GROUP, OWNER, "/set warn_expire_days 5");
        w.say(GROUP, BOB, "hi all");
    });
    bot.settle().await;
    bot
}

/// `/me` from `user`, answered (a minute after the last: a repeat within
/// 60 s is not answered again).
async fn me(bot: &TestBot, user: i64) -> String {
    bot.with(|w| {
        w.now += 61;
        w.say(GROUP, user, "/me")
    });
    bot.settle().await;
    bot.last_text_to(GROUP)
}

#[tokio::test]
async fn a_newcomer_earns_tl1_by_posting_over_days_and_their_links_stay() {
    let bot = lounge().await;
    bot.with(|w| w.join(GROUP, ALICE, None));
    bot.settle().await;
    let early = bot.with(|w| w.say(GROUP, ALICE, "see https://early.example"));
    bot.settle().await;
    assert!(deleted(&bot).contains(&early), "a newcomer's link goes");
    // The removed link does not count towards TL1.
    let card = me(&bot, ALICE).await;
    assert!(
        card.contains("Trust level: TL0")
            && card.contains("messages: 0 of 10")
            && card.contains("days in the group: 0 of 3"),
        "{card}"
    );
    // Ten messages, eight hours apart: 80 hours, more than the 3 days.
    for i in 0..10 {
        bot.with(|w| {
            w.now += 8 * 3600;
            w.say(GROUP, ALICE, &format!("note {i}"));
        });
        bot.settle().await;
    }
    let card = me(&bot, ALICE).await;
    assert!(card.contains("Trust level: TL1") && card.contains("(member)"), "{card}");
    assert!(card.contains("Next, TL2 (regular)") && card.contains("active weeks"), "{card}");
    // Still within newcomer_hours, but TL1 lifts the limit.
    let later = bot.with(|w| w.say(GROUP, ALICE, "docs at https://docs.example"));
    bot.settle().await;
    assert!(!deleted(&bot).contains(&later), "a TL1 member's link stays");
    assert_eq!(deleted(&bot).len(), 1);
}

#[tokio::test]
async fn a_chosen_leader_shows_in_me_and_top_and_a_warning_holds_them_until_it_expires() {
    let bot = lounge().await;
    bot.seat(ALICE);
    let said = bot.with(|w| w.say(GROUP, ALICE, "hello"));
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/trust @alice leader"));
    bot.settle().await;
    let answer = bot.last_text_to(GROUP);
    assert!(answer.contains("is now a leader (TL3)") && answer.contains("Chosen as a leader"), "{answer}");
    let card = me(&bot, ALICE).await;
    assert!(card.contains("Trust level: TL3") && card.contains("(leader)"), "{card}");
    assert!(!card.contains("Next,"), "{card}");
    bot.with(|w| {
        w.now += 61;
        w.say(GROUP, BOB, "/top")
    });
    bot.settle().await;
    let top = bot.last_text_to(GROUP);
    assert!(top.contains("Alice — 1 · TL3") && top.contains("Bob — 1 · TL0"), "{top}");

    bot.with(|w| w.reply(GROUP, OWNER, said, "/warn spam"));
    bot.settle().await;
    let card = me(&bot, ALICE).await;
    assert!(card.contains("Trust level: TL1") && card.contains("Held at TL1"), "{card}");
    bot.with(|w| w.say(GROUP, OWNER, "/trust @alice"));
    bot.settle().await;
    let why = bot.last_text_to(GROUP);
    assert!(why.contains("TL1") && why.contains("Held at TL1 by an active warning"), "{why}");

    // Six days later the warning has expired (warn_expire_days 5): TL3 again.
    bot.advance_and_tick(Duration::days(6)).await;
    let card = me(&bot, ALICE).await;
    assert!(card.contains("Trust level: TL3"), "{card}");

    // Back to the computed level: a member with one message is TL0.
    bot.with(|w| w.say(GROUP, OWNER, "/trust @alice auto"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("level is computed again"), "{}", bot.last_text_to(GROUP));
    assert!(me(&bot, ALICE).await.contains("Trust level: TL0"));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM trust_choices").await, 0);
}

#[tokio::test]
async fn the_members_export_has_the_trust_level() {
    let bot = lounge().await;
    bot.seat(ALICE);
    bot.with(|w| w.say(GROUP, ALICE, "hello"));
    bot.settle().await;
    let said = bot.with(|w| w.say(GROUP, ALICE, "again"));
    bot.with(|w| w.reply(GROUP, OWNER, said, "/trust leader"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("is now a leader"), "{}", bot.last_text_to(GROUP));
    let csv = hearth::features::stats::cli_export(&bot.db_url, GROUP, "members").await.expect("exports");
    let rows = read_csv(csv.as_bytes());
    let column = rows[0].iter().position(|h| h == "trust_level").expect("a trust_level column");
    assert_eq!(column, rows[0].len() - 1);
    let level_of =
        |user: i64| rows.iter().find(|r| r[0] == user.to_string()).map(|r| r[column].clone()).expect("a row");
    assert_eq!(level_of(ALICE), "3");
    assert_eq!(level_of(BOB), "0");
}

#[tokio::test]
async fn bad_input_and_non_admins_change_nothing() {
    let bot = lounge().await;
    bot.seat(ALICE);
    bot.with(|w| w.say(GROUP, ALICE, "hello"));
    bot.settle().await;
    let cases = [
        (BOB, "/trust @alice leader", "Only the chat's admins"),
        (OWNER, "/trust", "Reply to the member's message with"),
        (OWNER, "/trust @alice boss", "I don't know the level “boss”"),
        (OWNER, "/trust @alice leader now", "I don't know the level “leader now”"),
        (OWNER, "/trust @nobody leader", "@nobody is not a member"),
        (OWNER, "/trust 424242 leader", "424242 is not a member"),
        (OWNER, "/trust @<b>x</b> leader", "@&lt;b&gt;x&lt;/b&gt; is not a member"),
    ];
    for (user, command, answer) in cases {
        bot.with(|w| w.say(GROUP, user, command));
        bot.settle().await;
        let calls = bot.calls_to("sendMessage");
        let html = calls.last().map(|c| c.params["text"].as_str().unwrap_or_default().to_owned());
        assert!(html.as_deref().unwrap_or_default().contains(answer), "{command}: {html:?}");
    }
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM trust_choices").await, 0);
    bot.with(|w| w.say(GROUP, OWNER, "/set lang ru"));
    bot.with(|w| w.say(GROUP, OWNER, "/trust @alice boss"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Я не знаю уровня «boss»"), "{}", bot.last_text_to(GROUP));
    bot.with(|w| w.say(GROUP, OWNER, "/trust"));
    bot.settle().await;
    assert!(
        bot.last_text_to(GROUP).contains("Ответьте на сообщение участника"),
        "{}",
        bot.last_text_to(GROUP)
    );
    bot.with(|w| w.say(GROUP, BOB, "/trust @alice leader"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("⛔"), "{}", bot.last_text_to(GROUP));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM trust_choices").await, 0);
}
