-- How many of a member's joins the features have reacted to (welcome, gate,
-- referral, entry). A join recorded by a process killed before its features
-- ran has joins_handled < join_count: the replayed update reacts to it then,
-- instead of reading as a duplicate report of a join already handled.
ALTER TABLE members ADD COLUMN joins_handled INTEGER NOT NULL DEFAULT 0;
UPDATE members SET joins_handled = join_count;
