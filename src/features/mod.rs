//! The feature list: each feature is a room with its commands and buttons
//! (`routes`), its settings, its scheduler jobs, its handlers split by
//! capability, its pure logic and its own SQL. This file puts them together
//! for the rest: the catalog (/help, setMyCommands, the settings registry),
//! the routes the tree is built from, and the jobs in the order they run.

pub mod best;
pub mod calendar;
pub mod community;
pub mod customers;
pub mod dashboard;
pub mod digest;
pub mod entry;
pub mod ideas;
pub mod moderation;
pub mod notes;
pub mod nps;
pub mod nudges;
pub mod onboarding;
pub mod points;
pub mod premod;
pub mod profile;
pub mod raid;
pub mod referrals;
pub mod stats;
pub mod topics;
pub mod trust;

use crate::{
    kernel::{Catalog, Routes},
    scheduler::Job,
    settings::{self, Registry},
};

/// Every command (in the order /help lists them) and every setting.
pub static CATALOG: Catalog = Catalog {
    commands: &[
        community::COMMANDS,
        onboarding::COMMANDS,
        referrals::COMMANDS,
        profile::COMMANDS,
        points::COMMANDS,
        best::COMMANDS,
        moderation::COMMANDS,
        raid::COMMANDS,
        premod::COMMANDS,
        trust::COMMANDS,
        nps::COMMANDS,
        nudges::COMMANDS,
        ideas::COMMANDS,
        topics::COMMANDS,
        notes::COMMANDS,
        stats::COMMANDS,
        dashboard::COMMANDS,
        entry::COMMANDS,
        calendar::COMMANDS,
    ],
    settings: Registry(&[
        settings::CORE,
        onboarding::SETTINGS,
        referrals::SETTINGS,
        digest::SETTINGS,
        moderation::SETTINGS,
        raid::SETTINGS,
        premod::SETTINGS,
        trust::SETTINGS,
        nps::SETTINGS,
        nudges::SETTINGS,
        entry::SETTINGS,
        notes::SETTINGS,
        calendar::SETTINGS,
    ]),
    moderators: trust::acts_as_moderator,
};

/// Each feature's commands and buttons.
pub fn routes() -> Vec<Routes> {
    vec![
        community::routes(),
        onboarding::routes(),
        referrals::routes(),
        profile::routes(),
        points::routes(),
        best::routes(),
        moderation::routes(),
        raid::routes(),
        premod::routes(),
        trust::routes(),
        nps::routes(),
        nudges::routes(),
        ideas::routes(),
        topics::routes(),
        notes::routes(),
        stats::routes(),
        dashboard::routes(),
        entry::routes(),
        calendar::routes(),
    ]
}

/// What the features serve over HTTP on HEARTH_LISTEN (the CRM's API, the
/// dashboard), each only when configured.
pub fn http_routes(ctx: &std::sync::Arc<crate::kernel::Ctx>) -> axum::Router {
    let mut routes = axum::Router::new();
    if let Some(api) = customers::api::routes(ctx) {
        routes = routes.merge(api);
    }
    if let Some(dashboard) = dashboard::http_routes(ctx) {
        routes = routes.merge(dashboard);
    }
    routes
}

/// The scheduler's periodic jobs, in the order each tick runs them.
pub fn jobs() -> Vec<Job> {
    [
        crate::scheduler::HOUSEKEEPING,
        onboarding::JOBS,
        referrals::JOBS,
        points::JOBS,
        digest::JOBS,
        nps::JOBS,
        ideas::JOBS,
        nudges::JOBS,
        entry::JOBS,
        raid::JOBS,
        calendar::JOBS,
        // After the jobs that unlock badges, so their badges go out this tick.
        points::LATE_JOBS,
    ]
    .concat()
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::settings::{Kind, canonical};

    #[test]
    fn every_spec_has_exactly_one_route_and_every_route_a_spec() {
        let mut routed: BTreeMap<&str, usize> = BTreeMap::new();
        for r in routes() {
            let specs: BTreeSet<&str> = r.specs().iter().map(|s| s.name).collect();
            for name in &r.routed {
                assert!(specs.contains(name), "/{name} is routed without a spec of its feature");
                *routed.entry(name).or_default() += 1;
            }
        }
        let mut declared = BTreeSet::new();
        for spec in CATALOG.commands() {
            assert!(declared.insert(spec.name), "/{} is declared twice", spec.name);
            assert_eq!(routed.get(spec.name), Some(&1), "/{} must have exactly one route", spec.name);
        }
        for name in routed.keys() {
            assert!(declared.contains(name), "/{name} has a route but is not in the catalog");
        }
    }

    #[test]
    fn every_button_kind_fits_telegram_and_prefixes_are_unique() {
        let mut prefixes = BTreeSet::new();
        for r in routes() {
            for kind in &r.button_kinds {
                assert!(prefixes.insert(kind.prefix), "button prefix {} is used twice", kind.prefix);
                assert_eq!((kind.check)(), Ok(()), "buttons {}", kind.prefix);
            }
        }
        assert!(!prefixes.is_empty());
    }

    #[test]
    fn help_lines_exist_in_both_languages() {
        for spec in CATALOG.commands() {
            for lang in crate::i18n::Lang::ALL {
                let text = crate::i18n::text(lang, spec.help, None);
                assert!(!text.is_empty() && text != spec.help, "{} in {}", spec.help, lang.code());
                assert!(text.chars().count() <= 256, "{} is too long for setMyCommands", spec.help);
            }
        }
    }

    #[test]
    fn defaults_are_valid_and_keys_unique() {
        let mut seen = BTreeSet::new();
        for def in CATALOG.settings.iter() {
            assert!(seen.insert(def.key), "duplicate key {}", def.key);
            assert_eq!(canonical(def, def.default).as_deref(), Ok(def.default), "default of {}", def.key);
            if let Kind::DurationAtLeast { min, .. } = def.kind {
                assert!(settings::parse_duration(min).is_some(), "minimum of {}", def.key);
            }
        }
    }

    #[test]
    fn readme_table_is_current() {
        let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        assert!(
            readme.contains(&CATALOG.settings.markdown_table()),
            "README.md's settings table is stale: run `cargo run -- settings-table` and paste it"
        );
    }

    /// Every name shown through `i18n::named` has its key in both languages.
    #[test]
    fn every_named_thing_has_a_name_in_both_languages() {
        use crate::{i18n::Lang, kernel::topics::TopicKind};
        let mut names: Vec<(&str, &str)> = Vec::new();
        names.extend(points::logic::Badge::ALL.iter().map(|b| ("badge", b.as_str())));
        names.extend(ideas::logic::Status::ALL.iter().map(|s| ("idea-status", s.as_str())));
        names.extend(nudges::logic::Segment::ALL.iter().map(|s| ("segment", s.as_str())));
        names.extend(nudges::logic::SurveyAnswer::ALL.iter().map(|a| ("nudge-answer", a.as_str())));
        names.extend(onboarding::logic::FunnelStep::ALL.iter().map(|s| ("onb-step", s.as_str())));
        names.extend(TopicKind::ALL.iter().map(|k| ("topic-kind", k.as_str())));
        for day in (0..7).filter_map(|n| chrono::Weekday::try_from(n).ok()) {
            names.push(("weekday", calendar::logic::weekday_code(day)));
            names.push(("weekday-short", calendar::logic::weekday_code(day)));
        }
        names.extend(trust::Level::ALL.iter().map(|l| ("trust-level", l.as_str())));
        names.extend(premod::logic::Media::ALL.iter().map(|m| ("premod-media", m.as_str())));
        names.extend(premod::logic::RejectReason::ALL.iter().map(|r| ("premod-reason", r.as_str())));
        for lang in Lang::ALL {
            for (prefix, name) in &names {
                let key = format!("{prefix}-{}", name.replace('_', "-"));
                assert_ne!(crate::i18n::named(lang, prefix, name), key, "{key} in {}", lang.code());
            }
        }
    }
}
