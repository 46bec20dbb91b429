//! The one-question survey of the First nudge: its answers.

use crate::named::named_enum;

/// The one-tap survey in the First nudge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SurveyAnswer {
    NoTime,
    NotInterested,
    DontKnowWhereToStart,
    Other,
}

named_enum!(SurveyAnswer, "survey answer", {
    NoTime => "no_time",
    NotInterested => "not_interested",
    DontKnowWhereToStart => "where_to_start",
    Other => "other",
});
