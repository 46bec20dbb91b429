//! The kernel: what every feature needs and nothing feature-specific — the
//! context handlers and jobs get (`Ctx`), the language to answer in, who is
//! in which chat, admins' checks, DMs and notices to admins, where a kind of
//! post goes in a forum, the shared route constructor that gates commands
//! by their spec, typed buttons, and number and name formatting. Features
//! import it; it imports no feature.

pub mod access;
pub mod deep_link;
pub mod dialogues;
pub mod format;
pub mod lang;
pub mod members;
pub mod notify;
pub mod repeats;
pub mod routes;
pub mod state;
pub mod toast;
pub mod topics;

use std::sync::Arc;

use teloxide::types::Me;

use crate::{
    clock::Clock,
    config::Config,
    db::Db,
    metrics::Metrics,
    settings::{ChatSettings, Registry, SettingsCache},
    telegram::{HearthBot, auth::AdminCache, command::CommandSpec},
};

pub use routes::{Routes, Tree};

/// What every handler and job returns.
pub type HandlerResult = anyhow::Result<()>;

/// What the features put together: every command (in the order /help lists
/// them) and every setting. Built by `features`, handed to the kernel at
/// start, so the kernel knows the lists without knowing the features.
#[derive(Clone, Copy)]
pub struct Catalog {
    pub commands: &'static [&'static [CommandSpec]],
    pub settings: Registry,
    /// Whether a member may act as a community moderator of a chat at a
    /// time (the room that keeps them answers: `trust`); the gate of
    /// `Access::Moderator` commands and the rooms' buttons ask it.
    pub moderators: ModeratorCheck,
}

/// `(ctx, chat, user, at)` → whether `user` acts as a community moderator.
pub type ModeratorCheck = for<'a> fn(
    &'a Ctx,
    teloxide::types::ChatId,
    teloxide::types::UserId,
    chrono::DateTime<chrono::Utc>,
) -> futures::future::BoxFuture<'a, anyhow::Result<bool>>;

impl Catalog {
    pub fn commands(&self) -> impl Iterator<Item = &'static CommandSpec> + use<> {
        self.commands.iter().flat_map(|c| c.iter())
    }
}

/// What every handler and job gets.
pub struct Ctx {
    pub db: Db,
    pub bot: HearthBot,
    pub config: Config,
    pub clock: Arc<dyn Clock>,
    pub me: Me,
    pub admins: AdminCache,
    pub settings: SettingsCache,
    pub metrics: Metrics,
    pub catalog: Catalog,
    /// In-memory state of features (flood windows, join bursts …), one value
    /// per type, made on first use.
    states: state::States,
}

impl Ctx {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        db: Db,
        bot: HearthBot,
        config: Config,
        clock: Arc<dyn Clock>,
        me: Me,
        admins: AdminCache,
        metrics: Metrics,
        catalog: Catalog,
    ) -> Ctx {
        let settings = SettingsCache::new(catalog.settings);
        Ctx {
            db,
            bot,
            config,
            clock,
            me,
            admins,
            settings,
            metrics,
            catalog,
            states: state::States::default(),
        }
    }

    pub async fn chat_settings(&self, chat_id: i64) -> sqlx::Result<Arc<ChatSettings>> {
        self.settings.get(&self.db, chat_id).await
    }

    pub fn bot_username(&self) -> &str {
        self.me.user.username.as_deref().unwrap_or("")
    }

    /// The bot's own user id.
    pub fn bot_id(&self) -> i64 {
        self.me.user.id.0 as i64
    }

    /// A feature's in-memory state (`T::default()` the first time).
    pub fn state<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        self.states.get::<T>()
    }

    /// Read-only connections for long reads (`db::readers`), beside `db`,
    /// which they never hold up; `db` itself for an in-memory database.
    pub fn readers(&self) -> crate::db::Db {
        let readers = self.state::<Readers>();
        readers
            .0
            .get_or_init(|| match crate::db::readers(&self.config.database_url, READERS) {
                Ok(Some(pool)) => pool,
                Ok(None) => self.db.clone(),
                Err(err) => {
                    tracing::warn!(%err, "no read-only connections; long reads share the bot's");
                    self.db.clone()
                }
            })
            .clone()
    }
}

/// How many read-only connections long reads get (the machine's cores are few).
const READERS: u32 = 3;

#[derive(Default)]
struct Readers(std::sync::OnceLock<crate::db::Db>);
