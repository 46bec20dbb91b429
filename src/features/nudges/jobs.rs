//! The scheduler job: each tick moves members between segments, lets the
//! ladder decide for the members who are due (dropping those who cannot be
//! DMed), queues the chosen DMs for the paced sender, prunes archived
//! members and invites unreachable ones in the group — all bounded per tick.

use std::{
    collections::HashSet,
    sync::{Arc, atomic::Ordering},
};

use chrono::{DateTime, Utc};

use super::{
    chat::{self, admin_ids},
    invitations::group_invitation,
    logic::{self, LadderRules, LadderStep, NudgeState, Segment, Steps},
    prune::prune,
    sender::{recover_once, spawn_sender},
    state::State,
    store::{self, Decision, Due},
};
use crate::{db::parse_ts, kernel::Ctx, settings::ChatSettings};

/// Members the ladder looks at per tick, over all chats.
const BATCH: i64 = 1000;
/// Members moved between segments per tick, across all chats.
const MOVE_BUDGET: i64 = 20_000;

/// Every tick: segments move (six indexed UPDATEs for all the chats), the
/// ladder looks at the members who are due (a bounded batch, only in the
/// chats that have any), the chosen DMs are queued and a paced sender takes
/// them; archived members are pruned and unreachable ones invited in the
/// group, where the chat wants it. A tick over a thousand quiet chats is a
/// handful of statements, not a handful per chat.
pub async fn nudges_job(ctx: Arc<Ctx>, now: DateTime<Utc>) -> anyhow::Result<()> {
    recover_once(&ctx).await?;
    let mut chats = Vec::new();
    for chat_id in store::chats(&ctx.db).await? {
        chats.push((chat_id, ctx.chat_settings(chat_id).await?));
    }
    if !chats.is_empty() {
        // A different chat goes first each tick, so one chat's mass event
        // does not starve the others of the tick's budgets.
        let first = ctx.state::<State>().rotation.fetch_add(1, Ordering::Relaxed) % chats.len();
        chats.rotate_left(first);
    }
    // Budgets for the whole tick, not per chat: a tick's work stays bounded
    // however many chats there are, and a mass event catches up over ticks.
    let rules: Vec<_> = chats.iter().map(|(id, settings)| (*id, chat::segment_rules(settings))).collect();
    store::update_segments(&ctx.db, &rules, now, MOVE_BUDGET).await?;
    chats.retain(|(_, settings)| settings.bool("nudges") && !chat::quiet_hours(settings).is_quiet(now));
    let open: Vec<i64> = chats.iter().map(|(id, _)| *id).collect();
    store::requeue_deferred(&ctx.db, &open).await?;
    let with_due: HashSet<i64> = store::chats_with_due(&ctx.db, &open, now).await?.into_iter().collect();
    let mut budget = BATCH;
    for (chat_id, settings) in &chats {
        if budget > 0 && with_due.contains(chat_id) {
            budget -= decide_due(&ctx, *chat_id, settings, now, budget).await?;
        }
        if settings.bool("prune") {
            prune(&ctx, *chat_id, now).await?;
        }
        if settings.bool("group_nudge") {
            group_invitation(&ctx, *chat_id, settings, now).await?;
        }
    }
    spawn_sender(&ctx);
    Ok(())
}

/// Decides for up to `limit` due members of a chat; returns how many it
/// looked at or dropped as undeliverable.
async fn decide_due(
    ctx: &Ctx,
    chat_id: i64,
    settings: &ChatSettings,
    now: DateTime<Utc>,
    limit: i64,
) -> anyhow::Result<i64> {
    let dropped = store::drop_undeliverable(&ctx.db, chat_id, now, limit).await?;
    let rows = store::due(&ctx.db, chat_id, now, limit).await?;
    let looked = rows.len() as i64 + i64::try_from(dropped).unwrap_or(limit);
    let rules = chat::ladder_rules(settings);
    let percent = chat::holdout_percent(settings);
    let admins: HashSet<i64> =
        if rows.is_empty() { Default::default() } else { admin_ids(ctx, chat_id).await };
    let decisions: Vec<(Due, Decision)> = rows
        .into_iter()
        .map(|row| {
            let d = if admins.contains(&row.user_id) {
                // Admins run the place; they are not nudged.
                Decision::Wait { next_at: None, holdout: row.holdout.unwrap_or(false) }
            } else {
                decide(&rules, chat_id, percent, &row, now)
            };
            (row, d)
        })
        .collect();
    if !decisions.is_empty() {
        store::apply(&ctx.db, chat_id, now, &decisions).await?;
    }
    Ok(looked)
}

/// What the ladder does with one due member: send a step, record the
/// holdout, or wait until the next look.
fn decide(rules: &LadderRules, chat_id: i64, percent: u8, row: &Due, now: DateTime<Utc>) -> Decision {
    let segment: Segment = row.segment.parse().unwrap_or(Segment::Active);
    let holdout = row.holdout.unwrap_or_else(|| logic::in_holdout(chat_id, row.user_id, percent));
    let steps = Steps::from_column(row.steps);
    if holdout && matches!(segment, Segment::Silent | Segment::Gone) {
        return Decision::Holdout { first_time: !steps.contains(LadderStep::First) };
    }
    let state = NudgeState {
        silence_started_at: row.silence_started_at.as_deref().and_then(parse_ts),
        steps_done: steps,
        last_nudge_at: row.last_nudge_at.as_deref().and_then(parse_ts),
        opted_out: false,
        unreachable: false,
        in_holdout: holdout,
    };
    match logic::next_nudge(rules, segment, &state, now) {
        Some(step) => {
            let mut after = state.clone();
            after.record(step, now);
            Decision::Send {
                step,
                steps: after.steps_done,
                silence_started_at: after.silence_started_at.unwrap_or(now),
                next_at: logic::next_look(rules, segment, &after, now).filter(|t| *t > now),
            }
        }
        None => Decision::Wait {
            next_at: logic::next_look(rules, segment, &state, now).filter(|t| *t > now),
            holdout,
        },
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;

    fn row(segment: &str, steps: i64, holdout: Option<bool>) -> Due {
        Due {
            user_id: 42,
            segment: segment.into(),
            quiet_since: "2026-11-01T10:00:00Z".into(),
            silence_started_at: None,
            steps,
            last_nudge_at: None,
            holdout,
        }
    }

    #[test]
    fn decisions() {
        let rules = LadderRules::default();
        let now: DateTime<Utc> = "2026-11-20T10:00:00Z".parse().unwrap();
        match decide(&rules, -100, 0, &row("silent", 0, None), now) {
            Decision::Send { step, steps, silence_started_at, next_at } => {
                assert_eq!(step, LadderStep::First);
                assert!(steps.contains(LadderStep::First));
                assert_eq!(silence_started_at, now);
                assert_eq!(next_at, Some(now + Duration::days(14)));
            }
            _ => panic!("the first step is due"),
        }
        assert!(matches!(
            decide(&rules, -100, 0, &row("silent", 0, Some(true)), now),
            Decision::Holdout { first_time: true }
        ));
        assert!(matches!(
            decide(&rules, -100, 100, &row("gone", 7, None), now),
            Decision::Holdout { first_time: false }
        ));
        // A stored decision wins over the percentage (a stable split).
        assert!(matches!(
            decide(&rules, -100, 100, &row("silent", 0, Some(false)), now),
            Decision::Send { .. }
        ));
        assert!(matches!(
            decide(&rules, -100, 0, &row("active", 0, None), now),
            Decision::Wait { next_at: None, holdout: false }
        ));
        let mut recent = row("silent", 1, Some(false));
        recent.last_nudge_at = Some("2026-11-18T10:00:00Z".into());
        recent.silence_started_at = recent.last_nudge_at.clone();
        match decide(&rules, -100, 0, &recent, now) {
            Decision::Wait { next_at, .. } => assert_eq!(next_at, Some(now + Duration::days(12))),
            _ => panic!("nothing is due yet"),
        }
    }
}
