"""Daily reminder times: parsing "HH:MM" and finding the next local occurrence in UTC (DST-correct)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_HH_MM = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")


class ReminderTimeError(ValueError):
    """Not a valid time of day; the message says what is valid."""


def parse_time_of_day(text: str) -> time:
    match = _HH_MM.match(text)
    if not match:
        raise ReminderTimeError(
            f"`{text.strip()}` is not a time: write it as HH:MM in 24-hour form, e.g. 07:30 or 19:00."
        )
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise ReminderTimeError(f"`{text.strip()}` is not a time of day: hours go 00-23 and minutes 00-59.")
    return time(hours, minutes)


def occurrence_on(day: date, at: time, tz: ZoneInfo) -> datetime:
    """`at` on local `day`, in UTC. A time skipped by a DST jump happens as many minutes later
    (02:30 on a spring-forward night is 03:30); a repeated time happens the first time."""
    local = datetime.combine(day, at, tzinfo=tz)  # fold=0: the earlier of two, or the pre-jump offset
    return local.astimezone(UTC)


def next_occurrence(now: datetime, at: time, tz: ZoneInfo, *, not_on: date | None = None) -> datetime:
    """The first moment after `now` when the local clock shows `at`, skipping local day `not_on`
    (the day already reminded, so that a reminder is never sent twice for one local day)."""
    day = now.astimezone(tz).date() - timedelta(days=1)  # yesterday's may still be ahead in UTC terms
    while True:
        moment = occurrence_on(day, at, tz)
        if moment > now and (not_on is None or day > not_on):
            return moment
        day += timedelta(days=1)
