//! Moderation by members end to end: community moderators made with
//! /promote (admins only, TL3 only) warn and mute within their limits and
//! never on admins or each other, lose it with /demote, handle report
//! cards; trusted members' reports hide a message (deleted, its author
//! muted) with one Restore / Confirm notice that acts once, for an admin.

use crate::support::*;
use hearth::sim::Call;
use serde_json::Value;

const DAVE: i64 = 1004;
const ERIN: i64 = 1005;

fn calls_for(bot: &TestBot, method: &str, user: i64) -> Vec<Call> {
    bot.calls_to(method).into_iter().filter(|c| !c.faulted && c.user_id() == Some(user)).collect()
}

/// Everyone seated and heard from (so `/trust 1002` finds them); the
/// group's messages of each, by user.
async fn lounge() -> (TestBot, Vec<(i64, i64)>) {
    let bot = TestBot::start_with(|w| {
        w.add_user(DAVE, "Dave");
        w.add_user(ERIN, "Erin");
    })
    .await;
    let mut said = Vec::new();
    for user in [ALICE, BOB, CAROL, DAVE, ERIN] {
        bot.seat(user);
        said.push((user, bot.with(|w| w.say(GROUP, user, "hello all"))));
    }
    bot.with(|w| w.say(GROUP, OWNER, "/set gate off"));
    bot.settle().await;
    (bot, said)
}

fn msg_of(said: &[(i64, i64)], user: i64) -> i64 {
    said.iter().find(|(u, _)| *u == user).map(|(_, m)| *m).expect("a message")
}

/// `text` from `user`, settled; the bot's last answer in the group.
async fn say(bot: &TestBot, user: i64, text: &str) -> String {
    bot.with(|w| w.say(GROUP, user, text));
    bot.settle().await;
    bot.last_text_to(GROUP)
}

async fn reply(bot: &TestBot, user: i64, to: i64, text: &str) -> String {
    bot.with(|w| w.reply(GROUP, user, to, text));
    bot.settle().await;
    bot.last_text_to(GROUP)
}

/// `user` chosen a leader (TL3) and promoted by the owner.
async fn make_moderator(bot: &TestBot, user: i64) {
    say(bot, OWNER, &format!("/trust {user} leader")).await;
    let answer = say(bot, OWNER, &format!("/promote {user}")).await;
    assert!(answer.contains("is now a community moderator"), "{answer}");
}

/// The newest bot message in `chat` whose buttons carry `kind` (`mod:rep`,
/// `mod:hid`): its id and its buttons' data.
fn card(bot: &TestBot, chat: i64, kind: &str) -> (i64, Vec<String>) {
    bot.with(|w| {
        let m = w
            .messages
            .values()
            .filter(|m| m.from_bot && m.chat_id == chat && m.markup.to_string().contains(kind))
            .max_by_key(|m| m.message_id)
            .cloned()
            .expect("a card");
        let call = w
            .calls
            .iter()
            .rev()
            .find(|c| {
                c.method == "sendMessage"
                    && c.chat_id() == Some(chat)
                    && c.buttons().iter().any(|(_, d)| d.starts_with(kind))
            })
            .cloned()
            .expect("the card's call");
        (m.message_id, call.buttons().into_iter().map(|(_, d)| d).collect())
    })
}

fn data(buttons: &[String], suffix: &str) -> String {
    buttons.iter().find(|d| d.ends_with(suffix)).cloned().expect("a button")
}

fn last_toast(bot: &TestBot) -> String {
    let toast = bot.calls_to("answerCallbackQuery").pop().expect("an answer");
    toast.params["text"].as_str().unwrap_or_default().to_owned()
}

async fn press(bot: &TestBot, card: i64, user: i64, data: &str) -> String {
    bot.with(|w| w.press(GROUP, card, user, data));
    bot.settle().await;
    last_toast(bot)
}

#[tokio::test]
async fn a_community_moderator_warns_and_mutes_within_their_limits() {
    let (bot, said) = lounge().await;
    make_moderator(&bot, ALICE).await;
    make_moderator(&bot, CAROL).await;
    let (bob, carol) = (msg_of(&said, BOB), msg_of(&said, CAROL));
    let owner = bot.with(|w| w.say(GROUP, OWNER, "admin here"));
    bot.settle().await;

    let warned = reply(&bot, ALICE, bob, "/warn spam").await;
    assert!(warned.contains("Bob has been warned") && warned.contains("(1/3)"), "{warned}");

    let date = bot.with(|w| w.now);
    let muted = reply(&bot, ALICE, bob, "/mute 30m shouting").await;
    assert!(muted.contains("muted until"), "{muted}");
    let mutes = calls_for(&bot, "restrictChatMember", BOB);
    assert_eq!(mutes.len(), 1);
    assert_eq!(mutes[0].params["until_date"], serde_json::json!(date + 30 * 60));

    let refused = reply(&bot, ALICE, bob, "/mute 30d").await;
    assert!(
        refused.contains("can mute for at most 1 hour") && refused.contains("Nothing was done"),
        "{refused}"
    );
    // No duration: the maximum, never for good.
    let date = bot.with(|w| w.now);
    reply(&bot, ALICE, bob, "/mute").await;
    let mutes = calls_for(&bot, "restrictChatMember", BOB);
    assert_eq!(mutes.len(), 2);
    assert_eq!(mutes[1].params["until_date"], serde_json::json!(date + 3600));

    // Never an admin, never another community moderator, nor themself.
    for (to, command) in [(owner, "/warn"), (owner, "/mute 10m"), (carol, "/warn"), (carol, "/mute 10m")] {
        let answer = reply(&bot, ALICE, to, command).await;
        let expected =
            if to == owner { "I don't act on admins" } else { "don't act on community moderators" };
        assert!(answer.contains(expected), "{command}: {answer}");
    }
    let own = msg_of(&said, ALICE);
    assert!(reply(&bot, ALICE, own, "/warn").await.contains("don't act on community moderators"));
    // Ban, kick and the other admin commands are not theirs.
    for command in ["/ban", "/kick", "/ban 1h", "/unmute", "/resetwarns"] {
        let answer = reply(&bot, ALICE, bob, command).await;
        assert!(answer.contains("community moderators may /warn and /mute"), "{command}: {answer}");
    }
    assert!(bot.calls_to("banChatMember").is_empty());
    assert_eq!(calls_for(&bot, "restrictChatMember", CAROL).len(), 0);
    assert_eq!(calls_for(&bot, "restrictChatMember", BOB).len(), 2);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_warnings").await, 1);

    // The log marks their actions; an admin's are not marked.
    reply(&bot, OWNER, bob, "/warn flood").await;
    let log = say(&bot, OWNER, "/modlog").await;
    let lines: Vec<&str> = log.lines().skip(1).collect();
    assert_eq!(lines.len(), 4, "{log}");
    assert!(
        lines[0].contains("warned") && lines[0].contains("by Olga") && !lines[0].contains("community"),
        "{log}"
    );
    for line in &lines[1..] {
        assert!(line.contains("Alice (community moderator)"), "{log}");
    }
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log WHERE by_community_moderator = 1").await, 3);
}

#[tokio::test]
async fn promote_and_demote_are_for_admins_and_tl3_members_only() {
    let (bot, said) = lounge().await;
    let bob = msg_of(&said, BOB);
    let cases = [
        (OWNER, "/promote 1002", "is <b>TL0</b> (newcomer): only level-3 members"),
        (OWNER, "/promote", "Reply to the member's message with <code>/promote</code>"),
        (OWNER, "/promote @nobody", "@nobody is not a member"),
        (OWNER, "/promote 1002 now", "Reply to the member's message"),
        (OWNER, "/promote @olga_owner", "is an admin already"),
        (OWNER, "/demote 1002", "is not a community moderator"),
        (BOB, "/promote @alice", "Only the chat's admins"),
    ];
    for (user, command, expected) in cases {
        bot.with(|w| w.say(GROUP, user, command));
        bot.settle().await;
        let html = bot.calls_to("sendMessage").last().map(|c| c.text().to_owned()).unwrap_or_default();
        assert!(html.contains(expected), "{command}: {html}");
    }
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM community_moderators").await, 0);
    // Below TL3 a member cannot warn.
    assert!(reply(&bot, ALICE, bob, "/warn").await.contains("Only the chat's admins"));

    make_moderator(&bot, ALICE).await;
    let help = say(&bot, ALICE, "/help").await;
    assert!(
        help.contains("For community moderators") && help.contains("/warn") && !help.contains("/ban"),
        "{help}"
    );
    assert!(say(&bot, OWNER, "/promote @alice").await.contains("is a community moderator already"));
    assert!(reply(&bot, ALICE, bob, "/warn spam").await.contains("(1/3)"));
    assert!(say(&bot, OWNER, "/demote @alice").await.contains("is no longer a community moderator"));
    let refused = reply(&bot, ALICE, bob, "/warn again").await;
    assert!(refused.contains("Only the chat's admins can do that."), "{refused}");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_warnings").await, 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM community_moderators").await, 0);

    // A moderator an admin warns is held at TL1, and their powers with it.
    make_moderator(&bot, ALICE).await;
    let alice = msg_of(&said, ALICE);
    reply(&bot, OWNER, alice, "/warn rude").await;
    assert!(reply(&bot, ALICE, bob, "/warn").await.contains("Only the chat's admins"));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_warnings").await, 2);
}

#[tokio::test]
async fn russian_answers_with_plurals() {
    let (bot, said) = lounge().await;
    let bob = msg_of(&said, BOB);
    say(&bot, OWNER, "/set lang ru").await;
    let low = say(&bot, OWNER, "/promote 1002").await;
    assert!(low.contains("уровень TL0 (новичок)") && low.contains("Ничего не изменено"), "{low}");
    make_moderator_ru(&bot, ALICE).await;
    for (max, shown) in [("1h", "1 час"), ("2h", "2 часа"), ("5h", "5 часов"), ("21m", "21 минуту")]
    {
        say(&bot, OWNER, &format!("/set member_mod_mute {max}")).await;
        let refused = reply(&bot, ALICE, bob, "/mute 30d").await;
        assert!(refused.contains(&format!("не дольше чем на {shown}.")), "{max}: {refused}");
    }
    assert!(reply(&bot, ALICE, bob, "/ban").await.contains("модераторы сообщества могут /warn и /mute"));
    assert!(calls_for(&bot, "restrictChatMember", BOB).is_empty());
}

async fn make_moderator_ru(bot: &TestBot, user: i64) {
    say(bot, OWNER, &format!("/trust {user} leader")).await;
    let answer = say(bot, OWNER, &format!("/promote {user}")).await;
    assert!(answer.contains("теперь модератор сообщества"), "{answer}");
}

#[tokio::test]
async fn trusted_reports_hide_a_message_until_an_admin_restores_it_once() {
    let (bot, _) = lounge().await;
    for user in [ALICE, CAROL, DAVE] {
        say(&bot, OWNER, &format!("/trust {user} leader")).await;
    }
    let rude = bot.with(|w| w.say(GROUP, BOB, "something rude"));
    bot.settle().await;
    // A TL0 report reaches the admins as before and does not count.
    assert!(reply(&bot, ERIN, rude, "/report").await.contains("the admins have been told"));
    // Two trusted reporters, one of them twice: two, not three.
    reply(&bot, ALICE, rude, "/report").await;
    reply(&bot, ALICE, rude, "/report again").await;
    reply(&bot, CAROL, rude, "/report").await;
    assert!(bot.calls_to("deleteMessage").is_empty(), "not yet");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_reports").await, 4);
    // The third distinct trusted reporter hides it.
    let hidden = reply(&bot, DAVE, rude, "/report").await;
    assert!(hidden.contains("the message is hidden"), "{hidden}");
    let deleted = bot.calls_to("deleteMessage");
    assert_eq!(deleted.len(), 1);
    assert_eq!(hearth::sim::world::num(&deleted[0].params["message_id"]), Some(rude));
    let mutes = calls_for(&bot, "restrictChatMember", BOB);
    assert_eq!(mutes.len(), 1);
    assert_eq!(mutes[0].params["until_date"], Value::Null, "until an admin decides");
    let notices: Vec<String> = bot.texts_to(GROUP).into_iter().filter(|t| t.contains("Hidden")).collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("3 trusted members reported a message by Bob"), "{}", notices[0]);
    let (notice, buttons) = card(&bot, GROUP, "mod:hid");
    assert_eq!(buttons.len(), 2);
    // A later trusted report hides nothing twice.
    reply(&bot, DAVE, rude, "/report still").await;
    assert_eq!(bot.calls_to("deleteMessage").len(), 1);
    assert_eq!(calls_for(&bot, "restrictChatMember", BOB).len(), 1);

    // A member (even a leader), forged and replayed data: nothing done.
    assert!(press(&bot, notice, ALICE, &data(&buttons, ":r")).await.contains("Only the chat's admins"));
    assert!(press(&bot, notice, OWNER, "mod:hid:999:r").await.contains("no longer works"));
    assert!(press(&bot, notice, OWNER, "mod:hid:1:x").await.contains("no longer works"));
    assert!(press(&bot, notice, OWNER, "mod:hid:1:r:1").await.contains("no longer works"));
    assert_eq!(calls_for(&bot, "restrictChatMember", BOB).len(), 1);

    // Restore lifts the mute, once; Confirm after it does nothing.
    assert_eq!(press(&bot, notice, OWNER, &data(&buttons, ":r")).await, "Done.");
    let mutes = calls_for(&bot, "restrictChatMember", BOB);
    assert_eq!(mutes.len(), 2);
    assert!(
        mutes[1].params["permissions"].to_string().contains("can_send_messages\\\":true")
            || mutes[1].params["permissions"]["can_send_messages"] == Value::Bool(true),
        "{:?}",
        mutes[1].params
    );
    let edit = bot.calls_to("editMessageText").pop().expect("the notice is closed");
    assert!(
        edit.buttons().is_empty()
            && edit.text().contains("restored: ")
            && edit.text().contains("can talk again"),
        "{}",
        edit.text()
    );
    assert!(press(&bot, notice, OWNER, &data(&buttons, ":r")).await.contains("already decided"));
    assert!(press(&bot, notice, OWNER, &data(&buttons, ":c")).await.contains("already decided"));
    assert_eq!(calls_for(&bot, "restrictChatMember", BOB).len(), 2);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_hidden_messages WHERE status = 'restored'").await, 1);
}

#[tokio::test]
async fn a_confirmed_hiding_stays_and_is_logged() {
    let (bot, _) = lounge().await;
    for user in [ALICE, CAROL, DAVE] {
        say(&bot, OWNER, &format!("/trust {user} leader")).await;
    }
    say(&bot, OWNER, "/set report_threshold 2").await;
    let rude = bot.with(|w| w.say(GROUP, ERIN, "spam spam"));
    bot.settle().await;
    reply(&bot, ALICE, rude, "/report").await;
    reply(&bot, CAROL, rude, "/report").await;
    assert_eq!(bot.calls_to("deleteMessage").len(), 1);
    let (notice, buttons) = card(&bot, GROUP, "mod:hid");
    assert!(press(&bot, notice, BOB, &data(&buttons, ":c")).await.contains("Only the chat's admins"));
    assert_eq!(press(&bot, notice, OWNER, &data(&buttons, ":c")).await, "Done.");
    assert!(press(&bot, notice, OWNER, &data(&buttons, ":c")).await.contains("already decided"));
    assert_eq!(calls_for(&bot, "restrictChatMember", ERIN).len(), 1, "the mute stays");
    let log = say(&bot, OWNER, "/modlog").await;
    let lines: Vec<&str> = log.lines().skip(1).collect();
    assert_eq!(lines.len(), 3, "{log}");
    assert!(lines[0].contains("hiding confirmed") && lines[0].contains("by Olga"), "{log}");
    assert!(lines[1].contains("muted") && lines[1].contains("hidden by 2 trusted reports"), "{log}");
    assert!(lines[2].contains("deleted"), "{log}");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log WHERE action = 'confirm'").await, 1);
}

#[tokio::test]
async fn community_moderators_handle_report_cards_within_their_limits() {
    let (bot, said) = lounge().await;
    make_moderator(&bot, ALICE).await;
    make_moderator(&bot, DAVE).await;
    let (bob, dave) = (msg_of(&said, BOB), msg_of(&said, DAVE));
    reply(&bot, ERIN, bob, "/report rude").await;
    let (report, buttons) = card(&bot, GROUP, "mod:rep");
    // Ban is not theirs; the report stays open.
    assert!(press(&bot, report, ALICE, &data(&buttons, ":b")).await.contains("banning is for admins"));
    assert!(bot.calls_to("banChatMember").is_empty());
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_reports WHERE status = 'open'").await, 1);
    // A member who is no moderator cannot press.
    assert!(press(&bot, report, CAROL, &data(&buttons, ":w")).await.contains("community moderators can act"));
    // Mute: the chat's warn_mute (24h) cut to member_mod_mute (1h).
    assert_eq!(press(&bot, report, ALICE, &data(&buttons, ":m")).await, "Done.");
    let mutes = calls_for(&bot, "restrictChatMember", BOB);
    assert_eq!(mutes.len(), 1);
    assert_eq!(
        mutes[0].params["until_date"],
        serde_json::json!((t0() + chrono::Duration::hours(1)).timestamp())
    );
    assert!(press(&bot, report, ALICE, &data(&buttons, ":w")).await.contains("already been handled"));

    // Warn from a card, marked as theirs.
    let again = bot.with(|w| w.say(GROUP, BOB, "more"));
    bot.settle().await;
    reply(&bot, ERIN, again, "/report").await;
    let (report, buttons) = card(&bot, GROUP, "mod:rep");
    assert_eq!(press(&bot, report, ALICE, &data(&buttons, ":w")).await, "Done.");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_warnings WHERE by_user_id = 1001").await, 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log WHERE by_community_moderator = 1").await, 2);

    // A report about another community moderator is not theirs to handle, not even to dismiss.
    reply(&bot, ERIN, dave, "/report").await;
    let (report, buttons) = card(&bot, GROUP, "mod:rep");
    assert!(
        press(&bot, report, ALICE, &data(&buttons, ":d")).await.contains("don't act on community moderators")
    );
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_reports WHERE status = 'open'").await, 1);
    // An admin can.
    assert_eq!(press(&bot, report, OWNER, &data(&buttons, ":d")).await, "Done.");
}

#[tokio::test]
async fn a_community_moderator_who_started_the_bot_gets_report_cards_by_dm() {
    let (bot, said) = lounge().await;
    make_moderator(&bot, ALICE).await;
    make_moderator(&bot, CAROL).await;
    bot.with(|w| w.say(ALICE, ALICE, "/start"));
    bot.settle().await;
    reply(&bot, ERIN, msg_of(&said, BOB), "/report rude").await;
    // Alice started the bot: the card reaches her too; Carol did not.
    let (report, buttons) = card(&bot, ALICE, "mod:rep");
    assert!(bot.texts_to(CAROL).is_empty(), "no DM to who never started the bot");
    bot.with(|w| w.press(ALICE, report, ALICE, &data(&buttons, ":m")));
    bot.settle().await;
    assert_eq!(last_toast(&bot), "Done.");
    assert_eq!(calls_for(&bot, "restrictChatMember", BOB).len(), 1, "muted from her DM");
    // Demoted, she gets no more cards.
    say(&bot, OWNER, &format!("/demote {ALICE}")).await;
    let before = bot.texts_to(ALICE).len();
    let again = bot.with(|w| w.say(GROUP, BOB, "more"));
    bot.settle().await;
    reply(&bot, ERIN, again, "/report").await;
    assert_eq!(bot.texts_to(ALICE).len(), before, "no card after the demotion");
}
