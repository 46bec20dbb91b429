//! The transcript: lines printed as the story goes (when echoing) and kept
//! in the report — chapter headings, what people do, time passing, and one
//! line for each Bot API call a reader cares about.

use chrono::{TimeZone, Utc};
use serde_json::Value;

use super::{Stage, start_time};
use crate::{
    sim::{self, Call},
    t,
};

impl Stage {
    pub(super) fn line(&mut self, text: String) {
        if self.echo {
            println!("{text}");
        }
        self.report.transcript.push_str(&text);
        self.report.transcript.push('\n');
    }

    pub(super) fn heading(&mut self, n: usize, id: &str) {
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
    pub(super) fn act(&mut self, text: String) {
        self.clock.advance(chrono::Duration::minutes(1));
        self.fake.with(|w| w.now += 60);
        let line = format!("{} 👤 {text}", self.stamp());
        self.line(line);
    }

    pub(super) fn note(&mut self, text: String) {
        let line = format!("{} ⏩ {text}", self.stamp());
        self.line(line);
    }

    /// Calls made since the last narration.
    fn new_calls(&mut self) -> Vec<Call> {
        let calls = self.fake.calls();
        let fresh = calls.get(self.told..).map(<[Call]>::to_vec).unwrap_or_default();
        self.told = calls.len();
        fresh
    }

    pub(super) fn narrate_calls(&mut self) {
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
}

/// Multi-line texts are indented under their line in the transcript.
pub(super) fn indent(text: &str) -> String {
    text.trim_end().replace('\n', "\n      ")
}
