//! NPS's buttons: a score on a poll, an answer on a survey question. Both
//! are read strictly (no signs, no leading zeros), so a forged value never
//! reaches a vote.

use super::logic::{self, Agreement, Score};
use crate::telegram::callback::{Button, Reader, Writer};

/// A score button: `nps:v:<poll id>:<0–10>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollButton {
    pub poll_id: i64,
    pub score: Score,
}

impl Button for PollButton {
    const PREFIX: &'static str = "nps";

    fn encode(&self) -> String {
        Writer::new(Self::PREFIX, "v").field(self.poll_id).field(self.score.get()).finish()
    }

    fn decode(data: &str) -> Option<Self> {
        let (mut r, action) = Reader::new(data, Self::PREFIX)?;
        if action != "v" {
            return None;
        }
        let value = PollButton { poll_id: logic::parse_id(r.word()?)?, score: Score::parse(r.word()?)? };
        r.end(value)
    }

    fn examples() -> Vec<Self> {
        (0..=10).filter_map(Score::new).map(|score| PollButton { poll_id: MAX_ID, score }).collect()
    }
}

/// A survey button: `srv:a:<survey id>:<question 0–3>:<1–5>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyButton {
    pub survey_id: i64,
    pub question: usize,
    pub value: Agreement,
}

impl Button for SurveyButton {
    const PREFIX: &'static str = "srv";

    fn encode(&self) -> String {
        Writer::new(Self::PREFIX, "a")
            .field(self.survey_id)
            .field(self.question)
            .field(self.value.get())
            .finish()
    }

    fn decode(data: &str) -> Option<Self> {
        let (mut r, action) = Reader::new(data, Self::PREFIX)?;
        if action != "a" {
            return None;
        }
        let value = SurveyButton {
            survey_id: logic::parse_id(r.word()?)?,
            question: logic::parse_question(r.word()?)?,
            value: Agreement::parse(r.word()?)?,
        };
        r.end(value)
    }

    fn examples() -> Vec<Self> {
        (0..4)
            .flat_map(|question| {
                (1..=5).filter_map(move |v| {
                    let value = Agreement::parse(&v.to_string())?;
                    Some(SurveyButton { survey_id: MAX_ID, question, value })
                })
            })
            .collect()
    }
}

/// The longest id `logic::parse_id` reads back (18 digits).
const MAX_ID: i64 = 999_999_999_999_999_999;
