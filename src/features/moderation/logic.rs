//! Moderation logic: plain functions over plain types — whom it acts on,
//! what is logged, the sanctions, the escalation ladder, filter patterns
//! (parsed once, compiled with bounded cost, held against patterns that
//! match everything), flood windows, command arguments (durations and
//! reasons), link detection.

use std::collections::VecDeque;

use chrono::{DateTime, Duration, Utc};
use regex::Regex;
use teloxide::types::{ChatId, UserId};

use crate::{
    duration::{self, DurationError},
    phrase::{self, Forms, PatternError},
};

/// Whom moderation acts on: a member, or a chat speaking in the group (a
/// channel posting as itself). Stored as one id (`mod_log.target_id`,
/// `mod_warnings.user_id`): a user's, positive, or the chat's, negative as
/// Telegram numbers channels and groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sender {
    User(UserId),
    Chat(ChatId),
}

impl Sender {
    /// The id as stored.
    pub fn raw(self) -> i64 {
        match self {
            Sender::User(user) => user.0 as i64,
            Sender::Chat(chat) => chat.0,
        }
    }

    /// From a stored id: negative ids are chats.
    pub fn from_raw(id: i64) -> Sender {
        if id < 0 { Sender::Chat(ChatId(id)) } else { Sender::User(UserId(id as u64)) }
    }
}

impl From<UserId> for Sender {
    fn from(user: UserId) -> Sender {
        Sender::User(user)
    }
}

/// A mute in force: until when (Telegram lifts it then), or until an admin
/// lifts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Muted {
    Until(DateTime<Utc>),
    Forever,
}

/// What the moderation log records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModAction {
    Warn,
    Unwarn,
    ResetWarns,
    Mute,
    Unmute,
    Ban,
    Unban,
    Kick,
    Delete,
    Dismiss,
    /// An admin kept a message hidden by trusted reports (and its author's mute).
    Confirm,
}

impl ModAction {
    pub fn as_str(self) -> &'static str {
        match self {
            ModAction::Warn => "warn",
            ModAction::Unwarn => "unwarn",
            ModAction::ResetWarns => "resetwarns",
            ModAction::Mute => "mute",
            ModAction::Unmute => "unmute",
            ModAction::Ban => "ban",
            ModAction::Unban => "unban",
            ModAction::Kick => "kick",
            ModAction::Delete => "delete",
            ModAction::Dismiss => "dismiss",
            ModAction::Confirm => "confirm",
        }
    }

    pub fn parse(s: &str) -> Option<ModAction> {
        Some(match s {
            "warn" => ModAction::Warn,
            "unwarn" => ModAction::Unwarn,
            "resetwarns" => ModAction::ResetWarns,
            "mute" => ModAction::Mute,
            "unmute" => ModAction::Unmute,
            "ban" => ModAction::Ban,
            "unban" => ModAction::Unban,
            "kick" => ModAction::Kick,
            "delete" => ModAction::Delete,
            "dismiss" => ModAction::Dismiss,
            "confirm" => ModAction::Confirm,
            _ => return None,
        })
    }
}

/// What reaching the warning limit does (`warn_action`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WarnAction {
    Mute,
    Kick,
    Ban,
}

impl WarnAction {
    pub fn parse(s: &str) -> WarnAction {
        match s {
            "kick" => WarnAction::Kick,
            "ban" => WarnAction::Ban,
            _ => WarnAction::Mute,
        }
    }
}

/// What moderation does to a member on Telegram: by a command, the warning
/// ladder, a filter or a report button.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sanction {
    Mute,
    Ban,
    Kick,
    Unmute,
    Unban,
}

impl Sanction {
    /// What the log records.
    pub fn action(self) -> ModAction {
        match self {
            Sanction::Mute => ModAction::Mute,
            Sanction::Ban => ModAction::Ban,
            Sanction::Kick => ModAction::Kick,
            Sanction::Unmute => ModAction::Unmute,
            Sanction::Unban => ModAction::Unban,
        }
    }

    /// Whether its command takes a duration (`/mute 2h`, `/ban 1d`).
    pub fn timed(self) -> bool {
        matches!(self, Sanction::Mute | Sanction::Ban)
    }

    /// Whether its announcement repeats the reason (lifting one does not).
    pub fn shows_reason(self) -> bool {
        matches!(self, Sanction::Mute | Sanction::Ban | Sanction::Kick)
    }
}

impl From<WarnAction> for Sanction {
    fn from(action: WarnAction) -> Sanction {
        match action {
            WarnAction::Mute => Sanction::Mute,
            WarnAction::Kick => Sanction::Kick,
            WarnAction::Ban => Sanction::Ban,
        }
    }
}

/// Where a member stands after one more warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WarnStep {
    /// Active warnings including this one (shown as `count/limit`).
    pub count: u32,
    pub limit: u32,
    /// The limit was reached: apply the chat's action and start over.
    pub reached: bool,
}

/// `active` counts the warnings that have not expired or been cleared,
/// including the new one.
pub fn escalate(active: u32, limit: u32) -> WarnStep {
    let limit = limit.max(1);
    WarnStep { count: active.min(limit), limit, reached: active >= limit }
}

/// What a matching filter does besides deleting the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterAction {
    Delete,
    Warn,
    Mute,
    Ban,
}

impl FilterAction {
    pub fn parse(s: &str) -> Option<FilterAction> {
        Some(match s.to_lowercase().as_str() {
            "delete" => FilterAction::Delete,
            "warn" => FilterAction::Warn,
            "mute" => FilterAction::Mute,
            "ban" => FilterAction::Ban,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FilterAction::Delete => "delete",
            FilterAction::Warn => "warn",
            FilterAction::Mute => "mute",
            FilterAction::Ban => "ban",
        }
    }
}

/// Longest pattern (word, phrase or regex) accepted, in characters.
pub const MAX_PATTERN_CHARS: usize = 200;
/// Most filters per chat.
pub const MAX_FILTERS: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("empty pattern")]
    Empty,
    #[error("pattern too long")]
    TooLong,
    #[error("invalid regex")]
    InvalidRegex,
    #[error("regex too costly")]
    TooCostly,
    /// Matches the empty text or a one-letter one: it would act on nearly
    /// every message (accepted only with `confirm`).
    #[error("matches nearly everything")]
    TooBroad { probe: &'static str },
}

/// Texts a sensible filter never matches: the empty text and one-letter
/// ones in Latin and Cyrillic, a digit, a space, punctuation.
pub const BROAD_PROBES: &[&str] = &["", "a", "я", "1", " ", "?"];

/// The probe a compiled filter matches, if any: such a filter would act on
/// nearly every message (`/^/`, `/./`, the word `a`).
pub fn broad_match(regex: &Regex) -> Option<&'static str> {
    BROAD_PROBES.iter().copied().find(|probe| regex.is_match(probe))
}

/// A filter as an admin typed it: a word or phrase, or `/regex/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterPattern {
    Word(String),
    Regex(String),
}

impl FilterPattern {
    pub fn parse(raw: &str) -> Result<FilterPattern, FilterError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FilterError::Empty);
        }
        if raw.chars().count() > MAX_PATTERN_CHARS {
            return Err(FilterError::TooLong);
        }
        let pattern = match raw.strip_prefix('/').and_then(|r| r.strip_suffix('/')) {
            Some(inner) if !inner.trim().is_empty() => FilterPattern::Regex(inner.to_owned()),
            Some(_) => return Err(FilterError::Empty),
            None => FilterPattern::Word(raw.split_whitespace().collect::<Vec<_>>().join(" ")),
        };
        pattern.compile()?;
        Ok(pattern)
    }

    /// How it is stored and shown: the word, or `/regex/`.
    pub fn as_stored(&self) -> String {
        match self {
            FilterPattern::Word(w) => w.clone(),
            FilterPattern::Regex(r) => format!("/{r}/"),
        }
    }

    /// A case-insensitive, Unicode-aware matcher (`crate::phrase`). Words
    /// match whole words (Unicode word boundaries, so `спам` does not match
    /// `спаммер`).
    pub fn compile(&self) -> Result<Regex, FilterError> {
        let source = match self {
            FilterPattern::Word(w) => phrase::source(w, Forms::Exact),
            FilterPattern::Regex(r) => r.clone(),
        };
        phrase::compile(&source).map_err(|e| match e {
            PatternError::TooCostly => FilterError::TooCostly,
            PatternError::Invalid => FilterError::InvalidRegex,
        })
    }
}

/// `/filter <word or /regex/> [delete|warn|mute|ban]`: the last word is the
/// action when it names one (default: delete).
pub fn parse_filter_args(args: &str) -> Result<(FilterPattern, FilterAction), FilterError> {
    let args = args.trim();
    let (pattern, action) = match args.rsplit_once(char::is_whitespace) {
        Some((head, last)) => match FilterAction::parse(last) {
            Some(action) if !head.trim().is_empty() => (head.trim(), action),
            _ => (args, FilterAction::Delete),
        },
        None => (args, FilterAction::Delete),
    };
    Ok((FilterPattern::parse(pattern)?, action))
}

/// The word that lets through a filter that matches nearly everything.
pub const CONFIRM: &str = "confirm";

/// `/filter <word or /regex/> [delete|warn|mute|ban] [confirm]`, as
/// `parse_filter_args`; a pattern that matches the empty text or a one-letter
/// one (`BROAD_PROBES`) is refused unless `confirm` ends the arguments.
pub fn parse_filter_command(args: &str) -> Result<(FilterPattern, FilterAction), FilterError> {
    let args = args.trim();
    let (args, confirmed) = match args.rsplit_once(char::is_whitespace) {
        Some((head, last)) if last.eq_ignore_ascii_case(CONFIRM) && !head.trim().is_empty() => {
            (head.trim(), true)
        }
        _ => (args, false),
    };
    let (pattern, action) = parse_filter_args(args)?;
    if !confirmed && let Some(probe) = broad_match(&pattern.compile()?) {
        return Err(FilterError::TooBroad { probe });
    }
    Ok((pattern, action))
}

/// A chat's filters, compiled once and kept in memory.
#[derive(Debug, Clone)]
pub struct CompiledFilter {
    pub pattern: String,
    pub action: FilterAction,
    pub regex: Regex,
}

/// Compiles stored filters, skipping any that no longer compile.
pub fn compile_all(rows: &[(String, String)]) -> Vec<CompiledFilter> {
    rows.iter()
        .filter_map(|(pattern, action)| {
            let parsed = match pattern.strip_prefix('/').and_then(|r| r.strip_suffix('/')) {
                Some(inner) if !inner.is_empty() => FilterPattern::Regex(inner.to_owned()),
                _ => FilterPattern::Word(pattern.clone()),
            };
            Some(CompiledFilter {
                pattern: pattern.clone(),
                action: FilterAction::parse(action)?,
                regex: parsed.compile().ok()?,
            })
        })
        .collect()
}

/// The first filter that matches `text`; the strongest action wins when
/// several match (ban > mute > warn > delete).
pub fn first_match<'a>(filters: &'a [CompiledFilter], text: &str) -> Option<&'a CompiledFilter> {
    let rank = |a: FilterAction| match a {
        FilterAction::Delete => 0,
        FilterAction::Warn => 1,
        FilterAction::Mute => 2,
        FilterAction::Ban => 3,
    };
    filters.iter().filter(|f| f.regex.is_match(text)).max_by_key(|f| rank(f.action))
}

/// One member's recent message times in one chat.
#[derive(Debug, Default, Clone)]
pub struct FloodWindow {
    times: VecDeque<i64>,
    /// Until when the member is muted for flooding (no second notice).
    pub punished_until: Option<i64>,
}

/// What one more message means for a flood window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flood {
    Fine,
    /// Over the limit for the first time: mute and tell once.
    Trip,
    /// Already punished for this burst.
    AlreadyPunished,
}

impl FloodWindow {
    /// Records a message at unix time `at`: more than `limit` messages within
    /// `secs` seconds trips the window. `limit == 0` turns the check off.
    pub fn hit(&mut self, at: i64, limit: u32, secs: i64) -> Flood {
        if limit == 0 {
            return Flood::Fine;
        }
        if self.punished_until.is_some_and(|until| at < until) {
            return Flood::AlreadyPunished;
        }
        self.punished_until = None;
        self.times.push_back(at);
        while self.times.front().is_some_and(|t| at - *t >= secs) {
            self.times.pop_front();
        }
        // Never keep more than needed to decide.
        while self.times.len() > limit as usize + 1 {
            self.times.pop_front();
        }
        if self.times.len() > limit as usize { Flood::Trip } else { Flood::Fine }
    }

    pub fn punish(&mut self, until: i64) {
        self.punished_until = Some(until);
        self.times.clear();
    }

    /// The last message time (to forget idle windows).
    pub fn last(&self) -> Option<i64> {
        self.times.back().copied().or(self.punished_until)
    }
}

/// `/mute [duration] [reason]`: a first word that looks like a duration (a
/// sign or a digit of any script, then letters: `-5m`, `٣d`, `1y`) must be a
/// valid one — taken for the reason it would make the sanction permanent;
/// otherwise there is no duration (permanent) and everything is the reason.
pub fn split_duration(args: &str) -> Result<(Option<Duration>, String), DurationError> {
    let args = args.trim();
    let (first, rest) = match args.split_once(char::is_whitespace) {
        Some((first, rest)) => (first, rest.trim()),
        None => (args, ""),
    };
    if duration::looks_like_duration(first) {
        let d = duration::parse(first)?;
        Ok((Some(d), rest.to_owned()))
    } else {
        Ok((None, args.to_owned()))
    }
}

/// Most characters of a reason kept.
pub const MAX_REASON: usize = 300;

pub fn clean_reason(raw: &str) -> Option<String> {
    let r = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    (!r.is_empty()).then(|| crate::telegram::html::truncate(&r, MAX_REASON))
}

/// Text that carries a link (for newcomer limits), beyond Telegram's own
/// url entities: bare domains like t.me/x and www.
pub fn has_link_text(text: &str) -> bool {
    let t = text.to_lowercase();
    t.contains("http://") || t.contains("https://") || t.contains("t.me/") || t.contains("www.")
}

/// How long a community moderator's `/mute` holds: the asked duration up to
/// `max` (`member_mod_mute`), `max` when none is asked (never for good);
/// `Err(max)` when the asked one is longer.
pub fn moderator_mute(asked: Option<Duration>, max: Duration) -> Result<Duration, Duration> {
    match asked {
        Some(d) if d > max => Err(max),
        Some(d) => Ok(d),
        None => Ok(max),
    }
}

/// A community moderator's Mute on a report card: the chat's usual mute
/// (`warn_mute`), cut to `max`.
pub fn moderator_report_mute(standard: Option<Duration>, max: Duration) -> Duration {
    standard.map_or(max, |d| d.min(max))
}

/// A span in its largest whole unit, for "at most 1 hour" (a count for plurals).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Minutes(i64),
    Hours(i64),
    Days(i64),
    Weeks(i64),
}

pub fn span(d: Duration) -> Span {
    let minutes = d.num_minutes().max(1);
    match minutes {
        m if m % (7 * 24 * 60) == 0 => Span::Weeks(m / (7 * 24 * 60)),
        m if m % (24 * 60) == 0 => Span::Days(m / (24 * 60)),
        m if m % 60 == 0 => Span::Hours(m / 60),
        m => Span::Minutes(m),
    }
}

/// Whether a message's reports by `trusted` distinct trusted members reach
/// the chat's `threshold` (hiding it).
pub fn trusted_reports_hide(trusted: i64, threshold: i64) -> bool {
    trusted >= threshold.max(1)
}

/// At most this many reports per member per hour.
pub const REPORTS_PER_HOUR: i64 = 5;

/// An admin's decision on a message trusted reports hid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HiddenChoice {
    /// Lift the author's mute (Telegram cannot bring the message back).
    Restore,
    /// Keep it hidden and the author muted.
    Confirm,
}

impl HiddenChoice {
    pub fn code(self) -> &'static str {
        match self {
            HiddenChoice::Restore => "r",
            HiddenChoice::Confirm => "c",
        }
    }

    pub fn parse(code: &str) -> Option<HiddenChoice> {
        match code {
            "r" => Some(HiddenChoice::Restore),
            "c" => Some(HiddenChoice::Confirm),
            _ => None,
        }
    }

    /// The hidden message's status once this choice is made.
    pub fn status(self) -> &'static str {
        match self {
            HiddenChoice::Restore => "restored",
            HiddenChoice::Confirm => "confirmed",
        }
    }
}

/// A report button's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportChoice {
    Warn,
    Mute,
    Ban,
    Dismiss,
}

impl ReportChoice {
    pub fn code(self) -> &'static str {
        match self {
            ReportChoice::Warn => "w",
            ReportChoice::Mute => "m",
            ReportChoice::Ban => "b",
            ReportChoice::Dismiss => "d",
        }
    }

    pub fn parse(code: &str) -> Option<ReportChoice> {
        Some(match code {
            "w" => ReportChoice::Warn,
            "m" => ReportChoice::Mute,
            "b" => ReportChoice::Ban,
            "d" => ReportChoice::Dismiss,
            _ => return None,
        })
    }

    /// The report's status once this choice is made.
    pub fn status(self) -> &'static str {
        match self {
            ReportChoice::Warn => "warned",
            ReportChoice::Mute => "muted",
            ReportChoice::Ban => "banned",
            ReportChoice::Dismiss => "dismissed",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_community_moderators_mute_is_bounded() {
        let (h, m) = (Duration::hours(1), Duration::minutes(30));
        assert_eq!(moderator_mute(Some(m), h), Ok(m));
        assert_eq!(moderator_mute(Some(h), h), Ok(h), "the maximum itself is allowed");
        assert_eq!(moderator_mute(Some(Duration::days(30)), h), Err(h));
        assert_eq!(moderator_mute(None, h), Ok(h), "no duration: the maximum, never for good");
        assert_eq!(moderator_report_mute(Some(Duration::hours(24)), h), h);
        assert_eq!(moderator_report_mute(Some(m), h), m);
        assert_eq!(moderator_report_mute(None, h), h);
    }

    #[test]
    fn spans_take_their_largest_whole_unit() {
        assert_eq!(span(Duration::hours(1)), Span::Hours(1));
        assert_eq!(span(Duration::minutes(90)), Span::Minutes(90));
        assert_eq!(span(Duration::days(2)), Span::Days(2));
        assert_eq!(span(Duration::days(14)), Span::Weeks(2));
        assert_eq!(span(Duration::seconds(5)), Span::Minutes(1));
    }

    #[test]
    fn trusted_reports_hide_at_the_threshold() {
        assert!(!trusted_reports_hide(2, 3));
        assert!(trusted_reports_hide(3, 3));
        assert!(trusted_reports_hide(4, 3));
        assert!(trusted_reports_hide(1, 0), "a threshold below one is read as one");
    }

    #[test]
    fn escalation_reaches_the_limit_once() {
        assert_eq!(escalate(1, 3), WarnStep { count: 1, limit: 3, reached: false });
        assert_eq!(escalate(2, 3), WarnStep { count: 2, limit: 3, reached: false });
        assert_eq!(escalate(3, 3), WarnStep { count: 3, limit: 3, reached: true });
        // A limit of 0 is treated as 1; counts past the limit are capped.
        assert!(escalate(1, 0).reached);
        assert_eq!(escalate(7, 3).count, 3);
        assert_eq!(WarnAction::parse("ban"), WarnAction::Ban);
        assert_eq!(WarnAction::parse("junk"), WarnAction::Mute);
    }

    #[test]
    fn sanctions_log_their_action() {
        assert_eq!(Sanction::from(WarnAction::Kick).action(), ModAction::Kick);
        assert!(Sanction::Ban.timed() && !Sanction::Kick.timed());
        assert!(Sanction::Kick.shows_reason() && !Sanction::Unban.shows_reason());
    }

    fn matcher(raw: &str) -> Regex {
        FilterPattern::parse(raw).unwrap().compile().unwrap()
    }

    #[test]
    fn words_match_as_whole_words_in_any_case_and_script() {
        let re = matcher("спам");
        assert!(re.is_match("Это СПАМ!"));
        assert!(re.is_match("спам"));
        assert!(!re.is_match("спаммер пришёл"));
        assert!(!re.is_match("антиспам"));
        let re = matcher("casino");
        assert!(re.is_match("Best CASINO here"));
        assert!(!re.is_match("casinos"));
        let re = matcher("buy  now");
        assert!(re.is_match("please BUY now"));
        let re = matcher("c++");
        assert!(re.is_match("I like c++ a lot"));
    }

    #[test]
    fn regexes_compile_with_bounds() {
        let re = matcher("/b[i1]tc[o0]in/");
        assert!(re.is_match("free B1TCOIN"));
        assert_eq!(FilterPattern::parse("/(unclosed/"), Err(FilterError::InvalidRegex));
        assert_eq!(FilterPattern::parse("//"), Err(FilterError::Empty));
        assert_eq!(FilterPattern::parse("   "), Err(FilterError::Empty));
        assert_eq!(FilterPattern::parse(&"a".repeat(201)), Err(FilterError::TooLong));
        assert_eq!(FilterPattern::parse(r"/\w{1000}{1000}/"), Err(FilterError::TooCostly));
        assert_eq!(FilterPattern::parse(r"/(\w{50}){50}/"), Err(FilterError::TooCostly));
    }

    #[test]
    fn filter_arguments() {
        let (p, a) = parse_filter_args("casino ban").unwrap();
        assert_eq!((p, a), (FilterPattern::Word("casino".into()), FilterAction::Ban));
        let (p, a) = parse_filter_args("free money").unwrap();
        assert_eq!((p, a), (FilterPattern::Word("free money".into()), FilterAction::Delete));
        let (p, a) = parse_filter_args("/a b/ warn").unwrap();
        assert_eq!((p, a), (FilterPattern::Regex("a b".into()), FilterAction::Warn));
        let (p, a) = parse_filter_args("mute").unwrap();
        assert_eq!((p, a), (FilterPattern::Word("mute".into()), FilterAction::Delete));
        assert!(parse_filter_args("").is_err());
    }

    #[test]
    fn filters_that_match_nearly_everything_need_confirm() {
        for args in ["/^/ ban", "/./", "a ban", "/$/ mute", "/\\w/ warn", "? delete", "/[а-я]/", "/x*/"] {
            assert!(
                matches!(parse_filter_command(args), Err(FilterError::TooBroad { .. })),
                "{args} is refused"
            );
        }
        let (p, a) = parse_filter_command("/./ ban confirm").unwrap();
        assert_eq!((p, a), (FilterPattern::Regex(".".into()), FilterAction::Ban));
        let (p, a) = parse_filter_command("a CONFIRM").unwrap();
        assert_eq!((p, a), (FilterPattern::Word("a".into()), FilterAction::Delete));
        for args in ["casino ban", "спам warn", "/b[i1]tc[o0]in/ ban", "confirm", "free money"] {
            assert!(parse_filter_command(args).is_ok(), "{args} is a sensible filter");
        }
        assert_eq!(parse_filter_command("confirm").unwrap().0, FilterPattern::Word("confirm".into()));
        assert_eq!(parse_filter_command("/(x/ confirm"), Err(FilterError::InvalidRegex));
    }

    #[test]
    fn senders_are_stored_as_one_id() {
        for s in [Sender::User(UserId(42)), Sender::Chat(ChatId(-100_777))] {
            assert_eq!(Sender::from_raw(s.raw()), s);
        }
    }

    #[test]
    fn the_strongest_matching_filter_wins() {
        let rows = vec![
            ("spam".to_owned(), "delete".to_owned()),
            ("/sp.m/".to_owned(), "mute".to_owned()),
            ("/(broken/".to_owned(), "ban".to_owned()),
        ];
        let filters = compile_all(&rows);
        assert_eq!(filters.len(), 2, "a stored pattern that no longer compiles is skipped");
        assert_eq!(first_match(&filters, "SPAM").map(|f| f.action), Some(FilterAction::Mute));
        assert!(first_match(&filters, "hello").is_none());
    }

    #[test]
    fn flood_trips_once_per_burst() {
        let mut w = FloodWindow::default();
        for i in 0..8 {
            assert_eq!(w.hit(100 + i / 2, 8, 10), Flood::Fine);
        }
        assert_eq!(w.hit(104, 8, 10), Flood::Trip);
        w.punish(104 + 600);
        assert_eq!(w.hit(105, 8, 10), Flood::AlreadyPunished);
        // After the mute, the window starts afresh.
        assert_eq!(w.hit(800, 8, 10), Flood::Fine);
    }

    #[test]
    fn flood_window_slides() {
        let mut w = FloodWindow::default();
        // One message every 2 s never puts 9 in 10 s.
        for i in 0..100 {
            assert_eq!(w.hit(i * 2, 8, 10), Flood::Fine);
        }
        assert_eq!(FloodWindow::default().hit(1, 0, 10), Flood::Fine, "0 turns it off");
    }

    #[test]
    fn durations_and_reasons() {
        assert_eq!(split_duration("2h spam").unwrap(), (Some(Duration::hours(2)), "spam".to_owned()));
        assert_eq!(split_duration("spam again").unwrap(), (None, "spam again".to_owned()));
        assert_eq!(split_duration("").unwrap(), (None, String::new()));
        assert_eq!(split_duration("5x"), Err(DurationError::Invalid));
        assert_eq!(split_duration("10s"), Err(DurationError::TooShort));
        assert_eq!(split_duration("400d"), Err(DurationError::TooLong));
        // A duration that does not parse is never taken for the reason.
        for bad in ["-5m spam", "+1d", "٣d", "1y", "−2h", "1.5h"] {
            assert!(split_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(split_duration("m5 spam").unwrap(), (None, "m5 spam".to_owned()));
        assert_eq!(clean_reason("  a \n b "), Some("a b".to_owned()));
        assert_eq!(clean_reason("  "), None);
    }

    #[test]
    fn links_in_text() {
        assert!(has_link_text("join t.me/scam"));
        assert!(has_link_text("HTTPS://x.y"));
        assert!(!has_link_text("hello there"));
    }

    proptest::proptest! {
        #[test]
        fn filter_parsing_and_matching_never_panic(pattern in "\\PC{0,60}", text in "\\PC{0,200}") {
            if let Ok(p) = FilterPattern::parse(&pattern) {
                let re = p.compile().unwrap();
                let _ = re.is_match(&text);
            }
            let _ = parse_filter_args(&pattern);
        }

        #[test]
        fn regex_filters_never_panic(pattern in "/[\\PC]{1,40}/", text in "\\PC{0,200}") {
            if let Ok(p) = FilterPattern::parse(&pattern) {
                let _ = p.compile().unwrap().is_match(&text);
            }
        }

        #[test]
        fn duration_arguments_never_panic(s in "\\PC{0,40}") {
            let _ = split_duration(&s);
        }
    }
}
