-- Raid mode: a chat's raids (at most one open at a time), the newcomers each
-- held, and the bot's invite links it paused. Kept here, not only in memory,
-- so a restart in the middle of a raid keeps it.
CREATE TABLE raids (
    raid_id            INTEGER PRIMARY KEY,
    chat_id            INTEGER NOT NULL,
    started_at         TEXT    NOT NULL,     -- Telegram's date of the join or command
    started_by         INTEGER,              -- the admin of /raid on; NULL for a spike
    last_spike_at      TEXT    NOT NULL,     -- the calm is counted from here
    notice_message_id  INTEGER,              -- the one counted message in the group
    admins_told_at     TEXT,                 -- claimed before the admins are told (once)
    ended_at           TEXT,                 -- claimed before the raid is wound up
    ended_by           INTEGER,              -- the admin of /raid off or the button; NULL for calm
    summary_sent_at    TEXT                  -- set once everything is wound up
);
CREATE UNIQUE INDEX raids_open ON raids(chat_id) WHERE ended_at IS NULL;
CREATE INDEX raids_unfinished ON raids(ended_at) WHERE summary_sent_at IS NULL;

CREATE TABLE raid_newcomers (
    raid_id      INTEGER NOT NULL REFERENCES raids(raid_id) ON DELETE CASCADE,
    chat_id      INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    name         TEXT    NOT NULL,           -- plain text, escaped when shown
    joined_at    TEXT    NOT NULL,
    restricted   INTEGER NOT NULL DEFAULT 0, -- the bot's restriction went through
    released_at  TEXT,                       -- lifted (or left alone: banned, gone) at the end
    PRIMARY KEY (raid_id, user_id)
) WITHOUT ROWID;

CREATE TABLE raid_links (
    raid_id      INTEGER NOT NULL REFERENCES raids(raid_id) ON DELETE CASCADE,
    chat_id      INTEGER NOT NULL,
    url          TEXT    NOT NULL,
    name         TEXT    NOT NULL,
    paused       INTEGER NOT NULL DEFAULT 0, -- editChatInviteLink went through
    restored_at  TEXT,
    PRIMARY KEY (raid_id, url)
) WITHOUT ROWID;
