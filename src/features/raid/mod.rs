//! Raid mode: more than `raid_joins` joins within `raid_seconds` (by
//! Telegram's dates), or `/raid on`, puts a chat in raid mode — each
//! newcomer restricted once and counted in one message edited through the
//! edit lane (onboarding welcomes nobody meanwhile), the bot's reusable
//! invite links switched to join requests, the admins told once with an
//! "End raid mode" button. It ends after `raid_calm_minutes` without a
//! spike, with `/raid off` or the button: links restored, restrictions
//! lifted (not for those banned meanwhile), a summary of who joined. The
//! raid is kept in SQLite, so a restart keeps it.

pub mod buttons;
pub mod jobs;
pub mod logic;
pub mod mode;
pub mod store;
pub mod switch;
pub mod texts;

pub use mode::on_join;

use crate::{
    kernel::Routes,
    scheduler::Job,
    settings::{Kind, SettingDef},
    telegram::{auth::AdminRight, command::CommandSpec},
};
use buttons::RaidButton;

pub const COMMANDS: &[CommandSpec] =
    &[CommandSpec::admin("raid", "cmd-raid").needs(AdminRight::RestrictMembers)];

pub const SETTINGS: &[SettingDef] = &[
    SettingDef {
        key: "raid_joins",
        kind: Kind::Int { min: 0, max: 10_000 },
        default: "10",
        help: "setting-raid-joins",
    },
    SettingDef {
        key: "raid_seconds",
        kind: Kind::Int { min: 5, max: 3_600 },
        default: "60",
        help: "setting-raid-seconds",
    },
    SettingDef {
        key: "raid_calm_minutes",
        kind: Kind::Int { min: 1, max: 1_440 },
        default: "15",
        help: "setting-raid-calm-minutes",
    },
];

pub fn routes() -> Routes {
    Routes::new(COMMANDS).command("raid", switch::raid).button::<RaidButton, _, _>(switch::on_button)
}

pub const JOBS: &[Job] =
    &[Job { name: "raid-calm", run: |ctx, now| Box::pin(jobs::end_calm_raids(ctx, now)) }];
