//! The dashboard in a real browser: Debian's headless Chromium driven over
//! WebDriver (chromedriver, fantoccini). The Mini App's own script signs in
//! from the URL's fragment, the pages are read and changed as an admin
//! would, a screenshot is saved, and any script error or refused resource
//! the browser logs fails the test.
//!
//! Needs `chromium` and `chromedriver` (Debian's `chromium` and
//! `chromium-driver`; `.ci/run` installs them): HEARTH_CHROMIUM and
//! HEARTH_CHROMEDRIVER name other paths.

use std::{
    net::TcpListener,
    process::{Child, Command, Stdio},
    time::Duration,
};

use fantoccini::{Client, ClientBuilder, Locator, wd::WebDriverCompatibleCommand};
use serde_json::{Value, json};

use crate::support::{
    ALICE, BOB, GROUP, OWNER, TestBot,
    dashboard::{dashboard_bot, init_data as signed_init_data, login_query},
};

/// chromedriver on a free loopback port, killed when dropped.
struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("a free port")
}

async fn start_driver() -> (Driver, Client) {
    let driver = std::env::var("HEARTH_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
    let chromium = std::env::var("HEARTH_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let port = free_port();
    let child = Command::new(&driver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| {
            panic!("{driver} does not start ({e}): install Debian's chromium and chromium-driver")
        });
    let profile = tempfile::tempdir().expect("a profile folder");
    let driver = Driver { child, port, _profile: profile };
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let args = [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        &format!("--user-data-dir={}", driver._profile.path().display()),
    ];
    let caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {"binary": chromium, "args": args},
        "goog:loggingPrefs": {"browser": "ALL"},
    });
    let caps = caps.as_object().cloned().expect("an object");
    let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session");
    (driver, client)
}

/// chromedriver's browser log (`se/log`): what the console and the page's
/// loading reported.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (axum::http::Method, Option<String>) {
        (axum::http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// The SEVERE entries of the browser's log since the last call.
async fn errors(client: &Client) -> Vec<String> {
    let log = client.issue_cmd(BrowserLog).await.unwrap_or(Value::Null);
    log.as_array()
        .map(|entries| {
            entries
                .iter()
                .filter(|e| e["level"] == "SEVERE")
                .map(|e| e["message"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// A Mini App's initData for `user`, signed now (by the bot's clock).
fn init_data(bot: &TestBot, user: i64, token: &str) -> String {
    signed_init_data(user, bot.ctx().clock.now().timestamp(), "en", token)
}

fn fragment(init_data: &str) -> String {
    let theme = r##"{"bg_color":"#101820","text_color":"#f0f0f0","button_color":"#ff8800"}"##;
    url::form_urlencoded::Serializer::new(String::new())
        .append_pair("tgWebAppData", init_data)
        .append_pair("tgWebAppThemeParams", theme)
        .finish()
}

async fn text_of(client: &Client, css: &str) -> String {
    match client.wait().at_most(Duration::from_secs(10)).for_element(Locator::Css(css)).await {
        Ok(element) => element.text().await.unwrap_or_default(),
        Err(err) => panic!("{css} never appeared: {err}\n{}", client.source().await.unwrap_or_default()),
    }
}

#[tokio::test]
async fn the_mini_app_signs_in_from_its_fragment_and_refuses_forged_data() {
    let bot = dashboard_bot().await;
    let base = format!("http://{}", bot.hearth().addrs.listen.expect("served"));
    let (_driver, client) = start_driver().await;

    // Forged initData: the page's own script asks, and says it was refused.
    let forged = init_data(&bot, OWNER, "654321:another-bot");
    client.goto(&format!("{base}/dashboard#{}", fragment(&forged))).await.expect("opens");
    client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath("//p[@id='sign-in' and contains(., 'refused')]"))
        .await
        .expect("the refusal is shown");
    let log = errors(&client).await;
    assert!(log.iter().all(|e| e.contains("401")), "only the refused sign-in is logged: {log:?}");
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM dashboard_sessions").await, 0);

    // Telegram's real data: signed in, on to the chats (Alice manages none),
    // in Telegram's theme colours.
    let good = init_data(&bot, ALICE, hearth::sim::TOKEN);
    client.goto("about:blank").await.expect("a new document");
    client.goto(&format!("{base}/dashboard#{}", fragment(&good))).await.expect("opens");
    let title = text_of(&client, "main h1").await;
    assert_eq!(title, "Your chats");
    assert!(text_of(&client, "p.empty").await.contains("not an admin"));
    let background =
        client.execute("return getComputedStyle(document.body).backgroundColor", vec![]).await.expect("runs");
    assert_eq!(background, json!("rgb(16, 24, 32)"), "Telegram's bg_color");
    let log = errors(&client).await;
    assert!(log.is_empty(), "no script error: {log:?}");
    let shot = client.screenshot().await.expect("a screenshot");
    let path = std::env::temp_dir().join("hearth-dashboard-signin.png");
    std::fs::write(&path, shot).expect("saved");
    client.close().await.expect("closed");
}

async fn click(client: &Client, css: &str) {
    let element = client
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    element.click().await.unwrap_or_else(|e| panic!("clicking {css}: {e}"));
}

/// Waits until the browser is at a URL containing `part` (a form sent, a link followed).
async fn arrive(client: &Client, part: &str) {
    for _ in 0..100 {
        if client.current_url().await.is_ok_and(|u| u.as_str().contains(part)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("never reached a URL with {part}: {:?}", client.current_url().await);
}

async fn type_into(client: &Client, css: &str, text: &str) {
    let element = client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("{css}: {e}"));
    element.clear().await.expect("cleared");
    element.send_keys(text).await.expect("typed");
}

/// The flow an admin walks: sign in from the group's button, the overview,
/// a members search, a setting changed — and `/settings` in the chat says so.
#[tokio::test]
async fn an_admin_signs_in_reads_the_overview_searches_members_and_changes_a_setting() {
    let bot = dashboard_bot().await;
    for user in [ALICE, BOB] {
        bot.seat(user);
    }
    bot.with(|w| {
        w.say(GROUP, OWNER, "hello");
        w.say(GROUP, ALICE, "hi, Alice here");
        w.say(GROUP, BOB, "Bob says hi");
    });
    bot.settle().await;
    let base = format!("http://{}", bot.hearth().addrs.listen.expect("served"));
    let (_driver, client) = start_driver().await;

    // The group's login_url brings the admin to the chat's overview.
    client
        .goto(&format!("{base}/dashboard/auth/login?{}&chat={GROUP}", login_query(&bot, OWNER)))
        .await
        .expect("opens");
    assert_eq!(text_of(&client, "nav.tabs a.current").await, "Overview");
    assert_eq!(text_of(&client, "header.top .chat").await, "Test Lounge");
    client.find(Locator::Css(".cards .card")).await.expect("the figures as cards");

    // Members: searching for Alice leaves Bob out.
    click(&client, "nav.tabs a[href$='/members']").await;
    arrive(&client, "/members").await;
    type_into(&client, "form.filters input[name=q]", "alice").await;
    click(&client, "form.filters button[type=submit]").await;
    arrive(&client, "q=alice").await;
    let table = text_of(&client, "table.data").await;
    assert!(table.contains("Alice") && !table.contains("Bob"), "{table}");

    // Settings: warn_limit to 2, through /set's own validation.
    click(&client, "nav.tabs a[href$='/settings']").await;
    arrive(&client, "/settings").await;
    type_into(&client, "#set-warn_limit-value", "2").await;
    click(&client, "#set-warn_limit button[type=submit]").await;
    arrive(&client, "done=warn_limit").await;
    let done = text_of(&client, "p.ok").await;
    assert!(done.contains("warn_limit is now 2"), "{done}");
    let shot = client.screenshot().await.expect("a screenshot");
    let path = std::env::temp_dir().join("hearth-dashboard-settings.png");
    std::fs::write(&path, shot).expect("saved");
    let log = errors(&client).await;
    assert!(log.is_empty(), "no script error: {log:?}");
    client.close().await.expect("closed");

    bot.with(|w| w.say(GROUP, OWNER, "/settings"));
    bot.settle().await;
    assert!(bot.last_text_to(GROUP).contains("warn_limit = 2 —"), "{}", bot.last_text_to(GROUP));
}
