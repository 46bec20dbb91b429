//! Onboarding: the first-week path — a welcome with the community's links, a
//! rules gate, a bot-guided introduction in DM posted to the group, and a
//! check-in a few days later; with a funnel to see where newcomers drop off.

pub mod buttons;
pub mod checkin;
pub mod dialogue;
pub mod funnel;
pub mod gate;
pub mod intro;
pub mod logic;
mod names;
pub mod store;
pub mod texts;
pub mod welcome;

use std::sync::Arc;

use teloxide::types::CallbackQuery;

use crate::{
    kernel::{Ctx, HandlerResult, Routes},
    scheduler::Job,
    settings::{Kind, SettingDef},
    telegram::{
        HearthBot,
        command::{CommandSpec, Once, Place},
    },
};
use buttons::OnboardingButton;

pub use dialogue::on_dialogue_message;
pub use gate::{gate_after_raid, rules_markup};
pub use intro::start_intro;
pub use welcome::on_join;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::member("rules", Place::Group, "cmd-rules").once(Once::ForAll),
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
        .command("rules", texts::rules)
        .command("cancel", dialogue::cancel)
        .command("setwelcome", texts::set_welcome)
        .command("resetwelcome", texts::reset_welcome)
        .command("setrules", texts::set_rules)
        .command("addlink", texts::add_link)
        .command("dellink", texts::del_link)
        .command("links", texts::list_links)
        .command("setgoals", texts::set_goals)
        .command("onboarding", funnel::funnel)
        .button::<OnboardingButton, _, _>(on_button)
}

/// An onboarding button, to the capability it belongs to.
async fn on_button(
    bot: HearthBot,
    ctx: Arc<Ctx>,
    q: CallbackQuery,
    button: OnboardingButton,
) -> HandlerResult {
    match button {
        OnboardingButton::Accept { .. } => gate::on_accept(bot, ctx, q, button).await,
        OnboardingButton::Goal { chat_id, index } => intro::on_goal(&bot, &ctx, &q, chat_id, index).await,
        OnboardingButton::Checkin { answer, chat_id } => {
            checkin::on_checkin(&bot, &ctx, &q, answer, chat_id).await
        }
    }
}

pub const JOBS: &[Job] = &[
    Job { name: "onboarding-gate-kick", run: |ctx, now| Box::pin(gate::gate_kick_job(ctx, now)) },
    Job { name: "onboarding-checkin", run: |ctx, now| Box::pin(checkin::checkin_job(ctx, now)) },
];
