//! Pure analytics: parsing /stats arguments, DAU/WAU/MAU and stickiness,
//! retention and its uplift, medians, question detection, cohort tables and
//! number formatting. No SQL, no Telegram.

use chrono::{Datelike, Duration, NaiveDate};

pub use super::retention::uplift;

/// What `/stats` was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsRequest {
    Overview(Period),
    Cohorts,
    /// `/stats customers [H]`: the customers who were customers `H` days ago.
    Customers(u32),
}

/// The horizon of /stats customers, in days: the default and the bounds.
pub const CUSTOMER_DAYS_DEFAULT: u32 = 90;
pub const CUSTOMER_DAYS: std::ops::RangeInclusive<u32> = 30..=730;

/// The window `/stats` reports on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    Week,
    Month,
    Quarter,
}

impl Period {
    pub fn days(self) -> i64 {
        match self {
            Period::Week => 7,
            Period::Month => 30,
            Period::Quarter => 90,
        }
    }

    /// The period of 7, 30 or 90 days (the dashboard's `?days=`).
    pub fn from_days(days: i64) -> Option<Period> {
        [Period::Week, Period::Month, Period::Quarter].into_iter().find(|p| p.days() == days)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatsError {
    #[error("unknown /stats argument {0:?}")]
    BadArgument(String),
    #[error("/stats customers wants a number of days in 30..=730, not {0:?}")]
    BadHorizon(String),
}

/// `""` (30 days), `7d`, `30d`, `90d` (also `7`, `30д` …), `cohorts` or
/// `customers [H]` (H days, `CUSTOMER_DAYS`, 90 by default).
pub fn parse_request(args: &str) -> Result<StatsRequest, StatsError> {
    let arg = args.trim().to_lowercase();
    let mut words = arg.split_whitespace();
    if let Some("customers" | "customer" | "клиенты") = words.next() {
        let rest: Vec<&str> = words.collect();
        return match rest.as_slice() {
            [] => Ok(StatsRequest::Customers(CUSTOMER_DAYS_DEFAULT)),
            [days] => days
                .trim_end_matches(['d', 'д'])
                .parse::<u32>()
                .ok()
                .filter(|d| CUSTOMER_DAYS.contains(d))
                .map(StatsRequest::Customers)
                .ok_or_else(|| StatsError::BadHorizon((*days).to_owned())),
            _ => Err(StatsError::BadHorizon(rest.join(" "))),
        };
    }
    let period = match arg.as_str() {
        "" => return Ok(StatsRequest::Overview(Period::Month)),
        "cohorts" | "cohort" | "когорты" => return Ok(StatsRequest::Cohorts),
        other => other.trim_end_matches(['d', 'д']),
    };
    match period {
        "7" => Ok(StatsRequest::Overview(Period::Week)),
        "30" => Ok(StatsRequest::Overview(Period::Month)),
        "90" => Ok(StatsRequest::Overview(Period::Quarter)),
        _ => Err(StatsError::BadArgument(args.trim().to_owned())),
    }
}

/// `part / whole × 100`, or `None` when there is no whole.
pub fn pct(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| part as f64 * 100.0 / whole as f64)
}

/// Distinct members who posted in the trailing 1, 7 and 30 days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Engagement {
    pub dau: i64,
    pub wau: i64,
    pub mau: i64,
}

impl Engagement {
    /// DAU / MAU × 100 %: how many of the month's members come back daily.
    pub fn stickiness(&self) -> Option<f64> {
        pct(self.dau, self.mau)
    }
}

/// Day-30 retention of members who joined at least 30 days ago, split into
/// participants (posted within their first 14 days) and the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Retention {
    /// Members who joined at least 30 days ago.
    pub cohort: i64,
    /// …still in the chat at day 30.
    pub stayed: i64,
    /// …who posted on or after day 30.
    pub posting: i64,
    pub participants: i64,
    pub participants_stayed: i64,
    pub others: i64,
    pub others_stayed: i64,
}

impl Retention {
    pub fn stayed_pct(&self) -> Option<f64> {
        pct(self.stayed, self.cohort)
    }
    pub fn posting_pct(&self) -> Option<f64> {
        pct(self.posting, self.cohort)
    }
    pub fn participants_pct(&self) -> Option<f64> {
        pct(self.participants_stayed, self.participants)
    }
    pub fn others_pct(&self) -> Option<f64> {
        pct(self.others_stayed, self.others)
    }
    /// The uplift of participation on staying; `None` when either group is
    /// empty or the others' retention is zero (the ratio has no meaning).
    pub fn uplift(&self) -> Option<f64> {
        uplift(self.participants_pct()?, self.others_pct()?)
    }
}

/// The median of `values` (the mean of the middle two for an even count).
pub fn median(values: &[i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut v = values.to_vec();
    v.sort_unstable();
    let mid = v.len() / 2;
    Some(if v.len().is_multiple_of(2) { (v[mid - 1] as f64 + v[mid] as f64) / 2.0 } else { v[mid] as f64 })
}

/// How the community answers its own questions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answered {
    /// Questions that had their full 24 hours, or were answered sooner.
    pub asked: i64,
    pub answered: i64,
    /// Median seconds to the first answer (of those answered within 24 h).
    pub median_secs: Option<f64>,
}

impl Answered {
    pub fn pct(&self) -> Option<f64> {
        pct(self.answered, self.asked)
    }
}

/// The period's questions by how soon another member first replied: each
/// `(answer_minute, questions)` of the daily rollup, the minute `-1` for no
/// answer within 24 h (yet). A question counts as answered when another
/// member replied within 24 h; of the unanswered, the `open` ones (younger
/// than 24 h) are still waiting and are left out of the share.
pub fn answered(by_minute: &[(i64, i64)], open: i64) -> Answered {
    let total: i64 = by_minute.iter().map(|&(_, n)| n.max(0)).sum();
    let delays: Vec<(i64, i64)> =
        by_minute.iter().filter(|&&(m, n)| m >= 0 && n > 0).map(|&(m, n)| (m * 60, n)).collect();
    let answered = delays.iter().map(|&(_, n)| n).sum();
    Answered { asked: (total - open).max(answered), answered, median_secs: weighted_median(&delays) }
}

/// The median of values given with their counts `(value, count)`.
pub fn weighted_median(counted: &[(i64, i64)]) -> Option<f64> {
    let mut v: Vec<(i64, i64)> = counted.iter().copied().filter(|&(_, n)| n > 0).collect();
    v.sort_unstable();
    let total: i64 = v.iter().map(|&(_, n)| n).sum();
    if total == 0 {
        return None;
    }
    // The values at the 0-based ranks (total - 1) / 2 and total / 2.
    let at = |rank: i64| {
        let mut seen = 0;
        v.iter().find(|&&(_, n)| {
            seen += n;
            seen > rank
        })
    };
    let (lo, hi) = (at((total - 1) / 2)?.0, at(total / 2)?.0);
    Some((lo as f64 + hi as f64) / 2.0)
}

/// Present members by silence, with the chat's nudge thresholds (the same
/// segments as /silent, computed at the moment of the report); `archived`
/// are those the nudges said goodbye to (taken out of `gone`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Segments {
    pub active: i64,
    pub at_risk: i64,
    pub silent: i64,
    pub gone: i64,
    pub archived: i64,
}

impl Segments {
    pub fn total(&self) -> i64 {
        self.active + self.at_risk + self.silent + self.gone + self.archived
    }
}

/// Below this many members in a group, a reactivation rate is mostly chance.
pub const SMALL_SAMPLE: u64 = 30;

/// The Monday that starts the week of `day`.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// One weekly join cohort: its size and, for each week since joining that
/// has begun, the share of the cohort that posted in that week.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortRow {
    pub week: NaiveDate,
    pub size: i64,
    pub active_pct: Vec<f64>,
}

/// Builds the cohort table from cohort sizes `(week, size)` and active counts
/// `(week, weeks since joining, distinct posters)`. A cohort gets a column
/// for every week that has begun for its earliest member at `today`, at most
/// `max_weeks`; cohorts come newest last.
pub fn cohort_table(
    sizes: &[(NaiveDate, i64)],
    active: &[(NaiveDate, i64, i64)],
    today: NaiveDate,
    max_weeks: usize,
) -> Vec<CohortRow> {
    let mut rows: Vec<CohortRow> = sizes
        .iter()
        .filter(|(_, size)| *size > 0)
        .map(|&(week, size)| {
            let elapsed = ((today - week).num_days() / 7 + 1).clamp(0, max_weeks as i64) as usize;
            let active_pct = (0..elapsed)
                .map(|k| {
                    let n = active
                        .iter()
                        .filter(|(w, wk, _)| *w == week && *wk == k as i64)
                        .map(|(_, _, n)| *n)
                        .sum::<i64>();
                    pct(n, size).unwrap_or(0.0)
                })
                .collect();
            CohortRow { week, size, active_pct }
        })
        .collect();
    rows.sort_by_key(|r| r.week);
    rows
}

/// Hours and minutes of a duration in seconds (rounded to the minute).
pub fn hours_minutes(secs: f64) -> (i64, i64) {
    let minutes = (secs / 60.0).round().max(0.0) as i64;
    (minutes / 60, minutes % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        i18n::Lang,
        kernel::format::{fmt_pct, fmt_signed_pct},
    };
    #[test]
    fn requests() {
        assert_eq!(parse_request(""), Ok(StatsRequest::Overview(Period::Month)));
        assert_eq!(parse_request(" 7d "), Ok(StatsRequest::Overview(Period::Week)));
        assert_eq!(parse_request("90D"), Ok(StatsRequest::Overview(Period::Quarter)));
        assert_eq!(parse_request("30д"), Ok(StatsRequest::Overview(Period::Month)));
        assert_eq!(parse_request("cohorts"), Ok(StatsRequest::Cohorts));
        assert_eq!(parse_request("12d"), Err(StatsError::BadArgument("12d".into())));
        assert_eq!(parse_request("d"), Err(StatsError::BadArgument("d".into())));
        assert_eq!(parse_request("customers"), Ok(StatsRequest::Customers(90)));
        assert_eq!(parse_request(" Customers  180 "), Ok(StatsRequest::Customers(180)));
        assert_eq!(parse_request("клиенты 365д"), Ok(StatsRequest::Customers(365)));
        assert_eq!(parse_request("customers 30"), Ok(StatsRequest::Customers(30)));
        assert_eq!(parse_request("customers 730d"), Ok(StatsRequest::Customers(730)));
        for bad in ["abc", "0", "29", "731", "99999", "-5", "1e3"] {
            assert_eq!(parse_request(&format!("customers {bad}")), Err(StatsError::BadHorizon(bad.into())));
        }
        assert_eq!(parse_request("customers 90 7"), Err(StatsError::BadHorizon("90 7".into())));
    }

    #[test]
    fn periods_by_days() {
        for p in [Period::Week, Period::Month, Period::Quarter] {
            assert_eq!(Period::from_days(p.days()), Some(p));
        }
        assert_eq!(Period::from_days(14), None);
    }

    #[test]
    fn stickiness() {
        let e = Engagement { dau: 25, wau: 60, mau: 100 };
        assert_eq!(e.stickiness(), Some(25.0));
        assert_eq!(Engagement::default().stickiness(), None);
    }

    #[test]
    fn uplift_formula() {
        // The example: 70 % against 50 % is a 40 % uplift.
        let u = uplift(70.0, 50.0).unwrap();
        assert!((u - 40.0).abs() < 1e-9, "{u}");
        assert!((uplift(25.0, 50.0).unwrap() + 50.0).abs() < 1e-9);
        assert_eq!(uplift(70.0, 0.0), None);
        let r = Retention {
            cohort: 20,
            stayed: 12,
            posting: 5,
            participants: 10,
            participants_stayed: 7,
            others: 10,
            others_stayed: 5,
        };
        assert_eq!(r.participants_pct(), Some(70.0));
        assert_eq!(r.others_pct(), Some(50.0));
        assert!((r.uplift().unwrap() - 40.0).abs() < 1e-9);
        let none_stayed = Retention { others_stayed: 0, ..r };
        assert_eq!(none_stayed.uplift(), None);
        let no_others = Retention { others: 0, others_stayed: 0, ..r };
        assert_eq!(no_others.uplift(), None);
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[5]), Some(5.0));
        assert_eq!(median(&[9, 1, 5]), Some(5.0));
        assert_eq!(median(&[4, 1, 3, 2]), Some(2.5));
    }

    #[test]
    fn weighted_medians_match_the_plain_ones() {
        assert_eq!(weighted_median(&[]), None);
        assert_eq!(weighted_median(&[(7, 0)]), None);
        assert_eq!(weighted_median(&[(5, 1)]), Some(5.0));
        assert_eq!(weighted_median(&[(9, 1), (1, 1), (5, 1)]), median(&[9, 1, 5]));
        assert_eq!(weighted_median(&[(4, 1), (1, 1), (3, 1), (2, 1)]), Some(2.5));
        // 1, 1, 1, 8, 8: the middle one; 1, 1, 8, 8: between.
        assert_eq!(weighted_median(&[(8, 2), (1, 3)]), Some(1.0));
        assert_eq!(weighted_median(&[(8, 2), (1, 2)]), Some(4.5));
    }

    #[test]
    fn answered_questions() {
        // Answered after 1 h and 3 h, one answered within the last day (1 h),
        // two unanswered (one too late, one never) and one still open.
        let by_minute = [(60, 2), (180, 1), (-1, 3)];
        let a = answered(&by_minute, 1);
        assert_eq!(a.asked, 5);
        assert_eq!(a.answered, 3);
        assert_eq!(a.pct(), Some(60.0));
        assert_eq!(a.median_secs, Some(3600.0));
        assert_eq!(answered(&[], 0).pct(), None);
        // A count the rollup could not square never goes below the answered.
        assert_eq!(answered(&[(5, 1)], 3).asked, 1);
    }

    #[test]
    fn cohorts() {
        let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        assert_eq!(week_start(d(11, 4)), d(11, 2)); // a Wednesday → Monday
        assert_eq!(week_start(d(11, 2)), d(11, 2));
        assert_eq!(week_start(d(11, 8)), d(11, 2)); // Sunday
        let today = d(11, 18);
        let sizes = [(d(11, 16), 2), (d(11, 2), 4), (d(11, 9), 0)];
        let active = [(d(11, 2), 0, 4), (d(11, 2), 1, 2), (d(11, 2), 2, 1), (d(11, 16), 0, 1)];
        let rows = cohort_table(&sizes, &active, today, 12);
        assert_eq!(rows.len(), 2, "empty cohorts are left out");
        assert_eq!(rows[0].week, d(11, 2));
        assert_eq!(rows[0].active_pct, vec![100.0, 50.0, 25.0]);
        assert_eq!(rows[1].week, d(11, 16));
        assert_eq!(rows[1].active_pct, vec![50.0]);
        let capped = cohort_table(&sizes, &active, today, 2);
        assert_eq!(capped[0].active_pct.len(), 2);
    }

    #[test]
    fn formatting() {
        assert_eq!(fmt_pct(Some(42.0), Lang::En), "42 %");
        assert_eq!(fmt_pct(Some(2.5), Lang::Ru), "2,5 %");
        assert_eq!(fmt_pct(None, Lang::En), "—");
        assert_eq!(fmt_signed_pct(40.0, Lang::En), "+40 %");
        assert_eq!(fmt_signed_pct(-12.0, Lang::En), "-12 %");
        assert_eq!(hours_minutes(3725.0), (1, 2));
        assert_eq!(hours_minutes(29.0), (0, 0));
    }
}
