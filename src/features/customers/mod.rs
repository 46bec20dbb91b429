//! The customer registry: the company's customers as its CRM knows them
//! (imported from CSV or posted to the API), emails, phones and access codes
//! kept only as keyed hashes (`keys`), and the Telegram accounts proven to be
//! theirs (`store::link`). The entry feature lets customers in; /stats
//! customers measures what the community does for retention.

pub mod api;
pub mod cli;
pub mod csv_input;
pub mod import;
pub mod keys;
pub mod rows;
pub mod store;

use crate::{kernel::Routes, telegram::command::CommandSpec};

pub const COMMANDS: &[CommandSpec] = &[];

pub fn routes() -> Routes {
    Routes::new(COMMANDS)
}
