-- Silent members: a segment per member, the nudge ladder's bookkeeping, the
-- DM outbox, survey answers, the reactivation cohort, opt-outs and events.
--
-- `quiet_since` (the later of the join and the last post; the first sighting
-- when the join is unknown) is kept in step with `members` by triggers, so
-- the scheduler moves members between segments with a few indexed UPDATEs
-- per chat instead of reading every member. `next_at` is when the ladder
-- should look at a member again (NULL: nothing pending), so due nudges are
-- one index range too.

CREATE TABLE nudge_members (
    chat_id            INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    user_id            INTEGER NOT NULL,
    segment            TEXT    NOT NULL DEFAULT 'active', -- active | at_risk | silent | gone | archived | left
    quiet_since        TEXT    NOT NULL,
    silence_started_at TEXT,              -- first nudge of the current silence
    steps              INTEGER NOT NULL DEFAULT 0, -- logic::Steps bits sent this silence
    last_nudge_at      TEXT,              -- any nudge; survives a reset (paces all nudges)
    next_at            TEXT,
    holdout            INTEGER,           -- NULL until first decided (logic::in_holdout)
    archived_at        TEXT,
    pruned_at          TEXT,
    group_invited_at   TEXT,              -- last mention in a group invitation
    survey_answer      TEXT,
    survey_text        TEXT,
    survey_at          TEXT,
    PRIMARY KEY (chat_id, user_id)
) WITHOUT ROWID;
CREATE INDEX nudge_members_segment ON nudge_members(chat_id, segment, quiet_since);
CREATE INDEX nudge_members_due ON nudge_members(chat_id, next_at) WHERE next_at IS NOT NULL;
CREATE INDEX nudge_members_user ON nudge_members(user_id);

-- Members who said "/nudges off" in DM (for every chat).
CREATE TABLE nudge_optouts (
    user_id  INTEGER PRIMARY KEY,
    at       TEXT    NOT NULL
);

-- DMs the ladder decided to send: claimed (the step recorded) before sending,
-- sent by a paced sender. queued -> sending -> sent | unreachable | failed |
-- cancelled (a post, an opt-out since) | deferred (quiet hours began; queued
-- again when they end). A row found 'sending' after a crash is never sent
-- again (at most once).
CREATE TABLE nudge_outbox (
    id          INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL,
    step        TEXT    NOT NULL,           -- first | second | goodbye
    silence_key TEXT    NOT NULL,           -- quiet_since of the silence
    state       TEXT    NOT NULL DEFAULT 'queued',
    created_at  TEXT    NOT NULL,
    sent_at     TEXT,
    UNIQUE (chat_id, user_id, step, silence_key)
);
CREATE INDEX nudge_outbox_queued ON nudge_outbox(id) WHERE state = 'queued';
CREATE INDEX nudge_outbox_deferred ON nudge_outbox(chat_id) WHERE state = 'deferred';

-- Who was nudged (or, in the holdout, would have been) and when: the
-- reactivation rate compares the two groups.
CREATE TABLE nudge_cohort (
    chat_id   INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    user_id   INTEGER NOT NULL,
    at        TEXT    NOT NULL,
    holdout   INTEGER NOT NULL,
    PRIMARY KEY (chat_id, user_id, at)
) WITHOUT ROWID;
CREATE INDEX nudge_cohort_at ON nudge_cohort(chat_id, at);

-- Upcoming events the admins announce (/addevent), offered to quiet members.
CREATE TABLE nudge_events (
    event_id   INTEGER PRIMARY KEY,
    chat_id    INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    starts_at  TEXT    NOT NULL,
    title      TEXT    NOT NULL,
    created_by INTEGER NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX nudge_events_chat ON nudge_events(chat_id, starts_at);

-- Every member the bot already knows.
INSERT INTO nudge_members (chat_id, user_id, segment, quiet_since)
SELECT chat_id, user_id,
       CASE WHEN status IN ('left', 'kicked') THEN 'left' ELSE 'active' END,
       MAX(COALESCE(joined_at, first_seen_at), COALESCE(last_message_at, ''))
FROM members;

CREATE TRIGGER nudge_members_new AFTER INSERT ON members
BEGIN
    INSERT OR IGNORE INTO nudge_members (chat_id, user_id, segment, quiet_since)
    VALUES (NEW.chat_id, NEW.user_id,
            CASE WHEN NEW.status IN ('left', 'kicked') THEN 'left' ELSE 'active' END,
            MAX(COALESCE(NEW.joined_at, NEW.first_seen_at), COALESCE(NEW.last_message_at, '')));
END;

-- A post or a (re)join ends the silence: active again, the ladder starts
-- over (last_nudge_at stays: it paces all nudges). A leave makes them `left`.
CREATE TRIGGER nudge_members_changed AFTER UPDATE OF last_message_at, joined_at, status ON members
WHEN NEW.last_message_at IS NOT OLD.last_message_at
  OR NEW.joined_at IS NOT OLD.joined_at
  OR NEW.status IS NOT OLD.status
BEGIN
    INSERT INTO nudge_members (chat_id, user_id, segment, quiet_since)
    VALUES (NEW.chat_id, NEW.user_id,
            CASE WHEN NEW.status IN ('left', 'kicked') THEN 'left' ELSE 'active' END,
            MAX(COALESCE(NEW.joined_at, NEW.first_seen_at), COALESCE(NEW.last_message_at, '')))
    ON CONFLICT (chat_id, user_id) DO UPDATE SET
        segment = excluded.segment,
        quiet_since = excluded.quiet_since,
        steps = CASE WHEN excluded.quiet_since > nudge_members.quiet_since THEN 0 ELSE nudge_members.steps END,
        silence_started_at = CASE WHEN excluded.quiet_since > nudge_members.quiet_since THEN NULL
                                  ELSE nudge_members.silence_started_at END,
        archived_at = CASE WHEN excluded.quiet_since > nudge_members.quiet_since THEN NULL
                           ELSE nudge_members.archived_at END,
        pruned_at = CASE WHEN excluded.quiet_since > nudge_members.quiet_since THEN NULL
                         ELSE nudge_members.pruned_at END,
        next_at = NULL
    WHERE excluded.quiet_since > nudge_members.quiet_since OR excluded.segment <> nudge_members.segment
       AND (excluded.segment = 'left' OR nudge_members.segment = 'left');
END;

-- The user /started the bot again (or unblocked it): look at them again.
CREATE TRIGGER nudge_dm_reopened AFTER UPDATE OF dm_open ON users
WHEN NEW.dm_open = 1 AND OLD.dm_open = 0
BEGIN
    UPDATE nudge_members SET next_at = COALESCE(next_at, NEW.updated_at)
    WHERE user_id = NEW.user_id AND segment IN ('silent', 'gone');
END;
