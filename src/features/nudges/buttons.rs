//! The nudges' buttons: an answer to the first nudge's one-question survey.

use super::logic::SurveyAnswer;
use crate::telegram::callback::{Button, Reader, Writer};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NudgeButton {
    /// "What keeps you quiet in <chat>?"
    Survey { chat_id: i64, answer: SurveyAnswer },
}

impl Button for NudgeButton {
    const PREFIX: &'static str = "ndg";

    fn encode(&self) -> String {
        match self {
            NudgeButton::Survey { chat_id, answer } => {
                Writer::new(Self::PREFIX, "sv").field(chat_id).field(answer.as_str()).finish()
            }
        }
    }

    fn decode(data: &str) -> Option<Self> {
        let (mut r, action) = Reader::new(data, Self::PREFIX)?;
        match action {
            "sv" => {
                let value = NudgeButton::Survey { chat_id: r.field()?, answer: r.field()? };
                r.end(value)
            }
            _ => None,
        }
    }

    fn examples() -> Vec<Self> {
        SurveyAnswer::ALL.iter().map(|&answer| NudgeButton::Survey { chat_id: i64::MIN, answer }).collect()
    }
}
