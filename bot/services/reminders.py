"""Daily quiz reminders: opt in with a local time; one job per minute sends the ones that are due.

`send_due_reminders(now, notifier)` is the whole job: it reads the due learners through an index
(`next_reminder_at_utc`), claims each one's local day with a compare-and-set before sending (so a
double run or a restart never sends two reminders for one day), and sends through a `Notifier`
that the adapter implements (Discord DMs; a list in tests).
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, Field

from bot.clock import Clock
from bot.domain import srs
from bot.domain.local_time import local_day, parse_time_of_day, zone_or_utc
from bot.domain.reminders import next_occurrence
from bot.services.quiz import QuizService
from bot.storage.db import Database
from bot.storage.repositories.users import UsersRepository

log = logging.getLogger(__name__)

#: How many due reminders one run handles; the rest wait for the next minute.
BATCH = 500
MAX_LATENESS = timedelta(hours=2)
DMS_CLOSED_NOTICE = (
    "Your daily quiz reminders are switched off: I could not send you a direct message (your DMs "
    "are closed to me). Allow direct messages from server members, then run /remind set again."
)


class Delivery(StrEnum):
    SENT = "sent"
    DMS_CLOSED = "dms_closed"  # Discord answered 403: the learner does not accept our DMs
    FAILED = "failed"  # anything else; today's reminder is not retried


class Reminder(BaseModel):
    user_id: int
    guild_id: int  # where /remind set was run; a session started from the reminder is credited there
    due_count: int
    new_count: int


class Notifier(Protocol):
    async def send_reminder(self, reminder: Reminder) -> Delivery: ...


class ReminderRun(BaseModel):
    sent: list[int] = Field(default_factory=list)
    dms_closed: list[int] = Field(default_factory=list)
    failed: list[int] = Field(default_factory=list)
    skipped: list[int] = Field(default_factory=list)  # nothing to review, or the local day already passed


class ReminderSettings(BaseModel):
    time: str  # "HH:MM", local
    timezone: str
    next_at: datetime
    next_in: str


class ReminderService:
    def __init__(self, db: Database, clock: Clock, quiz: QuizService) -> None:
        self._db = db
        self._clock = clock
        self._quiz = quiz
        self._users = UsersRepository(db)

    async def set_reminder(self, user_id: int, guild_id: int | None, at: str) -> ReminderSettings:
        """Remind the learner daily at local time `at` ("HH:MM", in their /quiz settings timezone)."""
        clock_time = parse_time_of_day(at)
        now = self._clock.now()
        text = clock_time.strftime("%H:%M")
        async with self._db.transaction() as tx:
            row = await self._users.get(user_id, tx)
            tz = zone_or_utc(row.timezone)
            next_at = next_occurrence(now, clock_time, tz, not_on=row.last_reminder_day)
            await self._users.set_reminder(tx, user_id, at=text, guild_id=guild_id or 0, next_at=next_at, now=now)
        return ReminderSettings(time=text, timezone=tz.key, next_at=next_at,
                                next_in=srs.describe_interval(next_at - now))

    async def turn_off(self, user_id: int) -> bool:
        """Stop the reminders; returns whether they were on."""
        async with self._db.transaction() as tx:
            row = await self._users.get(user_id, tx)
            if row.reminder_time is None:
                return False
            await self._users.clear_reminder(tx, user_id, notice=None, now=self._clock.now())
        return True

    async def get(self, user_id: int) -> ReminderSettings | None:
        row = await self._users.get(user_id)
        if row.reminder_time is None or row.next_reminder_at is None:
            return None
        now = self._clock.now()
        return ReminderSettings(time=row.reminder_time, timezone=zone_or_utc(row.timezone).key,
                                next_at=row.next_reminder_at, next_in=srs.describe_interval(row.next_reminder_at - now))

    async def send_due_reminders(self, now: datetime, notifier: Notifier, *, batch: int = BATCH) -> ReminderRun:
        """The per-minute job: send every reminder whose time has come, at most once per local day."""
        run = ReminderRun()
        for row in await self._users.due_reminders(now, batch):
            assert row.reminder_time is not None
            assert row.next_reminder_at is not None
            tz = zone_or_utc(row.timezone)
            scheduled = row.next_reminder_at
            day = local_day(scheduled, tz)  # the local day this reminder belongs to
            # After downtime, a reminder more than a little late is skipped, not sent at an odd hour.
            missed = now - scheduled > MAX_LATENESS or row.last_reminder_day == day
            next_at = next_occurrence(now, parse_time_of_day(row.reminder_time), tz,
                                      not_on=max(day, row.last_reminder_day or day))
            async with self._db.transaction() as tx:
                claimed = await self._users.claim_reminder(
                    tx, row.user_id, expected_at=scheduled, next_at=next_at, day=None if missed else day, now=now
                )
            if not claimed:
                continue  # another run got there first
            if missed:
                run.skipped.append(row.user_id)
                continue
            due, new = await self._quiz.waiting_counts(row.user_id, now)
            if due + new == 0:  # nothing to review: no reminder today
                run.skipped.append(row.user_id)
                continue
            delivery = await self._deliver(notifier, Reminder(
                user_id=row.user_id, guild_id=row.reminder_guild_id, due_count=due, new_count=new
            ))
            if delivery is Delivery.SENT:
                run.sent.append(row.user_id)
            elif delivery is Delivery.DMS_CLOSED:
                async with self._db.transaction() as tx:
                    await self._users.clear_reminder(tx, row.user_id, notice=DMS_CLOSED_NOTICE, now=now)
                run.dms_closed.append(row.user_id)
            else:
                run.failed.append(row.user_id)
        if run.sent or run.dms_closed or run.failed:
            log.info("reminders: %d sent, %d to closed DMs (switched off), %d failed, %d skipped",
                     len(run.sent), len(run.dms_closed), len(run.failed), len(run.skipped))
        return run

    @staticmethod
    async def _deliver(notifier: Notifier, reminder: Reminder) -> Delivery:
        try:
            return await notifier.send_reminder(reminder)
        except Exception:
            # One learner's failure must not stop the others' reminders.
            log.exception("sending the reminder to user %d failed", reminder.user_id)
            return Delivery.FAILED
