-- The company's customers, as its CRM knows them. Emails, phones and access
-- codes are kept only as keyed hashes (HMAC-SHA256 with HEARTH_SECRET), so
-- they can be matched, never read. Dates are the CRM's, as YYYY-MM-DD.
CREATE TABLE customers (
    customer_id        TEXT    PRIMARY KEY,
    email_hash         TEXT,
    phone_hash         TEXT,
    telegram_id        INTEGER,              -- the account the CRM knows, if any
    telegram_username  TEXT,
    since              TEXT,                 -- a customer since (YYYY-MM-DD)
    churned_at         TEXT,                 -- stopped being one (YYYY-MM-DD), NULL while a customer
    plan               TEXT,
    access_code_hash   TEXT,                 -- a single-use code, bound to the first account that redeems it
    updated_at         TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX customers_telegram ON customers(telegram_id) WHERE telegram_id IS NOT NULL;
CREATE INDEX customers_username ON customers(telegram_username COLLATE NOCASE) WHERE telegram_username IS NOT NULL;
CREATE UNIQUE INDEX customers_code ON customers(access_code_hash) WHERE access_code_hash IS NOT NULL;
CREATE INDEX customers_email ON customers(email_hash) WHERE email_hash IS NOT NULL;

-- A Telegram account proven to be a customer: one account per customer and
-- one customer per account.
CREATE TABLE customer_links (
    customer_id  TEXT    PRIMARY KEY REFERENCES customers(customer_id) ON DELETE CASCADE,
    user_id      INTEGER NOT NULL UNIQUE,
    via          TEXT    NOT NULL,           -- telegram_id | signed_link | access_code | admin
    linked_at    TEXT    NOT NULL
) WITHOUT ROWID;
