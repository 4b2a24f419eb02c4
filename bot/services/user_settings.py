"""Per-learner settings: timezone (decides only which day it is), new cards per day, desired retention."""

from __future__ import annotations

from pydantic import BaseModel

from bot.clock import Clock
from bot.domain.local_time import parse_time_of_day, resolve_timezone, timezone_suggestions
from bot.domain.quiz_queue import MAX_NEW_PER_DAY
from bot.domain.reminders import next_occurrence
from bot.domain.srs import MAX_RETENTION, MIN_RETENTION
from bot.errors import UserError
from bot.storage.db import Database
from bot.storage.repositories.users import UserSettingsRow, UsersRepository


class UserSettings(BaseModel):
    user_id: int
    timezone: str
    new_cards_per_day: int
    desired_retention: float
    reminder_time: str | None

    @classmethod
    def of(cls, row: UserSettingsRow) -> UserSettings:
        return cls(
            user_id=row.user_id, timezone=row.timezone, new_cards_per_day=row.new_cards_per_day,
            desired_retention=row.desired_retention, reminder_time=row.reminder_time,
        )


class UserSettingsService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._repo = UsersRepository(db)

    async def get(self, user_id: int) -> UserSettings:
        return UserSettings.of(await self._repo.get(user_id))

    async def update(
        self, user_id: int, *, timezone: str | None = None, new_cards_per_day: int | None = None,
        desired_retention: float | None = None,
    ) -> UserSettings:
        """Change any of the quiz settings; invalid input changes nothing."""
        if new_cards_per_day is not None and not 0 <= new_cards_per_day <= MAX_NEW_PER_DAY:
            raise UserError(f"New cards per day must be between 0 and {MAX_NEW_PER_DAY}, not {new_cards_per_day}.")
        if desired_retention is not None and not MIN_RETENTION <= desired_retention <= MAX_RETENTION:
            raise UserError(
                f"Retention must be between {MIN_RETENTION:.2f} and {MAX_RETENTION:.2f} (0.90 recommended), "
                f"not {desired_retention:g}."
            )
        zone = resolve_timezone(timezone) if timezone is not None else None
        now = self._clock.now()
        async with self._db.transaction() as tx:
            row = await self._repo.get(user_id, tx)
            next_reminder = row.next_reminder_at
            if zone is not None and row.reminder_time is not None:
                # The reminder keeps its local time in the new zone.
                next_reminder = next_occurrence(
                    now, parse_time_of_day(row.reminder_time), zone, not_on=row.last_reminder_day
                )
            await self._repo.save_preferences(
                tx, user_id,
                timezone=zone.key if zone is not None else row.timezone,
                new_cards_per_day=row.new_cards_per_day if new_cards_per_day is None else new_cards_per_day,
                desired_retention=row.desired_retention if desired_retention is None else round(desired_retention, 3),
                next_reminder_at=next_reminder, now=now,
            )
        return await self.get(user_id)

    @staticmethod
    def timezone_choices(fragment: str, limit: int = 25) -> list[str]:
        """Timezone names for autocomplete (the same as the server settings offer)."""
        return timezone_suggestions(fragment, limit)
