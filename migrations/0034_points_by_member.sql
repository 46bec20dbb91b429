-- A member's points summed from the index alone (the dashboard's members
-- sorted by points, /top, the members export): no visit to the ledger's rows.
CREATE INDEX points_ledger_member_points ON points_ledger (chat_id, user_id, points);
