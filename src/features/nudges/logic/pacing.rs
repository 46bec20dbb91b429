//! DM pacing: when each DM of a batch goes out at a rate per second.

use std::time::Duration as StdDuration;

/// Send offsets from the campaign start for `count` DMs at `per_second`
/// (0 counts as 1), evenly spaced: DM `i` goes at `i / per_second` seconds.
pub fn dm_schedule(count: usize, per_second: u32) -> impl Iterator<Item = StdDuration> {
    let rate = u64::from(per_second.max(1));
    (0..count as u64).map(move |i| {
        let nanos = (i % rate) * 1_000_000_000 / rate;
        StdDuration::new(i / rate, nanos as u32)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dm_schedule_spreads_evenly() {
        let offsets: Vec<_> = dm_schedule(10_000, 25).collect();
        assert_eq!(offsets.len(), 10_000);
        assert_eq!(offsets[0], StdDuration::ZERO);
        assert_eq!(offsets[1], StdDuration::from_millis(40));
        assert_eq!(offsets[25], StdDuration::from_secs(1));
        assert_eq!(offsets[9_999], StdDuration::from_millis(399_960));
        assert!(offsets.windows(2).all(|w| w[1] - w[0] == StdDuration::from_millis(40)));
        // Never more than 25 in any one second.
        assert!(offsets.iter().filter(|d| d.as_secs() == 7).count() == 25);
        let zero: Vec<_> = dm_schedule(3, 0).collect();
        assert_eq!(zero, [0, 1, 2].map(StdDuration::from_secs));
        assert_eq!(dm_schedule(0, 25).count(), 0);
        let third: Vec<_> = dm_schedule(4, 3).collect();
        assert_eq!(third[1], StdDuration::new(0, 333_333_333));
        assert_eq!(third[3], StdDuration::from_secs(1));
    }
}
