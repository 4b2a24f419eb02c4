"""Local time, shared by quizzes, reminders and drills: parsing what people type (a time of day, a
timezone), autocomplete, which day it is, and local clock times across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.local_time import (
    COMMON_TIMEZONES,
    at_local_time,
    day_bounds,
    local_day,
    parse_time_of_day,
    resolve_timezone,
    timezone_suggestions,
    zone_or_utc,
)
from bot.errors import UserError

NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(("text", "expected"), [
    ("09:00", time(9)), ("9:05", time(9, 5)), ("07:30", time(7, 30)), (" 23:59 ", time(23, 59)),
    (" 18.30 ", time(18, 30)), ("7h15", time(7, 15)), ("0:00", time(0)),
])
def test_a_time_of_day_parses(text: str, expected: time) -> None:
    assert parse_time_of_day(text) == expected


@pytest.mark.parametrize(("text", "why"), [
    ("24:00", "hours go 00-23"), ("12:60", "minutes 00-59"), ("09:60", "minutes 00-59"),
    ("noon", "`noon` is not a time"), ("7pm", "write it as HH:MM"), ("07:3", "HH:MM"), ("9", "HH:MM"),
    ("", "HH:MM"), ("-1:00", "HH:MM"),
])
def test_a_bad_time_of_day_says_how_to_write_it(text: str, why: str) -> None:
    with pytest.raises(UserError, match=why) as refused:
        parse_time_of_day(text)
    assert "HH:MM" in str(refused.value)


def test_a_timezone_is_resolved_by_its_iana_name_in_any_case() -> None:
    assert resolve_timezone(" Europe/Paris ").key == "Europe/Paris"
    assert resolve_timezone("america/new_york").key == "America/New_York"
    assert resolve_timezone("UTC").key == "UTC"


@pytest.mark.parametrize("bad", ["Mars/Olympus", "", "../etc/passwd", "/etc/localtime", "Europe/", "Europe/../UTC"])
def test_an_unknown_timezone_is_refused_naming_the_iana_form(bad: str) -> None:
    with pytest.raises(UserError, match=r"not a timezone I know\. Use an IANA name"):
        resolve_timezone(bad)


def test_a_mistyped_timezone_suggests_the_closest() -> None:
    with pytest.raises(UserError, match="Did you mean `Europe/Berlin`"):
        resolve_timezone("Europe/Berln")


def test_a_stored_timezone_that_vanished_reads_as_utc() -> None:
    assert zone_or_utc("Asia/Kolkata").key == "Asia/Kolkata"
    assert zone_or_utc("Gone/Away").key == "UTC"


def test_timezone_suggestions_for_autocomplete() -> None:
    assert timezone_suggestions("") == list(COMMON_TIMEZONES)
    assert timezone_suggestions("", limit=3) == ["UTC", "Europe/London", "Europe/Paris"]
    assert timezone_suggestions("paris") == ["Europe/Paris"]
    assert timezone_suggestions("KOLK") == ["Asia/Kolkata"]
    assert "America/New_York" in timezone_suggestions("new y")
    assert len(timezone_suggestions("a")) == 25
    # Names whose city starts with what was typed come before names merely containing it.
    assert timezone_suggestions("lon") == ["Arctic/Longyearbyen", "Europe/London", "America/Blanc-Sablon",
                                           "America/Miquelon"]
    assert "Europe/Berlin" in timezone_suggestions("Europ/Berlinn")  # a typo: the closest names


@pytest.mark.parametrize(("zone", "utc_moment", "expected"), [
    ("UTC", datetime(2026, 3, 2, 23, 59, tzinfo=UTC), date(2026, 3, 2)),
    ("Asia/Tokyo", datetime(2026, 3, 2, 15, 0, tzinfo=UTC), date(2026, 3, 3)),  # 00:00 JST
    ("America/Los_Angeles", datetime(2026, 3, 3, 7, 59, tzinfo=UTC), date(2026, 3, 2)),  # 23:59 PST
    ("Asia/Kolkata", datetime(2026, 3, 2, 18, 30, tzinfo=UTC), date(2026, 3, 3)),  # 00:00 IST
])
def test_the_local_day_follows_the_timezone(zone: str, utc_moment: datetime, expected: date) -> None:
    assert local_day(utc_moment, ZoneInfo(zone)) == expected


def test_the_local_day_needs_an_aware_time() -> None:
    with pytest.raises(ValueError, match="naive"):
        local_day(datetime(2026, 3, 2), ZoneInfo("UTC"))


def test_day_bounds_are_23_or_25_hours_on_dst_changes() -> None:
    berlin = ZoneInfo("Europe/Berlin")
    start, end = day_bounds(date(2026, 3, 29), berlin)  # clocks go forward
    assert (start, end - start) == (datetime(2026, 3, 28, 23, 0, tzinfo=UTC), timedelta(hours=23))
    start, end = day_bounds(date(2026, 10, 25), berlin)  # clocks go back
    assert end - start == timedelta(hours=25)


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)),
       st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kathmandu", "Pacific/Chatham",
                        "America/Santiago", "America/Havana"]))  # the last two change clocks at midnight
def test_a_moment_lies_within_its_local_days_bounds(moment: datetime, zone: str) -> None:
    tz = ZoneInfo(zone)
    start, end = day_bounds(local_day(moment, tz), tz)
    assert start <= moment < end


def test_a_local_time_skipped_by_spring_forward_happens_after_the_jump() -> None:
    moment = at_local_time(date(2026, 3, 8), time(2, 30), NEW_YORK)  # 02:00 -> 03:00 that night
    assert moment == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert moment.astimezone(NEW_YORK).strftime("%H:%M") == "03:30"


def test_a_local_time_repeated_by_fall_back_happens_the_first_time() -> None:
    moment = at_local_time(date(2026, 11, 1), time(1, 30), NEW_YORK)  # 02:00 -> 01:00 that night
    assert moment == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT, an hour before 01:30 EST
