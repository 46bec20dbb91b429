-- Referrals, points, badges.

-- The personal invite link the bot made for a member (createChatInviteLink),
-- reused on later /invite calls.
CREATE TABLE referral_links (
    chat_id     INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    url         TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    revoked_at  TEXT,
    PRIMARY KEY (chat_id, user_id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX referral_links_url ON referral_links(url);

-- `/start ref_<code>` before joining: who sent this user (the first claim wins).
CREATE TABLE referral_claims (
    chat_id      INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,
    referrer_id  INTEGER NOT NULL,
    claimed_at   TEXT    NOT NULL,
    PRIMARY KEY (chat_id, user_id)
) WITHOUT ROWID;

-- One referral per newcomer per chat (only the first join counts).
CREATE TABLE referrals (
    chat_id      INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL,           -- the newcomer
    referrer_id  INTEGER NOT NULL,
    via          TEXT    NOT NULL,           -- link | code
    joined_at    TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'pending', -- pending | qualified | void
    void_reason  TEXT,                       -- left | self_referral | rejoin
    settled_at   TEXT,
    PRIMARY KEY (chat_id, user_id)
) WITHOUT ROWID;
CREATE INDEX referrals_referrer ON referrals(chat_id, referrer_id, status);
CREATE INDEX referrals_pending ON referrals(status) WHERE status = 'pending';

-- Every change of points, with its reason and a reference: unique, so an award
-- is paid once whatever is replayed.
CREATE TABLE points_ledger (
    entry_id    INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    points      INTEGER NOT NULL,
    reason      TEXT    NOT NULL,
    reference   TEXT    NOT NULL,
    note        TEXT,
    by_user_id  INTEGER,
    at          TEXT    NOT NULL,
    UNIQUE (chat_id, user_id, reason, reference)
);
CREATE INDEX points_ledger_at ON points_ledger(chat_id, at);

CREATE TABLE badges (
    chat_id    INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL,
    badge      TEXT    NOT NULL,
    earned_at  TEXT    NOT NULL,
    PRIMARY KEY (chat_id, user_id, badge)
) WITHOUT ROWID;
