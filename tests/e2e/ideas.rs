//! Ideas board end to end: cards and buttons, votes, statuses with DMs,
//! announcements and points, merges, lists, forged presses and bad input.

use crate::support::*;
use chrono::Duration;
use serde_json::json;

const OTHER: i64 = -100_200;

async fn started() -> TestBot {
    let bot = TestBot::start_with(|w| {
        w.add_group(OTHER, "Other Place", OWNER);
    })
    .await;
    for user in [ALICE, BOB, CAROL] {
        bot.seat(user);
    }
    bot
}

async fn idea_id(bot: &TestBot, chat: i64, number: i64) -> i64 {
    bot.scalar(&format!("SELECT idea_id FROM ideas WHERE chat_id = {chat} AND number = {number}")).await
}

async fn card_of(bot: &TestBot, chat: i64, number: i64) -> i64 {
    bot.scalar(&format!("SELECT card_message_id FROM ideas WHERE chat_id = {chat} AND number = {number}"))
        .await
}

/// Presses 👍 (`u`) or 👎 (`d`) on idea `number`'s card in the group.
async fn vote(bot: &TestBot, user: i64, number: i64, dir: &str) {
    let id = idea_id(bot, GROUP, number).await;
    let card = card_of(bot, GROUP, number).await;
    bot.with(|w| w.press(GROUP, card, user, &format!("idea:v:{id}:{dir}")));
    bot.settle().await;
}

fn last_toast(bot: &TestBot) -> (String, bool) {
    let call = bot.calls_to("answerCallbackQuery").pop().expect("the press was answered");
    (call.params["text"].as_str().unwrap_or("").to_owned(), call.params["show_alert"] == true)
}

async fn say(bot: &TestBot, chat: i64, user: i64, text: &str) {
    bot.with(|w| w.say(chat, user, text));
    bot.settle().await;
}

fn open_dm(bot: &TestBot, user: i64) {
    bot.with(|w| w.say(user, user, "/start"));
}

async fn status_of(bot: &TestBot, number: i64) -> String {
    sqlx::query_scalar("SELECT status FROM ideas WHERE chat_id = ? AND number = ?")
        .bind(GROUP)
        .bind(number)
        .fetch_one(bot.db())
        .await
        .unwrap()
}

#[tokio::test]
async fn an_idea_becomes_a_card_with_vote_buttons() {
    let bot = started().await;
    say(&bot, GROUP, ALICE, "/idea A dark theme for the <b>site</b> & app").await;
    let card = bot
        .calls_to("sendMessage")
        .into_iter()
        .find(|c| c.chat_id() == Some(GROUP) && c.text().contains("Idea #1"))
        .expect("a card in the group");
    let visible = bot.texts_to(GROUP).into_iter().find(|t| t.contains("Idea #1")).unwrap();
    assert!(visible.contains("A dark theme for the <b>site</b> & app"), "escaped: {visible}");
    assert!(card.text().contains("tg://user?id=1001"), "the author is named");
    assert!(visible.contains("open") && visible.contains("score 0"), "{visible}");
    let id = idea_id(&bot, GROUP, 1).await;
    let buttons = card.buttons();
    assert_eq!(
        buttons,
        vec![("👍 0".to_owned(), format!("idea:v:{id}:u")), ("👎 0".to_owned(), format!("idea:v:{id}:d"))]
    );
    // Numbers go on per chat.
    say(&bot, GROUP, BOB, "/idea Monthly meetups").await;
    assert!(bot.texts_to(GROUP).iter().any(|t| t.contains("Idea #2") && t.contains("Monthly meetups")));
    say(&bot, OTHER, BOB, "/idea Something elsewhere").await;
    assert!(bot.texts_to(OTHER).iter().any(|t| t.contains("Idea #1")));
}

#[tokio::test]
async fn an_idea_in_reply_takes_the_message_and_credits_its_author() {
    let bot = started().await;
    let original = bot.with(|w| w.say(GROUP, CAROL, "We need a shared events calendar"));
    bot.settle().await;
    bot.with(|w| w.reply(GROUP, ALICE, original, "/idea"));
    bot.settle().await;
    let (text, author, by): (String, i64, i64) =
        sqlx::query_as("SELECT text, author_id, submitted_by FROM ideas").fetch_one(bot.db()).await.unwrap();
    assert_eq!(text, "We need a shared events calendar");
    assert_eq!((author, by), (CAROL, ALICE));
    let card = bot.texts_to(GROUP).into_iter().find(|t| t.contains("Idea #1")).unwrap();
    assert!(card.contains("Carol"), "credited on the card: {card}");
}

#[tokio::test]
async fn a_duplicate_update_creates_one_idea() {
    let bot = started().await;
    bot.with(|w| {
        let message_id = w.next_message_id(GROUP);
        let message = json!({
            "message_id": message_id, "date": w.now,
            "chat": {"id": GROUP, "type": "supergroup", "title": "Test Lounge"},
            "from": {"id": ALICE, "is_bot": false, "first_name": "Alice"},
            "text": "/idea Podcasts",
            "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
        });
        w.push_update(json!({ "message": message.clone() }));
        w.push_update(json!({ "message": message }));
    });
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM ideas").await, 1);
    let cards = bot.texts_to(GROUP).into_iter().filter(|t| t.contains("Idea #1")).count();
    assert_eq!(cards, 1, "one card");
}

#[tokio::test]
async fn one_vote_per_member_changeable_and_the_card_shows_the_score() {
    let bot = started().await;
    say(&bot, GROUP, ALICE, "/idea Podcasts").await;
    vote(&bot, BOB, 1, "u").await;
    assert!(!last_toast(&bot).1);
    assert!(last_toast(&bot).0.contains("counted"));
    let edit = bot.calls_to("editMessageText").pop().expect("the card is edited");
    assert!(edit.text().contains("score <b>+1</b>"), "{}", edit.text());
    assert_eq!(edit.buttons()[0].0, "👍 1");

    // The same vote again changes nothing.
    let edits = bot.calls_to("editMessageText").len();
    vote(&bot, BOB, 1, "u").await;
    assert!(last_toast(&bot).0.contains("already"));
    assert_eq!(bot.calls_to("editMessageText").len(), edits, "no edit for a repeated vote");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM idea_votes").await, 1);

    // Changing sides.
    vote(&bot, BOB, 1, "d").await;
    assert!(last_toast(&bot).0.contains("Changed your vote to 👎"));
    vote(&bot, CAROL, 1, "d").await;
    vote(&bot, ALICE, 1, "u").await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM idea_votes").await, 3);
    assert_eq!(bot.scalar("SELECT SUM(value) FROM idea_votes").await, -1);
    let edit = bot.calls_to("editMessageText").pop().unwrap();
    assert!(edit.text().contains("score <b>-1</b>"), "{}", edit.text());
    assert_eq!(edit.buttons().iter().map(|b| b.0.as_str()).collect::<Vec<_>>(), vec!["👍 1", "👎 2"]);
}

#[tokio::test]
async fn status_changes_edit_the_card_tell_supporters_and_pay_once() {
    let bot = started().await;
    open_dm(&bot, ALICE);
    open_dm(&bot, BOB);
    say(&bot, GROUP, ALICE, "/idea Weekly office hours").await;
    vote(&bot, BOB, 1, "u").await;
    vote(&bot, CAROL, 1, "u").await; // no DM open: cannot be told
    let dms_before = (bot.texts_to(ALICE).len(), bot.texts_to(BOB).len());

    say(&bot, GROUP, OWNER, "/ideastatus 1 planned").await;
    let edit = bot.calls_to("editMessageText").pop().unwrap();
    assert!(edit.text().contains("planned"), "{}", edit.text());
    assert_eq!(edit.buttons().len(), 2, "planned ideas still take votes");
    assert_eq!(bot.texts_to(ALICE).len(), dms_before.0 + 1);
    assert_eq!(bot.texts_to(BOB).len(), dms_before.1 + 1);
    assert!(bot.last_text_to(ALICE).contains("It is your idea"));
    assert!(
        bot.last_text_to(BOB).contains("Weekly office hours") && bot.last_text_to(BOB).contains("planned")
    );
    assert!(bot.texts_to(CAROL).is_empty());
    assert!(bot.last_text_to(GROUP).contains("2 members get a DM"), "{}", bot.last_text_to(GROUP));
    let points =
        "SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE user_id = 1001 AND reason LIKE 'idea_%'";
    assert_eq!(bot.scalar(points).await, 20);

    say(&bot, GROUP, OWNER, "/ideastatus 1 done Every Thursday at 18:00 <UTC>").await;
    let edit = bot.calls_to("editMessageText").pop().unwrap();
    assert!(edit.text().contains("done") && edit.text().contains("Every Thursday at 18:00 &lt;UTC&gt;"));
    assert!(edit.buttons().is_empty(), "done ideas take no more votes");
    let delivered: Vec<String> =
        bot.texts_to(GROUP).into_iter().filter(|t| t.contains("You asked — we delivered")).collect();
    assert_eq!(delivered.len(), 1);
    assert!(delivered[0].contains("Alice") && delivered[0].contains("Weekly office hours"));
    assert_eq!(bot.scalar(points).await, 70);
    assert_eq!(
        bot.scalar("SELECT COUNT(*) FROM badges WHERE user_id = 1001 AND badge = 'co_creator'").await,
        1
    );

    // Repeating "done" changes nothing; reopening and finishing again pays nothing more.
    say(&bot, GROUP, OWNER, "/ideastatus 1 done").await;
    assert!(bot.last_text_to(GROUP).contains("already has this status"));
    say(&bot, GROUP, OWNER, "/ideastatus 1 in_progress").await;
    say(&bot, GROUP, OWNER, "/ideastatus 1 done").await;
    assert_eq!(bot.scalar(points).await, 70);
    let delivered =
        bot.texts_to(GROUP).into_iter().filter(|t| t.contains("You asked — we delivered")).count();
    assert_eq!(delivered, 1, "announced once");

    // The badge job announces the co-creator badge.
    bot.advance_and_tick(Duration::minutes(1)).await;
    assert!(bot.texts_to(GROUP).iter().any(|t| t.contains("Co-creator")), "{:?}", bot.texts_to(GROUP));
}

#[tokio::test]
async fn bad_status_commands_change_nothing() {
    let bot = started().await;
    say(&bot, OTHER, ALICE, "/idea An idea of the other chat").await;
    say(&bot, GROUP, ALICE, "/idea Ours").await;

    say(&bot, GROUP, BOB, "/ideastatus 1 planned").await;
    assert!(bot.last_text_to(GROUP).contains("admin"), "{}", bot.last_text_to(GROUP));
    say(&bot, GROUP, OWNER, "/ideastatus 2 planned").await;
    assert!(bot.last_text_to(GROUP).contains("There is no idea #2"));
    say(&bot, GROUP, OWNER, "/ideastatus 1 maybe").await;
    assert!(bot.last_text_to(GROUP).contains("Unknown status “maybe”"));
    say(&bot, GROUP, OWNER, "/ideastatus planned").await;
    assert!(bot.last_text_to(GROUP).contains("Usage"));
    say(&bot, GROUP, OWNER, "/ideastatus 1 done").await;
    say(&bot, GROUP, OWNER, "/ideastatus 1 declined").await;
    assert!(bot.last_text_to(GROUP).contains("can't go from"));
    assert_eq!(status_of(&bot, 1).await, "done");
    let other: String = sqlx::query_scalar("SELECT status FROM ideas WHERE chat_id = ?")
        .bind(OTHER)
        .fetch_one(bot.db())
        .await
        .unwrap();
    assert_eq!(other, "open", "the other chat's idea #1 is untouched");
}

#[tokio::test]
async fn empty_and_over_long_ideas_are_refused() {
    let bot = started().await;
    say(&bot, GROUP, ALICE, "/idea").await;
    assert!(bot.last_text_to(GROUP).contains("Usage"));
    say(&bot, GROUP, ALICE, &format!("/idea {}", "x".repeat(1001))).await;
    assert!(bot.last_text_to(GROUP).contains("at most 1000 characters"));
    bot.with(|w| {
        w.say_with(GROUP, 1087968824, "/idea From an anonymous admin", |m| {
            m["from"] = json!({"id": 1087968824, "is_bot": true, "first_name": "Group", "username": "GroupAnonymousBot"});
            m["sender_chat"] = json!({"id": GROUP, "type": "supergroup", "title": "Test Lounge"});
        })
    });
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("your own account"));
    say(&bot, ALICE, ALICE, "/idea in a DM").await;
    assert!(bot.last_text_to(ALICE).contains("group"));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM ideas").await, 0);
}

#[tokio::test]
async fn merge_moves_votes_without_counting_a_member_twice() {
    let bot = started().await;
    say(&bot, GROUP, ALICE, "/idea A podcast").await;
    say(&bot, GROUP, BOB, "/idea Record a podcast").await;
    vote(&bot, BOB, 1, "u").await;
    vote(&bot, CAROL, 1, "u").await;
    vote(&bot, CAROL, 2, "d").await;
    vote(&bot, OWNER, 2, "u").await;

    say(&bot, GROUP, ALICE, "/ideamerge 2 into 1").await;
    assert!(bot.last_text_to(GROUP).contains("admin"));
    say(&bot, GROUP, OWNER, "/ideamerge 2 into 2").await;
    assert!(bot.last_text_to(GROUP).contains("itself"));
    say(&bot, GROUP, OWNER, "/ideamerge 2 into 9").await;
    assert!(bot.last_text_to(GROUP).contains("no idea #9"));
    say(&bot, GROUP, OWNER, "/ideamerge 2 into 1").await;
    assert!(bot.last_text_to(GROUP).contains("#2 merged into #1"), "{}", bot.last_text_to(GROUP));

    let one = idea_id(&bot, GROUP, 1).await;
    let two = idea_id(&bot, GROUP, 2).await;
    assert_eq!(bot.scalar(&format!("SELECT COUNT(*) FROM idea_votes WHERE idea_id = {one}")).await, 3);
    assert_eq!(bot.scalar(&format!("SELECT SUM(value) FROM idea_votes WHERE idea_id = {one}")).await, 3);
    assert_eq!(bot.scalar(&format!("SELECT COUNT(*) FROM idea_votes WHERE idea_id = {two}")).await, 0);
    assert_eq!(status_of(&bot, 2).await, "merged");
    let edit = bot.calls_to("editMessageText").into_iter().rfind(|c| c.text().contains("Idea #2")).unwrap();
    assert!(edit.text().contains("Merged into idea #1") && edit.buttons().is_empty());

    // Votes on the merged idea are refused; merging it again too.
    vote(&bot, ALICE, 2, "u").await;
    let (text, alert) = last_toast(&bot);
    assert!(alert && text.contains("voting is closed"), "{text}");
    say(&bot, GROUP, OWNER, "/ideamerge 2 1").await;
    assert!(bot.last_text_to(GROUP).contains("already merged"));
    assert_eq!(bot.scalar(&format!("SELECT COUNT(*) FROM idea_votes WHERE idea_id = {one}")).await, 3);
}

#[tokio::test]
async fn votes_on_a_declined_idea_are_refused() {
    let bot = started().await;
    say(&bot, GROUP, ALICE, "/idea Free pizza").await;
    say(&bot, GROUP, OWNER, "/ideastatus 1 declined Budget").await;
    vote(&bot, BOB, 1, "u").await;
    let (text, alert) = last_toast(&bot);
    assert!(alert && text.contains("declined"), "{text}");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM idea_votes").await, 0);
}

#[tokio::test]
async fn forged_presses_change_nothing() {
    let bot = started().await;
    say(&bot, OTHER, BOB, "/idea Theirs").await;
    say(&bot, GROUP, ALICE, "/idea Ours").await;
    let card = card_of(&bot, GROUP, 1).await;
    let theirs = idea_id(&bot, OTHER, 1).await;
    let ours = idea_id(&bot, GROUP, 1).await;
    let welcome = bot.with(|w| w.say(GROUP, BOB, "just a message"));
    bot.settle().await;
    for (message, data) in [
        (card, format!("idea:v:{theirs}:u")),
        (card, "idea:v:99999:u".to_owned()),
        (card, format!("idea:v:{ours}:x")),
        (card, "idea:v:abc:u".to_owned()),
        (card, format!("idea:v:{ours}:u:extra")),
        (card, "idea:v".to_owned()),
        (welcome, format!("idea:v:{ours}:u")),
    ] {
        bot.with(|w| w.press(GROUP, message, CAROL, &data));
        bot.settle().await;
        let (text, alert) = last_toast(&bot);
        assert!(alert, "{data}: {text}");
    }
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM idea_votes").await, 0);
}

#[tokio::test]
async fn the_ideas_list_filters() {
    let bot = started().await;
    for text in ["Alpha plan", "Beta open", "Gamma done", "Delta declined"] {
        say(&bot, GROUP, ALICE, &format!("/idea {text}")).await;
    }
    say(&bot, GROUP, OWNER, "/ideastatus 1 planned").await;
    say(&bot, GROUP, OWNER, "/ideastatus 3 done").await;
    say(&bot, GROUP, OWNER, "/ideastatus 4 declined").await;
    vote(&bot, BOB, 2, "u").await;

    say(&bot, GROUP, BOB, "/ideas").await;
    let top = bot.last_text_to(GROUP);
    assert!(top.contains("Top ideas") && top.contains("Alpha") && top.contains("Beta"), "{top}");
    assert!(!top.contains("Gamma") && !top.contains("Delta"));
    assert!(top.find("Beta") < top.find("Alpha"), "the better score first: {top}");
    say(&bot, GROUP, BOB, "/ideas new").await;
    let new = bot.last_text_to(GROUP);
    assert!(new.contains("Beta") && !new.contains("Alpha"), "{new}");
    say(&bot, GROUP, BOB, "/ideas planned").await;
    let planned = bot.last_text_to(GROUP);
    assert!(planned.contains("Alpha") && !planned.contains("Beta"), "{planned}");
    say(&bot, GROUP, BOB, "/ideas done").await;
    let done = bot.last_text_to(GROUP);
    assert!(done.contains("Gamma") && !done.contains("Alpha"), "{done}");
    say(&bot, GROUP, BOB, "/ideas oldest").await;
    assert!(bot.last_text_to(GROUP).contains("Usage"));
}

#[tokio::test]
async fn the_weekly_digest_lists_ideas_taken_up() {
    let bot = started().await;
    say(&bot, GROUP, ALICE, "/idea Office hours").await;
    say(&bot, GROUP, OWNER, "/ideastatus 1 planned").await;
    bot.advance_and_tick(Duration::days(7)).await;
    let digest =
        bot.texts_to(GROUP).into_iter().find(|t| t.contains("The week in review")).expect("a digest");
    assert!(digest.contains("Taken up this week") && digest.contains("#1 Office hours"), "{digest}");
}

#[tokio::test]
async fn stats_and_export_for_analytics() {
    let bot = started().await;
    for text in ["One", "Two", "Three", "Four"] {
        say(&bot, GROUP, ALICE, &format!("/idea {text}")).await;
    }
    bot.with(|w| w.now += 2 * 86_400);
    say(&bot, GROUP, OWNER, "/ideastatus 1 done").await;
    say(&bot, GROUP, OWNER, "/ideastatus 2 planned").await;
    let stats =
        hearth::features::ideas::store::stats(bot.db(), GROUP, t0() - Duration::days(30)).await.unwrap();
    assert_eq!(stats.submitted, 4);
    assert_eq!(stats.taken_up, 2);
    assert!((stats.share_taken_up - 0.5).abs() < 1e-9);
    assert_eq!(stats.median_to_done, Some(Duration::days(2)));
    let (headers, rows) = hearth::features::ideas::store::export_rows(bot.db(), GROUP).await.unwrap();
    assert_eq!(rows.len(), 4);
    assert!(rows.iter().all(|r| r.len() == headers.len()));
    assert_eq!(rows[0][1], "done");
    assert_eq!(rows[0][3], "Alice");
}

#[tokio::test]
async fn many_supporters_are_told_partly_now_partly_by_the_job_and_once_per_status() {
    let bot = started().await;
    let fans: Vec<i64> = (2000..2025).collect();
    bot.with(|w| {
        for fan in &fans {
            w.add_user(*fan, &format!("Fan{fan}"));
            w.set_status(GROUP, *fan, hearth::sim::world::Status::Member);
        }
    });
    open_dm(&bot, ALICE);
    for fan in &fans {
        open_dm(&bot, *fan);
    }
    say(&bot, GROUP, ALICE, "/idea A conference").await;
    let (id, card) = (idea_id(&bot, GROUP, 1).await, card_of(&bot, GROUP, 1).await);
    bot.with(|w| {
        for fan in &fans {
            w.press(GROUP, card, *fan, &format!("idea:v:{id}:u"));
        }
    });
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM idea_votes").await, 25);
    let told = |bot: &TestBot| {
        bot.calls_to("sendMessage")
            .iter()
            .filter(|c| c.chat_id().is_some_and(|id| id > 0) && c.text().contains("News about idea #1"))
            .count()
    };
    say(&bot, GROUP, OWNER, "/ideastatus 1 planned").await;
    assert!(bot.last_text_to(GROUP).contains("26 members get a DM"), "{}", bot.last_text_to(GROUP));
    assert_eq!(told(&bot), 20, "the first few at once");
    bot.advance_and_tick(Duration::minutes(1)).await;
    assert_eq!(told(&bot), 26, "the rest by the job");
    bot.advance_and_tick(Duration::minutes(1)).await;
    assert_eq!(told(&bot), 26, "nobody twice");
    // Back to planned after in progress: nobody hears "planned" twice.
    say(&bot, GROUP, OWNER, "/ideastatus 1 in_progress").await;
    say(&bot, GROUP, OWNER, "/ideastatus 1 planned").await;
    bot.advance_and_tick(Duration::minutes(1)).await;
    assert_eq!(told(&bot), 52, "26 for in progress, none again for planned");
    assert!(bot.last_text_to(GROUP).contains("Nobody to tell"), "{}", bot.last_text_to(GROUP));
}

#[tokio::test]
async fn an_idea_whose_card_cannot_be_posted_is_not_kept() {
    let bot = started().await;
    bot.with(|w| {
        w.fail("sendMessage", 1, hearth::sim::Fault::BadRequest("Bad Request: something broke".into()))
    });
    say(&bot, GROUP, ALICE, "/idea Lost in transit").await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM ideas").await, 0);
    say(&bot, GROUP, ALICE, "/idea Sent again").await;
    assert_eq!(bot.scalar("SELECT number FROM ideas").await, 1);
    assert!(bot.texts_to(GROUP).iter().any(|t| t.contains("Idea #1") && t.contains("Sent again")));
}

#[tokio::test]
async fn a_member_outside_the_group_cannot_vote() {
    let bot = started().await;
    say(&bot, GROUP, ALICE, "/idea Podcasts").await;
    vote(&bot, BOB, 1, "u").await;
    let edits = bot.calls_to("editMessageText").len();
    // 5555 exists on Telegram but is not in the group; 6666 left it.
    bot.with(|w| {
        w.add_user(5555, "Stranger");
        w.add_user(6666, "Leaver");
        w.set_status(GROUP, 6666, hearth::sim::world::Status::Left);
    });
    for outsider in [5555, 6666] {
        vote(&bot, outsider, 1, "u").await;
        let (text, alert) = last_toast(&bot);
        assert_eq!(text, "Only members of this group can vote on its ideas.");
        assert!(alert);
    }
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM idea_votes").await, 1);
    assert_eq!(bot.calls_to("editMessageText").len(), edits, "the card's score is unchanged");
    // A member the bot has never seen is asked about and counted.
    bot.seat(CAROL);
    vote(&bot, CAROL, 1, "d").await;
    assert!(!last_toast(&bot).1, "{:?}", last_toast(&bot));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM idea_votes").await, 2);
}

#[tokio::test]
async fn the_same_status_command_delivered_twice_pays_and_tells_once() {
    let bot = started().await;
    open_dm(&bot, ALICE);
    open_dm(&bot, BOB);
    say(&bot, GROUP, ALICE, "/idea Weekly office hours").await;
    vote(&bot, BOB, 1, "u").await;
    let group_texts = bot.texts_to(GROUP).len();
    let dms = (bot.texts_to(ALICE).len(), bot.texts_to(BOB).len());

    say_twice(&bot, GROUP, OWNER, "/ideastatus 1 done Every Thursday").await;
    assert_eq!(status_of(&bot, 1).await, "done");
    let points =
        "SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE user_id = 1001 AND reason LIKE 'idea_%'";
    assert_eq!(bot.scalar(points).await, 70, "paid once");
    assert_eq!(bot.texts_to(ALICE).len(), dms.0 + 1, "the author is told once");
    assert_eq!(bot.texts_to(BOB).len(), dms.1 + 1, "the supporter is told once");
    let new: Vec<String> = bot.texts_to(GROUP).split_off(group_texts);
    assert_eq!(new.iter().filter(|t| t.contains("You asked — we delivered")).count(), 1, "{new:?}");
    assert_eq!(new.iter().filter(|t| t.contains("2 members get a DM")).count(), 1, "answered once: {new:?}");
    assert!(!new.iter().any(|t| t.contains("already has this status")), "{new:?}");
}

#[tokio::test]
async fn a_status_command_retried_after_a_failure_part_way_finishes_its_work() {
    let bot = started().await;
    open_dm(&bot, ALICE);
    say(&bot, GROUP, ALICE, "/idea Weekly office hours").await;
    // The first delivery committed the status and nothing more (as if
    // awarding points had failed): the retry pays, tells and answers.
    let id = idea_id(&bot, GROUP, 1).await;
    let (message_id, now) = bot.with(|w| (w.next_message_id(GROUP), w.now));
    let at = chrono::DateTime::from_timestamp(now, 0).unwrap();
    let message_id = i32::try_from(message_id).unwrap();
    hearth::features::ideas::store::set_status(
        bot.db(),
        id,
        hearth::features::ideas::logic::Status::Open,
        hearth::features::ideas::logic::Status::Planned,
        None,
        at,
        message_id,
    )
    .await
    .unwrap();
    bot.with(|w| {
        w.push_update(json!({ "message": {
            "message_id": message_id, "date": now,
            "chat": {"id": GROUP, "type": "supergroup", "title": "Test Lounge"},
            "from": {"id": OWNER, "is_bot": false, "first_name": "Owner"},
            "text": "/ideastatus 1 planned",
            "entities": [{"type": "bot_command", "offset": 0, "length": 11}],
        }}))
    });
    bot.settle().await;
    assert_eq!(status_of(&bot, 1).await, "planned");
    let points =
        "SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE user_id = 1001 AND reason LIKE 'idea_%'";
    assert_eq!(bot.scalar(points).await, 20, "paid on the retry");
    assert!(bot.last_text_to(ALICE).contains("planned"), "{}", bot.last_text_to(ALICE));
    assert!(bot.last_text_to(GROUP).contains("1 member gets a DM"), "{}", bot.last_text_to(GROUP));
    // A different command for the same status is still told "already".
    say(&bot, GROUP, OWNER, "/ideastatus 1 planned").await;
    assert!(bot.last_text_to(GROUP).contains("already has this status"));
    assert_eq!(bot.scalar(points).await, 20);
}

#[tokio::test]
async fn a_replayed_status_command_does_not_undo_a_later_one() {
    let bot = started().await;
    say(&bot, GROUP, ALICE, "/idea Weekly office hours").await;
    let mut copy = serde_json::Value::Null;
    bot.with(|w| w.say_with(GROUP, OWNER, "/ideastatus 1 planned", |m| copy = m.clone()));
    bot.settle().await;
    say(&bot, GROUP, OWNER, "/ideastatus 1 in_progress").await;
    let replies = bot.texts_to(GROUP).len();
    bot.with(|w| w.push_update(json!({ "message": copy })));
    bot.settle().await;
    assert_eq!(status_of(&bot, 1).await, "in_progress");
    assert_eq!(bot.texts_to(GROUP).len(), replies, "nothing said");
}

#[tokio::test]
async fn a_card_whose_id_could_not_be_saved_is_taken_back_and_posted_once() {
    let bot = started().await;
    // Saving the card's message id fails once (the retry of the update
    // saves it).
    for sql in [
        "CREATE TABLE fail_once (n INTEGER)",
        "INSERT INTO fail_once VALUES (1)",
        "CREATE TRIGGER fail_card BEFORE UPDATE OF card_message_id ON ideas
         WHEN (SELECT COUNT(*) FROM fail_once) > 0
         BEGIN DELETE FROM fail_once; SELECT RAISE(FAIL, 'injected: disk I/O error'); END",
    ] {
        sqlx::query(sql).execute(bot.db()).await.unwrap();
    }
    say(&bot, GROUP, ALICE, "/idea Podcasts").await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM fail_once").await, 0, "the failure happened");
    let posted = bot.calls_to("sendMessage").into_iter().filter(|c| c.text().contains("Idea #1")).count();
    assert_eq!(posted, 2, "posted, taken back, posted again");
    assert_eq!(bot.calls_to("deleteMessage").len(), 1);
    let visible = bot.with(|w| {
        w.messages
            .values()
            .filter(|m| m.chat_id == GROUP && m.from_bot && !m.deleted && m.html.contains("Idea #1"))
            .count()
    });
    assert_eq!(visible, 1, "one card in the group");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM ideas").await, 1);
    // Its buttons work: the card is the one the database knows.
    vote(&bot, BOB, 1, "u").await;
    assert!(last_toast(&bot).0.contains("counted"), "{:?}", last_toast(&bot));
}

#[tokio::test]
async fn a_status_change_whose_reward_fails_once_pays_and_tells_on_the_retry() {
    let bot = started().await;
    open_dm(&bot, ALICE);
    say(&bot, GROUP, ALICE, "/idea Weekly office hours").await;
    // The status is committed, then paying the author fails once.
    for sql in [
        "CREATE TABLE fail_once (n INTEGER)",
        "INSERT INTO fail_once VALUES (1)",
        "CREATE TRIGGER fail_award BEFORE INSERT ON points_ledger
         WHEN (SELECT COUNT(*) FROM fail_once) > 0
         BEGIN DELETE FROM fail_once; SELECT RAISE(FAIL, 'injected: disk I/O error'); END",
    ] {
        sqlx::query(sql).execute(bot.db()).await.unwrap();
    }
    say(&bot, GROUP, OWNER, "/ideastatus 1 planned").await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM fail_once").await, 0, "the failure happened");
    assert_eq!(status_of(&bot, 1).await, "planned");
    let points =
        "SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE user_id = 1001 AND reason LIKE 'idea_%'";
    assert_eq!(bot.scalar(points).await, 20, "paid by the retry");
    assert_eq!(bot.texts_to(ALICE).iter().filter(|t| t.contains("News about idea #1")).count(), 1);
    let group = bot.texts_to(GROUP);
    assert_eq!(group.iter().filter(|t| t.contains("Idea #1 is now")).count(), 1, "{group:?}");
    assert!(!group.iter().any(|t| t.contains("already has this status")), "{group:?}");
}
