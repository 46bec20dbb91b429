//! Paying points: every award goes through the ledger, paid once (its
//! unique chat, member, reason and reference).

use super::store::{self, Award};
use crate::kernel::Ctx;

/// Pays an award once; `true` when it was new.
pub async fn award(ctx: &Ctx, a: &Award) -> anyhow::Result<bool> {
    let paid = store::award(&ctx.db, a).await?;
    if paid {
        tracing::debug!(
            chat_id = a.chat_id.0,
            user_id = a.user_id.0,
            points = a.points,
            reason = a.reason.as_str(),
            reference = %a.reference,
            "points awarded"
        );
    }
    Ok(paid)
}
