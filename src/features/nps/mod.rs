//! NPS polls and sense-of-community surveys: `/nps` posts a 0–10 question
//! with private, changeable votes on inline buttons and a live response
//! count; `/npsclose` (or `nps_duration`) closes it and posts the results
//! (NPS with its adjusted-Wald margin, the change since the last poll, active
//! vs silent members); `nps_every` makes polls recurring. `/survey` asks the
//! four CMX sense-of-community questions on a 1–5 scale.

pub mod buttons;
pub mod handlers;
pub mod logic;
pub mod store;

use crate::{
    kernel::Routes,
    scheduler::Job,
    settings::{Kind, SettingDef},
    telegram::command::CommandSpec,
};

pub use handlers::{REASON, State, on_reason};

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::admin("nps", "cmd-nps"),
    CommandSpec::admin("npsclose", "cmd-npsclose"),
    CommandSpec::admin("npsresults", "cmd-npsresults"),
    CommandSpec::admin("npshistory", "cmd-npshistory"),
    CommandSpec::admin("survey", "cmd-survey"),
    CommandSpec::admin("surveyclose", "cmd-surveyclose"),
    CommandSpec::admin("surveyresults", "cmd-surveyresults"),
];

pub const SETTINGS: &[SettingDef] = &[
    SettingDef {
        key: "nps_duration",
        kind: Kind::DurationAtLeast { allow_off: true, min: "1h" },
        default: "off",
        help: "setting-nps-duration",
    },
    SettingDef {
        key: "nps_every",
        kind: Kind::DurationAtLeast { allow_off: true, min: "1d" },
        default: "off",
        help: "setting-nps-every",
    },
];

pub fn routes() -> Routes {
    Routes::new(COMMANDS)
        .command("nps", handlers::nps)
        .command("npsclose", handlers::close)
        .command("npsresults", handlers::results)
        .command("npshistory", handlers::history)
        .command("survey", handlers::survey)
        .command("surveyclose", handlers::survey_close)
        .command("surveyresults", handlers::survey_results)
        .button::<buttons::PollButton, _, _>(handlers::on_vote)
        .button::<buttons::SurveyButton, _, _>(handlers::on_answer)
}

pub const JOBS: &[Job] =
    &[Job { name: "nps-close-and-recur", run: |ctx, now| Box::pin(handlers::job(ctx, now)) }];
