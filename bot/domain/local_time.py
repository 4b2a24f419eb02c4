"""Local time, for learners (quizzes, reminders: their own timezone) and servers (drills: the server's).

Stored times are UTC; a timezone only decides which day it is and when a local clock time falls. One
place parses what people type (a time of day, an IANA timezone name), offers timezone names for
autocomplete, and turns "09:30 on this local day" into a UTC instant across daylight-saving changes.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from bot.domain.suggest import closest, did_you_mean
from bot.errors import UserError

#: Offered when nothing is typed yet.
COMMON_TIMEZONES = (
    "UTC", "Europe/London", "Europe/Paris", "Europe/Berlin", "America/New_York", "America/Chicago",
    "America/Denver", "America/Los_Angeles", "America/Sao_Paulo", "Asia/Kolkata", "Asia/Manila",
    "Asia/Singapore", "Asia/Tokyo", "Australia/Sydney", "Africa/Lagos", "Africa/Nairobi",
)
_TIME_OF_DAY = re.compile(r"^\s*(\d{1,2})[:.h](\d{2})\s*$")


def parse_time_of_day(text: str) -> time:
    """'HH:MM' on a 24-hour clock ('9:05', '09.05' and '9h05' are accepted too)."""
    match = _TIME_OF_DAY.match(text)
    if not match:
        raise UserError(f"`{text.strip()}` is not a time: write it as HH:MM in 24-hour form, e.g. 07:30 or 19:00.")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        raise UserError(f"`{text.strip()}` is not a time of day: hours go 00-23 and minutes 00-59 "
                        "(write it as HH:MM, e.g. 07:30 or 19:00).")
    return time(hours, minutes)


@cache
def known_timezones() -> tuple[str, ...]:
    """Every IANA name tzdata knows, sorted (scanning tzdata takes a moment: once per process)."""
    return tuple(sorted(available_timezones()))


@cache
def _canonical_names() -> dict[str, str]:
    return {name.casefold(): name for name in known_timezones()}


def resolve_timezone(name: str) -> ZoneInfo:
    """An IANA timezone by name, in any letter case. Only names tzdata lists are opened, so a path
    never reaches the file system; anything else is refused with the closest names."""
    cleaned = name.strip()
    canonical = _canonical_names().get(cleaned.casefold())
    if canonical is not None:
        return ZoneInfo(canonical)
    raise UserError(
        f"`{cleaned}` is not a timezone I know. Use an IANA name such as `Europe/Berlin`, "
        f"`America/New_York` or `Asia/Kolkata` (start typing to see suggestions)."
        + did_you_mean(cleaned, known_timezones())
    )


def zone_or_utc(name: str) -> ZoneInfo:
    """A stored timezone name (validated when it was set); UTC should tzdata ever stop listing it."""
    canonical = _canonical_names().get(name.casefold())
    return ZoneInfo(canonical) if canonical else ZoneInfo("UTC")


def timezone_suggestions(typed: str, limit: int = 25) -> list[str]:
    """Timezone names for autocomplete: the common ones when nothing is typed; else the names whose
    whole name or city starts with what was typed, then those containing it, else the closest ones."""
    needle = typed.strip().casefold().replace(" ", "_")
    if not needle:
        return list(COMMON_TIMEZONES[:limit])
    names = known_timezones()
    starts = [n for n in names if n.casefold().startswith(needle) or n.rsplit("/", 1)[-1].casefold().startswith(needle)]
    contains = [n for n in names if needle in n.casefold() and n not in starts]
    return (starts + contains or closest(typed, names, limit=limit))[:limit]


def local_day(moment: datetime, tz: ZoneInfo) -> date:
    """Which day it is in `tz` at `moment` (an aware UTC time)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: pass an aware UTC time")
    return moment.astimezone(tz).date()


def day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants where local `day` starts and ends (23 or 25 hours apart on DST changes)."""
    return at_local_time(day, time(0), tz), at_local_time(day + timedelta(days=1), time(0), tz)


def at_local_time(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant when the clock in `tz` shows `at` on local `day`. A time that a DST jump skips
    happens as many minutes after the jump (02:30 on a spring-forward night is 03:30); a time that
    happens twice (fall back) happens the first time."""
    # fold=0 reads a skipped time with the offset before the jump and a repeated one as the first.
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)
