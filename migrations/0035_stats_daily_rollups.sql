-- The chat's day-by-day figures kept as messages arrive, so that /stats and
-- the dashboard's overview read a row per day (30 or 90 of them) instead of
-- every member-day or every question of the period.

-- Posters and messages of each day (what activity_daily holds per member,
-- summed): a new member-day is one more poster, each count on it one more
-- message.
CREATE TABLE chat_days (
    chat_id   INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    day       TEXT    NOT NULL,  -- YYYY-MM-DD (UTC)
    posters   INTEGER NOT NULL DEFAULT 0,
    messages  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, day)
) WITHOUT ROWID;

CREATE TRIGGER chat_days_poster AFTER INSERT ON activity_daily
BEGIN
    INSERT INTO chat_days (chat_id, day, posters, messages) VALUES (NEW.chat_id, NEW.day, 1, NEW.messages)
    ON CONFLICT (chat_id, day) DO UPDATE SET
        posters = chat_days.posters + 1, messages = chat_days.messages + excluded.messages;
END;

CREATE TRIGGER chat_days_messages AFTER UPDATE OF messages ON activity_daily
BEGIN
    UPDATE chat_days SET messages = messages + NEW.messages - OLD.messages
    WHERE chat_id = NEW.chat_id AND day = NEW.day;
END;

INSERT INTO chat_days (chat_id, day, posters, messages)
SELECT chat_id, day, COUNT(*), SUM(messages) FROM activity_daily GROUP BY chat_id, day;

-- The questions asked each day (by forum topic, 0 outside topics) by how
-- soon another member first replied: `answer_minute` is the whole minutes
-- to that reply when it came within 24 h, -1 while it has not (or came
-- later). A question starts at -1 and moves once, when its first reply by
-- someone else arrives in time; later replies move nothing.
CREATE TABLE question_days (
    chat_id        INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    day            TEXT    NOT NULL,  -- the question's, YYYY-MM-DD (UTC)
    thread_id      INTEGER NOT NULL,
    answer_minute  INTEGER NOT NULL,
    questions      INTEGER NOT NULL,
    PRIMARY KEY (chat_id, day, thread_id, answer_minute)
) WITHOUT ROWID;

CREATE TRIGGER question_days_asked AFTER INSERT ON messages WHEN NEW.is_question = 1
BEGIN
    INSERT INTO question_days (chat_id, day, thread_id, answer_minute, questions)
    VALUES (NEW.chat_id, substr(NEW.sent_at, 1, 10), COALESCE(NEW.thread_id, 0), -1, 1)
    ON CONFLICT (chat_id, day, thread_id, answer_minute) DO UPDATE SET questions = question_days.questions + 1;
END;

-- A reply is the question's first answer when it is by someone else, came
-- within 24 h, and no reply by anyone but the asker came before it (the
-- reply index answers): the question leaves -1 for its minute.
CREATE TRIGGER question_days_answered AFTER INSERT ON messages WHEN NEW.reply_to_message_id IS NOT NULL
BEGIN
    UPDATE question_days SET questions = questions - 1
    WHERE (chat_id, day, thread_id, answer_minute) = (
        SELECT q.chat_id, substr(q.sent_at, 1, 10), COALESCE(q.thread_id, 0), -1
        FROM messages q
        WHERE q.chat_id = NEW.chat_id AND q.message_id = NEW.reply_to_message_id AND q.is_question = 1
          AND q.user_id <> NEW.user_id AND strftime('%s', NEW.sent_at) - strftime('%s', q.sent_at) <= 86400
          AND NOT EXISTS (SELECT 1 FROM messages r
                          WHERE r.chat_id = NEW.chat_id AND r.reply_to_message_id = NEW.reply_to_message_id
                            AND r.user_id <> q.user_id AND r.message_id <> NEW.message_id));
    INSERT INTO question_days (chat_id, day, thread_id, answer_minute, questions)
    SELECT q.chat_id, substr(q.sent_at, 1, 10), COALESCE(q.thread_id, 0),
           MAX(0, (strftime('%s', NEW.sent_at) - strftime('%s', q.sent_at)) / 60), 1
    FROM messages q
    WHERE q.chat_id = NEW.chat_id AND q.message_id = NEW.reply_to_message_id AND q.is_question = 1
      AND q.user_id <> NEW.user_id AND strftime('%s', NEW.sent_at) - strftime('%s', q.sent_at) <= 86400
      AND NOT EXISTS (SELECT 1 FROM messages r
                      WHERE r.chat_id = NEW.chat_id AND r.reply_to_message_id = NEW.reply_to_message_id
                        AND r.user_id <> q.user_id AND r.message_id <> NEW.message_id)
    ON CONFLICT (chat_id, day, thread_id, answer_minute) DO UPDATE SET questions = question_days.questions + 1;
END;

-- The questions the bot has seen so far, each in its place.
INSERT INTO question_days (chat_id, day, thread_id, answer_minute, questions)
SELECT chat_id, day, thread_id, answer_minute, COUNT(*) FROM (
    SELECT chat_id, substr(sent_at, 1, 10) AS day, COALESCE(thread_id, 0) AS thread_id,
           CASE WHEN strftime('%s', answered) - strftime('%s', sent_at) <= 86400
                THEN MAX(0, (strftime('%s', answered) - strftime('%s', sent_at)) / 60) ELSE -1 END
               AS answer_minute
    FROM (SELECT q.chat_id, q.sent_at, q.thread_id,
                 (SELECT MIN(r.sent_at) FROM messages r
                  WHERE r.chat_id = q.chat_id AND r.reply_to_message_id = q.message_id AND r.user_id <> q.user_id)
                     AS answered
          FROM messages q WHERE q.is_question = 1))
GROUP BY chat_id, day, thread_id, answer_minute;

-- The passes over a chat's members read indexes alone: the count of those
-- present (by status), and day-30 retention (by join date, with the leave,
-- the last post and the onboarding row's first post beside it). The join
-- date index is widened rather than doubled: it serves the same lookups.
CREATE INDEX members_status ON members(chat_id, status);
DROP INDEX members_joined;
CREATE INDEX members_joined ON members(chat_id, joined_at, left_at, last_message_at);
CREATE INDEX onboarding_first_message ON onboarding(chat_id, user_id, first_message_at);
