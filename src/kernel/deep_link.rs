//! Deep links: `https://t.me/<bot>?start=<payload>` opens a DM with the bot
//! and sends `/start <payload>`. Telegram allows 64 characters of
//! `A-Za-z0-9_-`; each feature that starts something from a link has a kind
//! here, and the tree hands `/start <payload>` to that feature.

use super::Ctx;

/// `/start` payloads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StartPayload {
    /// The introduction dialogue for a chat (onboarding).
    Onboarding { chat_id: i64 },
    /// A member's personal invitation (referrals).
    Referral { code: String },
    /// A customer's signed sign-in link from the company's site (entry):
    /// `c<token>`, the token checked by the feature.
    Customer { token: String },
}

impl StartPayload {
    pub fn parse(s: &str) -> Option<StartPayload> {
        if s.is_empty()
            || s.len() > 64
            || !s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return None;
        }
        if let Some(id) = s.strip_prefix("onb_") {
            return id.parse().ok().map(|chat_id| StartPayload::Onboarding { chat_id });
        }
        if let Some(code) = s.strip_prefix("ref_") {
            return (!code.is_empty()).then(|| StartPayload::Referral { code: code.to_owned() });
        }
        s.strip_prefix('c').filter(|t| !t.is_empty()).map(|t| StartPayload::Customer { token: t.to_owned() })
    }

    pub fn encode(&self) -> String {
        match self {
            StartPayload::Onboarding { chat_id } => format!("onb_{chat_id}"),
            StartPayload::Referral { code } => format!("ref_{code}"),
            StartPayload::Customer { token } => format!("c{token}"),
        }
    }

    /// The link that opens the bot with this payload.
    pub fn url(&self, ctx: &Ctx) -> String {
        format!("https://t.me/{}?start={}", ctx.bot_username(), self.encode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_refusals() {
        assert_eq!(StartPayload::parse("onb_-100123"), Some(StartPayload::Onboarding { chat_id: -100123 }));
        assert_eq!(StartPayload::parse("ref_abc-1"), Some(StartPayload::Referral { code: "abc-1".into() }));
        for bad in ["", "ref_", "onb_x", "hello", "ref_a b", &"a".repeat(65)] {
            assert_eq!(StartPayload::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn customer_links() {
        let p = StartPayload::parse("cAQNjLTEAAAAA_-x").unwrap();
        assert_eq!(p, StartPayload::Customer { token: "AQNjLTEAAAAA_-x".into() });
        assert_eq!(p.encode(), "cAQNjLTEAAAAA_-x");
        for bad in ["c", "c+x", "c=="] {
            assert_eq!(StartPayload::parse(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn payloads_never_panic_and_round_trip(s in "\\PC*", id in proptest::num::i64::ANY) {
            let _ = StartPayload::parse(&s);
            let p = StartPayload::Onboarding { chat_id: id };
            proptest::prop_assert_eq!(StartPayload::parse(&p.encode()), Some(p));
        }
    }
}
