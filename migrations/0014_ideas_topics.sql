-- Ideas board and forum topics.

-- An idea: numbered per chat, posted as a card with vote buttons. The command
-- message is unique per chat, so a twice-delivered /idea makes one idea.
-- status: open | planned | in_progress | done | declined | merged
CREATE TABLE ideas (
    idea_id            INTEGER PRIMARY KEY,
    chat_id            INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    number             INTEGER NOT NULL,
    author_id          INTEGER NOT NULL,
    submitted_by       INTEGER NOT NULL,
    text               TEXT    NOT NULL,
    status             TEXT    NOT NULL DEFAULT 'open',
    comment            TEXT,
    merged_into        INTEGER,             -- idea_id
    source_message_id  INTEGER NOT NULL,    -- the /idea command
    card_message_id    INTEGER,
    card_thread_id     INTEGER,
    created_at         TEXT    NOT NULL,
    status_at          TEXT,
    taken_up_at        TEXT,                -- first planned / in progress / done
    done_at            TEXT,
    UNIQUE (chat_id, number),
    UNIQUE (chat_id, source_message_id)
);
CREATE INDEX ideas_status ON ideas(chat_id, status);

-- One vote per member per idea (+1 or -1), changeable.
CREATE TABLE idea_votes (
    chat_id   INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    idea_id   INTEGER NOT NULL REFERENCES ideas(idea_id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL,
    value     INTEGER NOT NULL CHECK (value IN (-1, 1)),
    at        TEXT    NOT NULL,
    PRIMARY KEY (idea_id, user_id)
) WITHOUT ROWID;

-- Which forum topic each kind of post goes to (welcome, intro, ideas, digest,
-- log, help). Unbound kinds go to the general topic.
CREATE TABLE forum_topics (
    chat_id    INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    thread_id  INTEGER NOT NULL,
    set_by     INTEGER NOT NULL,
    set_at     TEXT    NOT NULL,
    PRIMARY KEY (chat_id, kind)
) WITHOUT ROWID;

-- DMs about status changes, queued with the change and sent by the handler
-- (the first few) and the ideas-notices job (the rest, and any a crash left):
-- one per member per idea per status, however often the status comes back.
CREATE TABLE idea_notices (
    chat_id    INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    idea_id    INTEGER NOT NULL REFERENCES ideas(idea_id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    status     TEXT    NOT NULL,
    queued_at  TEXT    NOT NULL,
    sent_at    TEXT,
    PRIMARY KEY (idea_id, user_id, status)
) WITHOUT ROWID;
CREATE INDEX idea_notices_pending ON idea_notices(queued_at) WHERE sent_at IS NULL;
