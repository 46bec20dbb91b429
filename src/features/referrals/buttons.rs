//! Referrals' buttons: which chat a DM's /invite is for.

use crate::telegram::callback::{Button, Reader, Writer};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferralButton {
    /// The chat to make an invitation link for.
    PickChat { chat_id: i64 },
}

impl Button for ReferralButton {
    const PREFIX: &'static str = "ref";

    fn encode(&self) -> String {
        match self {
            ReferralButton::PickChat { chat_id } => Writer::new(Self::PREFIX, "inv").field(chat_id).finish(),
        }
    }

    fn decode(data: &str) -> Option<Self> {
        let (mut r, action) = Reader::new(data, Self::PREFIX)?;
        match action {
            "inv" => {
                let value = ReferralButton::PickChat { chat_id: r.field()? };
                r.end(value)
            }
            _ => None,
        }
    }

    fn examples() -> Vec<Self> {
        vec![ReferralButton::PickChat { chat_id: i64::MIN }]
    }
}
