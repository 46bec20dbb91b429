//! How the calendar writes things: recurrences in words, moments in the
//! chat's time zone, previews, and the answer to each kind of bad input.

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;

use super::logic::{LocalTime, Nth, ParseError, Recurrence, weekday_code};
use crate::{i18n::Lang, t, telegram::html};

/// `2026-12-24 18:00 (thu)`, `(чт)` in Russian, in the chat's time zone.
pub fn local(at: DateTime<Utc>, tz: Tz, lang: Lang) -> String {
    let local = at.with_timezone(&tz);
    let day = crate::i18n::named(lang, "weekday-short", weekday_code(local.weekday()));
    format!("{} ({day})", local.format("%Y-%m-%d %H:%M"))
}

/// "every Friday at 18:00", "ежемесячно: последняя пятница, 17:00" …
pub fn describe(lang: Lang, rec: &Recurrence) -> String {
    let time = rec.time().format("%H:%M").to_string();
    let day_name = |d| crate::i18n::named(lang, "weekday", weekday_code(d));
    match rec {
        Recurrence::Once(at) => {
            t!(lang, "calendar-rec-once", date = at.date().format("%Y-%m-%d").to_string(), time = time)
        }
        Recurrence::Daily(_) => t!(lang, "calendar-rec-daily", time = time),
        Recurrence::Weekly(d, _) => t!(lang, "calendar-rec-weekly", dayname = day_name(*d), time = time),
        Recurrence::Monthly(n, d, _) => {
            let nth = match n {
                Nth::First => "first",
                Nth::Second => "second",
                Nth::Third => "third",
                Nth::Fourth => "fourth",
                Nth::Last => "last",
            };
            t!(
                lang,
                "calendar-rec-monthly",
                nth = nth,
                day = weekday_code(*d),
                dayname = day_name(*d),
                time = time
            )
        }
    }
}

/// The first words of a post, as plain text, escaped.
pub fn preview(body_html: &str) -> String {
    let plain = html::to_plain(body_html).split_whitespace().collect::<Vec<_>>().join(" ");
    html::escape(&html::truncate(&plain, 48))
}

/// The answer to a `/schedule` or `/unschedule` that could not be read:
/// what was wrong, then the forms with examples.
pub fn parse_error(lang: Lang, err: &ParseError) -> String {
    let word = |w: &str| html::escape(&html::truncate(w, 40));
    let first = match err {
        ParseError::Usage => None,
        ParseError::Weekday(w) => Some(t!(lang, "calendar-bad-weekday", word = word(w))),
        ParseError::Time(w) => Some(t!(lang, "calendar-bad-time", word = word(w))),
        ParseError::Date(w) => Some(t!(lang, "calendar-bad-date", word = word(w))),
        ParseError::Template(w) => Some(t!(lang, "calendar-bad-template", word = word(w))),
        ParseError::Number(w) => Some(t!(lang, "calendar-bad-number", word = word(w))),
    };
    with_usage(lang, first)
}

/// A one-off refused for its wall time in a DST change of `tz`.
pub fn local_time_problem(lang: Lang, when: &Recurrence, problem: LocalTime, tz: Tz) -> String {
    let (when, tz) = (describe(lang, when), tz.name());
    match problem {
        LocalTime::Gap => t!(lang, "calendar-dst-gap", when = when, tz = tz),
        LocalTime::Twice => t!(lang, "calendar-dst-twice", when = when, tz = tz),
    }
}

/// `first` (if any), then the forms of `/schedule` with examples.
pub fn with_usage(lang: Lang, first: Option<String>) -> String {
    let usage = t!(lang, "calendar-usage");
    match first {
        Some(first) => format!("{first}\n\n{usage}"),
        None => usage,
    }
}
