//! A fake Telegram Bot API on 127.0.0.1, spoken to over real HTTP by the real
//! teloxide `Bot`. It keeps a small world (chats, members, rights, messages,
//! invite links), answers with Telegram's JSON shapes and errors, records
//! every call, and can be told to fail chosen calls (429, 5xx, 403, 400).
//! Tests, benchmarks and `hearth demo` all drive hearth through it.

mod html;
mod methods;
mod server;
pub mod spec;
pub mod world;

use std::{
    net::SocketAddr,
    sync::{Arc, Mutex},
};

use serde_json::Value;
use teloxide::adaptors::throttle::Limits;
use tokio::sync::Notify;
use url::Url;

use crate::config::{Config, ConfigError};
pub use world::{Call, Fault, SimUser, World};

/// The token the fake accepts, and the bot it pretends to be.
pub const TOKEN: &str = "123456:SIM-token_for-tests";
pub const BOT_ID: i64 = 123_456;
pub const BOT_USERNAME: &str = "hearth_sim_bot";

/// A running fake Bot API server.
#[derive(Clone)]
pub struct FakeTelegram {
    addr: SocketAddr,
    pub(crate) world: Arc<Mutex<World>>,
    pub(crate) updates_ready: Arc<Notify>,
}

impl FakeTelegram {
    /// Binds port 0 on 127.0.0.1 and serves until the runtime ends.
    pub async fn start() -> std::io::Result<FakeTelegram> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let fake = FakeTelegram {
            addr,
            world: Arc::new(Mutex::new(World::new())),
            updates_ready: Arc::new(Notify::new()),
        };
        let app = server::router(fake.clone());
        tokio::spawn(async move {
            if let Err(err) = axum::serve(listener, app).await {
                tracing::error!(%err, "fake Telegram stopped");
            }
        });
        Ok(fake)
    }

    pub fn url(&self) -> Url {
        Url::parse(&format!("http://{}", self.addr)).expect("a socket address is a valid URL host")
    }

    /// Runs `f` on the world (build chats and users, read calls, set faults).
    pub fn with<R>(&self, f: impl FnOnce(&mut World) -> R) -> R {
        let mut world = match self.world.lock() {
            Ok(w) => w,
            Err(poisoned) => poisoned.into_inner(),
        };
        let r = f(&mut world);
        if world.take_new_updates() {
            self.updates_ready.notify_waiters();
        }
        r
    }

    /// How many updates have been queued so far.
    pub fn update_count(&self) -> u64 {
        self.with(|w| w.update_count())
    }

    pub fn calls(&self) -> Vec<Call> {
        self.with(|w| w.calls.clone())
    }

    /// Calls to one method, e.g. "sendMessage".
    pub fn calls_to(&self, method: &str) -> Vec<Call> {
        self.with(|w| w.calls.iter().filter(|c| c.method == method).cloned().collect())
    }

    /// Visible texts of the messages the bot sent to `chat_id` (HTML parsed).
    pub fn texts_to(&self, chat_id: i64) -> Vec<String> {
        self.with(|w| w.texts_to(chat_id))
    }

    pub fn push(&self, update: Value) {
        self.with(|w| w.push_update(update));
    }

    /// hearth's configuration for talking to this fake: its token and URL,
    /// the database at `db_url`, a scheduler tick of `tick_secs`, a
    /// one-second long poll, and sending limits with room to spare
    /// (`per_sec` a chat and overall): the limiter stays in the path, but
    /// Telegram's pacing would only make a test or a reader wait.
    pub fn bot_config(&self, db_url: &str, tick_secs: u64, per_sec: u32) -> Result<Config, ConfigError> {
        let url = self.url().to_string();
        let mut config = Config::from_lookup(|name| match name {
            "TELOXIDE_TOKEN" => Some(TOKEN.to_owned()),
            "TELOXIDE_API_URL" => Some(url.clone()),
            "DATABASE_URL" => Some(db_url.to_owned()),
            "HEARTH_TICK_SECS" => Some(tick_secs.to_string()),
            _ => None,
        })?;
        config.poll_timeout = std::time::Duration::from_secs(1);
        config.limits = Limits {
            messages_per_sec_chat: per_sec,
            messages_per_min_chat: per_sec * 60,
            messages_per_min_channel_or_supergroup: per_sec * 60,
            messages_per_sec_overall: per_sec,
        };
        Ok(config)
    }
}

/// The text a Telegram client would show for an HTML message (or the HTML
/// itself when it is malformed).
pub fn visible_text(html: &str) -> String {
    html::parse(html).unwrap_or_else(|_| html.to_owned())
}

/// Whether Telegram would accept `html` in HTML parse mode.
pub fn html_is_valid(html: &str) -> bool {
    html::parse(html).is_ok()
}
