"""Races that real use produces: double clicks, two processes on one database (a restart overlapping
the old process), two syncs at once. Each is run with asyncio.gather on real services."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.clock import FixedClock
from bot.errors import UserError
from bot.packs.loader import load_packs
from bot.publishing import DrillAnnouncement, DrillReveal
from bot.services.container import Services
from bot.services.quiz import ACTIVITY_KIND, DAILY_POINTS_CAP
from bot.services.reminders import Delivery, Reminder
from bot.settings import Settings
from bot.storage.repositories.activity import ActivityEvent, ActivityRepository
from bot.storage.repositories.drills import DrillRepository
from bot.storage.repositories.quiz import QuizRepository
from tests.services.conftest import SMALL_TEXT as TEXT
from tests.services.test_content_sync import CARD, DRILL, write_pack
from tests.services.test_drill_posts import CHANNEL, GUILD, RecordingPublisher

LEARNER = 7


@pytest.fixture
async def other_process(settings: Settings, clock: FixedClock, small_services: Services) -> AsyncIterator[Services]:
    """A second process on the same database file (its own connection, its own in-process locks)."""
    opened = await Services.open(settings, clock, sync_content=False)
    try:
        yield opened
    finally:
        await opened.close()


async def test_a_double_click_on_an_answer_saves_one_review_and_one_ledger_event(small_services: Services) -> None:
    step = await small_services.quiz.start_session(LEARNER, GUILD)
    assert step.card is not None
    chosen = sorted(step.card.card.correct_indexes)
    results = await asyncio.gather(
        *(small_services.quiz.answer(step.session_id, LEARNER, 0, chosen) for _ in range(2)), return_exceptions=True
    )
    assert sum(isinstance(r, UserError) and "already been answered" in str(r) for r in results) == 1
    assert len(await QuizRepository(small_services.db).reviews(LEARNER)) == 1
    events = await ActivityRepository(small_services.db).events(guild_id=GUILD, user_id=LEARNER, kind=ACTIVITY_KIND)
    assert [e.points for e in events] == [2]


async def test_the_daily_cap_holds_when_two_processes_answer_at_once(
    small_services: Services, other_process: Services, clock: FixedClock
) -> None:
    """One point short of the cap, two answers land at once (one per process, on two open sessions
    that a restart left behind): the cap is read and written in one transaction, so only one earns it."""
    ledger = ActivityRepository(small_services.db)
    async with small_services.db.transaction() as tx:
        await ledger.record(tx, ActivityEvent(guild_id=GUILD, user_id=LEARNER, kind=ACTIVITY_KIND, ref="x",
                                              points=DAILY_POINTS_CAP - 1, at_utc=clock.now(),
                                              local_day=clock.now().date()))
    first = await small_services.quiz.start_session(LEARNER, GUILD)
    second = await other_process.quiz.start_session(LEARNER, GUILD)
    # Reopen the first session as if the replacement had not happened (two sessions open at once).
    async with small_services.db.transaction() as tx:
        await tx.execute("UPDATE quiz_sessions SET ended_at = NULL, end_reason = NULL WHERE id = ?",
                         (first.session_id,))
    steps = await asyncio.gather(*(
        process.quiz.answer(step.session_id, LEARNER, 0, sorted(step.card.card.correct_indexes))  # type: ignore[union-attr]
        for process, step in ((small_services, first), (other_process, second))
    ))
    assert sorted(s.feedback.points for s in steps) == [0, 1]  # type: ignore[union-attr]
    total = await ledger.points_on_day(small_services.db, guild_id=GUILD, user_id=LEARNER, kind=ACTIVITY_KIND,
                                       local_day=clock.now().date())
    assert total == DAILY_POINTS_CAP


async def test_two_submissions_at_once_make_one_scored_attempt(small_services: Services, clock: FixedClock) -> None:
    await small_services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="09:00", timezone="UTC")
    assert (await small_services.drill_posts.post_due(GUILD, RecordingPublisher())).status == "posted"
    task = await small_services.drill_attempts.start_today(GUILD, LEARNER)
    results = await asyncio.gather(
        *(small_services.drill_attempts.submit(GUILD, LEARNER, task.source, task.drill.gold, TEXT) for _ in range(2))
    )
    assert sorted(r.scored for r in results) == [False, True]  # both saved: one scored, one practice
    scored = next(r for r in results if r.scored)
    attempts = await DrillRepository(small_services.db).user_attempts(GUILD, LEARNER, limit=10)
    assert len(attempts) == 2
    events = await ActivityRepository(small_services.db).events(guild_id=GUILD, user_id=LEARNER, kind="drill_attempt")
    assert sorted(e.points for e in events) == sorted([0, scored.points])  # type: ignore[list-item]


async def test_two_processes_post_the_daily_drill_once(
    small_services: Services, other_process: Services, clock: FixedClock
) -> None:
    await small_services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="09:00", timezone="UTC")
    publisher = RecordingPublisher()
    outcomes = await asyncio.gather(
        small_services.drill_posts.post_due(GUILD, publisher), other_process.drill_posts.post_due(GUILD, publisher)
    )
    assert sorted(o.status for o in outcomes) in (["already-posted", "posted"], ["in-flight", "posted"])
    assert len(publisher.posts) == 1
    clock.set(datetime(2026, 3, 2, 23, 0, tzinfo=UTC))  # later the same day, both processes again
    outcomes = await asyncio.gather(
        small_services.drill_posts.post_due(GUILD, publisher), other_process.drill_posts.post_due(GUILD, publisher)
    )
    assert [o.status for o in outcomes] == ["already-posted", "already-posted"]
    assert len(publisher.posts) == 1


class HeldPublisher(RecordingPublisher):
    """Holds its first post or reveal until `release` is set: a slow Discord call in one process."""

    def __init__(self) -> None:
        super().__init__()
        self.holding = asyncio.Event()
        self.release = asyncio.Event()

    async def _hold(self) -> None:
        self.holding.set()
        await self.release.wait()

    async def post_drill(self, channel_id: int, announcement: DrillAnnouncement) -> int:
        await self._hold()
        return await super().post_drill(channel_id, announcement)

    async def post_reveal(self, channel_id: int, message_id: int | None, reveal: DrillReveal) -> int | None:
        await self._hold()
        return await super().post_reveal(channel_id, message_id, reveal)


async def test_a_post_in_flight_in_a_live_process_is_not_taken_over(
    small_services: Services, other_process: Services
) -> None:
    """Two processes overlap (a restart, a second instance): the one that claimed the post is still
    posting, so the other must not take it for a crashed one and post a second message."""
    await small_services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="09:00", timezone="UTC")
    slow, other = HeldPublisher(), RecordingPublisher()
    first = asyncio.create_task(small_services.drill_posts.post_due(GUILD, slow))
    await asyncio.wait_for(slow.holding.wait(), 5)
    assert (await other_process.drill_posts.post_due(GUILD, other)).status == "in-flight"
    slow.release.set()
    assert (await first).status == "posted"
    assert (len(slow.posts), len(other.posts)) == (1, 0)


async def test_a_reveal_in_flight_in_a_live_process_is_not_done_twice(
    small_services: Services, other_process: Services, clock: FixedClock
) -> None:
    await small_services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="09:00", timezone="UTC",
                                                    close_hours=1)
    assert (await small_services.drill_posts.post_due(GUILD, RecordingPublisher())).status == "posted"
    clock.advance(timedelta(hours=2))  # closed: due for its reveal
    slow, other = HeldPublisher(), RecordingPublisher()
    first = asyncio.create_task(small_services.drill_posts.reveal_due(GUILD, slow))
    await asyncio.wait_for(slow.holding.wait(), 5)
    assert await other_process.drill_posts.reveal_due(GUILD, other) == 0
    slow.release.set()
    assert await first == 1
    assert (len(slow.reveals), len(other.reveals)) == (1, 0)


async def test_two_processes_send_one_reminder(
    small_services: Services, other_process: Services, clock: FixedClock
) -> None:
    await small_services.reminders.set_reminder(LEARNER, GUILD, "13:00")
    clock.set(datetime(2026, 3, 2, 13, 0, tzinfo=UTC))
    sent: list[int] = []

    class Notifier:
        async def send_reminder(self, reminder: Reminder) -> Delivery:
            await asyncio.sleep(0)  # a real DM is an HTTP call: let the other process run meanwhile
            sent.append(reminder.user_id)
            return Delivery.SENT

    await asyncio.gather(small_services.reminders.send_due_reminders(clock.now(), Notifier()),
                         other_process.reminders.send_due_reminders(clock.now(), Notifier()))
    assert sent == [LEARNER]


async def test_concurrent_syncs_keep_the_newest_pack_version(small_services: Services, tmp_path_factory) -> None:
    """An old and a new process starting together must not let the older pack overwrite the newer."""
    old_root = write_pack(tmp_path_factory.mktemp("old"), version=1, cards=[CARD], drills=[DRILL])
    new_root = write_pack(tmp_path_factory.mktemp("new"), version=2,
                          cards=[{**CARD, "question": "Changed in v2?"}], drills=[DRILL])
    [old], _ = load_packs([old_root])
    [new], _ = load_packs([new_root])
    content = small_services.content
    results = await asyncio.gather(content.upsert_pack(new, "new"), content.upsert_pack(old, "old"))
    assert results[1].skipped is not None
    assert [p.version for p in await small_services.content.packs() if p.id == "mini"] == [2]
    assert (await small_services.content.get_item("mini/c-1")).card.question == "Changed in v2?"  # type: ignore[union-attr]


async def test_concurrent_syncs_of_one_pack_are_idempotent(small_services: Services, tmp_path_factory) -> None:
    root = write_pack(tmp_path_factory.mktemp("same"), version=2, cards=[{**CARD, "question": "Changed?"}],
                      drills=[DRILL])
    reports = await asyncio.gather(*(small_services.content.sync_dirs([root]) for _ in range(3)))
    assert sorted((r.packs[0].added_or_updated, r.packs[0].retired) for r in reports) == [(0, 0), (0, 0), (1, 1)]
    [pack] = [p for p in await small_services.content.packs() if p.id == "mini"]
    assert (pack.version, pack.cards, pack.drills) == (2, 1, 1)  # c-2 was retired once
