//! A member's profile, /me: their points and rank, badges, time in the
//! community, referrals and warnings. A view above the features it reads
//! (points, referrals, moderation), so none of them needs to know the others.

pub mod card;
pub mod store;

use crate::{
    kernel::Routes,
    telegram::command::{CommandSpec, Once, Place},
};

pub const COMMANDS: &[CommandSpec] =
    &[CommandSpec::member("me", Place::Group, "cmd-me").once(Once::PerMember)];

pub fn routes() -> Routes {
    Routes::new(COMMANDS).command("me", card::me)
}
