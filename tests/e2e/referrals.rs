//! Referrals and points end to end: personal invite links, attribution,
//! qualification and rewards (exactly once), thanks, badges, /top, /me,
//! /give, the weekly digest, deep-link codes, bad input.

use crate::support::*;
use chrono::Duration;
use hearth::features::referrals::logic::start_payload;
use serde_json::json;

const OTHER_GROUP: i64 = -100_200;

fn last_bot_message(bot: &TestBot, chat: i64) -> i64 {
    bot.with(|w| {
        w.messages.values().filter(|m| m.from_bot && m.chat_id == chat).map(|m| m.message_id).max().unwrap()
    })
}

/// Alice is a member and has her personal link; returns its URL.
async fn alice_invites(bot: &TestBot) -> String {
    bot.seat(ALICE);
    bot.with(|w| w.say(GROUP, ALICE, "/invite"));
    bot.settle().await;
    let links = bot.with(|w| w.invite_links.clone());
    assert_eq!(links.len(), 1);
    links[0].url.clone()
}

async fn points(bot: &TestBot, user: i64, reason: &str) -> i64 {
    bot.scalar(&format!(
        "SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE user_id = {user} AND reason = '{reason}'"
    ))
    .await
}

async fn ledger_rows(bot: &TestBot, reason: &str) -> i64 {
    bot.scalar(&format!("SELECT COUNT(*) FROM points_ledger WHERE reason = '{reason}'")).await
}

/// Bob presses "I accept the rules" on his welcome.
async fn bob_accepts(bot: &TestBot) {
    let welcome = bot.with(|w| {
        w.messages
            .values()
            .filter(|m| m.from_bot && m.chat_id == GROUP && m.markup.to_string().contains("onb:acc:1002"))
            .map(|m| m.message_id)
            .max()
            .unwrap()
    });
    bot.with(|w| w.press(GROUP, welcome, BOB, "onb:acc:1002"));
    bot.settle().await;
}

#[tokio::test]
async fn invite_makes_one_link_and_reuses_it() {
    let bot = TestBot::start().await;
    let url = alice_invites(&bot).await;
    let created = bot.calls_to("createChatInviteLink");
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].params["name"], "ref 1001");
    assert!(bot.last_text_to(GROUP).contains(&url), "no open DM: the link is the reply in the group");

    bot.with(|w| w.say(GROUP, ALICE, "/invite"));
    bot.settle().await;
    assert_eq!(bot.calls_to("createChatInviteLink").len(), 1, "the stored link is reused");
    assert!(bot.last_text_to(GROUP).contains(&url));
    assert!(bot.last_text_to(GROUP).contains("Joined through you: 0"));

    // Once Alice has started the bot, the link goes to her DM and the group stays clean.
    bot.with(|w| w.say(ALICE, ALICE, "/start"));
    bot.settle().await;
    let in_group = group_sends(&bot).len();
    bot.with(|w| w.say(GROUP, ALICE, "/invite"));
    bot.settle().await;
    assert_eq!(group_sends(&bot).len(), in_group);
    assert!(bot.last_text_to(ALICE).contains(&url));
    assert_eq!(bot.calls_to("createChatInviteLink").len(), 1);
}

#[tokio::test]
async fn a_qualified_referral_pays_both_sides_exactly_once() {
    let mut bot = TestBot::start().await;
    let url = alice_invites(&bot).await;
    bot.with(|w| w.join(GROUP, BOB, Some(&url)));
    bot.settle().await;
    assert_eq!(
        bot.scalar("SELECT COUNT(*) FROM referrals WHERE user_id = 1002 AND referrer_id = 1001 AND status = 'pending' AND via = 'link'").await,
        1
    );

    // A message and the days served, but the rules gate is still closed.
    bot.with(|w| w.say(GROUP, BOB, "hello everyone"));
    bot.settle().await;
    bot.advance_and_tick(Duration::days(3)).await;
    bot.advance_and_tick(Duration::days(5)).await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM referrals WHERE status = 'pending'").await, 1);
    assert_eq!(ledger_rows(&bot, "referral_referrer").await, 0);

    bob_accepts(&bot).await;
    bot.tick().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM referrals WHERE status = 'qualified'").await, 1);
    assert_eq!(points(&bot, ALICE, "referral_referrer").await, 50);
    assert_eq!(points(&bot, BOB, "referral_newcomer").await, 20);
    let texts = bot.texts_to(GROUP);
    assert!(
        texts
            .iter()
            .any(|t| t.contains("Bob, who joined through your invitation") && t.contains("+50 points")),
        "{texts:?}"
    );
    assert!(texts.iter().any(|t| t.contains("+20 welcome points")), "{texts:?}");
    assert!(texts.iter().any(|t| t.contains("Alice earned") && t.contains("🔗 First referral")), "{texts:?}");

    let sends = group_sends(&bot).len();
    bot.tick().await;

    bot.with(|w| w.say(GROUP, ALICE, "/referrals"));
    bot.settle().await;
    let mine = bot.last_text_to(GROUP);
    assert!(
        mine.contains("Invited: 1") && mine.contains("Qualified: 1") && mine.contains("Points earned: 50"),
        "{mine}"
    );
    bot.with(|w| w.say(GROUP, ALICE, "/referrals all"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Only the chat's admins"));
    bot.with(|w| w.say(GROUP, OWNER, "/referrals all"));
    bot.settle().await;
    let all = bot.last_text_to(GROUP);
    assert!(all.contains("Joined by referral: 1 → qualified: 1 (100%)") && all.contains("1. Alice"), "{all}");
    bot.with(|w| w.say(GROUP, ALICE, "/referrals everything"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Usage: /referrals"));

    // More ticks, a restart, more ticks: nothing is paid or told twice.
    bot.restart().await;
    bot.advance_and_tick(Duration::days(1)).await;
    assert_eq!(ledger_rows(&bot, "referral_referrer").await, 1);
    assert_eq!(ledger_rows(&bot, "referral_newcomer").await, 1);
    assert!(!bot.texts_to(GROUP)[sends..].iter().any(|t| t.contains("+50")));
}

#[tokio::test]
async fn a_newcomer_who_leaves_before_qualifying_pays_nothing() {
    let bot = TestBot::start_with(|w| w.add_user(2001, "Dan").language_code = None).await;
    let url = alice_invites(&bot).await;
    bot.with(|w| w.join(GROUP, BOB, Some(&url)));
    bot.settle().await;
    bob_accepts(&bot).await;
    bot.with(|w| w.say(GROUP, BOB, "hi"));
    bot.settle().await;
    bot.advance_and_tick(Duration::days(2)).await;
    bot.with(|w| w.leave(GROUP, BOB));
    bot.settle().await;
    bot.advance_and_tick(Duration::days(8)).await;
    assert_eq!(
        bot.scalar("SELECT COUNT(*) FROM referrals WHERE status = 'void' AND void_reason = 'left'").await,
        1
    );

    // Leaving and coming back between two ticks is caught too.
    bot.with(|w| w.join(GROUP, 2001, Some(&url)));
    bot.settle().await;
    bot.with(|w| {
        w.now += 3600;
        w.leave(GROUP, 2001);
        w.now += 3600;
        w.join(GROUP, 2001, Some(&url));
    });
    bot.settle().await;
    bot.with(|w| w.say(GROUP, 2001, "back"));
    bot.settle().await;
    bot.advance_and_tick(Duration::days(8)).await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM referrals WHERE status = 'void'").await, 2);
    assert_eq!(ledger_rows(&bot, "referral_referrer").await, 0);
    assert_eq!(ledger_rows(&bot, "referral_newcomer").await, 0);
}

#[tokio::test]
async fn rejoining_and_self_referral_pay_nothing() {
    let bot = TestBot::start().await;
    bot.with(|w| w.join(GROUP, BOB, None));
    bot.settle().await;
    bot.with(|w| {
        w.now += 3600;
        w.leave(GROUP, BOB);
    });
    bot.settle().await;
    let url = alice_invites(&bot).await;
    bot.with(|w| {
        w.now += 3600;
        w.join(GROUP, BOB, Some(&url));
    });
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM referrals WHERE void_reason = 'rejoin'").await, 1);
    bob_accepts(&bot).await;
    bot.with(|w| w.say(GROUP, BOB, "hello again"));
    bot.settle().await;
    bot.advance_and_tick(Duration::days(8)).await;
    assert_eq!(ledger_rows(&bot, "referral_referrer").await, 0);

    // Carol's own deep link is refused in her DM.
    let own = start_payload(GROUP, CAROL);
    bot.with(|w| w.say(CAROL, CAROL, &format!("/start {own}")));
    bot.settle().await;
    assert!(bot.last_text_to(CAROL).contains("your own invite link"));
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM referral_claims").await, 0);
}

#[tokio::test]
async fn links_the_bot_did_not_make_or_revoked_ones_are_ignored() {
    let bot = TestBot::start().await;
    let url = alice_invites(&bot).await;
    // An admin's own link (made by the owner, named like ours).
    bot.with(|w| {
        let chat = w.chats[&GROUP].json();
        let user = w.users[&BOB].json();
        let owner = w.users[&OWNER].json();
        w.push_update(json!({"chat_member": {
            "chat": chat, "from": user, "date": w.now,
            "old_chat_member": {"user": user, "status": "left"},
            "new_chat_member": {"user": user, "status": "member"},
            "invite_link": {"invite_link": "https://t.me/+owner", "creator": owner, "creates_join_request": false,
                "is_primary": false, "is_revoked": false, "name": "ref 1001"},
        }}));
    });
    bot.settle().await;
    // Alice's link, revoked.
    bot.with(|w| {
        w.invite_links[0].revoked = true;
        w.join(GROUP, CAROL, Some(&url));
    });
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM referrals").await, 0);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM referral_links WHERE revoked_at IS NOT NULL").await, 1);
    // The next /invite makes a fresh link.
    bot.with(|w| w.say(GROUP, ALICE, "/invite"));
    bot.settle().await;
    assert_eq!(bot.calls_to("createChatInviteLink").len(), 2);
}

#[tokio::test]
async fn a_deep_link_code_attributes_the_join_where_links_cannot_be_made() {
    let bot = TestBot::start_with(|w| {
        if let Some(chat) = w.chats.get_mut(&GROUP) {
            chat.bot_can_invite = false;
        }
    })
    .await;
    bot.seat(ALICE);
    bot.with(|w| w.say(GROUP, ALICE, "/invite"));
    bot.settle().await;
    let text = bot.last_text_to(GROUP);
    let payload = start_payload(GROUP, ALICE);
    assert!(text.contains(&format!("https://t.me/hearth_sim_bot?start={payload}")), "{text}");

    // A garbled code gets a clear answer and is not stored.
    bot.with(|w| w.say(CAROL, CAROL, &format!("/start {}x", payload)));
    bot.settle().await;
    assert!(bot.last_text_to(CAROL).contains("not valid"));
    bot.with(|w| w.say(CAROL, CAROL, &format!("/start {payload}")));
    bot.settle().await;
    assert!(bot.last_text_to(CAROL).contains("Alice invites you to Test Lounge"));
    bot.with(|w| w.join(GROUP, CAROL, None));
    bot.settle().await;
    assert_eq!(
        bot.scalar("SELECT COUNT(*) FROM referrals WHERE user_id = 1003 AND referrer_id = 1001 AND via = 'code' AND status = 'pending'").await,
        1
    );
    // Already a member: the code changes nothing.
    bot.with(|w| w.say(BOB, BOB, "/start"));
    bot.seat(BOB);
    bot.with(|w| w.say(GROUP, BOB, "hi"));
    bot.settle().await;
    bot.with(|w| w.say(BOB, BOB, &format!("/start {payload}")));
    bot.settle().await;
    assert!(bot.last_text_to(BOB).contains("already a member"));
}

#[tokio::test]
async fn in_a_dm_invite_asks_which_chat() {
    let bot = TestBot::start_with(|w| {
        w.add_group(OTHER_GROUP, "Other <Club>", OWNER);
    })
    .await;
    bot.seat(ALICE);
    bot.with(|w| {
        w.set_status(OTHER_GROUP, ALICE, hearth::sim::world::Status::Member);
        w.say(GROUP, ALICE, "hi");
        w.say(OTHER_GROUP, ALICE, "hi there");
    });
    bot.settle().await;
    bot.with(|w| w.say(ALICE, ALICE, "/invite"));
    bot.settle().await;
    let ask = bot.calls_to("sendMessage").into_iter().rfind(|c| c.chat_id() == Some(ALICE)).unwrap();
    let buttons = ask.buttons();
    assert!(buttons.contains(&("Other <Club>".into(), "ref:inv:-100200".into())), "{buttons:?}");
    assert!(buttons.iter().any(|(_, d)| d == "ref:inv:-100100"));
    let ask_id = last_bot_message(&bot, ALICE);
    bot.with(|w| w.press(ALICE, ask_id, ALICE, "ref:inv:-100200"));
    bot.settle().await;
    let created = bot.calls_to("createChatInviteLink");
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].chat_id(), Some(OTHER_GROUP));
    assert!(bot.last_text_to(ALICE).contains("Other <Club>"));
    // Forged: a chat Alice is not in, and garbage.
    for data in ["ref:inv:-100999", "ref:inv:abc", "ref:inv"] {
        bot.with(|w| w.press(ALICE, ask_id, ALICE, data));
        bot.settle().await;
        assert_eq!(bot.calls_to("answerCallbackQuery").last().unwrap().params["show_alert"], true, "{data}");
    }
    assert_eq!(bot.calls_to("createChatInviteLink").len(), 1);
}

#[tokio::test]
async fn a_thank_you_reply_gives_five_once() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.seat(BOB);
    let question = bot.with(|w| w.say(GROUP, ALICE, "How do I join the meetup?"));
    let answer = bot.with(|w| w.reply(GROUP, BOB, question, "Press the button in the pinned post"));
    bot.with(|w| w.reply(GROUP, ALICE, answer, "Thanks a lot!"));
    bot.settle().await;
    assert_eq!(points(&bot, BOB, "helpful_answer").await, 5);
    // Again, in Russian: the same thanker and answer pay nothing more.
    bot.with(|w| w.reply(GROUP, ALICE, answer, "спасибо!"));
    // Thanking yourself and the bot, and a reply that is no thanks.
    let own = bot.with(|w| w.say(GROUP, BOB, "note to self"));
    bot.with(|w| w.reply(GROUP, BOB, own, "thanks me"));
    bot.with(|w| w.reply(GROUP, ALICE, answer, "no thanks"));
    bot.settle().await;
    // The scheduler announces the badges so far: a bot message to thank.
    bot.tick().await;
    let bot_msg = last_bot_message(&bot, GROUP);
    bot.with(|w| w.reply(GROUP, ALICE, bot_msg, "thank you bot"));
    bot.settle().await;
    assert_eq!(points(&bot, BOB, "helpful_answer").await, 5);
    assert_eq!(ledger_rows(&bot, "helpful_answer").await, 1);
    // One daily point each, whatever the number of messages.
    assert_eq!(points(&bot, ALICE, "daily_first_message").await, 1);
    bot.advance_and_tick(Duration::days(1)).await;
    bot.with(|w| w.say(GROUP, ALICE, "next day"));
    bot.settle().await;
    assert_eq!(points(&bot, ALICE, "daily_first_message").await, 2);

    // Badges are announced by the scheduler, one message per chat per tick.
    bot.tick().await;
    let texts = bot.texts_to(GROUP);
    // Bob's two badges of the tick share one line.
    assert!(
        texts.iter().any(|t| t.contains("Bob earned badges: 🤝 First helpful answer, 💬 First message")),
        "{texts:?}"
    );
    let first_message_lines: usize = texts.iter().map(|t| t.matches("First message").count()).sum();
    assert_eq!(first_message_lines, 2, "once each: {texts:?}");

    bot.with(|w| w.say(GROUP, BOB, "/me"));
    bot.settle().await;
    let me = bot.last_text_to(GROUP);
    assert!(
        // Bob's three messages before the /me (the command is counted after it is answered).
        me.contains("Points: 6 (#1)") && me.contains("First helpful answer") && me.contains("Messages: 3"),
        "{me}"
    );
}

#[tokio::test]
async fn top_lists_members_by_points_with_the_callers_rank() {
    let bot = TestBot::start().await;
    for u in [ALICE, BOB, CAROL] {
        bot.seat(u);
    }
    let a = bot.with(|w| w.say(GROUP, ALICE, "a"));
    let b = bot.with(|w| w.say(GROUP, BOB, "b"));
    let c = bot.with(|w| w.say(GROUP, CAROL, "c"));
    bot.settle().await;
    bot.with(|w| {
        w.reply(GROUP, OWNER, b, "/give 30 great talk");
        w.reply(GROUP, OWNER, c, "/give 10");
        w.reply(GROUP, OWNER, a, "/give -1 <spam>");
    });
    bot.settle().await;
    assert!(bot.texts_to(GROUP).iter().any(|t| t.contains("Bob: +30 — great talk. Now 31.")));
    assert!(bot.texts_to(GROUP).iter().any(|t| t.contains("Alice: -1 — <spam>. Now 0.")));
    bot.advance_and_tick(Duration::days(1)).await;
    bot.with(|w| w.say(GROUP, ALICE, "x"));
    bot.with(|w| w.say(GROUP, ALICE, "/top"));
    bot.settle().await;
    let top = bot.last_text_to(GROUP);
    let (pb, pc, pa) = (top.find("Bob").unwrap(), top.find("Carol").unwrap(), top.find("Alice").unwrap());
    assert!(pb < pc && pc < pa, "{top}");
    assert!(top.contains("1. Bob — 31") && top.contains("2. Carol — 11"), "{top}");
    assert!(top.contains("Your rank: #3 with 1 point."), "{top}");
    // The week's top leaves out points older than seven days; all time keeps them.
    bot.advance_and_tick(Duration::days(8)).await;
    bot.with(|w| w.say(GROUP, CAROL, "/top week"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("No points yet"));
    bot.with(|w| w.say(GROUP, CAROL, "/top ALL"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Your rank: #2 with 11 points."));
    bot.with(|w| w.say(GROUP, CAROL, "/top year"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Usage: /top"));
}

#[tokio::test]
async fn give_refuses_bad_input_and_non_admins() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.seat(BOB);
    let b = bot.with(|w| w.say(GROUP, BOB, "b"));
    bot.settle().await;
    bot.with(|w| w.reply(GROUP, ALICE, b, "/give 100"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Only the chat's admins"));
    for bad in ["/give", "/give lots", "/give 0", "/give 100001", "/give 99999999999999999999999"] {
        bot.with(|w| w.reply(GROUP, OWNER, b, bad));
        bot.settle().await;
        assert!(bot.last_text_to(GROUP).contains("Usage: reply"), "{bad}");
    }
    bot.with(|w| w.say(GROUP, OWNER, "/give 5"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Usage: reply"));
    let bot_msg = last_bot_message(&bot, GROUP);
    bot.with(|w| w.reply(GROUP, OWNER, bot_msg, "/give 5"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Usage: reply"));
    assert_eq!(ledger_rows(&bot, "admin_gift").await, 0);
}

#[tokio::test]
async fn an_update_delivered_twice_pays_once() {
    let bot = TestBot::start().await;
    let url = alice_invites(&bot).await;
    bot.seat(BOB);
    let answer = bot.with(|w| w.say(GROUP, BOB, "the answer"));
    bot.settle().await;
    // The same thank-you message, delivered twice.
    let thanks = bot.with(|w| {
        let chat = w.chats[&GROUP].json();
        json!({"message": {
            "message_id": 900, "date": w.now, "chat": chat, "from": w.users[&ALICE].json(), "text": "thank you!",
            "reply_to_message": {"message_id": answer, "date": w.now, "chat": chat,
                "from": w.users[&BOB].json(), "text": "the answer"},
        }})
    });
    bot.fake.push(thanks.clone());
    bot.fake.push(thanks);
    // The same join through Alice's link, delivered twice.
    let join = bot.with(|w| {
        let chat = w.chats[&GROUP].json();
        let carol = w.users[&CAROL].json();
        let link = json!({"invite_link": url, "creator": w.bot_user(), "creates_join_request": false,
            "is_primary": false, "is_revoked": false, "name": "ref 1001"});
        w.set_status(GROUP, CAROL, hearth::sim::world::Status::Member);
        json!({"chat_member": {
            "chat": chat, "from": carol, "date": w.now,
            "old_chat_member": {"user": carol, "status": "left"},
            "new_chat_member": {"user": carol, "status": "member"}, "invite_link": link,
        }})
    });
    bot.fake.push(join.clone());
    bot.fake.push(join);
    bot.settle().await;
    assert_eq!(ledger_rows(&bot, "helpful_answer").await, 1);
    assert_eq!(points(&bot, BOB, "helpful_answer").await, 5);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM referrals WHERE user_id = 1003").await, 1);
    assert_eq!(bot.scalar("SELECT join_count FROM members WHERE user_id = 1003").await, 1);

    bot.with(|w| w.say(GROUP, OWNER, "/set gate off"));
    bot.with(|w| w.say(GROUP, CAROL, "hello"));
    bot.settle().await;
    bot.advance_and_tick(Duration::days(8)).await;
    bot.tick().await;
    assert_eq!(points(&bot, ALICE, "referral_referrer").await, 50);
    assert_eq!(points(&bot, CAROL, "referral_newcomer").await, 20);
}

#[tokio::test]
async fn the_weekly_digest_goes_out_once_a_week_even_across_restarts() {
    let mut bot = TestBot::start().await;
    bot.tick().await;
    bot.seat(ALICE);
    bot.seat(BOB);
    let answer = bot.with(|w| w.say(GROUP, BOB, "try turning it off and on"));
    bot.with(|w| w.reply(GROUP, ALICE, answer, "thx!"));
    bot.settle().await;
    bot.advance_and_tick(Duration::days(7)).await;
    let digests =
        |bot: &TestBot| bot.texts_to(GROUP).iter().filter(|t| t.contains("The week in review")).count();
    assert_eq!(digests(&bot), 1);
    assert!(bot.texts_to(GROUP).iter().any(|t| t.contains("Most helpful member: Bob (thanked once)")));
    bot.tick().await;
    // Off: no digest the next week.
    bot.with(|w| w.say(GROUP, OWNER, "/set weekly_digest off"));
    let answer = bot.with(|w| w.say(GROUP, BOB, "again"));
    bot.with(|w| w.reply(GROUP, ALICE, answer, "thanks"));
    bot.settle().await;
    bot.advance_and_tick(Duration::days(7)).await;
    assert_eq!(digests(&bot), 1);
    // Back on, a digest for the next week; a restart in that week sends no second one.
    bot.with(|w| w.say(GROUP, OWNER, "/set weekly_digest on"));
    let answer = bot.with(|w| w.say(GROUP, ALICE, "the docs are here"));
    bot.with(|w| w.reply(GROUP, BOB, answer, "спасибо"));
    bot.settle().await;
    bot.advance_and_tick(Duration::days(7)).await;
    assert_eq!(digests(&bot), 2);
    bot.restart().await;
    bot.advance_and_tick(Duration::hours(1)).await;
    bot.advance_and_tick(Duration::days(1)).await;
    assert_eq!(digests(&bot), 2);
}

#[tokio::test]
async fn an_introduction_earns_ten_points_and_a_badge() {
    let bot = TestBot::start().await;
    bot.with(|w| w.join(GROUP, ALICE, None));
    bot.settle().await;
    bot.with(|w| w.say(ALICE, ALICE, "/start onb_-100100"));
    bot.settle().await;
    bot.with(|w| w.say(ALICE, ALICE, "Learning"));
    bot.settle().await;
    bot.with(|w| w.say(ALICE, ALICE, "I'm Alice, I bake bread."));
    bot.settle().await;
    assert_eq!(bot.scalar("SELECT COUNT(introduced_at) FROM onboarding WHERE user_id = 1001").await, 1);
    bot.tick().await;
    bot.tick().await;
    assert_eq!(points(&bot, ALICE, "introduction").await, 10);
    assert_eq!(ledger_rows(&bot, "introduction").await, 1);
    assert!(bot.texts_to(GROUP).iter().any(|t| t.contains("Alice earned a badge: 👋 Introduced")));
}

#[tokio::test]
async fn a_burst_of_first_posts_gets_one_announcement_not_one_each() {
    let bot = TestBot::start().await;
    bot.with(|w| {
        for i in 0..8 {
            let id = 7000 + i;
            w.add_user(id, &format!("Newbie{i}"));
            w.set_status(GROUP, id, hearth::sim::world::Status::Member);
            w.say(GROUP, id, "hello!");
        }
    });
    bot.settle().await;
    assert!(bot.texts_to(GROUP).is_empty(), "nothing is posted while messages are handled");
    bot.tick().await;
    let texts = bot.texts_to(GROUP);
    assert_eq!(texts.len(), 1, "{texts:?}");
    for i in 0..8 {
        assert!(texts[0].contains(&format!("Newbie{i} earned a badge: 💬 First message")), "{}", texts[0]);
    }
    bot.tick().await;
    assert_eq!(bot.texts_to(GROUP).len(), 1, "announced once");
}
