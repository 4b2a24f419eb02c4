"""Daily reminder times: the next local occurrence of a reminder, in UTC (DST-correct)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.local_time import at_local_time


def next_occurrence(now: datetime, at: time, tz: ZoneInfo, *, not_on: date | None = None) -> datetime:
    """The first moment after `now` when the local clock shows `at`, skipping local day `not_on`
    (the day already reminded, so that a reminder is never sent twice for one local day)."""
    day = now.astimezone(tz).date() - timedelta(days=1)  # yesterday's may still be ahead in UTC terms
    while True:
        moment = at_local_time(day, at, tz)
        if moment > now and (not_on is None or day > not_on):
            return moment
        day += timedelta(days=1)
