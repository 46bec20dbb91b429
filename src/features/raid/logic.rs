//! Raid mode's rules as plain functions: when joins are a spike (by
//! Telegram's dates), when a raid has calmed down, the `/raid` arguments,
//! and how many names a summary lists.

use std::collections::VecDeque;

use chrono::{DateTime, Duration, Utc};

/// The joins of one chat within the last `raid_seconds`, by Telegram's dates.
#[derive(Debug, Default)]
pub struct SpikeWindow {
    recent: VecDeque<DateTime<Utc>>,
}

impl SpikeWindow {
    /// Joins kept at most (a raid of thousands keeps the window small).
    const KEEP: usize = 1_000;

    /// Counts a join at `at`; whether the chat now has more than `joins`
    /// joins within `seconds` (`joins` 0: spikes are not looked for).
    pub fn on_join(&mut self, at: DateTime<Utc>, joins: i64, seconds: i64) -> bool {
        let window = Duration::seconds(seconds.max(1));
        while self.recent.front().is_some_and(|t| *t + window <= at) {
            self.recent.pop_front();
        }
        self.recent.push_back(at);
        if self.recent.len() > Self::KEEP {
            self.recent.pop_front();
        }
        joins > 0 && self.recent.len() as i64 > joins
    }
}

/// Whether a raid whose last spike was at `last_spike` has been calm for
/// `calm_minutes` at `now`.
pub fn calmed(last_spike: DateTime<Utc>, now: DateTime<Utc>, calm_minutes: i64) -> bool {
    now >= last_spike + Duration::minutes(calm_minutes.max(1))
}

/// `/raid`, `/raid on`, `/raid off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RaidArg {
    Show,
    On,
    Off,
}

/// The command's argument, in either language; anything else is `None`
/// (the usage is the answer).
pub fn parse_arg(args: &str) -> Option<RaidArg> {
    match args.trim().to_lowercase().as_str() {
        "" | "status" | "статус" => Some(RaidArg::Show),
        "on" | "start" | "вкл" | "включить" => Some(RaidArg::On),
        "off" | "stop" | "end" | "выкл" | "выключить" => Some(RaidArg::Off),
        _ => None,
    }
}

/// Names a raid's summary lists at most; the rest are "and N more".
pub const SUMMARY_NAMES: usize = 50;

/// The names shown (in the order given, at most `cap`) and how many more.
pub fn shown_names(names: &[String], cap: usize) -> (&[String], usize) {
    let shown = names.len().min(cap);
    (&names[..shown], names.len() - shown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 10, 0, 0).single().unwrap()
    }

    #[test]
    fn more_than_the_threshold_within_the_window_is_a_spike() {
        let mut w = SpikeWindow::default();
        let spikes: Vec<bool> = (0..12).map(|i| w.on_join(t0() + Duration::seconds(i), 10, 60)).collect();
        assert_eq!(spikes.iter().filter(|s| **s).count(), 2, "the 11th and 12th joins are a spike");
        assert!(!spikes[9] && spikes[10]);
    }

    #[test]
    fn joins_spread_beyond_the_window_are_no_spike() {
        let mut w = SpikeWindow::default();
        assert!((0..50).all(|i| !w.on_join(t0() + Duration::seconds(10 * i), 5, 30)));
    }

    #[test]
    fn a_threshold_of_zero_never_spikes() {
        let mut w = SpikeWindow::default();
        assert!((0..100).all(|_| !w.on_join(t0(), 0, 60)));
    }

    #[test]
    fn the_window_stays_bounded() {
        let mut w = SpikeWindow::default();
        for _ in 0..5_000 {
            w.on_join(t0(), 10, 60);
        }
        assert_eq!(w.recent.len(), SpikeWindow::KEEP);
    }

    #[test]
    fn calm_is_counted_from_the_last_spike() {
        assert!(!calmed(t0(), t0() + Duration::minutes(14), 15));
        assert!(calmed(t0(), t0() + Duration::minutes(15), 15));
    }

    #[test]
    fn arguments_in_both_languages_and_nonsense_refused() {
        assert_eq!(parse_arg(""), Some(RaidArg::Show));
        assert_eq!(parse_arg(" ON "), Some(RaidArg::On));
        assert_eq!(parse_arg("выкл"), Some(RaidArg::Off));
        for bad in ["maybe", "on off", "1"] {
            assert_eq!(parse_arg(bad), None, "{bad}");
        }
    }

    #[test]
    fn names_past_the_cap_are_counted() {
        let names: Vec<String> = (0..53).map(|i| format!("n{i}")).collect();
        let (shown, more) = shown_names(&names, SUMMARY_NAMES);
        assert_eq!((shown.len(), more), (50, 3));
        let (shown, more) = shown_names(&names[..2], SUMMARY_NAMES);
        assert_eq!((shown.len(), more), (2, 0));
    }
}
