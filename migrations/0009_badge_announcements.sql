-- Badges are announced by a scheduler job, one message per chat per tick,
-- instead of one message per badge awaited by the handler: on the day hearth
-- joins a big group, every member's first post earns a badge, and the group
-- send limit (20/min) would otherwise stall the chat's updates behind them.
ALTER TABLE badges ADD COLUMN announced INTEGER NOT NULL DEFAULT 0;
UPDATE badges SET announced = 1;
CREATE INDEX badges_unannounced ON badges(chat_id) WHERE announced = 0;
