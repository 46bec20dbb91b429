//! Onboarding: the first-week path — a welcome with the community's links, a
//! rules gate, a bot-guided introduction in DM posted to the group, and a
//! check-in a few days later; with a funnel to see where newcomers drop off.

pub mod buttons;
pub mod handlers;
pub mod logic;
pub mod store;

use crate::{
    kernel::Routes,
    scheduler::Job,
    settings::{Kind, SettingDef},
    telegram::command::{CommandSpec, Place},
};

pub use handlers::{on_dialogue_message, on_join, start_intro};

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::member("rules", Place::Group, "cmd-rules"),
    CommandSpec::member("cancel", Place::Private, "cmd-cancel"),
    CommandSpec::admin("setwelcome", "cmd-setwelcome"),
    CommandSpec::admin("resetwelcome", "cmd-resetwelcome"),
    CommandSpec::admin("setrules", "cmd-setrules"),
    CommandSpec::admin("addlink", "cmd-addlink"),
    CommandSpec::admin("dellink", "cmd-dellink"),
    CommandSpec::admin("links", "cmd-links"),
    CommandSpec::admin("setgoals", "cmd-setgoals"),
    CommandSpec::admin("onboarding", "cmd-onboarding"),
];

pub const SETTINGS: &[SettingDef] = &[
    SettingDef { key: "gate", kind: Kind::Bool, default: "on", help: "setting-gate" },
    SettingDef { key: "clean_welcome", kind: Kind::Bool, default: "on", help: "setting-clean-welcome" },
    SettingDef {
        key: "gate_kick_minutes",
        kind: Kind::Int { min: 0, max: 10_080 },
        default: "0",
        help: "setting-gate-kick-minutes",
    },
    SettingDef {
        key: "checkin_days",
        kind: Kind::Int { min: 0, max: 30 },
        default: "3",
        help: "setting-checkin-days",
    },
];

pub fn routes() -> Routes {
    Routes::new(COMMANDS)
        .command("rules", handlers::rules)
        .command("cancel", handlers::cancel)
        .command("setwelcome", handlers::set_welcome)
        .command("resetwelcome", handlers::reset_welcome)
        .command("setrules", handlers::set_rules)
        .command("addlink", handlers::add_link)
        .command("dellink", handlers::del_link)
        .command("links", handlers::list_links)
        .command("setgoals", handlers::set_goals)
        .command("onboarding", handlers::funnel)
        .button::<buttons::OnboardingButton, _, _>(handlers::on_button)
}

pub const JOBS: &[Job] = &[
    Job { name: "onboarding-gate-kick", run: |ctx, now| Box::pin(handlers::gate_kick_job(ctx, now)) },
    Job { name: "onboarding-checkin", run: |ctx, now| Box::pin(handlers::checkin_job(ctx, now)) },
];
