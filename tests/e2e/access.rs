//! Who may do what, for every command and every button at once: each admin
//! command from a member, each button kind with forged data. The specs and
//! the routes are read from the feature list, so a new command or button is
//! covered without a line here.

use hearth::{features, kernel::Routes, telegram::command::Access};

use crate::support::*;

/// Every table a refused command or a forged button could have changed.
const TABLES: &[&str] = &[
    "mod_warnings",
    "mod_log",
    "mod_filters",
    "mod_reports",
    "ideas",
    "idea_votes",
    "points_ledger",
    "badges",
    "nudge_events",
    "nps_polls",
    "nps_votes",
    "surveys",
    "survey_answers",
    "chat_settings",
    "log_chats",
    "forum_topics",
    "welcome_links",
    "chat_texts",
    "referral_links",
    "referrals",
    "dm_dialogues",
    "nudge_outbox",
    "community_moderators",
    "mod_hidden_messages",
];

async fn counts(bot: &TestBot) -> Vec<(&'static str, i64)> {
    let mut out = Vec::new();
    for table in TABLES {
        out.push((*table, bot.scalar(&format!("SELECT COUNT(*) FROM {table}")).await));
    }
    out
}

/// Calls that would mean the bot acted (not just answered).
const ACTIONS: &[&str] = &[
    "restrictChatMember",
    "banChatMember",
    "unbanChatMember",
    "deleteMessage",
    "editMessageText",
    "editMessageReplyMarkup",
    "createChatInviteLink",
    "pinChatMessage",
];

fn actions(bot: &TestBot) -> usize {
    ACTIONS.iter().map(|m| bot.calls_to(m).len()).sum()
}

#[tokio::test]
async fn every_admin_command_from_a_member_is_refused_and_changes_nothing() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.seat(BOB);
    // A message to reply to, so commands that act on a replied member have one.
    let target = bot.with(|w| w.say(GROUP, BOB, "hello"));
    bot.settle().await;
    let before = counts(&bot).await;
    let admin: Vec<&str> =
        features::CATALOG.commands().filter(|c| c.access != Access::Member).map(|c| c.name).collect();
    assert!(admin.len() > 30, "{admin:?}");
    for name in admin {
        for args in ["", " 1d spam", " on"] {
            let sent = bot.texts_to(GROUP).len();
            bot.with(|w| {
                w.say_with(GROUP, ALICE, &format!("/{name}{args}"), |m| {
                    m["reply_to_message"] = serde_json::json!({
                        "message_id": target, "date": m["date"], "chat": m["chat"],
                        "from": {"id": BOB, "is_bot": false, "first_name": "Bob"}, "text": "hello"});
                })
            });
            bot.settle().await;
            let answers = &bot.texts_to(GROUP)[sent..];
            assert_eq!(answers.len(), 1, "/{name}{args}: {answers:?}");
            assert!(answers[0].contains("Only the chat's admins"), "/{name}{args}: {answers:?}");
        }
    }
    assert_eq!(actions(&bot), 0, "a member's admin command made the bot act");
    assert_eq!(counts(&bot).await, before);
}

#[tokio::test]
async fn every_button_kind_with_forged_data_is_answered_and_changes_nothing() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.settle().await;
    let before = counts(&bot).await;
    let kinds: Vec<_> = features::routes().iter().flat_map(|r: &Routes| r.button_kinds.clone()).collect();
    assert!(kinds.len() >= 7, "{} button kinds", kinds.len());
    let stale = "This button no longer works.";
    for kind in &kinds {
        let p = kind.prefix;
        // Malformed: unknown actions, missing and extra fields, wrong types,
        // over Telegram's 64 bytes, exotic text.
        let junk = [
            p.to_string(),
            format!("{p}:"),
            format!("{p}:zz"),
            format!("{p}:zz:1:2"),
            format!("{p}:v:x:y:z:w"),
            format!("{p}:{}", "9".repeat(70)),
            format!("{p}:💥:\u{0}:-"),
        ];
        for data in &junk {
            let answered = bot.calls_to("answerCallbackQuery").len();
            bot.with(|w| w.press(GROUP, 1, ALICE, data));
            bot.settle().await;
            let answers = bot.calls_to("answerCallbackQuery");
            assert_eq!(answers.len(), answered + 1, "{data}: one answer");
            let last = &answers[answered];
            assert_eq!(last.params["text"], stale, "{data}");
            assert_eq!(last.params["show_alert"], true, "{data}");
        }
        // Well formed, naming nothing that exists (ids at their extremes),
        // pressed by a member on a message that is not the button's: an
        // alert, and nothing done.
        for data in (kind.examples)() {
            let answered = bot.calls_to("answerCallbackQuery").len();
            bot.with(|w| w.press(GROUP, 1, ALICE, &data));
            bot.settle().await;
            let answers = bot.calls_to("answerCallbackQuery");
            assert_eq!(answers.len(), answered + 1, "{data}: one answer");
            assert_eq!(
                answers[answered].params["show_alert"], true,
                "{data}: {:?}",
                answers[answered].params
            );
        }
    }
    assert_eq!(actions(&bot), 0, "a forged button made the bot act");
    assert_eq!(counts(&bot).await, before);
}
