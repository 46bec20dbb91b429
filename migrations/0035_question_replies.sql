-- Each question and when another member first replied to it, kept as the
-- messages arrive (two triggers): /stats' and the dashboard's "questions
-- answered" read these rows instead of seeking every question's replies
-- (123 000 questions in 90 days of the benchmark's community took a second).
CREATE TABLE question_replies (
    chat_id         INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    message_id      INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    thread_id       INTEGER,
    asked_at        TEXT    NOT NULL,
    first_reply_at  TEXT,
    PRIMARY KEY (chat_id, message_id)
) WITHOUT ROWID;
CREATE INDEX question_replies_asked ON question_replies (chat_id, asked_at);

INSERT INTO question_replies (chat_id, message_id, user_id, thread_id, asked_at, first_reply_at)
SELECT q.chat_id, q.message_id, q.user_id, q.thread_id, q.sent_at,
       (SELECT MIN(r.sent_at) FROM messages r
        WHERE r.chat_id = q.chat_id AND r.reply_to_message_id = q.message_id AND r.user_id <> q.user_id)
FROM messages q WHERE q.is_question = 1;

CREATE TRIGGER question_asked AFTER INSERT ON messages WHEN NEW.is_question = 1
BEGIN
    INSERT OR IGNORE INTO question_replies (chat_id, message_id, user_id, thread_id, asked_at)
    VALUES (NEW.chat_id, NEW.message_id, NEW.user_id, NEW.thread_id, NEW.sent_at);
END;

CREATE TRIGGER question_replied AFTER INSERT ON messages WHEN NEW.reply_to_message_id IS NOT NULL
BEGIN
    UPDATE question_replies SET first_reply_at = NEW.sent_at
    WHERE chat_id = NEW.chat_id AND message_id = NEW.reply_to_message_id AND user_id <> NEW.user_id
      AND (first_reply_at IS NULL OR first_reply_at > NEW.sent_at);
END;
