-- Indexes fitted to the hot queries; tests/services/test_query_plans.py checks every plan with
-- EXPLAIN QUERY PLAN on the statements the services really run.

-- The due-card queue orders by (due_utc, card_id): with card_id in the index, a session's first
-- twenty cards are read straight off the index, without sorting a learner's whole backlog.
DROP INDEX srs_cards_due;
CREATE INDEX srs_cards_due ON srs_cards (user_id, due_utc, card_id) WHERE suspended_at IS NULL;

-- "Has this learner answered this drill before?" (whether an attempt is scored) and the drills a
-- learner has tried (practice) looked at every attempt of the learner in the server.
CREATE INDEX drill_attempts_by_user_drill ON drill_attempts (guild_id, user_id, drill_id);

-- The minutely sweep asks each server for its unrevealed posts: an index of those few rows instead of
-- the server's whole history. The old closes_at index served no query.
DROP INDEX drill_posts_to_reveal;
CREATE INDEX drill_posts_unrevealed ON drill_posts (guild_id, local_date) WHERE revealed_at IS NULL;
-- UNIQUE (guild_id, local_date) indexes these columns already.
DROP INDEX drill_posts_by_guild;

-- A leaderboard over a period (per user, summed) reads this index alone.
DROP INDEX activity_daily_by_guild_day;
CREATE INDEX activity_daily_by_guild_day ON activity_daily (guild_id, local_day, user_id, points);
