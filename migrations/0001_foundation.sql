-- Foundation: chats, members, activity, settings, the update inbox.
-- Invariant: every per-chat table names its chat column exactly `chat_id`
-- (db::move_chat relies on it to follow a group -> supergroup migration).

CREATE TABLE chats (
    chat_id        INTEGER PRIMARY KEY,
    kind           TEXT    NOT NULL,            -- private | group | supergroup | channel
    title          TEXT,
    username       TEXT,
    is_forum       INTEGER NOT NULL DEFAULT 0,
    bot_status     TEXT    NOT NULL DEFAULT 'member', -- member | administrator | left | kicked
    bot_can_restrict INTEGER NOT NULL DEFAULT 0,
    bot_can_delete   INTEGER NOT NULL DEFAULT 0,
    bot_can_invite   INTEGER NOT NULL DEFAULT 0,
    added_at       TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL
);

CREATE TABLE chat_settings (
    chat_id  INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    key      TEXT    NOT NULL,
    value    TEXT    NOT NULL,
    PRIMARY KEY (chat_id, key)
) WITHOUT ROWID;

-- Everyone the bot has met, across chats. `dm_open`: the user started the bot,
-- so it may write to them; cleared on a 403.
CREATE TABLE users (
    user_id        INTEGER PRIMARY KEY,
    first_name     TEXT    NOT NULL,
    last_name      TEXT,
    username       TEXT,
    language_code  TEXT,
    is_bot         INTEGER NOT NULL DEFAULT 0,
    dm_open        INTEGER NOT NULL DEFAULT 0,
    dm_unreachable_at TEXT,
    updated_at     TEXT    NOT NULL
);
CREATE INDEX users_username ON users(username COLLATE NOCASE);

CREATE TABLE members (
    chat_id         INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    user_id         INTEGER NOT NULL,
    status          TEXT    NOT NULL DEFAULT 'member', -- member | restricted | administrator | creator | left | kicked
    first_seen_at   TEXT    NOT NULL,
    joined_at       TEXT,
    left_at         TEXT,
    join_count      INTEGER NOT NULL DEFAULT 0,
    last_message_at TEXT,
    message_count   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, user_id)
) WITHOUT ROWID;
CREATE INDEX members_last_message ON members(chat_id, last_message_at);

-- One row per member per day with at least one message: DAU/WAU/MAU, streaks.
CREATE TABLE activity_daily (
    chat_id   INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    day       TEXT    NOT NULL,  -- YYYY-MM-DD (UTC)
    user_id   INTEGER NOT NULL,
    messages  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, day, user_id)
) WITHOUT ROWID;

-- Every group message seen, keyed by Telegram's ids: counting is idempotent.
CREATE TABLE messages (
    chat_id      INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    message_id   INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    sent_at      TEXT    NOT NULL,
    thread_id    INTEGER,
    reply_to_message_id INTEGER,
    reply_to_user_id    INTEGER,
    is_question  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (chat_id, message_id)
) WITHOUT ROWID;
CREATE INDEX messages_user ON messages(chat_id, user_id, sent_at);
CREATE INDEX messages_reply ON messages(chat_id, reply_to_message_id);

-- Join and leave events with Telegram's dates (chat_member updates).
CREATE TABLE member_events (
    chat_id    INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    kind       TEXT    NOT NULL,  -- joined | left
    at         TEXT    NOT NULL,
    invite_link TEXT,
    PRIMARY KEY (chat_id, user_id, kind, at)
) WITHOUT ROWID;

-- At-least-once ingestion: each fetched update is stored before its offset is
-- confirmed, and marked done after its handler ran.
CREATE TABLE inbox (
    update_id    INTEGER PRIMARY KEY,
    chat_key     INTEGER,
    payload      TEXT    NOT NULL,
    received_at  TEXT    NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    done_at      TEXT
);
CREATE INDEX inbox_pending ON inbox(update_id) WHERE done_at IS NULL;

-- Effects that must happen once, keyed by a stable id (update, message, week ...).
CREATE TABLE once_keys (
    key      TEXT PRIMARY KEY,
    at       TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE kv (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
