"""A learner's drill attempts on a real database: save first, then grade; scoring, points in the
activity ledger, practice, grading failures and retries, history and statistics."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from bot.clock import FixedClock
from bot.domain.dimensions import DIMENSIONS
from bot.errors import NotFound, UserError
from bot.services import drill_attempts as attempts_module
from bot.services.container import Services
from bot.services.drills import post_source, practice_source
from bot.storage.repositories.activity import ActivityRepository
from bot.storage.repositories.drills import DrillRepository
from tests.services.test_drill_posts import CHANNEL, GUILD, RecordingPublisher

TEXT = ("Response A is better on factual accuracy: it answers the question asked, while Response B invents a "
        "source. B is friendlier, but a made-up citation outweighs tone.")


async def post_today(services: Services, **settings: object) -> int:
    options = {"channel_id": CHANNEL, "time": "09:00", "timezone": "Asia/Tokyo", **settings}
    await services.server_settings.set_drills(GUILD, **options)  # type: ignore[arg-type]
    outcome = await services.drill_posts.post_due(GUILD, RecordingPublisher())
    assert outcome.status == "posted"
    assert outcome.post_id is not None
    return outcome.post_id


async def test_first_submission_is_scored_with_points_in_the_ledger(services: Services, clock: FixedClock) -> None:
    clock.set(datetime(2026, 3, 2, 1, 0, tzinfo=UTC))  # Monday 10:00 in Tokyo
    post_id = await post_today(services)
    task = await services.drill_attempts.start_post(GUILD, 7, post_id)
    assert task.scored
    assert task.note.startswith("Scored")
    result = await services.drill_attempts.submit(GUILD, 7, task.source, task.drill.gold, TEXT)
    assert result.scored
    assert result.grade is not None
    expected = round(40 * result.grade.ranking.agreement + 60 * result.grade.score / 100)
    assert result.points == expected
    assert result.grade.ranking.agreement == 1.0
    events = await ActivityRepository(services.db).events(guild_id=GUILD, user_id=7, kind="drill_attempt")
    assert [(e.points, e.ref, e.local_day) for e in events] == [(expected, task.drill_id, date(2026, 3, 2))]
    row = await DrillRepository(services.db).attempt(result.attempt_id)
    assert row is not None
    assert row.score == result.grade.score
    assert row.grade is not None


async def test_second_submission_is_practice_worth_nothing(services: Services) -> None:
    post_id = await post_today(services)
    task = await services.drill_attempts.start_post(GUILD, 7, post_id)
    await services.drill_attempts.submit(GUILD, 7, task.source, task.drill.gold, TEXT)
    again = await services.drill_attempts.start_post(GUILD, 7, post_id)
    assert not again.scored
    assert "already answered" in again.note
    second = await services.drill_attempts.submit(GUILD, 7, task.source, task.drill.gold, TEXT)
    assert not second.scored
    assert second.points == 0
    assert second.note.startswith("Practice")
    events = await ActivityRepository(services.db).events(guild_id=GUILD, user_id=7, kind="drill_attempt")
    assert [e.points for e in events][1:] == [0]


async def test_local_day_follows_the_servers_timezone(services: Services, clock: FixedClock) -> None:
    clock.set(datetime(2026, 3, 2, 23, 30, tzinfo=UTC))  # Tuesday 08:30 in Tokyo
    await services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="08:00", timezone="Asia/Tokyo")
    outcome = await services.drill_posts.post_due(GUILD, RecordingPublisher())
    assert outcome.local_date == date(2026, 3, 3)
    task = await services.drill_attempts.start_today(GUILD, 7)
    await services.drill_attempts.submit(GUILD, 7, task.source, task.drill.gold, TEXT)
    events = await ActivityRepository(services.db).events(guild_id=GUILD, user_id=7)
    assert events[0].local_day == date(2026, 3, 3)


async def test_bad_input_is_refused_and_saves_nothing(services: Services) -> None:
    post_id = await post_today(services)
    task = await services.drill_attempts.start_post(GUILD, 7, post_id)
    labels = ", ".join(task.drill.labels)
    with pytest.raises(UserError, match=labels):
        await services.drill_attempts.submit(GUILD, 7, task.source, "A > Z", TEXT)
    with pytest.raises(UserError, match="40 to 1500"):
        await services.drill_attempts.submit(GUILD, 7, task.source, task.drill.gold, "Too short.")
    with pytest.raises(NotFound):
        await services.drill_attempts.submit(GUILD + 1, 7, task.source, task.drill.gold, TEXT)  # another server
    with pytest.raises(NotFound):
        await services.drill_attempts.submit(GUILD, 7, "p99999", task.drill.gold, TEXT)
    with pytest.raises(NotFound):
        await services.drill_attempts.submit(GUILD, 7, "bogus", task.drill.gold, TEXT)
    assert await services.drill_attempts.history(GUILD, 7) == []
    # Still the learner's first, scored, attempt afterwards.
    assert (await services.drill_attempts.submit(GUILD, 7, task.source, task.drill.gold, TEXT)).scored


async def test_ties_only_where_the_drill_allows_them(services: Services) -> None:
    drill = await services.content.get_drill("core-rubrics/dr-general-01")
    if drill.allow_tie:
        pytest.skip("the sample drill allows ties")
    task = await services.drill_attempts.start_practice(GUILD, 7, drill_id="core-rubrics/dr-general-01")
    with pytest.raises(UserError, match="does not allow ties"):
        await services.drill_attempts.submit(GUILD, 7, task.source, " = ".join(drill.labels), TEXT)
    tied = await services.drill_attempts.start_practice(GUILD, 7, drill_id="core-rubrics/dr-math-07")
    assert "A=C>B" in {c.code for c in tied.choices}
    result = await services.drill_attempts.submit(GUILD, 7, tied.source, "A = C > B", TEXT)
    assert result.grade is not None
    assert result.grade.ranking.agreement == 1.0


async def test_attempt_is_saved_before_grading_and_graded_on_retry(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    post_id = await post_today(services)
    task = await services.drill_attempts.start_post(GUILD, 7, post_id)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("grader bug")

    monkeypatch.setattr(attempts_module, "grade", broken)
    result = await services.drill_attempts.submit(GUILD, 7, task.source, task.drill.gold, TEXT)
    assert result.grade is None
    assert result.points is None
    assert result.scored
    row = await DrillRepository(services.db).attempt(result.attempt_id)
    assert row is not None
    assert row.justification == TEXT
    assert row.grade is None
    assert "grader bug" in (row.grade_error or "")
    ledger = ActivityRepository(services.db)
    assert await ledger.events(guild_id=GUILD, user_id=7) == []
    assert await services.drill_attempts.grade_pending() == 0  # still broken: nothing lost, nothing graded

    monkeypatch.undo()
    assert await services.drill_attempts.grade_pending() == 1
    assert await services.drill_attempts.grade_pending() == 0
    row = await DrillRepository(services.db).attempt(result.attempt_id)
    assert row is not None
    assert row.score is not None
    events = await ledger.events(guild_id=GUILD, user_id=7)
    assert [e.points for e in events] == [row.points]
    assert row.points is not None
    assert row.points > 0


async def test_closed_post_gives_practice(services: Services, clock: FixedClock) -> None:
    post_id = await post_today(services)
    clock.advance(timedelta(days=2))
    task = await services.drill_attempts.start_post(GUILD, 7, post_id)
    assert not task.scored
    assert "closed" in task.note
    result = await services.drill_attempts.submit(GUILD, 7, post_source(post_id), task.drill.gold, TEXT)
    assert not result.scored
    assert result.points == 0


async def test_practice_from_the_archive(services: Services) -> None:
    task = await services.drill_attempts.start_practice(GUILD, 7, dimension="harmlessness", difficulty=2)
    assert "harmlessness" in task.drill.dimensions
    assert task.drill.difficulty == 2
    assert not task.scored
    assert task.source == practice_source(task.drill_id)
    result = await services.drill_attempts.submit(GUILD, 7, task.source, task.drill.gold, TEXT)
    assert not result.scored
    assert result.points == 0
    assert result.grade is not None
    nxt = await services.drill_attempts.start_practice(GUILD, 7, dimension="harmlessness", difficulty=2)
    assert nxt.drill_id != task.drill_id  # an untried one next
    live = await services.drill_posts.search_live("", limit=1000)
    missing = next((dim, level) for dim in DIMENSIONS for level in (1, 2, 3)
                   if not any(dim in d.dimensions and d.difficulty == level for d in live))
    with pytest.raises(NotFound, match="No drill matches"):
        await services.drill_attempts.start_practice(GUILD, 7, dimension=missing[0], difficulty=missing[1])
    with pytest.raises(NotFound, match="No live drill"):
        await services.drill_attempts.start_practice(GUILD, 7, drill_id="core-rubrics/nope")


async def test_history_lists_the_last_ten_newest_first(services: Services, clock: FixedClock) -> None:
    drills = [d.id for d in await services.drill_posts.search_live("", limit=12)]
    for drill_id in drills:
        task = await services.drill_attempts.start_practice(GUILD, 7, drill_id=drill_id)
        await services.drill_attempts.submit(GUILD, 7, task.source, task.drill.gold, TEXT)
        clock.advance(timedelta(minutes=1))
    history = await services.drill_attempts.history(GUILD, 7)
    assert [h.drill_id for h in history] == list(reversed(drills))[:10]
    assert all(h.score is not None and h.band for h in history)
    assert await services.drill_attempts.history(GUILD, 8) == []


async def test_stats_on_known_attempts(services: Services, clock: FixedClock) -> None:
    await services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="09:00", timezone="UTC")
    publisher = RecordingPublisher()
    mine = []
    for _day in range(3):
        outcome = await services.drill_posts.post_due(GUILD, publisher)
        task = await services.drill_attempts.start_post(GUILD, 7, outcome.post_id or 0)
        wrong = " > ".join(reversed(task.drill.gold_ranking.labels))
        mine.append(await services.drill_attempts.submit(GUILD, 7, task.source, task.drill.gold, TEXT))
        # Two others on each drill: the community majority ranks it the wrong way round.
        for other in (8, 9):
            await services.drill_attempts.submit(GUILD, other, task.source, wrong, TEXT)
        clock.advance(timedelta(days=1))
    stats = await services.drill_attempts.stats(GUILD, 7)
    assert stats.attempts == 3
    assert stats.gold_agreement == 1.0
    assert stats.exact_share == 1.0
    assert stats.community_agreement == 0.0
    assert stats.community_attempts == 3
    assert stats.average_score == pytest.approx(sum(r.grade.score for r in mine if r.grade) / 3)
    assert [c.id for c in stats.criteria] == [
        "key_points", "evidence", "dimensions", "tradeoff", "consistency", "form",
    ]
    if stats.weakest is not None:
        assert stats.weakest.percent == min(c.percent for c in stats.criteria)
        assert stats.tip
    other = await services.drill_attempts.stats(GUILD, 8)
    assert other.gold_agreement == 0.0
    assert other.community_agreement is None  # the others (7 and 9) split one to one: no majority to agree with
    empty = await services.drill_attempts.stats(GUILD, 10)
    assert empty.attempts == 0


async def test_the_sweep_does_not_retry_a_failure_of_this_process_but_the_learner_does(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    post_id = await post_today(services)
    task = await services.drill_attempts.start_post(GUILD, 7, post_id)
    calls: list[str] = []

    def broken(*args: object, **kwargs: object) -> None:
        calls.append("grade")
        raise RuntimeError("grader bug")

    monkeypatch.setattr(attempts_module, "grade", broken)
    await services.drill_attempts.submit(GUILD, 7, task.source, task.drill.gold, TEXT)
    assert await services.drill_attempts.grade_pending(retry_failed=False) == 0
    assert calls == ["grade"]  # no retry storm every minute
    monkeypatch.undo()
    history = await services.drill_attempts.history(GUILD, 7)  # the learner asks: retried now
    assert history[0].score is not None


@pytest.mark.parametrize(("filters", "message"), [
    ({"difficulty": 0}, r"Difficulty goes from 1 \(easy\) to 3 \(hard\), not 0\."),
    ({"difficulty": 4}, r"not 4\."),
    ({"dimension": "charm"}, "`charm` is not a rubric dimension"),
    ({"drill_id": "mini/nope"}, "No live drill `mini/nope`"),
])
async def test_practice_filters_out_of_range_are_refused_by_name(
    small_services: Services, filters: dict[str, object], message: str
) -> None:
    with pytest.raises(UserError, match=message):
        await small_services.drill_attempts.start_practice(GUILD, 7, **filters)  # type: ignore[arg-type]
