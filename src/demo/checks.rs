//! Step checking: a step's expected effect (a failure in the transcript and
//! the report when absent), and the questions steps ask of what the bot did
//! since a mark (its calls, texts, deletions, buttons).

use super::Stage;
use crate::{
    sim::{self, Call},
    t,
};

impl Stage {
    /// A step's expected effect: recorded as a failure when absent.
    pub(super) fn expect(&mut self, ok: bool, what: &str) {
        if !ok {
            let line = format!("   ✗ {}", t!(self.lang, "demo-step-failed", what = what));
            self.line(line);
            self.report.failures.push(what.to_owned());
        }
    }

    /// Calls made since `mark` (a value of `self.told` taken earlier).
    pub(super) fn calls_since(&self, mark: usize) -> Vec<Call> {
        self.fake.calls().get(mark..).map(<[Call]>::to_vec).unwrap_or_default()
    }

    /// The newest bot message in `chat` with a button whose data starts with
    /// `prefix`: its id, and the button's label and data.
    pub(super) fn button(&self, chat: i64, prefix: &str) -> Option<(i64, String, String)> {
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
    pub(super) fn sent_since(&self, mark: usize, chat: i64) -> Vec<String> {
        self.calls_since(mark)
            .into_iter()
            .filter(|c| matches!(c.method.as_str(), "sendMessage" | "sendPhoto" | "sendDocument"))
            .filter(|c| c.chat_id() == Some(chat))
            .map(|c| sim::visible_text(c.text()))
            .collect()
    }

    pub(super) fn deleted_since(&self, mark: usize, message_id: i64) -> bool {
        self.calls_since(mark).iter().any(|c| {
            c.method == "deleteMessage" && sim::world::num(&c.params["message_id"]) == Some(message_id)
        })
    }

    pub(super) fn called_since(&self, mark: usize, method: &str, user: i64) -> bool {
        self.calls_since(mark).iter().any(|c| c.method == method && c.user_id() == Some(user))
    }
}
