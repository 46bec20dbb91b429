//! The nudges' SQL. Segments move with a few indexed UPDATEs per chat; due
//! nudges are an index range on `next_at`; DMs go through an outbox.
//! Everything is re-exported here, so `store::X` is the one path to it.

mod discussions;
mod events;
mod invitations;
mod ladder;
mod opt_out;
mod outbox;
mod reports;
mod segments;
mod survey;

pub use discussions::lively;
pub use events::{Event, add_event, delete_event, event_added_by, upcoming};
pub use invitations::{mark_invited, set_holdout, unreachable_quiet};
pub use ladder::{
    Decision, Due, Member, apply, archive, chats_with_due, drop_undeliverable, due, mark_pruned, member,
    unpruned,
};
pub use opt_out::{opt_in, opt_out, opted_out};
pub use outbox::{Outgoing, abandon_in_flight, finish, queued, requeue_deferred, take};
pub use reports::{QuietMember, Reactivation, quiet_members, reactivation, segment_counts};
pub use segments::{chats, update_segments};
pub use survey::{answer_survey, survey_counts, survey_text};

#[cfg(test)]
mod tests {
    use super::{ladder, segments};
    use crate::db::{Db, scratch as db};

    async fn plan(db: &Db, sql: &str) -> String {
        let rows: Vec<(i64, i64, i64, String)> =
            sqlx::query_as(&format!("EXPLAIN QUERY PLAN {sql}")).fetch_all(db).await.unwrap();
        rows.into_iter().map(|r| r.3).collect::<Vec<_>>().join("\n")
    }

    /// The tick's statements read index ranges, never the whole table: a
    /// tick costs what changes, not how many members there are.
    #[tokio::test]
    async fn tick_queries_use_indexes() {
        let (_dir, db) = db().await;
        let forward = segments::forward_sql("gone", "('active', 'at_risk', 'silent')", "gone", true);
        let back = segments::back_sql("active", "('at_risk', 'silent', 'gone')", "active");
        let statements = [
            forward.as_str(),
            back.as_str(),
            ladder::CHATS_WITH_DUE,
            "SELECT user_id FROM nudge_members WHERE chat_id = 1 AND next_at IS NOT NULL AND next_at <= '3'
             ORDER BY next_at LIMIT 10",
            "UPDATE nudge_members SET next_at = NULL WHERE chat_id = 1 AND next_at IS NOT NULL AND next_at <= '3'",
            "SELECT id FROM nudge_outbox WHERE state = 'queued' ORDER BY id LIMIT 100",
            "SELECT segment, COUNT(*) FROM nudge_members WHERE chat_id = 1 GROUP BY segment",
        ];
        for sql in statements {
            let p = plan(&db, sql).await;
            // Every table read through an index (json_each is the list of chats).
            assert!(
                p.lines().all(|l| (l.contains("USING") && l.contains("INDEX"))
                    || l.contains("VIRTUAL TABLE")
                    || l.contains("SUBQUERY")),
                "{sql}\n{p}"
            );
        }
    }
}
