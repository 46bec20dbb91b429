//! Referrals: members' personal invite links (or deep-link codes), joins
//! attributed to who brought them, and rewards for both sides once the
//! newcomer really arrives (rules accepted, a message posted, days stayed).

pub mod attribution;
pub mod buttons;
pub mod invites;
pub mod logic;
pub mod overview;
pub mod qualification;
pub mod start;
pub mod store;

pub use attribution::on_join;
pub use start::start_referral;

use crate::{
    kernel::Routes,
    scheduler::Job,
    settings::{Kind, SettingDef},
    telegram::command::{CommandSpec, Place},
};

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::member("invite", Place::Anywhere, "cmd-invite"),
    CommandSpec::member("referrals", Place::Group, "cmd-referrals"),
];

pub const SETTINGS: &[SettingDef] = &[
    SettingDef {
        key: "referral_points",
        kind: Kind::Int { min: 0, max: 10_000 },
        default: "50",
        help: "setting-referral-points",
    },
    SettingDef {
        key: "welcome_points",
        kind: Kind::Int { min: 0, max: 10_000 },
        default: "20",
        help: "setting-welcome-points",
    },
    SettingDef {
        key: "referral_min_messages",
        kind: Kind::Int { min: 0, max: 1_000 },
        default: "1",
        help: "setting-referral-min-messages",
    },
    SettingDef {
        key: "referral_qualify_days",
        kind: Kind::Int { min: 0, max: 365 },
        default: "7",
        help: "setting-referral-qualify-days",
    },
];

pub fn routes() -> Routes {
    Routes::new(COMMANDS)
        .command("invite", invites::invite)
        .command("referrals", overview::referrals)
        .button::<buttons::ReferralButton, _, _>(invites::on_pick)
}

pub const JOBS: &[Job] =
    &[Job { name: "referrals-qualify", run: |ctx, now| Box::pin(qualification::qualify_job(ctx, now)) }];
