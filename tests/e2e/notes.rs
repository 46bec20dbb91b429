//! Notes (the chat's FAQ) end to end: saving, replacing, listing and
//! deleting; `#name` and `/faq name`, in reply to a message; a photo note;
//! trigger phrases answering questions once per cooldown, never twice for one
//! message, never for an admin; the /stats count; bad input; non-admins.

use crate::support::*;
use chrono::Duration;
use hearth::sim::{Call, Fault};
use serde_json::{Value, json};

async fn started() -> TestBot {
    let bot = TestBot::start().await;
    for user in [ALICE, BOB, CAROL] {
        bot.seat(user);
    }
    bot
}

async fn say(bot: &TestBot, user: i64, text: &str) -> i64 {
    let id = bot.with(|w| w.say(GROUP, user, text));
    bot.settle().await;
    id
}

/// What the bot sent to the group in reply to message `id` (any kind).
fn answers_to(bot: &TestBot, id: i64) -> Vec<Call> {
    ["sendMessage", "sendPhoto", "sendDocument"]
        .iter()
        .flat_map(|m| bot.calls_to(m))
        .filter(|c| c.chat_id() == Some(GROUP) && !c.faulted && replies_to(c) == Some(id))
        .collect()
}

async fn notes_count(bot: &TestBot) -> i64 {
    bot.scalar("SELECT COUNT(*) FROM notes").await
}

async fn stored_html(bot: &TestBot, name: &str) -> String {
    sqlx::query_scalar("SELECT html FROM notes WHERE chat_id = ? AND name = ?")
        .bind(GROUP)
        .bind(name)
        .fetch_one(bot.db())
        .await
        .expect("the note is stored")
}

#[tokio::test]
async fn notes_are_saved_replaced_listed_and_deleted() {
    let bot = started().await;
    say(&bot, ALICE, "/notes").await;
    assert!(bot.last_text_to(GROUP).contains("No notes in this chat yet"));
    say(&bot, OWNER, "/note Wifi The password is <b>x</b> & more").await;
    assert!(bot.last_text_to(GROUP).contains("Saved the note #wifi"), "{}", bot.last_text_to(GROUP));
    assert_eq!(stored_html(&bot, "wifi").await, "The password is &lt;b&gt;x&lt;/b&gt; &amp; more");

    // Saved again (any case): replaced, with the command's own formatting kept.
    bot.with(|w| {
        w.say_with(GROUP, OWNER, "/note WIFI Ask at the desk", |m| {
            m["entities"] = json!([
                {"type": "bot_command", "offset": 0, "length": 5},
                {"type": "bold", "offset": 22, "length": 4},
            ]);
        })
    });
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Replaced the note #wifi"));
    assert_eq!(stored_html(&bot, "wifi").await, "Ask at the <b>desk</b>");
    say(&bot, OWNER, "/note доставка Сроки: 2–3 дня").await;
    say(&bot, OWNER, "/notetrigger доставка сроки доставки; delivery time").await;
    assert!(
        bot.last_text_to(GROUP)
            .contains("now answers members' questions with: сроки доставки; delivery time")
    );

    // Anyone lists them; only admins see the triggers.
    say(&bot, ALICE, "/notes").await;
    let list = bot.last_text_to(GROUP);
    assert!(list.contains("Notes (2)") && list.contains("#wifi") && list.contains("#доставка"), "{list}");
    assert!(!list.contains("сроки доставки"), "members do not see the triggers: {list}");
    say(&bot, OWNER, "/notes").await;
    assert!(bot.last_text_to(GROUP).contains("#доставка — answers: сроки доставки; delivery time"));

    say(&bot, OWNER, "/delnote WiFi").await;
    assert!(bot.last_text_to(GROUP).contains("Deleted the note #wifi"));
    assert_eq!(notes_count(&bot).await, 1);
    say(&bot, OWNER, "/notetrigger доставка").await;
    assert!(bot.last_text_to(GROUP).contains("no longer answers questions by itself"));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM notes WHERE triggers <> ''").await, 0);
}

#[tokio::test]
async fn members_call_notes_by_hashtag_and_faq_in_reply_to_a_newcomer() {
    let bot = started().await;
    say(&bot, OWNER, "/note rules Be kind & <no spam>").await;

    let call = say(&bot, ALICE, "#rules please").await;
    let answer = answers_to(&bot, call);
    assert_eq!(answer.len(), 1, "the hashtag is answered in reply to it");
    assert_eq!(answer[0].text(), "Be kind &amp; &lt;no spam&gt;");

    // Pointing a newcomer at it: the note answers the newcomer's message.
    let newcomer = say(&bot, CAROL, "hi, can I post ads here").await;
    bot.with(|w| w.reply(GROUP, BOB, newcomer, "/faq Rules"));
    bot.settle().await;
    assert_eq!(answers_to(&bot, newcomer).len(), 1);
    bot.with(|w| w.reply(GROUP, ALICE, newcomer, "#rules"));
    bot.settle().await;
    assert_eq!(answers_to(&bot, newcomer).len(), 2);

    // In a forum topic every message replies to the topic's first one: the
    // note answers the call itself, in the topic.
    bot.with(|w| w.set_forum(GROUP, true));
    let in_topic = bot.with(|w| {
        let root = json!({"message_id": 1, "date": w.now, "chat": {"id": GROUP, "type": "supergroup", "title": "Test Lounge"},
            "forum_topic_created": {"name": "Help", "icon_color": 7322096}});
        w.say_with(GROUP, ALICE, "#rules", move |m| {
            m["message_thread_id"] = json!(1);
            m["is_topic_message"] = json!(true);
            m["reply_to_message"] = root;
        })
    });
    bot.settle().await;
    let answer = answers_to(&bot, in_topic);
    assert_eq!(answer.len(), 1, "answered in reply to the call, not the topic's first message");
    assert_eq!(hearth::sim::world::num(&answer[0].params["message_thread_id"]), Some(1));

    // A hashtag that names no note is an ordinary hashtag; /faq says so.
    let sends = group_sends(&bot).len();
    say(&bot, ALICE, "#offtopic anyone here?").await;
    say(&bot, ALICE, "we follow the #rules").await;
    assert_eq!(group_sends(&bot).len(), sends, "nothing answered");
    say(&bot, ALICE, "/faq rulez").await;
    let miss = bot.last_text_to(GROUP);
    assert!(miss.contains("There is no note #rulez") && miss.contains("Did you mean #rules?"), "{miss}");
}

/// A photo of the map, in the sizes Telegram gives, with an italic caption.
fn map_photo() -> Value {
    json!({
        "photo": [
            {"file_id": "small-map", "file_unique_id": "s1", "width": 90, "height": 50},
            {"file_id": "MAP-FILE-ID", "file_unique_id": "m1", "width": 900, "height": 500},
        ],
        "caption": "Entrance from the yard",
        "caption_entities": [{"type": "italic", "offset": 14, "length": 8}],
    })
}

/// The owner's `text` in reply to Alice's message `to` made of `content`
/// (as Telegram includes the replied-to message in the update).
async fn owner_replies(bot: &TestBot, to: i64, content: Value, text: &str) {
    bot.with(|w| {
        let now = w.now;
        w.say_with(GROUP, OWNER, text, |m| {
            let mut replied = json!({
                "message_id": to, "date": now, "chat": {"id": GROUP, "type": "supergroup", "title": "Test Lounge"},
                "from": {"id": ALICE, "is_bot": false, "first_name": "Alice"},
            });
            if let (Some(replied), Some(content)) = (replied.as_object_mut(), content.as_object()) {
                replied.extend(content.clone());
            }
            m["reply_to_message"] = replied;
        })
    });
    bot.settle().await;
}

#[tokio::test]
async fn a_note_saved_from_a_photo_is_answered_with_the_photo() {
    let bot = started().await;
    let photo = bot.with(|w| {
        w.say_with(GROUP, ALICE, "", |m| {
            if let Some(m) = m.as_object_mut() {
                m.remove("text");
                m.extend(map_photo().as_object().cloned().unwrap_or_default());
            }
        })
    });
    bot.settle().await;
    owner_replies(&bot, photo, map_photo(), "/note map").await;
    assert!(bot.last_text_to(GROUP).contains("Saved the note #map"), "{}", bot.last_text_to(GROUP));

    let call = say(&bot, BOB, "#map").await;
    let answer = answers_to(&bot, call);
    assert_eq!(answer.len(), 1);
    let sent = &answer[0];
    assert_eq!(sent.params["photo"], "MAP-FILE-ID", "the largest size, by file_id: {:?}", sent.params);
    assert_eq!(sent.text(), "Entrance from <i>the yard</i>");
    assert!(bot.calls_to("sendMessage").iter().all(|c| replies_to(c) != Some(call)));

    // In reply to the photo with a text of its own: the photo with that text.
    owner_replies(&bot, photo, map_photo(), "/note gate Ring <b>twice</b>").await;
    let call = say(&bot, BOB, "#gate").await;
    let answer = answers_to(&bot, call);
    assert_eq!(
        (answer[0].params["photo"].as_str(), answer[0].text()),
        (Some("MAP-FILE-ID"), "Ring &lt;b&gt;twice&lt;/b&gt;")
    );
    owner_replies(&bot, photo, map_photo(), &format!("/note long {}", "я".repeat(1025))).await;
    assert!(bot.last_text_to(GROUP).contains("caption holds at most 1024"), "{}", bot.last_text_to(GROUP));

    // A document without a caption: sent by file_id, with no caption.
    let document =
        json!({"document": {"file_id": "PRICES-PDF", "file_unique_id": "p1", "file_name": "prices.pdf"}});
    owner_replies(&bot, photo + 100, document, "/note price-list").await;
    let call = say(&bot, BOB, "#Price-List").await;
    let answer = answers_to(&bot, call);
    assert_eq!(answer.len(), 1);
    assert_eq!(answer[0].params["document"], "PRICES-PDF");
    assert!(answer[0].params.get("caption").is_none(), "{:?}", answer[0].params);

    // A reply to a message with nothing to keep (a sticker) saves nothing.
    let sticker = json!({"sticker": {
        "file_id": "STICKER", "file_unique_id": "s9", "type": "regular",
        "width": 512, "height": 512, "is_animated": false, "is_video": false,
    }});
    owner_replies(&bot, photo + 101, sticker, "/note sticker").await;
    assert!(bot.last_text_to(GROUP).contains("A note needs something to say"), "{}", bot.last_text_to(GROUP));
    assert_eq!(notes_count(&bot).await, 3);
}

/// A note answered just as the group became a supergroup reaches the
/// supergroup (sent again at its new id), photo and all.
#[tokio::test]
async fn a_note_follows_a_group_that_became_a_supergroup() {
    let bot = TestBot::start_with(|w| {
        w.add_group(-100_777, "New Home", OWNER);
    })
    .await;
    bot.seat(BOB);
    owner_replies(&bot, 1, map_photo(), "/note map").await;
    assert!(bot.last_text_to(GROUP).contains("Saved the note #map"), "{}", bot.last_text_to(GROUP));
    bot.with(|w| w.fail("sendPhoto", 1, Fault::Migrated(-100_777)));
    say(&bot, BOB, "#map").await;
    let photos = bot.calls_to("sendPhoto");
    assert_eq!(photos.len(), 2, "tried at the old id, then at the new one");
    assert!(photos[0].faulted);
    assert_eq!((photos[1].chat_id(), photos[1].faulted), (Some(-100_777), false));
    assert_eq!(photos[1].params["photo"], "MAP-FILE-ID");
}

#[tokio::test]
async fn questions_are_answered_once_per_cooldown_and_counted_in_stats() {
    let bot = started().await;
    say(&bot, OWNER, "/note delivery We ship in 2–3 days.").await;
    say(&bot, OWNER, "/notetrigger delivery сроки доставки; delivery time").await;

    // A statement with the phrase is not a question; an admin's question is
    // not answered; a command is not either.
    let sends = group_sends(&bot).len();
    say(&bot, ALICE, "сроки доставки у вас отличные").await;
    say(&bot, OWNER, "Какие сроки доставки?").await;
    say(&bot, ALICE, "/faq_x сроки доставки?").await;
    assert_eq!(group_sends(&bot).len(), sends, "{:?}", bot.texts_to(GROUP));

    // A member's question, in another form of the words: answered in reply.
    let first = say(&bot, ALICE, "А какой срок ДОСТАВКИ в Казань?").await;
    let answer = answers_to(&bot, first);
    assert_eq!(answer.len(), 1, "{:?}", bot.texts_to(GROUP));
    assert_eq!(answer[0].text(), "We ship in 2–3 days.");

    // Within the cooldown: silent.
    bot.advance_and_tick(Duration::minutes(5)).await;
    let second = say(&bot, BOB, "What is the delivery time?").await;
    assert!(answers_to(&bot, second).is_empty(), "within the 10 minutes");

    // After it: again, and a re-delivered update is answered once.
    bot.advance_and_tick(Duration::minutes(6)).await;
    let mut copy = Value::Null;
    let third = bot.with(|w| w.say_with(GROUP, CAROL, "delivery times?", |m| copy = m.clone()));
    bot.settle().await;
    bot.with(|w| w.push_update(json!({ "message": copy })));
    bot.settle().await;
    assert_eq!(answers_to(&bot, third).len(), 1, "the same update delivered twice answers once");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM note_answers").await, 2);

    say(&bot, OWNER, "/stats").await;
    let stats = bot.last_text_to(GROUP);
    assert!(stats.contains("Answered by the FAQ: 2"), "{stats}");
    say(&bot, OWNER, "/set lang ru").await;
    say(&bot, OWNER, "/stats").await;
    assert!(bot.last_text_to(GROUP).contains("Ответил FAQ: 2"), "{}", bot.last_text_to(GROUP));
}

#[tokio::test]
async fn a_cooldown_set_to_off_answers_every_question() {
    let bot = started().await;
    say(&bot, OWNER, "/note refunds Write to <support>.").await;
    say(&bot, OWNER, "/notetrigger refunds refund").await;
    say(&bot, OWNER, "/set faq_cooldown off").await;
    let one = say(&bot, ALICE, "Can I get a refund?").await;
    let two = say(&bot, BOB, "how do refunds work?").await;
    assert_eq!((answers_to(&bot, one).len(), answers_to(&bot, two).len()), (1, 1));
    assert_eq!(answers_to(&bot, one)[0].text(), "Write to &lt;support&gt;.");
}

#[tokio::test]
async fn bad_input_is_answered_and_nothing_is_stored() {
    let bot = started().await;
    let cases: [(String, &str); 7] = [
        ("/note".into(), "Usage: /note name text"),
        ("/note wi*fi text".into(), "letters, digits, _ and -"),
        (format!("/note {} text", "a".repeat(33)), "at most 32 characters"),
        ("/note lonely".into(), "A note needs something to say"),
        (format!("/note long {}", "я".repeat(4097)), "at most 4096 characters"),
        ("/delnote nothing".into(), "There is no note #nothing"),
        ("/faq".into(), "Usage: /faq name"),
    ];
    for (text, expected) in &cases {
        say(&bot, OWNER, text).await;
        let answer = bot.last_text_to(GROUP);
        assert!(answer.contains(expected), "{text:?} → {answer}");
    }
    assert_eq!(notes_count(&bot).await, 0);

    say(&bot, OWNER, "/note wifi Ask at the desk").await;
    for (text, expected) in [
        ("/notetrigger wifi password;; code", "One of the phrases is empty"),
        ("/notetrigger wifi password;", "One of the phrases is empty"),
        ("/notetrigger wifi ?!", "at least one word"),
        ("/notetrigger wifi what is; password", "“what is” would match almost any question"),
        ("/notetrigger wfi password", "Did you mean #wifi?"),
        ("/delnote wiif", "Did you mean #wifi?"),
    ] {
        say(&bot, OWNER, text).await;
        let answer = bot.last_text_to(GROUP);
        assert!(answer.contains(expected), "{text:?} → {answer}");
    }
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM notes WHERE triggers <> ''").await, 0);
    assert_eq!(notes_count(&bot).await, 1);

    // Names are escaped in answers, and the errors are Russian in Russian.
    say(&bot, OWNER, "/faq <b>").await;
    assert!(bot.last_text_to(GROUP).contains("letters, digits"));
    say(&bot, OWNER, "/set lang ru").await;
    say(&bot, OWNER, "/note").await;
    assert!(
        bot.last_text_to(GROUP).contains("Как пользоваться: /note имя текст"),
        "{}",
        bot.last_text_to(GROUP)
    );
    say(&bot, OWNER, "/notetrigger wifi password;;code").await;
    assert!(bot.last_text_to(GROUP).contains("Одна из фраз пустая"));
}

#[tokio::test]
async fn members_cannot_run_the_admins_commands() {
    let bot = started().await;
    say(&bot, OWNER, "/note wifi Ask at the desk").await;
    for text in ["/note mine Free stuff", "/delnote wifi", "/notetrigger wifi password"] {
        say(&bot, ALICE, text).await;
        assert!(bot.last_text_to(GROUP).contains("admin"), "{text}: {}", bot.last_text_to(GROUP));
    }
    assert_eq!(notes_count(&bot).await, 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM notes WHERE triggers <> ''").await, 0);
}
