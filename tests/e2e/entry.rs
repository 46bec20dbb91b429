//! Entry end to end: the modes (open, requests, customers with each
//! fallback), the Approve / Decline buttons (once, admins with the invite
//! right only, a withdrawn request done), expiry, the proofs (a known
//! Telegram id, signed links — good, tampered, expired, another bot's —
//! access codes — used, wrong, the wait), the bot lacking the invite right,
//! founders' links, and churn with each policy.

use crate::support::*;
use chrono::Duration;
use hearth::{
    config::{Config, Secret},
    features::{
        customers::keys::{self, Kind},
        entry::{cli, signed_link},
    },
    sim::{BOT_USERNAME, world::Status},
};

const LINK_KEY: &str = "a-link-secret-of-16-chars";
const CODE_KEY: &str = "a-secret-of-16-chars-or-more";
const DAVE: i64 = 1004;

fn keys(config: &mut Config) {
    config.link_secret = Some(Secret::new(LINK_KEY));
    config.secret = Some(Secret::new(CODE_KEY));
}

/// The bot with both keys; the owner has started it (admins are told in DMs).
async fn start() -> TestBot {
    let bot = TestBot::start_configured(
        |w| {
            w.add_user(DAVE, "Dave");
        },
        keys,
    )
    .await;
    bot.with(|w| w.say(OWNER, OWNER, "/start"));
    bot.settle().await;
    bot
}

async fn set(bot: &TestBot, command: &str) {
    bot.with(|w| w.say(GROUP, OWNER, command));
    bot.settle().await;
}

async fn customer(bot: &TestBot, id: &str, telegram: Option<i64>) {
    sqlx::query(
        "INSERT INTO customers (customer_id, telegram_id, since, updated_at) VALUES (?, ?, '2025-01-01', '')",
    )
    .bind(id)
    .bind(telegram)
    .execute(bot.db())
    .await
    .unwrap();
}

async fn give_code(bot: &TestBot, id: &str, code: &str) {
    let hash = keys::hash(&Secret::new(CODE_KEY), Kind::AccessCode, code).unwrap();
    sqlx::query("UPDATE customers SET access_code_hash = ? WHERE customer_id = ?")
        .bind(hash)
        .bind(id)
        .execute(bot.db())
        .await
        .unwrap();
}

async fn exec(bot: &TestBot, sql: &str) {
    sqlx::query(sql).execute(bot.db()).await.unwrap();
}

/// Settles twice: what the bot's calls made Telegram send (an approved
/// member's join) is handled too.
async fn settle(bot: &TestBot) {
    bot.settle().await;
    bot.settle().await;
}

async fn request(bot: &TestBot, user: i64) {
    assert!(bot.with(|w| w.request_join(GROUP, user, None)), "the request reaches the bot");
    settle(bot).await;
}

async fn dm(bot: &TestBot, user: i64, text: &str) {
    bot.with(|w| w.say(user, user, text));
    settle(bot).await;
}

/// The newest bot message in `chat` with buttons: its id and their data.
fn buttons(bot: &TestBot, chat: i64) -> (i64, Vec<String>) {
    bot.with(|w| {
        let m = w
            .messages
            .values()
            .filter(|m| m.from_bot && m.chat_id == chat && m.markup["inline_keyboard"].is_array())
            .max_by_key(|m| m.message_id)
            .expect("a message with buttons");
        let data = m.markup["inline_keyboard"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r.as_array())
            .flatten()
            .filter_map(|b| b["callback_data"].as_str().map(str::to_owned))
            .collect();
        (m.message_id, data)
    })
}

async fn press(bot: &TestBot, chat: i64, message: i64, user: i64, data: &str) {
    bot.with(|w| w.press(chat, message, user, data));
    settle(bot).await;
}

/// The newest answer to a button: its text and whether it is an alert.
fn last_answer(bot: &TestBot) -> (String, bool) {
    let c = bot.calls_to("answerCallbackQuery").pop().expect("an answer");
    (c.params["text"].as_str().unwrap_or("").to_owned(), c.params["show_alert"] == true)
}

fn ok_calls(bot: &TestBot, method: &str) -> usize {
    bot.calls_to(method).iter().filter(|c| !c.faulted).count()
}

async fn status_of(bot: &TestBot, user: i64) -> String {
    sqlx::query_scalar(&format!(
        "SELECT status FROM entry_requests WHERE user_id = {user} ORDER BY request_id DESC"
    ))
    .fetch_one(bot.db())
    .await
    .unwrap()
}

fn token(customer_id: &str, bot_username: &str, expires: i64) -> String {
    signed_link::sign(LINK_KEY.as_bytes(), bot_username, customer_id, expires).unwrap()
}

fn in_a_week() -> i64 {
    (t0() + Duration::days(7)).timestamp()
}

#[tokio::test]
async fn open_mode_leaves_join_requests_to_telegram() {
    let bot = start().await;
    request(&bot, BOB).await;
    assert!(bot.texts_to(BOB).is_empty());
    assert_eq!(
        bot.calls_to("approveChatJoinRequest").len() + bot.calls_to("declineChatJoinRequest").len(),
        0
    );
    assert!(bot.with(|w| w.has_join_request(GROUP, BOB)));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM entry_requests").await, 0);
}

#[tokio::test]
async fn requests_mode_asks_then_an_admin_approves_once() {
    let bot = start().await;
    set(&bot, "/set entry requests").await;
    set(&bot, "/setentryquestion What do you build?").await;
    request(&bot, BOB).await;
    // Bob never started the bot: the pending request lets it write first.
    let ask = bot.last_text_to(BOB);
    assert!(ask.contains("Test Lounge") && ask.contains("What do you build?"), "{ask}");
    dm(&bot, BOB, "I build <b>bots</b> & more").await;
    assert!(bot.last_text_to(BOB).contains("admins of “Test Lounge” will look"));
    let application = bot.last_text_to(OWNER);
    assert!(application.contains("Request to join “Test Lounge”"), "{application}");
    assert!(
        application.contains("Bob (—)") && application.contains("I build <b>bots</b> & more"),
        "{application}"
    );

    let (card, data) = buttons(&bot, OWNER);
    assert_eq!(data, ["ent:ok:1", "ent:no:1"]);
    // Not an admin: refused. An admin without the invite right: refused.
    press(&bot, OWNER, card, CAROL, "ent:ok:1").await;
    assert_eq!(last_answer(&bot), ("Only the chat's admins can decide requests.".into(), true));
    bot.with(|w| w.promote_with_rights(GROUP, ALICE, &["can_pin_messages"]));
    bot.settle().await;
    press(&bot, OWNER, card, ALICE, "ent:ok:1").await;
    assert!(last_answer(&bot).0.contains("Invite users via link"));
    assert!(bot.calls_to("approveChatJoinRequest").is_empty());

    press(&bot, OWNER, card, OWNER, "ent:ok:1").await;
    assert_eq!(ok_calls(&bot, "approveChatJoinRequest"), 1);
    assert_eq!(last_answer(&bot), ("Approved.".into(), false));
    assert!(bot.with(|w| w.is_present(GROUP, BOB)), "in the chat (behind the rules gate)");
    assert!(
        bot.scalar(
            "SELECT COUNT(*) FROM members WHERE chat_id = -100100 AND user_id = 1002 AND status = 'member'"
        )
        .await
            == 1
    );
    let edited = bot.calls_to("editMessageText").pop().unwrap();
    assert!(edited.text().contains("Approved by") && edited.text().contains("Olga"), "{}", edited.text());
    assert!(bot.last_text_to(BOB).contains("was approved"));

    // A Decline pressed after the Approve changes nothing.
    press(&bot, OWNER, card, OWNER, "ent:no:1").await;
    assert_eq!(last_answer(&bot), ("Already approved by Olga.".into(), true));
    assert!(bot.calls_to("declineChatJoinRequest").is_empty());
    assert_eq!(status_of(&bot, BOB).await, "approved");
}

#[tokio::test]
async fn a_request_withdrawn_before_the_decline_is_done() {
    let bot = start().await;
    set(&bot, "/set entry requests").await;
    request(&bot, CAROL).await;
    dm(&bot, CAROL, "Just curious").await;
    let (card, _) = buttons(&bot, OWNER);
    assert!(bot.with(|w| w.withdraw_request(GROUP, CAROL)));
    press(&bot, OWNER, card, OWNER, "ent:no:1").await;
    let declined = bot.calls_to("declineChatJoinRequest");
    assert_eq!(declined.len(), 1, "asked once, not retried");
    assert_eq!(last_answer(&bot), ("They withdrew their request.".into(), true));
    assert_eq!(status_of(&bot, CAROL).await, "gone");
    assert!(bot.calls_to("editMessageText").pop().unwrap().text().contains("Withdrawn"));
}

#[tokio::test]
async fn unanswered_requests_expire_and_a_withdrawn_one_is_unreachable() {
    let bot = start().await;
    set(&bot, "/set entry requests").await;
    set(&bot, "/set request_expire_hours 3").await;
    request(&bot, BOB).await;
    request(&bot, DAVE).await;
    assert!(bot.last_text_to(DAVE).contains("One question"));
    // Dave withdraws: the bot may not write to him first any more.
    bot.with(|w| w.withdraw_request(GROUP, DAVE));
    bot.advance_and_tick(Duration::hours(2)).await;
    assert!(bot.calls_to("declineChatJoinRequest").is_empty());
    bot.advance_and_tick(Duration::hours(2)).await;
    assert_eq!(bot.calls_to("declineChatJoinRequest").len(), 2);
    assert_eq!(status_of(&bot, BOB).await, "expired");
    assert_eq!(status_of(&bot, DAVE).await, "gone");
    assert!(!bot.with(|w| w.has_join_request(GROUP, BOB)));
    bot.with(|w| assert!(!w.may_write_to(BOB) && !w.may_write_to(DAVE)));
    bot.advance_and_tick(Duration::hours(2)).await;
    assert_eq!(bot.calls_to("declineChatJoinRequest").len(), 2, "once");
}

#[tokio::test]
async fn customers_mode_lets_a_known_telegram_id_in_without_a_question() {
    let bot = start().await;
    set(&bot, "/set entry customers").await;
    customer(&bot, "c-bob", Some(BOB)).await;
    request(&bot, BOB).await;
    assert_eq!(ok_calls(&bot, "approveChatJoinRequest"), 1);
    assert!(bot.texts_to(BOB).is_empty(), "no question");
    assert_eq!(
        bot.scalar("SELECT COUNT(*) FROM customer_links WHERE user_id = 1002 AND via = 'telegram_id'").await,
        1
    );
    assert!(bot.with(|w| w.is_present(GROUP, BOB)), "in the chat (behind the rules gate)");
}

#[tokio::test]
async fn customers_mode_asks_a_stranger_who_may_answer_with_a_code() {
    let bot = start().await;
    set(&bot, "/set entry customers").await;
    customer(&bot, "c-carol", None).await;
    give_code(&bot, "c-carol", "ABCD-2345-WXYZ").await;
    request(&bot, CAROL).await;
    assert!(bot.last_text_to(CAROL).contains("send me your access code"));
    dm(&bot, CAROL, "abcd-2345-wxyz").await;
    assert_eq!(ok_calls(&bot, "approveChatJoinRequest"), 1);
    let answer = bot.last_text_to(CAROL);
    assert!(answer.contains("confirmed as a customer") && answer.contains("approved"), "{answer}");
    assert_eq!(
        bot.scalar("SELECT COUNT(*) FROM customer_links WHERE user_id = 1003 AND via = 'access_code'").await,
        1
    );
    assert_eq!(status_of(&bot, CAROL).await, "approved");
    assert!(
        bot.calls_to("sendMessage")
            .iter()
            .all(|c| c.chat_id() != Some(OWNER) || !c.text().contains("Request"))
    );

    // Someone else answers the question: the admins decide.
    request(&bot, DAVE).await;
    dm(&bot, DAVE, "I'd like to see what it's about").await;
    assert!(bot.last_text_to(OWNER).contains("I'd like to see what it's about"));
}

#[tokio::test]
async fn customers_mode_declines_a_stranger_politely_and_a_code_brings_a_personal_link() {
    let bot = start().await;
    set(&bot, "/set entry customers").await;
    set(&bot, "/set entry_fallback decline").await;
    set(&bot, "/setentrylink https://example.com/join").await;
    customer(&bot, "c-carol", None).await;
    give_code(&bot, "c-carol", "QRST-6789-MNPK").await;
    request(&bot, CAROL).await;
    let refusal = bot.last_text_to(CAROL);
    assert!(refusal.contains("community for our customers") && refusal.contains("https://example.com/join"));
    assert_eq!(ok_calls(&bot, "declineChatJoinRequest"), 1);
    // The refusal went out while the bot still could write first.
    let order: Vec<String> = bot.with(|w| w.calls.iter().map(|c| c.method.clone()).collect());
    let sent = order.iter().rposition(|m| m == "sendMessage").unwrap();
    assert!(order.iter().rposition(|m| m == "declineChatJoinRequest").unwrap() > sent);

    dm(&bot, CAROL, "QRST6789MNPK").await;
    let created = bot.calls_to("createChatInviteLink").pop().expect("a personal link");
    assert_eq!(created.params["member_limit"], 1);
    assert_eq!(created.params["name"], "customer c-carol");
    let url = bot.with(|w| w.invite_links.last().unwrap().url.clone());
    assert!(bot.last_text_to(CAROL).contains(&url));
    // The same code again: the same link, not a new one.
    dm(&bot, CAROL, "QRST6789MNPK").await;
    assert_eq!(bot.calls_to("createChatInviteLink").len(), 1);
    assert!(bot.with(|w| w.join(GROUP, CAROL, Some(&url))));
    bot.settle().await;
    assert!(!bot.with(|w| w.join(GROUP, DAVE, Some(&url))), "one join only");
    assert_eq!(ok_calls(&bot, "revokeChatInviteLink"), 1);
}

#[tokio::test]
async fn access_codes_are_single_use_and_wrong_ones_limited() {
    let bot = start().await;
    set(&bot, "/set entry customers").await;
    customer(&bot, "c-bob", None).await;
    give_code(&bot, "c-bob", "BOBB-2345-CODE").await;
    dm(&bot, BOB, "BOBB-2345-CODE").await;
    assert!(bot.last_text_to(BOB).contains("confirmed as a customer"));
    // Bound to Bob's account: Carol cannot use it.
    dm(&bot, CAROL, "BOBB-2345-CODE").await;
    assert_eq!(bot.last_text_to(CAROL), "This code has already been used by another account.");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM customer_links").await, 1);

    customer(&bot, "c-dave", None).await;
    give_code(&bot, "c-dave", "DAVE-2345-CODE").await;
    for i in 1..=4 {
        dm(&bot, DAVE, &format!("WRONG-{i}234")).await;
        assert!(bot.last_text_to(DAVE).contains("isn't valid"), "{}", bot.last_text_to(DAVE));
    }
    assert!(bot.last_text_to(DAVE).contains("One more try"));
    dm(&bot, DAVE, "WRONG-5234").await;
    assert!(bot.last_text_to(DAVE).contains("last try for now"));
    // The sixth try waits, even with the right code.
    dm(&bot, DAVE, "DAVE-2345-CODE").await;
    assert_eq!(bot.last_text_to(DAVE), "Too many wrong codes. Please try again in 60 minutes.");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM customer_links WHERE user_id = 1004").await, 0);
    bot.advance_and_tick(Duration::minutes(61)).await;
    dm(&bot, DAVE, "DAVE-2345-CODE").await;
    assert!(bot.last_text_to(DAVE).contains("confirmed as a customer"));
    // Words are not codes: nothing is said to them.
    let said = bot.texts_to(DAVE).len();
    dm(&bot, DAVE, "thanks a lot").await;
    assert_eq!(bot.texts_to(DAVE).len(), said);
}

#[tokio::test]
async fn a_signed_link_proves_a_customer_and_a_bad_one_is_refused() {
    let bot = start().await;
    set(&bot, "/set entry customers").await;
    customer(&bot, "c-bob", None).await;
    let good = token("c-bob", BOT_USERNAME, in_a_week());

    // Tampered: one character changed.
    let mut tampered = good.clone().into_bytes();
    tampered[5] = if tampered[5] == b'A' { b'B' } else { b'A' };
    dm(&bot, BOB, &format!("/start c{}", String::from_utf8(tampered).unwrap())).await;
    assert!(bot.last_text_to(BOB).contains("not valid here"));
    // Another bot's, with the same key.
    dm(&bot, BOB, &format!("/start c{}", token("c-bob", "other_bot", in_a_week()))).await;
    assert!(bot.last_text_to(BOB).contains("made for another bot"));
    // Expired.
    dm(&bot, BOB, &format!("/start c{}", token("c-bob", BOT_USERNAME, t0().timestamp() - 60))).await;
    assert!(bot.last_text_to(BOB).contains("expired"));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM customer_links").await, 0);

    // A pending request (its application with the admins) is approved by the good one.
    request(&bot, BOB).await;
    dm(&bot, BOB, "I am Bob, a customer").await;
    dm(&bot, BOB, &format!("/start c{good}")).await;
    let answer = bot.last_text_to(BOB);
    assert!(answer.contains("confirmed as a customer") && answer.contains("approved"), "{answer}");
    assert_eq!(ok_calls(&bot, "approveChatJoinRequest"), 1);
    assert_eq!(
        bot.scalar("SELECT COUNT(*) FROM customer_links WHERE user_id = 1002 AND via = 'signed_link'").await,
        1
    );
    // The application the admins got says it was decided.
    let (card, _) = buttons(&bot, OWNER);
    press(&bot, OWNER, card, OWNER, "ent:no:1").await;
    assert_eq!(last_answer(&bot), ("Already approved: proven a customer.".into(), true));

    // The same customer's link from another account: taken.
    dm(&bot, CAROL, &format!("/start c{good}")).await;
    assert!(bot.last_text_to(CAROL).contains("already linked to another Telegram account"));
}

#[tokio::test]
async fn the_cli_makes_links_codes_and_founders_invitations() {
    let bot = start().await;
    set(&bot, "/set entry customers").await;
    customer(&bot, "c-bob", None).await;
    customer(&bot, "c-carol", None).await;
    let config = bot.config();
    let url = cli::link(&config, "c-bob", 7, Some("@Hearth_Sim_Bot"), t0()).await.unwrap();
    let payload = url.strip_prefix("https://t.me/hearth_sim_bot?start=").expect("a deep link");
    assert!(payload.len() <= 64);
    let too_long = cli::link(&config, &"x".repeat(30), 7, Some("b"), t0()).await.unwrap_err().to_string();
    assert!(too_long.contains("1 to 29 bytes"), "{too_long}");
    assert!(cli::link(&config, "nobody", 7, Some("b"), t0()).await.is_err());
    // The bot asked Telegram for its name.
    let asked = cli::link(&config, "c-bob", 7, None, t0()).await.unwrap();
    assert_eq!(asked.split('?').next(), Some("https://t.me/hearth_sim_bot"));
    dm(&bot, BOB, &format!("/start {payload}")).await;
    assert!(bot.last_text_to(BOB).contains("personal link"));

    let (csv, count) = cli::codes(&config).await.unwrap();
    assert_eq!(count, 2);
    assert!(csv.starts_with("customer_id,code\r\n"));
    let carol_code = csv.lines().find_map(|l| l.strip_prefix("c-carol,")).unwrap().to_owned();
    assert_eq!(cli::codes(&config).await.unwrap().1, 0, "one per customer");
    dm(&bot, CAROL, &carol_code).await;
    assert!(bot.last_text_to(CAROL).contains("confirmed as a customer"));

    customer(&bot, "f-1", None).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("founders.csv");
    std::fs::write(&file, "customer_id\nf-1\nghost\n").unwrap();
    let (links, notes) = cli::invite(&config, &file, GROUP).await.unwrap();
    assert!(links.starts_with("customer_id,link\r\nf-1,https://t.me/+"), "{links}");
    assert!(notes.iter().any(|n| n.contains("ghost")));
    let founder = bot.calls_to("createChatInviteLink").pop().unwrap();
    assert_eq!(founder.params["name"], "founder f-1");
    assert_eq!(founder.params["member_limit"], 1);
}

#[tokio::test]
async fn without_the_invite_right_the_admins_are_told() {
    let bot = TestBot::start_configured(
        |w| {
            if let Some(chat) = w.chats.get_mut(&GROUP) {
                chat.bot_can_invite = false;
            }
        },
        keys,
    )
    .await;
    bot.with(|w| w.say(OWNER, OWNER, "/start"));
    bot.settle().await;
    set(&bot, "/set entry requests").await;
    // Telegram does not even tell the bot.
    assert!(!bot.with(|w| w.request_join(GROUP, BOB, None)));
    bot.tick().await;
    let told = bot.last_text_to(OWNER);
    assert!(told.contains("Invite users via link") && told.contains("Test Lounge"), "{told}");
    let count = bot.texts_to(OWNER).len();
    bot.tick().await;
    assert_eq!(bot.texts_to(OWNER).len(), count, "told once");
}

#[tokio::test]
async fn founders_links_admit_one_each_and_give_the_badge() {
    let bot = start().await;
    customer(&bot, "f-1", None).await;
    customer(&bot, "f-2", None).await;
    set(&bot, "/founders f-1, f-2 ghost").await;
    let reply = bot.last_text_to(GROUP);
    assert!(reply.contains("Made 2 personal invite links") && reply.contains("ghost"), "{reply}");
    let doc = bot.calls_to("sendDocument").pop().expect("the CSV to the admin");
    assert_eq!(doc.chat_id(), Some(OWNER));
    let csv = String::from_utf8(doc.files["document"].clone()).unwrap();
    let f1 = csv.lines().find_map(|l| l.strip_prefix("f-1,")).unwrap().to_owned();
    assert!(csv.lines().any(|l| l.starts_with("f-2,https://")));
    // Asked again: the same links.
    set(&bot, "/founders f-1").await;
    assert_eq!(bot.calls_to("createChatInviteLink").len(), 2);

    assert!(bot.with(|w| w.join(GROUP, BOB, Some(&f1))));
    bot.settle().await;
    assert!(!bot.with(|w| w.join(GROUP, CAROL, Some(&f1))), "one join per link");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM badges WHERE user_id = 1002 AND badge = 'founder'").await, 1);
    assert_eq!(
        bot.scalar("SELECT COUNT(*) FROM customer_links WHERE customer_id = 'f-1' AND user_id = 1002").await,
        1
    );
    assert_eq!(ok_calls(&bot, "revokeChatInviteLink"), 1);
    bot.tick().await;
    assert!(bot.texts_to(GROUP).iter().any(|t| t.contains("Bob earned") && t.contains("Founder")));

    set(&bot, "/founders").await;
    let overview = bot.last_text_to(GROUP);
    assert!(
        overview.contains("Invited: 2") && overview.contains("Joined: 1") && overview.contains("Posted: 0"),
        "{overview}"
    );
    bot.with(|w| w.say(GROUP, BOB, "Hello, founders!"));
    bot.settle().await;
    set(&bot, "/founders").await;
    assert!(bot.last_text_to(GROUP).contains("Posted: 1"));
}

/// Bob (a member) and Alice (an admin) are linked customers who churned.
async fn churned_pair(bot: &TestBot) {
    for (user, id) in [(BOB, "c-bob"), (ALICE, "c-alice")] {
        customer(bot, id, None).await;
        exec(
            bot,
            &format!("INSERT INTO customer_links VALUES ('{id}', {user}, 'admin', '2026-01-01T00:00:00Z')"),
        )
        .await;
        bot.with(|w| w.join(GROUP, user, None));
        bot.settle().await;
        dm(bot, user, "/start").await;
    }
    bot.with(|w| w.promote(GROUP, ALICE));
    bot.settle().await;
    exec(bot, "UPDATE customers SET churned_at = '2026-10-01'").await;
}

#[tokio::test]
async fn churn_keep_then_goodbye_then_welcome_back() {
    let bot = start().await;
    churned_pair(&bot).await;
    set(&bot, "/churned").await;
    let preview = bot.last_text_to(GROUP);
    assert!(
        preview.contains("churned: 2") && preview.contains("Bob — c-bob, churned 2026-10-01"),
        "{preview}"
    );
    assert!(
        preview.contains("Alice — c-alice")
            && preview.contains("admin: never removed")
            && preview.contains("keep")
    );
    bot.tick().await;
    assert!(bot.texts_to(BOB).iter().all(|t| !t.contains("Thank you for being part")), "keep: nothing");

    set(&bot, "/set churned goodbye").await;
    bot.tick().await;
    assert!(bot.last_text_to(BOB).contains("Thank you for being part"));
    assert!(bot.last_text_to(ALICE).contains("Thank you for being part"));
    assert!(bot.calls_to("banChatMember").is_empty());
    let said = bot.texts_to(BOB).len();
    bot.tick().await;
    assert_eq!(bot.texts_to(BOB).len(), said, "once per churn");
    set(&bot, "/churned").await;
    assert!(bot.last_text_to(GROUP).contains("already told"));

    exec(&bot, "UPDATE customers SET churned_at = NULL WHERE customer_id = 'c-bob'").await;
    bot.tick().await;
    assert!(bot.last_text_to(BOB).contains("Welcome back"));
    bot.tick().await;
    assert_eq!(bot.texts_to(BOB).iter().filter(|t| t.contains("Welcome back")).count(), 1);
}

#[tokio::test]
async fn churn_remove_takes_members_out_but_never_admins_and_they_may_return() {
    let bot = start().await;
    churned_pair(&bot).await;
    set(&bot, "/set churned remove").await;
    bot.tick().await;
    let bans = bot.calls_to("banChatMember");
    assert_eq!(bans.len(), 1);
    assert_eq!(bans[0].user_id(), Some(BOB));
    assert_eq!(bot.calls_to("unbanChatMember").len(), 1);
    assert_eq!(bot.with(|w| w.status(GROUP, BOB)), Status::Left, "free to rejoin");
    assert_eq!(bot.with(|w| w.status(GROUP, ALICE)), Status::Administrator);
    let goodbye = bot.last_text_to(BOB);
    assert!(goodbye.contains("no longer in it") && goodbye.contains("Test Lounge"), "{goodbye}");
    assert!(!bot.last_text_to(ALICE).contains("no longer in it"));
    bot.tick().await;
    assert_eq!(bot.calls_to("banChatMember").len(), 1, "once");

    // Active again: welcomed back with a personal link, and approved again.
    exec(&bot, "UPDATE customers SET churned_at = NULL WHERE customer_id = 'c-bob'").await;
    set(&bot, "/set entry customers").await;
    bot.tick().await;
    let back = bot.last_text_to(BOB);
    assert!(back.contains("Welcome back") && back.contains("https://t.me/+"), "{back}");
    request(&bot, BOB).await;
    assert_eq!(ok_calls(&bot, "approveChatJoinRequest"), 1);
}

#[tokio::test]
async fn invite_links_and_join_requests_are_as_strict_as_telegram() {
    use teloxide::prelude::*;
    let bot = start().await;
    assert!(bot.with(|w| w.join(GROUP, BOB, None)));
    assert!(!bot.with(|w| w.request_join(GROUP, BOB, None)), "a member asks nothing");
    settle(&bot).await;
    let raw = teloxide::Bot::new(hearth::sim::TOKEN).set_api_url(bot.fake.url());
    // A link that asks the admins cannot have a member limit.
    let err = raw
        .create_chat_invite_link(ChatId(GROUP))
        .creates_join_request(true)
        .member_limit(1)
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("member limit"), "{err}");
    let err = raw.create_chat_invite_link(ChatId(GROUP)).member_limit(100_000).send().await.unwrap_err();
    assert!(err.to_string().contains("member limit"), "{err}");
    let link = raw.create_chat_invite_link(ChatId(GROUP)).creates_join_request(true).send().await.unwrap();
    assert!(link.creates_join_request);
    // Joining through it makes a request; the bot may write to the applicant.
    assert!(!bot.with(|w| w.join(GROUP, CAROL, Some(&link.invite_link))));
    assert!(bot.with(|w| w.has_join_request(GROUP, CAROL) && w.may_write_to(CAROL)));
    // Five minutes later it may not.
    bot.with(|w| w.now += 301);
    assert!(!bot.with(|w| w.may_write_to(CAROL)));
    // Approving twice: the second is HIDE_REQUESTER_MISSING... or, for a member, USER_ALREADY_PARTICIPANT.
    raw.approve_chat_join_request(ChatId(GROUP), UserId(CAROL as u64)).send().await.unwrap();
    let again = raw.approve_chat_join_request(ChatId(GROUP), UserId(CAROL as u64)).send().await.unwrap_err();
    assert!(again.to_string().contains("USER_ALREADY_PARTICIPANT"), "{again}");
    let decline = raw.decline_chat_join_request(ChatId(GROUP), UserId(DAVE as u64)).send().await.unwrap_err();
    assert!(decline.to_string().contains("HIDE_REQUESTER_MISSING"), "{decline}");
    assert!(bot.with(|w| w.is_present(GROUP, CAROL)));
    settle(&bot).await;
}

#[tokio::test]
async fn applicants_are_written_to_in_their_language() {
    let bot = start().await;
    bot.with(|w| w.users.get_mut(&DAVE).unwrap().language_code = Some("ru".into()));
    set(&bot, "/set entry requests").await;
    request(&bot, DAVE).await;
    let ask = bot.last_text_to(DAVE);
    assert!(
        ask.contains("Спасибо за заявку в чат «Test Lounge»") && ask.contains("Расскажите немного о себе"),
        "{ask}"
    );
    set(&bot, "/set entry customers").await;
    set(&bot, "/set entry_fallback decline").await;
    set(&bot, "/set lang ru").await;
    request(&bot, CAROL).await;
    assert!(
        bot.last_text_to(CAROL).contains("Thank you for your interest"),
        "Carol's Telegram speaks English"
    );
    bot.with(|w| w.users.get_mut(&BOB).unwrap().language_code = None);
    request(&bot, BOB).await;
    assert!(bot.last_text_to(BOB).contains("Это сообщество наших клиентов"), "else the chat's language");
}
