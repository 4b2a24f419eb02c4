"""Reminder times: the next local occurrence, across DST changes (parsing HH:MM: test_local_time)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.reminders import next_occurrence

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def test_next_occurrence_today_or_tomorrow() -> None:
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # 13:00 in Berlin
    assert next_occurrence(now, time(18, 0), BERLIN) == datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
    assert next_occurrence(now, time(9, 0), BERLIN) == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)


def test_next_occurrence_skips_the_day_already_reminded() -> None:
    now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    later_today = next_occurrence(now, time(18, 0), BERLIN, not_on=date(2026, 3, 2))
    assert later_today == datetime(2026, 3, 3, 17, 0, tzinfo=UTC)


def test_next_occurrence_keeps_local_time_across_dst() -> None:
    before = datetime(2026, 3, 7, 15, 0, tzinfo=UTC)  # Saturday; New York switches to EDT on Sunday 8 March
    saturday = next_occurrence(before, time(19, 0), NEW_YORK)
    sunday = next_occurrence(saturday, time(19, 0), NEW_YORK)
    assert saturday == datetime(2026, 3, 8, 0, 0, tzinfo=UTC)  # 19:00 EST
    assert sunday == datetime(2026, 3, 8, 23, 0, tzinfo=UTC)  # 19:00 EDT: only 23 hours later
    assert sunday.astimezone(NEW_YORK).hour == 19


def test_a_time_skipped_by_dst_happens_after_the_jump() -> None:
    now = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    moment = next_occurrence(now, time(2, 30), BERLIN)  # 02:30 does not exist on 29 March in Berlin
    assert moment == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert moment.astimezone(BERLIN).strftime("%H:%M") == "03:30"


@given(
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)),
    st.times(),
    st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"]),
)
def test_next_occurrence_is_soon_after_now_on_a_new_local_day(now: datetime, at: time, zone: str) -> None:
    tz = ZoneInfo(zone)
    at = at.replace(second=0, microsecond=0)
    first = next_occurrence(now, at, tz)
    assert now < first <= now + timedelta(hours=26)
    second = next_occurrence(first, at, tz, not_on=first.astimezone(tz).date())
    assert second.astimezone(tz).date() > first.astimezone(tz).date()
