//! Entry: keeping a community closed. Per chat, `/set entry open|requests|
//! customers`: open leaves Telegram's join requests alone; requests asks
//! each applicant the chat's question in their DM and puts the answer to the
//! admins with Approve / Decline; customers lets in whoever proves to be a
//! customer (a known Telegram id, a signed link from the company's site, an
//! access code) and gives anyone else `entry_fallback`. Founders come in by
//! personal single-use links (with a badge); membership follows the
//! customer when they churn (`/set churned keep|goodbye|remove`).

pub mod applications;
pub mod buttons;
pub mod churn;
pub mod cli;
pub mod codes;
pub mod dialogue;
pub mod founders;
pub mod invites;
pub mod logic;
pub mod proofs;
pub mod requests;
pub mod signed_link;
pub mod store;
pub mod texts;
pub mod verdicts;

use teloxide::types::ChatId;

use crate::{
    kernel::{Ctx, Routes},
    scheduler::Job,
    settings::{Kind, SettingDef},
    telegram::{auth::AdminRight, command::CommandSpec},
};

pub use codes::on_free_message;
pub use dialogue::{DIALOGUE, on_dialogue_message};
pub use invites::on_join;
pub use proofs::start_customer;
pub use requests::on_join_request;

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec::admin("setentryquestion", "cmd-setentryquestion"),
    CommandSpec::admin("setentrylink", "cmd-setentrylink"),
    CommandSpec::admin("founders", "cmd-founders").needs(AdminRight::InviteUsers),
    CommandSpec::admin("churned", "cmd-churned"),
];

pub const SETTINGS: &[SettingDef] = &[
    SettingDef {
        key: "entry",
        kind: Kind::Choice(&["open", "requests", "customers"]),
        default: "open",
        help: "setting-entry",
    },
    SettingDef {
        key: "entry_fallback",
        kind: Kind::Choice(&["admins", "decline"]),
        default: "admins",
        help: "setting-entry-fallback",
    },
    SettingDef {
        key: "request_expire_hours",
        kind: Kind::Int { min: 1, max: 720 },
        default: "48",
        help: "setting-request-expire-hours",
    },
    SettingDef {
        key: "churned",
        kind: Kind::Choice(&["keep", "goodbye", "remove"]),
        default: "keep",
        help: "setting-churned",
    },
];

pub fn routes() -> Routes {
    Routes::new(COMMANDS)
        .command("setentryquestion", texts::set_question)
        .command("setentrylink", texts::set_link)
        .command("founders", founders::founders)
        .command("churned", churn::preview)
        .button::<buttons::EntryButton, _, _>(applications::on_button)
}

pub const JOBS: &[Job] = &[
    Job { name: "entry-rights", run: |ctx, now| Box::pin(verdicts::rights_job(ctx, now)) },
    Job { name: "entry-expire-requests", run: |ctx, now| Box::pin(requests::expire_job(ctx, now)) },
    Job { name: "entry-churn", run: |ctx, now| Box::pin(churn::churn_job(ctx, now)) },
];

/// The chat's `entry` mode.
pub async fn mode_of(ctx: &Ctx, chat: ChatId) -> anyhow::Result<logic::Mode> {
    Ok(logic::setting(ctx.chat_settings(chat.0).await?.raw("entry"), logic::Mode::Open))
}
