-- Rule enforcement: warnings, filters, reports and the moderation log.

-- One warning per source: the /warn command's message, or the offending
-- message for automatic ones (a filter, a report's Warn button). A replayed
-- update finds its row and warns nobody twice. `cleared_at`: /unwarn,
-- /resetwarns, or the limit reached (the count starts over).
CREATE TABLE mod_warnings (
    chat_id            INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    source_message_id  INTEGER NOT NULL,
    user_id            INTEGER NOT NULL,
    by_user_id         INTEGER,            -- NULL: automatic
    reason             TEXT,
    created_at         TEXT    NOT NULL,
    cleared_at         TEXT,
    PRIMARY KEY (chat_id, source_message_id)
) WITHOUT ROWID;
CREATE INDEX mod_warnings_active ON mod_warnings(chat_id, user_id, created_at) WHERE cleared_at IS NULL;

-- Word or /regex/ filters, compiled and cached in memory per chat.
CREATE TABLE mod_filters (
    chat_id     INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    pattern     TEXT    NOT NULL,
    action      TEXT    NOT NULL,          -- delete | warn | mute | ban
    created_by  INTEGER NOT NULL,
    created_at  TEXT    NOT NULL,
    PRIMARY KEY (chat_id, pattern)
) WITHOUT ROWID;

-- /report: one row per report command; the buttons act once (status).
CREATE TABLE mod_reports (
    report_id            INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id              INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    report_message_id    INTEGER NOT NULL,
    reported_message_id  INTEGER NOT NULL,
    reporter_id          INTEGER NOT NULL,
    target_id            INTEGER NOT NULL,
    reason               TEXT,
    created_at           TEXT    NOT NULL,
    status               TEXT    NOT NULL DEFAULT 'open', -- open | warned | muted | banned | dismissed
    handled_by           INTEGER,
    handled_at           TEXT,
    UNIQUE (chat_id, report_message_id)
);
CREATE INDEX mod_reports_reporter ON mod_reports(chat_id, reporter_id, created_at);

-- Every action, by hand or automatic. (chat, source message, action) is
-- unique so a replayed update logs (and announces) nothing twice.
CREATE TABLE mod_log (
    entry_id           INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id            INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    source_message_id  INTEGER,
    action             TEXT    NOT NULL,  -- warn | unwarn | resetwarns | mute | unmute | ban | unban | kick | delete | dismiss
    target_id          INTEGER NOT NULL,
    actor_id           INTEGER,           -- NULL: automatic
    automatic          INTEGER NOT NULL,
    reason             TEXT,
    until              TEXT,              -- NULL: permanent (or not applicable)
    at                 TEXT    NOT NULL,
    UNIQUE (chat_id, source_message_id, action)
);
CREATE INDEX mod_log_chat ON mod_log(chat_id, entry_id);
