-- The content calendar: scheduled posts of a chat (one-off or recurring)
-- and every occurrence posted or skipped, once.
CREATE TABLE calendar_schedules (
    schedule_id  INTEGER PRIMARY KEY,
    chat_id      INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    -- Shown to admins (/schedule lists them, /unschedule <number>), per chat.
    number       INTEGER NOT NULL,
    -- The recurrence in its canonical words ("weekly fri 18:00",
    -- "monthly last mon 10:00", "once 2026-12-24 18:00"), local to the
    -- chat's time zone at each occurrence.
    recurrence   TEXT    NOT NULL,
    -- A built-in template's key (its text in the chat's language) …
    template     TEXT,
    -- … or the post's own HTML (a template edited with /schedule edit too).
    body_html    TEXT,
    photo_file_id TEXT,
    pin          INTEGER NOT NULL DEFAULT 0,
    paused       INTEGER NOT NULL DEFAULT 0,
    -- The next occurrence not yet posted or skipped (UTC); NULL when done.
    next_at      TEXT,
    -- The /schedule message: a twice-delivered command schedules once.
    source_message_id INTEGER NOT NULL,
    created_by   INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    deleted_at   TEXT,
    UNIQUE (chat_id, number),
    UNIQUE (chat_id, source_message_id),
    CHECK (template IS NOT NULL OR body_html IS NOT NULL)
);
CREATE INDEX calendar_schedules_due ON calendar_schedules(next_at)
    WHERE next_at IS NOT NULL AND paused = 0 AND deleted_at IS NULL;

-- One row per occurrence, claimed before it is sent: a restart, a crash or
-- a second tick finds it and posts nothing again.
CREATE TABLE calendar_occurrences (
    schedule_id  INTEGER NOT NULL REFERENCES calendar_schedules(schedule_id) ON DELETE CASCADE,
    occurrence_at TEXT   NOT NULL,
    -- 'sending' (claimed), 'sent', 'failed', or 'skipped' (missed beyond the grace).
    status       TEXT    NOT NULL,
    posted_message_id INTEGER,
    decided_at   TEXT    NOT NULL,
    PRIMARY KEY (schedule_id, occurrence_at)
) WITHOUT ROWID;
