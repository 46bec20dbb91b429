-- Community moderators: level-3 members an admin made moderators with
-- /promote (dropped by /demote). They may warn, mute for at most
-- `member_mod_mute`, handle reports and premoderated posts — never act on
-- admins or on each other.
CREATE TABLE community_moderators (
    chat_id      INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,
    promoted_by  INTEGER NOT NULL,
    promoted_at  TEXT    NOT NULL,
    PRIMARY KEY (chat_id, user_id)
) WITHOUT ROWID;
