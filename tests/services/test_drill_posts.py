"""Posting daily drills on a real database with a fixed clock: idempotence, catch-up, retries,
crash recovery, rotation, the queue and reveals."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FixedClock
from bot.errors import NotFound, UserError
from bot.publishing import DrillAnnouncement, DrillReveal
from bot.services.container import Services
from bot.services.drill_posts import CLAIM_LEASE, MAX_TRIES, DrillPostService

GUILD = 1001
CHANNEL = 2002


class RecordingPublisher:
    """A Publisher for tests: records what would be posted; can be told to fail."""

    def __init__(self) -> None:
        self.posts: list[tuple[int, DrillAnnouncement]] = []
        self.reveals: list[tuple[int, int | None, DrillReveal]] = []
        self.fail_posts = 0
        self.fail_reveals = 0
        self.existing: dict[int, int] = {}  # post id -> message id already in the channel
        self._next_id = 9000

    async def post_drill(self, channel_id: int, announcement: DrillAnnouncement) -> int:
        if self.fail_posts:
            self.fail_posts -= 1
            raise PermissionError("Missing Permissions")
        await asyncio.sleep(0)  # let a concurrent trigger run in between, as a real HTTP call would
        self.posts.append((channel_id, announcement))
        self._next_id += 1
        return self._next_id

    async def find_drill_post(self, channel_id: int, post_id: int) -> int | None:
        return self.existing.get(post_id)

    async def post_reveal(self, channel_id: int, message_id: int | None, reveal: DrillReveal) -> int | None:
        if self.fail_reveals:
            self.fail_reveals -= 1
            raise ConnectionError("Discord is down")
        self.reveals.append((channel_id, message_id, reveal))
        self._next_id += 1
        return self._next_id


async def schedule(services: Services, **kw: object) -> None:
    options = {"channel_id": CHANNEL, "time": "09:00", "timezone": "Europe/Paris", "days": "every day", **kw}
    await services.server_settings.set_drills(GUILD, **options)  # type: ignore[arg-type]


@pytest.fixture
def publisher() -> RecordingPublisher:
    return RecordingPublisher()


async def test_posts_once_per_local_day(services: Services, publisher: RecordingPublisher) -> None:
    await schedule(services)
    first = await services.drill_posts.post_due(GUILD, publisher)
    again = await services.drill_posts.post_due(GUILD, publisher)
    assert first.status == "posted"
    assert again.status == "already-posted"
    assert again.post_id == first.post_id
    assert len(publisher.posts) == 1
    channel, announcement = publisher.posts[0]
    assert channel == CHANNEL
    assert announcement.local_date.isoformat() == "2026-03-02"
    assert announcement.closes_at == datetime(2026, 3, 3, 8, tzinfo=UTC)  # tomorrow 09:00 in Paris


async def test_double_trigger_posts_once(services: Services, publisher: RecordingPublisher) -> None:
    await schedule(services)
    outcomes = await asyncio.gather(*(services.drill_posts.post_due(GUILD, publisher) for _ in range(3)))
    assert sorted(o.status for o in outcomes) == ["already-posted", "already-posted", "posted"]
    assert len(publisher.posts) == 1


async def test_not_due_before_post_time_or_on_inactive_days(
    services: Services, clock: FixedClock, publisher: RecordingPublisher
) -> None:
    await schedule(services, time="14:00")  # 13:00 UTC; the clock says 12:00 UTC
    assert (await services.drill_posts.post_due(GUILD, publisher)).status == "not-due"
    await schedule(services, time="09:00", days="tue-fri")  # Monday is not a drill day
    assert (await services.drill_posts.post_due(GUILD, publisher)).status == "not-due"
    assert publisher.posts == []
    assert (await services.drill_posts.post_due(4242, publisher)).status == "not-configured"


async def test_catch_up_posts_late_the_same_day_but_not_the_next(
    services: Services, clock: FixedClock, publisher: RecordingPublisher
) -> None:
    await schedule(services, days="mon")
    clock.set(datetime(2026, 3, 2, 22, 30, tzinfo=UTC))  # 23:30 in Paris: Monday is not over
    assert (await services.drill_posts.post_due(GUILD, publisher)).status == "posted"
    clock.set(datetime(2026, 3, 9, 23, 30, tzinfo=UTC))  # 00:30 Tuesday in Paris: Monday's drill is missed
    assert (await services.drill_posts.post_due(GUILD, publisher)).status == "not-due"
    assert len(publisher.posts) == 1


async def test_failed_post_is_recorded_and_retried_on_the_same_row(
    services: Services, publisher: RecordingPublisher
) -> None:
    await schedule(services)
    publisher.fail_posts = 1
    failed = await services.drill_posts.post_due(GUILD, publisher)
    assert failed.status == "failed"
    assert "Missing Permissions" in (failed.error or "")
    shown = await services.server_settings.drill_settings(GUILD)
    assert shown is not None
    assert shown.last_post_status == "failed"
    assert "Missing Permissions" in (shown.last_post_error or "")
    retried = await services.drill_posts.post_due(GUILD, publisher)
    assert retried.status == "posted"
    assert retried.post_id == failed.post_id
    assert len(publisher.posts) == 1


async def test_gives_up_after_max_tries_until_settings_change(
    services: Services, publisher: RecordingPublisher
) -> None:
    await schedule(services)
    publisher.fail_posts = MAX_TRIES + 10
    outcomes = [await services.drill_posts.post_due(GUILD, publisher) for _ in range(MAX_TRIES + 1)]
    assert [o.status for o in outcomes] == ["failed"] * MAX_TRIES + ["gave-up"]
    publisher.fail_posts = 0
    assert (await services.drill_posts.post_due(GUILD, publisher)).status == "gave-up"
    assert (await services.drill_posts.post_due(GUILD, publisher, retry_exhausted=True)).status == "posted"


async def test_a_restarted_process_recovers_a_post_left_pending(
    services: Services, clock: FixedClock, publisher: RecordingPublisher
) -> None:
    """A crash between posting and storing the message id: the next process finds the message."""
    await schedule(services)

    class CrashingPublisher(RecordingPublisher):
        async def post_drill(self, channel_id: int, announcement: DrillAnnouncement) -> int:
            raise asyncio.CancelledError  # the process dies mid-post

    with pytest.raises(asyncio.CancelledError):
        await services.drill_posts.post_due(GUILD, CrashingPublisher())
    same_process = await services.drill_posts.post_due(GUILD, publisher)
    assert same_process.status == "in-flight"  # never double-posts from the process that claimed it

    restarted = DrillPostService(services.db, clock)  # a new process: a new owner token
    assert (await restarted.post_due(GUILD, publisher)).status == "in-flight"  # the claim's lease runs
    clock.advance(CLAIM_LEASE)
    publisher.existing[same_process.post_id or 0] = 777
    recovered = await restarted.post_due(GUILD, publisher)
    assert recovered.status == "posted"
    assert recovered.message_id == 777
    assert publisher.posts == []  # found, not posted again


async def test_a_pending_post_not_found_is_posted_by_the_next_process(
    services: Services, clock: FixedClock, publisher: RecordingPublisher
) -> None:
    await schedule(services)

    class CrashingPublisher(RecordingPublisher):
        async def post_drill(self, channel_id: int, announcement: DrillAnnouncement) -> int:
            raise asyncio.CancelledError

    with pytest.raises(asyncio.CancelledError):
        await services.drill_posts.post_due(GUILD, CrashingPublisher())
    clock.advance(CLAIM_LEASE)
    outcome = await DrillPostService(services.db, clock).post_due(GUILD, publisher)
    assert outcome.status == "posted"
    assert len(publisher.posts) == 1


async def test_rotation_uses_every_drill_before_repeating_and_avoids_yesterday(
    services: Services, clock: FixedClock, publisher: RecordingPublisher
) -> None:
    await schedule(services)
    live = await services.drill_posts.search_live("", limit=1000)
    for _ in range(len(live) + 1):
        assert (await services.drill_posts.post_due(GUILD, publisher)).status == "posted"
        clock.advance(timedelta(days=1))
    ids = [a.drill_id for _, a in publisher.posts]
    assert len(set(ids[: len(live)])) == len(live)
    assert ids[len(live)] == ids[0]  # all used: the oldest comes back
    by_id = {d.id: d for d in live}
    repeats = sum(1 for a, b in itertools.pairwise(ids)
                  if by_id[a].primary_dimension == by_id[b].primary_dimension and by_id[a].domain == by_id[b].domain)
    assert repeats == 0


async def test_queue_and_upcoming(services: Services, publisher: RecordingPublisher) -> None:
    await schedule(services)
    before = await services.drill_posts.upcoming(GUILD)
    assert len(before) == 7
    assert before[0].at == datetime(2026, 3, 2, 8, tzinfo=UTC)  # due today, not posted yet
    assert before[1].at == datetime(2026, 3, 3, 8, tzinfo=UTC)
    wanted = before[-1].drill_id
    queued = await services.drill_posts.enqueue(GUILD, 5, wanted)
    assert queued.position == 1
    after = await services.drill_posts.upcoming(GUILD)
    assert after[0].drill_id == wanted
    assert after[0].queued
    with pytest.raises(UserError, match="already queued"):
        await services.drill_posts.enqueue(GUILD, 5, wanted)
    with pytest.raises(NotFound, match="Did you mean"):
        await services.drill_posts.enqueue(GUILD, 5, "core-rubrics/dr-general-1")
    await services.drill_posts.post_due(GUILD, publisher)
    assert publisher.posts[0][1].drill_id == wanted
    assert wanted not in [d.drill_id for d in await services.drill_posts.upcoming(GUILD)]


async def test_next_post_reveals_the_previous_one(
    services: Services, clock: FixedClock, publisher: RecordingPublisher
) -> None:
    await schedule(services)
    first = await services.drill_posts.post_due(GUILD, publisher)
    drill = publisher.posts[0][1]
    task = await services.drill_attempts.start_post(GUILD, 1, first.post_id or 0)
    gold = task.drill.gold
    wrong = " > ".join(reversed(task.drill.gold_ranking.labels))
    text = "Response A is better because it is accurate and answers the question with evidence from the prompt."
    for user, ranking in ((1, gold), (2, gold), (3, wrong)):
        await services.drill_attempts.submit(GUILD, user, task.source, ranking, text)
    await services.drill_attempts.submit(GUILD, 1, task.source, wrong, text)  # practice: not counted
    assert publisher.reveals == []
    clock.advance(timedelta(days=1))
    await services.drill_posts.post_due(GUILD, publisher)
    assert len(publisher.reveals) == 1
    channel, message_id, reveal = publisher.reveals[0]
    assert (channel, message_id) == (CHANNEL, first.message_id)
    assert reveal.drill_id == drill.drill_id
    assert reveal.participants == 3
    assert reveal.matching_gold == pytest.approx(2 / 3)
    assert {(s.ranking, s.count, s.gold) for s in reveal.distribution} == {
        (str(task.drill.gold_ranking), 2, True), (wrong, 1, False)
    }
    assert reveal.gold == str(task.drill.gold_ranking)
    assert reveal.model_justification == task.drill.model_justification
    assert reveal.average_score is not None
    assert reveal.graded == 3
    assert reveal.most_missed_key_point in {p.text for p in task.drill.key_points}
    assert reveal.alpha.posts == 1
    # A second run reveals nothing again.
    clock.advance(timedelta(hours=1))
    assert await services.drill_posts.reveal_due(GUILD, publisher) == 0
    assert len(publisher.reveals) == 1


async def test_reveal_at_close_time_and_retry_after_failure(
    services: Services, clock: FixedClock, publisher: RecordingPublisher
) -> None:
    await schedule(services, close_hours=2)
    await services.drill_posts.post_due(GUILD, publisher)  # 12:00 UTC, a catch-up: open until 14:00 UTC
    assert await services.drill_posts.reveal_due(GUILD, publisher) == 0
    clock.set(datetime(2026, 3, 2, 14, 0, tzinfo=UTC))
    publisher.fail_reveals = 1
    assert await services.drill_posts.reveal_due(GUILD, publisher) == 0
    assert await services.drill_posts.reveal_due(GUILD, publisher) == 1
    reveal = publisher.reveals[0][2]
    assert reveal.participants == 0
    assert reveal.alpha.value is None
    assert reveal.alpha.text.startswith("not enough data yet")


async def test_console_posts_today_without_a_schedule(services: Services, publisher: RecordingPublisher) -> None:
    outcome = await services.drill_posts.post_today(GUILD, publisher)
    assert outcome.status == "posted"
    assert publisher.posts[0][0] == 0
    assert (await services.drill_posts.post_today(GUILD, publisher)).status == "already-posted"
    post = await services.drill_posts.todays_post(GUILD)
    assert post.id == outcome.post_id


async def test_todays_post_explains_when_there_is_none(services: Services) -> None:
    with pytest.raises(NotFound, match="settings drills"):
        await services.drill_posts.todays_post(GUILD)
    await schedule(services, time="23:00")
    with pytest.raises(NotFound, match=r"next one is posted Mon 02 Mar at 23:00 \(Europe/Paris\)"):
        await services.drill_posts.todays_post(GUILD)


async def test_recovery_posts_when_the_channel_cannot_be_searched(
    services: Services, clock: FixedClock, publisher: RecordingPublisher
) -> None:
    await schedule(services)

    class CrashingPublisher(RecordingPublisher):
        async def post_drill(self, channel_id: int, announcement: DrillAnnouncement) -> int:
            raise asyncio.CancelledError

    class Blind(RecordingPublisher):
        async def find_drill_post(self, channel_id: int, post_id: int) -> int | None:
            raise PermissionError("Missing Access: Read Message History")

    with pytest.raises(asyncio.CancelledError):
        await services.drill_posts.post_due(GUILD, CrashingPublisher())
    blind = Blind()
    clock.advance(CLAIM_LEASE)
    outcome = await DrillPostService(services.db, clock).post_due(GUILD, blind)
    assert outcome.status == "posted"  # a missed day is worse than a rare duplicate
    assert len(blind.posts) == 1


async def test_a_failing_reveal_stops_retrying_until_settings_change(
    services: Services, clock: FixedClock, publisher: RecordingPublisher
) -> None:
    await schedule(services, close_hours=1)
    await services.drill_posts.post_due(GUILD, publisher)
    clock.advance(timedelta(hours=2))
    publisher.fail_reveals = 100
    for _ in range(MAX_TRIES + 3):
        assert await services.drill_posts.reveal_due(GUILD, publisher) == 0
    assert publisher.fail_reveals == 100 - MAX_TRIES  # no retry storm
    publisher.fail_reveals = 0
    assert await services.drill_posts.reveal_due(GUILD, publisher) == 0
    assert await services.drill_posts.reveal_due(GUILD, publisher, retry_exhausted=True) == 1
