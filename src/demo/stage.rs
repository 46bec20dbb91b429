//! Setting the stage (the simulated world with the cast in it, the bot
//! running against it), keeping the bot and the clocks in step, and what
//! people do on it (say, reply, join, press a button): each waits until the
//! bot has handled it and narrates what the bot did.

use std::{path::Path, sync::Arc, time::Duration};

use super::{ALICE, BORIS, CHEN, DANA, EVE, GROUP, OLGA, Report, Stage, start_time, transcript::indent};
use crate::{app::Hearth, clock::ManualClock, i18n::Lang, sim::FakeTelegram, t};

impl Stage {
    /// `dashboard`: the port to serve the dashboard on, on 127.0.0.1.
    pub(super) async fn open(
        lang: Lang,
        db_path: &Path,
        echo: bool,
        dashboard: Option<u16>,
    ) -> anyhow::Result<Stage> {
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
        let db_url = format!("sqlite://{}", db_path.display());
        // Time is compressed: Telegram's pacing would only make the reader wait.
        let mut config = fake.bot_config(&db_url, 86_400, 1000)?;
        config.default_lang = lang;
        if let Some(port) = dashboard {
            config.listen = Some(std::net::SocketAddr::from(([127, 0, 0, 1], port)));
            // Only the cookie's flags read it here (http: SameSite=Lax, not Secure).
            config.public_url = Some(url::Url::parse("http://127.0.0.1")?);
        }
        let clock = Arc::new(ManualClock::new(now));
        let hearth = Hearth::start(config, clock.clone()).await?;
        let told = fake.calls().len();
        Ok(Stage { lang, fake, clock, hearth: Some(hearth), told, echo, report: Report::default() })
    }

    pub(super) fn hearth(&self) -> anyhow::Result<&Hearth> {
        self.hearth.as_ref().ok_or_else(|| anyhow::anyhow!("the bot is not running"))
    }

    pub(super) fn group_title(&self) -> String {
        self.fake.with(|w| w.chats.get(&GROUP).map(|c| c.title.clone()).unwrap_or_default())
    }

    pub(super) fn name(&self, user_id: i64) -> String {
        self.fake.with(|w| w.users.get(&user_id).map(|u| u.first_name.clone()).unwrap_or_default())
    }

    /// Waits until the bot has handled every update, then narrates its calls.
    pub(super) async fn settle(&mut self) -> anyhow::Result<()> {
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
    pub(super) async fn advance(&mut self, by: chrono::Duration) -> anyhow::Result<()> {
        self.clock.advance(by);
        self.fake.with(|w| w.now += by.num_seconds());
        let failed = self.hearth()?.tick().await;
        self.expect(failed.is_empty(), &format!("scheduler jobs {failed:?}"));
        self.settle().await
    }

    /// Waits (bounded) until the nudge outbox has sent what it holds.
    pub(super) async fn drain_nudges(&mut self) -> anyhow::Result<()> {
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

    // ---- what people do ---------------------------------------------------

    pub(super) async fn say(&mut self, chat: i64, user: i64, text: &str) -> anyhow::Result<i64> {
        let where_ = if chat == user { t!(self.lang, "demo-in-dm") } else { String::new() };
        self.act(format!("{}{where_}: {}", self.name(user), indent(text)));
        let id = self.fake.with(|w| w.say(chat, user, text));
        self.settle().await?;
        Ok(id)
    }

    pub(super) async fn reply(&mut self, user: i64, to: i64, text: &str) -> anyhow::Result<i64> {
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

    pub(super) async fn join(&mut self, user: i64, link: Option<&str>) -> anyhow::Result<()> {
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
    pub(super) async fn press(&mut self, chat: i64, user: i64, prefix: &str) -> anyhow::Result<bool> {
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
    pub(super) async fn press_label(
        &mut self,
        chat: i64,
        user: i64,
        prefix: &str,
        label: &str,
    ) -> anyhow::Result<bool> {
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
    pub(super) async fn press_label_prefix(
        &mut self,
        user: i64,
        prefix: &str,
        label: &str,
    ) -> anyhow::Result<bool> {
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
}
