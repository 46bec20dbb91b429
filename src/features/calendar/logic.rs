//! Pure rules of the content calendar: the `/schedule` grammar, the
//! recurrences (one-off, daily, weekly, the n-th or last weekday of a month)
//! in their stored words, the next occurrence in a time zone (DST gaps and
//! overlaps included), and what a tick does with occurrences it finds due.

use chrono::{
    DateTime, Datelike, Days, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday,
};
use chrono_tz::Tz;

use crate::settings::parse_hhmm;

/// Which weekday of the month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nth {
    First,
    Second,
    Third,
    Fourth,
    Last,
}

impl Nth {
    pub fn as_str(self) -> &'static str {
        match self {
            Nth::First => "1",
            Nth::Second => "2",
            Nth::Third => "3",
            Nth::Fourth => "4",
            Nth::Last => "last",
        }
    }

    fn parse(word: &str) -> Option<Nth> {
        Some(match word.to_lowercase().as_str() {
            "1" | "1st" | "first" | "1-й" | "1-я" | "1-е" | "первый" | "первую" | "первое" => {
                Nth::First
            }
            "2" | "2nd" | "second" | "2-й" | "2-я" | "2-е" | "второй" | "вторую" | "второе" => {
                Nth::Second
            }
            "3" | "3rd" | "third" | "3-й" | "3-я" | "3-е" | "третий" | "третью" | "третье" => {
                Nth::Third
            }
            "4" | "4th" | "fourth" | "4-й" | "4-я" | "4-е" | "четвёртый" | "четвертый" | "четвёртую"
            | "четвертую" | "четвёртое" | "четвертое" => Nth::Fourth,
            "last" | "последний" | "последнюю" | "последнее" | "последняя" => {
                Nth::Last
            }
            _ => return None,
        })
    }

    /// Whether `day` is this weekday-of-the-month (its weekday checked apart).
    fn holds(self, day: NaiveDate) -> bool {
        match self {
            Nth::First => day.day() <= 7,
            Nth::Second => (8..=14).contains(&day.day()),
            Nth::Third => (15..=21).contains(&day.day()),
            Nth::Fourth => (22..=28).contains(&day.day()),
            Nth::Last => (day + Days::new(7)).month() != day.month(),
        }
    }
}

/// When a scheduled post goes out, in the chat's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recurrence {
    Once(NaiveDateTime),
    Daily(NaiveTime),
    Weekly(Weekday, NaiveTime),
    Monthly(Nth, Weekday, NaiveTime),
}

/// The three-letter English name, as stored and shown in examples.
pub fn weekday_code(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "mon",
        Weekday::Tue => "tue",
        Weekday::Wed => "wed",
        Weekday::Thu => "thu",
        Weekday::Fri => "fri",
        Weekday::Sat => "sat",
        Weekday::Sun => "sun",
    }
}

/// A weekday in English or Russian, short or full (also "каждую пятницу").
pub fn parse_weekday(word: &str) -> Option<Weekday> {
    Some(match word.to_lowercase().trim_end_matches('.') {
        "mon" | "monday" | "пн" | "пон" | "понедельник" => Weekday::Mon,
        "tue" | "tues" | "tuesday" | "вт" | "вторник" => Weekday::Tue,
        "wed" | "wednesday" | "ср" | "среда" | "среду" => Weekday::Wed,
        "thu" | "thur" | "thurs" | "thursday" | "чт" | "четверг" => Weekday::Thu,
        "fri" | "friday" | "пт" | "пятница" | "пятницу" => Weekday::Fri,
        "sat" | "saturday" | "сб" | "суббота" | "субботу" => Weekday::Sat,
        "sun" | "sunday" | "вс" | "воскресенье" => Weekday::Sun,
        _ => return None,
    })
}

impl Recurrence {
    /// The stored words: `once 2026-12-24 18:00`, `daily 09:00`,
    /// `weekly fri 18:00`, `monthly 1 mon 10:00`, `monthly last mon 10:00`.
    pub fn canonical(&self) -> String {
        match self {
            Recurrence::Once(at) => format!("once {}", at.format("%Y-%m-%d %H:%M")),
            Recurrence::Daily(t) => format!("daily {}", t.format("%H:%M")),
            Recurrence::Weekly(d, t) => format!("weekly {} {}", weekday_code(*d), t.format("%H:%M")),
            Recurrence::Monthly(n, d, t) => {
                format!("monthly {} {} {}", n.as_str(), weekday_code(*d), t.format("%H:%M"))
            }
        }
    }

    /// Reads the stored words back (`None` for anything `canonical` would not write).
    pub fn from_canonical(raw: &str) -> Option<Recurrence> {
        let words: Vec<&str> = raw.split_whitespace().collect();
        let time = |w: &str| parse_hhmm(w).ok();
        Some(match words.as_slice() {
            ["once", date, t] => {
                Recurrence::Once(NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?.and_time(time(t)?))
            }
            ["daily", t] => Recurrence::Daily(time(t)?),
            ["weekly", d, t] => Recurrence::Weekly(parse_weekday(d)?, time(t)?),
            ["monthly", n, d, t] => Recurrence::Monthly(Nth::parse(n)?, parse_weekday(d)?, time(t)?),
            _ => return None,
        })
    }

    pub fn is_recurring(&self) -> bool {
        !matches!(self, Recurrence::Once(_))
    }

    pub fn time(&self) -> NaiveTime {
        match self {
            Recurrence::Once(at) => at.time(),
            Recurrence::Daily(t) | Recurrence::Weekly(_, t) | Recurrence::Monthly(_, _, t) => *t,
        }
    }

    fn falls_on(&self, day: NaiveDate) -> bool {
        match self {
            Recurrence::Once(at) => at.date() == day,
            Recurrence::Daily(_) => true,
            Recurrence::Weekly(d, _) => day.weekday() == *d,
            Recurrence::Monthly(n, d, _) => day.weekday() == *d && n.holds(day),
        }
    }

    /// The first occurrence strictly after `after`, in `tz`; `None` when
    /// there is none (a one-off in the past).
    pub fn next_after(&self, tz: Tz, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if let Recurrence::Once(at) = self {
            return resolve(tz, *at).filter(|t| *t > after);
        }
        // From the day before (local dates lag or lead UTC) through a bit
        // over a year: every monthly rule falls at least once in it.
        let start = after.with_timezone(&tz).date_naive().pred_opt()?;
        (0..400u64)
            .filter_map(|i| start.checked_add_days(Days::new(i)))
            .filter(|day| self.falls_on(*day))
            .filter_map(|day| resolve(tz, day.and_time(self.time())))
            .find(|t| *t > after)
    }
}

/// Why a one-off's wall time cannot stand in its time zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocalTime {
    /// Skipped: the clocks jump over it (spring forward).
    Gap,
    /// Twice: the clocks go back over it (fall back).
    Twice,
}

impl Recurrence {
    /// A one-off in a DST gap or overlap of `tz` is refused (which of the
    /// two 02:30s, or a time that never comes?); a recurring post takes the
    /// earlier moment, or the same wall time after the jump, on those days.
    pub fn local_time_problem(&self, tz: Tz) -> Option<LocalTime> {
        let Recurrence::Once(at) = self else { return None };
        match tz.from_local_datetime(at) {
            chrono::LocalResult::Single(_) => None,
            chrono::LocalResult::Ambiguous(..) => Some(LocalTime::Twice),
            chrono::LocalResult::None => Some(LocalTime::Gap),
        }
    }
}

/// A local time as a moment: in a DST overlap the earlier of the two, in a
/// DST gap the same wall time after the clocks moved on (02:30 → 03:30).
fn resolve(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    (0..=3)
        .find_map(|h| tz.from_local_datetime(&(local + Duration::hours(h))).earliest())
        .map(|t| t.with_timezone(&Utc))
}

/// What to do with an occurrence found due at `now`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    Post,
    /// Missed by more than the grace (the bot was down): recorded, not posted.
    Skip,
}

pub fn decide(occurrence: DateTime<Utc>, now: DateTime<Utc>, grace: Duration) -> Due {
    if now - occurrence <= grace { Due::Post } else { Due::Skip }
}

/// The most occurrences one schedule works through in a tick (a daily post
/// after a year down is 365 skips, over four ticks); the rest wait for the
/// next tick.
pub const MAX_STEPS: usize = 100;

/// Scheduled posts a chat may have at once (removed and finished ones aside):
/// more is a spam schedule, not a calendar.
pub const MAX_SCHEDULES: i64 = 50;

/// The occurrences found due at `now`, each with what to do, and the next
/// occurrence after them (`None`: no more).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuePlan {
    pub occurrences: Vec<(DateTime<Utc>, Due)>,
    pub next: Option<DateTime<Utc>>,
}

/// The occurrences of a schedule due at `now`, from `next` on. Of several
/// due at once only the latest may go out (late, within the grace): the
/// chat gets one post, not a burst of the same one.
pub fn due_occurrences(
    rec: &Recurrence,
    tz: Tz,
    next: DateTime<Utc>,
    now: DateTime<Utc>,
    grace: Duration,
) -> DuePlan {
    let mut found = Vec::new();
    let mut at = Some(next);
    while let Some(occ) = at.filter(|t| *t <= now && found.len() < MAX_STEPS) {
        found.push(occ);
        at = rec.next_after(tz, occ);
    }
    let more_due = at.is_some_and(|t| t <= now);
    let last = found.len().saturating_sub(1);
    let occurrences = found
        .into_iter()
        .enumerate()
        .map(|(i, occ)| {
            let latest = i == last && !more_due;
            (occ, if latest { decide(occ, now, grace) } else { Due::Skip })
        })
        .collect();
    DuePlan { occurrences, next: at }
}

/// A built-in rubric: its key, the locale key of its text, its recurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Template {
    pub key: &'static str,
    pub text_key: &'static str,
    pub recurrence: &'static str,
}

pub const TEMPLATES: &[Template] = &[
    Template {
        key: "friday-question",
        text_key: "calendar-template-friday-question",
        recurrence: "weekly fri 18:00",
    },
    Template {
        key: "monday-wins",
        text_key: "calendar-template-monday-wins",
        recurrence: "weekly mon 10:00",
    },
    Template {
        key: "wednesday-case",
        text_key: "calendar-template-wednesday-case",
        recurrence: "weekly wed 12:00",
    },
    Template { key: "theme-week", text_key: "calendar-template-theme-week", recurrence: "weekly mon 09:00" },
    Template {
        key: "monthly-review",
        text_key: "calendar-template-monthly-review",
        recurrence: "monthly last fri 17:00",
    },
];

pub fn template(key: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.key.eq_ignore_ascii_case(key.trim()))
}

/// What `/schedule …` asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    List,
    Templates,
    /// A new post; `text` may be empty (then the replied-to message is the post).
    Add {
        pin: bool,
        when: Recurrence,
        text: String,
    },
    Template {
        pin: bool,
        template: &'static Template,
        when: Option<Recurrence>,
    },
    Edit {
        number: i64,
        text: String,
    },
    Pause(i64),
    Resume(i64),
}

/// Why `/schedule`'s arguments were refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("not a /schedule form")]
    Usage,
    #[error("unknown weekday {0:?}")]
    Weekday(String),
    #[error("not a time {0:?}")]
    Time(String),
    #[error("not a date {0:?}")]
    Date(String),
    #[error("unknown template {0:?}")]
    Template(String),
    #[error("not a number {0:?}")]
    Number(String),
}

/// The first word and the rest (its own spacing and line breaks kept).
fn split_word(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start();
    if s.is_empty() {
        return None;
    }
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    Some((&s[..end], s[end..].trim_start()))
}

fn is_every(word: &str) -> bool {
    matches!(word.to_lowercase().as_str(), "every" | "каждый" | "каждую" | "каждое" | "каждые")
}

fn is_daily(word: &str) -> bool {
    matches!(word.to_lowercase().as_str(), "daily" | "ежедневно")
}

fn time_word<'a>(word: Option<(&str, &'a str)>) -> Result<(NaiveTime, &'a str), ParseError> {
    let (w, rest) = word.ok_or(ParseError::Usage)?;
    parse_hhmm(w).map(|t| (t, rest)).map_err(|_| ParseError::Time(w.to_owned()))
}

fn parse_date(word: &str) -> Result<NaiveDate, ParseError> {
    NaiveDate::parse_from_str(word, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(word, "%d.%m.%Y"))
        .map_err(|_| ParseError::Date(word.to_owned()))
}

/// A recurrence at the start of `s`, and what follows it.
pub fn parse_when(s: &str) -> Result<(Recurrence, &str), ParseError> {
    let (first, rest) = split_word(s).ok_or(ParseError::Usage)?;
    if first.starts_with(|c: char| c.is_ascii_digit()) {
        let date = parse_date(first)?;
        let (time, rest) = time_word(split_word(rest))?;
        return Ok((Recurrence::Once(date.and_time(time)), rest));
    }
    if is_daily(first) {
        let (time, rest) = time_word(split_word(rest))?;
        return Ok((Recurrence::Daily(time), rest));
    }
    if !is_every(first) {
        return Err(ParseError::Usage);
    }
    let (word, rest) = split_word(rest).ok_or(ParseError::Usage)?;
    if matches!(word.to_lowercase().as_str(), "day" | "день") {
        let (time, rest) = time_word(split_word(rest))?;
        return Ok((Recurrence::Daily(time), rest));
    }
    if let Some(nth) = Nth::parse(word) {
        let (day, rest) = split_word(rest).ok_or(ParseError::Usage)?;
        let day = parse_weekday(day).ok_or_else(|| ParseError::Weekday(day.to_owned()))?;
        let (time, rest) = time_word(split_word(rest))?;
        return Ok((Recurrence::Monthly(nth, day, time), rest));
    }
    let day = parse_weekday(word).ok_or_else(|| ParseError::Weekday(word.to_owned()))?;
    let (time, rest) = time_word(split_word(rest))?;
    Ok((Recurrence::Weekly(day, time), rest))
}

fn number<'a>(word: Option<(&str, &'a str)>) -> Result<(i64, &'a str), ParseError> {
    let (w, rest) = word.ok_or(ParseError::Usage)?;
    let n = w.trim_start_matches('#').parse::<i64>().ok().filter(|n| *n > 0);
    n.map(|n| (n, rest)).ok_or_else(|| ParseError::Number(w.to_owned()))
}

/// `/unschedule <n>`'s argument.
pub fn parse_number(args: &str) -> Result<i64, ParseError> {
    match number(split_word(args))? {
        (n, "") => Ok(n),
        _ => Err(ParseError::Usage),
    }
}

/// `/schedule`'s arguments. `pin` comes first when wanted:
/// `/schedule pin every fri 18:00 Text`.
pub fn parse_request(args: &str) -> Result<Request, ParseError> {
    let (pin, args) = match split_word(args) {
        Some((w, rest)) if w.eq_ignore_ascii_case("pin") => (true, rest),
        _ => (false, args.trim()),
    };
    let Some((first, rest)) = split_word(args) else {
        return if pin { Err(ParseError::Usage) } else { Ok(Request::List) };
    };
    let plain = !pin;
    match first.to_lowercase().as_str() {
        "templates" if plain && rest.is_empty() => Ok(Request::Templates),
        "template" => {
            let (key, rest) = split_word(rest).ok_or(ParseError::Usage)?;
            let template = template(key).ok_or_else(|| ParseError::Template(key.to_owned()))?;
            let when = match rest {
                "" => None,
                rest => match parse_when(rest)? {
                    (when, "") => Some(when),
                    _ => return Err(ParseError::Usage),
                },
            };
            Ok(Request::Template { pin, template, when })
        }
        "edit" if plain => {
            let (number, text) = number(split_word(rest))?;
            Ok(Request::Edit { number, text: text.to_owned() })
        }
        "pause" if plain => parse_number(rest).map(Request::Pause),
        "resume" if plain => parse_number(rest).map(Request::Resume),
        _ => {
            let (when, text) = parse_when(args)?;
            Ok(Request::Add { pin, when, text: text.to_owned() })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).single().unwrap()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn the_forms_of_schedule() {
        assert_eq!(parse_request(""), Ok(Request::List));
        assert_eq!(parse_request("templates"), Ok(Request::Templates));
        let at = NaiveDate::from_ymd_opt(2026, 12, 24).unwrap().and_time(hm(18, 0));
        assert_eq!(
            parse_request("2026-12-24 18:00 Merry\n  Christmas"),
            Ok(Request::Add { pin: false, when: Recurrence::Once(at), text: "Merry\n  Christmas".into() })
        );
        assert_eq!(parse_request("24.12.2026 18:00 x").map(|_| ()), Ok(()));
        assert_eq!(
            parse_request("pin every fri 18:00 Question"),
            Ok(Request::Add {
                pin: true,
                when: Recurrence::Weekly(Weekday::Fri, hm(18, 0)),
                text: "Question".into()
            })
        );
        assert_eq!(
            parse_request("every 1st mon 10:00 Plan"),
            Ok(Request::Add {
                pin: false,
                when: Recurrence::Monthly(Nth::First, Weekday::Mon, hm(10, 0)),
                text: "Plan".into()
            })
        );
        assert!(matches!(
            parse_request("every last пт 9:05 x"),
            Ok(Request::Add { when: Recurrence::Monthly(Nth::Last, Weekday::Fri, _), .. })
        ));
        assert!(matches!(
            parse_request("каждую пятницу 18:00 Вопрос"),
            Ok(Request::Add { when: Recurrence::Weekly(Weekday::Fri, _), .. })
        ));
        assert_eq!(
            parse_request("daily 09:00"),
            Ok(Request::Add { pin: false, when: Recurrence::Daily(hm(9, 0)), text: String::new() })
        );
        assert!(matches!(
            parse_request("every day 09:00 x"),
            Ok(Request::Add { when: Recurrence::Daily(_), .. })
        ));
        assert!(matches!(
            parse_request("template friday-question"),
            Ok(Request::Template {
                pin: false,
                template: Template { key: "friday-question", .. },
                when: None
            })
        ));
        assert!(matches!(
            parse_request("pin template MONDAY-WINS every tue 11:00"),
            Ok(Request::Template { pin: true, when: Some(Recurrence::Weekly(Weekday::Tue, _)), .. })
        ));
        assert_eq!(
            parse_request("edit 2 New text"),
            Ok(Request::Edit { number: 2, text: "New text".into() })
        );
        assert_eq!(parse_request("pause #3"), Ok(Request::Pause(3)));
        assert_eq!(parse_request("resume 3"), Ok(Request::Resume(3)));
        assert_eq!(parse_number("99"), Ok(99));
    }

    #[test]
    fn bad_forms_say_what_is_wrong() {
        assert_eq!(parse_request("every fry 18:00 x"), Err(ParseError::Weekday("fry".into())));
        assert_eq!(parse_request("every 2nd funday 18:00 x"), Err(ParseError::Weekday("funday".into())));
        assert_eq!(parse_request("every fri 25:00 x"), Err(ParseError::Time("25:00".into())));
        assert_eq!(parse_request("daily noon x"), Err(ParseError::Time("noon".into())));
        assert_eq!(parse_request("2026-13-40 18:00 x"), Err(ParseError::Date("2026-13-40".into())));
        assert_eq!(parse_request("tomorrow 18:00 x"), Err(ParseError::Usage));
        assert_eq!(parse_request("every fri"), Err(ParseError::Usage));
        assert_eq!(parse_request("pin"), Err(ParseError::Usage));
        assert_eq!(parse_request("template nope"), Err(ParseError::Template("nope".into())));
        assert_eq!(parse_request("template friday-question every fri 18:00 extra"), Err(ParseError::Usage));
        assert_eq!(parse_request("pause x"), Err(ParseError::Number("x".into())));
        assert_eq!(parse_request("pause 0"), Err(ParseError::Number("0".into())));
        assert_eq!(parse_request("pause 1 2"), Err(ParseError::Usage));
        assert_eq!(parse_number(""), Err(ParseError::Usage));
    }

    #[test]
    fn recurrences_round_trip_through_their_stored_words() {
        let at = NaiveDate::from_ymd_opt(2026, 12, 24).unwrap().and_time(hm(18, 0));
        for rec in [
            Recurrence::Once(at),
            Recurrence::Daily(hm(9, 0)),
            Recurrence::Weekly(Weekday::Sun, hm(23, 59)),
            Recurrence::Monthly(Nth::Last, Weekday::Mon, hm(10, 0)),
            Recurrence::Monthly(Nth::Third, Weekday::Wed, hm(0, 5)),
        ] {
            assert_eq!(Recurrence::from_canonical(&rec.canonical()), Some(rec), "{}", rec.canonical());
        }
        assert_eq!(Recurrence::from_canonical("weekly fri"), None);
        assert_eq!(Recurrence::from_canonical("hourly 10:00"), None);
        for t in TEMPLATES {
            assert!(Recurrence::from_canonical(t.recurrence).is_some(), "{}", t.key);
        }
    }

    #[test]
    fn next_daily_and_weekly_in_a_time_zone() {
        let moscow = Tz::Europe__Moscow; // UTC+3, no DST
        let daily = Recurrence::Daily(hm(9, 0));
        assert_eq!(daily.next_after(moscow, utc(2026, 11, 2, 5, 59)), Some(utc(2026, 11, 2, 6, 0)));
        assert_eq!(daily.next_after(moscow, utc(2026, 11, 2, 6, 0)), Some(utc(2026, 11, 3, 6, 0)));
        // 2026-11-06 is a Friday; 18:00 in Moscow is 15:00 UTC.
        let friday = Recurrence::Weekly(Weekday::Fri, hm(18, 0));
        assert_eq!(friday.next_after(moscow, utc(2026, 11, 2, 10, 0)), Some(utc(2026, 11, 6, 15, 0)));
        assert_eq!(friday.next_after(moscow, utc(2026, 11, 6, 15, 0)), Some(utc(2026, 11, 13, 15, 0)));
        // Local midnight runs ahead of UTC: Saturday 01:00 in Moscow is Friday 22:00 UTC.
        let saturday = Recurrence::Weekly(Weekday::Sat, hm(1, 0));
        assert_eq!(saturday.next_after(moscow, utc(2026, 11, 6, 21, 0)), Some(utc(2026, 11, 6, 22, 0)));
        // Behind UTC: Friday 20:00 in New York (EST, UTC-5) is Saturday 01:00 UTC.
        let ny = Tz::America__New_York;
        let evening = Recurrence::Weekly(Weekday::Fri, hm(20, 0));
        assert_eq!(evening.next_after(ny, utc(2026, 11, 7, 0, 30)), Some(utc(2026, 11, 7, 1, 0)));
    }

    #[test]
    fn a_one_off_in_a_dst_gap_or_overlap_is_a_problem_a_recurring_post_is_not() {
        let berlin = Tz::Europe__Berlin;
        let at = |m, d, h, min| {
            Recurrence::Once(NaiveDate::from_ymd_opt(2027, m, d).unwrap().and_time(hm(h, min)))
        };
        assert_eq!(at(3, 28, 2, 30).local_time_problem(berlin), Some(LocalTime::Gap));
        assert_eq!(at(10, 31, 2, 30).local_time_problem(berlin), Some(LocalTime::Twice));
        assert_eq!(at(3, 28, 3, 0).local_time_problem(berlin), None);
        assert_eq!(at(3, 28, 2, 30).local_time_problem(Tz::Europe__Moscow), None, "no DST there");
        assert_eq!(Recurrence::Daily(hm(2, 30)).local_time_problem(berlin), None);
    }

    #[test]
    fn daylight_saving_time_keeps_the_wall_time() {
        let berlin = Tz::Europe__Berlin;
        let daily = Recurrence::Daily(hm(9, 0));
        // 2026-03-29: CET (UTC+1) becomes CEST (UTC+2).
        assert_eq!(daily.next_after(berlin, utc(2026, 3, 28, 9, 0)), Some(utc(2026, 3, 29, 7, 0)));
        assert_eq!(daily.next_after(berlin, utc(2026, 3, 27, 9, 0)), Some(utc(2026, 3, 28, 8, 0)));
        // 02:30 does not exist that night: it happens at 03:30 CEST.
        let gap = Recurrence::Daily(hm(2, 30));
        assert_eq!(gap.next_after(berlin, utc(2026, 3, 28, 12, 0)), Some(utc(2026, 3, 29, 1, 30)));
        // 2026-10-25: 02:30 happens twice; the first one counts, once.
        let overlap = Recurrence::Daily(hm(2, 30));
        let first = overlap.next_after(berlin, utc(2026, 10, 24, 12, 0));
        assert_eq!(first, Some(utc(2026, 10, 25, 0, 30)));
        assert_eq!(overlap.next_after(berlin, first.unwrap()), Some(utc(2026, 10, 26, 1, 30)));
    }

    #[test]
    fn nth_and_last_weekday_of_a_month() {
        let first_monday = Recurrence::Monthly(Nth::First, Weekday::Mon, hm(10, 0));
        // November 2026 begins on a Sunday: its first Monday is the 2nd.
        assert_eq!(first_monday.next_after(Tz::UTC, utc(2026, 11, 1, 0, 0)), Some(utc(2026, 11, 2, 10, 0)));
        assert_eq!(first_monday.next_after(Tz::UTC, utc(2026, 11, 2, 10, 0)), Some(utc(2026, 12, 7, 10, 0)));
        let last_monday = Recurrence::Monthly(Nth::Last, Weekday::Mon, hm(10, 0));
        assert_eq!(last_monday.next_after(Tz::UTC, utc(2026, 11, 2, 0, 0)), Some(utc(2026, 11, 30, 10, 0)));
        assert_eq!(last_monday.next_after(Tz::UTC, utc(2026, 11, 30, 10, 0)), Some(utc(2026, 12, 28, 10, 0)));
        // February 2027: the last Friday is the 26th, the fourth too.
        let last_friday = Recurrence::Monthly(Nth::Last, Weekday::Fri, hm(17, 0));
        assert_eq!(last_friday.next_after(Tz::UTC, utc(2027, 2, 1, 0, 0)), Some(utc(2027, 2, 26, 17, 0)));
        let fourth_friday = Recurrence::Monthly(Nth::Fourth, Weekday::Fri, hm(17, 0));
        assert_eq!(fourth_friday.next_after(Tz::UTC, utc(2027, 2, 1, 0, 0)), Some(utc(2027, 2, 26, 17, 0)));
        let second_wed = Recurrence::Monthly(Nth::Second, Weekday::Wed, hm(12, 0));
        assert_eq!(second_wed.next_after(Tz::UTC, utc(2026, 11, 2, 0, 0)), Some(utc(2026, 11, 11, 12, 0)));
        let third_wed = Recurrence::Monthly(Nth::Third, Weekday::Wed, hm(12, 0));
        assert_eq!(third_wed.next_after(Tz::UTC, utc(2026, 11, 2, 0, 0)), Some(utc(2026, 11, 18, 12, 0)));
    }

    #[test]
    fn a_one_off_happens_once() {
        let at = NaiveDate::from_ymd_opt(2026, 12, 24).unwrap().and_time(hm(18, 0));
        let once = Recurrence::Once(at);
        let moscow = Tz::Europe__Moscow;
        assert_eq!(once.next_after(moscow, utc(2026, 11, 2, 0, 0)), Some(utc(2026, 12, 24, 15, 0)));
        assert_eq!(once.next_after(moscow, utc(2026, 12, 24, 15, 0)), None);
        assert!(!once.is_recurring() && Recurrence::Daily(hm(1, 0)).is_recurring());
    }

    #[test]
    fn missed_occurrences_within_the_grace_are_posted_late_the_rest_skipped() {
        let daily = Recurrence::Daily(hm(9, 0));
        let grace = Duration::hours(2);
        let next = utc(2026, 11, 2, 9, 0);
        // Down for two days and an hour: two skipped, today's posted late.
        let DuePlan { occurrences: due, next: after } =
            due_occurrences(&daily, Tz::UTC, next, utc(2026, 11, 4, 10, 0), grace);
        assert_eq!(
            due,
            vec![
                (utc(2026, 11, 2, 9, 0), Due::Skip),
                (utc(2026, 11, 3, 9, 0), Due::Skip),
                (utc(2026, 11, 4, 9, 0), Due::Post)
            ]
        );
        assert_eq!(after, Some(utc(2026, 11, 5, 9, 0)));
        let DuePlan { occurrences: due, next: after } =
            due_occurrences(&daily, Tz::UTC, next, utc(2026, 11, 2, 8, 59), grace);
        assert!(due.is_empty());
        assert_eq!(after, Some(next));
        assert_eq!(decide(next, next + grace, grace), Due::Post);
        assert_eq!(decide(next, next + grace + Duration::seconds(1), grace), Due::Skip);
        let once = Recurrence::Once(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap().and_time(hm(9, 0)));
        let DuePlan { occurrences: due, next: after } =
            due_occurrences(&once, Tz::UTC, next, utc(2026, 11, 2, 9, 5), grace);
        assert_eq!((due, after), (vec![(next, Due::Post)], None));
        // With a week's grace, three missed days give one late post, not three.
        let week = Duration::days(7);
        let DuePlan { occurrences: due, .. } =
            due_occurrences(&daily, Tz::UTC, next, utc(2026, 11, 4, 10, 0), week);
        assert_eq!(due.iter().map(|(_, d)| *d).collect::<Vec<_>>(), [Due::Skip, Due::Skip, Due::Post]);
        let DuePlan { occurrences: due, .. } =
            due_occurrences(&daily, Tz::UTC, next, utc(2030, 1, 1, 0, 0), grace);
        assert_eq!(due.len(), MAX_STEPS);
        assert!(due.iter().all(|(_, d)| *d == Due::Skip), "more are due: none of these is the latest");
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics(s in "\\PC*") {
            let _ = parse_request(&s);
        }
    }
}
