//! What the NPS and survey commands refuse, and the refusal as a localized
//! reply to the command.

use teloxide::types::Message;

use super::logic::MAX_QUESTION;
use crate::{
    i18n::Lang,
    kernel::{Ctx, HandlerResult, lang::lang_of},
    t,
    telegram::{HearthBot, send::reply},
};

/// What goes wrong with a command, as a localized reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NpsError {
    #[error("a poll is already open")]
    AlreadyOpen { number: i64 },
    #[error("no open poll")]
    NoOpenPoll,
    #[error("question too long")]
    QuestionTooLong { len: usize },
    #[error("not a poll number")]
    BadNumber,
    #[error("no such poll")]
    UnknownPoll { number: i64 },
    #[error("no polls yet")]
    NoPolls,
    #[error("a survey is already open")]
    SurveyOpen,
    #[error("no open survey")]
    NoOpenSurvey,
    #[error("no surveys yet")]
    NoSurveys,
}

impl NpsError {
    fn message(&self, lang: Lang) -> String {
        match self {
            NpsError::AlreadyOpen { number } => t!(lang, "nps-already-open", number = *number),
            NpsError::NoOpenPoll => t!(lang, "nps-none-open"),
            NpsError::QuestionTooLong { len } => {
                t!(lang, "nps-question-too-long", len = *len, max = MAX_QUESTION)
            }
            NpsError::BadNumber => t!(lang, "nps-results-usage"),
            NpsError::UnknownPoll { number } => t!(lang, "nps-unknown-poll", number = *number),
            NpsError::NoPolls => t!(lang, "nps-no-polls"),
            NpsError::SurveyOpen => t!(lang, "survey-already-open"),
            NpsError::NoOpenSurvey => t!(lang, "survey-none-open"),
            NpsError::NoSurveys => t!(lang, "survey-none"),
        }
    }
}

/// Answers the command with the refusal, in the language of its chat.
pub(super) async fn refuse(bot: &HearthBot, ctx: &Ctx, msg: &Message, err: NpsError) -> HandlerResult {
    let lang = lang_of(ctx, msg).await;
    reply(bot, msg, err.message(lang)).await?;
    Ok(())
}
