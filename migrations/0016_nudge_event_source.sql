-- The /addevent command that created an event: a replayed command finds its
-- event instead of adding it twice. Events from before have none (NULLs do
-- not collide). Named …message_id, so a group→supergroup move negates it
-- like every message id.
ALTER TABLE nudge_events ADD COLUMN source_message_id INTEGER;
CREATE UNIQUE INDEX nudge_events_source ON nudge_events(chat_id, source_message_id);
