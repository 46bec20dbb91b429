//! Shared by the end-to-end tests: each test starts its own fake Telegram on
//! port 0 and its own temporary database, so tests run in parallel and in any
//! order.

pub mod dashboard;

use std::{sync::Arc, time::Duration};

use chrono::{DateTime, TimeZone, Utc};
use hearth::{
    app::{Ctx, Hearth},
    clock::ManualClock,
    config::Config,
    i18n::Lang,
    sim::{Call, FakeTelegram, World},
};

pub const GROUP: i64 = -100_100;
pub const OWNER: i64 = 1;
pub const ALICE: i64 = 1001;
pub const BOB: i64 = 1002;
pub const CAROL: i64 = 1003;

pub struct TestBot {
    pub fake: FakeTelegram,
    pub clock: Arc<ManualClock>,
    hearth: Option<Hearth>,
    /// Updates the fake had queued when the running bot started.
    base: u64,
    tweak: fn(&mut Config),
    pub db_url: String,
    _dir: tempfile::TempDir,
}

/// A fixed, known start time for the simulated world.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).single().expect("valid date")
}

impl TestBot {
    /// A group "Test Lounge" (OWNER created it, the bot is an admin) with
    /// Alice, Bob and Carol known to the world but not yet in the group.
    pub async fn start() -> TestBot {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(setup: impl FnOnce(&mut World)) -> TestBot {
        Self::start_configured(setup, |_| {}).await
    }

    /// Like `start_with`, with a change to the configuration (webhook mode …).
    pub async fn start_configured(setup: impl FnOnce(&mut World), tweak: fn(&mut Config)) -> TestBot {
        let fake = FakeTelegram::start().await.expect("fake Telegram starts");
        fake.with(|w| {
            w.now = t0().timestamp();
            w.add_user(OWNER, "Olga").username = Some("olga_owner".into());
            w.add_user(ALICE, "Alice").username = Some("alice".into());
            w.add_user(BOB, "Bob");
            w.add_user(CAROL, "Carol");
            w.add_group(GROUP, "Test Lounge", OWNER);
            setup(w);
        });
        let dir = tempfile::tempdir().expect("temp dir");
        let db_url = format!("sqlite://{}", dir.path().join("hearth.db").display());
        let clock = Arc::new(ManualClock::new(t0()));
        let mut bot = TestBot { fake, clock, hearth: None, base: 0, tweak, db_url, _dir: dir };
        bot.boot().await;
        bot
    }

    pub fn config(&self) -> Config {
        let mut config = self.fake.bot_config(&self.db_url, 3600, 1000).expect("test config is valid");
        config.default_lang = Lang::En;
        (self.tweak)(&mut config);
        config
    }

    async fn boot(&mut self) {
        self.base = self.fake.update_count();
        let hearth = Hearth::start(self.config(), self.clock.clone()).await.expect("hearth starts");
        self.hearth = Some(hearth);
    }

    pub fn hearth(&self) -> &Hearth {
        self.hearth.as_ref().expect("running")
    }

    pub fn ctx(&self) -> &Arc<Ctx> {
        &self.hearth.as_ref().expect("running").ctx
    }

    pub fn db(&self) -> &sqlx::SqlitePool {
        &self.ctx().db
    }

    /// Waits until every update pushed so far has been handled (after a
    /// restart: those pushed since, and those replayed from the inbox).
    pub async fn settle(&self) {
        let target = self.fake.update_count() - self.base + self.hearth().replayed;
        let metrics = &self.ctx().metrics;
        if tokio::time::timeout(Duration::from_secs(40), metrics.wait_processed(target)).await.is_err() {
            panic!("only {} of {} updates were handled within 40 s", metrics.processed(), target);
        }
        // Their messages are counted, and they are marked done, in batches.
        let flushed =
            tokio::time::timeout(Duration::from_secs(10), metrics.wait_flushed(metrics.processed()));
        if flushed.await.is_err() {
            panic!("handled updates were not committed within 10 s");
        }
        // Edits waiting in the edit lane go out (or are given up).
        let edits = &self.ctx().bot.edits();
        if tokio::time::timeout(Duration::from_secs(40), edits.settled()).await.is_err() {
            panic!("{} edits still outstanding after 40 s", edits.outstanding());
        }
        let violations = self.with(|w| w.violations.clone());
        assert!(violations.is_empty(), "calls Telegram would refuse: {violations:?}");
    }

    /// Waits until the inbox has marked every handled update done (the marks
    /// are written in batches a few milliseconds after handling).
    pub async fn settle_inbox(&self) {
        self.settle().await;
        for _ in 0..400 {
            if self.scalar("SELECT COUNT(*) FROM inbox WHERE done_at IS NULL").await == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("handled updates were never marked done");
    }

    /// Moves both clocks (the world's dates and the scheduler's) and ticks.
    pub async fn advance_and_tick(&self, by: chrono::Duration) {
        self.clock.advance(by);
        self.fake.with(|w| w.now += by.num_seconds());
        self.tick().await;
    }

    pub async fn tick(&self) {
        let failed = self.hearth.as_ref().expect("running").tick().await;
        assert!(failed.is_empty(), "scheduler jobs failed: {failed:?}");
    }

    /// Stops the bot (like SIGTERM) and starts it again on the same database.
    pub async fn restart(&mut self) {
        if let Some(h) = self.hearth.take() {
            h.shutdown(Duration::from_secs(10)).await;
        }
        self.boot().await;
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut World) -> R) -> R {
        self.fake.with(f)
    }

    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.fake.calls_to(method)
    }

    /// Visible texts the bot sent to a chat.
    pub fn texts_to(&self, chat: i64) -> Vec<String> {
        self.fake.texts_to(chat)
    }

    pub fn last_text_to(&self, chat: i64) -> String {
        self.texts_to(chat).pop().unwrap_or_default()
    }

    /// A member already in the group (joined a while ago, unseen by the bot).
    pub fn seat(&self, user: i64) {
        self.with(|w| w.set_status(GROUP, user, hearth_status_member()));
    }

    pub async fn scalar(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(self.db()).await.expect("query runs")
    }
}

fn hearth_status_member() -> hearth::sim::world::Status {
    hearth::sim::world::Status::Member
}

/// What the bot sent to the group (refused sends left out).
pub fn group_sends(bot: &TestBot) -> Vec<Call> {
    bot.calls_to("sendMessage").into_iter().filter(|c| c.chat_id() == Some(GROUP) && !c.faulted).collect()
}

/// The message id a call replies to (`reply_parameters`, JSON or multipart).
pub fn replies_to(call: &Call) -> Option<i64> {
    let params = match &call.params["reply_parameters"] {
        serde_json::Value::String(s) => serde_json::from_str(s).unwrap_or(serde_json::Value::Null),
        v => v.clone(),
    };
    hearth::sim::world::num(&params["message_id"])
}

/// The messages the bot has in `chat` as they stand now (edits applied), HTML.
pub fn bot_messages(bot: &TestBot, chat: i64) -> Vec<String> {
    bot.with(|w| {
        w.messages.values().filter(|m| m.from_bot && m.chat_id == chat).map(|m| m.html.clone()).collect()
    })
}

/// The newest NPS poll: (poll id, its message id).
pub async fn latest_poll(bot: &TestBot) -> (i64, i64) {
    let id = bot.scalar("SELECT poll_id FROM nps_polls ORDER BY poll_id DESC LIMIT 1").await;
    (id, bot.scalar(&format!("SELECT message_id FROM nps_polls WHERE poll_id = {id}")).await)
}

/// `text` from `user` in `chat`, then the very same update delivered again
/// (Telegram's at-least-once delivery).
pub async fn say_twice(bot: &TestBot, chat: i64, user: i64, text: &str) {
    let mut copy = serde_json::Value::Null;
    bot.with(|w| w.say_with(chat, user, text, |m| copy = m.clone()));
    bot.settle().await;
    bot.with(|w| w.push_update(serde_json::json!({ "message": copy })));
    bot.settle().await;
}
