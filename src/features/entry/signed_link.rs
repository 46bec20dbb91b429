//! Signed sign-in links: the company's site gives a logged-in customer
//! `https://t.me/<bot>?start=c<token>`, and the bot trusts the customer id
//! inside because only the holder of HEARTH_LINK_SECRET can sign it.
//!
//! The token is base64url (RFC 4648 §5, no padding) of
//!
//! ```text
//! body = version (1 byte, 1) ‖ id length n (1 byte) ‖ customer id (n bytes, UTF-8)
//!        ‖ expiry (4 bytes, Unix seconds, big-endian)
//! mac  = first 12 bytes of HMAC-SHA256(key = HEARTH_LINK_SECRET,
//!                                      msg = lowercase bot username ‖ 0x00 ‖ body)
//! token = base64url(body ‖ mac)
//! ```
//!
//! Telegram's start parameter holds 64 characters of `A-Za-z0-9_-`: "c" and
//! 63 characters of base64url, which carry 47 bytes, so the id is at most
//! 47 − 18 = 29 bytes. The bot's username in the MAC makes another bot's
//! link (even one signed with the same key) fail here.

use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// The layout's version (the first byte).
pub const VERSION: u8 = 1;
/// Bytes of the HMAC kept (96 bits).
pub const MAC_LEN: usize = 12;
/// The longest customer id a link can carry, in UTF-8 bytes.
pub const MAX_ID_LEN: usize = 29;
/// Version, length and expiry around the id.
const FIXED: usize = 1 + 1 + 4;

/// Why a link cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    #[error(
        "a customer id in a link is 1 to {MAX_ID_LEN} bytes (Telegram's start parameter holds 64 characters); {id:?} is {len}"
    )]
    IdLength { id: String, len: usize },
    #[error("the expiry must be a Unix time between now and 2106")]
    Expiry,
    #[error("the link secret cannot key an HMAC")]
    Key,
}

/// Why a link is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// Not a token of this layout (cut, or not base64url).
    Malformed,
    /// The MAC does not match: changed, signed with another key, or made for
    /// another bot.
    BadSignature,
    /// Signed, but past its expiry (Unix seconds).
    Expired { at: i64 },
}

impl LinkError {
    /// For the logs (never the token itself).
    pub fn reason(self) -> &'static str {
        match self {
            LinkError::Malformed => "malformed",
            LinkError::BadSignature => "bad_signature",
            LinkError::Expired { .. } => "expired",
        }
    }
}

/// A link that checked out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub customer_id: String,
    pub expires_at: i64,
}

/// The bot's username as signed: without `@`, lower-case (Telegram's
/// usernames are case-insensitive).
pub fn signed_username(bot_username: &str) -> String {
    bot_username.trim_start_matches('@').to_ascii_lowercase()
}

/// The MAC over the username and the body (`None` only for a key HMAC
/// refuses, which it never does: it takes keys of any length).
fn mac(secret: &[u8], bot_username: &str, body: &[u8]) -> Option<HmacSha256> {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret).ok()?;
    mac.update(signed_username(bot_username).as_bytes());
    mac.update(&[0]);
    mac.update(body);
    Some(mac)
}

/// The token (after "c") of a link for `customer_id` valid until `expires_at`.
pub fn sign(
    secret: &[u8],
    bot_username: &str,
    customer_id: &str,
    expires_at: i64,
) -> Result<String, SignError> {
    let id = customer_id.as_bytes();
    if id.is_empty() || id.len() > MAX_ID_LEN {
        return Err(SignError::IdLength { id: customer_id.to_owned(), len: id.len() });
    }
    let expiry = u32::try_from(expires_at).map_err(|_| SignError::Expiry)?;
    let mut body = Vec::with_capacity(FIXED + id.len() + MAC_LEN);
    body.push(VERSION);
    body.push(id.len() as u8);
    body.extend_from_slice(id);
    body.extend_from_slice(&expiry.to_be_bytes());
    let tag = mac(secret, bot_username, &body).ok_or(SignError::Key)?.finalize().into_bytes();
    body.extend_from_slice(&tag[..MAC_LEN]);
    Ok(base64url_encode(&body))
}

/// Checks a token: its layout, its MAC (in constant time), then its expiry.
pub fn verify(secret: &[u8], bot_username: &str, token: &str, now: i64) -> Result<Verified, LinkError> {
    let bytes = base64url_decode(token).ok_or(LinkError::Malformed)?;
    let (&version, rest) = bytes.split_first().ok_or(LinkError::Malformed)?;
    let (&len, rest) = rest.split_first().ok_or(LinkError::Malformed)?;
    let len = usize::from(len);
    if version != VERSION || len == 0 || len > MAX_ID_LEN || rest.len() != len + 4 + MAC_LEN {
        return Err(LinkError::Malformed);
    }
    let (body, tag) = bytes.split_at(FIXED + len);
    let mac = mac(secret, bot_username, body).ok_or(LinkError::BadSignature)?;
    mac.verify_truncated_left(tag).map_err(|_| LinkError::BadSignature)?;
    let customer_id = std::str::from_utf8(&body[2..2 + len]).map_err(|_| LinkError::Malformed)?;
    let mut expiry = [0u8; 4];
    expiry.copy_from_slice(&body[2 + len..]);
    let expires_at = i64::from(u32::from_be_bytes(expiry));
    if expires_at <= now {
        return Err(LinkError::Expired { at: expires_at });
    }
    Ok(Verified { customer_id: customer_id.to_owned(), expires_at })
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

/// base64url without padding, strictly: only the alphabet, no impossible
/// length, and unused trailing bits zero (one byte string, one spelling).
pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let values: Vec<u32> = text
        .bytes()
        .map(|c| ALPHABET.iter().position(|a| *a == c).map(|v| v as u32))
        .collect::<Option<_>>()?;
    if values.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(values.len() * 3 / 4);
    for chunk in values.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, v)| n | v << (18 - 6 * i));
        let bytes = chunk.len() - 1;
        let unused = n & ((1 << (24 - 8 * bytes)) - 1);
        if unused != 0 {
            return None;
        }
        out.extend((0..bytes).map(|i| (n >> (16 - 8 * i)) as u8));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &[u8] = b"a-link-secret-of-16-chars";
    const BOT: &str = "hearth_sim_bot";
    /// 2026-11-09T10:00:00Z
    const EXPIRY: i64 = 1_794_218_400;

    #[test]
    fn a_signed_link_checks_out_until_it_expires() {
        let token = sign(KEY, BOT, "c-1001", EXPIRY).unwrap();
        let ok = Verified { customer_id: "c-1001".into(), expires_at: EXPIRY };
        assert_eq!(verify(KEY, BOT, &token, EXPIRY - 1), Ok(ok.clone()));
        assert_eq!(verify(KEY, "@Hearth_Sim_Bot", &token, EXPIRY - 1), Ok(ok), "usernames ignore case");
        assert_eq!(verify(KEY, BOT, &token, EXPIRY), Err(LinkError::Expired { at: EXPIRY }));
        assert_eq!(verify(KEY, "other_bot", &token, 0), Err(LinkError::BadSignature));
        assert_eq!(verify(b"another-secret-of-16-chars", BOT, &token, 0), Err(LinkError::BadSignature));
    }

    #[test]
    fn any_changed_character_is_refused() {
        let token = sign(KEY, BOT, "c-1001", EXPIRY).unwrap();
        for i in 0..token.len() {
            for c in ['A', 'z', '0', '-'] {
                let mut changed = token.clone().into_bytes();
                if changed[i] == c as u8 {
                    continue;
                }
                changed[i] = c as u8;
                let changed = String::from_utf8(changed).unwrap();
                assert!(verify(KEY, BOT, &changed, 0).is_err(), "{changed}");
            }
        }
        assert_eq!(verify(KEY, BOT, &token[..token.len() - 1], 0), Err(LinkError::Malformed));
        assert_eq!(verify(KEY, BOT, "", 0), Err(LinkError::Malformed));
        assert_eq!(verify(KEY, BOT, "not base64!", 0), Err(LinkError::Malformed));
    }

    #[test]
    fn the_longest_id_fits_telegrams_start_parameter() {
        let longest = "x".repeat(MAX_ID_LEN);
        let token = sign(KEY, BOT, &longest, EXPIRY).unwrap();
        let payload = format!("c{token}");
        assert_eq!(payload.len(), 64);
        assert!(payload.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'));
        assert_eq!(verify(KEY, BOT, &token, 0).unwrap().customer_id, longest);
        let too_long = "x".repeat(MAX_ID_LEN + 1);
        assert_eq!(
            sign(KEY, BOT, &too_long, EXPIRY),
            Err(SignError::IdLength { id: too_long.clone(), len: 30 })
        );
        assert!(sign(KEY, BOT, "", EXPIRY).is_err());
        assert_eq!(sign(KEY, BOT, "ё", -1), Err(SignError::Expiry));
        // Bytes, not characters: 15 Cyrillic letters are 30 bytes.
        assert!(sign(KEY, BOT, &"ж".repeat(15), EXPIRY).is_err());
        assert!(sign(KEY, BOT, &"ж".repeat(14), EXPIRY).is_ok());
    }

    /// The vector a company's backend can check its code against, computed
    /// with the Python in the README:
    /// `customer_link("a-link-secret-of-16-chars", "hearth_sim_bot", "c-1001", 1794218400)`.
    #[test]
    fn matches_the_readme_python() {
        assert_eq!(sign(KEY, BOT, "c-1001", EXPIRY).unwrap(), PYTHON_VECTOR);
    }
    const PYTHON_VECTOR: &str = "AQZjLTEwMDFq8Zmg3R5kD0JxAFXava4x";

    #[test]
    fn base64url_round_trips_strictly() {
        for n in 0..40u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37).wrapping_add(n)).collect();
            assert_eq!(base64url_decode(&base64url_encode(&bytes)), Some(bytes));
        }
        assert_eq!(base64url_encode(b"\xfb\xff"), "-_8");
        assert_eq!(base64url_decode("-_8"), Some(b"\xfb\xff".to_vec()));
        assert_eq!(base64url_decode("-_9"), None, "unused bits set");
        assert_eq!(base64url_decode("A"), None);
        assert_eq!(base64url_decode("AB=="), None);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC*") {
            let _ = verify(KEY, BOT, &s, 0);
        }
    }
}
