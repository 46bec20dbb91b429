//! The best answer of the week end to end: an admin's /best paid once and
//! featured once by the digest with a link, the week's most thanked answer
//! chosen when no admin picks one, the badges, refusals.

use crate::support::*;
use chrono::Duration;

/// A private supergroup: its messages have t.me/c/… links.
const DESK: i64 = -1_001_234_567_890;

async fn desk() -> TestBot {
    let bot = TestBot::start_with(|w| {
        w.add_group(DESK, "Help Desk", OWNER);
    })
    .await;
    for user in [ALICE, BOB, CAROL] {
        bot.with(|w| w.set_status(DESK, user, hearth::sim::world::Status::Member));
    }
    bot
}

async fn best_points(bot: &TestBot, user: i64) -> i64 {
    bot.scalar(&format!(
        "SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE user_id = {user} AND reason = 'best_answer'"
    ))
    .await
}

fn digest_lines(bot: &TestBot, chat: i64) -> Vec<String> {
    bot.texts_to(chat)
        .iter()
        .filter(|t| t.contains("The week in review"))
        .flat_map(|t| {
            t.lines().filter(|l| l.contains("Best answer of the week")).map(str::to_owned).collect::<Vec<_>>()
        })
        .collect()
}

/// The digests as sent (HTML).
fn raw_digests(bot: &TestBot, chat: i64) -> Vec<String> {
    bot.calls_to("sendMessage")
        .into_iter()
        .filter(|c| c.chat_id() == Some(chat) && c.text().contains("The week in review"))
        .map(|c| c.text().to_owned())
        .collect()
}

#[tokio::test]
async fn an_admins_pick_is_paid_once_and_featured_once_with_its_link() {
    let bot = desk().await;
    bot.tick().await;
    let answer = bot.with(|w| w.say(DESK, BOB, "Restart the router, then re-pair the app."));
    bot.with(|w| w.reply(DESK, OWNER, answer, "/best"));
    bot.settle().await;
    assert_eq!(best_points(&bot, BOB).await, 15);
    let said = bot.last_text_to(DESK);
    assert!(said.contains("The best answer of the week, by"), "{said}");
    assert!(
        said.contains("+15 points") && said.contains("2 more best answers for 🏆 3 best answers"),
        "{said}"
    );
    let replied = bot.calls_to("sendMessage").last().and_then(replies_to);
    assert_eq!(replied, Some(answer), "the bot answers on the chosen message");

    // Chosen again: already chosen, paid once.
    bot.with(|w| w.reply(DESK, OWNER, answer, "/best"));
    bot.settle().await;
    assert_eq!(bot.last_text_to(DESK), "This message is already a best answer.");
    assert_eq!(best_points(&bot, BOB).await, 15);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM best_answers").await, 1);

    bot.advance_and_tick(Duration::days(7)).await;
    let lines = digest_lines(&bot, DESK);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("Bob — read it (chosen by the admins)"), "{}", lines[0]);
    let sent = raw_digests(&bot, DESK);
    let link = format!("<a href=\"https://t.me/c/1234567890/{answer}\">read it</a>");
    assert!(sent.len() == 1 && sent[0].contains(&link), "{sent:?}");

    // The next week something else happens; the pick is not featured again.
    let other = bot.with(|w| w.say(DESK, CAROL, "The manual is on page 4."));
    bot.with(|w| w.reply(DESK, ALICE, other, "thanks!"));
    bot.settle().await;
    bot.advance_and_tick(Duration::days(7)).await;
    assert_eq!(bot.texts_to(DESK).iter().filter(|t| t.contains("The week in review")).count(), 2);
    assert_eq!(digest_lines(&bot, DESK).len(), 1, "featured once");
}

#[tokio::test]
async fn with_no_pick_the_weeks_most_thanked_answer_is_chosen_and_paid() {
    let bot = TestBot::start().await;
    bot.tick().await;
    for user in [ALICE, BOB, CAROL] {
        bot.seat(user);
    }
    let once = bot.with(|w| w.say(GROUP, ALICE, "Try the web version."));
    bot.with(|w| w.reply(GROUP, BOB, once, "thx"));
    let twice = bot.with(|w| w.say(GROUP, BOB, "Settings → Devices → Reset."));
    bot.with(|w| w.reply(GROUP, ALICE, twice, "thanks, that worked"));
    bot.with(|w| w.reply(GROUP, CAROL, twice, "спасибо!"));
    bot.settle().await;
    bot.advance_and_tick(Duration::days(7)).await;
    let lines = digest_lines(&bot, GROUP);
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(lines[0].contains("Bob") && lines[0].contains("(thanked by 2 members)"), "{}", lines[0]);
    let sent = raw_digests(&bot, GROUP);
    assert!(
        sent.len() == 1 && !sent[0].contains("href=\"https://"),
        "a basic group's messages have no links: {sent:?}"
    );
    assert_eq!(best_points(&bot, BOB).await, 15);
    assert_eq!(best_points(&bot, ALICE).await, 0, "one thanks is not enough");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM best_answers WHERE chosen_by IS NULL").await, 1);
    assert_eq!(
        bot.scalar("SELECT COUNT(*) FROM badges WHERE user_id = 1002 AND badge = 'best_answer'").await,
        1
    );

    // A week with thanks for nobody twice chooses nothing; a restart in the
    // week repeats nothing.
    let lone = bot.with(|w| w.say(GROUP, CAROL, "Check the cable."));
    bot.with(|w| w.reply(GROUP, BOB, lone, "thank you"));
    bot.settle().await;
    bot.advance_and_tick(Duration::days(7)).await;
    assert_eq!(digest_lines(&bot, GROUP).len(), 1);
    assert_eq!(best_points(&bot, CAROL).await, 0);
}

#[tokio::test]
async fn three_best_answers_earn_the_badge_announced_in_the_group() {
    let bot = desk().await;
    for n in 0..3 {
        let answer = bot.with(|w| w.say(DESK, BOB, &format!("Answer number {n}")));
        bot.with(|w| w.reply(DESK, OWNER, answer, "/best"));
        bot.settle().await;
    }
    assert_eq!(best_points(&bot, BOB).await, 45);
    let said = bot.last_text_to(DESK);
    assert!(said.contains("+15 points.") && !said.contains("more best answer"), "{said}");
    let badges =
        "SELECT COUNT(*) FROM badges WHERE user_id = 1002 AND badge IN ('best_answer', 'three_best_answers')";
    assert_eq!(bot.scalar(badges).await, 2);
    bot.tick().await;
    assert!(bot.texts_to(DESK).iter().any(|t| t.contains("🏆 3 best answers")), "{:?}", bot.texts_to(DESK));
}

#[tokio::test]
async fn refusals_change_nothing() {
    let bot = desk().await;
    let answer = bot.with(|w| w.say(DESK, BOB, "Use the reset button."));
    bot.with(|w| w.reply(DESK, ALICE, answer, "/best"));
    bot.settle().await;
    assert!(bot.last_text_to(DESK).contains("admin"), "{}", bot.last_text_to(DESK));
    bot.with(|w| w.say(DESK, OWNER, "/best"));
    bot.settle().await;
    assert!(
        bot.last_text_to(DESK).starts_with("Reply to a member's helpful message"),
        "{}",
        bot.last_text_to(DESK)
    );
    let own = bot.with(|w| w.say(DESK, OWNER, "I know this one."));
    bot.with(|w| w.reply(DESK, OWNER, own, "/best"));
    bot.settle().await;
    assert_eq!(bot.last_text_to(DESK), "You can't choose your own message as the best answer.");
    let bots = bot.with(|w| {
        w.messages.values().filter(|m| m.from_bot && m.chat_id == DESK).map(|m| m.message_id).max()
    });
    let bots = bots.expect("the bot has spoken");
    bot.with(|w| w.reply(DESK, OWNER, bots, "/best"));
    bot.settle().await;
    assert!(bot.last_text_to(DESK).starts_with("Only a member's message"), "{}", bot.last_text_to(DESK));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM best_answers").await, 0);
    assert_eq!(best_points(&bot, BOB).await, 0);

    bot.with(|w| w.say(DESK, OWNER, "/set lang ru"));
    bot.settle().await;
    bot.with(|w| w.say(DESK, OWNER, "/best"));
    bot.settle().await;
    assert!(
        bot.last_text_to(DESK).starts_with("Ответьте на полезное сообщение"),
        "{}",
        bot.last_text_to(DESK)
    );
    bot.with(|w| w.reply(DESK, OWNER, answer, "/best"));
    bot.settle().await;
    let said = bot.last_text_to(DESK);
    assert!(
        said.contains("+15 баллов") && said.contains("Ещё 2 лучших ответа до значка 🏆 3 лучших ответа"),
        "{said}"
    );
}
