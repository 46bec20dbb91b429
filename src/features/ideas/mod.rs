//! Ideas board: members post ideas as cards with 👍/👎 buttons, admins set
//! statuses (planned, in progress, done, declined) and merge duplicates;
//! authors and supporters are told, done ideas are announced ("you asked —
//! we delivered") and their authors earn points and the co-creator badge.

pub mod handlers;
pub mod logic;
pub mod store;

use crate::telegram::command::{Access, CommandSpec, Place};

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec { name: "idea", access: Access::Member, place: Place::Group, help: "cmd-idea" },
    CommandSpec { name: "ideas", access: Access::Member, place: Place::Group, help: "cmd-ideas" },
    CommandSpec { name: "ideastatus", access: Access::Admin, place: Place::Group, help: "cmd-ideastatus" },
    CommandSpec { name: "ideamerge", access: Access::Admin, place: Place::Group, help: "cmd-ideamerge" },
];
