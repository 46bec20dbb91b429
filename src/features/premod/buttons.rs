//! Premoderation's buttons on a review card: Approve, Reject (which shows
//! the reasons), a reason, and back. Each names the chat and the post, so a
//! press is checked against both.

use super::logic::RejectReason;
use crate::telegram::callback::{Button, Reader, Writer};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PremodButton {
    Approve {
        chat: i64,
        post: i64,
    },
    /// Shows the reasons in place of Approve / Reject.
    Reject {
        chat: i64,
        post: i64,
    },
    Reason {
        chat: i64,
        post: i64,
        reason: RejectReason,
    },
    /// Back to Approve / Reject.
    Back {
        chat: i64,
        post: i64,
    },
}

impl PremodButton {
    pub fn chat_and_post(&self) -> (i64, i64) {
        match *self {
            PremodButton::Approve { chat, post }
            | PremodButton::Reject { chat, post }
            | PremodButton::Reason { chat, post, .. }
            | PremodButton::Back { chat, post } => (chat, post),
        }
    }
}

impl Button for PremodButton {
    const PREFIX: &'static str = "pm";

    fn encode(&self) -> String {
        let (chat, post) = self.chat_and_post();
        let action = match self {
            PremodButton::Approve { .. } => "a",
            PremodButton::Reject { .. } => "r",
            PremodButton::Reason { .. } => "x",
            PremodButton::Back { .. } => "b",
        };
        let writer = Writer::new(Self::PREFIX, action).field(chat).field(post);
        match self {
            PremodButton::Reason { reason, .. } => writer.field(reason.as_str()).finish(),
            _ => writer.finish(),
        }
    }

    fn decode(data: &str) -> Option<Self> {
        let (mut r, action) = Reader::new(data, Self::PREFIX)?;
        let (chat, post) = (r.field()?, r.field()?);
        match action {
            "a" => r.end(PremodButton::Approve { chat, post }),
            "r" => r.end(PremodButton::Reject { chat, post }),
            "b" => r.end(PremodButton::Back { chat, post }),
            "x" => {
                let reason = r.word()?.parse().ok()?;
                r.end(PremodButton::Reason { chat, post, reason })
            }
            _ => None,
        }
    }

    fn examples() -> Vec<Self> {
        let (chat, post) = (-1_009_999_999_999_999, i64::MAX);
        let mut all = vec![
            PremodButton::Approve { chat, post },
            PremodButton::Reject { chat, post },
            PremodButton::Back { chat, post },
        ];
        all.extend(RejectReason::ALL.iter().map(|&reason| PremodButton::Reason { chat, post, reason }));
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::telegram::callback::check;

    #[test]
    fn fit_and_refuse_forgeries() {
        assert_eq!(check::<PremodButton>(), Ok(()));
        assert_eq!(PremodButton::decode("pm:a:-100:7"), Some(PremodButton::Approve { chat: -100, post: 7 }));
        for forged in
            ["pm:a:-100", "pm:a:-100:7:1", "pm:x:-100:7:rude", "pm:q:-100:7", "pm:a:x:7", "mod:a:1:2"]
        {
            assert_eq!(PremodButton::decode(forged), None, "{forged}");
        }
    }
}
