-- Every message moves its member's last_message_at, and 0012's trigger then
-- rewrote the member's nudge_members row (and its segment index entry) each
-- time: a second row write per message. An active member's silence is
-- measured in days, so their quiet_since needs no more than hourly
-- precision: the row is rewritten when the member was not active (a post
-- ends a silence at once), when an hour has passed since it was last moved,
-- or on a leave or return — never more than once an hour per active member.

DROP TRIGGER nudge_members_changed;

CREATE TRIGGER nudge_members_changed AFTER UPDATE OF last_message_at, joined_at, status ON members
WHEN NEW.last_message_at IS NOT OLD.last_message_at
  OR NEW.joined_at IS NOT OLD.joined_at
  OR NEW.status IS NOT OLD.status
BEGIN
    INSERT INTO nudge_members (chat_id, user_id, segment, quiet_since)
    VALUES (NEW.chat_id, NEW.user_id,
            CASE WHEN NEW.status IN ('left', 'kicked') THEN 'left' ELSE 'active' END,
            MAX(COALESCE(NEW.joined_at, NEW.first_seen_at), COALESCE(NEW.last_message_at, '')))
    ON CONFLICT (chat_id, user_id) DO UPDATE SET
        segment = excluded.segment,
        quiet_since = excluded.quiet_since,
        steps = CASE WHEN excluded.quiet_since > nudge_members.quiet_since THEN 0 ELSE nudge_members.steps END,
        silence_started_at = CASE WHEN excluded.quiet_since > nudge_members.quiet_since THEN NULL
                                  ELSE nudge_members.silence_started_at END,
        archived_at = CASE WHEN excluded.quiet_since > nudge_members.quiet_since THEN NULL
                           ELSE nudge_members.archived_at END,
        pruned_at = CASE WHEN excluded.quiet_since > nudge_members.quiet_since THEN NULL
                         ELSE nudge_members.pruned_at END,
        next_at = NULL
    WHERE (excluded.quiet_since > nudge_members.quiet_since
           AND (nudge_members.segment <> 'active'
                OR excluded.quiet_since >= strftime('%Y-%m-%dT%H:%M:%SZ', nudge_members.quiet_since, '+1 hour')))
       OR excluded.segment <> nudge_members.segment
          AND (excluded.segment = 'left' OR nudge_members.segment = 'left');
END;
