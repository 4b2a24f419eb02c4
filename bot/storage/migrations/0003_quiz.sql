-- Spaced-repetition quizzes: learner settings and reminders, FSRS card states, the review log and
-- quiz sessions (persisted so that a session survives restarts and view timeouts).

-- Per-learner settings, shared by every feature that needs the learner's own day.
CREATE TABLE user_settings (
    user_id              INTEGER PRIMARY KEY,
    timezone             TEXT NOT NULL DEFAULT 'UTC',   -- IANA name; decides only which day it is
    new_cards_per_day    INTEGER NOT NULL DEFAULT 10,
    desired_retention    REAL NOT NULL DEFAULT 0.9,
    reminder_time        TEXT,                          -- local 'HH:MM'; NULL = no reminders
    reminder_guild_id    INTEGER NOT NULL DEFAULT 0,    -- where /remind set was run: reviews are credited there
    next_reminder_at_utc TEXT,                          -- the next send; NULL when reminders are off
    last_reminder_day    TEXT,                          -- local day (YYYY-MM-DD) of the last reminder claimed
    notice               TEXT,                          -- told to the learner at their next /quiz, then cleared
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
-- The per-minute reminder job reads this index only: a range scan of the reminders due.
CREATE INDEX user_settings_next_reminder ON user_settings (next_reminder_at_utc)
    WHERE next_reminder_at_utc IS NOT NULL;

-- One FSRS card state per (learner, card). A row exists once the learner has answered the card.
CREATE TABLE srs_cards (
    id               INTEGER PRIMARY KEY,               -- also the fsrs card_id
    user_id          INTEGER NOT NULL,
    card_id          TEXT NOT NULL,                     -- cards.id, "<pack>/<card>"
    state            INTEGER NOT NULL,                  -- fsrs.State: 1 learning, 2 review, 3 relearning
    step             INTEGER,
    stability        REAL,
    difficulty       REAL,
    due_utc          TEXT NOT NULL,
    last_review_utc  TEXT,
    reps             INTEGER NOT NULL DEFAULT 0,
    lapses           INTEGER NOT NULL DEFAULT 0,        -- Again on a card in review state (FSRS v6 keeps none)
    suspended_at     TEXT,                              -- set when the card became a leech
    first_review_utc TEXT NOT NULL,                     -- counts against the daily new-card limit
    UNIQUE (user_id, card_id)
);
CREATE INDEX srs_cards_due ON srs_cards (user_id, due_utc) WHERE suspended_at IS NULL;
CREATE INDEX srs_cards_introduced ON srs_cards (user_id, first_review_utc);

-- The review log: one row per answer, with the FSRS ReviewLog fields and the state it produced.
CREATE TABLE srs_reviews (
    id                 INTEGER PRIMARY KEY,
    user_id            INTEGER NOT NULL,
    card_id            TEXT NOT NULL,
    guild_id           INTEGER NOT NULL,                -- 0 when answered outside a server
    session_id         INTEGER,
    rating             INTEGER NOT NULL,                -- fsrs.Rating: 1 Again, 3 Good
    correct            INTEGER NOT NULL,
    chosen             TEXT NOT NULL,                   -- JSON list of 0-based option indexes
    reviewed_at_utc    TEXT NOT NULL,
    review_duration_ms INTEGER,
    local_day          TEXT NOT NULL,
    state_before       INTEGER,                         -- NULL for a card seen for the first time
    state_after        INTEGER NOT NULL,
    stability_after    REAL,
    difficulty_after   REAL,
    due_after_utc      TEXT NOT NULL
);
CREATE INDEX srs_reviews_by_user_time ON srs_reviews (user_id, reviewed_at_utc);
CREATE INDEX srs_reviews_by_session ON srs_reviews (session_id);

-- A quiz session: its queue, where the learner is, and a pending multiple-choice selection.
CREATE TABLE quiz_sessions (
    id               INTEGER PRIMARY KEY,
    user_id          INTEGER NOT NULL,
    guild_id         INTEGER NOT NULL,                  -- the server credited; 0 for none
    deck_id          TEXT,                              -- NULL = all decks
    queue            TEXT NOT NULL,                     -- JSON list of card ids; retries are inserted
    position         INTEGER NOT NULL DEFAULT 0,
    answered         INTEGER NOT NULL DEFAULT 0,        -- the card at `position` has been answered
    pending_choice   TEXT,                              -- JSON list of selected, not yet submitted, indexes
    shown_at_ms      INTEGER NOT NULL,                  -- when the current card was shown (UTC epoch ms)
    started_at       TEXT NOT NULL,
    last_activity_at TEXT NOT NULL,
    ended_at         TEXT,
    end_reason       TEXT                               -- 'ended', 'finished', 'timeout' or 'replaced'
);
CREATE INDEX quiz_sessions_open ON quiz_sessions (user_id) WHERE ended_at IS NULL;
