"""The drill jobs: one CronTrigger per server in its timezone, rebuilt from the database, and the
sweep that catches up, retries and reveals. Job functions are called directly (fixed clock)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import FixedClock
from bot.drill_scheduling import POST_JOB, SWEEP_JOB, DrillScheduler
from bot.services.container import Services
from tests.services.test_drill_posts import CHANNEL, GUILD, RecordingPublisher


@pytest.fixture
async def aps() -> AsyncIterator[AsyncIOScheduler]:
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.start(paused=True)  # jobs are registered but never fire on wall time in tests
    yield scheduler
    scheduler.shutdown(wait=False)


async def test_jobs_are_rebuilt_from_the_database(services: Services, aps: AsyncIOScheduler) -> None:
    await services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="09:15", timezone="Europe/Paris",
                                              days="weekdays")
    await services.server_settings.set_drills(GUILD + 1, channel_id=CHANNEL, time="07:00", enabled=False)
    drills = DrillScheduler(aps, services, RecordingPublisher())
    await drills.start()
    await drills.wait_caught_up()
    assert drills.job_ids() == [f"{POST_JOB}{GUILD}", SWEEP_JOB]  # the paused server has no job
    trigger = aps.get_job(f"{POST_JOB}{GUILD}").trigger
    assert str(trigger.timezone) == "Europe/Paris"
    fields = {f.name: str(f) for f in trigger.fields}
    assert (fields["hour"], fields["minute"], fields["day_of_week"]) == ("9", "15", "mon,tue,wed,thu,fri")
    drills.stop()
    assert drills.job_ids() == []
    await services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="10:00")
    assert drills.job_ids() == []  # a stopped scheduler no longer follows the settings


async def test_a_settings_change_reschedules_and_posts_when_due(
    services: Services, aps: AsyncIOScheduler, clock: FixedClock
) -> None:
    publisher = RecordingPublisher()
    drills = DrillScheduler(aps, services, publisher)
    await drills.start()
    await drills.wait_caught_up()
    assert drills.job_ids() == [SWEEP_JOB]
    await services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="18:00", timezone="UTC")
    trigger = aps.get_job(f"{POST_JOB}{GUILD}").trigger
    assert {f.name: str(f) for f in trigger.fields}["hour"] == "18"
    assert publisher.posts == []  # 12:00 UTC: not due yet
    await services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="11:00", timezone="UTC")
    assert len(publisher.posts) == 1  # due already today: posted right away
    await services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="11:00", enabled=False)
    assert drills.job_ids() == [SWEEP_JOB]
    drills.stop()


async def test_start_catches_up_once_and_a_restart_posts_nothing_new(
    services: Services, aps: AsyncIOScheduler, clock: FixedClock
) -> None:
    await services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="09:00", timezone="UTC")
    publisher = RecordingPublisher()
    first = DrillScheduler(aps, services, publisher)
    await first.start()
    await first.wait_caught_up()
    assert len(publisher.posts) == 1  # the bot was down at 09:00; the day is not over
    first.stop()
    again = DrillScheduler(aps, services, publisher)
    await again.start()
    await again.wait_caught_up()
    assert (await again.run_post_job(GUILD)).status == "already-posted"
    assert len(publisher.posts) == 1
    again.stop()


async def test_sweep_reveals_retries_and_grades(services: Services, aps: AsyncIOScheduler, clock: FixedClock) -> None:
    await services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="09:00", timezone="UTC")
    publisher = RecordingPublisher()
    publisher.fail_posts = 1
    drills = DrillScheduler(aps, services, publisher)
    outcome = await drills.run_post_job(GUILD)
    assert outcome is not None
    assert outcome.status == "failed"
    await drills.sweep()  # retried
    assert len(publisher.posts) == 1
    clock.advance(timedelta(days=1))
    await drills.run_post_job(GUILD)
    assert len(publisher.posts) == 2
    assert len(publisher.reveals) == 1
    await drills.sweep()
    assert len(publisher.posts) == 2


async def test_a_failing_server_does_not_stop_the_others(
    services: Services, aps: AsyncIOScheduler, caplog: pytest.LogCaptureFixture
) -> None:
    await services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="09:00", timezone="UTC")
    await services.server_settings.set_drills(GUILD + 1, channel_id=CHANNEL, time="09:00", timezone="UTC")

    class Exploding(RecordingPublisher):
        async def find_drill_post(self, channel_id: int, post_id: int) -> int | None:
            raise AssertionError("unused")

    publisher = Exploding()
    original = services.drill_posts.post_due

    async def broken_for_first(guild_id: int, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        if guild_id == GUILD:
            raise RuntimeError("boom")
        return await original(guild_id, *args, **kwargs)  # type: ignore[arg-type]

    services.drill_posts.post_due = broken_for_first  # type: ignore[method-assign]
    drills = DrillScheduler(aps, services, publisher)
    await drills.sweep()
    assert [a.guild_id for _, a in publisher.posts] == [GUILD + 1]
    assert "drill job failed" in caplog.text


async def test_a_sweep_after_the_days_post_writes_nothing(
    services: Services, aps: AsyncIOScheduler, clock: FixedClock
) -> None:
    """The sweep runs every minute for every server: once today's drill is out it only reads."""
    await services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="09:00", timezone="UTC")
    drills = DrillScheduler(aps, services, RecordingPublisher())
    await drills.start()
    await drills.wait_caught_up()
    clock.advance(timedelta(minutes=1))
    async with services.db.traced() as statements:
        await drills.sweep()
    drills.stop()
    assert not [s for s in statements if s.startswith(("BEGIN", "INSERT", "UPDATE", "DELETE"))]


async def test_a_stored_timezone_tzdata_no_longer_knows_does_not_stop_the_scheduler(
    services: Services, aps: AsyncIOScheduler
) -> None:
    await services.server_settings.set_drills(GUILD, channel_id=CHANNEL, time="09:00", timezone="Europe/Paris")
    await services.server_settings.set_drills(GUILD + 1, channel_id=CHANNEL, time="09:00", timezone="Asia/Tokyo")
    async with services.db.transaction() as tx:  # e.g. a name tzdata renamed or dropped after an upgrade
        await tx.execute("UPDATE guild_settings SET timezone = 'Gone/Away' WHERE guild_id = ?", (GUILD + 1,))
    drills = DrillScheduler(aps, services, RecordingPublisher())
    await drills.start()
    await drills.wait_caught_up()
    assert drills.job_ids() == [f"{POST_JOB}{GUILD}", f"{POST_JOB}{GUILD + 1}", SWEEP_JOB]
    assert str(aps.get_job(f"{POST_JOB}{GUILD + 1}").trigger.timezone) == "UTC"
    drills.stop()
