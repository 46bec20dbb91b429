-- Analytics (/stats): indexes so that a chat with 100 000 members and
-- 10 million messages answers in well under a second.

-- Joins and leaves in a period (and per day, for the members chart).
CREATE INDEX member_events_kind_at ON member_events(chat_id, kind, at);

-- Weekly join cohorts and day-30 retention read members by join date.
CREATE INDEX members_joined ON members(chat_id, joined_at);

-- Questions in a period: a small partial index (most messages do not ask).
CREATE INDEX messages_questions ON messages(chat_id, sent_at) WHERE is_question = 1;
