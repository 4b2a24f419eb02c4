"""APScheduler jobs for daily drills, rebuilt from the database at start and on every settings change.

- `drills:post:<guild>`: a CronTrigger per server at its local post time on its weekdays, in its
  timezone. It calls `run_post_job`, which posts through the service (idempotent per local date).
- `drills:sweep`: every minute, for every scheduled server: post today's drill if it is due and not
  out (catch-up after downtime, retries after a failure), reveal closed posts, grade attempts whose
  grading failed. The sweep also runs once when the bot is ready, so a bot that was down at post
  time posts on start while the local day is not over.

Tests call `run_post_job` and `sweep` directly with a fixed clock instead of waiting on wall time.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, TypeVar

from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.domain.local_time import parse_time_of_day, zone_or_utc
from bot.publishing import Publisher
from bot.services.drills import PostOutcome

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from bot.services.container import Services
    from bot.storage.repositories.drills import DrillSettingsRow

log = logging.getLogger(__name__)
T = TypeVar("T")

POST_JOB = "drills:post:"
SWEEP_JOB = "drills:sweep"
SWEEP_SECONDS = 60
MISFIRE_GRACE_SECONDS = 3600  # a late cron fire still posts; the sweep catches anything later


class DrillScheduler:
    def __init__(
        self, aps: AsyncIOScheduler, services: Services, publisher: Publisher,
        *, ready: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self._aps = aps
        self._services = services
        self._publisher = publisher
        self._ready = ready
        self._catch_up: asyncio.Task[None] | None = None
        self._caught_up = asyncio.Event()

    async def start(self) -> None:
        """Register the jobs from the database, follow settings changes, and catch up once ready."""
        await self.rebuild()
        self._aps.add_job(self.sweep, IntervalTrigger(seconds=SWEEP_SECONDS), id=SWEEP_JOB, replace_existing=True)
        self._services.server_settings.on_drill_settings_change(self.settings_changed)
        self._catch_up = asyncio.create_task(self._catch_up_when_ready(), name="drills-catch-up")

    def stop(self) -> None:
        self._services.server_settings.remove_drill_settings_listener(self.settings_changed)
        if self._catch_up is not None and not self._catch_up.done():
            self._catch_up.cancel()
        for job in self._aps.get_jobs():
            if job.id == SWEEP_JOB or job.id.startswith(POST_JOB):
                job.remove()

    async def wait_caught_up(self) -> None:
        """Wait until the start-up catch-up sweep has run (tests and the operator's peace of mind)."""
        await self._caught_up.wait()

    async def _catch_up_when_ready(self) -> None:
        try:
            if self._ready is not None:
                await self._ready()
            await self.sweep()
        finally:
            self._caught_up.set()

    # -- jobs -------------------------------------------------------------------------------

    async def rebuild(self) -> None:
        """Replace every post job with one per scheduled server, from the database."""
        for job in self._aps.get_jobs():
            if job.id.startswith(POST_JOB):
                job.remove()
        for row in await self._services.server_settings.all_drill_settings():
            self._schedule(row)

    def _schedule(self, row: DrillSettingsRow) -> None:
        job_id = f"{POST_JOB}{row.guild_id}"
        if not row.enabled:
            if self._aps.get_job(job_id) is not None:
                self._aps.remove_job(job_id)
            return
        at = parse_time_of_day(row.post_time)
        # The same zone the service computes local dates in (UTC should tzdata drop a stored name).
        trigger = CronTrigger(hour=at.hour, minute=at.minute, day_of_week=",".join(row.weekdays),
                              timezone=zone_or_utc(row.timezone))
        self._aps.add_job(
            self.run_post_job, trigger, args=[row.guild_id], id=job_id, replace_existing=True,
            misfire_grace_time=MISFIRE_GRACE_SECONDS, coalesce=True,
        )
        log.info("guild %d: drill job at %s %s on %s", row.guild_id, row.post_time, row.timezone,
                 ",".join(row.weekdays))

    def job_ids(self) -> list[str]:
        return sorted(job.id for job in self._aps.get_jobs() if job.id.startswith(("drills:",)))

    async def settings_changed(self, guild_id: int) -> None:
        """Reschedule one server, then post now if its (new) schedule says today's drill is due, and retry
        what had failed too often (the moderator may just have fixed the channel's permissions)."""
        row = next((r for r in await self._services.server_settings.all_drill_settings() if r.guild_id == guild_id),
                   None)
        if row is None:
            return
        self._schedule(row)
        posts = self._services.drill_posts
        if row.enabled:
            await self._guarded(posts.post_due(guild_id, self._publisher, retry_exhausted=True))
        await self._guarded(posts.reveal_due(guild_id, self._publisher, retry_exhausted=True))

    async def run_post_job(self, guild_id: int) -> PostOutcome | None:
        """The cron job: post the server's drill for its local today (idempotent)."""
        return await self._guarded(self._services.drill_posts.post_due(guild_id, self._publisher))

    async def sweep(self) -> None:
        """Catch up on due posts, retry failed ones, reveal closed posts, grade pending attempts."""
        for row in await self._services.server_settings.all_drill_settings():
            if row.enabled:
                await self._guarded(self._services.drill_posts.post_due(row.guild_id, self._publisher))
            await self._guarded(self._services.drill_posts.reveal_due(row.guild_id, self._publisher))
        await self._guarded(self._services.drill_attempts.grade_pending(retry_failed=False))

    async def _guarded(self, work: Awaitable[T]) -> T | None:
        # One server's failure must not stop the others' posts, nor kill the job.
        try:
            return await work
        except Exception:
            log.exception("drill job failed")
            return None
