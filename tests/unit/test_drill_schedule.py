"""The drill schedule: weekdays, local dates, due times, closing times (fixed instants only)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.drill_schedule import (
    EVERY_DAY,
    WEEKDAYS,
    DrillSchedule,
    format_weekdays,
    parse_weekdays,
)
from bot.errors import UserError

MONDAY_NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # 13:00 in Paris


@pytest.mark.parametrize(("text", "expected"), [
    ("every day", EVERY_DAY), ("Daily", EVERY_DAY), ("weekdays", WEEKDAYS[:5]), ("weekends", ("sat", "sun")),
    ("mon,wed,fri", ("mon", "wed", "fri")), ("Fri, Mon", ("mon", "fri")), ("mon-fri", WEEKDAYS[:5]),
    ("sat - mon", ("mon", "sat", "sun")), ("tuesday thursday", ("tue", "thu")), ("mon to wed", ("mon", "tue", "wed")),
])
def test_weekdays_parse(text: str, expected: tuple[str, ...]) -> None:
    assert parse_weekdays(text) == expected


@pytest.mark.parametrize("text", ["", "someday", "mon,funday", "mon-", "mon-tue-wed"])
def test_bad_weekdays_list_the_forms(text: str) -> None:
    with pytest.raises(UserError, match="mon,wed,fri"):
        parse_weekdays(text)


def test_weekdays_format_back() -> None:
    assert format_weekdays(EVERY_DAY) == "every day"
    assert format_weekdays(WEEKDAYS[:5]) == "weekdays"
    assert format_weekdays(("mon", "fri")) == "Mon, Fri"


def test_due_only_on_active_days_after_post_time() -> None:
    paris = DrillSchedule("Europe/Paris", time(9), WEEKDAYS[:5])
    assert paris.due_date(MONDAY_NOON) == date(2026, 3, 2)
    assert paris.due_date(datetime(2026, 3, 2, 7, 59, tzinfo=UTC)) is None  # 08:59 in Paris
    assert paris.due_date(datetime(2026, 3, 2, 8, 0, tzinfo=UTC)) == date(2026, 3, 2)
    assert paris.due_date(datetime(2026, 3, 7, 12, tzinfo=UTC)) is None  # Saturday
    # 23:30 UTC on Monday is already Tuesday in Paris: Tuesday's drill is not due before 09:00 there.
    assert paris.due_date(datetime(2026, 3, 2, 23, 30, tzinfo=UTC)) is None


def test_next_posts_skip_inactive_days() -> None:
    schedule = DrillSchedule("Europe/Paris", time(9), ("mon", "fri"))
    moments = schedule.next_post_moments(MONDAY_NOON, 3)
    assert moments == [datetime(2026, 3, 6, 8, tzinfo=UTC), datetime(2026, 3, 9, 8, tzinfo=UTC),
                       datetime(2026, 3, 13, 8, tzinfo=UTC)]


def test_post_moment_across_daylight_saving() -> None:
    paris = DrillSchedule("Europe/Paris", time(9), EVERY_DAY)
    assert paris.post_moment(date(2026, 3, 28)) == datetime(2026, 3, 28, 8, tzinfo=UTC)  # CET
    assert paris.post_moment(date(2026, 3, 29)) == datetime(2026, 3, 29, 7, tzinfo=UTC)  # CEST from today


def test_closes_at_next_post_or_after_close_hours() -> None:
    daily = DrillSchedule("UTC", time(9), EVERY_DAY)
    assert daily.closes_at(date(2026, 3, 2)) == datetime(2026, 3, 3, 9, tzinfo=UTC)
    weekly = DrillSchedule("UTC", time(9), ("mon",))
    assert weekly.closes_at(date(2026, 3, 2)) == datetime(2026, 3, 9, 9, tzinfo=UTC)
    short = DrillSchedule("UTC", time(9), EVERY_DAY, close_hours=6)
    assert short.closes_at(date(2026, 3, 2)) == datetime(2026, 3, 2, 15, tzinfo=UTC)
    # A late catch-up post still gets its hours, but never outlives the next post.
    assert short.closes_at(date(2026, 3, 2), opened_at=datetime(2026, 3, 2, 20, tzinfo=UTC)) == \
        datetime(2026, 3, 3, 2, tzinfo=UTC)
    assert short.closes_at(date(2026, 3, 2), opened_at=datetime(2026, 3, 2, 23, 59, tzinfo=UTC)) == \
        datetime(2026, 3, 3, 5, 59, tzinfo=UTC)


@given(st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2035, 1, 1)),
       st.sampled_from(["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"]),
       st.sets(st.sampled_from(WEEKDAYS), min_size=1), st.integers(0, 23), st.integers(0, 59))
def test_next_posts_are_future_active_and_ordered(moment, zone, days, hour, minute) -> None:
    now = moment.replace(tzinfo=UTC)
    schedule = DrillSchedule(zone, time(hour, minute), tuple(d for d in WEEKDAYS if d in days))
    moments = schedule.next_post_moments(now, 3)
    assert all(m > now for m in moments)
    assert moments == sorted(set(moments))
    assert all(schedule.is_active(schedule.local_date(m)) for m in moments)
    assert moments[0] - now <= timedelta(days=8)
    due = schedule.due_date(now)
    if due is not None:
        assert schedule.post_moment(due) <= now
        assert schedule.closes_at(due, opened_at=now) >= now
