-- Onboarding: welcome texts and links, the rules gate, the DM introduction,
-- the check-in, and the funnel (one row per member's latest join).

CREATE TABLE chat_texts (
    chat_id  INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    kind     TEXT    NOT NULL,  -- welcome | rules | goals
    text     TEXT    NOT NULL,
    PRIMARY KEY (chat_id, kind)
) WITHOUT ROWID;

CREATE TABLE welcome_links (
    chat_id   INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    title     TEXT    NOT NULL COLLATE NOCASE,
    url       TEXT    NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (chat_id, title)
) WITHOUT ROWID;

-- Where a community's admins are told things (reports, check-in answers,
-- the moderation log): a chat of their choosing.
CREATE TABLE log_chats (
    chat_id      INTEGER PRIMARY KEY REFERENCES chats(chat_id) ON DELETE CASCADE,
    log_chat_id  INTEGER NOT NULL
);

CREATE TABLE onboarding (
    chat_id             INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    user_id             INTEGER NOT NULL,
    joined_at           TEXT    NOT NULL,
    welcome_message_id  INTEGER,
    gated               INTEGER NOT NULL DEFAULT 0,
    rules_accepted_at   TEXT,
    dm_opened_at        TEXT,
    introduced_at       TEXT,
    goal                TEXT,
    first_message_at    TEXT,
    checkin_sent_at     TEXT,
    checkin_answer      TEXT,
    checkin_answered_at TEXT,
    removed_at          TEXT,
    PRIMARY KEY (chat_id, user_id)
) WITHOUT ROWID;
CREATE INDEX onboarding_joined ON onboarding(chat_id, joined_at);

-- The bot's welcome posts, for "clean welcome" and raid batching.
CREATE TABLE welcome_posts (
    chat_id     INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    message_id  INTEGER NOT NULL,
    posted_at   TEXT    NOT NULL,
    pending_gate INTEGER NOT NULL DEFAULT 0,
    deleted     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, message_id)
) WITHOUT ROWID;

-- Conversations in a user's DM with the bot (introduction, check-in answers,
-- survey follow-ups …): one at a time per user, kept across restarts.
CREATE TABLE dm_dialogues (
    user_id     INTEGER PRIMARY KEY,
    kind        TEXT    NOT NULL,
    chat_id     INTEGER NOT NULL,
    step        TEXT    NOT NULL,
    data        TEXT    NOT NULL DEFAULT '{}',
    updated_at  TEXT    NOT NULL
);
