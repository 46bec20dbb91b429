//! Onboarding rules as plain functions: welcome templates, link buttons, raid
//! batching, goals, introductions, deep-link payloads, the funnel.

use chrono::{DateTime, Duration, Utc};

/// Telegram's limit for one message.
pub const MAX_MESSAGE_LEN: usize = 4096;
pub const PLACEHOLDERS: &[&str] = &["name", "chat", "rules"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("the welcome text is empty")]
    Empty,
    #[error("unknown placeholder {found}")]
    UnknownPlaceholder { found: String },
    /// A `{` never closed, or a `}` never opened (`Hello {name`): `near` is
    /// the text from the brace on.
    #[error("unbalanced brace near {near}")]
    Unbalanced { near: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    Name,
    Chat,
    Rules,
}

/// An admin's welcome text: literal text (escaped when rendered) and
/// placeholders `{name}`, `{chat}`, `{rules}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WelcomeTemplate(Vec<Piece>);

/// Ready HTML for each placeholder (the caller escapes and builds mentions).
pub struct TemplateValues {
    pub name: String,
    pub chat: String,
    pub rules: String,
}

impl WelcomeTemplate {
    /// Parses an admin's text. A placeholder-like word in braces must be one
    /// of `PLACEHOLDERS`; any other text in braces stays text (`{not this}`);
    /// a brace without its pair is refused (`Hello {name` would be shown
    /// as it is).
    pub fn parse(text: &str) -> Result<WelcomeTemplate, TemplateError> {
        if text.trim().is_empty() {
            return Err(TemplateError::Empty);
        }
        let unbalanced = |at: &str| TemplateError::Unbalanced { near: at.chars().take(20).collect() };
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(brace) = rest.find(['{', '}']) {
            literal.push_str(&rest[..brace]);
            if rest[brace..].starts_with('}') {
                return Err(unbalanced(&rest[brace..]));
            }
            let after = &rest[brace + 1..];
            // The next brace must close this one.
            let close = match after.find(['{', '}']) {
                Some(c) if after[c..].starts_with('}') => c,
                _ => return Err(unbalanced(&rest[brace..])),
            };
            let word = &after[..close];
            if !word.is_empty() && word.chars().all(|c| c.is_alphanumeric() || c == '_') {
                let piece = match word {
                    "name" => Piece::Name,
                    "chat" => Piece::Chat,
                    "rules" => Piece::Rules,
                    other => {
                        return Err(TemplateError::UnknownPlaceholder { found: format!("{{{other}}}") });
                    }
                };
                if !literal.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut literal)));
                }
                pieces.push(piece);
            } else {
                // Braces around something that is no placeholder are text.
                literal.push('{');
                literal.push_str(word);
                literal.push('}');
            }
            rest = &after[close + 1..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            pieces.push(Piece::Text(literal));
        }
        Ok(WelcomeTemplate(pieces))
    }

    pub fn render(&self, values: &TemplateValues) -> String {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Text(t) => out.push_str(&escape(t)),
                Piece::Name => out.push_str(&values.name),
                Piece::Chat => out.push_str(&values.chat),
                Piece::Rules => out.push_str(&values.rules),
            }
        }
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// Length as Telegram counts it (UTF-16 units of the text, tags stripped,
/// entities decoded).
pub fn visible_len(html: &str) -> usize {
    let mut len = 0;
    let mut in_tag = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if in_tag {
            in_tag = c != '>';
            rest = &rest[c.len_utf8()..];
            continue;
        }
        match c {
            '<' => {
                in_tag = true;
                rest = &rest[1..];
            }
            '&' => {
                let entity = ["&amp;", "&lt;", "&gt;", "&quot;"].into_iter().find(|e| rest.starts_with(e));
                len += 1;
                rest = &rest[entity.map_or(1, str::len)..];
            }
            _ => {
                len += c.len_utf16();
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    len
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LinkError {
    #[error("separate title and URL with |")]
    MissingSeparator,
    #[error("the title is empty")]
    EmptyTitle,
    #[error("the title is longer than {max} characters")]
    TitleTooLong { max: usize },
    #[error("not a URL")]
    InvalidUrl,
    #[error("{scheme}: is not http or https")]
    UnsupportedScheme { scheme: String },
}

/// A resource button in the welcome: `Title | https://…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResourceLink {
    pub title: String,
    pub url: String,
}

impl ResourceLink {
    pub const MAX_TITLE: usize = 64;

    pub fn parse(input: &str) -> Result<ResourceLink, LinkError> {
        let (title, url) = input.split_once('|').ok_or(LinkError::MissingSeparator)?;
        let title = title.trim();
        if title.is_empty() {
            return Err(LinkError::EmptyTitle);
        }
        if title.chars().count() > Self::MAX_TITLE {
            return Err(LinkError::TitleTooLong { max: Self::MAX_TITLE });
        }
        let parsed = url::Url::parse(url.trim()).map_err(|_| LinkError::InvalidUrl)?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(LinkError::UnsupportedScheme { scheme: parsed.scheme().to_owned() });
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(LinkError::InvalidUrl);
        }
        Ok(ResourceLink { title: title.to_owned(), url: parsed.to_string() })
    }
}

/// What to do with the next join of a chat.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WelcomePlan {
    /// A welcome of its own.
    PostNew,
    /// A raid is on: fold this newcomer into the batch welcome.
    EditBatch,
}

/// Joins of one chat within a rolling minute: past 3, newcomers are batched.
#[derive(Debug, Default)]
pub struct JoinBurst {
    recent: std::collections::VecDeque<DateTime<Utc>>,
}

impl JoinBurst {
    pub const WINDOW_SECS: i64 = 60;
    pub const SINGLE_WELCOMES: usize = 3;

    pub fn on_join(&mut self, at: DateTime<Utc>) -> WelcomePlan {
        let window = Duration::seconds(Self::WINDOW_SECS);
        while self.recent.front().is_some_and(|t| *t + window <= at) {
            self.recent.pop_front();
        }
        self.recent.push_back(at);
        if self.recent.len() > Self::SINGLE_WELCOMES { WelcomePlan::EditBatch } else { WelcomePlan::PostNew }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GoalsError {
    #[error("give 1 to 8 goals separated by ;")]
    Count,
    #[error("a goal is longer than 40 characters")]
    TooLong,
}

/// `a; b; c` → 1–8 distinct goals of at most 40 characters.
pub fn parse_goals(s: &str) -> Result<Vec<String>, GoalsError> {
    let mut goals: Vec<String> = Vec::new();
    for goal in s.split(';').map(str::trim).filter(|g| !g.is_empty()) {
        if goal.chars().count() > 40 {
            return Err(GoalsError::TooLong);
        }
        if !goals.iter().any(|g| g.to_lowercase() == goal.to_lowercase()) {
            goals.push(goal.to_owned());
        }
    }
    if goals.is_empty() || goals.len() > 8 {
        return Err(GoalsError::Count);
    }
    Ok(goals)
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntroError {
    #[error("empty")]
    Empty,
    #[error("longer than {max} characters")]
    TooLong { max: usize },
}

/// The longest introduction ("about me"), in characters.
pub const MAX_INTRO_LEN: usize = 500;

/// An introduction: trimmed, 1–500 characters, no runs of blank lines.
pub fn clean_intro(s: &str) -> Result<String, IntroError> {
    const MAX: usize = MAX_INTRO_LEN;
    let mut out = String::new();
    let mut newlines = 0;
    for c in s.trim().chars() {
        if c == '\n' {
            newlines += 1;
            if newlines > 2 {
                continue;
            }
        } else if c != '\r' {
            newlines = 0;
        }
        out.push(c);
    }
    match out.chars().count() {
        0 => Err(IntroError::Empty),
        n if n > MAX => Err(IntroError::TooLong { max: MAX }),
        _ => Ok(out),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FunnelStep {
    Joined,
    RulesAccepted,
    DmOpened,
    Introduced,
    FirstMessage,
    CheckedIn,
}

impl FunnelStep {
    pub const ALL: [FunnelStep; 6] = [
        FunnelStep::Joined,
        FunnelStep::RulesAccepted,
        FunnelStep::DmOpened,
        FunnelStep::Introduced,
        FunnelStep::FirstMessage,
        FunnelStep::CheckedIn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FunnelStep::Joined => "joined",
            FunnelStep::RulesAccepted => "rules_accepted",
            FunnelStep::DmOpened => "dm_opened",
            FunnelStep::Introduced => "introduced",
            FunnelStep::FirstMessage => "first_message",
            FunnelStep::CheckedIn => "checked_in",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct FunnelRow {
    pub step: FunnelStep,
    pub count: u64,
    /// did the step / all who joined × 100 %.
    pub pct_of_joined: f64,
    pub pct_of_previous: f64,
}

pub fn funnel_rows(counts: &[(FunnelStep, u64)]) -> Vec<FunnelRow> {
    let pct = |n: u64, base: u64| if base == 0 { 0.0 } else { n as f64 * 100.0 / base as f64 };
    let joined = counts.first().map_or(0, |(_, n)| *n);
    let mut previous = joined;
    counts
        .iter()
        .map(|&(step, count)| {
            let row = FunnelRow {
                step,
                count,
                pct_of_joined: pct(count, joined),
                pct_of_previous: pct(count, previous),
            };
            previous = count;
            row
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> TemplateValues {
        TemplateValues {
            name: "<a href=\"tg://user?id=1\">A</a>".into(),
            chat: "C &amp; D".into(),
            rules: "R".into(),
        }
    }

    #[test]
    fn templates_escape_text_and_fill_placeholders() {
        let t = WelcomeTemplate::parse("Hi {name} <3 {chat}! {rules} {not a placeholder}").unwrap();
        assert_eq!(
            t.render(&values()),
            "Hi <a href=\"tg://user?id=1\">A</a> &lt;3 C &amp; D! R {not a placeholder}"
        );
        assert_eq!(
            WelcomeTemplate::parse("Hi {nmae}"),
            Err(TemplateError::UnknownPlaceholder { found: "{nmae}".into() })
        );
        assert_eq!(WelcomeTemplate::parse("  "), Err(TemplateError::Empty));
        assert!(WelcomeTemplate::parse("{").is_err(), "a lone brace is unbalanced");
    }

    #[test]
    fn unbalanced_braces_are_refused() {
        for (text, near) in [
            ("Hello {name", "{name"),
            ("Hello name}", "}"),
            ("Hi {name}, see {rules", "{rules"),
            ("{a {name}}", "{a {name}}"),
            ("}{", "}{"),
            ("{", "{"),
        ] {
            assert_eq!(
                WelcomeTemplate::parse(text),
                Err(TemplateError::Unbalanced { near: near.into() }),
                "{text}"
            );
        }
        let t = WelcomeTemplate::parse("{name}{chat} {} {a b} ok").unwrap();
        assert_eq!(t.render(&values()), "<a href=\"tg://user?id=1\">A</a>C &amp; D {} {a b} ok");
    }

    #[test]
    fn visible_length_counts_like_telegram() {
        assert_eq!(visible_len("<b>ab</b> &amp; 😀"), 7, "the emoji is two UTF-16 units");
        assert_eq!(visible_len("&unknown;"), 9);
    }

    #[test]
    fn links_must_be_http() {
        assert_eq!(
            ResourceLink::parse("Events | https://example.com/e").unwrap(),
            ResourceLink { title: "Events".into(), url: "https://example.com/e".into() }
        );
        assert_eq!(ResourceLink::parse("x"), Err(LinkError::MissingSeparator));
        assert_eq!(ResourceLink::parse(" | https://a.b"), Err(LinkError::EmptyTitle));
        assert!(matches!(
            ResourceLink::parse("x | javascript:alert(1)"),
            Err(LinkError::UnsupportedScheme { .. })
        ));
        assert_eq!(ResourceLink::parse("x | not a url"), Err(LinkError::InvalidUrl));
        assert!(matches!(
            ResourceLink::parse(&format!("{} | https://a.b", "t".repeat(65))),
            Err(LinkError::TitleTooLong { .. })
        ));
    }

    #[test]
    fn a_raid_is_batched_after_three_joins_a_minute() {
        let mut burst = JoinBurst::default();
        let t = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
        let plans: Vec<_> = (0..50).map(|i| burst.on_join(t + Duration::milliseconds(100 * i))).collect();
        assert!(plans[..3].iter().all(|p| *p == WelcomePlan::PostNew));
        assert!(plans[3..].iter().all(|p| *p == WelcomePlan::EditBatch));
        // A quiet minute ends the burst.
        assert_eq!(burst.on_join(t + Duration::seconds(200)), WelcomePlan::PostNew);
    }

    #[test]
    fn goals_and_intros() {
        assert_eq!(parse_goals("a; B ;; b; c").unwrap(), vec!["a", "B", "c"]);
        assert_eq!(parse_goals(" ; "), Err(GoalsError::Count));
        assert_eq!(
            parse_goals(
                &"x;"
                    .repeat(9)
                    .chars()
                    .enumerate()
                    .map(|(i, c)| if c == 'x' { char::from(b'a' + (i % 26) as u8) } else { c })
                    .collect::<String>()
            ),
            Err(GoalsError::Count)
        );
        assert_eq!(parse_goals(&"g".repeat(41)), Err(GoalsError::TooLong));
        assert_eq!(clean_intro("  hi\n\n\n\nthere "), Ok("hi\n\nthere".into()));
        assert_eq!(clean_intro(&"я".repeat(501)), Err(IntroError::TooLong { max: 500 }));
        assert_eq!(clean_intro(" "), Err(IntroError::Empty));
    }

    #[test]
    fn funnel_percentages_never_nan() {
        let rows = funnel_rows(&[
            (FunnelStep::Joined, 4),
            (FunnelStep::RulesAccepted, 2),
            (FunnelStep::DmOpened, 0),
            (FunnelStep::Introduced, 0),
        ]);
        assert_eq!(rows[1].pct_of_joined, 50.0);
        assert_eq!(rows[2].pct_of_previous, 0.0);
        assert_eq!(rows[3].pct_of_previous, 0.0);
        assert!(funnel_rows(&[(FunnelStep::Joined, 0)])[0].pct_of_joined == 0.0);
    }

    proptest::proptest! {
        #[test]
        fn templates_never_panic(s in "\\PC*") {
            if let Ok(t) = WelcomeTemplate::parse(&s) {
                let _ = visible_len(&t.render(&values()));
            }
        }
    }
}
