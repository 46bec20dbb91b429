//! The weekly digest: once a week per group, the best answers of the week,
//! the most helpful member, the top referrers and the ideas taken up. A view
//! above the features it reads (best, points, referrals, ideas), so none of them needs to know the others.

pub mod store;
pub mod weekly;

use crate::{
    scheduler::Job,
    settings::{Kind, SettingDef},
};

pub const SETTINGS: &[SettingDef] =
    &[SettingDef { key: "weekly_digest", kind: Kind::Bool, default: "on", help: "setting-weekly-digest" }];

/// The job keeps the name it had when points posted the digest.
pub const JOBS: &[Job] =
    &[Job { name: "points-weekly-digest", run: |ctx, now| Box::pin(weekly::weekly_digest_job(ctx, now)) }];
