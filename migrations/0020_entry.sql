-- Entry: who may come into a closed community, and how they proved it.

-- Requests to join (chat_join_request updates), one row per request as
-- Telegram dated it; decided once.
CREATE TABLE entry_requests (
    request_id    INTEGER PRIMARY KEY,
    chat_id       INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,
    user_chat_id  INTEGER NOT NULL,          -- the DM Telegram lets the bot write to while pending
    requested_at  TEXT    NOT NULL,          -- Telegram's date
    invite_link   TEXT,
    status        TEXT    NOT NULL DEFAULT 'pending', -- pending | approved | declined | expired | gone
    decided_how   TEXT,                      -- admin | customer | fallback | expired | withdrawn
    decided_by    INTEGER,                   -- the admin who pressed
    decided_at    TEXT,
    answer        TEXT,                      -- the applicant's answer to the entry question
    posted_at     TEXT,                      -- the application went to the admins
    UNIQUE (chat_id, user_id, requested_at)
);
CREATE INDEX entry_requests_pending ON entry_requests(requested_at) WHERE status = 'pending';
CREATE INDEX entry_requests_user ON entry_requests(user_id, status);

-- A chat's entry texts, and whether its admins were told the bot lacks the
-- right to invite users (cleared once it has it again).
CREATE TABLE entry_chats (
    chat_id           INTEGER PRIMARY KEY,
    question          TEXT,
    refusal_link      TEXT,
    rights_warned_at  TEXT
);

-- Personal single-use invite links (member_limit 1): founders' (the
-- customer they were made for) and those a proven customer is sent.
CREATE TABLE entry_links (
    url             TEXT    PRIMARY KEY,
    chat_id         INTEGER NOT NULL,
    customer_id     TEXT    NOT NULL,
    kind            TEXT    NOT NULL,        -- founder | personal
    name            TEXT    NOT NULL,
    created_by      INTEGER,
    created_at      TEXT    NOT NULL,
    joined_user_id  INTEGER,
    joined_at       TEXT,
    revoked_at      TEXT
) WITHOUT ROWID;
CREATE INDEX entry_links_customer ON entry_links(chat_id, customer_id, kind);

-- Access codes typed in a DM, right or wrong: wrong ones are limited per
-- account per hour.
CREATE TABLE entry_code_attempts (
    user_id  INTEGER NOT NULL,
    at       TEXT    NOT NULL,
    ok       INTEGER NOT NULL
);
CREATE INDEX entry_code_attempts_user ON entry_code_attempts(user_id, at);

-- A linked customer's churn the policy acted on (once per customer per
-- churn), and their welcome back when they return.
CREATE TABLE entry_churn (
    customer_id       TEXT    NOT NULL,
    churned_at        TEXT    NOT NULL,      -- the CRM's date of this churn
    user_id           INTEGER NOT NULL,
    noticed_at        TEXT    NOT NULL,
    welcomed_back_at  TEXT,
    PRIMARY KEY (customer_id, churned_at)
) WITHOUT ROWID;

-- Removals from a chat for a churn (once per chat per churn).
CREATE TABLE entry_removals (
    chat_id      INTEGER NOT NULL,
    customer_id  TEXT    NOT NULL,
    churned_at   TEXT    NOT NULL,
    user_id      INTEGER NOT NULL,
    removed_at   TEXT    NOT NULL,
    PRIMARY KEY (chat_id, customer_id, churned_at)
) WITHOUT ROWID;
