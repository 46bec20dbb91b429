-- Premoderation. Where it is on: a forum topic (thread_id), or the whole
-- chat (thread_id 0).
CREATE TABLE premod_places (
    chat_id     INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    thread_id   INTEGER NOT NULL,
    enabled_by  INTEGER NOT NULL,
    enabled_at  TEXT    NOT NULL,
    PRIMARY KEY (chat_id, thread_id)
);

-- A held post, one per message: its content as HTML (formatting kept) and
-- its photo or document by file_id, until a moderator decides. The decision
-- is one conditional UPDATE from 'pending', so it is taken once; the repost's
-- id is kept.
CREATE TABLE premod_posts (
    post_id              INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id              INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    message_id           INTEGER NOT NULL,
    thread_id            INTEGER,
    author_id            INTEGER NOT NULL,
    body_html            TEXT    NOT NULL,
    media                TEXT,              -- photo | document | video | animation
    file_id              TEXT,
    status               TEXT    NOT NULL DEFAULT 'pending',  -- pending | approved | rejected
    decided_by           INTEGER,
    decided_at           TEXT,
    reason               TEXT,              -- a rejection's reason code
    author_told          INTEGER,           -- a rejection: 1 told by DM, 0 could not be
    repost_message_id    INTEGER,
    held_at              TEXT    NOT NULL,
    UNIQUE (chat_id, message_id)
);
CREATE INDEX premod_posts_pending ON premod_posts(chat_id) WHERE status = 'pending';
