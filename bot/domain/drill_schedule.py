"""When a server's daily drill is due: local post time, weekdays, the local date, closing times.

Pure: every function takes `now` (UTC); the schedule carries the server's timezone name. A drill is
*due* on an active local day from its post time until local midnight; it is posted once per (server,
local date), so a bot that was down at post time catches up as long as the local day is not over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.local_time import at_local_time, local_day, zone_or_utc
from bot.errors import UserError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
EVERY_DAY = WEEKDAYS
_DAY_NAMES = {
    **{day: day for day in WEEKDAYS},
    "monday": "mon", "tuesday": "tue", "wednesday": "wed", "thursday": "thu", "friday": "fri",
    "saturday": "sat", "sunday": "sun", "tues": "tue", "thur": "thu", "thurs": "thu",
}
_DAY_SETS = {
    "daily": EVERY_DAY, "every day": EVERY_DAY, "everyday": EVERY_DAY, "all": EVERY_DAY,
    "weekdays": WEEKDAYS[:5], "weekends": WEEKDAYS[5:], "weekend": WEEKDAYS[5:],
}
# A post stays open at most this long when no later post closes it (e.g. a once-a-week schedule).
MAX_OPEN = timedelta(days=7)


def parse_weekdays(text: str) -> tuple[str, ...]:
    """'every day', 'weekdays', 'weekends', or days like 'mon,wed,fri' or 'mon-fri', in week order."""
    cleaned = text.strip().lower()
    if cleaned in _DAY_SETS:
        return _DAY_SETS[cleaned]
    cleaned = re.sub(r"\s*(?:-|\bto\b)\s*", "-", cleaned)
    chosen: set[str] = set()
    for part in filter(None, re.split(r"[,;\s]+", cleaned)):
        if "-" in part:
            first, _, last = part.partition("-")
            start, end = WEEKDAYS.index(_day(first, text)), WEEKDAYS.index(_day(last, text))
            span = range(start, end + 1) if start <= end else [*range(start, 7), *range(end + 1)]
            chosen.update(WEEKDAYS[i] for i in span)
        else:
            chosen.add(_day(part, text))
    if not chosen:
        raise UserError(_days_help(text))
    return tuple(day for day in WEEKDAYS if day in chosen)


def _day(word: str, original: str) -> str:
    try:
        return _DAY_NAMES[word]
    except KeyError:
        raise UserError(_days_help(original)) from None


def _days_help(text: str) -> str:
    return (f"`{text}` is not a set of days: write `every day`, `weekdays`, `weekends`, or days such as "
            "`mon,wed,fri` or `mon-fri`.")


def format_weekdays(days: tuple[str, ...] | list[str]) -> str:
    for name, members in (("every day", EVERY_DAY), ("weekdays", WEEKDAYS[:5]), ("weekends", WEEKDAYS[5:])):
        if tuple(days) == members:
            return name
    return ", ".join(day.capitalize() for day in days)


@dataclass(frozen=True, slots=True)
class DrillSchedule:
    """A server's drill schedule: post at `post_time` local time on `weekdays` in `timezone`."""

    timezone: str
    post_time: time
    weekdays: tuple[str, ...]
    close_hours: int | None = None  # None: a post closes when the next one is due

    @property
    def zone(self) -> ZoneInfo:
        return zone_or_utc(self.timezone)

    def local_date(self, now: datetime) -> date:
        return local_day(now, self.zone)

    def post_moment(self, day: date) -> datetime:
        """The UTC instant of the post on local date `day` (a time skipped by DST happens after the jump,
        a repeated one the first time)."""
        return at_local_time(day, self.post_time, self.zone)

    def is_active(self, day: date) -> bool:
        return WEEKDAYS[day.weekday()] in self.weekdays

    def due_date(self, now: datetime) -> date | None:
        """Today's local date if a drill is due now (an active day, at or after post time)."""
        today = self.local_date(now)
        if self.is_active(today) and now >= self.post_moment(today):
            return today
        return None

    def next_post_moments(self, after: datetime, count: int) -> list[datetime]:
        """The next `count` post instants strictly after `after` (UTC)."""
        found: list[datetime] = []
        day = self.local_date(after)
        while len(found) < count:
            if self.is_active(day) and self.post_moment(day) > after:
                found.append(self.post_moment(day))
            day += timedelta(days=1)
        return found

    def closes_at(self, posted_for: date, opened_at: datetime | None = None) -> datetime:
        """When the post for local date `posted_for` closes: when the next post is due, or `close_hours`
        after it opened (a late catch-up post still gets its full hours), whichever is first."""
        scheduled = self.post_moment(posted_for)
        opened = max(scheduled, opened_at) if opened_at is not None else scheduled
        closing = min(self.next_post_moments(scheduled, 1)[0], opened + MAX_OPEN)
        if self.close_hours is not None:
            closing = min(closing, opened + timedelta(hours=self.close_hours))
        return max(closing, opened)

