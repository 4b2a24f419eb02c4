"""Daily reminders and learner settings on a real database: the per-minute job with a fixed clock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.errors import UserError
from bot.services.container import Services
from bot.services.reminders import DMS_CLOSED_NOTICE, Delivery, Reminder
from bot.settings import Settings
from tests.services.test_quiz_content import use_quiz_cards

LEARNER, OTHER, GUILD = 101, 202, 9


class RecordingNotifier:
    """The job's `Notifier`: records what would be sent and answers as told per user."""

    def __init__(self, answers: dict[int, Delivery] | None = None, raises: set[int] | None = None) -> None:
        self.sent: list[Reminder] = []
        self.answers = answers or {}
        self.raises = raises or set()

    async def send_reminder(self, reminder: Reminder) -> Delivery:
        await asyncio.sleep(0)  # let a concurrent run interleave here, as a real HTTP call would
        if reminder.user_id in self.raises:
            raise RuntimeError("network down")
        self.sent.append(reminder)
        return self.answers.get(reminder.user_id, Delivery.SENT)


@pytest.fixture
async def services(settings: Settings, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Services]:
    opened = await Services.open(use_quiz_cards(settings, tmp_path), clock)
    try:
        yield opened
    finally:
        await opened.close()


async def test_set_reminder_uses_the_learners_timezone(services: Services) -> None:
    await services.users.update(LEARNER, timezone="Europe/Berlin")
    reminder = await services.reminders.set_reminder(LEARNER, GUILD, "18:30")
    assert (reminder.time, reminder.timezone) == ("18:30", "Europe/Berlin")
    assert reminder.next_at == datetime(2026, 3, 2, 17, 30, tzinfo=UTC)  # clock: 12:00 UTC = 13:00 Berlin
    assert reminder.next_in == "in 6 hours"  # 5.5 hours, rounded
    early = await services.reminders.set_reminder(LEARNER, GUILD, "7:05")
    assert (early.time, early.next_at) == ("07:05", datetime(2026, 3, 3, 6, 5, tzinfo=UTC))


@pytest.mark.parametrize("bad", ["25:00", "7pm", "12:5", ""])
async def test_invalid_reminder_time_is_refused_and_changes_nothing(services: Services, bad: str) -> None:
    with pytest.raises(UserError, match=r"HH:MM|hours go"):
        await services.reminders.set_reminder(LEARNER, GUILD, bad)
    assert await services.reminders.get(LEARNER) is None


async def test_job_sends_once_per_local_day(services: Services, clock: FixedClock) -> None:
    await services.reminders.set_reminder(LEARNER, GUILD, "13:00")
    notifier = RecordingNotifier()
    assert (await services.reminders.send_due_reminders(clock.now(), notifier)).sent == []
    clock.set(datetime(2026, 3, 2, 13, 0, 20, tzinfo=UTC))
    run = await services.reminders.send_due_reminders(clock.now(), notifier)
    assert run.sent == [LEARNER]
    assert notifier.sent == [Reminder(user_id=LEARNER, guild_id=GUILD, due_count=0, new_count=10)]
    for _ in range(3):  # the same minute again, and the next minutes: nothing more today
        assert (await services.reminders.send_due_reminders(clock.now(), notifier)).sent == []
        clock.advance(timedelta(minutes=1))
    # Moving the reminder later the same day must not send a second one today.
    later = await services.reminders.set_reminder(LEARNER, GUILD, "20:00")
    assert later.next_at == datetime(2026, 3, 3, 20, 0, tzinfo=UTC)
    clock.set(datetime(2026, 3, 3, 20, 0, tzinfo=UTC))
    assert (await services.reminders.send_due_reminders(clock.now(), notifier)).sent == [LEARNER]
    assert len(notifier.sent) == 2


async def test_concurrent_runs_send_one_reminder(services: Services, clock: FixedClock) -> None:
    await services.reminders.set_reminder(LEARNER, GUILD, "13:00")
    clock.set(datetime(2026, 3, 2, 13, 0, tzinfo=UTC))
    notifier = RecordingNotifier()
    await asyncio.gather(*(services.reminders.send_due_reminders(clock.now(), notifier) for _ in range(3)))
    assert len(notifier.sent) == 1


async def test_reminder_counts_due_cards(services: Services, clock: FixedClock) -> None:
    step = await services.quiz.start_session(LEARNER, GUILD)
    await services.quiz.answer(step.session_id, LEARNER, 0, sorted(step.card.card.correct_indexes))  # type: ignore[union-attr]
    await services.reminders.set_reminder(LEARNER, GUILD, "13:00")
    clock.set(datetime(2026, 3, 2, 13, 0, tzinfo=UTC))
    notifier = RecordingNotifier()
    await services.reminders.send_due_reminders(clock.now(), notifier)
    assert (notifier.sent[0].due_count, notifier.sent[0].new_count) == (1, 9)


async def test_nothing_to_review_sends_nothing_but_moves_on(services: Services, clock: FixedClock) -> None:
    await services.users.update(LEARNER, new_cards_per_day=0)
    await services.reminders.set_reminder(LEARNER, GUILD, "13:00")
    clock.set(datetime(2026, 3, 2, 13, 0, tzinfo=UTC))
    notifier = RecordingNotifier()
    run = await services.reminders.send_due_reminders(clock.now(), notifier)
    assert (run.sent, run.skipped, notifier.sent) == ([], [LEARNER], [])
    reminder = await services.reminders.get(LEARNER)
    assert reminder is not None
    assert reminder.next_at == datetime(2026, 3, 3, 13, 0, tzinfo=UTC)


async def test_after_long_downtime_a_stale_reminder_is_skipped(services: Services, clock: FixedClock) -> None:
    await services.reminders.set_reminder(LEARNER, GUILD, "13:00")
    clock.set(datetime(2026, 3, 2, 17, 0, tzinfo=UTC))  # the bot was down from 12:30 to 17:00
    notifier = RecordingNotifier()
    run = await services.reminders.send_due_reminders(clock.now(), notifier)
    assert (run.skipped, notifier.sent) == ([LEARNER], [])
    clock.set(datetime(2026, 3, 3, 13, 0, tzinfo=UTC))
    assert (await services.reminders.send_due_reminders(clock.now(), notifier)).sent == [LEARNER]


async def test_closed_dms_switch_reminders_off_and_quiz_says_so_once(services: Services, clock: FixedClock) -> None:
    await services.reminders.set_reminder(LEARNER, GUILD, "13:00")
    await services.reminders.set_reminder(OTHER, GUILD, "13:00")
    clock.set(datetime(2026, 3, 2, 13, 0, tzinfo=UTC))
    notifier = RecordingNotifier(answers={LEARNER: Delivery.DMS_CLOSED})
    run = await services.reminders.send_due_reminders(clock.now(), notifier)
    assert (run.dms_closed, run.sent) == ([LEARNER], [OTHER])
    assert await services.reminders.get(LEARNER) is None
    assert await services.reminders.get(OTHER) is not None
    step = await services.quiz.start_session(LEARNER, GUILD)
    assert step.notice == DMS_CLOSED_NOTICE
    assert (await services.quiz.start_session(LEARNER, GUILD)).notice is None  # told once
    clock.set(datetime(2026, 3, 3, 13, 0, tzinfo=UTC))
    await services.reminders.send_due_reminders(clock.now(), notifier)
    assert [r.user_id for r in notifier.sent].count(LEARNER) == 1


async def test_one_failing_send_does_not_stop_the_others(services: Services, clock: FixedClock) -> None:
    await services.reminders.set_reminder(LEARNER, GUILD, "13:00")
    await services.reminders.set_reminder(OTHER, GUILD, "13:00")
    clock.set(datetime(2026, 3, 2, 13, 0, tzinfo=UTC))
    run = await services.reminders.send_due_reminders(clock.now(), RecordingNotifier(raises={LEARNER}))
    assert (run.failed, run.sent) == ([LEARNER], [OTHER])
    assert await services.reminders.get(LEARNER) is not None  # a transient failure keeps reminders on


async def test_reminders_follow_local_time_across_dst(services: Services, clock: FixedClock) -> None:
    await services.users.update(LEARNER, timezone="America/New_York")
    clock.set(datetime(2026, 3, 7, 12, 0, tzinfo=UTC))
    await services.reminders.set_reminder(LEARNER, GUILD, "19:00")
    notifier = RecordingNotifier()
    sent_at = []
    for minute in range(60 * 48):
        now = datetime(2026, 3, 7, 12, 0, tzinfo=UTC) + timedelta(minutes=minute)
        if (await services.reminders.send_due_reminders(now, notifier)).sent:
            sent_at.append(now)
    assert sent_at == [datetime(2026, 3, 8, 0, 0, tzinfo=UTC), datetime(2026, 3, 8, 23, 0, tzinfo=UTC)]


async def test_changing_timezone_keeps_the_reminders_local_time(services: Services) -> None:
    await services.reminders.set_reminder(LEARNER, GUILD, "18:00")
    await services.users.update(LEARNER, timezone="Asia/Tokyo")
    reminder = await services.reminders.get(LEARNER)
    assert reminder is not None
    assert reminder.next_at == datetime(2026, 3, 3, 9, 0, tzinfo=UTC)  # 18:00 JST


async def test_remind_off(services: Services, clock: FixedClock) -> None:
    assert not await services.reminders.turn_off(LEARNER)
    await services.reminders.set_reminder(LEARNER, GUILD, "13:00")
    assert await services.reminders.turn_off(LEARNER)
    clock.set(datetime(2026, 3, 2, 13, 0, tzinfo=UTC))
    notifier = RecordingNotifier()
    await services.reminders.send_due_reminders(clock.now(), notifier)
    assert notifier.sent == []


async def test_the_job_reads_due_reminders_through_the_index(services: Services) -> None:
    plan = await services.db.fetchall(
        "EXPLAIN QUERY PLAN SELECT user_id FROM user_settings"
        " WHERE next_reminder_at_utc IS NOT NULL AND next_reminder_at_utc <= ? ORDER BY next_reminder_at_utc",
        ("2026-03-02T13:00:00+00:00",),
    )
    assert any("user_settings_next_reminder" in row["detail"] for row in plan)


# -- learner settings ---------------------------------------------------------------------


async def test_settings_defaults_and_updates(services: Services) -> None:
    settings = await services.users.get(LEARNER)
    assert (settings.timezone, settings.new_cards_per_day, settings.desired_retention) == ("UTC", 10, 0.9)
    updated = await services.users.update(LEARNER, timezone="Asia/Kolkata", new_cards_per_day=15,
                                          desired_retention=0.85)
    assert (updated.timezone, updated.new_cards_per_day, updated.desired_retention) == ("Asia/Kolkata", 15, 0.85)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"timezone": "Mars/Olympus"}, "not a timezone I know"),
        ({"timezone": "Europe/Berln"}, "Did you mean `Europe/Berlin`"),
        ({"timezone": "../../etc/passwd"}, "not a timezone I know"),
        ({"desired_retention": 0.99}, "between 0.80 and 0.95"),
        ({"new_cards_per_day": -1}, "between 0 and 50"),
    ],
)
async def test_invalid_settings_are_refused_and_change_nothing(
    services: Services, change: dict[str, object], message: str
) -> None:
    with pytest.raises(UserError, match=message):
        await services.users.update(LEARNER, **change)  # type: ignore[arg-type]
    settings = await services.users.get(LEARNER)
    assert (settings.timezone, settings.new_cards_per_day, settings.desired_retention) == ("UTC", 10, 0.9)


def test_timezone_choices_for_autocomplete(services: Services) -> None:
    assert "America/New_York" in services.users.timezone_choices("new y")
    assert services.users.timezone_choices("berlin") == ["Europe/Berlin"]
    assert len(services.users.timezone_choices("")) <= 25
    assert len(services.users.timezone_choices("a")) == 25
