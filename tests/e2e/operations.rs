//! Operations: webhook mode, health and metrics endpoints, and Telegram's
//! faults (429, 5xx, a proxy's 502, 400s, a migrated chat, a refused
//! connection) — each survived, none a crash or a busy loop.

use std::time::Duration;

use crate::support::*;
use hearth::{
    config::{Token, Webhook},
    sim::Fault,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A bare HTTP/1.1 request; returns the status code and the body.
async fn http(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut out = String::new();
    stream.read_to_string(&mut out).await.unwrap();
    let status = out.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = out.split("\r\n\r\n").nth(1).unwrap_or("").to_owned();
    (status, body)
}

fn webhook_mode(c: &mut hearth::config::Config) {
    c.listen = Some("127.0.0.1:0".parse().unwrap());
    c.webhook = Some(Webhook {
        url: url::Url::parse("https://bot.example.com/telegram/hook").unwrap(),
        secret: Token::new("s3cret-Token_1"),
    });
}

#[tokio::test]
async fn webhook_mode_sets_allowed_updates_and_checks_the_secret() {
    let bot = TestBot::start_configured(|_| {}, webhook_mode).await;
    let set = bot.calls_to("setWebhook");
    assert_eq!(set.len(), 1);
    let allowed: Vec<&str> =
        set[0].params["allowed_updates"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    assert!(allowed.contains(&"chat_member") && allowed.contains(&"callback_query"), "{allowed:?}");
    assert_eq!(set[0].params["secret_token"], "s3cret-Token_1");
    assert!(bot.calls_to("getUpdates").is_empty(), "no polling in webhook mode");

    let addr = bot.hearth().addrs.listen.unwrap();
    bot.seat(ALICE);
    let update = serde_json::json!({
        "update_id": 77,
        "message": {"message_id": 5, "date": t0().timestamp(), "text": "hi from a webhook",
            "chat": {"id": GROUP, "type": "supergroup", "title": "Test Lounge"},
            "from": {"id": ALICE, "is_bot": false, "first_name": "Alice"}}
    })
    .to_string();
    let (status, _) =
        http(addr, "POST", "/telegram/hook", &[("X-Telegram-Bot-Api-Secret-Token", "wrong")], &update).await;
    assert_eq!(status, 401);
    let (status, _) = http(addr, "POST", "/telegram/hook", &[], &update).await;
    assert_eq!(status, 401);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM inbox").await, 0, "nothing stored without the secret");

    let secret =
        [("X-Telegram-Bot-Api-Secret-Token", "s3cret-Token_1"), ("Content-Type", "application/json")];
    let (status, _) = http(addr, "POST", "/telegram/hook", &secret, &update).await;
    assert_eq!(status, 200);
    // Telegram resends when unsure: the second delivery changes nothing.
    let (status, _) = http(addr, "POST", "/telegram/hook", &secret, &update).await;
    assert_eq!(status, 200);
    tokio::time::timeout(Duration::from_secs(10), bot.ctx().metrics.wait_flushed(1)).await.unwrap();
    assert_eq!(bot.scalar("SELECT message_count FROM members WHERE user_id = 1001").await, 1);
    let (status, _) = http(addr, "POST", "/telegram/hook", &secret, "not json").await;
    assert_eq!(status, 400);
    let (status, body) = http(addr, "GET", "/readyz", &[], "").await;
    assert_eq!((status, body.as_str()), (200, "ready"));
}

#[tokio::test]
async fn metrics_and_health_are_served() {
    let bot =
        TestBot::start_configured(|_| {}, |c| c.metrics_addr = Some("127.0.0.1:0".parse().unwrap())).await;
    bot.seat(ALICE);
    bot.with(|w| w.say(GROUP, ALICE, "hello"));
    bot.settle().await;
    let addr = bot.hearth().addrs.metrics.unwrap();
    let (status, body) = http(addr, "GET", "/healthz", &[], "").await;
    assert_eq!((status, body.as_str()), (200, "ok"));
    let (status, body) = http(addr, "GET", "/metrics", &[], "").await;
    assert_eq!(status, 200);
    assert!(body.contains("hearth_updates_total{kind=\"message\"} 1"), "{body}");
    assert!(body.contains("hearth_handler_seconds_count 1"), "{body}");
    assert!(body.contains("hearth_scheduler_lag_seconds"), "{body}");
}

#[tokio::test]
async fn flood_control_is_waited_out_and_the_message_delivered() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.with(|w| w.fail("sendMessage", 1, Fault::RetryAfter(1)));
    bot.with(|w| w.say(GROUP, ALICE, "/help"));
    bot.settle().await;
    let sends = bot.calls_to("sendMessage");
    assert_eq!(sends.len(), 2, "one 429, then the retry");
    assert!(sends[0].faulted && !sends[1].faulted);
    assert_eq!(bot.ctx().metrics.handler_failures(), 0);
}

/// With Telegram's real limits in the bot and a fake that answers 429 past
/// them, a burst of commands in one DM is paced — one reply a second — and
/// none is refused.
#[tokio::test]
async fn sends_are_paced_under_telegrams_limits() {
    fn telegram_limits(config: &mut hearth::config::Config) {
        config.limits = teloxide::adaptors::throttle::Limits::default();
        config.limits.messages_per_min_channel_or_supergroup = 20;
    }
    let bot = TestBot::start_configured(|w| w.enforce_limits = true, telegram_limits).await;
    bot.with(|w| {
        for _ in 0..3 {
            w.say(ALICE, ALICE, "/help");
        }
    });
    bot.settle().await;
    let sends = bot.calls_to("sendMessage");
    assert_eq!(sends.len(), 3, "{sends:?}");
    assert!(sends.iter().all(|c| !c.faulted));
    assert_eq!(bot.with(|w| w.rate_limited), 0);
    for pair in sends.windows(2) {
        assert!(pair[1].at.duration_since(pair[0].at) >= std::time::Duration::from_millis(900));
    }
}

// teloxide waits 10 s after any 5xx before it reports it, so each 5xx test
// injects a single fault.
#[tokio::test]
async fn a_server_error_on_a_call_is_retried() {
    let bot = TestBot::start().await;
    bot.with(|w| {
        w.fail("restrictChatMember", 1, Fault::ServerError);
        w.join(GROUP, ALICE, None);
    });
    bot.settle().await;
    let restricts = bot.calls_to("restrictChatMember");
    assert_eq!(restricts.len(), 2, "the 500 was retried");
    assert!(restricts[0].faulted && !restricts[1].faulted);
    assert_eq!(bot.scalar("SELECT gated FROM onboarding WHERE user_id = 1001").await, 1);
}

#[tokio::test]
async fn a_proxys_502_on_polling_is_survived() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.with(|w| {
        w.fail("getUpdates", 1, Fault::BadGateway);
        w.say(GROUP, ALICE, "after the outage");
    });
    bot.settle().await;
    assert!(bot.calls_to("getUpdates").iter().any(|c| c.faulted));
    assert_eq!(bot.scalar("SELECT message_count FROM members WHERE user_id = 1001").await, 1);
}

#[tokio::test]
async fn a_429_on_polling_waits_the_time_telegram_asks() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.with(|w| {
        w.fail("getUpdates", 1, Fault::RetryAfter(1));
        w.say(GROUP, ALICE, "after the pause");
    });
    bot.settle().await;
    let polls = bot.calls_to("getUpdates");
    let faulted = polls.iter().position(|c| c.faulted).expect("the 429 was answered");
    let next = polls.get(faulted + 1).expect("polling went on");
    assert!(
        next.at.duration_since(polls[faulted].at) >= Duration::from_millis(900),
        "the next poll waited retry_after"
    );
    assert_eq!(bot.scalar("SELECT message_count FROM members WHERE user_id = 1001").await, 1);
}

#[tokio::test]
async fn an_update_teloxide_cannot_read_is_kept_and_passed_over() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.with(|w| {
        w.push_update(serde_json::json!({ "message": { "message_id": "not a number", "chat": 7 } }));
        w.say(GROUP, ALICE, "still heard");
    });
    bot.settle_inbox().await;
    assert_eq!(bot.scalar("SELECT message_count FROM members WHERE user_id = 1001").await, 1);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM inbox WHERE payload LIKE '%not a number%'").await, 1);
    assert_eq!(bot.ctx().metrics.handler_failures(), 0);
}

#[tokio::test]
async fn an_edit_of_a_vanished_message_is_not_a_crash() {
    let bot = TestBot::start().await;
    bot.with(|w| {
        w.fail("editMessageText", 100, Fault::BadRequest("message to edit not found".into()));
        for i in 0..6 {
            w.add_user(4000 + i, &format!("Raider{i}"));
            w.join(GROUP, 4000 + i, None);
        }
    });
    bot.settle().await;
    assert_eq!(bot.ctx().metrics.handler_failures(), 0);
    assert_eq!(bot.scalar("SELECT COUNT(*) FROM onboarding").await, 6);
}

#[tokio::test]
async fn a_migrated_chat_gets_the_message_at_its_new_id() {
    let bot = TestBot::start_with(|w| {
        w.add_group(-100_777, "New Home", OWNER);
    })
    .await;
    bot.seat(ALICE);
    bot.with(|w| w.fail("sendMessage", 1, Fault::Migrated(-100_777)));
    bot.with(|w| w.say(GROUP, ALICE, "/help"));
    bot.settle().await;
    let sends = bot.calls_to("sendMessage");
    assert_eq!(sends.len(), 2);
    assert_eq!(sends[1].chat_id(), Some(-100_777));
    assert!(!sends[1].faulted);
}

#[tokio::test]
async fn a_refused_connection_at_start_is_an_error_not_a_panic() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let dir = tempfile::tempdir().unwrap();
    let config = hearth::config::Config::from_lookup(|k| match k {
        "TELOXIDE_TOKEN" => Some(hearth::sim::TOKEN.into()),
        "TELOXIDE_API_URL" => Some(format!("http://127.0.0.1:{port}")),
        "DATABASE_URL" => Some(format!("sqlite://{}", dir.path().join("h.db").display())),
        _ => None,
    })
    .unwrap();
    let clock = std::sync::Arc::new(hearth::clock::SystemClock);
    let err = hearth::app::Hearth::start(config, clock).await.err().expect("no Telegram, no start");
    assert!(format!("{err:#}").contains("cannot reach Telegram"), "{err:#}");
}

#[tokio::test]
async fn a_polling_conflict_backs_off_and_recovers() {
    let bot = TestBot::start().await;
    bot.seat(ALICE);
    bot.with(|w| {
        w.fail("getUpdates", 3, Fault::Conflict("terminated by other getUpdates request".into()));
        w.say(GROUP, ALICE, "still delivered");
    });
    bot.settle().await;
    let polls = bot.calls_to("getUpdates");
    assert!(polls.len() < 20, "backing off, not a busy loop: {} polls", polls.len());
    assert_eq!(bot.scalar("SELECT message_count FROM members WHERE user_id = 1001").await, 1);
}
