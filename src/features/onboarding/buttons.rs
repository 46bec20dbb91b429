//! Onboarding's buttons: the rules gate, the goals of the introduction, the
//! check-in answers.

use crate::telegram::callback::{Button, Reader, Writer};

/// A check-in answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckinAnswer {
    Ok,
    Help,
    Idea,
}

impl CheckinAnswer {
    pub const ALL: [CheckinAnswer; 3] = [CheckinAnswer::Ok, CheckinAnswer::Help, CheckinAnswer::Idea];

    pub fn code(self) -> &'static str {
        match self {
            CheckinAnswer::Ok => "ok",
            CheckinAnswer::Help => "help",
            CheckinAnswer::Idea => "idea",
        }
    }

    fn parse(code: &str) -> Option<CheckinAnswer> {
        CheckinAnswer::ALL.into_iter().find(|a| a.code() == code)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OnboardingButton {
    /// "I accept the rules": on a personal welcome `owner` is the newcomer;
    /// on a batch welcome any gated newcomer may press it.
    Accept { owner: Option<i64> },
    /// A goal in the introduction dialogue (its index in the chat's goals).
    Goal { chat_id: i64, index: u8 },
    /// An answer to the check-in DM.
    Checkin { answer: CheckinAnswer, chat_id: i64 },
}

impl Button for OnboardingButton {
    const PREFIX: &'static str = "onb";

    fn encode(&self) -> String {
        match self {
            OnboardingButton::Accept { owner: None } => Writer::new(Self::PREFIX, "acc").finish(),
            OnboardingButton::Accept { owner: Some(owner) } => {
                Writer::new(Self::PREFIX, "acc").field(owner).finish()
            }
            OnboardingButton::Goal { chat_id, index } => {
                Writer::new(Self::PREFIX, "goal").field(chat_id).field(index).finish()
            }
            OnboardingButton::Checkin { answer, chat_id } => {
                Writer::new(Self::PREFIX, "ci").field(answer.code()).field(chat_id).finish()
            }
        }
    }

    fn decode(data: &str) -> Option<Self> {
        let (mut r, action) = Reader::new(data, Self::PREFIX)?;
        match action {
            "acc" => {
                let owner = r.optional()?;
                r.end(OnboardingButton::Accept { owner })
            }
            "goal" => {
                let value = OnboardingButton::Goal { chat_id: r.field()?, index: r.field()? };
                r.end(value)
            }
            "ci" => {
                let answer = CheckinAnswer::parse(r.word()?)?;
                let value = OnboardingButton::Checkin { answer, chat_id: r.field()? };
                r.end(value)
            }
            _ => None,
        }
    }

    fn examples() -> Vec<Self> {
        let mut all = vec![
            OnboardingButton::Accept { owner: None },
            OnboardingButton::Accept { owner: Some(i64::MIN) },
            OnboardingButton::Goal { chat_id: i64::MIN, index: u8::MAX },
        ];
        all.extend(CheckinAnswer::ALL.map(|answer| OnboardingButton::Checkin { answer, chat_id: i64::MIN }));
        all
    }
}
