//! Premoderation end to end: `/premod on` in a topic holds a newcomer's
//! post (deleted, a card with Approve / Reject to the admins), Approve
//! reposts it in the topic crediting the author with its formatting (once,
//! however often it is pressed), Reject returns it by DM with the reason (or
//! says the author could not be told), a non-reviewer's press and forged
//! data are refused, admins and trusted members are never held, `/premod
//! off` restores normal posting, and bad arguments get the usage.

use crate::support::*;
use hearth::sim::world::num;
use serde_json::{Value, json};

const TOPIC: i64 = 30;
const OTHER_TOPIC: i64 = 40;

/// A forum; the owner has started the bot (the cards come by DM); Bob and
/// Carol are newcomers (TL0), Alice an admin's chosen leader (TL3); the
/// topic is premoderated.
async fn forum() -> TestBot {
    let bot = TestBot::start().await;
    for user in [ALICE, BOB, CAROL] {
        bot.seat(user);
    }
    bot.with(|w| {
        w.set_forum(GROUP, true);
        w.say(OWNER, OWNER, "/start");
        w.say(GROUP, OWNER, "/set gate off");
        w.say(GROUP, ALICE, "hello");
        w.say(GROUP, OWNER, "/trust @alice leader");
        w.say_in_topic(GROUP, OWNER, TOPIC, "/premod on");
    });
    bot.settle().await;
    assert!(
        bot.last_text_to(GROUP).contains("Premoderation is on in this topic"),
        "{}",
        bot.last_text_to(GROUP)
    );
    bot
}

/// A post in a topic with a bold first word.
fn post_in_topic(bot: &TestBot, user: i64, thread: i64, text: &str) -> i64 {
    let bold = text.split_whitespace().next().map(|w| w.encode_utf16().count()).unwrap_or(0);
    bot.with(|w| {
        w.say_with(GROUP, user, text, |m| {
            m["message_thread_id"] = json!(thread);
            m["is_topic_message"] = json!(true);
            m["entities"] = json!([{"type": "bold", "offset": 0, "length": bold}]);
        })
    })
}

/// Makes `user` a community moderator as admins do: a leader (TL3), promoted.
async fn promote(bot: &TestBot, user: i64) {
    bot.with(|w| w.say(GROUP, user, "hi all"));
    bot.with(|w| w.say(GROUP, OWNER, &format!("/trust {user} leader")));
    bot.with(|w| w.say(GROUP, OWNER, &format!("/promote {user}")));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("is now a community moderator"), "{}", bot.last_text_to(GROUP));
}

fn deleted(bot: &TestBot) -> Vec<i64> {
    bot.calls_to("deleteMessage").iter().filter_map(|c| num(&c.params["message_id"])).collect()
}

/// The newest review card in `chat`: its message id and its buttons' data.
fn card(bot: &TestBot, chat: i64) -> (i64, Vec<String>) {
    bot.with(|w| {
        let m = w
            .messages
            .values()
            .filter(|m| m.from_bot && m.chat_id == chat && m.markup.to_string().contains("pm:a:"))
            .max_by_key(|m| m.message_id)
            .cloned()
            .expect("a review card");
        let data = m.markup["inline_keyboard"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .filter_map(|b| b["callback_data"].as_str().map(str::to_owned))
            .collect();
        (m.message_id, data)
    })
}

fn last_toast(bot: &TestBot) -> String {
    let call = bot.calls_to("answerCallbackQuery").pop().expect("an answer");
    call.params["text"].as_str().unwrap_or("").to_owned()
}

/// Messages the bot sent to the group (text or captions), raw HTML.
fn group_posts(bot: &TestBot) -> Vec<hearth::sim::Call> {
    ["sendMessage", "sendPhoto"]
        .iter()
        .flat_map(|m| bot.calls_to(m))
        .filter(|c| c.chat_id() == Some(GROUP) && !c.faulted)
        .collect()
}

async fn status(bot: &TestBot, message: i64) -> String {
    sqlx::query_scalar(&format!("SELECT status FROM premod_posts WHERE message_id = {message}"))
        .fetch_one(bot.db())
        .await
        .expect("a held post")
}

#[tokio::test]
async fn a_newcomers_post_is_held_and_approved_once_with_its_formatting() {
    let bot = forum().await;
    let before = group_posts(&bot).len();
    let post = post_in_topic(&bot, BOB, TOPIC, "Hello <world> & friends");
    bot.settle().await;
    assert!(deleted(&bot).contains(&post), "the held post is removed");
    let (card_id, data) = card(&bot, OWNER);
    let card_text = bot.last_text_to(OWNER);
    assert!(card_text.contains("A post awaits review") && card_text.contains("From: Bob"), "{card_text}");
    assert!(card_text.contains("Hello <world> & friends"), "{card_text}");
    assert_eq!(data.len(), 2, "Approve and Reject: {data:?}");
    // The author is told once, briefly, in the group (no DM open).
    let notices: Vec<_> = group_posts(&bot)[before..].iter().map(|c| c.text().to_owned()).collect();
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("your post will appear once a moderator has reviewed it"), "{notices:?}");
    // The held post earns nothing and counts as removed.
    assert_eq!(
        bot.scalar(&format!(
            "SELECT COUNT(*) FROM mod_log WHERE source_message_id = {post} AND action = 'delete'"
        ))
        .await,
        1
    );

    // A member who is no reviewer cannot decide.
    bot.with(|w| w.press(OWNER, card_id, CAROL, &data[0]));
    bot.settle().await;
    assert!(
        last_toast(&bot).contains("Only the chat's admins and community moderators"),
        "{}",
        last_toast(&bot)
    );
    assert_eq!(status(&bot, post).await, "pending");

    let approve = data.iter().find(|d| d.starts_with("pm:a:")).unwrap().clone();
    bot.with(|w| w.press(OWNER, card_id, OWNER, &approve));
    bot.settle().await;
    let reposts: Vec<_> = group_posts(&bot).into_iter().filter(|c| c.text().contains("✍️")).collect();
    assert_eq!(reposts.len(), 1);
    assert_eq!(
        reposts[0].text(),
        "<b>Hello</b> &lt;world&gt; &amp; friends\n\n✍️ <a href=\"tg://user?id=1002\">Bob</a>"
    );
    assert_eq!(num(&reposts[0].params["message_thread_id"]), Some(TOPIC), "in the same topic");
    assert_eq!(last_toast(&bot), "Approved and posted.");
    let closed = bot.calls_to("editMessageText").pop().expect("the card is closed");
    assert!(closed.text().contains("Approved by") && closed.buttons().is_empty(), "{}", closed.text());
    assert_eq!(status(&bot, post).await, "approved");
    assert_eq!(
        bot.scalar(&format!("SELECT COUNT(*) FROM mod_log WHERE source_message_id = {post}")).await,
        0,
        "an approved post counts for its author again"
    );

    // Pressed again (a second admin, or a double tap): acts once.
    bot.with(|w| w.press(OWNER, card_id, OWNER, &approve));
    bot.settle().await;
    assert_eq!(last_toast(&bot), "Already approved by Olga.");
    assert_eq!(group_posts(&bot).iter().filter(|c| c.text().contains("✍️")).count(), 1);
}

#[tokio::test]
async fn a_rejected_post_goes_back_to_its_author_with_the_reason() {
    let bot = forum().await;
    bot.with(|w| w.say(BOB, BOB, "/start"));
    bot.settle().await;
    let before = group_posts(&bot).len();
    let post = post_in_topic(&bot, BOB, TOPIC, "Buy cheap followers now");
    bot.settle().await;
    assert!(deleted(&bot).contains(&post));
    assert!(bot.last_text_to(BOB).contains("will appear once a moderator has reviewed it"), "told by DM");
    let (card_id, data) = card(&bot, OWNER);
    let reject = data.iter().find(|d| d.starts_with("pm:r:")).unwrap().clone();
    bot.with(|w| w.press(OWNER, card_id, OWNER, &reject));
    bot.settle().await;
    let reasons = bot.calls_to("editMessageReplyMarkup").pop().expect("the reasons are shown");
    let labels: Vec<String> = reasons.buttons().into_iter().map(|(label, _)| label).collect();
    assert_eq!(labels, ["Off-topic", "Spam", "Against the rules", "Other", "« Back"]);
    let spam = reasons.buttons().into_iter().find(|(l, _)| l == "Spam").unwrap().1;
    bot.with(|w| w.press(OWNER, card_id, OWNER, &spam));
    bot.settle().await;
    let returned = bot.calls_to("sendMessage").into_iter().rfind(|c| c.chat_id() == Some(BOB)).unwrap();
    assert!(returned.text().contains("was not published. Reason: Spam"), "{}", returned.text());
    assert!(returned.text().contains("<b>Buy</b> cheap followers now"), "its text, formatting kept");
    assert_eq!(group_posts(&bot).len(), before, "nothing posted in the group");
    assert_eq!(status(&bot, post).await, "rejected");
    assert_eq!(last_toast(&bot), "Rejected; the author has been told.");
    // Approve pressed after the rejection: acts not.
    let approve = data.iter().find(|d| d.starts_with("pm:a:")).unwrap().clone();
    bot.with(|w| w.press(OWNER, card_id, OWNER, &approve));
    bot.settle().await;
    assert_eq!(last_toast(&bot), "Already rejected by Olga.");
    assert_eq!(group_posts(&bot).len(), before);
}

#[tokio::test]
async fn a_reject_stands_when_the_author_cannot_be_told() {
    let bot = forum().await;
    let post = post_in_topic(&bot, CAROL, TOPIC, "Off topic thoughts");
    bot.settle().await;
    let (card_id, data) = card(&bot, OWNER);
    let (chat, id) = {
        let parts: Vec<&str> = data[0].split(':').collect();
        (parts[2].to_owned(), parts[3].to_owned())
    };
    bot.with(|w| w.press(OWNER, card_id, OWNER, &format!("pm:x:{chat}:{id}:off_topic")));
    bot.settle().await;
    assert_eq!(status(&bot, post).await, "rejected");
    let closed = bot.calls_to("editMessageText").pop().expect("the card is closed");
    assert!(
        closed.text().contains("Rejected by") && closed.text().contains("Off-topic"),
        "{}",
        closed.text()
    );
    assert!(closed.text().contains("The author could not be told"), "{}", closed.text());
    assert!(last_toast(&bot).contains("could not be told"));
    assert_eq!(
        bot.scalar(&format!("SELECT author_told FROM premod_posts WHERE message_id = {post}")).await,
        0
    );
}

#[tokio::test]
async fn admins_trusted_members_moderators_and_other_topics_are_not_held() {
    let bot = forum().await;
    promote(&bot, CAROL).await;
    let by_admin = post_in_topic(&bot, OWNER, TOPIC, "Welcome everyone");
    let by_leader = post_in_topic(&bot, ALICE, TOPIC, "Thanks Olga");
    let by_moderator = post_in_topic(&bot, CAROL, TOPIC, "Rules are pinned");
    let elsewhere = post_in_topic(&bot, BOB, OTHER_TOPIC, "Hi from another topic");
    let general = bot.with(|w| w.say(GROUP, BOB, "Hi in General"));
    bot.settle().await;
    let gone = deleted(&bot);
    for kept in [by_admin, by_leader, by_moderator, elsewhere, general] {
        assert!(!gone.contains(&kept), "{kept} stays");
    }
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM premod_posts").await, 0);

    // Off: Bob's posts in the topic appear at once again.
    bot.with(|w| w.say_in_topic(GROUP, OWNER, TOPIC, "/premod off"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Premoderation is off in this topic"));
    let after = post_in_topic(&bot, BOB, TOPIC, "Now it stays");
    bot.settle().await;
    assert!(!deleted(&bot).contains(&after));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM premod_posts").await, 0);
}

#[tokio::test]
async fn the_whole_chat_a_photo_and_a_long_post_cut_cleanly() {
    let bot = forum().await;
    bot.with(|w| w.say(GROUP, OWNER, "/premod on"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Premoderation is on in the whole chat"));
    // A photo with a formatted caption, in General.
    let photo = bot.with(|w| {
        w.say_with(GROUP, BOB, "", |m| {
            if let Some(o) = m.as_object_mut() {
                o.remove("text");
            }
            m["caption"] = json!("Look <here>");
            m["caption_entities"] = json!([{"type": "italic", "offset": 0, "length": 4}]);
            m["photo"] = json!([{"file_id": "bob-photo", "file_unique_id": "bp", "width": 90, "height": 90}]);
        })
    });
    bot.settle().await;
    assert!(deleted(&bot).contains(&photo));
    assert!(bot.last_text_to(OWNER).contains("with a photo"), "{}", bot.last_text_to(OWNER));
    let (card_id, data) = card(&bot, OWNER);
    bot.with(|w| w.press(OWNER, card_id, OWNER, &data[0]));
    bot.settle().await;
    let sent = bot.calls_to("sendPhoto").pop().expect("the photo is reposted");
    assert_eq!(sent.params["photo"], json!("bob-photo"));
    assert_eq!(sent.text(), "<i>Look</i> &lt;here&gt;\n\n✍️ <a href=\"tg://user?id=1002\">Bob</a>");
    assert_eq!(num(&sent.params["message_thread_id"]), None, "General");

    // Near 4096, bold all along, HTML-heavy: the repost stays within the limit.
    let long = format!("{} {}", "<&>".repeat(1300), "z".repeat(190));
    let post = bot.with(|w| {
        w.say_with(GROUP, BOB, &long, |m| {
            m["entities"] = json!([{"type": "bold", "offset": 0, "length": long.encode_utf16().count()}]);
        })
    });
    bot.settle().await;
    assert!(deleted(&bot).contains(&post));
    let (card_id, data) = card(&bot, OWNER);
    bot.with(|w| w.press(OWNER, card_id, OWNER, &data[0]));
    bot.settle().await;
    assert_eq!(status(&bot, post).await, "approved");
    let repost = bot.calls_to("sendMessage").into_iter().rfind(|c| c.chat_id() == Some(GROUP)).unwrap();
    let text = repost.text();
    assert!(text.starts_with("<b>&lt;&amp;&gt;") && text.contains("…</b>\n\n✍️ "), "cut cleanly");
    assert!(text.ends_with("Bob</a>"));
}

#[tokio::test]
async fn bad_input_changes_nothing() {
    let bot = forum().await;
    bot.with(|w| w.say_in_topic(GROUP, OWNER, TOPIC, "/premod maybe"));
    bot.settle().await;
    let usage = bot.last_text_to(GROUP);
    assert!(usage.contains("Usage: /premod on or /premod off") && usage.contains("Example"), "{usage}");
    bot.with(|w| w.say_in_topic(GROUP, BOB, OTHER_TOPIC, "/premod on"));
    bot.settle().await;
    assert!(
        bot.last_text_to(GROUP).contains("Only the chat's admins can do that"),
        "{}",
        bot.last_text_to(GROUP)
    );
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM premod_places").await, 1);
    bot.with(|w| w.say_in_topic(GROUP, OWNER, TOPIC, "/premod"));
    bot.settle().await;
    let state = bot.last_text_to(GROUP);
    assert!(state.contains("on in this topic") && state.contains("below TL1 (member)"), "{state}");
    bot.with(|w| w.say_in_topic(GROUP, OWNER, TOPIC, "/premod on"));
    bot.settle().await;
    assert_eq!(bot.last_text_to(GROUP), "Premoderation is already on here.");

    // Forged presses: an unknown post, another chat, an unknown reason.
    let post = post_in_topic(&bot, BOB, TOPIC, "Hello there");
    bot.settle().await;
    let (card_id, data) = card(&bot, OWNER);
    let id = data[0].split(':').nth(3).unwrap().to_owned();
    for forged in [
        format!("pm:a:{GROUP}:999999"),
        format!("pm:a:-100777:{id}"),
        format!("pm:x:{GROUP}:{id}:rude"),
        format!("pm:a:{GROUP}"),
    ] {
        bot.with(|w| w.press(OWNER, card_id, OWNER, &forged));
        bot.settle().await;
        assert_eq!(last_toast(&bot), "This button no longer works.", "{forged}");
    }
    assert_eq!(status(&bot, post).await, "pending");
    assert_eq!(group_posts(&bot).iter().filter(|c| c.text().contains("✍️")).count(), 0);
}

#[tokio::test]
async fn a_community_moderator_gets_the_card_by_dm_and_may_approve_a_video() {
    let bot = forum().await;
    promote(&bot, ALICE).await;
    bot.with(|w| w.say(ALICE, ALICE, "/start"));
    bot.settle().await;
    let video = bot.with(|w| {
        w.say_with(GROUP, BOB, "", |m| {
            if let Some(o) = m.as_object_mut() {
                o.remove("text");
            }
            m["message_thread_id"] = json!(TOPIC);
            m["is_topic_message"] = json!(true);
            m["video"] = json!({"file_id": "bob-video", "file_unique_id": "bv", "width": 64, "height": 36, "duration": 3, "mime_type": "video/mp4"});
        })
    });
    bot.settle().await;
    assert!(deleted(&bot).contains(&video));
    assert!(bot.last_text_to(ALICE).contains("with a video"), "the moderator has the card by DM");
    assert!(bot.last_text_to(OWNER).contains("with a video"), "and the admin");
    let (card_id, data) = card(&bot, ALICE);
    bot.with(|w| w.press(ALICE, card_id, ALICE, &data[0]));
    bot.settle().await;
    let sent = bot.calls_to("sendVideo").pop().expect("the video is reposted");
    assert_eq!(sent.params["video"], json!("bob-video"));
    assert_eq!(num(&sent.params["message_thread_id"]), Some(TOPIC));
    assert_eq!(sent.text(), "✍️ <a href=\"tg://user?id=1002\">Bob</a>");
    // The admin's card, pressed later, names the moderator.
    let (owner_card, owner_data) = card(&bot, OWNER);
    bot.with(|w| w.press(OWNER, owner_card, OWNER, &owner_data[0]));
    bot.settle().await;
    assert_eq!(last_toast(&bot), "Already approved by Alice.");
    assert_eq!(bot.calls_to("sendVideo").len(), 1);
}

#[tokio::test]
async fn with_a_log_chat_the_card_goes_there_and_html_in_names_is_escaped() {
    const MODS: i64 = -100_900;
    let bot = forum().await;
    bot.with(|w| {
        w.add_group(MODS, "Mods", OWNER);
        if let Some(u) = w.users.get_mut(&CAROL) {
            u.first_name = "<b>Carol</b> & co".into();
        }
        w.say(GROUP, OWNER, &format!("/setlogchat {MODS}"));
    });
    bot.settle().await;
    let post = post_in_topic(&bot, CAROL, TOPIC, "Evening all");
    bot.settle().await;
    assert!(deleted(&bot).contains(&post));
    let sent = bot.calls_to("sendMessage").into_iter().rfind(|c| c.chat_id() == Some(MODS)).expect("a card");
    assert!(sent.text().contains("&lt;b&gt;Carol&lt;/b&gt; &amp; co"), "{}", sent.text());
    let (card_id, data) = card(&bot, MODS);
    bot.with(|w| w.press(MODS, card_id, OWNER, &data[0]));
    bot.settle().await;
    let repost = bot.calls_to("sendMessage").into_iter().rfind(|c| c.chat_id() == Some(GROUP)).unwrap();
    assert_eq!(
        repost.text(),
        "<b>Evening</b> all\n\n✍️ <a href=\"tg://user?id=1003\">&lt;b&gt;Carol&lt;/b&gt; &amp; co</a>"
    );
}

#[tokio::test]
async fn a_post_delivered_twice_is_held_once_with_one_card() {
    let bot = forum().await;
    bot.with(|w| w.say(GROUP, OWNER, "/premod on"));
    bot.settle().await;
    let cards_before = bot.texts_to(OWNER).len();
    say_twice(&bot, GROUP, BOB, "Same post, twice delivered").await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM premod_posts").await, 1);
    let cards: Vec<String> = bot.texts_to(OWNER).into_iter().skip(cards_before).collect();
    assert_eq!(cards.iter().filter(|t| t.contains("A post awaits review")).count(), 1, "{cards:?}");
}
