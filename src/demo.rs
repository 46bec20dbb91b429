//! `hearth demo`: the real bot — the same ingestion, handler tree, database
//! code and scheduler — against the built-in fake Telegram, playing a short
//! community story with compressed time (back-dated events and a manual
//! clock), told as a transcript of who said what and what the bot did.
//!
//! The story is a list of chapters; each step acts as a member would (a
//! message, a join, a button press), waits until the bot has handled it, and
//! narrates the Bot API calls the bot made. A step whose expected effect did
//! not happen is reported as failed, and `hearth demo` then exits non-zero.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
    time::Duration,
};

use chrono::{DateTime, TimeZone, Utc};
use serde_json::Value;
use teloxide::adaptors::throttle::Limits;

use crate::{
    app::Hearth,
    clock::ManualClock,
    config::Config,
    i18n::Lang,
    sim::{self, Call, FakeTelegram},
    t,
};

#[derive(Debug, Clone, clap::Args)]
pub struct DemoOptions {
    /// Keep the demo's database here (default: a temporary file).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Tell the story in this language (en or ru).
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// Where to save the /stats chart (default: the system's temp folder).
    #[arg(long)]
    pub chart: Option<PathBuf>,
}

/// What a run produced.
#[derive(Debug, Default)]
pub struct Report {
    pub transcript: String,
    /// The chapters told, by their stable ids.
    pub chapters: Vec<&'static str>,
    /// Steps whose expected effect did not happen.
    pub failures: Vec<String>,
    /// The /stats chart, saved as a PNG.
    pub chart: Option<PathBuf>,
}

pub const GROUP: i64 = -100_200_300;
pub const OLGA: i64 = 1;
pub const ALICE: i64 = 101;
pub const BORIS: i64 = 102;
pub const CHEN: i64 = 103;
pub const DANA: i64 = 104;
pub const EVE: i64 = 105;

/// Monday morning, when the story starts.
fn start_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).single().unwrap_or_else(Utc::now)
}

/// Runs the whole story; the transcript is printed as it goes when `echo`.
pub async fn run(opts: &DemoOptions, echo: bool) -> anyhow::Result<Report> {
    let lang = Lang::parse(&opts.lang)
        .ok_or_else(|| anyhow::anyhow!("--lang takes en or ru, not {:?}", opts.lang))?;
    let dir = tempfile::tempdir()?;
    let db_path = opts.db.clone().unwrap_or_else(|| dir.path().join("demo.db"));
    // The story starts a fresh world (update ids from 1): an old demo's
    // database would have confirmed them already.
    anyhow::ensure!(
        !db_path.exists(),
        "{} already exists: the demo writes a new database; choose another --db path",
        db_path.display()
    );
    let chart = opts.chart.clone().unwrap_or_else(|| std::env::temp_dir().join("hearth-demo-stats.png"));
    let mut stage = Stage::open(lang, &db_path, echo).await?;
    let story: [(&'static str, Chapter); 7] = [
        ("welcome", chapter_welcome),
        ("introduction", chapter_introduction),
        ("moderation", chapter_moderation),
        ("nps", chapter_nps),
        ("referral", chapter_referral),
        ("nudge", chapter_nudge),
        ("stats", chapter_stats),
    ];
    let title = stage.group_title();
    stage.line(t!(lang, "demo-opening", chat = title));
    for (n, (id, chapter)) in story.into_iter().enumerate() {
        stage.heading(n + 1, id);
        chapter(&mut stage, &chart).await?;
        stage.report.chapters.push(id);
    }
    let failed = stage.report.failures.len();
    stage.line(String::new());
    stage.line(if failed == 0 {
        t!(lang, "demo-ending-ok")
    } else {
        t!(lang, "demo-ending-failed", count = failed)
    });
    if let Some(path) = &stage.report.chart {
        stage.line(t!(lang, "demo-chart-saved", path = path.display().to_string()));
    }
    if opts.db.is_some() {
        stage.line(t!(lang, "demo-db-kept", path = db_path.display().to_string()));
    }
    if let Some(h) = stage.hearth.take() {
        h.shutdown(Duration::from_secs(5)).await;
    }
    Ok(std::mem::take(&mut stage.report))
}

type Chapter = for<'a> fn(&'a mut Stage, &'a Path) -> futures::future::BoxFuture<'a, anyhow::Result<()>>;

/// The simulated world, the running bot, and the story told so far.
pub struct Stage {
    lang: Lang,
    fake: FakeTelegram,
    clock: Arc<ManualClock>,
    hearth: Option<Hearth>,
    /// Calls already narrated.
    told: usize,
    echo: bool,
    report: Report,
}

impl Stage {
    async fn open(lang: Lang, db_path: &Path, echo: bool) -> anyhow::Result<Stage> {
        let fake = FakeTelegram::start().await?;
        let now = start_time();
        let lang_code = lang.code();
        fake.with(|w| {
            w.now = now.timestamp();
            let people: [(i64, &str); 6] = match lang {
                Lang::En => [
                    (OLGA, "Olga"),
                    (ALICE, "Alice"),
                    (BORIS, "Boris"),
                    (CHEN, "Chen"),
                    (DANA, "Dana"),
                    (EVE, "Eve"),
                ],
                Lang::Ru => [
                    (OLGA, "Ольга"),
                    (ALICE, "Алиса"),
                    (BORIS, "Борис"),
                    (CHEN, "Чэнь"),
                    (DANA, "Дана"),
                    (EVE, "Ева"),
                ],
            };
            for (id, name) in people {
                let user = w.add_user(id, name);
                user.language_code = Some(lang_code.to_owned());
            }
            let title = match lang {
                Lang::En => "Hearth Garden",
                // Russian strings name a chat as «в чате «…»», so the title
                // need not decline (nor bring quotes of its own).
                Lang::Ru => "Грядка",
            };
            w.add_group(GROUP, title, OLGA);
        });
        let url = fake.url().to_string();
        let db_url = format!("sqlite://{}", db_path.display());
        let mut config = Config::from_lookup(|k| match k {
            "TELOXIDE_TOKEN" => Some(sim::TOKEN.to_owned()),
            "TELOXIDE_API_URL" => Some(url.clone()),
            "DATABASE_URL" => Some(db_url.clone()),
            "HEARTH_TICK_SECS" => Some("86400".to_owned()),
            _ => None,
        })?;
        config.default_lang = lang;
        config.poll_timeout = Duration::from_secs(1);
        // Time is compressed: Telegram's pacing would only make the reader wait.
        config.limits = Limits {
            messages_per_sec_chat: 1000,
            messages_per_min_chat: 60_000,
            messages_per_min_channel_or_supergroup: 60_000,
            messages_per_sec_overall: 1000,
        };
        let clock = Arc::new(ManualClock::new(now));
        let hearth = Hearth::start(config, clock.clone()).await?;
        let told = fake.calls().len();
        Ok(Stage { lang, fake, clock, hearth: Some(hearth), told, echo, report: Report::default() })
    }

    fn hearth(&self) -> anyhow::Result<&Hearth> {
        self.hearth.as_ref().ok_or_else(|| anyhow::anyhow!("the bot is not running"))
    }

    fn group_title(&self) -> String {
        self.fake.with(|w| w.chats.get(&GROUP).map(|c| c.title.clone()).unwrap_or_default())
    }

    fn name(&self, user_id: i64) -> String {
        self.fake.with(|w| w.users.get(&user_id).map(|u| u.first_name.clone()).unwrap_or_default())
    }

    fn line(&mut self, text: String) {
        if self.echo {
            println!("{text}");
        }
        self.report.transcript.push_str(&text);
        self.report.transcript.push('\n');
    }

    fn heading(&mut self, n: usize, id: &str) {
        let title = crate::i18n::text(self.lang, &format!("demo-chapter-{id}"), None);
        self.line(String::new());
        self.line(format!("━━ {n}. {title} ━━"));
    }

    fn stamp(&self) -> String {
        let now = self.fake.with(|w| w.now);
        let at = Utc.timestamp_opt(now, 0).single().unwrap_or_else(Utc::now);
        let day = t!(self.lang, "demo-day", n = (at - start_time()).num_days() + 1);
        format!("[{day} {}]", at.format("%H:%M"))
    }

    /// Narrates what a person does (a minute after the last thing happened).
    fn act(&mut self, text: String) {
        self.clock.advance(chrono::Duration::minutes(1));
        self.fake.with(|w| w.now += 60);
        let line = format!("{} 👤 {text}", self.stamp());
        self.line(line);
    }

    fn note(&mut self, text: String) {
        let line = format!("{} ⏩ {text}", self.stamp());
        self.line(line);
    }

    /// A step's expected effect: recorded as a failure when absent.
    fn expect(&mut self, ok: bool, what: &str) {
        if !ok {
            let line = format!("   ✗ {}", t!(self.lang, "demo-step-failed", what = what));
            self.line(line);
            self.report.failures.push(what.to_owned());
        }
    }

    /// Waits until the bot has handled every update, then narrates its calls.
    async fn settle(&mut self) -> anyhow::Result<()> {
        let hearth = self.hearth()?;
        let target = self.fake.update_count() + hearth.replayed;
        let metrics = &hearth.ctx.metrics;
        tokio::time::timeout(Duration::from_secs(20), metrics.wait_processed(target))
            .await
            .map_err(|_| anyhow::anyhow!("the bot did not handle the story's updates within 20 s"))?;
        let flushed = metrics.processed();
        tokio::time::timeout(Duration::from_secs(10), metrics.wait_flushed(flushed))
            .await
            .map_err(|_| anyhow::anyhow!("the bot's writes were not committed within 10 s"))?;
        self.narrate_calls();
        Ok(())
    }

    /// Moves the world's and the scheduler's clocks, then runs the scheduler.
    async fn advance(&mut self, by: chrono::Duration) -> anyhow::Result<()> {
        self.clock.advance(by);
        self.fake.with(|w| w.now += by.num_seconds());
        let failed = self.hearth()?.tick().await;
        self.expect(failed.is_empty(), &format!("scheduler jobs {failed:?}"));
        self.settle().await
    }

    /// Seven days go by, a scheduler tick each; every day a few of
    /// `talkers` post (told as one line a day), one of them asks a question
    /// and another answers it.
    async fn week_of_chatter(&mut self, talkers: &[i64]) -> anyhow::Result<()> {
        let (lines, question, answer) = match self.lang {
            Lang::En => (
                [
                    "Morning! Frost tonight, cover the seedlings.",
                    "Look at these peppers 🌶",
                    "The seed swap is on Saturday.",
                    "Composting update: it finally smells like soil.",
                ],
                "Does anyone know when to plant garlic?",
                "October, a few weeks before the ground freezes.",
            ),
            Lang::Ru => (
                [
                    "Доброе утро! Ночью заморозки, укройте рассаду.",
                    "Смотрите, какие перцы 🌶",
                    "Обмен семенами в субботу.",
                    "Компост наконец-то пахнет землёй.",
                ],
                "Кто знает, когда сажать чеснок?",
                "В октябре, за пару недель до заморозков.",
            ),
        };
        let Some(&first) = talkers.first() else { return Ok(()) };
        let second = talkers.get(1).copied().unwrap_or(first);
        for day in 0..7usize {
            self.advance(chrono::Duration::days(1)).await?;
            // Most days, not every day: a lively but real community.
            let today: Vec<i64> = talkers
                .iter()
                .copied()
                .enumerate()
                .filter(|(i, _)| (day + i) % 3 != 2)
                .map(|(_, u)| u)
                .collect();
            let mut count = 0;
            for (i, user) in today.iter().enumerate() {
                self.fake.with(|w| {
                    w.now += 600;
                    w.say(GROUP, *user, lines[(day + i) % lines.len()])
                });
                count += 1;
            }
            if day == 1 {
                let asked = self.fake.with(|w| w.say(GROUP, first, question));
                self.fake.with(|w| {
                    w.now += 1800;
                    w.reply(GROUP, second, asked, answer)
                });
                count += 2;
            }
            let names: Vec<String> = today.iter().map(|u| self.name(*u)).collect();
            self.note(t!(self.lang, "demo-day-chatter", names = names.join(", "), count = count));
            self.settle().await?;
        }
        Ok(())
    }

    /// Calls made since the last narration.
    fn new_calls(&mut self) -> Vec<Call> {
        let calls = self.fake.calls();
        let fresh = calls.get(self.told..).map(<[Call]>::to_vec).unwrap_or_default();
        self.told = calls.len();
        fresh
    }

    /// Calls made since `mark` (a value of `self.told` taken earlier).
    fn calls_since(&self, mark: usize) -> Vec<Call> {
        self.fake.calls().get(mark..).map(<[Call]>::to_vec).unwrap_or_default()
    }

    fn narrate_calls(&mut self) {
        for call in self.new_calls() {
            if let Some(line) = self.describe(&call) {
                let line = format!("{} 🤖 {line}", self.stamp());
                self.line(line);
            }
        }
    }

    fn where_to(&self, chat: Option<i64>) -> String {
        match chat {
            Some(id) if id > 0 => t!(self.lang, "demo-to-dm", name = self.name(id)),
            Some(id) => self.fake.with(|w| w.chats.get(&id).map(|c| c.title.clone()).unwrap_or_default()),
            None => String::new(),
        }
    }

    /// One line for a Bot API call a reader cares about; `None` for plumbing
    /// (getUpdates, getChatAdministrators …).
    fn describe(&self, call: &Call) -> Option<String> {
        let lang = self.lang;
        if call.faulted {
            return None;
        }
        let visible = || sim::visible_text(call.text());
        let buttons = || {
            let b: Vec<String> = call.buttons().into_iter().map(|(label, _)| format!("[{label}]")).collect();
            if b.is_empty() { String::new() } else { format!("\n      {}", b.join(" ")) }
        };
        let user = || call.user_id().map(|u| self.name(u)).unwrap_or_default();
        Some(match call.method.as_str() {
            "sendMessage" => {
                format!("→ {}: {}{}", self.where_to(call.chat_id()), indent(&visible()), buttons())
            }
            "sendPhoto" => {
                t!(lang, "demo-sent-photo", to = self.where_to(call.chat_id()), caption = indent(&visible()))
            }
            "sendDocument" => t!(
                lang,
                "demo-sent-document",
                to = self.where_to(call.chat_id()),
                caption = indent(&visible())
            ),
            "editMessageText" => t!(lang, "demo-edited", text = indent(&visible())),
            "deleteMessage" => {
                let id = sim::world::num(&call.params["message_id"]).unwrap_or(0);
                let chat = call.chat_id().unwrap_or(0);
                let author =
                    self.fake.with(|w| w.messages.get(&(chat, id)).map(|m| (m.from_bot, m.from_user)));
                match author {
                    Some((false, Some(user))) => t!(lang, "demo-deleted", name = self.name(user)),
                    _ => t!(lang, "demo-deleted-own"),
                }
            }
            "restrictChatMember" => {
                let can_send = call.params["permissions"]["can_send_messages"] == Value::Bool(true);
                if can_send {
                    t!(lang, "demo-unrestricted", name = user())
                } else {
                    match sim::world::num(&call.params["until_date"]).filter(|u| *u > 0) {
                        Some(until) => {
                            let until = Utc.timestamp_opt(until, 0).single().unwrap_or_else(Utc::now);
                            t!(
                                lang,
                                "demo-muted-until",
                                name = user(),
                                until = until.format("%d.%m %H:%M").to_string()
                            )
                        }
                        None => t!(lang, "demo-restricted", name = user()),
                    }
                }
            }
            "banChatMember" => t!(lang, "demo-banned", name = user()),
            "unbanChatMember" => t!(lang, "demo-unbanned", name = user()),
            "answerCallbackQuery" => {
                let text = call.params["text"].as_str().unwrap_or("");
                if text.is_empty() {
                    return None;
                }
                t!(lang, "demo-toast", text = text)
            }
            "createChatInviteLink" => t!(lang, "demo-link-created"),
            _ => return None,
        })
    }

    // ---- what people do ---------------------------------------------------

    async fn say(&mut self, chat: i64, user: i64, text: &str) -> anyhow::Result<i64> {
        let where_ = if chat == user { t!(self.lang, "demo-in-dm") } else { String::new() };
        self.act(format!("{}{where_}: {}", self.name(user), indent(text)));
        let id = self.fake.with(|w| w.say(chat, user, text));
        self.settle().await?;
        Ok(id)
    }

    async fn reply(&mut self, user: i64, to: i64, text: &str) -> anyhow::Result<i64> {
        let to_name = self
            .fake
            .with(|w| w.messages.get(&(GROUP, to)).and_then(|m| m.from_user))
            .map(|u| self.name(u))
            .unwrap_or_default();
        self.act(t!(self.lang, "demo-replies", name = self.name(user), to = to_name, text = indent(text)));
        let id = self.fake.with(|w| w.reply(GROUP, user, to, text));
        self.settle().await?;
        Ok(id)
    }

    async fn join(&mut self, user: i64, link: Option<&str>) -> anyhow::Result<()> {
        let chat = self.group_title();
        let line = match link {
            Some(_) => t!(self.lang, "demo-joins-by-link", name = self.name(user), chat = chat),
            None => t!(self.lang, "demo-joins", name = self.name(user), chat = chat),
        };
        self.act(line);
        self.fake.with(|w| w.join(GROUP, user, link));
        self.settle().await
    }

    /// Presses the newest bot button in `chat` whose data starts with `prefix`.
    async fn press(&mut self, chat: i64, user: i64, prefix: &str) -> anyhow::Result<bool> {
        let Some((message_id, label, data)) = self.button(chat, prefix) else {
            self.expect(false, &format!("a button {prefix}… in chat {chat}"));
            return Ok(false);
        };
        self.act(t!(self.lang, "demo-presses", name = self.name(user), button = label));
        self.fake.with(|w| w.press(chat, message_id, user, &data));
        self.settle().await?;
        Ok(true)
    }

    /// Presses the button labelled `label` on the newest bot message in
    /// `chat` that has buttons starting with `prefix`.
    async fn press_label(&mut self, chat: i64, user: i64, prefix: &str, label: &str) -> anyhow::Result<bool> {
        let Some((message_id, _, _)) = self.button(chat, prefix) else {
            self.expect(false, &format!("a button {prefix}… in chat {chat}"));
            return Ok(false);
        };
        let data = self.fake.with(|w| {
            let m = w.messages.get(&(chat, message_id))?;
            let rows = m.markup["inline_keyboard"].as_array()?;
            rows.iter().filter_map(|r| r.as_array()).flatten().find_map(|b| {
                (b["text"].as_str() == Some(label)).then(|| b["callback_data"].as_str().map(str::to_owned))?
            })
        });
        let Some(data) = data else {
            self.expect(false, &format!("a button [{label}] in chat {chat}"));
            return Ok(false);
        };
        self.act(t!(self.lang, "demo-presses", name = self.name(user), button = label));
        self.fake.with(|w| w.press(chat, message_id, user, &data));
        self.settle().await?;
        Ok(true)
    }

    /// Presses, in a DM, the button whose label starts with `label` on the
    /// newest bot message with buttons starting with `prefix`.
    async fn press_label_prefix(&mut self, user: i64, prefix: &str, label: &str) -> anyhow::Result<bool> {
        let Some((message_id, _, _)) = self.button(user, prefix) else { return Ok(false) };
        let found = self.fake.with(|w| {
            let m = w.messages.get(&(user, message_id))?;
            let rows = m.markup["inline_keyboard"].as_array()?;
            rows.iter().filter_map(|r| r.as_array()).flatten().find_map(|b| {
                let text = b["text"].as_str()?;
                let data = b["callback_data"].as_str()?;
                text.starts_with(label).then(|| (text.to_owned(), data.to_owned()))
            })
        });
        let Some((text, data)) = found else { return Ok(false) };
        self.act(t!(self.lang, "demo-presses", name = self.name(user), button = text));
        self.fake.with(|w| w.press(user, message_id, user, &data));
        self.settle().await?;
        Ok(true)
    }

    /// Waits (bounded) until the nudge outbox has sent what it holds.
    async fn drain_nudges(&mut self) -> anyhow::Result<()> {
        for _ in 0..200 {
            let pending: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM nudge_outbox WHERE state IN ('queued', 'sending')")
                    .fetch_one(&self.hearth()?.ctx.db)
                    .await?;
            if pending == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        self.settle().await
    }

    /// The newest bot message in `chat` with a button whose data starts with
    /// `prefix`: its id, and the button's label and data.
    fn button(&self, chat: i64, prefix: &str) -> Option<(i64, String, String)> {
        self.fake.with(|w| {
            let mut mine: Vec<_> = w.messages.values().filter(|m| m.from_bot && m.chat_id == chat).collect();
            mine.sort_by_key(|m| std::cmp::Reverse(m.message_id));
            mine.into_iter().find_map(|m| {
                let rows = m.markup["inline_keyboard"].as_array()?;
                rows.iter().filter_map(|r| r.as_array()).flatten().find_map(|b| {
                    let data = b["callback_data"].as_str()?;
                    data.starts_with(prefix)
                        .then(|| (m.message_id, b["text"].as_str().unwrap_or("").to_owned(), data.to_owned()))
                })
            })
        })
    }

    /// Texts the bot sent to `chat` since `mark`.
    fn sent_since(&self, mark: usize, chat: i64) -> Vec<String> {
        self.calls_since(mark)
            .into_iter()
            .filter(|c| matches!(c.method.as_str(), "sendMessage" | "sendPhoto" | "sendDocument"))
            .filter(|c| c.chat_id() == Some(chat))
            .map(|c| sim::visible_text(c.text()))
            .collect()
    }

    fn deleted_since(&self, mark: usize, message_id: i64) -> bool {
        self.calls_since(mark).iter().any(|c| {
            c.method == "deleteMessage" && sim::world::num(&c.params["message_id"]) == Some(message_id)
        })
    }

    fn called_since(&self, mark: usize, method: &str, user: i64) -> bool {
        self.calls_since(mark).iter().any(|c| c.method == method && c.user_id() == Some(user))
    }
}

/// Multi-line texts are indented under their line in the transcript.
fn indent(text: &str) -> String {
    text.trim_end().replace('\n', "\n      ")
}

macro_rules! chapter {
    ($name:ident, |$stage:ident, $chart:ident| $body:block) => {
        fn $name<'a>(
            $stage: &'a mut Stage,
            $chart: &'a Path,
        ) -> futures::future::BoxFuture<'a, anyhow::Result<()>> {
            Box::pin(async move {
                let _ = &$chart;
                $body
            })
        }
    };
}

chapter!(chapter_welcome, |s, chart| {
    s.say(GROUP, OLGA, "/addlink Events calendar | https://example.com/events").await?;
    let mark = s.told;
    s.join(ALICE, None).await?;
    let alice = s.name(ALICE);
    let welcomed = s.sent_since(mark, GROUP).iter().any(|t| t.contains(&alice));
    s.expect(welcomed, "Alice is welcomed by name");
    s.expect(
        s.called_since(mark, "restrictChatMember", ALICE),
        "Alice is read-only until she accepts the rules",
    );
    let mark = s.told;
    s.join(CHEN, None).await?;
    let chen = s.name(CHEN);
    s.expect(s.sent_since(mark, GROUP).iter().any(|t| t.contains(&chen)), "Chen is welcomed by name");
    s.join(DANA, None).await?;
    s.press(GROUP, DANA, &format!("onb:acc:{DANA}")).await?;
    s.say(DANA, DANA, "/start").await?;
    Ok(())
});

chapter!(chapter_introduction, |s, chart| {
    let mark = s.told;
    s.press(GROUP, ALICE, &format!("onb:acc:{ALICE}")).await?;
    s.expect(s.called_since(mark, "restrictChatMember", ALICE), "the rules gate lifts for Alice");
    s.say(ALICE, ALICE, &format!("/start onb_{GROUP}")).await?;
    s.press(ALICE, ALICE, &format!("onb:goal:{GROUP}:")).await?;
    let mark = s.told;
    let intro = match s.lang {
        Lang::En => "I grow tomatoes on a balcony and want to learn composting.",
        Lang::Ru => "Выращиваю помидоры на балконе, хочу научиться компостировать.",
    };
    s.say(ALICE, ALICE, intro).await?;
    s.expect(
        s.sent_since(mark, GROUP).iter().any(|t| t.contains(intro)),
        "the introduction is posted to the group",
    );
    Ok(())
});

chapter!(chapter_moderation, |s, chart| {
    s.say(GROUP, OLGA, "/set warn_limit 2").await?;
    let (filter, spam) = match s.lang {
        Lang::En => {
            ("/filter casino warn", ["Hot casino bonuses, write me!", "CASINO casino — last chance!"])
        }
        Lang::Ru => {
            ("/filter казино warn", ["Бонусы в казино, пишите в личку!", "КАЗИНО казино — последний шанс!"])
        }
    };
    s.say(GROUP, OLGA, filter).await?;
    s.join(BORIS, None).await?;
    s.press(GROUP, BORIS, &format!("onb:acc:{BORIS}")).await?;
    let mark = s.told;
    let first = s.say(GROUP, BORIS, spam[0]).await?;
    s.expect(s.deleted_since(mark, first), "the filtered message is deleted");
    let mark = s.told;
    let second = s.say(GROUP, BORIS, spam[1]).await?;
    s.expect(s.deleted_since(mark, second), "the second filtered message is deleted");
    let muted = s.calls_since(mark).iter().any(|c| {
        c.method == "restrictChatMember"
            && c.user_id() == Some(BORIS)
            && c.params["permissions"]["can_send_messages"] != Value::Bool(true)
    });
    s.expect(muted, "the second warning reaches the limit and Boris is muted");
    s.say(GROUP, OLGA, "/modlog").await?;
    Ok(())
});

chapter!(chapter_nps, |s, chart| {
    let mark = s.told;
    s.say(GROUP, OLGA, "/nps").await?;
    s.expect(s.button(GROUP, "nps:").is_some(), "the poll has score buttons");
    for (user, score) in [(ALICE, "9"), (CHEN, "10"), (DANA, "7"), (OLGA, "10")] {
        s.press_label(GROUP, user, "nps:", score).await?;
    }
    let reason = match s.lang {
        Lang::En => "People answer each other's questions here, kindly.",
        Lang::Ru => "Здесь отвечают на вопросы друг друга, по-доброму.",
    };
    s.say(ALICE, ALICE, reason).await?;
    s.say(GROUP, OLGA, "/npsclose").await?;
    let results = s.sent_since(mark, GROUP).into_iter().any(|t| t.contains("NPS"));
    s.expect(results, "the results are posted with the NPS");
    Ok(())
});

chapter!(chapter_referral, |s, chart| {
    s.press(GROUP, CHEN, &format!("onb:acc:{CHEN}")).await?;
    let mark = s.told;
    s.say(GROUP, CHEN, "/invite").await?;
    let link = s.fake.with(|w| w.invite_links.last().map(|l| l.url.clone()));
    s.expect(
        link.is_some() && s.calls_since(mark).iter().any(|c| c.method == "createChatInviteLink"),
        "Chen gets a personal invite link",
    );
    let Some(link) = link else { return Ok(()) };
    s.join(EVE, Some(&link)).await?;
    s.press(GROUP, EVE, &format!("onb:acc:{EVE}")).await?;
    let hello = match s.lang {
        Lang::En => "Hi all! Chen told me about this place.",
        Lang::Ru => "Всем привет! Мне про вас рассказал Чэнь.",
    };
    let hello_id = s.say(GROUP, EVE, hello).await?;
    let (welcome, thanks) = match s.lang {
        Lang::En => ("Welcome, Eve! The composting thread is a good start.", "Thank you, Alice!"),
        Lang::Ru => ("Привет, Ева! Начни с ветки про компост.", "Спасибо, Алиса!"),
    };
    let tip = s.reply(ALICE, hello_id, welcome).await?;
    s.reply(EVE, tip, thanks).await?;
    let mark = s.told;
    s.week_of_chatter(&[ALICE, CHEN, EVE]).await?;
    let paid: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM points_ledger WHERE chat_id = ? AND reason IN ('referral_referrer', 'referral_newcomer')",
    )
    .bind(GROUP)
    .fetch_one(&s.hearth()?.ctx.db)
    .await?;
    s.expect(paid == 2, "both Chen and Eve are rewarded once Eve qualifies");
    s.expect(!s.sent_since(mark, GROUP).is_empty(), "the group hears about the reward");
    Ok(())
});

chapter!(chapter_nudge, |s, chart| {
    let mark = s.told;
    s.week_of_chatter(&[CHEN, EVE, ALICE]).await?;
    // Nudges go out through a paced outbox, not from the tick itself.
    s.drain_nudges().await?;
    let nudged: Vec<i64> = [DANA, ALICE, CHEN, EVE]
        .into_iter()
        .filter(|u| s.button(*u, "ndg:").is_some() && !s.sent_since(mark, *u).is_empty())
        .collect();
    s.expect(!nudged.is_empty(), "a member silent for two weeks gets a personal message with a survey");
    if let Some(&member) = nudged.first() {
        let answered = s.press_label_prefix(member, "ndg:", "🧭").await?;
        s.expect(answered, "the quiet member answers the one-tap survey");
    }
    Ok(())
});

chapter!(chapter_stats, |s, chart| {
    let mark = s.told;
    s.say(GROUP, OLGA, "/stats").await?;
    let photo = s
        .calls_since(mark)
        .into_iter()
        .find(|c| c.method == "sendPhoto" && !c.faulted)
        .and_then(|c| c.files.get("photo").cloned());
    s.expect(photo.as_ref().is_some_and(|p| p.starts_with(b"\x89PNG")), "/stats sends a chart");
    if let Some(png) = photo {
        std::fs::write(chart, png)?;
        s.report.chart = Some(chart.to_path_buf());
    }
    Ok(())
});
