//! Pure rules for ideas: statuses and their transitions, votes and scores,
//! the commands' arguments, rewards and the median time to done.

use std::{fmt, str::FromStr};

use chrono::Duration;

use crate::features::points::logic::Reason;

/// The longest idea accepted, in characters.
pub const MAX_IDEA_LEN: usize = 1000;
/// The longest status comment kept, in characters.
pub const MAX_COMMENT_LEN: usize = 500;

/// What can go wrong with an idea command or a vote; each maps to a
/// localized answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdeaError {
    #[error("the idea is empty")]
    Empty,
    #[error("the idea is longer than {max} characters")]
    TooLong { max: usize },
    #[error("no idea #{number} in this chat")]
    NotFound { number: i64 },
    #[error("unknown status {word:?}")]
    UnknownStatus { word: String },
    #[error("the idea already has this status")]
    SameStatus,
    #[error("the idea was merged into another")]
    Merged,
    #[error("cannot go from {from} to {to}")]
    NotAllowed { from: Status, to: Status },
    #[error("an idea cannot be merged into itself")]
    MergeSelf,
    #[error("the idea takes no votes in status {0}")]
    ClosedForVotes(Status),
}

/// Where an idea stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Open,
    Planned,
    InProgress,
    Done,
    Declined,
    /// A duplicate: its votes moved to another idea.
    Merged,
}

impl Status {
    pub const ALL: [Status; 6] =
        [Status::Open, Status::Planned, Status::InProgress, Status::Done, Status::Declined, Status::Merged];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Planned => "planned",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Declined => "declined",
            Status::Merged => "merged",
        }
    }

    /// The word an admin types in `/ideastatus`: planned, in_progress, done,
    /// declined (and a few spellings and Russian words for them).
    pub fn from_command(word: &str) -> Option<Status> {
        let w = word.trim().to_lowercase().replace('-', "_");
        match w.as_str() {
            "planned" | "plan" | "запланировано" | "запланирована" | "план" => {
                Some(Status::Planned)
            }
            "in_progress" | "inprogress" | "progress" | "wip" | "в_работе" | "вработе" => {
                Some(Status::InProgress)
            }
            "done" | "shipped" | "сделано" | "сделана" | "готово" => Some(Status::Done),
            "declined" | "decline" | "rejected" | "отклонено" | "отклонена" => {
                Some(Status::Declined)
            }
            _ => None,
        }
    }

    /// Members can vote while an idea is open or being worked on.
    pub fn accepts_votes(self) -> bool {
        matches!(self, Status::Open | Status::Planned | Status::InProgress)
    }

    /// Planned, in progress or done: the community took the idea up.
    pub fn is_taken_up(self) -> bool {
        matches!(self, Status::Planned | Status::InProgress | Status::Done)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Status {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Status::ALL.into_iter().find(|st| st.as_str() == s).ok_or(())
    }
}

/// Whether an admin may move an idea from `from` to `to`. A merged idea is
/// final; a done idea may be reopened (planned / in progress) but not
/// declined; a declined idea may be reconsidered.
pub fn transition(from: Status, to: Status) -> Result<(), IdeaError> {
    use Status::*;
    if from == Merged {
        return Err(IdeaError::Merged);
    }
    if from == to {
        return Err(IdeaError::SameStatus);
    }
    let ok = !matches!((from, to), (_, Open | Merged) | (Done, Declined));
    if ok { Ok(()) } else { Err(IdeaError::NotAllowed { from, to }) }
}

/// The points an author earns when an idea reaches `to`: taken up pays
/// [`Reason::IdeaPlanned`], done also [`Reason::IdeaDone`]. The ledger's key
/// (reason, idea) pays each once, however often the status changes.
pub fn rewards(to: Status) -> Vec<Reason> {
    match to {
        Status::Done => vec![Reason::IdeaPlanned, Reason::IdeaDone],
        s if s.is_taken_up() => vec![Reason::IdeaPlanned],
        _ => Vec::new(),
    }
}

/// Trims an idea and checks its length.
pub fn clean_idea(raw: &str) -> Result<String, IdeaError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(IdeaError::Empty);
    }
    if text.chars().count() > MAX_IDEA_LEN {
        return Err(IdeaError::TooLong { max: MAX_IDEA_LEN });
    }
    Ok(text.to_owned())
}

/// A 👍 or a 👎.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vote {
    Up,
    Down,
}

impl Vote {
    /// From callback data: `u` or `d`.
    pub fn parse(code: &str) -> Option<Vote> {
        match code {
            "u" => Some(Vote::Up),
            "d" => Some(Vote::Down),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Vote::Up => "u",
            Vote::Down => "d",
        }
    }

    /// Stored as +1 / -1.
    pub fn value(self) -> i64 {
        match self {
            Vote::Up => 1,
            Vote::Down => -1,
        }
    }
}

/// What a press did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VoteOutcome {
    /// The member's first vote on the idea.
    Counted,
    /// The member switched sides.
    Changed,
    /// The same vote again: nothing changes.
    Same,
}

/// A press given the member's previous vote (stored value, if any).
pub fn apply_vote(previous: Option<i64>, vote: Vote) -> VoteOutcome {
    match previous {
        None => VoteOutcome::Counted,
        Some(v) if v == vote.value() => VoteOutcome::Same,
        Some(_) => VoteOutcome::Changed,
    }
}

/// An idea's votes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub up: i64,
    pub down: i64,
}

impl Tally {
    pub fn score(self) -> i64 {
        self.up - self.down
    }
}

/// `/ideas [top|new|planned|done]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFilter {
    /// Ideas still in play (open, planned, in progress), best score first.
    Top,
    /// Open ideas, newest first.
    New,
    /// Planned and in progress.
    Planned,
    /// Done, most recent first.
    Done,
}

impl ListFilter {
    pub fn parse_arg(raw: &str) -> Option<ListFilter> {
        match raw.trim().to_lowercase().as_str() {
            "" | "top" => Some(ListFilter::Top),
            "new" => Some(ListFilter::New),
            "planned" | "in_progress" => Some(ListFilter::Planned),
            "done" => Some(ListFilter::Done),
            _ => None,
        }
    }
}

/// An idea number as typed: `3` or `#3`.
pub fn parse_number(raw: &str) -> Option<i64> {
    raw.trim().trim_start_matches('#').parse::<i64>().ok().filter(|n| *n > 0)
}

/// `/ideamerge <n> [into] <m>` (also `в`, `->`).
pub fn parse_merge(args: &str) -> Option<(i64, i64)> {
    let words: Vec<&str> = args.split_whitespace().collect();
    let (from, into) = match words.as_slice() {
        [from, into] => (from, into),
        [from, sep, into] if ["into", "to", "в", "->", "→"].contains(&sep.to_lowercase().as_str()) => {
            (from, into)
        }
        _ => return None,
    };
    Some((parse_number(from)?, parse_number(into)?))
}

/// `/ideastatus <n> <status> [comment]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusCommand {
    pub number: i64,
    pub status: Status,
    pub comment: Option<String>,
}

/// `None` for a malformed command (usage); an unknown status word is its
/// own error so the answer can name it.
pub fn parse_status(args: &str) -> Option<Result<StatusCommand, IdeaError>> {
    let mut it = args.trim().splitn(3, char::is_whitespace);
    let number = parse_number(it.next()?)?;
    let word = it.next().filter(|w| !w.is_empty())?;
    let Some(status) = Status::from_command(word) else {
        return Some(Err(IdeaError::UnknownStatus { word: word.to_owned() }));
    };
    let comment = it.next().and_then(clean_comment);
    Some(Ok(StatusCommand { number, status, comment }))
}

/// A status comment as kept: trimmed, none when empty, cut to
/// [`MAX_COMMENT_LEN`] characters (the command's and the dashboard's).
pub fn clean_comment(raw: &str) -> Option<String> {
    let c = raw.trim();
    if c.is_empty() {
        return None;
    }
    if c.chars().count() <= MAX_COMMENT_LEN {
        return Some(c.to_owned());
    }
    let mut cut: String = c.chars().take(MAX_COMMENT_LEN - 1).collect();
    cut.push('…');
    Some(cut)
}

/// The median of some durations (the mean of the middle two for an even count).
pub fn median(mut values: Vec<Duration>) -> Option<Duration> {
    if values.is_empty() {
        return None;
    }
    values.sort();
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2 })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_and_parse_from_commands() {
        for s in Status::ALL {
            assert_eq!(s.as_str().parse::<Status>(), Ok(s));
        }
        assert_eq!(Status::from_command("Done"), Some(Status::Done));
        assert_eq!(Status::from_command("in-progress"), Some(Status::InProgress));
        assert_eq!(Status::from_command("в_работе"), Some(Status::InProgress));
        assert_eq!(Status::from_command("отклонено"), Some(Status::Declined));
        assert_eq!(Status::from_command("open"), None, "admins cannot reopen to open");
        assert_eq!(Status::from_command("merged"), None, "merging is /ideamerge");
        assert_eq!(Status::from_command("maybe"), None);
    }

    #[test]
    fn transitions() {
        use Status::*;
        assert_eq!(transition(Open, Planned), Ok(()));
        assert_eq!(transition(Open, Done), Ok(()));
        assert_eq!(transition(Planned, InProgress), Ok(()));
        assert_eq!(transition(InProgress, Done), Ok(()));
        assert_eq!(transition(Declined, Planned), Ok(()), "reconsidered");
        assert_eq!(transition(Done, InProgress), Ok(()), "reopened");
        assert_eq!(transition(Done, Done), Err(IdeaError::SameStatus));
        assert_eq!(transition(Done, Declined), Err(IdeaError::NotAllowed { from: Done, to: Declined }));
        assert_eq!(transition(Merged, Planned), Err(IdeaError::Merged));
        assert!(transition(Planned, Open).is_err());
        assert!(transition(Open, Merged).is_err());
    }

    #[test]
    fn votes_and_scores() {
        assert_eq!(apply_vote(None, Vote::Up), VoteOutcome::Counted);
        assert_eq!(apply_vote(Some(1), Vote::Up), VoteOutcome::Same);
        assert_eq!(apply_vote(Some(1), Vote::Down), VoteOutcome::Changed);
        assert_eq!(apply_vote(Some(-1), Vote::Down), VoteOutcome::Same);
        assert_eq!(Tally { up: 3, down: 5 }.score(), -2);
        assert_eq!(Vote::parse("u"), Some(Vote::Up));
        assert_eq!(Vote::parse("x"), None);
        assert!(Status::Planned.accepts_votes());
        assert!(!Status::Declined.accepts_votes());
        assert!(!Status::Merged.accepts_votes());
        assert!(!Status::Done.accepts_votes());
    }

    #[test]
    fn rewards_pay_planned_and_done() {
        assert_eq!(rewards(Status::Planned), vec![Reason::IdeaPlanned]);
        assert_eq!(rewards(Status::InProgress), vec![Reason::IdeaPlanned]);
        assert_eq!(rewards(Status::Done), vec![Reason::IdeaPlanned, Reason::IdeaDone]);
        assert!(rewards(Status::Declined).is_empty());
        assert_eq!(Reason::IdeaPlanned.default_points(), Some(20));
        assert_eq!(Reason::IdeaDone.default_points(), Some(50));
    }

    #[test]
    fn idea_text() {
        assert_eq!(clean_idea("  a dark theme "), Ok("a dark theme".into()));
        assert_eq!(clean_idea(" \n "), Err(IdeaError::Empty));
        assert_eq!(clean_idea(&"я".repeat(MAX_IDEA_LEN)).map(|s| s.chars().count()), Ok(MAX_IDEA_LEN));
        assert_eq!(clean_idea(&"x".repeat(MAX_IDEA_LEN + 1)), Err(IdeaError::TooLong { max: MAX_IDEA_LEN }));
    }

    #[test]
    fn command_arguments() {
        assert_eq!(parse_number("#12"), Some(12));
        assert_eq!(parse_number("0"), None);
        assert_eq!(parse_number("-3"), None);
        assert_eq!(parse_merge("3 into 1"), Some((3, 1)));
        assert_eq!(parse_merge("#3 #1"), Some((3, 1)));
        assert_eq!(parse_merge("3 в 1"), Some((3, 1)));
        assert_eq!(parse_merge("3"), None);
        assert_eq!(parse_merge("3 onto 1"), None);
        assert_eq!(
            parse_status("2 done Shipped in v2"),
            Some(Ok(StatusCommand {
                number: 2,
                status: Status::Done,
                comment: Some("Shipped in v2".into())
            }))
        );
        assert_eq!(
            parse_status("#2 planned"),
            Some(Ok(StatusCommand { number: 2, status: Status::Planned, comment: None }))
        );
        assert_eq!(parse_status("2 maybe"), Some(Err(IdeaError::UnknownStatus { word: "maybe".into() })));
        assert_eq!(parse_status("2"), None);
        assert_eq!(parse_status("x done"), None);
        assert_eq!(parse_status(""), None);
        let long = format!("1 done {}", "c".repeat(2000));
        let Some(Ok(cmd)) = parse_status(&long) else { panic!("parses") };
        assert_eq!(cmd.comment.map(|c| c.chars().count()), Some(MAX_COMMENT_LEN));
        assert_eq!(ListFilter::parse_arg(""), Some(ListFilter::Top));
        assert_eq!(ListFilter::parse_arg("DONE"), Some(ListFilter::Done));
        assert_eq!(ListFilter::parse_arg("old"), None);
    }

    #[test]
    fn medians() {
        assert_eq!(median(vec![]), None);
        let d = Duration::days;
        assert_eq!(median(vec![d(5), d(1), d(3)]), Some(d(3)));
        assert_eq!(median(vec![d(4), d(2)]), Some(d(3)));
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic(s in "\\PC*") {
            let _ = parse_status(&s);
            let _ = parse_merge(&s);
            let _ = clean_idea(&s);
            let _ = ListFilter::parse_arg(&s);
        }
    }
}
