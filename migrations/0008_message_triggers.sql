-- Counters derived from the messages table, maintained inside SQLite: one
-- INSERT OR IGNORE of a message updates the member's count and last message,
-- the day's activity row and the onboarding funnel in the same statement (an
-- ignored duplicate fires nothing, so replays count nothing twice). sqlx
-- pays ~70 µs per statement; this keeps a message at one.

CREATE TRIGGER messages_counters AFTER INSERT ON messages
BEGIN
    INSERT INTO members (chat_id, user_id, status, first_seen_at, last_message_at, message_count)
    VALUES (NEW.chat_id, NEW.user_id, 'member', NEW.sent_at, NEW.sent_at, 1)
    ON CONFLICT (chat_id, user_id) DO UPDATE SET
        message_count = members.message_count + 1,
        last_message_at = MAX(COALESCE(members.last_message_at, ''), excluded.last_message_at),
        status = CASE WHEN members.status IN ('left', 'kicked') THEN 'member' ELSE members.status END;
    INSERT INTO activity_daily (chat_id, day, user_id, messages)
    VALUES (NEW.chat_id, substr(NEW.sent_at, 1, 10), NEW.user_id, 1)
    ON CONFLICT (chat_id, day, user_id) DO UPDATE SET messages = activity_daily.messages + 1;
    UPDATE onboarding SET first_message_at = NEW.sent_at
    WHERE chat_id = NEW.chat_id AND user_id = NEW.user_id AND first_message_at IS NULL;
END;
