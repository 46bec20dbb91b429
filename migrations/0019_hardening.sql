-- Hardening: what moderation needs to act on channels and to know the
-- mutes in force.

-- A chat (a channel posting into a group as itself) moderation acted on:
-- its title for the log's lines (mod_log.target_id is then the chat's
-- negative id).
CREATE TABLE mod_sender_chats (
    chat_id   INTEGER PRIMARY KEY,
    title     TEXT    NOT NULL,
    username  TEXT,
    seen_at   TEXT    NOT NULL
);

-- The latest restriction of a member (is a mute in force?) is looked up by
-- target when a newcomer accepts the rules and when a muted channel posts.
CREATE INDEX mod_log_target ON mod_log(chat_id, target_id, at);
