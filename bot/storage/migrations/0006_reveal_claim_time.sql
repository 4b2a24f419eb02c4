-- When a reveal was claimed: a claim is a lease, so another process takes a reveal over only when
-- the claiming process has had time to finish it (it died), never while it is still posting.
ALTER TABLE drill_posts ADD COLUMN reveal_claimed_at TEXT;
