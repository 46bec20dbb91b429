//! Moderation's buttons: an admin's (or a community moderator's) decision
//! on a member's report, and an admin's on a message trusted reports hid.

use super::logic::{HiddenChoice, ReportChoice};
use crate::telegram::callback::{Button, Reader, Writer};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModerationButton {
    /// Warn, mute, ban or dismiss on a report card.
    Report { report_id: i64, choice: ReportChoice },
    /// Restore or Confirm on the notice of a hidden message.
    Hidden { hidden_id: i64, choice: HiddenChoice },
}

impl Button for ModerationButton {
    const PREFIX: &'static str = "mod";

    fn encode(&self) -> String {
        match self {
            ModerationButton::Report { report_id, choice } => {
                Writer::new(Self::PREFIX, "rep").field(report_id).field(choice.code()).finish()
            }
            ModerationButton::Hidden { hidden_id, choice } => {
                Writer::new(Self::PREFIX, "hid").field(hidden_id).field(choice.code()).finish()
            }
        }
    }

    fn decode(data: &str) -> Option<Self> {
        let (mut r, action) = Reader::new(data, Self::PREFIX)?;
        match action {
            "rep" => {
                let value = ModerationButton::Report {
                    report_id: r.field()?,
                    choice: ReportChoice::parse(r.word()?)?,
                };
                r.end(value)
            }
            "hid" => {
                let value = ModerationButton::Hidden {
                    hidden_id: r.field()?,
                    choice: HiddenChoice::parse(r.word()?)?,
                };
                r.end(value)
            }
            _ => None,
        }
    }

    fn examples() -> Vec<Self> {
        [ReportChoice::Warn, ReportChoice::Mute, ReportChoice::Ban, ReportChoice::Dismiss]
            .map(|choice| ModerationButton::Report { report_id: i64::MIN, choice })
            .into_iter()
            .chain(
                [HiddenChoice::Restore, HiddenChoice::Confirm]
                    .map(|choice| ModerationButton::Hidden { hidden_id: i64::MIN, choice }),
            )
            .collect()
    }
}
