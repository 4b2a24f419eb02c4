"""The job scheduler (APScheduler 3.x). The database is the source of truth: jobs are rebuilt
from it at start, so the scheduler itself keeps no state worth persisting."""

from __future__ import annotations

import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)


class Scheduler:
    def __init__(self) -> None:
        self._scheduler = AsyncIOScheduler(timezone="UTC", job_defaults={"coalesce": True, "max_instances": 1})

    @property
    def aps(self) -> AsyncIOScheduler:
        """The underlying APScheduler, for features that register their jobs."""
        return self._scheduler

    def start(self) -> None:
        if not self._scheduler.running:
            self._scheduler.start()
            log.info("scheduler started")

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
            log.info("scheduler stopped")
