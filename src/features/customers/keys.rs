//! The keyed hashes that keep customers' emails, phones and access codes
//! unreadable: HMAC-SHA256 with HEARTH_SECRET over the normalized value, in
//! hex. The same value always hashes the same, so a CRM's later import or a
//! code typed in a DM matches; without the key nobody can read them back.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::config::Secret;

type HmacSha256 = Hmac<Sha256>;

/// What a hash is of (each kind hashes apart: an email never matches a code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Email,
    Phone,
    AccessCode,
}

impl Kind {
    fn label(self) -> &'static [u8] {
        match self {
            Kind::Email => b"email",
            Kind::Phone => b"phone",
            Kind::AccessCode => b"code",
        }
    }
}

/// How a value is compared: emails case-insensitively, phones by their
/// digits (a leading + kept), codes without spaces or dashes, upper-cased.
pub fn normalize(kind: Kind, raw: &str) -> String {
    let raw = raw.trim();
    match kind {
        Kind::Email => raw.to_lowercase(),
        Kind::Phone => {
            let digits: String = raw.chars().filter(|c| c.is_ascii_digit()).collect();
            if raw.starts_with('+') { format!("+{digits}") } else { digits }
        }
        Kind::AccessCode => {
            raw.chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_uppercase).collect()
        }
    }
}

/// The hex HMAC of a normalized value; `None` for an empty one.
pub fn hash(secret: &Secret, kind: Kind, raw: &str) -> Option<String> {
    let value = normalize(kind, raw);
    if value.is_empty() {
        return None;
    }
    let mut mac = HmacSha256::new_from_slice(secret.expose().as_bytes()).ok()?;
    mac.update(kind.label());
    mac.update(b":");
    mac.update(value.as_bytes());
    Some(hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_value_same_hash_and_kinds_apart() {
        let key = Secret::new("a-secret-of-16-chars-or-more");
        let a = hash(&key, Kind::Email, " Ann@Example.COM ").unwrap();
        assert_eq!(Some(a.clone()), hash(&key, Kind::Email, "ann@example.com"));
        assert_eq!(a.len(), 64);
        assert!(!a.contains("ann"));
        assert_ne!(Some(a), hash(&key, Kind::Phone, "ann@example.com"));
        assert_eq!(hash(&key, Kind::Phone, "+7 (900) 123-45-67"), hash(&key, Kind::Phone, "+79001234567"));
        assert_eq!(hash(&key, Kind::AccessCode, "ab12-cd34"), hash(&key, Kind::AccessCode, "AB12CD34"));
        assert_eq!(hash(&key, Kind::Email, "  "), None);
        let other = Secret::new("another-secret-of-16-chars");
        assert_ne!(hash(&key, Kind::Email, "a@b.c"), hash(&other, Kind::Email, "a@b.c"));
    }

    /// Independently: python3 -c "import hmac,hashlib;
    /// print(hmac.new(b'a-secret-of-16-chars-or-more', b'email:ann@example.com', hashlib.sha256).hexdigest())"
    #[test]
    fn matches_a_vector_computed_with_pythons_hmac() {
        let key = Secret::new("a-secret-of-16-chars-or-more");
        assert_eq!(
            hash(&key, Kind::Email, "ann@example.com").as_deref(),
            Some("27ff54d2ec429c2d1dbaedc542377233b741478738043cad5ac0166d03627eb1")
        );
    }
}
