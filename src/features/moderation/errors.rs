//! Why a moderation action did nothing (each a localized reply), and the
//! admin rights the bot itself may be missing.

use chrono::{DateTime, Duration, Utc};
use teloxide::RequestError;

use super::texts::{self, fmt_time};
use crate::{
    i18n::Lang,
    t,
    telegram::{
        html,
        send::{Failure, classify},
    },
};

/// An admin right the bot needs for an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Right {
    Restrict,
    Ban,
    Delete,
}

impl Right {
    /// "Make me an admin with the … right."
    pub(super) fn missing_text(self, lang: Lang) -> String {
        match self {
            Right::Restrict => t!(lang, "mod-no-rights-restrict"),
            Right::Ban => t!(lang, "mod-no-rights-ban"),
            Right::Delete => t!(lang, "mod-no-rights-delete"),
        }
    }
}

/// Why a moderation command did nothing; each maps to a localized reply.
#[derive(Debug, thiserror::Error)]
pub(super) enum ModError {
    #[error("no target")]
    NoTarget,
    #[error("unknown user")]
    UnknownUser(String),
    #[error("the target is an admin")]
    TargetAdmin,
    #[error("the target is the bot")]
    TargetSelf,
    #[error("bad duration")]
    BadDuration,
    #[error("missing right")]
    NoRights(Right),
    #[error("telegram refused: {0}")]
    Refused(String),
    #[error("the restriction would already be over")]
    AlreadyOver(DateTime<Utc>),
    #[error("a community moderator acting on a community moderator")]
    TargetModerator,
    #[error("longer than a community moderator may mute")]
    MuteTooLong(Duration),
    #[error("not for community moderators")]
    NotForModerators,
}

impl ModError {
    pub(super) fn text(&self, lang: Lang) -> String {
        match self {
            ModError::NoTarget => t!(lang, "mod-no-target"),
            ModError::UnknownUser(who) => {
                t!(lang, "mod-unknown-user", who = html::escape(&html::truncate(who, 64)))
            }
            ModError::TargetAdmin => t!(lang, "mod-target-admin"),
            ModError::TargetSelf => t!(lang, "mod-target-self"),
            ModError::BadDuration => t!(lang, "mod-bad-duration"),
            ModError::NoRights(right) => right.missing_text(lang),
            ModError::Refused(err) => {
                t!(lang, "mod-refused", error = html::escape(&html::truncate(err, 200)))
            }
            ModError::AlreadyOver(until) => t!(lang, "mod-already-over", until = fmt_time(*until)),
            ModError::TargetModerator => t!(lang, "mod-target-moderator"),
            ModError::MuteTooLong(max) => t!(lang, "mod-moderator-mute-max", max = texts::span(lang, *max)),
            ModError::NotForModerators => t!(lang, "mod-not-for-moderators"),
        }
    }

    /// Telegram's refusal of an action that needs `right`.
    pub(super) fn from_request(err: &RequestError, right: Right) -> ModError {
        let text = err.to_string().to_lowercase();
        match classify(err) {
            // Telegram's "user is an administrator of the chat", "can't remove chat owner".
            Failure::NoRights if text.contains("administrator") || text.contains("owner") => {
                ModError::TargetAdmin
            }
            Failure::NoRights => ModError::NoRights(right),
            _ => ModError::Refused(err.to_string()),
        }
    }

    /// Our own failure (the database) while acting, shown as a refusal.
    pub(super) fn internal(err: impl std::fmt::Display) -> ModError {
        ModError::Refused(err.to_string())
    }
}
