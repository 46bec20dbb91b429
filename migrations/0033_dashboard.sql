-- The admin dashboard's sign-ins. A session's cookie carries a random token;
-- only its SHA-256 is stored, so a copy of the database opens no session.
CREATE TABLE dashboard_sessions (
    token_hash  TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    lang        TEXT    NOT NULL,
    csrf        TEXT    NOT NULL,   -- every change's form carries it
    created_at  TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX dashboard_sessions_expiry ON dashboard_sessions (expires_at);

-- Telegram's signatures already used to sign in (a Mini App's initData, a
-- login_url's fields): the same signed data twice is a replay, refused.
CREATE TABLE dashboard_signatures (
    hash     TEXT PRIMARY KEY,
    used_at  TEXT NOT NULL
) WITHOUT ROWID;

-- One-time sign-in links (`hearth demo --dashboard`): used once, then dead.
CREATE TABLE dashboard_links (
    token_hash  TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    lang        TEXT    NOT NULL,
    expires_at  TEXT    NOT NULL,
    used_at     TEXT
) WITHOUT ROWID;
