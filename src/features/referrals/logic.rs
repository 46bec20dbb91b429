//! Pure rules for referrals: invite-link names, deep-link codes and when a
//! referral qualifies.

use std::{fmt, str::FromStr};

use chrono::{DateTime, Duration, Utc};

// ------------------------------------------------------------ invite links

const LINK_PREFIX: &str = "ref ";

/// The name of the invite link the bot makes for a member: `ref <user id>`
/// (at most 24 chars; Telegram allows 32).
pub fn invite_link_name(user_id: i64) -> String {
    format!("{LINK_PREFIX}{user_id}")
}

/// The user id back from an invite link name; `None` for any other name,
/// including non-canonical ones (`ref +5`, `ref 007`).
pub fn parse_invite_link_name(name: &str) -> Option<i64> {
    let id = name.strip_prefix(LINK_PREFIX)?.parse().ok()?;
    (invite_link_name(id) == name).then_some(id)
}

// -------------------------------------------------------------- deep links

const PAYLOAD_PREFIX: &str = "ref_";
const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
/// Checksum width in base-36 digits (36⁵ ≈ 6·10⁷ values).
const CHECK_LEN: usize = 5;
const CHECK_MOD: u64 = 36u64.pow(CHECK_LEN as u32);

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(u: u64) -> i64 {
    ((u >> 1) as i64) ^ -((u & 1) as i64)
}

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn base36(mut n: u64, min_len: usize, out: &mut String) {
    let mut buf = Vec::with_capacity(13);
    while n > 0 || buf.len() < min_len.max(1) {
        buf.push(DIGITS[(n % 36) as usize]);
        n /= 36;
    }
    out.extend(buf.iter().rev().map(|&b| char::from(b)));
}

fn checksum(chat: u64, user: u64) -> u64 {
    // The constant keeps these sums apart from other SplitMix64 uses.
    splitmix64(splitmix64(chat ^ 0x7265_665F_636F_6465) ^ user) % CHECK_MOD
}

/// The referral code for member `user_id` of `chat_id`:
/// `<chat>-<user>-<check>`, the ids zigzag-encoded in base 36 (lowercase)
/// and a 5-digit checksum. At most 33 chars, all `[0-9a-z-]`.
///
/// The checksum catches typos and casual tampering; it is not a secret
/// (the code is open), so a forged code can at most credit someone else.
pub fn encode_code(chat_id: i64, user_id: i64) -> String {
    let (chat, user) = (zigzag(chat_id), zigzag(user_id));
    let mut out = String::with_capacity(33);
    base36(chat, 1, &mut out);
    out.push('-');
    base36(user, 1, &mut out);
    out.push('-');
    base36(checksum(chat, user), CHECK_LEN, &mut out);
    out
}

/// `(chat_id, user_id)` from a code; `None` unless it is exactly what
/// [`encode_code`] makes (so garbled, forged or re-cased codes fail).
pub fn decode_code(code: &str) -> Option<(i64, i64)> {
    if code.len() > 33 {
        return None;
    }
    let mut parts = code.split('-');
    let chat = parse_base36(parts.next()?)?;
    let user = parse_base36(parts.next()?)?;
    let ids = (unzigzag(chat), unzigzag(user));
    (encode_code(ids.0, ids.1) == code).then_some(ids)
}

fn parse_base36(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    s.bytes().try_fold(0u64, |n, b| {
        let digit = DIGITS.iter().position(|&d| d == b)? as u64;
        n.checked_mul(36)?.checked_add(digit)
    })
}

/// The `/start` payload: `ref_<code>` (≤ 37 chars of `[0-9a-z_-]`, within
/// Telegram's 64), for `t.me/<bot>?start=ref_<code>`.
pub fn start_payload(chat_id: i64, user_id: i64) -> String {
    format!("{PAYLOAD_PREFIX}{}", encode_code(chat_id, user_id))
}

/// `(chat_id, user_id)` from a `/start` payload made by [`start_payload`].
pub fn parse_start_payload(payload: &str) -> Option<(i64, i64)> {
    decode_code(payload.strip_prefix(PAYLOAD_PREFIX)?)
}

// ----------------------------------------------------------- qualification

/// What an invited newcomer must do before the referral counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QualifyRules {
    /// Accept the chat's rules (pass `false` where the chat has no rules gate).
    pub require_rules: bool,
    /// Messages posted since joining.
    pub min_messages: u32,
    /// Days of membership.
    pub qualify_days: u32,
}

impl Default for QualifyRules {
    fn default() -> Self {
        Self { require_rules: true, min_messages: 1, qualify_days: 7 }
    }
}

/// The invited newcomer, as far as qualification cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invitee {
    pub joined_at: DateTime<Utc>,
    pub rules_accepted: bool,
    /// Messages posted since joining.
    pub messages: u32,
    /// Left (or was removed) since joining.
    pub left: bool,
    /// The link or code belongs to the newcomer themselves.
    pub self_referral: bool,
    /// First time in this chat (no earlier membership seen).
    pub first_join: bool,
}

/// What a pending referral still needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Missing {
    /// The rules are still to be accepted.
    pub rules: bool,
    /// Messages still to post.
    pub messages: u32,
    /// Membership must last until then (`None`: long enough already).
    pub until: Option<DateTime<Utc>>,
}

/// Why a referral will never count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum VoidReason {
    Left,
    SelfReferral,
    Rejoin,
}

impl VoidReason {
    pub const ALL: &[VoidReason] = &[VoidReason::Left, VoidReason::SelfReferral, VoidReason::Rejoin];

    /// The stored name: `left`, `self_referral`, `rejoin`.
    pub fn as_str(self) -> &'static str {
        match self {
            VoidReason::Left => "left",
            VoidReason::SelfReferral => "self_referral",
            VoidReason::Rejoin => "rejoin",
        }
    }
}

impl fmt::Display for VoidReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown [`VoidReason`] name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown void reason: {0:?}")]
pub struct UnknownVoidReason(pub String);

impl FromStr for VoidReason {
    type Err = UnknownVoidReason;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL.iter().copied().find(|r| r.as_str() == s).ok_or_else(|| UnknownVoidReason(s.to_owned()))
    }
}

/// Where a referral stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralStatus {
    Pending { missing: Missing },
    Qualified,
    Void(VoidReason),
}

impl ReferralStatus {
    /// `pending`, `qualified` or `void`.
    pub fn as_str(&self) -> &'static str {
        match self {
            ReferralStatus::Pending { .. } => "pending",
            ReferralStatus::Qualified => "qualified",
            ReferralStatus::Void(_) => "void",
        }
    }
}

/// Where a referral stands now. Void reasons are checked in the order
/// self-referral, rejoin, left. Qualification is final: store it and stop
/// re-evaluating (a member who leaves after qualifying still counts).
pub fn referral_status(rules: &QualifyRules, invitee: &Invitee, now: DateTime<Utc>) -> ReferralStatus {
    if invitee.self_referral {
        return ReferralStatus::Void(VoidReason::SelfReferral);
    }
    if !invitee.first_join {
        return ReferralStatus::Void(VoidReason::Rejoin);
    }
    if invitee.left {
        return ReferralStatus::Void(VoidReason::Left);
    }
    let wait = Duration::days(i64::from(rules.qualify_days));
    let missing = Missing {
        rules: rules.require_rules && !invitee.rules_accepted,
        messages: rules.min_messages.saturating_sub(invitee.messages),
        until: (now - invitee.joined_at < wait)
            .then(|| invitee.joined_at.checked_add_signed(wait).unwrap_or(DateTime::<Utc>::MAX_UTC)),
    };
    if missing == Missing::default() {
        ReferralStatus::Qualified
    } else {
        ReferralStatus::Pending { missing }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SUPERGROUP: i64 = -1001234567890;

    fn t(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn invite_link_names() {
        assert_eq!(invite_link_name(42), "ref 42");
        for id in [0, 42, -7, i64::MAX, i64::MIN] {
            let name = invite_link_name(id);
            assert!(name.chars().count() <= 32, "{name}");
            assert_eq!(parse_invite_link_name(&name), Some(id));
        }
        for bad in ["ref", "ref ", "ref x", "ref +5", "ref 007", "ref -0", "Ref 5", "ref 5 ", "refs 5", ""] {
            assert_eq!(parse_invite_link_name(bad), None, "{bad:?}");
        }
        assert_eq!(parse_invite_link_name("ref 99999999999999999999"), None);
    }

    #[test]
    fn codes_for_real_ids() {
        let code = encode_code(SUPERGROUP, 123456789);
        assert_eq!(decode_code(&code), Some((SUPERGROUP, 123456789)));
        let payload = start_payload(SUPERGROUP, 123456789);
        assert_eq!(payload, format!("ref_{code}"));
        assert_eq!(parse_start_payload(&payload), Some((SUPERGROUP, 123456789)));
        // Pinned: a change here breaks every link already shared.
        assert_eq!(code, "pjx6f5wj-4307qi-lz376");
        let worst = start_payload(i64::MIN, i64::MIN);
        assert_eq!(worst.len(), 37);
        assert_eq!(parse_start_payload(&worst), Some((i64::MIN, i64::MIN)));
        assert_eq!(decode_code(&encode_code(0, 0)), Some((0, 0)));
    }

    #[test]
    fn garbled_codes_fail() {
        let code = encode_code(SUPERGROUP, 123456789);
        assert_eq!(decode_code(&code.to_uppercase()), None);
        assert_eq!(decode_code(&format!("0{code}")), None);
        assert_eq!(decode_code(&format!("{code}-")), None);
        assert_eq!(decode_code(&format!("{code}0")), None);
        assert_eq!(parse_start_payload(&code), None);
        assert_eq!(parse_start_payload(&format!("REF_{code}")), None);
        // Another member's id with this checksum.
        let (chat, _) = code.split_once('-').unwrap();
        let check = &code[code.len() - CHECK_LEN..];
        assert_eq!(decode_code(&format!("{chat}-2-{check}")), None);
        // Every single-digit substitution is caught.
        for (i, b) in code.bytes().enumerate().filter(|(_, b)| *b != b'-') {
            for &d in DIGITS.iter().filter(|&&d| d != b) {
                let mut garbled = code.clone().into_bytes();
                garbled[i] = d;
                assert_eq!(decode_code(std::str::from_utf8(&garbled).unwrap()), None);
            }
        }
        for bad in ["", "-", "--", "a-b", "a-b-", "1-1-00000", "zzzzzzzzzzzzzz-1-00000", "é-1-00000"] {
            assert_eq!(decode_code(bad), None, "{bad:?}");
        }
    }

    proptest! {
        #[test]
        fn round_trips(chat in any::<i64>(), user in any::<i64>()) {
            let payload = start_payload(chat, user);
            prop_assert!(payload.len() <= 64);
            prop_assert!(payload.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'));
            prop_assert_eq!(parse_start_payload(&payload), Some((chat, user)));
        }

        #[test]
        fn decode_never_panics(s in "\\PC{0,80}") {
            let _ = decode_code(&s);
            let _ = parse_start_payload(&s);
            let _ = parse_invite_link_name(&s);
        }

        #[test]
        fn near_codes_never_panic(s in "ref_[0-9a-z]{0,14}-[0-9a-z]{0,14}-[0-9a-z]{0,6}") {
            let _ = parse_start_payload(&s);
        }

        #[test]
        fn one_changed_digit_fails(chat in any::<i64>(), user in any::<i64>(), pos in any::<prop::sample::Index>(), digit in 0usize..36) {
            let code = encode_code(chat, user);
            let i = pos.index(code.len());
            let mut bytes = code.clone().into_bytes();
            prop_assume!(bytes[i] != b'-' && bytes[i] != DIGITS[digit]);
            bytes[i] = DIGITS[digit];
            let garbled = String::from_utf8(bytes).unwrap();
            // A collision is possible in principle (1 in 36⁵), never for the original ids.
            prop_assert_ne!(decode_code(&garbled), Some((chat, user)));
        }
    }

    fn invitee() -> Invitee {
        Invitee {
            joined_at: t("2026-11-01T10:00:00Z"),
            rules_accepted: true,
            messages: 1,
            left: false,
            self_referral: false,
            first_join: true,
        }
    }

    #[test]
    fn qualifies_after_all_conditions() {
        let rules = QualifyRules::default();
        let now = t("2026-11-08T10:00:00Z");
        assert_eq!(referral_status(&rules, &invitee(), now), ReferralStatus::Qualified);
        assert_eq!(ReferralStatus::Qualified.as_str(), "qualified");
    }

    #[test]
    fn pending_says_what_is_missing() {
        let rules = QualifyRules::default();
        let now = t("2026-11-03T10:00:00Z");
        let fresh = Invitee { rules_accepted: false, messages: 0, ..invitee() };
        let status = referral_status(&rules, &fresh, now);
        let missing = Missing { rules: true, messages: 1, until: Some(t("2026-11-08T10:00:00Z")) };
        assert_eq!(status, ReferralStatus::Pending { missing });
        assert_eq!(status.as_str(), "pending");
        // Time served, still no message.
        let later = t("2026-11-20T10:00:00Z");
        let quiet = Invitee { messages: 0, ..invitee() };
        let missing = Missing { messages: 1, ..Missing::default() };
        assert_eq!(referral_status(&rules, &quiet, later), ReferralStatus::Pending { missing });
        // No rules gate.
        let lax = QualifyRules { require_rules: false, min_messages: 3, qualify_days: 0 };
        let status = referral_status(&lax, &Invitee { rules_accepted: false, ..invitee() }, later);
        assert_eq!(
            status,
            ReferralStatus::Pending { missing: Missing { messages: 2, ..Missing::default() } }
        );
        let chatty = Invitee { rules_accepted: false, messages: 5, ..invitee() };
        assert_eq!(referral_status(&lax, &chatty, later), ReferralStatus::Qualified);
        // An absurd wait never overflows.
        let forever = QualifyRules { qualify_days: u32::MAX, ..rules };
        let status = referral_status(&forever, &invitee(), later);
        let missing = Missing { until: Some(DateTime::<Utc>::MAX_UTC), ..Missing::default() };
        assert_eq!(status, ReferralStatus::Pending { missing });
    }

    #[test]
    fn void_reasons() {
        let rules = QualifyRules::default();
        let now = t("2026-11-20T10:00:00Z");
        let check = |i: Invitee| referral_status(&rules, &i, now);
        assert_eq!(check(Invitee { left: true, ..invitee() }), ReferralStatus::Void(VoidReason::Left));
        assert_eq!(
            check(Invitee { first_join: false, ..invitee() }),
            ReferralStatus::Void(VoidReason::Rejoin)
        );
        let selfish = Invitee { self_referral: true, first_join: false, left: true, ..invitee() };
        assert_eq!(check(selfish), ReferralStatus::Void(VoidReason::SelfReferral));
        let rejoined_left = Invitee { first_join: false, left: true, ..invitee() };
        assert_eq!(check(rejoined_left), ReferralStatus::Void(VoidReason::Rejoin));
        assert_eq!(ReferralStatus::Void(VoidReason::Left).as_str(), "void");
    }

    #[test]
    fn void_reason_names() {
        for r in VoidReason::ALL {
            assert_eq!(r.to_string().parse::<VoidReason>().unwrap(), *r);
        }
        assert_eq!(VoidReason::SelfReferral.as_str(), "self_referral");
        let err = "gone".parse::<VoidReason>().unwrap_err();
        assert_eq!(err, UnknownVoidReason("gone".into()));
        assert!(err.to_string().contains("gone"));
    }
}
