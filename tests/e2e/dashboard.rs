//! The dashboard's door: `/dashboard` answers with the right button for the
//! place, signing in takes only what Telegram signed (fresh, once), a
//! session ends with its CSRF token, assets are the binary's own, and bad
//! input gets 401 / 403 / 404 / 413 without the token anywhere.

use crate::support::{
    ALICE, GROUP, OWNER, TestBot,
    dashboard::{
        Browser, PUBLIC_URL, dashboard_bot, init_data as signed_init_data, login_query, signed_login,
    },
};

fn last_markup(bot: &TestBot, chat: i64) -> serde_json::Value {
    let call = bot
        .calls_to("sendMessage")
        .into_iter()
        .rfind(|c| c.params["chat_id"].as_i64() == Some(chat))
        .expect("a message");
    assert!(!call.faulted, "Telegram took it: {:?}", call.params);
    match &call.params["reply_markup"] {
        serde_json::Value::String(s) => serde_json::from_str(s).unwrap_or_default(),
        v => v.clone(),
    }
}

#[tokio::test]
async fn dashboard_answers_a_login_button_in_the_group_and_a_mini_app_in_a_dm() {
    let bot = dashboard_bot().await;
    bot.seat(ALICE);
    bot.with(|w| w.say(GROUP, OWNER, "/dashboard"));
    bot.settle().await;
    let login = &last_markup(&bot, GROUP)["inline_keyboard"][0][0]["login_url"]["url"];
    let expected = format!("{PUBLIC_URL}/dashboard/auth/login?chat={GROUP}");
    assert_eq!(login.as_str(), Some(expected.as_str()));

    bot.with(|w| w.say(GROUP, ALICE, "/dashboard"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("Only the chat's admins"), "{}", bot.last_text_to(GROUP));

    bot.with(|w| w.say(OWNER, OWNER, "/dashboard"));
    bot.settle().await;
    let app = &last_markup(&bot, OWNER)["inline_keyboard"][0][0]["web_app"]["url"];
    assert_eq!(app.as_str(), Some(format!("{PUBLIC_URL}/dashboard").as_str()));
}

#[tokio::test]
async fn without_a_public_url_the_command_says_what_is_missing() {
    let bot = TestBot::start().await;
    bot.with(|w| w.say(GROUP, OWNER, "/dashboard"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("HEARTH_PUBLIC_URL"), "{}", bot.last_text_to(GROUP));
}

#[tokio::test]
async fn a_login_url_signs_in_once_and_forged_altered_expired_or_replayed_data_does_not() {
    let bot = dashboard_bot().await;
    bot.with(|w| w.say(GROUP, OWNER, "hello"));
    bot.settle().await;
    let good = format!("/dashboard/auth/login?{}&chat={GROUP}", login_query(&bot, OWNER));

    let now = bot.ctx().clock.now().timestamp();
    let token = hearth::sim::TOKEN;
    let expired =
        signed_login(&[("id", OWNER.to_string()), ("auth_date", (now - 2 * 86_400).to_string())], token);
    let forged =
        signed_login(&[("id", OWNER.to_string()), ("auth_date", now.to_string())], "654321:another-bot");
    let altered = good.replace(&format!("id={OWNER}"), &format!("id={ALICE}"));
    for (what, path) in [
        ("expired", format!("/dashboard/auth/login?{expired}")),
        ("forged", format!("/dashboard/auth/login?{forged}")),
        ("altered", altered),
        ("no hash", format!("/dashboard/auth/login?id={OWNER}&auth_date={now}")),
        ("garbage", "/dashboard/auth/login?id=%FF%FE&hash=zz".to_owned()),
    ] {
        let mut browser = Browser::new(&bot);
        let (status, body) = browser.get(&path).await;
        assert_eq!(status, 401, "{what}: {body}");
        assert!(!browser.has_session(), "{what}");
        assert!(body.contains("send /dashboard"), "{what}: {body}");
    }

    let mut browser = Browser::new(&bot);
    let (status, to) = browser.get(&good).await;
    assert_eq!((status, to.as_str()), (303, format!("/dashboard/c/{GROUP}/").as_str()));
    assert!(browser.has_session());
    let (status, to) = browser.get("/dashboard/chats").await;
    assert_eq!((status, to), (303, format!("/dashboard/c/{GROUP}/")), "one chat: straight to it");

    let mut again = Browser::new(&bot);
    assert_eq!(again.get(&good).await.0, 401, "the same signed data twice is a replay");
}

#[tokio::test]
async fn a_mini_apps_init_data_signs_in_and_its_replay_or_forgery_does_not() {
    let bot = dashboard_bot().await;
    let now = bot.ctx().clock.now().timestamp();
    let good = signed_init_data(OWNER, now, "ru", hearth::sim::TOKEN);

    let mut shell = Browser::new(&bot);
    let (status, page) = shell.get("/dashboard").await;
    assert_eq!(status, 200);
    assert!(page.contains("/dashboard/assets/app.js") && page.contains("sign-in"), "{page}");

    let mut forged = Browser::new(&bot);
    let bad = signed_init_data(OWNER, now, "ru", "654321:another-bot");
    assert_eq!(forged.post_raw("/dashboard/auth/webapp", &[("init_data", &bad)]).await.0, 401);
    let old = signed_init_data(OWNER, now - 2 * 86_400, "ru", hearth::sim::TOKEN);
    assert_eq!(forged.post_raw("/dashboard/auth/webapp", &[("init_data", &old)]).await.0, 401, "expired");
    assert_eq!(forged.post_raw("/dashboard/auth/webapp", &[]).await.0, 401, "nothing");
    assert!(!forged.has_session());

    let mut browser = Browser::new(&bot);
    assert_eq!(browser.post_raw("/dashboard/auth/webapp", &[("init_data", &good)]).await.0, 204);
    assert!(browser.has_session());
    let (status, page) = browser.get("/dashboard/chats").await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Вы не администратор"), "the admin's Telegram language, no chats yet: {page}");
    let mut replay = Browser::new(&bot);
    assert_eq!(replay.post_raw("/dashboard/auth/webapp", &[("init_data", &good)]).await.0, 401);
}

#[tokio::test]
async fn signing_out_needs_the_csrf_token_and_ends_the_session() {
    let bot = dashboard_bot().await;
    bot.with(|w| w.say(GROUP, OWNER, "hello"));
    bot.settle().await;
    let mut browser = Browser::login(&bot, OWNER).await;
    assert_eq!(browser.get("/dashboard/chats").await.0, 303);
    assert_eq!(browser.post_raw("/dashboard/logout", &[("csrf", "forged")]).await.0, 403);
    assert_eq!(browser.get("/dashboard/chats").await.0, 303, "still signed in");
    let mut signed_out = Browser::new(&bot);
    assert_eq!(signed_out.get("/dashboard/chats").await.0, 401, "no cookie, no page");

    // Alice manages no chat: her page lists none, and signing out works.
    let mut alice = Browser::login(&bot, ALICE).await;
    let (status, page) = alice.get("/dashboard/chats").await;
    assert_eq!(status, 200);
    assert!(page.contains("not an admin of any chat"), "{page}");
    let (status, page) = alice.post("/dashboard/logout", &[]).await;
    assert_eq!(status, 200);
    assert!(page.contains("signed out"), "{page}");
    assert!(!alice.has_session(), "the cookie is cleared");
    assert_eq!(
        bot.scalar(&format!("SELECT COUNT(*) FROM dashboard_sessions WHERE user_id = {ALICE}")).await,
        0
    );
}

#[tokio::test]
async fn assets_are_the_binarys_own_and_bad_requests_change_nothing() {
    let bot = dashboard_bot().await;
    let mut browser = Browser::new(&bot);
    let (status, css) = browser.get("/dashboard/assets/dashboard.css").await;
    assert_eq!(status, 200);
    assert!(css.contains("prefers-color-scheme: dark"));
    for path in [
        "/dashboard/assets/..%2F..%2FCargo.toml",
        "/dashboard/assets/../../Cargo.toml",
        "/dashboard/assets/nope.js",
    ] {
        assert_eq!(browser.get(path).await.0, 404, "{path}");
    }
    assert_eq!(browser.get("/dashboard/c/abc/").await.0, 401, "signed out: nothing to show");

    let huge = "x".repeat(10 * 1024 * 1024);
    let (status, page) = browser.post_raw("/dashboard/auth/webapp", &[("init_data", &huge)]).await;
    assert_eq!(status, 413, "{}", &page[..page.len().min(200)]);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM dashboard_sessions").await, 0);

    let addr = bot.hearth().addrs.listen.expect("served");
    let response = reqwest::get(format!("http://{addr}/dashboard")).await.expect("answers");
    let csp = response.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors"), "{csp}");
    let page = response.text().await.unwrap_or_default();
    assert!(
        !page.contains(hearth::sim::TOKEN) && !page.contains("SIM-token"),
        "the token never reaches a page"
    );
}

#[tokio::test]
async fn an_admin_demoted_since_signing_in_changes_nothing() {
    let bot = dashboard_bot().await;
    bot.with(|w| {
        w.set_status(GROUP, ALICE, hearth::sim::world::Status::Administrator);
        w.say(GROUP, ALICE, "hello");
    });
    bot.settle().await;
    let mut alice = Browser::login(&bot, ALICE).await;
    let settings = format!("/dashboard/c/{GROUP}/settings");
    assert_eq!(alice.get(&settings).await.0, 200, "an admin's page");

    bot.with(|w| w.set_status(GROUP, ALICE, hearth::sim::world::Status::Member));
    let (status, page) = alice.post(&settings, &[("key", "warn_limit"), ("value", "7")]).await;
    assert_eq!(status, 403, "{page}");
    assert!(page.contains("Telegram does not list you"), "{page}");
    let stored: Option<String> =
        sqlx::query_scalar("SELECT value FROM chat_settings WHERE chat_id = ? AND key = 'warn_limit'")
            .bind(GROUP)
            .fetch_optional(bot.db())
            .await
            .expect("the query runs");
    assert_eq!(stored, None, "nothing changed");
    // Telegram's answer is what the cache now holds: the pages close too.
    assert_eq!(alice.get(&settings).await.0, 403);
}
