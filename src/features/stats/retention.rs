//! Retention arithmetic, pure: the uplift of participation, its 95 %
//! interval (Katz's log method for the risk ratio), the tenure-adjusted
//! Mantel–Haenszel risk ratio with the Greenland–Robins interval, tenure
//! strata and monthly churn. Used by /stats (day-30 retention of members)
//! and /stats customers (customer retention of community participants).

use chrono::{Datelike, Duration, NaiveDate};

/// The normal quantile of a two-sided 95 % interval.
const Z95: f64 = 1.959_963_984_540_054;

/// (R_participants − R_others) / R_others × 100 %; `None` when R_others = 0.
pub fn uplift(r_participants: f64, r_others: f64) -> Option<f64> {
    (r_others > 0.0).then(|| (r_participants - r_others) / r_others * 100.0)
}

/// A group of people of whom `retained` are still there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Group {
    pub n: i64,
    pub retained: i64,
}

impl Group {
    pub fn new(n: i64, retained: i64) -> Group {
        Group { n, retained }
    }

    /// The retention in percent; `None` for an empty group.
    pub fn rate(&self) -> Option<f64> {
        super::logic::pct(self.retained, self.n)
    }

    fn share(&self) -> f64 {
        self.retained as f64 / self.n as f64
    }
}

/// A risk ratio with its 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RiskRatio {
    pub ratio: f64,
    pub low: f64,
    pub high: f64,
}

impl RiskRatio {
    fn from_log(ratio: f64, se_log: f64) -> RiskRatio {
        let log = ratio.ln();
        RiskRatio { ratio, low: (log - Z95 * se_log).exp(), high: (log + Z95 * se_log).exp() }
    }

    /// The ratio and its bounds as uplifts in percent: (RR − 1) × 100 %.
    pub fn uplift_pct(&self) -> (f64, f64, f64) {
        let u = |rr: f64| (rr - 1.0) * 100.0;
        (u(self.ratio), u(self.low), u(self.high))
    }
}

/// The crude risk ratio of retention, participants over others, with Katz's
/// log interval: SE(ln RR) = √(1/a − 1/n₁ + 1/c − 1/n₀). `None` when a
/// group is empty or nobody in one was retained (the log is undefined).
pub fn katz(participants: Group, others: Group) -> Option<RiskRatio> {
    let (a, n1, c, n0) = (participants.retained, participants.n, others.retained, others.n);
    if a <= 0 || c <= 0 || n1 <= 0 || n0 <= 0 {
        return None;
    }
    let ratio = participants.share() / others.share();
    let inv = |x: i64| 1.0 / x as f64;
    let variance = (inv(a) - inv(n1) + inv(c) - inv(n0)).max(0.0);
    Some(RiskRatio::from_log(ratio, variance.sqrt()))
}

/// The Mantel–Haenszel risk ratio over strata `(participants, others)`,
/// with the Greenland–Robins (1985) variance of its log:
/// RR = Σ aᵢn₀ᵢ/Nᵢ ÷ Σ cᵢn₁ᵢ/Nᵢ,
/// Var = Σ (n₁ᵢn₀ᵢ(aᵢ+cᵢ) − aᵢcᵢNᵢ)/Nᵢ² ÷ (Σ aᵢn₀ᵢ/Nᵢ · Σ cᵢn₁ᵢ/Nᵢ).
/// Strata missing either group carry no comparison and drop out. `None`
/// when nothing is left to compare or a sum is zero.
pub fn mantel_haenszel(strata: &[(Group, Group)]) -> Option<RiskRatio> {
    let (mut top, mut bottom, mut var_top) = (0.0, 0.0, 0.0);
    for (p, o) in strata.iter().filter(|(p, o)| p.n > 0 && o.n > 0) {
        let (a, n1, c, n0) = (p.retained as f64, p.n as f64, o.retained as f64, o.n as f64);
        let total = n1 + n0;
        top += a * n0 / total;
        bottom += c * n1 / total;
        var_top += (n1 * n0 * (a + c) - a * c * total) / (total * total);
    }
    if top <= 0.0 || bottom <= 0.0 {
        return None;
    }
    let variance = (var_top / (top * bottom)).max(0.0);
    Some(RiskRatio::from_log(top / bottom, variance.sqrt()))
}

/// How long someone had been a customer on the cohort's day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tenure {
    /// Fewer than 90 days.
    Under90,
    /// 90 to 365 days.
    To365,
    /// More than 365 days.
    Over365,
    /// The CRM does not know since when: its own stratum.
    Unknown,
}

impl Tenure {
    pub const ALL: [Tenure; 4] = [Tenure::Under90, Tenure::To365, Tenure::Over365, Tenure::Unknown];

    /// A customer since `since` (if known), on `day`.
    pub fn at(since: Option<NaiveDate>, day: NaiveDate) -> Tenure {
        match since.map(|s| (day - s).num_days()) {
            None => Tenure::Unknown,
            Some(d) if d < 90 => Tenure::Under90,
            Some(d) if d <= 365 => Tenure::To365,
            Some(_) => Tenure::Over365,
        }
    }

    /// The stratum's number in SQL (`customers_store` computes it there).
    pub fn from_index(i: i64) -> Tenure {
        match i {
            0 => Tenure::Under90,
            1 => Tenure::To365,
            2 => Tenure::Over365,
            _ => Tenure::Unknown,
        }
    }

    /// As the CSV export writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Tenure::Under90 => "under-90d",
            Tenure::To365 => "90-365d",
            Tenure::Over365 => "over-365d",
            Tenure::Unknown => "unknown",
        }
    }
}

/// Customers of the cohort alike in tenure and in the month they churned
/// (`None`: not churned by today), and how many they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell {
    pub tenure: Tenure,
    pub churned: Option<Month>,
    pub n: i64,
}

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(day: NaiveDate) -> Month {
        Month { year: day.year(), month: day.month() }
    }

    /// `YYYY-MM` (or a date starting so).
    pub fn parse(text: &str) -> Option<Month> {
        let year = text.get(0..4)?.parse().ok()?;
        let month = text.get(5..7)?.parse().ok().filter(|m| (1..=12).contains(m))?;
        Some(Month { year, month })
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month { year: self.year + 1, month: 1 }
        } else {
            Month { month: self.month + 1, ..self }
        }
    }

    /// `MM.YYYY`, for chart labels.
    pub fn label(self) -> String {
        format!("{:02}.{}", self.month, self.year)
    }
}

/// The months from `first`'s to `last`'s, both included.
pub fn months(first: NaiveDate, last: NaiveDate) -> Vec<Month> {
    let (mut m, end) = (Month::of(first), Month::of(last.max(first)));
    let mut out = vec![m];
    while m < end {
        m = m.next();
        out.push(m);
    }
    out
}

/// Everything /stats customers says about the cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortRetention {
    pub participants: Group,
    pub others: Group,
    /// `(participants, others)` by tenure, in `Tenure::ALL` order.
    pub strata: [(Group, Group); 4],
}

impl CohortRetention {
    /// From the whole cohort's cells and the participants' (the others are
    /// the difference, `others_cells`).
    pub fn from_cells(cohort: &[Cell], participants: &[Cell]) -> CohortRetention {
        let (p, o) = (by_tenure(participants), by_tenure(&others_cells(cohort, participants)));
        let strata = std::array::from_fn(|i| (p[i], o[i]));
        let sum = |groups: [Group; 4]| {
            groups.iter().fold(Group::default(), |a, g| Group::new(a.n + g.n, a.retained + g.retained))
        };
        CohortRetention { participants: sum(p), others: sum(o), strata }
    }

    /// Fewer than `min` in either group: too few to tell.
    pub fn too_few(&self, min: i64) -> bool {
        self.participants.n < min || self.others.n < min
    }

    pub fn crude(&self) -> Option<RiskRatio> {
        katz(self.participants, self.others)
    }

    pub fn adjusted(&self) -> Option<RiskRatio> {
        mantel_haenszel(&self.strata)
    }
}

/// The cells' customers and those retained, by tenure in `Tenure::ALL` order.
fn by_tenure(cells: &[Cell]) -> [Group; 4] {
    let mut out = [Group::default(); 4];
    for cell in cells {
        let slot = Tenure::ALL.iter().position(|t| *t == cell.tenure).unwrap_or(3);
        let retained = if cell.churned.is_none() { cell.n } else { 0 };
        out[slot] = Group::new(out[slot].n + cell.n, out[slot].retained + retained);
    }
    out
}

/// Monthly churn in percent for each of `months`: those who churned in the
/// month over those still customers at its start (`None` when nobody was).
pub fn monthly_churn(cells: &[Cell], months: &[Month]) -> Vec<Option<f64>> {
    let mut left: i64 = cells.iter().map(|c| c.n).sum();
    months
        .iter()
        .map(|m| {
            let churned: i64 = cells.iter().filter(|c| c.churned == Some(*m)).map(|c| c.n).sum();
            let rate = super::logic::pct(churned, left);
            left -= churned;
            rate
        })
        .collect()
}

/// The others' cells: the cohort's minus the participants'.
pub fn others_cells(cohort: &[Cell], participants: &[Cell]) -> Vec<Cell> {
    cohort
        .iter()
        .map(|c| {
            let p: i64 = participants
                .iter()
                .filter(|p| p.tenure == c.tenure && p.churned == c.churned)
                .map(|p| p.n)
                .sum();
            Cell { n: c.n - p, ..*c }
        })
        .collect()
}

/// The cohort's day: `days` before `today`.
pub fn cohort_day(today: NaiveDate, days: u32) -> NaiveDate {
    today - Duration::days(i64::from(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, eps: f64) -> bool {
        (a - b).abs() < eps
    }

    /// The worked check: 70 of 100 participants retained, 100 of 200
    /// others: an uplift of +40 %, 95 % interval +16 % … +69 %.
    #[test]
    fn the_worked_example() {
        let rr = katz(Group::new(100, 70), Group::new(200, 100)).unwrap();
        let (u, low, high) = rr.uplift_pct();
        assert!(close(u, 40.0, 1e-9), "{u}");
        assert!(close(low, 15.9, 0.1), "{low}");
        assert!(close(high, 69.1, 0.1), "{high}");
        assert_eq!(low.round(), 16.0);
        assert_eq!(high.round(), 69.0);
        assert!(close(uplift(70.0, 50.0).unwrap(), 40.0, 1e-9));
        // One stratum: Mantel–Haenszel is the crude ratio, Greenland–Robins is Katz.
        let mh = mantel_haenszel(&[(Group::new(100, 70), Group::new(200, 100))]).unwrap();
        assert!(
            close(mh.ratio, rr.ratio, 1e-12)
                && close(mh.low, rr.low, 1e-12)
                && close(mh.high, rr.high, 1e-12)
        );
    }

    #[test]
    fn katz_needs_someone_retained_in_both() {
        assert_eq!(katz(Group::new(10, 0), Group::new(10, 5)), None);
        assert_eq!(katz(Group::new(10, 5), Group::new(10, 0)), None);
        assert_eq!(katz(Group::new(0, 0), Group::new(10, 5)), None);
        let all = katz(Group::new(10, 10), Group::new(10, 10)).unwrap();
        assert!(close(all.ratio, 1.0, 1e-12) && close(all.low, 1.0, 1e-12), "{all:?}");
        assert_eq!(uplift(70.0, 0.0), None);
    }

    /// Long-standing customers stay more and take part more: the crude ratio
    /// says participation helps; within each tenure it changes nothing.
    #[test]
    fn tenure_cannot_fake_the_effect() {
        let strata = [
            (Group::new(20, 10), Group::new(80, 40)), // newer: 50 % either way
            (Group::new(80, 72), Group::new(20, 18)), // older: 90 % either way
            (Group::default(), Group::default()),
            (Group::new(5, 5), Group::default()), // no others: no comparison
        ];
        let crude = katz(Group::new(100, 82), Group::new(100, 58)).unwrap();
        assert!(crude.low > 1.0, "the crude ratio looks significant: {crude:?}");
        let mh = mantel_haenszel(&strata).unwrap();
        assert!(close(mh.ratio, 1.0, 1e-12), "{mh:?}");
        assert!(mh.low < 1.0 && mh.high > 1.0, "{mh:?}");
        // A textbook check of Greenland–Robins (two strata, hand computed):
        // top = 10·80/100 + 72·20/100 = 22.4, bottom = 40·20/100 + 18·80/100 = 22.4,
        // var = ((20·80·50 − 10·40·100)/100² + (80·20·90 − 72·18·100)/100²) / 22.4²
        let var: f64 = ((20.0 * 80.0 * 50.0 - 10.0 * 40.0 * 100.0)
            + (80.0 * 20.0 * 90.0 - 72.0 * 18.0 * 100.0))
            / 10_000.0
            / (22.4 * 22.4);
        assert!(close(mh.high, (Z95 * var.sqrt()).exp(), 1e-12), "{mh:?}");
        assert_eq!(mantel_haenszel(&[(Group::new(5, 0), Group::new(5, 0))]), None);
    }

    #[test]
    fn tenure_strata() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let t0 = d("2026-08-04");
        assert_eq!(Tenure::at(None, t0), Tenure::Unknown);
        assert_eq!(Tenure::at(Some(d("2026-08-04")), t0), Tenure::Under90);
        assert_eq!(Tenure::at(Some(t0 - Duration::days(89)), t0), Tenure::Under90);
        assert_eq!(Tenure::at(Some(t0 - Duration::days(90)), t0), Tenure::To365);
        assert_eq!(Tenure::at(Some(t0 - Duration::days(365)), t0), Tenure::To365);
        assert_eq!(Tenure::at(Some(t0 - Duration::days(366)), t0), Tenure::Over365);
        for (i, t) in Tenure::ALL.iter().enumerate() {
            assert_eq!(Tenure::from_index(i as i64), *t);
        }
    }

    #[test]
    fn cells_to_groups_and_monthly_churn() {
        let m = |s: &str| Month::parse(s).unwrap();
        let cohort = [
            Cell { tenure: Tenure::To365, churned: None, n: 150 },
            Cell { tenure: Tenure::To365, churned: Some(m("2026-09")), n: 100 },
            Cell { tenure: Tenure::Unknown, churned: Some(m("2026-10")), n: 50 },
        ];
        let participants = [
            Cell { tenure: Tenure::To365, churned: None, n: 70 },
            Cell { tenure: Tenure::Unknown, churned: Some(m("2026-10")), n: 30 },
        ];
        let r = CohortRetention::from_cells(&cohort, &participants);
        assert_eq!(r.participants, Group::new(100, 70));
        assert_eq!(r.others, Group::new(200, 80));
        assert_eq!(r.strata[1], (Group::new(70, 70), Group::new(180, 80)));
        assert_eq!(r.strata[3], (Group::new(30, 0), Group::new(20, 0)));
        assert!(!r.too_few(30) && r.too_few(101));

        let span = months("2026-08-04".parse().unwrap(), "2026-11-02".parse().unwrap());
        assert_eq!(span, vec![m("2026-08"), m("2026-09"), m("2026-10"), m("2026-11")]);
        assert_eq!(span[0].label(), "08.2026");
        let others = others_cells(&cohort, &participants);
        assert_eq!(others.iter().map(|c| c.n).collect::<Vec<_>>(), vec![80, 100, 20]);
        // Others: 200 at the start; 100 churn in September (50 %), 20 of the
        // remaining 100 in October (20 %).
        assert_eq!(monthly_churn(&others, &span), vec![Some(0.0), Some(50.0), Some(20.0), Some(0.0)]);
        assert_eq!(monthly_churn(&[], &span[..1]), vec![None]);
        assert_eq!(Month::parse("2026-13"), None);
        assert_eq!(m("2026-12").next(), m("2027-01"));
    }
}
