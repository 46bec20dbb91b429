//! Raid mode's button: "End raid mode" under the admins' notice.

use crate::telegram::callback::{Button, Reader, Writer};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RaidButton {
    End { raid_id: i64 },
}

impl Button for RaidButton {
    const PREFIX: &'static str = "raid";

    fn encode(&self) -> String {
        match self {
            RaidButton::End { raid_id } => Writer::new(Self::PREFIX, "end").field(raid_id).finish(),
        }
    }

    fn decode(data: &str) -> Option<Self> {
        let (mut r, action) = Reader::new(data, Self::PREFIX)?;
        let button = match action {
            "end" => RaidButton::End { raid_id: r.field()? },
            _ => return None,
        };
        r.end(button)
    }

    fn examples() -> Vec<Self> {
        vec![RaidButton::End { raid_id: i64::MIN }, RaidButton::End { raid_id: i64::MAX }]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_refusals() {
        assert_eq!(crate::telegram::callback::check::<RaidButton>(), Ok(()));
        assert_eq!(RaidButton::decode("raid:end:7"), Some(RaidButton::End { raid_id: 7 }));
        for forged in ["raid:end", "raid:end:7:1", "raid:go:7", "raid:end:x", "ent:end:7"] {
            assert_eq!(RaidButton::decode(forged), None, "{forged}");
        }
    }
}
