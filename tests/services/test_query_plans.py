"""Every hot query is an index search: EXPLAIN QUERY PLAN on the statements the services really run.

The statements are recorded with `Database.traced()` while the services do their work (parameters
inlined), so a test fails when a repository's SQL or an index changes in a way that makes SQLite
scan a table that grows with users, days or attempts.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.clock import FixedClock
from bot.services.container import Services
from bot.storage.db import Database
from tests.services.test_drill_attempts import TEXT
from tests.services.test_drill_posts import RecordingPublisher
from tests.services.test_reminders import RecordingNotifier

LEARNER, GUILD, DRILL_GUILD, CHANNEL = 5, 9, 1001, 2002
#: Tables that grow with learners, days and answers: never scanned whole.
GROWING = ("user_settings", "srs_cards", "srs_reviews", "quiz_sessions", "activity", "activity_daily",
           "drill_posts", "drill_attempts", "drill_queue")


@pytest.fixture
async def recorded(services: Services, clock: FixedClock) -> tuple[Services, list[str]]:
    """A day of use (settings, a quiz with a review, a reminder, a drill post, an attempt, history,
    stats, the next day's post and reveal), with every statement recorded."""
    async with services.db.traced() as statements:
        await services.users.update(LEARNER, timezone="Europe/Berlin")
        await services.reminders.set_reminder(LEARNER, GUILD, "15:00")
        step = await services.quiz.start_session(LEARNER, GUILD)
        assert step.card is not None
        await services.quiz.answer(step.session_id, LEARNER, 0, sorted(step.card.card.correct_indexes))
        await services.quiz.next_card(step.session_id, LEARNER, 0)
        await services.quiz.stats(LEARNER)
        await services.quiz.end_session(step.session_id, LEARNER)
        clock.advance(timedelta(hours=2))  # 14:00 UTC = 15:00 in Berlin
        run = await services.reminders.send_due_reminders(clock.now(), RecordingNotifier())
        assert run.sent == [LEARNER]
        await services.server_settings.set_drills(DRILL_GUILD, channel_id=CHANNEL, time="09:00",
                                                  timezone="Europe/Paris")
        publisher = RecordingPublisher()
        assert (await services.drill_posts.post_due(DRILL_GUILD, publisher)).status == "posted"
        task = await services.drill_attempts.start_today(DRILL_GUILD, LEARNER)
        await services.drill_attempts.submit(DRILL_GUILD, LEARNER, task.source, task.drill.gold, TEXT)
        await services.drill_attempts.history(DRILL_GUILD, LEARNER)
        await services.drill_attempts.stats(DRILL_GUILD, LEARNER)
        await services.drill_attempts.start_practice(DRILL_GUILD, LEARNER)
        clock.advance(timedelta(days=1))
        assert (await services.drill_posts.post_due(DRILL_GUILD, publisher)).status == "posted"
        assert publisher.reveals
    return services, statements


async def plan_of(db: Database, statements: list[str], *fragments: str) -> list[str]:
    """The plan of the last recorded statement containing every fragment (whitespace normalised)."""
    matching = [s for s in statements if all(f in " ".join(s.split()) for f in fragments)]
    assert matching, f"no statement ran containing {fragments}"
    return await db.query_plan(matching[-1])


def only_index_searches(plan: list[str]) -> bool:
    return not any(step.startswith("SCAN") or "TEMP B-TREE" in step for step in plan)


async def test_the_reminder_job_reads_a_range_of_one_index(recorded: tuple[Services, list[str]]) -> None:
    services, statements = recorded
    plan = await plan_of(services.db, statements, "FROM user_settings WHERE next_reminder_at_utc IS NOT NULL")
    assert plan == [("SEARCH user_settings USING INDEX user_settings_next_reminder "
                    "(next_reminder_at_utc>? AND next_reminder_at_utc<?)")]


async def test_the_due_card_queue_is_read_off_the_index_in_order(recorded: tuple[Services, list[str]]) -> None:
    services, statements = recorded
    plan = await plan_of(services.db, statements, "FROM srs_cards s JOIN cards c", "s.due_utc <=", "LIMIT")
    assert "SEARCH s USING INDEX srs_cards_due (user_id=? AND due_utc<?)" in plan
    assert only_index_searches(plan), plan  # no sort of the learner's backlog


async def test_the_daily_cap_reads_the_ledger_by_user_kind_and_day(recorded: tuple[Services, list[str]]) -> None:
    services, statements = recorded
    plan = await plan_of(services.db, statements, "SUM(points)", "FROM activity WHERE user_id")
    assert plan == ["SEARCH activity USING INDEX activity_by_user_kind_day (user_id=? AND kind=? AND local_day=?)"]


@pytest.mark.parametrize(("sql", "index"), [
    # What a leaderboard over a week reads: the daily aggregate, from its index alone.
    (("SELECT user_id, SUM(points) AS points FROM activity_daily WHERE guild_id = 9"
     " AND local_day >= '2026-03-02' AND local_day <= '2026-03-08' GROUP BY user_id"),
     "COVERING INDEX activity_daily_by_guild_day (guild_id=? AND local_day>? AND local_day<?)"),
    # ... or the ledger itself, e.g. to break a tie by the kinds of activity.
    (("SELECT user_id, kind, SUM(points) FROM activity WHERE guild_id = 9"
     " AND local_day >= '2026-03-02' AND local_day <= '2026-03-08' GROUP BY user_id, kind"),
     "INDEX activity_by_guild_day (guild_id=? AND local_day>? AND local_day<?)"),
])
async def test_the_ledger_by_guild_and_period_is_an_index_range(services: Services, sql: str, index: str) -> None:
    plan = await services.db.query_plan(sql)
    assert any(index in step for step in plan), plan
    assert not any(step.startswith("SCAN") for step in plan), plan


async def test_todays_post_is_found_by_its_unique_key(recorded: tuple[Services, list[str]]) -> None:
    services, statements = recorded
    plan = await plan_of(services.db, statements, "FROM drill_posts WHERE guild_id", "AND local_date =")
    assert plan == ["SEARCH drill_posts USING INDEX sqlite_autoindex_drill_posts_1 (guild_id=? AND local_date=?)"]
    latest = await plan_of(services.db, statements, "FROM drill_posts WHERE guild_id", "status = 'posted'",
                           "ORDER BY local_date DESC LIMIT")
    assert only_index_searches(latest), latest


async def test_attempts_are_found_per_post_and_per_learner_and_drill(recorded: tuple[Services, list[str]]) -> None:
    services, statements = recorded
    per_post = await plan_of(services.db, statements, "FROM drill_attempts a WHERE a.scored = 1 AND a.post_id IN")
    assert per_post == ["SEARCH a USING INDEX drill_attempts_by_post (post_id=?)"]
    tried = await plan_of(services.db, statements, "SELECT 1 FROM drill_attempts WHERE guild_id")
    assert tried == [("SEARCH drill_attempts USING COVERING INDEX drill_attempts_by_user_drill "
                     "(guild_id=? AND user_id=? AND drill_id=?)")]


async def test_the_sweep_reads_only_unrevealed_posts(recorded: tuple[Services, list[str]]) -> None:
    services, statements = recorded
    plan = await plan_of(services.db, statements, "FROM drill_posts", "revealed_at IS NULL AND (closes_at <=")
    assert plan == ["SEARCH drill_posts USING INDEX drill_posts_unrevealed (guild_id=?)"]


async def test_no_statement_scans_a_growing_table(recorded: tuple[Services, list[str]]) -> None:
    services, statements = recorded
    scans = {}
    for statement in statements:
        if not statement.lstrip().upper().startswith(("SELECT", "UPDATE", "DELETE")):
            continue
        for step in await services.db.query_plan(statement):
            table = step.split()[1] if step.startswith("SCAN") else ""
            # The only growing-table scan allowed is of a partial index holding ungraded attempts.
            if table in GROWING or (table == "a" and "drill_attempts_ungraded" not in step):
                scans[" ".join(statement.split())[:160]] = step
    assert not scans, scans

