-- Moderation by members. A community moderator's actions are marked in the
-- log; a report records whether its reporter was trusted (TL2+) when they
-- made it; enough distinct trusted reporters on one message hide it (its
-- deletion and its author's mute, until an admin restores or confirms).
ALTER TABLE mod_log ADD COLUMN by_community_moderator INTEGER NOT NULL DEFAULT 0;

ALTER TABLE mod_reports ADD COLUMN trusted INTEGER NOT NULL DEFAULT 0;
CREATE INDEX mod_reports_trusted ON mod_reports(chat_id, reported_message_id) WHERE trusted = 1;

-- One row a hidden message: the claim made before deleting it, so a replay
-- or a fourth report hides nothing twice; the admin's decision once.
CREATE TABLE mod_hidden_messages (
    hidden_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id      INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    message_id   INTEGER NOT NULL,
    author_id    INTEGER NOT NULL,
    reporters    INTEGER NOT NULL,
    hidden_at    TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'hidden', -- hidden | restored | confirmed
    decided_by   INTEGER,
    decided_at   TEXT,
    UNIQUE (chat_id, message_id)
);
