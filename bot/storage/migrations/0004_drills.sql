-- Daily ranking drills: each server's schedule, its queue, the posts (one per server and local
-- date) and the learners' attempts with their grades. The server's timezone is guild_settings.timezone.

CREATE TABLE drill_settings (
    guild_id      INTEGER PRIMARY KEY,
    channel_id    INTEGER NOT NULL,
    post_time     TEXT NOT NULL,                 -- 'HH:MM', the server's local time
    weekdays      TEXT NOT NULL,                 -- 'mon,tue,wed,thu,fri,sat,sun' (a subset, in week order)
    ping_role_id  INTEGER,                       -- the only role a drill post may mention; NULL = none
    close_hours   INTEGER,                       -- NULL: a post closes when the next one is due
    enabled       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

-- Drills a moderator asked for next, first in first out.
CREATE TABLE drill_queue (
    guild_id   INTEGER NOT NULL,
    drill_id   TEXT NOT NULL REFERENCES drills(id),
    queued_by  INTEGER NOT NULL,
    queued_at  TEXT NOT NULL,
    PRIMARY KEY (guild_id, drill_id)
);

-- One post per (server, local date): the unique key makes restarts, double triggers and catch-up
-- idempotent. The row is claimed before posting (status 'pending', owner = the claiming process),
-- then marked 'posted' with the message id, or 'failed' with the error so that it can be retried.
CREATE TABLE drill_posts (
    id                INTEGER PRIMARY KEY,
    guild_id          INTEGER NOT NULL,
    local_date        TEXT NOT NULL,             -- YYYY-MM-DD in the server's timezone
    drill_id          TEXT NOT NULL REFERENCES drills(id),
    channel_id        INTEGER NOT NULL,
    status            TEXT NOT NULL,             -- 'pending', 'posted' or 'failed'
    owner             TEXT NOT NULL,             -- the process that claimed it
    tries             INTEGER NOT NULL DEFAULT 1,
    last_error        TEXT,
    message_id        INTEGER,
    claimed_at        TEXT NOT NULL,
    posted_at         TEXT,
    closes_at         TEXT NOT NULL,
    reveal_owner      TEXT,                      -- set while a reveal is being posted
    revealed_at       TEXT,
    reveal_message_id INTEGER,
    UNIQUE (guild_id, local_date)
);
CREATE INDEX drill_posts_by_guild ON drill_posts (guild_id, local_date);
CREATE INDEX drill_posts_to_reveal ON drill_posts (closes_at) WHERE revealed_at IS NULL;

-- Attempts are stored before grading (grade NULL) so a grading failure loses nothing.
CREATE TABLE drill_attempts (
    id            INTEGER PRIMARY KEY,
    guild_id      INTEGER NOT NULL,
    user_id       INTEGER NOT NULL,
    drill_id      TEXT NOT NULL REFERENCES drills(id),
    post_id       INTEGER REFERENCES drill_posts(id),   -- NULL for practice from the archive
    ranking       TEXT NOT NULL,                        -- e.g. 'B > A = C'
    justification TEXT NOT NULL,
    scored        INTEGER NOT NULL,                     -- 1: the learner's first attempt at this drill, on an open post
    submitted_at  TEXT NOT NULL,
    local_day     TEXT NOT NULL,                        -- YYYY-MM-DD in the server's timezone
    grade         TEXT,                                 -- the Grade as JSON; NULL until graded
    score         INTEGER,
    agreement     REAL,                                 -- the ranking's pairwise agreement with the gold
    points        INTEGER,
    graded_at     TEXT,
    grade_error   TEXT
);
CREATE UNIQUE INDEX drill_attempts_one_scored ON drill_attempts (guild_id, user_id, drill_id) WHERE scored = 1;
CREATE INDEX drill_attempts_by_user ON drill_attempts (guild_id, user_id, submitted_at);
CREATE INDEX drill_attempts_by_post ON drill_attempts (post_id);
CREATE INDEX drill_attempts_ungraded ON drill_attempts (id) WHERE graded_at IS NULL;
