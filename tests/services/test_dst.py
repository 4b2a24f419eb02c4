"""Daylight-saving changes, minute by minute with a fixed clock: reminders in the learner's timezone and
daily drills in the server's, on New York's spring-forward night (8 March 2026: 02:00 -> 03:00) and
fall-back night (1 November 2026: 02:00 -> 01:00, so 01:30 happens twice)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import FixedClock
from bot.drill_scheduling import POST_JOB, DrillScheduler
from bot.services.container import Services
from tests.services.test_drill_posts import CHANNEL, GUILD, RecordingPublisher
from tests.services.test_reminders import RecordingNotifier

NEW_YORK = ZoneInfo("America/New_York")
LEARNER = 101


def night_minutes(night: datetime) -> list[datetime]:
    """Every minute from 04:00 to 08:00 UTC: from midnight to 03:00 or 04:00 in New York."""
    return [night.replace(hour=4) + timedelta(minutes=i) for i in range(4 * 60)]


async def reminders_sent(services: Services, clock: FixedClock, nights: list[datetime]) -> list[datetime]:
    """Run the per-minute reminder job through each of `nights`; the minutes at which it sent something."""
    notifier, sent = RecordingNotifier(), []
    for now in [minute for night in nights for minute in night_minutes(night)]:
        clock.set(now)
        if (await services.reminders.send_due_reminders(now, notifier)).sent:
            sent.append(now)
    return sent


async def test_a_reminder_at_a_time_skipped_by_spring_forward_comes_an_hour_later_once(
    small_services: Services, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 3, 7, 12, 0, tzinfo=UTC))
    await small_services.users.update(LEARNER, timezone="America/New_York")
    reminder = await small_services.reminders.set_reminder(LEARNER, 0, "02:30")
    assert reminder.next_at == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 02:30 does not exist: 03:30 EDT
    sent = await reminders_sent(small_services, clock,
                                [datetime(2026, 3, 8, tzinfo=UTC), datetime(2026, 3, 9, tzinfo=UTC)])
    assert sent == [datetime(2026, 3, 8, 7, 30, tzinfo=UTC), datetime(2026, 3, 9, 6, 30, tzinfo=UTC)]
    assert [s.astimezone(NEW_YORK).strftime("%m-%d %H:%M") for s in sent] == ["03-08 03:30", "03-09 02:30"]


async def test_a_reminder_at_a_time_repeated_by_fall_back_is_sent_the_first_time_only(
    small_services: Services, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 10, 31, 12, 0, tzinfo=UTC))
    await small_services.users.update(LEARNER, timezone="America/New_York")
    await small_services.reminders.set_reminder(LEARNER, 0, "01:30")
    sent = await reminders_sent(small_services, clock,
                                [datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 2, tzinfo=UTC)])
    # 05:30 UTC is the first 01:30 (EDT); the second (EST, 06:30 UTC) is the same local day: no reminder.
    assert sent == [datetime(2026, 11, 1, 5, 30, tzinfo=UTC), datetime(2026, 11, 2, 6, 30, tzinfo=UTC)]


@pytest.fixture
async def aps() -> AsyncIterator[AsyncIOScheduler]:
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.start(paused=True)  # the test fires the jobs itself, at the trigger's own times
    yield scheduler
    scheduler.shutdown(wait=False)


async def run_drill_jobs(
    services: Services, clock: FixedClock, aps: AsyncIOScheduler, publisher: RecordingPublisher,
    nights: list[datetime],
) -> list[datetime]:
    """Through each of `nights`, minute by minute, as the running bot does: the cron job whenever its real
    CronTrigger fires, and the catch-up sweep every minute. Returns the cron's fire times."""
    drills = DrillScheduler(aps, services, publisher)
    await drills.start()
    await drills.wait_caught_up()
    trigger = aps.get_job(f"{POST_JOB}{GUILD}").trigger
    start, end = nights[0].replace(hour=4), nights[-1].replace(hour=8)
    fires: list[datetime] = []
    fire = trigger.get_next_fire_time(None, start)
    while fire is not None and fire.astimezone(UTC) < end:
        fires.append(fire.astimezone(UTC))
        # One second later in UTC: wall-clock arithmetic on the first 01:30 would land an hour back.
        fire = trigger.get_next_fire_time(fire, fire.astimezone(UTC) + timedelta(seconds=1))
    for night in nights:
        for now in night_minutes(night):
            clock.set(now)
            if now in fires:
                await drills.run_post_job(GUILD)
            await drills.sweep()
    drills.stop()
    return fires


def posted(publisher: RecordingPublisher) -> list[tuple[date, datetime]]:
    return [(a.local_date, a.closes_at) for _, a in publisher.posts]


async def test_a_drill_at_a_time_repeated_by_fall_back_posts_once_at_the_first(
    small_services: Services, clock: FixedClock, aps: AsyncIOScheduler
) -> None:
    clock.set(datetime(2026, 10, 31, 12, 0, tzinfo=UTC))
    await small_services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="01:30",
                                                    timezone="America/New_York")
    publisher = RecordingPublisher()
    fires = await run_drill_jobs(small_services, clock, aps, publisher,
                                 [datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 2, tzinfo=UTC)])
    # APScheduler fires at both 01:30s; the unique (server, local date) key keeps it to one post.
    assert fires == [datetime(2026, 11, 1, 5, 30, tzinfo=UTC), datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
                     datetime(2026, 11, 2, 6, 30, tzinfo=UTC)]
    assert posted(publisher) == [
        (date(2026, 10, 31), datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),  # the 31st's catch-up post at start
        (date(2026, 11, 1), datetime(2026, 11, 2, 6, 30, tzinfo=UTC)),  # open 25 hours, until the next post
        (date(2026, 11, 2), datetime(2026, 11, 3, 6, 30, tzinfo=UTC)),
    ]
    first_of_the_1st = await small_services.drill_posts.post(2)
    assert first_of_the_1st is not None
    assert first_of_the_1st.posted_at == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    assert [r.local_date for _, _, r in publisher.reveals] == [date(2026, 10, 31), date(2026, 11, 1)]


async def test_a_drill_at_a_time_skipped_by_spring_forward_posts_an_hour_later(
    small_services: Services, clock: FixedClock, aps: AsyncIOScheduler
) -> None:
    clock.set(datetime(2026, 3, 7, 12, 0, tzinfo=UTC))
    await small_services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="02:30",
                                                    timezone="America/New_York")
    publisher = RecordingPublisher()
    await run_drill_jobs(small_services, clock, aps, publisher,
                         [datetime(2026, 3, 8, tzinfo=UTC), datetime(2026, 3, 9, tzinfo=UTC)])
    assert posted(publisher) == [
        (date(2026, 3, 7), datetime(2026, 3, 8, 7, 30, tzinfo=UTC)),  # the 7th's catch-up post at start
        (date(2026, 3, 8), datetime(2026, 3, 9, 6, 30, tzinfo=UTC)),  # 03:30 EDT; open 23 hours
        (date(2026, 3, 9), datetime(2026, 3, 10, 6, 30, tzinfo=UTC)),
    ]
    first_of_the_8th = await small_services.drill_posts.post(2)
    assert first_of_the_8th is not None
    assert first_of_the_8th.posted_at == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
