//! Moderation end to end: warnings and the escalation ladder, mutes and bans
//! with durations, refusals, filters, antiflood, newcomer limits, reports
//! and their buttons, the log, idempotency, /me.

use crate::support::*;
use chrono::Duration;
use hearth::sim::{Call, world::Status};
use serde_json::json;

const MODS: i64 = -100_900;

fn group_texts(bot: &TestBot) -> Vec<String> {
    bot.texts_to(GROUP)
}

fn calls_for(bot: &TestBot, method: &str, user: i64) -> Vec<Call> {
    bot.calls_to(method).into_iter().filter(|c| !c.faulted && c.user_id() == Some(user)).collect()
}

/// Alice (and Bob) are members; Alice has said something to reply to.
async fn with_members() -> (TestBot, i64) {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.seat(BOB);
    let m = bot.with(|w| w.say(GROUP, ALICE, "something rude"));
    bot.with(|w| w.say(GROUP, BOB, "hello all"));
    bot.settle().await;
    (bot, m)
}

async fn warn_alice(bot: &TestBot, about: i64, reason: &str) {
    bot.with(|w| w.reply(GROUP, OWNER, about, &format!("/warn {reason}")));
    bot.settle().await;
}

#[tokio::test]
async fn warnings_escalate_once_at_the_limit_and_start_over() {
    let (bot, m) = with_members().await;
    warn_alice(&bot, m, "spam").await;
    assert!(bot.last_text_to(GROUP).contains("(1/3)"), "{}", bot.last_text_to(GROUP));
    assert!(bot.last_text_to(GROUP).contains("Reason: spam"));
    warn_alice(&bot, m, "spam again").await;
    assert!(bot.last_text_to(GROUP).contains("(2/3)"));
    assert!(calls_for(&bot, "restrictChatMember", ALICE).is_empty());
    warn_alice(&bot, m, "third time").await;
    let last = bot.last_text_to(GROUP);
    assert!(last.contains("(3/3)") && last.contains("muted until 2026-11-03 10:00 UTC"), "{last}");
    let mutes = calls_for(&bot, "restrictChatMember", ALICE);
    assert_eq!(mutes.len(), 1, "the limit's action once");
    assert_eq!(mutes[0].params["until_date"], json!((t0() + Duration::hours(24)).timestamp()));
    assert_ne!(mutes[0].params["permissions"]["can_send_messages"], json!(true));
    // The count starts over.
    warn_alice(&bot, m, "fourth").await;
    assert!(bot.last_text_to(GROUP).contains("(1/3)"), "{}", bot.last_text_to(GROUP));
    assert_eq!(calls_for(&bot, "restrictChatMember", ALICE).len(), 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log WHERE action = 'mute' AND automatic = 1").await, 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log WHERE action = 'warn'").await, 4);
}

#[tokio::test]
async fn the_ladder_follows_warn_action_and_warn_limit() {
    let (bot, m) = with_members().await;
    bot.with(|w| {
        w.say(GROUP, OWNER, "/set warn_limit 2");
        w.say(GROUP, OWNER, "/set warn_action ban");
    });
    bot.settle().await;
    warn_alice(&bot, m, "one").await;
    assert!(bot.calls_to("banChatMember").is_empty());
    warn_alice(&bot, m, "two").await;
    let bans = calls_for(&bot, "banChatMember", ALICE);
    assert_eq!(bans.len(), 1);
    assert!(bans[0].params.get("until_date").is_none_or(|v| v.is_null()), "permanent");
    assert!(bot.last_text_to(GROUP).contains("banned"));
}

#[tokio::test]
async fn expired_warnings_do_not_count() {
    let (bot, m) = with_members().await;
    warn_alice(&bot, m, "old").await;
    warn_alice(&bot, m, "old too").await;
    // 31 days later (warn_expire_days is 30) the old ones have expired.
    bot.with(|w| w.now += Duration::days(31).num_seconds());
    let fresh = bot.with(|w| w.say(GROUP, ALICE, "rude again"));
    bot.settle().await;
    warn_alice(&bot, fresh, "new").await;
    assert!(bot.last_text_to(GROUP).contains("(1/3)"), "{}", bot.last_text_to(GROUP));
    warn_alice(&bot, fresh, "newer").await;
    assert!(bot.last_text_to(GROUP).contains("(2/3)"));
    assert!(calls_for(&bot, "restrictChatMember", ALICE).is_empty(), "4 warnings, only 2 active");
    bot.with(|w| w.say(GROUP, ALICE, "/warns"));
    bot.settle().await;
    let text = bot.last_text_to(GROUP);
    assert!(text.contains("2/3") && text.contains("newer") && !text.contains("old"), "{text}");
}

#[tokio::test]
async fn unwarn_and_resetwarns() {
    let (bot, m) = with_members().await;
    warn_alice(&bot, m, "a").await;
    warn_alice(&bot, m, "b").await;
    bot.with(|w| w.reply(GROUP, OWNER, m, "/unwarn"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("(1/3 now)"), "{}", bot.last_text_to(GROUP));
    bot.with(|w| w.say(GROUP, OWNER, "/resetwarns @alice"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("cleared"));
    warn_alice(&bot, m, "c").await;
    assert!(bot.last_text_to(GROUP).contains("(1/3)"));
}

#[tokio::test]
async fn a_replayed_warn_warns_once() {
    let (bot, m) = with_members().await;
    let update = bot.with(|w| {
        let id = w.next_message_id(GROUP);
        json!({"message": {
            "message_id": id, "date": w.now,
            "chat": {"id": GROUP, "type": "supergroup", "title": "Test Lounge"},
            "from": w.users[&OWNER].json(), "text": "/warn spam",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
            "reply_to_message": {"message_id": m, "date": w.now, "text": "something rude",
                "chat": {"id": GROUP, "type": "supergroup", "title": "Test Lounge"},
                "from": w.users[&ALICE].json()},
        }})
    });
    bot.fake.push(update.clone());
    bot.settle().await;
    bot.fake.push(update);
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_warnings").await, 1);
    let warned = group_texts(&bot).iter().filter(|t| t.contains("has been warned")).count();
    assert_eq!(warned, 1);
}

#[tokio::test]
async fn mute_and_ban_take_durations() {
    let (bot, m) = with_members().await;
    bot.with(|w| w.reply(GROUP, OWNER, m, "/mute 2h calm down"));
    bot.settle().await;
    let mutes = calls_for(&bot, "restrictChatMember", ALICE);
    assert_eq!(mutes.len(), 1);
    assert_eq!(mutes[0].params["until_date"], json!((t0() + Duration::hours(2)).timestamp()));
    let text = bot.last_text_to(GROUP);
    assert!(text.contains("muted until 2026-11-02 12:00 UTC") && text.contains("calm down"), "{text}");

    bot.with(|w| w.say(GROUP, OWNER, "/ban @alice 1d"));
    bot.settle().await;
    let bans = calls_for(&bot, "banChatMember", ALICE);
    assert_eq!(bans.len(), 1);
    assert_eq!(bans[0].params["until_date"], json!((t0() + Duration::days(1)).timestamp()));
    assert_eq!(bot.with(|w| w.status(GROUP, ALICE)), Status::Kicked);

    bot.with(|w| w.say(GROUP, OWNER, "/unban 1001"));
    bot.with(|w| w.say(GROUP, OWNER, &format!("/ban {BOB} for good")));
    bot.settle().await;
    assert_eq!(calls_for(&bot, "unbanChatMember", ALICE).len(), 1);
    let bob = calls_for(&bot, "banChatMember", BOB);
    assert_eq!(bob.len(), 1);
    assert!(bob[0].params.get("until_date").is_none_or(|v| v.is_null()), "no duration: permanent");
    assert!(bot.last_text_to(GROUP).contains("Reason: for good"));

    bot.with(|w| w.say(GROUP, OWNER, "/unmute @alice"));
    bot.with(|w| w.say(GROUP, OWNER, &format!("/kick {BOB}")));
    bot.settle().await;
    let lifts = calls_for(&bot, "restrictChatMember", ALICE);
    assert_eq!(lifts.len(), 2);
    assert_eq!(lifts[1].params["permissions"]["can_send_messages"], json!(true));
    assert_eq!(calls_for(&bot, "banChatMember", BOB).len(), 2, "kick is a ban …");
    assert_eq!(calls_for(&bot, "unbanChatMember", BOB).len(), 1, "… then an unban");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log").await, 6);
}

#[tokio::test]
async fn a_bad_duration_changes_nothing() {
    let (bot, m) = with_members().await;
    for cmd in ["/mute 5x spam", "/mute 10s", "/ban 400d", "/ban 3q"] {
        bot.with(|w| w.reply(GROUP, OWNER, m, cmd));
        bot.settle().await;
        let text = bot.last_text_to(GROUP);
        assert!(text.contains("30m") && text.contains("Nothing was done"), "{cmd}: {text}");
    }
    assert!(bot.calls_to("restrictChatMember").is_empty());
    assert!(bot.calls_to("banChatMember").is_empty());
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log").await, 0);
}

#[tokio::test]
async fn members_cannot_moderate_and_admins_cannot_be_moderated() {
    let (bot, m) = with_members().await;
    bot.with(|w| w.reply(GROUP, BOB, m, "/ban"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Only the chat's admins"));
    assert!(bot.calls_to("banChatMember").is_empty());

    // The owner, another admin, and the bot itself are never targets.
    let owner_msg = bot.with(|w| w.say(GROUP, OWNER, "I own this place"));
    bot.settle().await;
    bot.with(|w| w.set_status(GROUP, CAROL, Status::Administrator));
    let carol_msg = bot.with(|w| w.say(GROUP, CAROL, "I'm an admin"));
    bot.settle().await;
    bot.with(|w| w.reply(GROUP, OWNER, carol_msg, "/ban"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("don't act on admins"), "{}", bot.last_text_to(GROUP));
    // Carol became an admin without the bot hearing of it: Telegram's refusal is explained too.
    // Once Telegram tells the bot, Carol may moderate, but not the owner.
    bot.with(|w| w.promote(GROUP, CAROL));
    bot.settle().await;
    bot.with(|w| w.reply(GROUP, CAROL, owner_msg, "/mute 1h"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("don't act on admins"));
    let bot_msg = bot.with(|w| {
        w.messages.values().filter(|m| m.from_bot && m.chat_id == GROUP).map(|m| m.message_id).max().unwrap()
    });
    bot.with(|w| w.reply(GROUP, OWNER, bot_msg, "/warn"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("won't act on myself"));
    assert_eq!(bot.with(|w| w.status(GROUP, CAROL)), Status::Administrator, "Telegram refused the one call");
    assert_eq!(bot.calls_to("banChatMember").len(), 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log").await, 0);
    assert!(bot.calls_to("restrictChatMember").is_empty());
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_warnings").await, 0);

    // No target at all; an unknown @username.
    bot.with(|w| w.say(GROUP, OWNER, "/mute"));
    bot.with(|w| w.say(GROUP, OWNER, "/ban @nobody_here"));
    bot.settle().await;
    let texts = group_texts(&bot);
    assert!(texts[texts.len() - 2].contains("/mute @username"));
    assert!(texts[texts.len() - 1].contains("don't know @nobody_here"));
}

#[tokio::test]
async fn a_missing_right_is_named_and_nothing_is_recorded() {
    let (bot, m) = with_members().await;
    bot.with(|w| w.chats.get_mut(&GROUP).unwrap().bot_can_restrict = false);
    bot.with(|w| w.reply(GROUP, OWNER, m, "/mute 1h"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Ban users"), "{}", bot.last_text_to(GROUP));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log").await, 0);
}

#[tokio::test]
async fn filters_delete_and_act_with_cyrillic_words_and_regexes() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.with(|w| {
        w.say(GROUP, OWNER, "/filter спам warn");
        w.say(GROUP, OWNER, "/filter /b[i1]tc[o0]in/ ban");
    });
    bot.settle().await;
    assert!(group_texts(&bot).iter().any(|t| t.contains("Filter (word) спам")));
    let spam = bot.with(|w| w.say(GROUP, ALICE, "Это СПАМ, покупайте"));
    let spammer = bot.with(|w| w.say(GROUP, ALICE, "спаммер пришёл"));
    bot.settle().await;
    let deletes: Vec<i64> = bot
        .calls_to("deleteMessage")
        .iter()
        .filter_map(|c| hearth::sim::world::num(&c.params["message_id"]))
        .collect();
    assert_eq!(deletes, vec![spam], "a whole word, in any case; not a longer word");
    assert!(!deletes.contains(&spammer));
    assert!(bot.last_text_to(GROUP).contains("(1/3)"), "{}", bot.last_text_to(GROUP));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_warnings WHERE by_user_id IS NULL").await, 1);

    let coin = bot.with(|w| w.say(GROUP, ALICE, "free B1TCOIN here"));
    bot.settle().await;
    assert!(bot.calls_to("deleteMessage").iter().any(|c| c.params["message_id"] == json!(coin)));
    assert_eq!(calls_for(&bot, "banChatMember", ALICE).len(), 1);

    // Admins are exempt.
    bot.with(|w| w.say(GROUP, OWNER, "спам — это плохо"));
    bot.settle().await;
    assert_eq!(bot.calls_to("deleteMessage").len(), 2);

    // A bad regex is refused; /unfilter and /filters.
    bot.with(|w| w.say(GROUP, OWNER, "/filter /(unclosed/"));
    bot.with(|w| w.say(GROUP, OWNER, r"/filter /(\w{60}){60}/"));
    bot.settle().await;
    let texts = group_texts(&bot);
    assert!(texts[texts.len() - 2].contains("not a valid regular expression"));
    assert!(texts[texts.len() - 1].contains("too costly"));
    bot.with(|w| w.say(GROUP, OWNER, "/unfilter СПАМ"));
    bot.with(|w| w.say(GROUP, OWNER, "/filters"));
    bot.settle().await;
    let list = bot.last_text_to(GROUP);
    assert!(list.contains("/b[i1]tc[o0]in/") && !list.contains("спам"), "{list}");
    bot.with(|w| w.say(GROUP, BOB, "/filter hello"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Only the chat's admins"));
    // The removed filter no longer acts (the cache was dropped).
    bot.with(|w| w.say(GROUP, ALICE, "спам"));
    bot.settle().await;
    assert_eq!(bot.calls_to("deleteMessage").len(), 2);
}

#[tokio::test]
async fn flooding_mutes_once_with_one_notice() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.with(|w| {
        for i in 0..12 {
            if i % 3 == 0 {
                w.now += 1;
            }
            w.say(GROUP, ALICE, &format!("message {i}"));
        }
    });
    bot.settle().await;
    let mutes = calls_for(&bot, "restrictChatMember", ALICE);
    assert_eq!(mutes.len(), 1, "one mute");
    let notices: Vec<String> =
        group_texts(&bot).into_iter().filter(|t| t.contains("lot of messages")).collect();
    assert_eq!(notices.len(), 1, "one notice");
    assert!(notices[0].contains("10 minutes"));
    let ninth_at = t0().timestamp() + 3;
    assert_eq!(mutes[0].params["until_date"], json!(ninth_at + 600));
    // Slow talkers are fine.
    bot.seat(BOB);
    bot.with(|w| {
        for i in 0..12 {
            w.now += 5;
            w.say(GROUP, BOB, &format!("calm {i}"));
        }
    });
    bot.settle().await;
    assert!(calls_for(&bot, "restrictChatMember", BOB).is_empty());
}

#[tokio::test]
async fn newcomers_cannot_post_links_but_old_members_can() {
    let bot = TestBot::start().await;
    bot.seat(BOB);
    bot.with(|w| w.say(GROUP, OWNER, "/set gate off"));
    bot.with(|w| w.join(GROUP, ALICE, None));
    bot.settle().await;
    bot.with(|w| w.now += 3600);
    let link = bot.with(|w| w.say(GROUP, ALICE, "great deals at https://spam.example"));
    let plain = bot.with(|w| w.say(GROUP, ALICE, "hello everyone"));
    let forward = bot.with(|w| {
        w.say_with(GROUP, ALICE, "look", |m| {
            m["forward_origin"] = json!({"type": "channel", "date": 1,
                "chat": {"id": -100_777, "type": "channel", "title": "Deals"}, "message_id": 9});
        })
    });
    let old = bot.with(|w| w.say(GROUP, BOB, "docs at https://docs.example"));
    bot.settle().await;
    let deleted: Vec<i64> = bot
        .calls_to("deleteMessage")
        .iter()
        .filter_map(|c| hearth::sim::world::num(&c.params["message_id"]))
        .collect();
    assert!(deleted.contains(&link) && deleted.contains(&forward), "{deleted:?}");
    assert!(!deleted.contains(&plain) && !deleted.contains(&old));
    let notes: Vec<String> =
        group_texts(&bot).into_iter().filter(|t| t.contains("In your first hours")).collect();
    assert_eq!(notes.len(), 1, "one gentle note");
    assert!(notes[0].contains("2026-11-03 10:00 UTC"), "{}", notes[0]);
    // A day later the limit has lifted.
    bot.with(|w| w.now += 24 * 3600);
    bot.with(|w| w.say(GROUP, ALICE, "now https://ok.example"));
    bot.settle().await;
    assert_eq!(bot.calls_to("deleteMessage").len(), 2);
}

fn report_card(bot: &TestBot, chat: i64) -> (i64, Vec<(String, String)>) {
    bot.with(|w| {
        let m = w
            .messages
            .values()
            .filter(|m| m.from_bot && m.chat_id == chat && m.markup.to_string().contains("mod:rep"))
            .max_by_key(|m| m.message_id)
            .cloned()
            .expect("a report card");
        let call = w
            .calls
            .iter()
            .rev()
            .find(|c| c.method == "sendMessage" && c.chat_id() == Some(chat) && !c.buttons().is_empty())
            .cloned()
            .expect("the card's call");
        (m.message_id, call.buttons())
    })
}

fn data(buttons: &[(String, String)], suffix: &str) -> String {
    buttons.iter().map(|(_, d)| d.clone()).find(|d| d.ends_with(suffix)).expect("a button")
}

#[tokio::test]
async fn a_report_reaches_the_admins_and_only_an_admin_acts_once() {
    let (bot, m) = with_members().await;
    bot.with(|w| w.reply(GROUP, BOB, m, "/report insults"));
    bot.settle().await;
    let texts = group_texts(&bot);
    assert!(texts.iter().any(|t| t.contains("Thanks — the admins have been told")));
    // No log chat, no admin has started the bot: a group message naming them.
    let (card, buttons) = report_card(&bot, GROUP);
    let card_text = texts.iter().find(|t| t.contains("Report")).unwrap();
    assert!(card_text.contains("Bob reported Alice") && card_text.contains("Admins: Olga"), "{card_text}");
    assert_eq!(buttons.len(), 4);
    assert!(calls_for(&bot, "restrictChatMember", ALICE).is_empty(), "nothing until an admin presses");

    // A member's press does nothing.
    bot.with(|w| w.press(GROUP, card, BOB, &data(&buttons, ":m")));
    bot.settle().await;
    assert!(calls_for(&bot, "restrictChatMember", ALICE).is_empty());
    let toast = bot.calls_to("answerCallbackQuery").pop().unwrap();
    assert!(toast.params["text"].as_str().unwrap().contains("Only the chat's admins"));

    // The admin's press mutes; a second press is "already handled".
    bot.with(|w| w.press(GROUP, card, OWNER, &data(&buttons, ":m")));
    bot.settle().await;
    let mutes = calls_for(&bot, "restrictChatMember", ALICE);
    assert_eq!(mutes.len(), 1);
    assert_eq!(mutes[0].params["until_date"], json!((t0() + Duration::hours(24)).timestamp()));
    let edit = bot.calls_to("editMessageText").pop().expect("the card is updated");
    assert!(edit.buttons().is_empty());
    assert!(edit.text().contains("Handled by"));
    bot.with(|w| w.press(GROUP, card, OWNER, &data(&buttons, ":b")));
    bot.settle().await;
    assert!(bot.calls_to("banChatMember").is_empty());
    let toast = bot.calls_to("answerCallbackQuery").pop().unwrap();
    assert!(toast.params["text"].as_str().unwrap().contains("already been handled"));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_reports WHERE status = 'muted'").await, 1);

    // Forged data is answered, not acted on.
    bot.with(|w| w.press(GROUP, card, OWNER, "mod:rep:999:b"));
    bot.with(|w| w.press(GROUP, card, OWNER, "mod:rep:x:zz"));
    bot.settle().await;
    assert!(bot.calls_to("banChatMember").is_empty());
}

#[tokio::test]
async fn reports_go_to_the_log_chat_or_admins_dms() {
    let (bot, m) = with_members().await;
    bot.with(|w| {
        w.add_group(MODS, "Mods", OWNER);
        w.say(OWNER, OWNER, "/start");
    });
    bot.settle().await;
    // Without a log chat: a DM to the admin who started the bot.
    bot.with(|w| w.reply(GROUP, BOB, m, "/report"));
    bot.settle().await;
    let dm = bot.texts_to(OWNER);
    assert!(dm.last().unwrap().contains("Bob reported Alice"), "{dm:?}");
    let (card, buttons) = report_card(&bot, OWNER);
    bot.with(|w| w.press(OWNER, card, OWNER, &data(&buttons, ":w")));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("(1/3)"), "{}", bot.last_text_to(GROUP));

    // With a log chat: the card goes there, and every action is logged there.
    bot.with(|w| w.say(GROUP, OWNER, &format!("/setlogchat {MODS}")));
    bot.settle().await;
    let m2 = bot.with(|w| w.say(GROUP, ALICE, "more rudeness"));
    bot.with(|w| w.reply(GROUP, BOB, m2, "/report again"));
    bot.settle().await;
    let (card, buttons) = report_card(&bot, MODS);
    bot.with(|w| w.press(MODS, card, OWNER, &data(&buttons, ":d")));
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_reports WHERE status = 'dismissed'").await, 1);
    bot.with(|w| w.reply(GROUP, OWNER, m2, "/mute 30m"));
    bot.settle().await;
    let logged = bot.texts_to(MODS);
    assert!(logged.iter().any(|t| t.contains("report dismissed")), "{logged:?}");
    assert!(
        logged.iter().any(|t| t.contains("muted") && t.contains("until 2026-11-02 10:30 UTC")),
        "{logged:?}"
    );
}

#[tokio::test]
async fn reports_are_limited_and_never_against_admins() {
    let (bot, _) = with_members().await;
    let owner_msg = bot.with(|w| w.say(GROUP, OWNER, "admin here"));
    bot.settle().await;
    bot.with(|w| w.reply(GROUP, BOB, owner_msg, "/report"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("reports about admins"));
    bot.with(|w| w.say(GROUP, BOB, "/report"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Reply to the message"));
    for i in 0..6 {
        let m = bot.with(|w| w.say(GROUP, ALICE, &format!("rude {i}")));
        bot.with(|w| w.reply(GROUP, BOB, m, "/report"));
    }
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_reports").await, 5);
    assert!(bot.last_text_to(GROUP).contains("5 reports in the last hour"), "{}", bot.last_text_to(GROUP));
    // An hour later Bob may report again.
    bot.with(|w| w.now += 3601);
    let m = bot.with(|w| w.say(GROUP, ALICE, "rude later"));
    bot.with(|w| w.reply(GROUP, BOB, m, "/report"));
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_reports").await, 6);
}

#[tokio::test]
async fn modlog_lists_who_did_what_to_whom() {
    let (bot, m) = with_members().await;
    warn_alice(&bot, m, "spam").await;
    bot.with(|w| w.reply(GROUP, OWNER, m, "/mute 1h shouting"));
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, "/modlog"));
    bot.settle().await;
    let log = bot.last_text_to(GROUP);
    assert!(log.contains("Moderation log"), "{log}");
    let lines: Vec<&str> = log.lines().skip(1).collect();
    assert_eq!(lines.len(), 2, "{log}");
    assert!(lines[0].contains("muted") && lines[0].contains("Alice") && lines[0].contains("by Olga"));
    assert!(lines[0].contains("until 2026-11-02 11:00 UTC") && lines[0].contains("shouting"));
    assert!(lines[1].contains("warned") && lines[1].contains("spam"));
    bot.with(|w| w.say(GROUP, OWNER, "/modlog 1"));
    bot.with(|w| w.say(GROUP, OWNER, "/modlog lots"));
    bot.with(|w| w.say(GROUP, BOB, "/modlog"));
    bot.settle().await;
    let texts = group_texts(&bot);
    assert_eq!(texts[texts.len() - 3].lines().count(), 2);
    // The same log for the analytics export, oldest first.
    let (header, rows) = hearth::features::moderation::store::export_rows(bot.db(), GROUP).await.unwrap();
    assert_eq!(header, ["at", "action", "target_id", "actor_id", "automatic", "reason", "until"]);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0][1..6], ["warn", "1001", "1", "no", "spam"]);
    assert_eq!(rows[1][6], "2026-11-02T11:00:00Z");
    assert!(texts[texts.len() - 2].contains("Usage"));
    assert!(texts[texts.len() - 1].contains("Only the chat's admins"));
}

#[tokio::test]
async fn me_shows_active_warnings() {
    let (bot, m) = with_members().await;
    warn_alice(&bot, m, "spam").await;
    bot.with(|w| w.say(GROUP, ALICE, "/me"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Warnings: 1/3"), "{}", bot.last_text_to(GROUP));
    bot.with(|w| w.say(GROUP, BOB, "/me"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Warnings: 0/3"));
    // A member may see their own warnings, not someone else's.
    bot.with(|w| w.say(GROUP, BOB, "/warns @alice"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Only the chat's admins"));
}

#[tokio::test]
async fn automatic_moderation_without_rights_says_so_once_and_records_nothing() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.with(|w| w.say(GROUP, OWNER, "/filter casino"));
    bot.settle().await;
    bot.with(|w| w.chats.get_mut(&GROUP).unwrap().bot_can_delete = false);
    bot.with(|w| {
        w.say(GROUP, ALICE, "casino tonight");
        w.say(GROUP, ALICE, "casino again");
    });
    bot.settle().await;
    let notices = group_texts(&bot).into_iter().filter(|t| t.contains("Delete messages")).count();
    assert_eq!(notices, 1, "one notice, naming the right");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log").await, 0);
}

#[tokio::test]
async fn russian_chats_get_russian_answers() {
    let (bot, m) = with_members().await;
    bot.with(|w| w.say(GROUP, OWNER, "/set lang ru"));
    bot.settle().await;
    warn_alice(&bot, m, "спам").await;
    let text = bot.last_text_to(GROUP);
    assert!(text.contains("получает предупреждение (1/3)") && text.contains("Причина: спам"), "{text}");
    bot.with(|w| w.reply(GROUP, OWNER, m, "/mute 1ч"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("не может писать до 2026-11-02 11:00 UTC"));
    bot.with(|w| {
        for i in 0..9 {
            w.say(GROUP, BOB, &format!("сообщение {i}"));
        }
    });
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("писать нельзя 10 минут"), "{}", bot.last_text_to(GROUP));
}

fn telegram_limits(config: &mut hearth::config::Config) {
    config.limits = teloxide::adaptors::throttle::Limits::default();
    config.limits.messages_per_min_channel_or_supergroup = 20;
}

#[tokio::test]
async fn a_spam_raid_under_telegrams_limits_never_stalls_the_bot() {
    let raiders: Vec<i64> = (2001..=2030).collect();
    let bot = TestBot::start_configured(
        |w| {
            w.enforce_limits = true;
            for id in 2001..=2030 {
                w.add_user(id, &format!("Raider{id}"));
            }
        },
        telegram_limits,
    )
    .await;
    bot.with(|w| {
        w.say(GROUP, OWNER, "/set gate off");
        for &id in &raiders {
            w.join(GROUP, id, None);
        }
    });
    bot.settle().await;
    bot.with(|w| w.now += 600);
    let links: Vec<i64> = bot
        .with(|w| raiders.iter().map(|&id| w.say(GROUP, id, "cheap pills https://spam.example")).collect());
    // Within settle's 40 s: 30 notes paced at 20 a minute would take longer.
    bot.settle().await;
    let deleted: Vec<i64> = bot
        .calls_to("deleteMessage")
        .iter()
        .filter(|c| !c.faulted)
        .filter_map(|c| hearth::sim::world::num(&c.params["message_id"]))
        .collect();
    assert!(links.iter().all(|m| deleted.contains(m)), "every link is deleted: {deleted:?}");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log WHERE action = 'delete'").await, 30);
    assert_eq!(bot.with(|w| w.rate_limited), 0, "no 429s");
    let notes = group_texts(&bot).into_iter().filter(|t| t.contains("In your first hours")).count();
    assert!(notes < 10, "notes only when a slot was free at once: {notes}");
}

#[tokio::test]
async fn a_late_handled_short_mute_is_not_made_permanent() {
    let (bot, m) = with_members().await;
    // A /mute 2h sent three hours ago, handled only now (a backlog, a replay):
    // its end is past, and Telegram would take a past until_date as forever.
    bot.with(|w| {
        w.now -= 3 * 3600;
        w.reply(GROUP, OWNER, m, "/mute 2h");
        w.now += 3 * 3600;
    });
    bot.settle().await;
    assert!(calls_for(&bot, "restrictChatMember", ALICE).is_empty(), "no restriction at all");
    assert!(bot.last_text_to(GROUP).contains("would already have ended"), "{}", bot.last_text_to(GROUP));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log WHERE action = 'mute'").await, 0);
    // One sent an hour ago still has an hour to run: applied until then.
    bot.with(|w| {
        w.now -= 3600;
        w.reply(GROUP, OWNER, m, "/mute 2h");
        w.now += 3600;
    });
    bot.settle().await;
    let mutes = calls_for(&bot, "restrictChatMember", ALICE);
    assert_eq!(mutes.len(), 1);
    assert_eq!(mutes[0].params["until_date"], json!((t0() + Duration::hours(1)).timestamp()));
}

#[tokio::test]
async fn a_replayed_unwarn_drops_one_warning() {
    let (bot, m) = with_members().await;
    warn_alice(&bot, m, "a").await;
    warn_alice(&bot, m, "b").await;
    let update = bot.with(|w| {
        let id = w.next_message_id(GROUP);
        json!({"message": {
            "message_id": id, "date": w.now,
            "chat": {"id": GROUP, "type": "supergroup", "title": "Test Lounge"},
            "from": w.users[&OWNER].json(), "text": "/unwarn",
            "entities": [{"type": "bot_command", "offset": 0, "length": 7}],
            "reply_to_message": {"message_id": m, "date": w.now, "text": "something rude",
                "chat": {"id": GROUP, "type": "supergroup", "title": "Test Lounge"},
                "from": w.users[&ALICE].json()},
        }})
    });
    bot.fake.push(update.clone());
    bot.settle().await;
    bot.fake.push(update);
    bot.settle().await;
    let active = "SELECT COUNT(*) FROM mod_warnings WHERE user_id = 1001 AND cleared_at IS NULL";
    assert_eq!(bot.scalar(active).await, 1, "one of the two warnings is left");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log WHERE action = 'unwarn'").await, 1);
    let said = group_texts(&bot).iter().filter(|t| t.contains("(1/3 now)")).count();
    assert_eq!(said, 1, "answered once");
}

#[tokio::test]
async fn an_admin_needs_the_right_for_what_they_ask() {
    let (bot, m) = with_members().await;
    bot.seat(CAROL);
    bot.with(|w| {
        w.promote_with_rights(GROUP, BOB, &["can_pin_messages"]);
        w.promote(GROUP, CAROL);
    });
    bot.settle().await;
    // A pin-only admin may not ban, warn, mute or add filters through the bot.
    bot.with(|w| w.reply(GROUP, BOB, m, "/ban"));
    bot.settle().await;
    let last = bot.last_text_to(GROUP);
    assert!(last.contains("You need the Ban users admin right"), "{last}");
    for command in ["/warn", "/mute 1h", "/kick"] {
        bot.with(|w| w.reply(GROUP, BOB, m, command));
    }
    bot.with(|w| w.say(GROUP, BOB, "/filter casino"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("You need the Delete messages admin right"));
    assert!(bot.calls_to("banChatMember").is_empty());
    assert!(bot.calls_to("restrictChatMember").is_empty());
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_warnings").await, 0);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_filters").await, 0);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log").await, 0);
    // Nor press a report card's Ban.
    let m2 = bot.with(|w| w.say(GROUP, ALICE, "more rudeness"));
    bot.with(|w| w.reply(GROUP, CAROL, m2, "/report rude"));
    bot.settle().await;
    let (card, buttons) = report_card(&bot, GROUP);
    bot.with(|w| w.press(GROUP, card, BOB, &data(&buttons, ":b")));
    bot.settle().await;
    let toast = bot.calls_to("answerCallbackQuery").last().map(|c| c.text().to_owned()).unwrap_or_default();
    assert!(toast.contains("Ban users"), "{toast}");
    assert!(bot.calls_to("banChatMember").is_empty());
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_reports WHERE status = 'open'").await, 1);
    // An admin with every right can.
    bot.with(|w| w.reply(GROUP, CAROL, m, "/ban"));
    bot.settle().await;
    assert_eq!(calls_for(&bot, "banChatMember", ALICE).len(), 1);
    assert!(bot.last_text_to(GROUP).contains("banned"), "{}", bot.last_text_to(GROUP));
}

#[tokio::test]
async fn a_message_edited_into_a_filtered_word_is_removed_once() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.with(|w| w.say(GROUP, OWNER, "/filter casino warn"));
    let hi = bot.with(|w| w.say(GROUP, ALICE, "hi"));
    bot.settle().await;
    assert!(bot.calls_to("deleteMessage").is_empty());
    bot.with(|w| w.edit(GROUP, ALICE, hi, "best casino in town"));
    bot.settle().await;
    let deleted: Vec<i64> = bot
        .calls_to("deleteMessage")
        .iter()
        .filter_map(|c| hearth::sim::world::num(&c.params["message_id"]))
        .collect();
    assert_eq!(deleted, vec![hi]);
    assert!(bot.last_text_to(GROUP).contains("(1/3)"), "{}", bot.last_text_to(GROUP));
    // Edited again (or the update replayed): warned and logged once.
    bot.with(|w| w.edit(GROUP, ALICE, hi, "casino casino"));
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_warnings").await, 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log WHERE action = 'delete'").await, 1);
    let warned = group_texts(&bot).iter().filter(|t| t.contains("has been warned")).count();
    assert_eq!(warned, 1);
}

#[tokio::test]
async fn filters_follow_a_group_that_becomes_a_supergroup() {
    const OLD: i64 = -500;
    const NEW: i64 = -100_500;
    let bot = TestBot::start_with(|w| {
        w.add_group(OLD, "Old group", OWNER).kind = "group";
        w.add_group(NEW, "Old group", OWNER);
    })
    .await;
    // The new id was seen (and its empty filter list cached) before the move.
    bot.with(|w| w.say(NEW, ALICE, "casino? never heard of it"));
    bot.settle().await;
    bot.with(|w| w.say(OLD, OWNER, "/filter casino"));
    bot.settle().await;
    bot.with(|w| w.migrate(OLD, NEW, OWNER));
    bot.settle().await;
    assert_eq!(bot.scalar(&format!("SELECT COUNT(*) FROM mod_filters WHERE chat_id = {NEW}")).await, 1);
    let m = bot.with(|w| w.say(NEW, ALICE, "casino tonight"));
    bot.settle().await;
    let deleted: Vec<i64> = bot
        .calls_to("deleteMessage")
        .iter()
        .filter(|c| c.chat_id() == Some(NEW))
        .filter_map(|c| hearth::sim::world::num(&c.params["message_id"]))
        .collect();
    assert_eq!(deleted, vec![m], "the moved filter acts under the new id");
}

#[tokio::test]
async fn a_long_report_card_is_updated_without_splitting_an_entity() {
    let (bot, m) = with_members().await;
    bot.with(|w| w.reply(GROUP, BOB, m, "/report insults"));
    bot.settle().await;
    let (card, buttons) = report_card(&bot, GROUP);
    // The card as a press delivers it is plain text, escaped again for the
    // edit: each & becomes &amp;, well past 4096 characters.
    let text = format!("x{}", "&".repeat(1000));
    let press = bot.with(|w| {
        json!({"callback_query": {
            "id": "cb-long", "from": w.users[&OWNER].json(), "chat_instance": "ci",
            "data": data(&buttons, ":d"),
            "message": {"message_id": card, "date": w.now, "text": text, "from": w.bot_user(),
                "chat": {"id": GROUP, "type": "supergroup", "title": "Test Lounge"}},
        }})
    });
    bot.fake.push(press);
    bot.settle().await;
    let edit = bot.calls_to("editMessageText").pop().expect("the card is updated");
    let sent = edit.params["text"].as_str().unwrap_or_default();
    assert_eq!(sent.replace("&amp;", "").matches('&').count(), 0, "no entity is cut: {sent}");
    assert!(sent.contains("Handled by"), "the visible text fits: nothing is cut");
}

#[tokio::test]
async fn russian_counts_agree_and_a_kick_reads_naturally() {
    let (bot, _) = with_members().await;
    bot.with(|w| w.say(GROUP, OWNER, "/set lang ru"));
    bot.settle().await;
    for i in 0..6 {
        let m = bot.with(|w| w.say(GROUP, ALICE, &format!("грубость {i}")));
        bot.with(|w| w.reply(GROUP, BOB, m, "/report"));
    }
    bot.settle().await;
    let last = bot.last_text_to(GROUP);
    assert!(last.contains("вы отправили 5 жалоб:"), "{last}");
    bot.with(|w| w.say(GROUP, OWNER, &format!("/kick {BOB}")));
    bot.settle().await;
    let last = bot.last_text_to(GROUP);
    assert!(last.contains("Bob больше не в чате, но может вернуться."), "{last}");
}
