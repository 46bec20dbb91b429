//! Moderation's shared wording: times, a member's name, the reason line, and
//! what a sanction did.

use chrono::{DateTime, Duration, Utc};

use super::logic::{self, Sanction, Span};
use crate::{i18n::Lang, t, telegram::html};

pub(super) fn fmt_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// `text`, then "Reason: …" on its own line when there is one.
pub(super) fn with_reason(lang: Lang, mut text: String, reason: Option<&str>) -> String {
    if let Some(reason) = reason {
        text.push('\n');
        text.push_str(&t!(lang, "mod-reason", reason = html::escape(reason)));
    }
    text
}

/// "Name is muted until …", "Name is banned", "Name can talk again" …
pub(super) fn sanctioned(lang: Lang, sanction: Sanction, name: &str, until: Option<DateTime<Utc>>) -> String {
    match (sanction, until) {
        (Sanction::Mute, Some(u)) => t!(lang, "mod-muted-until", name = name, until = fmt_time(u)),
        (Sanction::Mute, None) => t!(lang, "mod-muted-forever", name = name),
        (Sanction::Ban, Some(u)) => t!(lang, "mod-banned-until", name = name, until = fmt_time(u)),
        (Sanction::Ban, None) => t!(lang, "mod-banned-forever", name = name),
        (Sanction::Kick, _) => t!(lang, "mod-kicked", name = name),
        (Sanction::Unmute, _) => t!(lang, "mod-unmuted", name = name),
        (Sanction::Unban, _) => t!(lang, "mod-unbanned", name = name),
    }
}

/// "1 hour", "30 minutes", "2 days" (plural-aware).
pub(super) fn span(lang: Lang, d: Duration) -> String {
    match logic::span(d) {
        Span::Minutes(n) => t!(lang, "mod-span-minutes", count = n),
        Span::Hours(n) => t!(lang, "mod-span-hours", count = n),
        Span::Days(n) => t!(lang, "mod-span-days", count = n),
        Span::Weeks(n) => t!(lang, "mod-span-weeks", count = n),
    }
}
