//! Forum topics end to end: /settopic and /topics, posts of each kind in
//! their topic, command replies in the command's topic, bad input.

use crate::support::*;
use chrono::Duration;
use hearth::kernel::{notify, topics};

fn forum(bot: &TestBot) {
    bot.with(|w| w.set_forum(GROUP, true));
}

async fn say(bot: &TestBot, user: i64, text: &str) {
    bot.with(|w| w.say(GROUP, user, text));
    bot.settle().await;
}

async fn say_in(bot: &TestBot, thread: i64, user: i64, text: &str) {
    bot.with(|w| w.say_in_topic(GROUP, user, thread, text));
    bot.settle().await;
}

/// The last message the bot sent to the group whose text contains `needle`.
fn sent_with(bot: &TestBot, needle: &str) -> hearth::sim::Call {
    bot.calls_to("sendMessage")
        .into_iter()
        .rfind(|c| c.chat_id() == Some(GROUP) && !c.faulted && c.text().contains(needle))
        .unwrap_or_else(|| panic!("nothing sent with {needle:?}: {:?}", bot.texts_to(GROUP)))
}

fn thread(call: &hearth::sim::Call) -> Option<i64> {
    hearth::sim::world::num(&call.params["message_thread_id"])
}

#[tokio::test]
async fn settopic_outside_a_forum_or_a_topic_is_explained() {
    let bot = TestBot::start().await;
    bot.seat(BOB);
    say(&bot, OWNER, "/settopic welcome").await;
    assert!(bot.last_text_to(GROUP).contains("Topics are not turned on"));
    say(&bot, OWNER, "/topics").await;
    assert!(bot.last_text_to(GROUP).contains("Topics are not turned on"));

    forum(&bot);
    say(&bot, OWNER, "/settopic welcome").await;
    assert!(bot.last_text_to(GROUP).contains("inside the topic"), "{}", bot.last_text_to(GROUP));
    say_in(&bot, 10, OWNER, "/settopic lobby").await;
    assert!(bot.last_text_to(GROUP).contains("Usage"));
    say_in(&bot, 10, BOB, "/settopic welcome").await;
    assert!(bot.last_text_to(GROUP).contains("admin"));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM forum_topics").await, 0);
    assert_eq!(topics::help_thread(bot.db(), GROUP).await.unwrap(), None);
}

#[tokio::test]
async fn welcomes_go_to_the_welcome_topic_until_unbound() {
    let bot = TestBot::start().await;
    forum(&bot);
    say_in(&bot, 10, OWNER, "/settopic welcome").await;
    let answer = sent_with(&bot, "This topic now gets welcomes");
    assert_eq!(thread(&answer), Some(10), "the command's reply is in its topic");

    bot.with(|w| w.join(GROUP, ALICE, None));
    bot.settle().await;
    assert_eq!(thread(&sent_with(&bot, "Welcome to")), Some(10));

    say_in(&bot, 10, OWNER, "/settopic welcome off").await;
    assert!(bot.last_text_to(GROUP).contains("Back to the general topic: welcomes of newcomers"));
    bot.with(|w| w.join(GROUP, BOB, None));
    bot.settle().await;
    let welcome = sent_with(&bot, "Welcome to");
    assert!(welcome.text().contains("Bob"));
    assert_eq!(thread(&welcome), None);
    say_in(&bot, 10, OWNER, "/settopic welcome off").await;
    assert!(bot.last_text_to(GROUP).contains("Already in the general topic"));
}

#[tokio::test]
async fn introductions_go_to_the_intro_topic() {
    let bot = TestBot::start().await;
    forum(&bot);
    say_in(&bot, 20, OWNER, "/settopic intro").await;
    bot.with(|w| w.join(GROUP, ALICE, None));
    bot.settle().await;
    for text in ["/start onb_-100100", "Designers", "Hi, I design things"] {
        bot.with(|w| w.say(ALICE, ALICE, text));
        bot.settle().await;
    }
    let intro = sent_with(&bot, "Hi, I design things");
    assert_eq!(thread(&intro), Some(20));
    assert_eq!(thread(&sent_with(&bot, "Welcome to")), None, "welcomes are unbound: general topic");
}

#[tokio::test]
async fn idea_cards_go_to_the_ideas_topic_and_replies_stay_in_the_commands_topic() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    forum(&bot);
    // Unbound: the card goes to the general topic; the member is told where.
    say_in(&bot, 7, ALICE, "/idea Podcasts").await;
    assert_eq!(thread(&sent_with(&bot, "Podcasts")), None);
    assert_eq!(thread(&sent_with(&bot, "is on the board")), Some(7));

    say_in(&bot, 12, OWNER, "/settopic ideas").await;
    say_in(&bot, 7, ALICE, "/idea Meetups").await;
    assert_eq!(thread(&sent_with(&bot, "Meetups")), Some(12));
    assert_eq!(thread(&sent_with(&bot, "Idea #2 is on the board")), Some(7));
    say_in(&bot, 12, ALICE, "/idea Stickers").await;
    assert_eq!(thread(&sent_with(&bot, "Stickers")), Some(12));
    assert!(
        !bot.texts_to(GROUP).iter().any(|t| t.contains("Idea #3 is on the board")),
        "no echo in the same topic"
    );
    assert_eq!(bot.scalar("SELECT card_thread_id FROM ideas WHERE number = 3").await, 12);

    // Replies to commands land in the command's topic, or the general one.
    say_in(&bot, 7, ALICE, "/ideas").await;
    assert_eq!(thread(&sent_with(&bot, "Top ideas")), Some(7));
    say(&bot, ALICE, "/ideas new").await;
    assert_eq!(thread(&sent_with(&bot, "New ideas")), None);

    // "We delivered" goes to the ideas topic.
    say_in(&bot, 3, OWNER, "/ideastatus 2 done").await;
    assert_eq!(thread(&sent_with(&bot, "You asked — we delivered")), Some(12));
    assert_eq!(thread(&sent_with(&bot, "Idea #2 is now")), Some(3));
}

#[tokio::test]
async fn topics_lists_the_bindings_and_help_thread_reads_them() {
    let bot = TestBot::start().await;
    forum(&bot);
    say_in(&bot, 10, OWNER, "/settopic welcome").await;
    say_in(&bot, 30, OWNER, "/settopic HELP").await;
    say_in(&bot, 31, OWNER, "/settopic help").await;
    say_in(&bot, 5, OWNER, "/topics").await;
    let list = bot.last_text_to(GROUP);
    assert!(list.contains("welcome — welcomes of newcomers: topic 10"), "{list}");
    assert!(list.contains("help — questions and help: topic 31"), "rebinding moves it: {list}");
    assert!(list.contains("ideas — idea cards and “we delivered” announcements: general topic"), "{list}");
    assert_eq!(topics::help_thread(bot.db(), GROUP).await.unwrap(), Some(31));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM forum_topics").await, 2);
}

#[tokio::test]
async fn the_digest_and_badges_go_to_the_digest_topic() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.seat(BOB);
    forum(&bot);
    say_in(&bot, 40, OWNER, "/settopic digest").await;
    say(&bot, ALICE, "Hello everyone").await;
    bot.advance_and_tick(Duration::minutes(5)).await;
    assert_eq!(thread(&sent_with(&bot, "earned")), Some(40));
    let answer = bot.with(|w| w.say(GROUP, ALICE, "The answer is 42"));
    bot.settle().await;
    bot.with(|w| w.reply(GROUP, BOB, answer, "thanks!"));
    bot.settle().await;
    bot.advance_and_tick(Duration::days(7)).await;
    assert_eq!(thread(&sent_with(&bot, "The week in review")), Some(40));
}

#[tokio::test]
async fn the_log_goes_to_the_log_topic_when_the_log_chat_is_the_group() {
    let bot = TestBot::start().await;
    forum(&bot);
    say_in(&bot, 50, OWNER, "/settopic log").await;
    assert!(bot.last_text_to(GROUP).contains("only when the log chat is this group"));
    notify::set_log_chat(bot.db(), GROUP, Some(GROUP)).await.unwrap();
    let told = notify::notify_admins(&bot.ctx().bot, bot.ctx(), GROUP, "📋 a report", None).await.unwrap();
    assert_eq!(told, notify::AdminsTold::LogChat);
    assert_eq!(thread(&sent_with(&bot, "a report")), Some(50));
}

#[tokio::test]
async fn a_topic_that_stops_working_falls_back_to_the_general_topic() {
    let bot = TestBot::start().await;
    forum(&bot);
    say_in(&bot, 10, OWNER, "/settopic welcome").await;
    bot.with(|w| w.join(GROUP, ALICE, None));
    bot.settle().await;
    assert_eq!(thread(&sent_with(&bot, "Alice")), Some(10));
    // Topics turned off: Telegram refuses the thread; the welcome still goes out.
    bot.with(|w| w.set_forum(GROUP, false));
    bot.with(|w| w.join(GROUP, BOB, None));
    bot.settle().await;
    let tries: Vec<Option<i64>> = bot
        .calls_to("sendMessage")
        .iter()
        .filter(|c| c.chat_id() == Some(GROUP) && c.text().contains("Bob"))
        .map(thread)
        .collect();
    assert_eq!(tries, vec![Some(10), None], "refused in the topic, then posted in the general topic");
}

#[tokio::test]
async fn bindings_move_with_a_migrated_chat() {
    const OLD: i64 = -500;
    const NEW: i64 = -100_500;
    let bot = TestBot::start_with(|w| {
        w.add_group(OLD, "Old group", OWNER).kind = "group";
    })
    .await;
    bot.with(|w| w.say(OLD, OWNER, "hello"));
    bot.settle().await;
    topics::store::bind(bot.db(), OLD, topics::TopicKind::Ideas, 9, OWNER, t0()).await.unwrap();
    bot.with(|w| w.migrate(OLD, NEW, OWNER));
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT chat_id FROM forum_topics").await, NEW);
    assert_eq!(bot.scalar("SELECT thread_id FROM forum_topics").await, 9);
}
