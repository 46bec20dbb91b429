//! NPS and survey arithmetic, and the parsing of what members send: pure
//! functions over plain types, unit-tested here.

use chrono::{DateTime, Utc};

/// Longest question `/nps` accepts (characters).
pub const MAX_QUESTION: usize = 300;
/// Longest follow-up reason kept (characters); longer text is cut.
pub const MAX_REASON: usize = 1000;
/// Under this many responses the results are shown but called unreadable.
pub const MIN_READABLE: u32 = 5;
/// A member counts as active with a message in this many days before the poll closed.
pub const ACTIVE_DAYS: i64 = 14;
/// The sense-of-community questions (CMX), as locale keys, in order.
pub const SURVEY_QUESTIONS: [&str; 4] =
    ["survey-q-safe", "survey-q-heard", "survey-q-relationships", "survey-q-part"];

/// A score on the 0–10 scale, validated once at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score(u8);

impl Score {
    pub fn new(n: i64) -> Option<Score> {
        u8::try_from(n).ok().filter(|n| *n <= 10).map(Score)
    }

    /// Parses callback text: plain decimal digits only ("08", "+8", " 8" refused).
    pub fn parse(raw: &str) -> Option<Score> {
        if raw.is_empty() || raw.len() > 2 || !raw.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        raw.parse().ok().and_then(Score::new).filter(|s| s.0.to_string() == raw)
    }

    pub fn get(self) -> u8 {
        self.0
    }

    pub fn category(self) -> Category {
        match self.0 {
            9..=10 => Category::Promoter,
            7..=8 => Category::Passive,
            _ => Category::Detractor,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Promoter,
    Passive,
    Detractor,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Promoter => "promoter",
            Category::Passive => "passive",
            Category::Detractor => "detractor",
        }
    }
}

/// A survey answer on the 1–5 agreement scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Agreement(u8);

impl Agreement {
    pub fn parse(raw: &str) -> Option<Agreement> {
        match raw {
            "1" | "2" | "3" | "4" | "5" => raw.parse().ok().map(Agreement),
            _ => None,
        }
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// A survey question index (0–3), from callback text.
pub fn parse_question(raw: &str) -> Option<usize> {
    match raw {
        "0" | "1" | "2" | "3" => raw.parse().ok(),
        _ => None,
    }
}

/// A positive id from callback text (no sign, no leading zeros, ≤ 18 digits).
pub fn parse_id(raw: &str) -> Option<i64> {
    if raw.is_empty() || raw.len() > 18 || raw.starts_with('0') || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse().ok()
}

/// Promoters, passives and detractors of one poll (or one segment of it).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub promoters: u32,
    pub passives: u32,
    pub detractors: u32,
}

impl Tally {
    pub fn from_scores(scores: impl IntoIterator<Item = Score>) -> Tally {
        let mut t = Tally::default();
        for s in scores {
            t.add(s);
        }
        t
    }

    pub fn add(&mut self, s: Score) {
        match s.category() {
            Category::Promoter => self.promoters += 1,
            Category::Passive => self.passives += 1,
            Category::Detractor => self.detractors += 1,
        }
    }

    pub fn n(&self) -> u32 {
        self.promoters + self.passives + self.detractors
    }

    /// NPS = % promoters − % detractors, rounded half away from zero;
    /// `None` without responses.
    pub fn nps(&self) -> Option<i32> {
        let n = self.n();
        (n > 0).then(|| {
            let exact = 100.0 * (f64::from(self.promoters) - f64::from(self.detractors)) / f64::from(n);
            exact.round() as i32
        })
    }

    /// The 95 % margin of error of the NPS, in points, by the adjusted-Wald
    /// method: n' = n + 3, p = (P + 0.75)/n', d = (D + 0.75)/n',
    /// MOE = 1.96 · 100 · √((p + d − (p − d)²)/n').
    pub fn margin(&self) -> f64 {
        let n = f64::from(self.n()) + 3.0;
        let p = (f64::from(self.promoters) + 0.75) / n;
        let d = (f64::from(self.detractors) + 0.75) / n;
        let variance = (p + d - (p - d).powi(2)).max(0.0);
        1.96 * 100.0 * (variance / n).sqrt()
    }

    /// The margin rounded to whole points; `None` without responses.
    pub fn margin_points(&self) -> Option<i32> {
        (self.n() > 0).then(|| self.margin().round() as i32)
    }

    /// Percentages of promoters, passives and detractors, rounded.
    pub fn percentages(&self) -> (u32, u32, u32) {
        let n = self.n();
        if n == 0 {
            return (0, 0, 0);
        }
        (percent(self.promoters, n), percent(self.passives, n), percent(self.detractors, n))
    }

    pub fn readable(&self) -> bool {
        self.n() >= MIN_READABLE
    }
}

/// `part` of `whole` in whole percent (0 when `whole` is 0).
pub fn percent(part: u32, whole: u32) -> u32 {
    if whole == 0 {
        return 0;
    }
    (f64::from(part) * 100.0 / f64::from(whole)).round() as u32
}

/// One poll, as /npshistory, /stats and analytics see it.
#[derive(Debug, Clone, PartialEq)]
pub struct PollSummary {
    pub poll_id: i64,
    pub number: i64,
    pub opened_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub tally: Tally,
}

impl PollSummary {
    pub fn nps(&self) -> Option<i32> {
        self.tally.nps()
    }

    pub fn margin(&self) -> Option<i32> {
        self.tally.margin_points()
    }

    pub fn responses(&self) -> u32 {
        self.tally.n()
    }
}

/// Answers to one survey question: how many chose 1…5.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Distribution(pub [u32; 5]);

impl Distribution {
    pub fn add(&mut self, a: Agreement) {
        self.0[usize::from(a.get() - 1)] += 1;
    }

    pub fn n(&self) -> u32 {
        self.0.iter().sum()
    }

    /// The mean answer (1–5); `None` without answers.
    pub fn mean(&self) -> Option<f64> {
        let n = self.n();
        (n > 0).then(|| {
            let sum: u32 = self.0.iter().enumerate().map(|(i, c)| (i as u32 + 1) * c).sum();
            f64::from(sum) / f64::from(n)
        })
    }
}

/// A question for `/nps`: the default when empty; refused when too long.
pub fn question(args: &str) -> Result<Option<String>, usize> {
    let q = args.trim();
    if q.is_empty() {
        return Ok(None);
    }
    let len = q.chars().count();
    if len > MAX_QUESTION {
        return Err(len);
    }
    Ok(Some(q.to_owned()))
}

/// A follow-up reason as stored: trimmed, control characters but newlines
/// dropped, cut to `MAX_REASON` characters. `None` when nothing is left.
pub fn clean_reason(text: &str) -> Option<String> {
    let cleaned: String = text.chars().filter(|c| !c.is_control() || *c == '\n').collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        return None;
    }
    Some(crate::telegram::html::truncate(cleaned, MAX_REASON))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(p: u32, pa: u32, d: u32) -> Tally {
        Tally { promoters: p, passives: pa, detractors: d }
    }

    fn scores(list: &[i64]) -> Tally {
        Tally::from_scores(list.iter().filter_map(|s| Score::new(*s)))
    }

    #[test]
    fn categories_follow_the_definition() {
        let cats: Vec<Category> = (0..=10).map(|n| Score::new(n).unwrap().category()).collect();
        assert!(cats[..7].iter().all(|c| *c == Category::Detractor));
        assert_eq!(&cats[7..9], &[Category::Passive, Category::Passive]);
        assert_eq!(&cats[9..], &[Category::Promoter, Category::Promoter]);
    }

    #[test]
    fn scores_outside_the_scale_are_refused() {
        assert!(Score::new(-1).is_none());
        assert!(Score::new(11).is_none());
        for bad in ["", "11", "-1", "+8", "08", " 8", "8 ", "1e1", "ten", "100"] {
            assert!(Score::parse(bad).is_none(), "{bad:?}");
        }
        assert_eq!(Score::parse("0").map(Score::get), Some(0));
        assert_eq!(Score::parse("10").map(Score::get), Some(10));
    }

    #[test]
    fn all_promoters_is_100_and_all_detractors_is_minus_100() {
        assert_eq!(scores(&[9, 10, 10]).nps(), Some(100));
        assert_eq!(scores(&[0, 3, 6]).nps(), Some(-100));
        assert_eq!(scores(&[7, 8]).nps(), Some(0));
    }

    #[test]
    fn no_responses_has_no_nps() {
        let t = Tally::default();
        assert_eq!(t.nps(), None);
        assert_eq!(t.margin_points(), None);
        assert_eq!(t.percentages(), (0, 0, 0));
        assert!(!t.readable());
        // The formula itself is defined at n = 0 (n' = 3): 196·√(0.5/3).
        assert!((t.margin() - 80.0167).abs() < 1e-3);
    }

    #[test]
    fn margin_of_error_against_a_hand_worked_example() {
        // 40 promoters, 30 passives, 30 detractors: n' = 103,
        // p = 40.75/103 = 0.39563, d = 30.75/103 = 0.29854,
        // p + d − (p − d)² = 0.69417 − 0.00943 = 0.68475,
        // √(0.68475/103) = 0.081535, × 196 = 15.98.
        let t = tally(40, 30, 30);
        assert_eq!(t.nps(), Some(10));
        assert!((t.margin() - 15.981).abs() < 1e-3, "{}", t.margin());
        assert_eq!(t.margin_points(), Some(16));
        assert_eq!(t.percentages(), (40, 30, 30));
    }

    #[test]
    fn the_end_to_end_example_by_hand() {
        // 9, 9, 10, 7, 8, 2, 5: P = 3, passives 2, D = 2, NPS = 100·1/7 = 14.3;
        // n' = 10, p = 0.375, d = 0.275, variance = 0.65 − 0.01 = 0.64,
        // MOE = 196·√0.064 = 49.58.
        let t = scores(&[9, 9, 10, 7, 8, 2, 5]);
        assert_eq!(t, tally(3, 2, 2));
        assert_eq!(t.nps(), Some(14));
        assert!((t.margin() - 49.585).abs() < 1e-3);
        assert_eq!(t.margin_points(), Some(50));
        // One 7 becomes a 10: P = 4, D = 2, NPS = 200/7 = 28.6; n' = 10,
        // p = 0.475, d = 0.275, variance = 0.75 − 0.04 = 0.71, MOE = 196·√0.071 = 52.2.
        let t = scores(&[9, 9, 10, 10, 8, 2, 5]);
        assert_eq!(t.nps(), Some(29));
        assert_eq!(t.margin_points(), Some(52));
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        // 1 promoter in 8: 12.5 → 13; 1 detractor in 8: −12.5 → −13.
        assert_eq!(tally(1, 7, 0).nps(), Some(13));
        assert_eq!(tally(0, 7, 1).nps(), Some(-13));
        // 2 of 3: 66.7 → 67 percent.
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(0, 0), 0);
    }

    #[test]
    fn all_promoters_margin_is_narrower_than_a_split() {
        // 10 promoters: n' = 13, p = 10.75/13, d = 0.75/13 → 29.42.
        let t = tally(10, 0, 0);
        assert!((t.margin() - 29.420).abs() < 1e-3);
        assert!(t.margin() < tally(5, 0, 5).margin());
    }

    #[test]
    fn survey_means_and_distributions() {
        let mut d = Distribution::default();
        assert_eq!(d.mean(), None);
        for v in ["5", "4", "4", "2"] {
            d.add(Agreement::parse(v).unwrap());
        }
        assert_eq!(d.0, [0, 1, 0, 2, 1]);
        assert_eq!(d.n(), 4);
        assert!((d.mean().unwrap() - 3.75).abs() < 1e-9);
        for bad in ["0", "6", "", "-1", "05", "x"] {
            assert!(Agreement::parse(bad).is_none());
        }
        assert_eq!(parse_question("3"), Some(3));
        assert!(parse_question("4").is_none());
    }

    #[test]
    fn ids_questions_and_reasons() {
        assert_eq!(parse_id("12"), Some(12));
        for bad in ["", "0", "012", "-3", "1a", "9999999999999999999"] {
            assert!(parse_id(bad).is_none(), "{bad:?}");
        }
        assert_eq!(question("  "), Ok(None));
        assert_eq!(question(" Would you? "), Ok(Some("Would you?".into())));
        assert_eq!(question(&"x".repeat(301)), Err(301));
        assert_eq!(clean_reason("  \u{0}  "), None);
        assert_eq!(clean_reason("a\u{7}b\nc").as_deref(), Some("ab\nc"));
        assert_eq!(clean_reason(&"я".repeat(5000)).map(|r| r.chars().count()), Some(MAX_REASON));
    }

    proptest::proptest! {
        #[test]
        fn nps_stays_within_bounds(p in 0u32..5000, pa in 0u32..5000, d in 0u32..5000) {
            let t = tally(p, pa, d);
            if let Some(nps) = t.nps() {
                proptest::prop_assert!((-100..=100).contains(&nps));
            }
            let moe = t.margin();
            proptest::prop_assert!(moe.is_finite() && (0.0..=200.0).contains(&moe));
        }

        #[test]
        fn parsers_never_panic(s in "\\PC*") {
            let _ = Score::parse(&s);
            let _ = Agreement::parse(&s);
            let _ = parse_id(&s);
            let _ = clean_reason(&s);
        }
    }
}
