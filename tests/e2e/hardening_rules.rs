//! What a hostile member, a careless admin and a bad day broke in the rules
//! (issue "Hardening"), each through the fake Bot API: durations that did
//! not parse, the rules gate lifting a mute, channels posting unscreened,
//! unbalanced welcome placeholders, settings that contradict each other,
//! filters that match everything, commands counted as posts. A refusal is
//! localized and changes nothing.

use crate::support::*;
use chrono::Duration;
use hearth::sim::{Call, world::num};
use serde_json::json;

const ANONYMOUS_ADMIN: i64 = 1_087_968_824;
const DEALS: i64 = -100_777;
const OUR_CHANNEL: i64 = -100_555;

fn calls_for(bot: &TestBot, method: &str, user: i64) -> Vec<Call> {
    bot.calls_to(method).into_iter().filter(|c| !c.faulted && c.user_id() == Some(user)).collect()
}

fn deleted(bot: &TestBot) -> Vec<i64> {
    bot.calls_to("deleteMessage").iter().filter_map(|c| num(&c.params["message_id"])).collect()
}

fn can_send(call: &Call) -> bool {
    call.params["permissions"]["can_send_messages"] == json!(true)
}

/// Alice and Bob are members; Alice has said something to reply to.
async fn with_members() -> (TestBot, i64) {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.seat(BOB);
    let m = bot.with(|w| w.say(GROUP, ALICE, "something rude"));
    bot.settle().await;
    (bot, m)
}

async fn say(bot: &TestBot, user: i64, text: &str) -> String {
    bot.with(|w| w.say(GROUP, user, text));
    bot.settle().await;
    bot.last_text_to(GROUP)
}

async fn set_russian(bot: &TestBot) {
    bot.with(|w| w.say(GROUP, OWNER, "/set lang ru"));
    bot.settle().await;
}

// ---- 1. durations ------------------------------------------------------------

#[tokio::test]
async fn a_negative_or_foreign_digit_duration_is_refused_not_made_permanent() {
    let (bot, m) = with_members().await;
    for cmd in ["/mute -5m", "/ban -1d", "/mute ٣d", "/mute 1y spam", "/ban −2h", "/mute +5m calm down"] {
        bot.with(|w| w.reply(GROUP, OWNER, m, cmd));
        bot.settle().await;
        let text = bot.last_text_to(GROUP);
        assert!(text.contains("30m") && text.contains("Nothing was done"), "{cmd}: {text}");
        assert!(!text.contains("Reason"), "{cmd}: {text}");
    }
    set_russian(&bot).await;
    bot.with(|w| w.reply(GROUP, OWNER, m, "/mute -5m"));
    bot.settle().await;
    let text = bot.last_text_to(GROUP);
    assert!(text.contains("30m") && text.contains("Ничего не сделано"), "{text}");
    assert!(bot.calls_to("restrictChatMember").is_empty());
    assert!(bot.calls_to("banChatMember").is_empty());
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log").await, 0);
    // A reason that is not a duration still makes a permanent sanction.
    bot.with(|w| w.reply(GROUP, OWNER, m, "/mute m5 spam"));
    bot.settle().await;
    let mutes = calls_for(&bot, "restrictChatMember", ALICE);
    assert_eq!(mutes.len(), 1);
    assert!(mutes[0].params.get("until_date").is_none_or(|v| v.is_null()));
}

// ---- 2. the rules gate and sanctions in force --------------------------------

/// The welcome carrying Alice's rules button.
fn welcome_of(bot: &TestBot, user: i64) -> i64 {
    let data = format!("onb:acc:{user}");
    bot.with(|w| {
        w.messages
            .values()
            .filter(|m| m.from_bot && m.chat_id == GROUP && m.markup.to_string().contains(&data))
            .map(|m| m.message_id)
            .max()
            .expect("a welcome with the rules button")
    })
}

async fn accept(bot: &TestBot, user: i64) -> Call {
    let welcome = welcome_of(bot, user);
    bot.with(|w| w.press(GROUP, welcome, user, &format!("onb:acc:{user}")));
    bot.settle().await;
    bot.calls_to("answerCallbackQuery").pop().expect("the press is answered")
}

#[tokio::test]
async fn accepting_the_rules_keeps_an_admins_mute_until_it_ends() {
    let bot = TestBot::start().await;
    bot.with(|w| w.join(GROUP, ALICE, None));
    bot.settle().await;
    bot.with(|w| w.say(GROUP, OWNER, &format!("/mute {ALICE} 2d spam")));
    bot.settle().await;
    assert_eq!(calls_for(&bot, "restrictChatMember", ALICE).len(), 2, "the gate, then the mute");
    let answer = accept(&bot, ALICE).await;
    let restricts = calls_for(&bot, "restrictChatMember", ALICE);
    assert_eq!(restricts.len(), 3);
    let last = &restricts[2];
    assert!(!can_send(last), "still muted: {:?}", last.params);
    assert_eq!(last.params["until_date"], json!((t0() + Duration::days(2)).timestamp()));
    assert_eq!(answer.params["show_alert"], json!(true));
    let said = answer.params["text"].as_str().unwrap_or_default();
    assert!(said.contains("still muted until 2026-11-04 10:00 UTC"), "{said}");
    // The acceptance is recorded: the gate is done.
    assert_eq!(bot.scalar("SELECT COUNT(rules_accepted_at) FROM onboarding WHERE user_id = 1001").await, 1);
}

#[tokio::test]
async fn a_mute_for_good_is_not_lifted_and_a_lifted_one_is_not_restored() {
    let bot = TestBot::start().await;
    bot.with(|w| {
        w.join(GROUP, ALICE, None);
        w.join(GROUP, BOB, None);
    });
    bot.settle().await;
    bot.with(|w| {
        w.say(GROUP, OWNER, &format!("/mute {ALICE}"));
        w.say(GROUP, OWNER, &format!("/mute {BOB} 1d"));
        w.say(GROUP, OWNER, &format!("/unmute {BOB}"));
    });
    bot.settle().await;
    set_russian(&bot).await;
    let before = calls_for(&bot, "restrictChatMember", ALICE).len();
    let answer = accept(&bot, ALICE).await;
    assert_eq!(calls_for(&bot, "restrictChatMember", ALICE).len(), before, "nothing lifted");
    let said = answer.params["text"].as_str().unwrap_or_default();
    assert!(said.contains("снимет админ"), "{said}");
    // Bob's mute was lifted by an admin: accepting lifts the gate for good.
    accept(&bot, BOB).await;
    let bob = calls_for(&bot, "restrictChatMember", BOB);
    assert!(can_send(bob.last().unwrap()), "{:?}", bob.last().unwrap().params);
}

#[tokio::test]
async fn an_antiflood_mute_survives_leaving_rejoining_and_accepting_the_rules() {
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
    let flood = calls_for(&bot, "restrictChatMember", ALICE);
    assert_eq!(flood.len(), 1);
    let until = flood[0].params["until_date"].clone();
    bot.with(|w| {
        w.now += 60;
        w.leave(GROUP, ALICE);
        w.now += 60;
        w.join(GROUP, ALICE, None);
    });
    bot.settle().await;
    bot.clock.advance(Duration::seconds(130));
    accept(&bot, ALICE).await;
    let restricts = calls_for(&bot, "restrictChatMember", ALICE);
    assert!(restricts.iter().all(|c| !can_send(c)), "nothing lifted the mute: {restricts:?}");
    assert_eq!(restricts.last().unwrap().params["until_date"], until, "muted until antiflood's end");
}

#[tokio::test]
async fn a_rejoin_does_not_clear_a_mute() {
    let bot = TestBot::start().await;
    bot.with(|w| w.join(GROUP, ALICE, None));
    bot.settle().await;
    accept(&bot, ALICE).await;
    bot.with(|w| w.say(GROUP, OWNER, &format!("/mute {ALICE} 2d")));
    bot.settle().await;
    bot.with(|w| {
        w.now += 3600;
        w.leave(GROUP, ALICE);
        w.now += 3600;
        w.join(GROUP, ALICE, None);
    });
    bot.settle().await;
    let restricts = calls_for(&bot, "restrictChatMember", ALICE);
    assert_eq!(restricts.len(), 3, "gate, accept, mute — and nothing on the rejoin: {restricts:?}");
    assert!(!can_send(&restricts[2]));
    assert!(bot.texts_to(GROUP).iter().any(|t| t.contains("Welcome back")));
}

// ---- 3. channels posting into the group ----------------------------------------

async fn with_casino_filter(action: &str) -> TestBot {
    let bot = TestBot::start().await;
    bot.with(|w| w.say(GROUP, OWNER, &format!("/filter casino {action}")));
    bot.settle().await;
    bot
}

#[tokio::test]
async fn a_foreign_channels_post_is_screened_and_the_channel_banned_as_itself() {
    let bot = with_casino_filter("ban").await;
    let fine = bot.with(|w| w.say_as_channel(GROUP, DEALS, "Deals & Co", "hello group")).unwrap();
    let spam = bot.with(|w| w.say_as_channel(GROUP, DEALS, "Deals & Co", "best CASINO bonuses")).unwrap();
    bot.settle().await;
    assert_eq!(deleted(&bot), vec![spam]);
    assert!(!deleted(&bot).contains(&fine));
    let bans = bot.calls_to("banChatSenderChat");
    assert_eq!(bans.len(), 1);
    assert_eq!(num(&bans[0].params["sender_chat_id"]), Some(DEALS));
    assert!(bot.calls_to("banChatMember").is_empty() && bot.calls_to("restrictChatMember").is_empty());
    assert!(bot.with(|w| w.chats[&GROUP].banned_sender_chats.contains(&DEALS)));
    assert!(
        bot.texts_to(GROUP).iter().any(|t| t.contains("Deals & Co is banned")),
        "{:?}",
        bot.texts_to(GROUP)
    );
    // Logged as the channel.
    assert_eq!(bot.scalar(&format!("SELECT COUNT(*) FROM mod_log WHERE target_id = {DEALS}")).await, 2);
    let modlog = say(&bot, OWNER, "/modlog").await;
    assert!(modlog.contains("banned · Deals & Co"), "{modlog}");
    // Banned, it can post no more.
    assert!(bot.with(|w| w.say_as_channel(GROUP, DEALS, "Deals & Co", "casino again")).is_none());
}

#[tokio::test]
async fn the_groups_own_channel_and_anonymous_admins_are_exempt() {
    let bot = with_casino_filter("ban").await;
    let asked = bot.calls_to("getChat").len();
    bot.with(|w| {
        w.chats.get_mut(&GROUP).unwrap().linked_chat_id = Some(OUR_CHANNEL);
        w.add_user(ANONYMOUS_ADMIN, "Group").is_bot = true;
        w.linked_channel_post(GROUP, "casino night at our venue");
        w.say_as_channel(GROUP, OUR_CHANNEL, "Our channel", "the casino night is on");
        w.say_as_channel(GROUP, OUR_CHANNEL, "Our channel", "casino tickets left");
        w.say_with(GROUP, ANONYMOUS_ADMIN, "no casino talk, please", |m| {
            m["sender_chat"] = json!({"id": GROUP, "type": "supergroup", "title": "Test Lounge"});
        });
    });
    bot.settle().await;
    assert!(deleted(&bot).is_empty(), "{:?}", deleted(&bot));
    assert!(bot.calls_to("banChatSenderChat").is_empty());
    assert_eq!(bot.calls_to("getChat").len(), asked + 1, "the linked channel is asked once, then kept");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_log").await, 0);
}

#[tokio::test]
async fn a_flooding_channel_is_muted_by_removing_its_posts_until_the_mute_ends() {
    let bot = TestBot::start().await;
    let posts: Vec<i64> = bot.with(|w| {
        (0..12)
            .map(|i| {
                if i % 3 == 0 {
                    w.now += 1;
                }
                w.say_as_channel(GROUP, DEALS, "Deals", &format!("offer {i}")).unwrap()
            })
            .collect()
    });
    bot.settle().await;
    assert!(bot.calls_to("restrictChatMember").is_empty(), "a chat cannot be restricted");
    assert_eq!(deleted(&bot), posts[9..].to_vec(), "the posts after the mute are removed");
    assert!(bot.texts_to(GROUP).iter().any(|t| t.contains("Deals, that's a lot of messages")));
    let mutes = format!("SELECT COUNT(*) FROM mod_log WHERE target_id = {DEALS} AND action = 'mute'");
    assert_eq!(bot.scalar(&mutes).await, 1);
    bot.with(|w| w.now += 601);
    bot.with(|w| w.say_as_channel(GROUP, DEALS, "Deals", "calm offer"));
    bot.settle().await;
    assert_eq!(deleted(&bot).len(), 3, "the mute is over");
}

#[tokio::test]
async fn an_edited_channel_post_is_screened_and_a_missing_right_changes_nothing_else() {
    let bot = with_casino_filter("ban").await;
    bot.with(|w| w.chats.get_mut(&GROUP).unwrap().bot_can_restrict = false);
    let post = bot.with(|w| w.say_as_channel(GROUP, DEALS, "Deals", "hello")).unwrap();
    bot.settle().await;
    bot.with(|w| {
        let edited = json!({"edited_message": {
            "message_id": post, "date": w.now, "edit_date": w.now + 5,
            "chat": {"id": GROUP, "type": "supergroup", "title": "Test Lounge"},
            "from": {"id": 136_817_688, "is_bot": true, "first_name": "Channel", "username": "Channel_Bot"},
            "sender_chat": {"id": DEALS, "type": "channel", "title": "Deals"},
            "text": "now with casino",
        }});
        w.push_update(edited);
    });
    bot.settle().await;
    assert_eq!(deleted(&bot), vec![post]);
    assert_eq!(bot.calls_to("banChatSenderChat").len(), 1, "asked, and refused");
    assert!(!bot.with(|w| w.chats[&GROUP].banned_sender_chats.contains(&DEALS)));
    assert!(
        bot.texts_to(GROUP).iter().any(|t| t.contains("I can't ban members here")),
        "{:?}",
        bot.texts_to(GROUP)
    );
    let banned = format!("SELECT COUNT(*) FROM mod_log WHERE target_id = {DEALS} AND action = 'ban'");
    assert_eq!(bot.scalar(&banned).await, 0, "a refused ban is not logged");
}

// ---- 4. welcome placeholders ----------------------------------------------------

#[tokio::test]
async fn unbalanced_placeholders_are_refused_with_the_list() {
    let bot = TestBot::start().await;
    for cmd in ["/setwelcome Hello {name", "/setwelcome Hello name} and {chat}", "/setwelcome {a {name}}"] {
        let text = say(&bot, OWNER, cmd).await;
        assert!(text.contains("no pair") && text.contains("{name} {chat} {rules}"), "{cmd}: {text}");
    }
    let text = say(&bot, OWNER, "/setwelcome Hi {nmae}").await;
    assert!(text.contains("Unknown placeholder {nmae}"), "{text}");
    set_russian(&bot).await;
    let text = say(&bot, OWNER, "/setwelcome Привет, {name").await;
    assert!(text.contains("нет пары") && text.contains("{name}"), "{text}");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM chat_texts").await, 0);
    // Balanced, it is saved.
    let text = say(&bot, OWNER, "/setwelcome Привет, {name}! {не подстановка}").await;
    assert!(!text.contains("❌"), "{text}");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM chat_texts WHERE kind = 'welcome'").await, 1);
}

// ---- 5. settings that contradict each other -------------------------------------

#[tokio::test]
async fn settings_keep_active_below_silent_below_goodbye() {
    let bot = TestBot::start().await;
    let text = say(&bot, OWNER, "/set goodbye_days 3").await;
    assert!(text.contains("must be more than silent_days (14)"), "{text}");
    let text = say(&bot, OWNER, "/set active_days 20").await;
    assert!(text.contains("must be less than silent_days (14)"), "{text}");
    let text = say(&bot, OWNER, "/set silent_days 70").await;
    assert!(text.contains("must be less than goodbye_days (60)"), "{text}");
    let text = say(&bot, OWNER, "/set silent_days 7").await;
    assert!(text.contains("must be more than active_days (7)"), "{text}");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM chat_settings").await, 0, "nothing was changed");
    // In a sensible order both go through.
    assert!(say(&bot, OWNER, "/set goodbye_days 90").await.contains("is now"));
    assert!(say(&bot, OWNER, "/set silent_days 70").await.contains("is now"));
    set_russian(&bot).await;
    let text = say(&bot, OWNER, "/set goodbye_days 70").await;
    assert!(text.contains("больше, чем silent_days (70)"), "{text}");
    let stored = "SELECT value FROM chat_settings WHERE key = 'goodbye_days'";
    let goodbye: String = sqlx::query_scalar(stored).fetch_one(bot.db()).await.unwrap();
    assert_eq!(goodbye, "90");
}

// ---- 6. filters that match everything -------------------------------------------

#[tokio::test]
async fn a_filter_that_matches_everything_needs_confirm() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    for cmd in ["/filter /^/ ban", "/filter /./", "/filter a ban", "/filter /\\s*/ mute"] {
        let text = say(&bot, OWNER, cmd).await;
        assert!(text.contains("nearly every message") && text.contains("confirm"), "{cmd}: {text}");
    }
    set_russian(&bot).await;
    let text = say(&bot, OWNER, "/filter /./ ban").await;
    assert!(text.contains("почти на каждое сообщение") && text.contains("confirm"), "{text}");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_filters").await, 0);
    // Nobody who speaks was banned.
    bot.with(|w| w.say(GROUP, ALICE, "hi"));
    bot.settle().await;
    assert!(bot.calls_to("banChatMember").is_empty() && bot.calls_to("deleteMessage").is_empty());
    // The admin who means it says so.
    let text = say(&bot, OWNER, "/filter /./ delete confirm").await;
    assert!(text.contains("/./"), "{text}");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM mod_filters WHERE pattern = '/./'").await, 1);
}

// ---- 7. commands are not posts --------------------------------------------------

#[tokio::test]
async fn look_up_commands_are_not_community_messages_and_an_idea_is() {
    let bot = TestBot::start().await;
    bot.with(|w| w.join(GROUP, ALICE, None));
    bot.settle().await;
    accept(&bot, ALICE).await;
    bot.with(|w| {
        for cmd in [
            "/rules",
            "/help",
            "/me",
            "/top",
            "/warns",
            "/x@other_bot hi",
            "/unknown",
            "/rules@hearth_sim_bot",
        ] {
            w.say(GROUP, ALICE, cmd);
        }
    });
    bot.settle().await;
    let counted = "SELECT COUNT(*) FROM messages WHERE user_id = 1001";
    assert_eq!(bot.scalar(counted).await, 0);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM activity_daily WHERE user_id = 1001").await, 0);
    assert_eq!(bot.scalar("SELECT message_count FROM members WHERE user_id = 1001").await, 0);
    let first = "SELECT COUNT(first_message_at) FROM onboarding WHERE user_id = 1001";
    assert_eq!(bot.scalar(first).await, 0, "no first message for the funnel");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM points_ledger WHERE user_id = 1001").await, 0, "no points");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM badges WHERE user_id = 1001").await, 0, "no badge");
    bot.with(|w| w.say(GROUP, ALICE, "/idea A quiet room for calls"));
    bot.settle().await;
    assert_eq!(bot.scalar(counted).await, 1, "an idea is a contribution");
    assert_eq!(bot.scalar(first).await, 1);
    bot.with(|w| w.say(GROUP, ALICE, "hello everyone"));
    bot.settle().await;
    assert_eq!(bot.scalar(counted).await, 2);
    assert_eq!(bot.scalar("SELECT message_count FROM members WHERE user_id = 1001").await, 2);
    let badge = "SELECT COUNT(*) FROM badges WHERE user_id = 1001 AND badge = 'first_message'";
    assert_eq!(bot.scalar(badge).await, 1, "the first real message earns the badge");
}
