//! NPS polls and sense-of-community surveys: `/nps` posts a 0–10 question
//! with private, changeable votes on inline buttons and a live response
//! count; `/npsclose` (or `nps_duration`) closes it and posts the results
//! (NPS with its adjusted-Wald margin, the change since the last poll, active
//! vs silent members); `nps_every` makes polls recurring. `/survey` asks the
//! four CMX sense-of-community questions on a 1–5 scale.

pub mod buttons;
pub mod jobs;
pub mod logic;
pub mod polls;
pub mod reasons;
pub mod refusals;
pub mod results;
pub mod store;
pub mod surveys;
pub mod votes;

use crate::{
    kernel::Routes,
    scheduler::Job,
    settings::{Kind, SettingDef},
    telegram::command::CommandSpec,
};

pub use reasons::{REASON, on_reason};
pub use votes::State;

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
        .command("nps", polls::nps)
        .command("npsclose", polls::close)
        .command("npsresults", results::results)
        .command("npshistory", results::history)
        .command("survey", surveys::survey)
        .command("surveyclose", surveys::survey_close)
        .command("surveyresults", surveys::survey_results)
        .button::<buttons::PollButton, _, _>(votes::on_vote)
        .button::<buttons::SurveyButton, _, _>(surveys::on_answer)
}

pub const JOBS: &[Job] =
    &[Job { name: "nps-close-and-recur", run: |ctx, now| Box::pin(jobs::job(ctx, now)) }];
