-- NPS polls and sense-of-community surveys.

-- One row per NPS poll; `number` counts a chat's polls from 1 (what
-- /npsresults takes). At most one open poll per chat, by construction.
CREATE TABLE nps_polls (
    poll_id     INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id     INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    number      INTEGER NOT NULL,
    question    TEXT    NOT NULL,
    message_id  INTEGER,                 -- the poll message with the buttons
    opened_at   TEXT    NOT NULL,
    closed_at   TEXT,
    -- The /nps and /npsclose commands (NULL for the scheduler): a replayed
    -- command finds its own effect and does nothing twice.
    opened_by_message_id INTEGER,
    closed_by_message_id INTEGER,
    UNIQUE (chat_id, number)
);
CREATE UNIQUE INDEX nps_polls_one_open ON nps_polls(chat_id) WHERE closed_at IS NULL;

-- One vote per (poll, member); a later tap changes the score. `reason` is the
-- optional follow-up answer (stored as typed, capped; escaped when shown).
CREATE TABLE nps_votes (
    poll_id       INTEGER NOT NULL REFERENCES nps_polls(poll_id) ON DELETE CASCADE,
    user_id       INTEGER NOT NULL,
    score         INTEGER NOT NULL CHECK (score BETWEEN 0 AND 10),
    reason        TEXT,
    reason_asked  INTEGER NOT NULL DEFAULT 0,
    voted_at      TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    PRIMARY KEY (poll_id, user_id)
) WITHOUT ROWID;

-- Sense-of-community surveys: four questions on a 1–5 agreement scale, one
-- message per question. At most one open survey per chat.
CREATE TABLE surveys (
    survey_id   INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id     INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    opened_at   TEXT    NOT NULL,
    closed_at   TEXT,
    opened_by_message_id INTEGER,
    closed_by_message_id INTEGER
);
CREATE UNIQUE INDEX surveys_one_open ON surveys(chat_id) WHERE closed_at IS NULL;

CREATE TABLE survey_messages (
    chat_id     INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    survey_id   INTEGER NOT NULL REFERENCES surveys(survey_id) ON DELETE CASCADE,
    question    INTEGER NOT NULL,
    message_id  INTEGER NOT NULL,
    PRIMARY KEY (survey_id, question)
) WITHOUT ROWID;

CREATE TABLE survey_answers (
    survey_id   INTEGER NOT NULL REFERENCES surveys(survey_id) ON DELETE CASCADE,
    question    INTEGER NOT NULL CHECK (question BETWEEN 0 AND 3),
    user_id     INTEGER NOT NULL,
    value       INTEGER NOT NULL CHECK (value BETWEEN 1 AND 5),
    answered_at TEXT    NOT NULL,
    PRIMARY KEY (survey_id, question, user_id)
) WITHOUT ROWID;
