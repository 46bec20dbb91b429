//! Inline-button payloads: `<feature>:<action>[:<arg>…]`, at most 64 bytes
//! (Telegram's limit). Everything read back is untrusted: features parse the
//! parts and check them against the database before acting.

pub const MAX_LEN: usize = 64;

/// Builds callback data; `None` if it would exceed Telegram's 64 bytes.
pub fn encode(parts: &[&str]) -> Option<String> {
    let data = parts.join(":");
    (data.len() <= MAX_LEN && !data.is_empty()).then_some(data)
}

/// Splits callback data for a feature prefix: `Some(["action", "arg"…])`.
pub fn parts<'a>(data: &'a str, feature: &str) -> Option<Vec<&'a str>> {
    if data.len() > MAX_LEN {
        return None;
    }
    let mut it = data.split(':');
    (it.next()? == feature).then(|| it.collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_limits() {
        let data = encode(&["nps", "v", "12", "9"]).unwrap();
        let p = parts(&data, "nps").unwrap();
        assert_eq!(p, vec!["v", "12", "9"]);
        assert!(parts(&data, "onb").is_none());
        assert!(encode(&["x"; 40]).is_none());
        assert!(parts(&"a".repeat(100), "a").is_none());
    }
}
