-- Trust levels (TL0–TL3) are computed on read from what the bot already
-- records (members, onboarding, warnings, points, daily activity); only an
-- admin's choice is stored: `/trust @user leader`, dropped by `/trust @user auto`.
CREATE TABLE trust_choices (
    chat_id     INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    level       TEXT    NOT NULL,  -- leader
    chosen_by   INTEGER NOT NULL,
    chosen_at   TEXT    NOT NULL,
    PRIMARY KEY (chat_id, user_id)
) WITHOUT ROWID;
