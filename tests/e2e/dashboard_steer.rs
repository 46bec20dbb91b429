//! The dashboard's steering pages end to end: settings saved over HTTP are
//! what `/settings` shows in the chat, refused as `/set` refuses them; the
//! welcome, links and rules edited as their commands edit them; an idea's
//! status changed on the page with `/ideastatus`'s effects — once, however
//! often the form is sent; what members wrote shown escaped; no change
//! without the CSRF token or by a non-admin.

use crate::support::{
    ALICE, BOB, GROUP, OWNER, TestBot,
    dashboard::{Browser, PUBLIC_URL, dashboard_bot},
};

const OTHER: i64 = -100_200;

async fn say(bot: &TestBot, chat: i64, user: i64, text: &str) {
    bot.with(|w| w.say(chat, user, text));
    bot.settle().await;
}

/// Text as the page writes it (maud escapes these four).
fn escaped(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

async fn setting(bot: &TestBot, key: &str) -> Option<String> {
    sqlx::query_scalar("SELECT value FROM chat_settings WHERE chat_id = ? AND key = ?")
        .bind(GROUP)
        .bind(key)
        .fetch_optional(bot.db())
        .await
        .expect("the query runs")
}

fn settings_url(tail: &str) -> String {
    format!("/dashboard/c/{GROUP}/settings{tail}")
}

#[tokio::test]
async fn a_setting_saved_on_the_page_is_what_settings_shows_and_a_bad_one_changes_nothing() {
    let bot = dashboard_bot().await;
    say(&bot, GROUP, OWNER, "hello").await;
    let mut browser = Browser::login(&bot, OWNER).await;
    let (status, page) = browser.get(&settings_url("")).await;
    assert_eq!(status, 200, "{page}");
    // The form comes from the registry: the kind's input, its range, help and default.
    assert!(page.contains(r#"name="key" value="warn_limit""#), "{page}");
    assert!(page.contains(r#"type="number" name="value" min="1" max="20""#), "{page}");
    assert!(page.contains("Default: 3"), "{page}");
    assert!(page.contains(r#"<option value="on" selected>on</option>"#), "a bool is a select: {page}");

    let (status, page) = browser.post(&settings_url(""), &[("key", "warn_limit"), ("value", "5")]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("warn_limit is now 5."), "{page}");
    assert_eq!(setting(&bot, "warn_limit").await.as_deref(), Some("5"));
    say(&bot, GROUP, OWNER, "/settings").await;
    assert!(bot.last_text_to(GROUP).contains("warn_limit = 5 —"), "{}", bot.last_text_to(GROUP));

    // Out of range: 422 with /set's own message, nothing changed.
    let (status, page) = browser.post(&settings_url(""), &[("key", "warn_limit"), ("value", "99")]).await;
    assert_eq!(status, 422, "{page}");
    say(&bot, GROUP, OWNER, "/set warn_limit 99").await;
    let refusal = bot.last_text_to(GROUP);
    assert!(refusal.contains("is not a valid value for warn_limit"), "{refusal}");
    assert!(page.contains(&escaped(&refusal)), "the page says what /set says ({refusal}): {page}");
    assert_eq!(setting(&bot, "warn_limit").await.as_deref(), Some("5"));
    let (status, page) = browser.post(&settings_url(""), &[("key", "no_such_key"), ("value", "1")]).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("There is no setting no_such_key"), "{page}");
    say(&bot, GROUP, OWNER, "/settings").await;
    assert!(bot.last_text_to(GROUP).contains("warn_limit = 5 —"));

    // Out of order with another setting: /set's message too.
    let (status, page) = browser.post(&settings_url(""), &[("key", "silent_days"), ("value", "2")]).await;
    assert_eq!(status, 422, "{page}");
    say(&bot, GROUP, OWNER, "/set silent_days 2").await;
    let refusal = bot.last_text_to(GROUP);
    assert!(refusal.contains("must be more than active_days"), "{refusal}");
    assert!(page.contains(&escaped(&refusal)), "{refusal}: {page}");
    assert_eq!(setting(&bot, "silent_days").await, None);

    // The chat's language: /settings answers in it at once.
    let (status, page) = browser.post(&settings_url(""), &[("key", "lang"), ("value", "ru")]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(r#"<option value="ru" selected>ru</option>"#), "{page}");
    say(&bot, GROUP, OWNER, "/settings").await;
    assert!(bot.last_text_to(GROUP).contains("Настройки этого чата"), "{}", bot.last_text_to(GROUP));

    // Without the CSRF token: 403, nothing changed.
    let (status, _) = browser.post_raw(&settings_url(""), &[("key", "warn_limit"), ("value", "7")]).await;
    assert_eq!(status, 403);
    let (status, _) = browser
        .post_raw(&settings_url(""), &[("csrf", "forged"), ("key", "warn_limit"), ("value", "7")])
        .await;
    assert_eq!(status, 403);
    assert_eq!(setting(&bot, "warn_limit").await.as_deref(), Some("5"));

    // A member who is no admin sees nothing and changes nothing.
    bot.seat(ALICE);
    let mut alice = Browser::login(&bot, ALICE).await;
    assert_eq!(alice.get(&settings_url("")).await.0, 403);
    let (status, _) = alice.post(&settings_url(""), &[("key", "warn_limit"), ("value", "7")]).await;
    assert_eq!(status, 403);
    assert_eq!(setting(&bot, "warn_limit").await.as_deref(), Some("5"));
}

#[tokio::test]
async fn the_welcome_its_links_and_the_rules_are_edited_as_their_commands_do() {
    let bot = dashboard_bot().await;
    say(&bot, GROUP, OWNER, "hello").await;
    let mut browser = Browser::login(&bot, OWNER).await;
    assert_eq!(browser.get(&settings_url("")).await.0, 200);

    let welcome = "Hi {name}! <script>alert(1)</script>";
    let (status, page) = browser.post(&settings_url("/welcome"), &[("text", welcome)]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Welcome text saved."), "{page}");
    assert!(page.contains("Hi {name}! &lt;script&gt;alert(1)&lt;/script&gt;"), "escaped: {page}");
    assert!(!page.contains("<script>alert(1)"), "{page}");
    say(&bot, GROUP, OWNER, "/setwelcome").await;
    assert!(bot.last_text_to(GROUP).contains(welcome), "{}", bot.last_text_to(GROUP));

    // Refused as /setwelcome refuses it: the same message, nothing changed.
    let (status, page) = browser.post(&settings_url("/welcome"), &[("text", "Hello {nope}")]).await;
    assert_eq!(status, 422, "{page}");
    say(&bot, GROUP, OWNER, "/setwelcome Hello {nope}").await;
    let refusal = bot.last_text_to(GROUP);
    assert!(refusal.contains("{nope}"), "{refusal}");
    assert!(page.contains(&escaped(&refusal)), "{refusal}: {page}");
    say(&bot, GROUP, OWNER, "/setwelcome").await;
    assert!(bot.last_text_to(GROUP).contains("Hi {name}!"));

    let (status, page) = browser
        .post(&settings_url("/links"), &[("title", "Docs <b>"), ("url", "https://example.org/docs")])
        .await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Docs &lt;b&gt;"), "{page}");
    let (status, page) =
        browser.post(&settings_url("/links"), &[("title", "Bad"), ("url", "javascript:alert(1)")]).await;
    assert_eq!(status, 422, "{page}");
    say(&bot, GROUP, OWNER, "/links").await;
    let links = bot.last_text_to(GROUP);
    assert!(links.contains("Docs <b>") && !links.contains("Bad"), "{links}");
    let (status, _) = browser.post(&settings_url("/links/delete"), &[("title", "Docs <b>")]).await;
    assert_eq!(status, 200);
    say(&bot, GROUP, OWNER, "/links").await;
    assert!(!bot.last_text_to(GROUP).contains("Docs"), "{}", bot.last_text_to(GROUP));

    let (status, page) = browser.post(&settings_url("/rules"), &[("text", "Be kind.\r\nNo <spam>.")]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("No &lt;spam&gt;."), "{page}");
    say(&bot, GROUP, ALICE, "/rules").await;
    assert!(bot.last_text_to(GROUP).contains("Be kind.\nNo <spam>."), "{}", bot.last_text_to(GROUP));
    let (status, page) = browser.post(&settings_url("/rules"), &[("text", &"x".repeat(3001))]).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("at most 3000 characters"), "{page}");

    let (status, page) = browser.post(&settings_url("/welcome"), &[("action", "reset")]).await;
    assert_eq!(status, 200, "{page}");
    say(&bot, GROUP, OWNER, "/setwelcome").await;
    assert!(bot.last_text_to(GROUP).contains("the default welcome"), "{}", bot.last_text_to(GROUP));
    let (status, _) = browser.post_raw(&settings_url("/rules"), &[("text", "Nothing")]).await;
    assert_eq!(status, 403, "no CSRF token");
    let rules = "SELECT COUNT(*) FROM chat_texts WHERE kind = 'rules' AND text LIKE 'Be kind.%'";
    assert_eq!(bot.scalar(rules).await, 1, "the rules stay");
}

async fn ideas_bot() -> TestBot {
    let bot = TestBot::start_configured(
        |w| {
            w.add_group(OTHER, "Other Place", OWNER);
        },
        |c| {
            c.listen = Some("127.0.0.1:0".parse().expect("an address"));
            c.public_url = Some(url::Url::parse(PUBLIC_URL).expect("a URL"));
        },
    )
    .await;
    for user in [ALICE, BOB] {
        bot.seat(user);
        // An open DM: the status notices can reach them.
        bot.with(|w| w.say(user, user, "/start"));
    }
    bot.settle().await;
    bot
}

async fn idea_id(bot: &TestBot, chat: i64, number: i64) -> i64 {
    bot.scalar(&format!("SELECT idea_id FROM ideas WHERE chat_id = {chat} AND number = {number}")).await
}

/// The token of the page's status forms.
fn form_token(page: &str) -> String {
    let marker = r#"name="token" value=""#;
    let start = page.find(marker).expect("a status form") + marker.len();
    page[start..start + page[start..].find('"').expect("closed")].to_owned()
}

fn delivered(bot: &TestBot) -> usize {
    bot.texts_to(GROUP).iter().filter(|t| t.contains("You asked — we delivered")).count()
}

#[tokio::test]
async fn an_ideas_status_changed_on_the_page_has_the_commands_effects_once() {
    let bot = ideas_bot().await;
    say(&bot, GROUP, ALICE, "/idea <script>alert(1)</script> office hours").await;
    say(&bot, OTHER, ALICE, "/idea Another chat's idea").await;
    let id = idea_id(&bot, GROUP, 1).await;
    let card: i64 = bot.scalar(&format!("SELECT card_message_id FROM ideas WHERE idea_id = {id}")).await;
    bot.with(|w| w.press(GROUP, card, BOB, &format!("idea:v:{id}:u")));
    bot.settle().await;

    let mut browser = Browser::login(&bot, OWNER).await;
    let board = format!("/dashboard/c/{GROUP}/ideas");
    let (status, page) = browser.get(&board).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; office hours"), "escaped: {page}");
    assert!(!page.contains("<script>alert(1)"), "{page}");
    assert!(page.contains("Alice"), "the author by name: {page}");
    assert!(!page.contains("Another chat"), "only this chat's ideas: {page}");
    let token = form_token(&page);

    let dms = (bot.texts_to(ALICE).len(), bot.texts_to(BOB).len());
    let points =
        "SELECT COALESCE(SUM(points), 0) FROM points_ledger WHERE user_id = 1001 AND reason LIKE 'idea_%'";
    let ledger = "SELECT COUNT(*) FROM points_ledger WHERE user_id = 1001 AND reason LIKE 'idea_%'";
    let action = format!("/dashboard/c/{GROUP}/ideas/{id}/status");
    let form = [("status", "done"), ("note", "Thursdays <b>18:00</b>"), ("token", token.as_str())];
    let (status, page) = browser.post(&action, &form).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Idea #1 is now"), "{page}");
    assert!(page.contains("2 members will be told."), "{page}");
    bot.settle().await;
    let status_now: String = sqlx::query_scalar("SELECT status FROM ideas WHERE idea_id = ?")
        .bind(id)
        .fetch_one(bot.db())
        .await
        .expect("the idea");
    assert_eq!(status_now, "done");
    assert_eq!((bot.texts_to(ALICE).len(), bot.texts_to(BOB).len()), (dms.0 + 1, dms.1 + 1), "told once");
    assert!(bot.last_text_to(ALICE).contains("It is your idea"), "{}", bot.last_text_to(ALICE));
    assert_eq!(delivered(&bot), 1, "announced");
    let announcement =
        bot.texts_to(GROUP).into_iter().rfind(|t| t.contains("we delivered")).expect("announced");
    assert!(
        announcement.contains("<script>alert(1)</script>") && announcement.contains("Thursdays <b>18:00</b>"),
        "the member's text as text: {announcement}"
    );
    assert_eq!((bot.scalar(points).await, bot.scalar(ledger).await), (70, 2), "paid once");
    let edit = bot.calls_to("editMessageText").pop().expect("the card edited");
    assert!(edit.text().contains("done"), "{}", edit.text());
    let sends = bot.calls_to("sendMessage").len();

    // The same form again (pressed twice, or replayed): nothing more.
    let (status, page) = browser.post(&action, &form).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("was made already"), "{page}");
    bot.settle().await;
    assert_eq!(bot.calls_to("sendMessage").len(), sends, "no DM, no announcement again");
    assert_eq!(delivered(&bot), 1);
    assert_eq!((bot.scalar(points).await, bot.scalar(ledger).await), (70, 2));

    // A fresh page's form asking the same: refused as the command refuses it.
    let (_, page) = browser.get(&board).await;
    let fresh = form_token(&page);
    let (status, page) = browser.post(&action, &[("status", "done"), ("token", fresh.as_str())]).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("already has this status"), "{page}");

    // Bad input: an unknown status, an unknown idea, another chat's idea.
    let (status, page) = browser.post(&action, &[("status", "maybe")]).await;
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("Unknown status “maybe”"), "{page}");
    let (status, page) =
        browser.post(&format!("/dashboard/c/{GROUP}/ideas/99999/status"), &[("status", "planned")]).await;
    assert_eq!(status, 404, "{page}");
    assert!(page.contains("no such idea"), "{page}");
    let other = idea_id(&bot, OTHER, 1).await;
    let (status, _) =
        browser.post(&format!("/dashboard/c/{GROUP}/ideas/{other}/status"), &[("status", "planned")]).await;
    assert_eq!(status, 404);
    let other_status: String = sqlx::query_scalar("SELECT status FROM ideas WHERE idea_id = ?")
        .bind(other)
        .fetch_one(bot.db())
        .await
        .expect("the idea");
    assert_eq!(other_status, "open", "another chat's idea is untouched");

    // No CSRF token, or no admin: 403, nothing changed.
    let (status, _) = browser.post_raw(&action, &[("status", "planned")]).await;
    assert_eq!(status, 403);
    let mut bob = Browser::login(&bot, BOB).await;
    assert_eq!(bob.get(&board).await.0, 403);
    assert_eq!(bob.post(&action, &[("status", "planned")]).await.0, 403);
    assert_eq!(bot.calls_to("sendMessage").len(), sends, "nothing sent by refused changes");

    // The command goes on as before, after a change on the page.
    say(&bot, GROUP, OWNER, "/ideastatus 1 in_progress").await;
    assert!(bot.last_text_to(GROUP).contains("Idea #1 is now"), "{}", bot.last_text_to(GROUP));
}

#[tokio::test]
async fn an_empty_board_says_so() {
    let bot = dashboard_bot().await;
    say(&bot, GROUP, OWNER, "hello").await;
    let mut browser = Browser::login(&bot, OWNER).await;
    let (status, page) = browser.get(&format!("/dashboard/c/{GROUP}/ideas")).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains(r#"class="empty""#) && page.contains("No ideas yet"), "{page}");
}
