//! The ideas board's buttons: 👍 and 👎 on an idea's card.

use super::logic::Vote;
use crate::telegram::callback::{Button, Reader, Writer};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdeaButton {
    Vote { idea_id: i64, vote: Vote },
}

impl Button for IdeaButton {
    const PREFIX: &'static str = "idea";

    fn encode(&self) -> String {
        match self {
            IdeaButton::Vote { idea_id, vote } => {
                Writer::new(Self::PREFIX, "v").field(idea_id).field(vote.code()).finish()
            }
        }
    }

    fn decode(data: &str) -> Option<Self> {
        let (mut r, action) = Reader::new(data, Self::PREFIX)?;
        match action {
            "v" => {
                let value = IdeaButton::Vote { idea_id: r.field()?, vote: Vote::parse(r.word()?)? };
                r.end(value)
            }
            _ => None,
        }
    }

    fn examples() -> Vec<Self> {
        [Vote::Up, Vote::Down].map(|vote| IdeaButton::Vote { idea_id: i64::MIN, vote }).to_vec()
    }
}
