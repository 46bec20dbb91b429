//! Entry's buttons: Approve and Decline under an application to join.

use crate::telegram::callback::{Button, Reader, Writer};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryButton {
    Approve { request_id: i64 },
    Decline { request_id: i64 },
}

impl EntryButton {
    pub fn request_id(self) -> i64 {
        match self {
            EntryButton::Approve { request_id } | EntryButton::Decline { request_id } => request_id,
        }
    }
}

impl Button for EntryButton {
    const PREFIX: &'static str = "ent";

    fn encode(&self) -> String {
        match self {
            EntryButton::Approve { request_id } => Writer::new(Self::PREFIX, "ok").field(request_id).finish(),
            EntryButton::Decline { request_id } => Writer::new(Self::PREFIX, "no").field(request_id).finish(),
        }
    }

    fn decode(data: &str) -> Option<Self> {
        let (mut r, action) = Reader::new(data, Self::PREFIX)?;
        let request_id = r.field()?;
        let button = match action {
            "ok" => EntryButton::Approve { request_id },
            "no" => EntryButton::Decline { request_id },
            _ => return None,
        };
        r.end(button)
    }

    fn examples() -> Vec<Self> {
        vec![EntryButton::Approve { request_id: i64::MAX }, EntryButton::Decline { request_id: i64::MIN }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        assert_eq!(crate::telegram::callback::check::<EntryButton>(), Ok(()));
        assert_eq!(EntryButton::decode("ent:ok:7"), Some(EntryButton::Approve { request_id: 7 }));
        for forged in ["ent:ok", "ent:ok:7:1", "ent:maybe:7", "ent:no:x", "ref:ok:7"] {
            assert_eq!(EntryButton::decode(forged), None, "{forged}");
        }
    }
}
