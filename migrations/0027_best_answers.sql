-- The best answers of the week: picked by an admin with /best (chosen_by),
-- or, when none was picked, the week's most thanked answer (chosen_by NULL).
-- One row per message: its author is paid once; the weekly digest features
-- each once (featured_at).
CREATE TABLE best_answers (
    chat_id      INTEGER NOT NULL REFERENCES chats(chat_id) ON DELETE CASCADE,
    message_id   INTEGER NOT NULL,
    author_id    INTEGER NOT NULL,
    chosen_by    INTEGER,
    thanks       INTEGER NOT NULL DEFAULT 0,
    chosen_at    TEXT    NOT NULL,
    featured_at  TEXT,
    PRIMARY KEY (chat_id, message_id)
);
CREATE INDEX best_answers_unfeatured ON best_answers(chat_id, chosen_at) WHERE featured_at IS NULL;
