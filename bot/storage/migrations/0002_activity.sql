-- The activity ledger: one append-only row per scored action (quiz reviews, drill attempts ...).
-- Leaderboards and streaks aggregate it; activity_daily is kept in the same transaction as each
-- event so that a leaderboard page is an index range scan.
CREATE TABLE activity (
    id        INTEGER PRIMARY KEY,
    guild_id  INTEGER NOT NULL,          -- the server credited; 0 when the action had no server
    user_id   INTEGER NOT NULL,
    kind      TEXT NOT NULL,             -- 'quiz_review', 'drill_attempt', ...
    ref       TEXT NOT NULL,             -- what was scored, e.g. a card or drill id
    points    INTEGER NOT NULL,
    at_utc    TEXT NOT NULL,
    local_day TEXT NOT NULL              -- YYYY-MM-DD in the learner's timezone at the time
);
CREATE INDEX activity_by_guild_day ON activity (guild_id, local_day);
CREATE INDEX activity_by_guild_user_day ON activity (guild_id, user_id, local_day);
CREATE INDEX activity_by_user_kind_day ON activity (user_id, kind, local_day);

CREATE TABLE activity_daily (
    guild_id  INTEGER NOT NULL,
    user_id   INTEGER NOT NULL,
    local_day TEXT NOT NULL,
    points    INTEGER NOT NULL,
    events    INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id, local_day)
);
CREATE INDEX activity_daily_by_guild_day ON activity_daily (guild_id, local_day, points);
