//! Silent members: a segment per member (active, at risk, silent, gone,
//! archived, left) recomputed by the scheduler, and a gentle, capped nudge
//! ladder — a personal DM with a one-tap survey, an invitation with something
//! concrete, a warm goodbye — with a holdout group to measure what nudging
//! changes, quiet hours, opt-out, and /silent for admins. Only members the
//! bot has seen join or speak can be tracked (no bot can list a group).

pub mod buttons;
mod chat;
mod events;
mod invitations;
mod jobs;
mod ladder;
pub mod logic;
mod opt_out;
mod prune;
mod sender;
mod silent;
mod state;
pub mod store;
mod survey;

use crate::{
    kernel::Routes,
    scheduler::Job,
    settings::{Kind, SettingDef},
    telegram::command::{CommandSpec, Place},
};

pub use survey::{DIALOGUE, on_dialogue_message};

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::member("events", Place::Group, "cmd-events"),
    CommandSpec::member("nudges", Place::Private, "cmd-nudges"),
    CommandSpec::admin("silent", "cmd-silent"),
    CommandSpec::admin("addevent", "cmd-addevent"),
    CommandSpec::admin("delevent", "cmd-delevent"),
];

pub const SETTINGS: &[SettingDef] = &[
    SettingDef { key: "nudges", kind: Kind::Bool, default: "on", help: "setting-nudges" },
    SettingDef {
        key: "active_days",
        kind: Kind::OrderedInt { min: 1, max: 365, above: None, below: Some("silent_days") },
        default: "7",
        help: "setting-active-days",
    },
    SettingDef {
        key: "silent_days",
        kind: Kind::OrderedInt { min: 2, max: 365, above: Some("active_days"), below: Some("goodbye_days") },
        default: "14",
        help: "setting-silent-days",
    },
    SettingDef {
        key: "goodbye_days",
        kind: Kind::OrderedInt { min: 3, max: 730, above: Some("silent_days"), below: None },
        default: "60",
        help: "setting-goodbye-days",
    },
    SettingDef {
        key: "nudge_gap_days",
        kind: Kind::Int { min: 1, max: 90 },
        default: "7",
        help: "setting-nudge-gap-days",
    },
    SettingDef {
        key: "nudge_holdout_percent",
        kind: Kind::Int { min: 0, max: 50 },
        default: "10",
        help: "setting-nudge-holdout-percent",
    },
    SettingDef { key: "prune", kind: Kind::Bool, default: "off", help: "setting-prune" },
    SettingDef { key: "group_nudge", kind: Kind::Bool, default: "off", help: "setting-group-nudge" },
    SettingDef { key: "quiet_from", kind: Kind::Time, default: "22:00", help: "setting-quiet-from" },
    SettingDef { key: "quiet_to", kind: Kind::Time, default: "09:00", help: "setting-quiet-to" },
    SettingDef { key: "timezone", kind: Kind::Timezone, default: "UTC", help: "setting-timezone" },
];

pub fn routes() -> Routes {
    Routes::new(COMMANDS)
        .command("events", events::list_events)
        .command("nudges", opt_out::nudges_cmd)
        .command("silent", silent::silent)
        .command("addevent", events::add_event)
        .command("delevent", events::del_event)
        .button::<buttons::NudgeButton, _, _>(survey::on_survey)
}

pub const JOBS: &[Job] = &[Job { name: "nudges", run: |ctx, now| Box::pin(jobs::nudges_job(ctx, now)) }];

#[cfg(test)]
mod tests {
    use crate::{i18n::Lang, t};

    #[test]
    fn russian_texts_agree_in_number_and_name_the_start_button() {
        let full = |n: u32| t!(Lang::Ru, "event-full", max = n);
        assert!(full(1).contains("есть 1 предстоящее событие;"), "{}", full(1));
        assert!(full(3).contains("есть 3 предстоящих события;"), "{}", full(3));
        assert!(full(50).contains("есть 50 предстоящих событий;"), "{}", full(50));
        assert!(full(21).contains("есть 21 предстоящее событие;"), "{}", full(21));
        assert!(t!(Lang::En, "event-full", max = 1).contains("There is already 1 upcoming event;"));
        assert!(t!(Lang::En, "event-full", max = 50).contains("There are already 50 upcoming events;"));
        let invite = t!(Lang::Ru, "nudge-group-invite", names = "Алиса");
        assert!(invite.contains("«Запустить»") && !invite.contains("Старт"), "{invite}");
        let list = t!(Lang::Ru, "silent-list");
        assert!(list.contains("последняя активность") && !list.contains("когда был"), "{list}");
    }
}
