//! The holdout group: a stable, deterministic share of the members who are
//! never nudged, to measure what nudging changes.

fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A member's stable bucket in 0..100 (SplitMix64 over both ids).
fn holdout_bucket(chat_id: i64, user_id: i64) -> u8 {
    let h = splitmix64(splitmix64(chat_id as u64) ^ user_id as u64);
    (h % 100) as u8
}

/// Whether a member belongs to the `percent`% who are never nudged (the
/// control group). Deterministic across runs, builds and Rust versions;
/// `percent` ≥ 100 means everyone.
pub fn in_holdout(chat_id: i64, user_id: i64, percent: u8) -> bool {
    holdout_bucket(chat_id, user_id) < percent
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holdout_share_is_close_to_percent() {
        let chat = -1001234567890;
        let share = |p| (0..100_000i64).filter(|u| in_holdout(chat, 1_000_000 + u, p)).count();
        let ten = share(10);
        assert!((9_500..=10_500).contains(&ten), "{ten}");
        assert_eq!(share(0), 0);
        assert_eq!(share(100), 100_000);
        assert_eq!(share(255), 100_000);
        // Random-looking ids too.
        let ten = (0..100_000u64).filter(|i| in_holdout(chat, (splitmix64(*i) >> 24) as i64, 10)).count();
        assert!((9_500..=10_500).contains(&ten), "{ten}");
    }

    #[test]
    fn holdout_is_stable() {
        // Pinned values: changing the hash would reshuffle existing groups.
        assert_eq!(splitmix64(0), 0xE220_A839_7B1D_CDAF);
        assert_eq!(holdout_bucket(-1001234567890, 42), 62);
        assert_eq!(holdout_bucket(-100, 123456789), 77);
        assert_eq!(in_holdout(-5, 7, 50), in_holdout(-5, 7, 50));
        assert_ne!(
            (0..20).map(|u| holdout_bucket(1, u)).collect::<Vec<_>>(),
            (0..20).map(|u| holdout_bucket(2, u)).collect::<Vec<_>>()
        );
    }
}
