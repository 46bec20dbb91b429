//! Reactivation: whether a nudged (or held-out) member came back, the rate
//! of a group, and the nudges' effect beside the holdout.

use chrono::{DateTime, Utc};

use super::days;

/// Default window for [`reactivated`].
pub const REACTIVATION_WINDOW_DAYS: u32 = 14;

/// Whether the member posted within `window_days` after `nudged_at` (for the
/// holdout group: the time they would have been nudged, see [`silence_start`]).
pub fn reactivated(
    nudged_at: DateTime<Utc>,
    first_post_after: Option<DateTime<Utc>>,
    window_days: u32,
) -> bool {
    first_post_after.is_some_and(|p| p >= nudged_at && p - nudged_at <= days(window_days))
}

/// How many of a group came back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReactivationRate {
    /// Members in the group (for the holdout: those who would have been nudged).
    pub nudged: u64,
    pub reactivated: u64,
    /// `reactivated / nudged` in percent; `None` for an empty group.
    pub pct: Option<f64>,
}

impl ReactivationRate {
    pub fn new(nudged: u64, reactivated: u64) -> Self {
        let pct = (nudged > 0).then(|| reactivated as f64 * 100.0 / nudged as f64);
        Self { nudged, reactivated, pct }
    }
}

/// The nudges' effect: nudged minus holdout rate, in percentage points;
/// `None` when either group is empty.
pub fn compare(nudged: &ReactivationRate, holdout: &ReactivationRate) -> Option<f64> {
    Some(nudged.pct? - holdout.pct?)
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::features::nudges::logic::testing::{NOW, t};

    #[test]
    fn reactivation() {
        let n = t(NOW);
        assert!(reactivated(n, Some(n + Duration::days(3)), 14));
        assert!(reactivated(n, Some(n + Duration::days(14)), REACTIVATION_WINDOW_DAYS));
        assert!(!reactivated(n, Some(n + Duration::days(14) + Duration::seconds(1)), 14));
        assert!(!reactivated(n, Some(n - Duration::seconds(1)), 14));
        assert!(!reactivated(n, None, 14));
    }

    #[test]
    fn rates_and_comparison() {
        let nudged = ReactivationRate::new(200, 50);
        let holdout = ReactivationRate::new(20, 3);
        assert_eq!(nudged.pct, Some(25.0));
        assert_eq!(holdout.pct, Some(15.0));
        assert_eq!(compare(&nudged, &holdout), Some(10.0));
        let empty = ReactivationRate::new(0, 0);
        assert_eq!(empty.pct, None);
        assert_eq!(compare(&nudged, &empty), None);
        assert_eq!(compare(&empty, &holdout), None);
    }
}
