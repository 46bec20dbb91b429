//! Pure rules for forum topics: the kinds of post, and `/settopic`'s arguments.

use std::{fmt, str::FromStr};

/// A kind of post that can live in its own forum topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TopicKind {
    /// Welcomes of newcomers (onboarding).
    Welcome,
    /// Introductions posted from the DM dialogue (onboarding).
    Intro,
    /// Idea cards and "you asked — we delivered" announcements.
    Ideas,
    /// The weekly digest and badge announcements.
    Digest,
    /// The admins' log, when the log chat is the group itself.
    Log,
    /// Where questions are asked ("questions answered" counts only these).
    Help,
}

impl TopicKind {
    pub const ALL: [TopicKind; 6] = [
        TopicKind::Welcome,
        TopicKind::Intro,
        TopicKind::Ideas,
        TopicKind::Digest,
        TopicKind::Log,
        TopicKind::Help,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TopicKind::Welcome => "welcome",
            TopicKind::Intro => "intro",
            TopicKind::Ideas => "ideas",
            TopicKind::Digest => "digest",
            TopicKind::Log => "log",
            TopicKind::Help => "help",
        }
    }
}

impl fmt::Display for TopicKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for TopicKind {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let lower = s.trim().to_lowercase();
        TopicKind::ALL.into_iter().find(|k| k.as_str() == lower).ok_or(())
    }
}

/// What `/settopic` was asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetTopic {
    Bind(TopicKind),
    Unbind(TopicKind),
}

/// `/settopic <kind>` or `/settopic <kind> off`.
pub fn parse_set_topic(args: &str) -> Option<SetTopic> {
    let words: Vec<&str> = args.split_whitespace().collect();
    match words.as_slice() {
        [kind] => kind.parse().ok().map(SetTopic::Bind),
        [kind, off] if off.eq_ignore_ascii_case("off") => kind.parse().ok().map(SetTopic::Unbind),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip() {
        for k in TopicKind::ALL {
            assert_eq!(k.as_str().parse::<TopicKind>(), Ok(k));
        }
        assert_eq!("IDEAS".parse::<TopicKind>(), Ok(TopicKind::Ideas));
        assert!("offtopic".parse::<TopicKind>().is_err());
    }

    #[test]
    fn settopic_arguments() {
        assert_eq!(parse_set_topic("welcome"), Some(SetTopic::Bind(TopicKind::Welcome)));
        assert_eq!(parse_set_topic(" ideas  OFF "), Some(SetTopic::Unbind(TopicKind::Ideas)));
        assert_eq!(parse_set_topic(""), None);
        assert_eq!(parse_set_topic("welcome on"), None);
        assert_eq!(parse_set_topic("nonsense"), None);
        assert_eq!(parse_set_topic("log off extra"), None);
    }
}
