-- Analytics (/stats): indexes so that a chat with 100 000 members and
-- 10 million messages answers in well under a second.

-- Joins and leaves in a period (and per day, for the members chart).
CREATE INDEX member_events_kind_at ON member_events(chat_id, kind, at);

-- Weekly join cohorts and day-30 retention read members by join date.
CREATE INDEX members_joined ON members(chat_id, joined_at);

-- Questions in a period, and each one's first answer, read from indexes
-- alone. The reply index becomes partial (most messages reply to nothing,
-- so ingestion writes less) and covers the answer's date and author; it
-- still serves every lookup by reply_to_message_id.
CREATE INDEX messages_questions ON messages(chat_id, sent_at, user_id) WHERE is_question = 1;
DROP INDEX messages_reply;
CREATE INDEX messages_reply ON messages(chat_id, reply_to_message_id, sent_at, user_id)
    WHERE reply_to_message_id IS NOT NULL;
