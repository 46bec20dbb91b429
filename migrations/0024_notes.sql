-- Notes (saved answers, the chat's FAQ): one per (chat, name), the name
-- lowercased; the text as HTML; a photo or document by Telegram's file_id;
-- trigger phrases joined by "; " (a phrase cannot hold ';').
CREATE TABLE notes (
    chat_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    html TEXT NOT NULL,
    media_kind TEXT CHECK (media_kind IN ('photo', 'document')),
    file_id TEXT,
    triggers TEXT NOT NULL DEFAULT '',
    saved_by INTEGER NOT NULL,
    saved_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, name)
);

-- Each question the FAQ answered by itself: keyed by the question's message,
-- so a re-delivered update never answers twice; dated by Telegram's date of
-- the question (the cooldown per note and /stats read it).
CREATE TABLE note_answers (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    answered_at TEXT NOT NULL,
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX note_answers_by_note ON note_answers(chat_id, name, answered_at);
CREATE INDEX note_answers_by_date ON note_answers(chat_id, answered_at);
