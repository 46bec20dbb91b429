//! How levels are written: the badge of /top, the line of /me with what the
//! next level needs, and an admin's view of a member's level and why.

use super::logic::{Level, Need, Standing};
use crate::{i18n::Lang, t};

/// "TL2", beside a name on /top.
pub fn badge(lang: Lang, level: Level) -> String {
    t!(lang, "trust-badge", level = level.number())
}

/// The level's name: "regular".
pub fn level_name(lang: Lang, level: Level) -> String {
    crate::i18n::named(lang, "trust-level", level.as_str())
}

fn need(lang: Lang, n: Need) -> String {
    match n {
        Need::Rules => t!(lang, "trust-need-rules"),
        Need::Messages { have, need } => t!(lang, "trust-need-messages", have = have, need = need),
        Need::Days { have, need } => t!(lang, "trust-need-days", have = have, need = need),
        Need::Weeks { have, need, of } => t!(lang, "trust-need-weeks", have = have, need = need, of = of),
        Need::NoWarnings { count } => t!(lang, "trust-need-no-warnings", count = count),
        Need::Points { have, need } => t!(lang, "trust-need-points", have = have, need = need),
        Need::Helpful { have, need } => t!(lang, "trust-need-helpful", have = have, need = need),
    }
}

/// "🛡 Trust level: TL1 member" and, below TL3, what the next one needs.
pub fn me_lines(lang: Lang, s: &Standing) -> String {
    let head = t!(lang, "trust-me-level", level = s.level.number(), name = level_name(lang, s.level));
    if s.next.is_empty() {
        return head;
    }
    let needs: Vec<String> = s.next.iter().map(|n| format!("• {}", need(lang, *n))).collect();
    let next = if s.capped {
        t!(lang, "trust-me-capped")
    } else {
        let up = Level::ALL.get(s.level.number() as usize + 1).copied().unwrap_or(Level::Leader);
        t!(lang, "trust-me-next", level = up.number(), name = level_name(lang, up))
    };
    format!("{head}\n{next}\n{}", needs.join("\n"))
}

/// An admin's view: the level in force, how it came about, the facts, and
/// what the next level needs. `name` is HTML.
pub fn explain(lang: Lang, name: &str, s: &Standing) -> String {
    let f = &s.facts;
    let how = match (s.facts.chosen, s.capped) {
        (_, true) => t!(lang, "trust-why-capped", count = f.active_warnings),
        (Some(chosen), false) if chosen > s.computed => t!(lang, "trust-why-chosen"),
        _ => t!(lang, "trust-why-computed"),
    };
    let facts = t!(
        lang,
        "trust-facts",
        messages = f.messages,
        weeks = f.weeks_active,
        warnings = f.active_warnings,
        points = f.points,
        helpful = f.helpful,
        rules = if f.rules_ok { t!(lang, "trust-rules-ok") } else { t!(lang, "trust-rules-pending") }
    );
    let head =
        t!(lang, "trust-explain", name = name, level = s.level.number(), what = level_name(lang, s.level));
    format!("{head}\n{how}\n{facts}\n{}", me_lines(lang, s).split_once('\n').map_or("", |(_, rest)| rest))
        .trim_end()
        .to_owned()
}
