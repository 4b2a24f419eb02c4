"""SQL for per-learner settings: timezone, quiz pacing, and the daily reminder."""

from __future__ import annotations

from datetime import date, datetime

import aiosqlite
from pydantic import BaseModel

from bot.storage.db import Database, Transaction, from_db_time, to_db_time

_COLUMNS = (
    "user_id, timezone, new_cards_per_day, desired_retention, reminder_time, reminder_guild_id,"
    " next_reminder_at_utc, last_reminder_day, notice"
)


class UserSettingsRow(BaseModel):
    user_id: int
    timezone: str = "UTC"
    new_cards_per_day: int = 10
    desired_retention: float = 0.9
    reminder_time: str | None = None
    reminder_guild_id: int = 0
    next_reminder_at: datetime | None = None
    last_reminder_day: date | None = None
    notice: str | None = None


def _row(r: aiosqlite.Row) -> UserSettingsRow:
    return UserSettingsRow(
        user_id=r["user_id"], timezone=r["timezone"], new_cards_per_day=r["new_cards_per_day"],
        desired_retention=r["desired_retention"], reminder_time=r["reminder_time"],
        reminder_guild_id=r["reminder_guild_id"],
        next_reminder_at=from_db_time(r["next_reminder_at_utc"]) if r["next_reminder_at_utc"] else None,
        last_reminder_day=date.fromisoformat(r["last_reminder_day"]) if r["last_reminder_day"] else None,
        notice=r["notice"],
    )


class UsersRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, user_id: int, tx: Transaction | None = None) -> UserSettingsRow:
        source = tx or self._db
        row = await source.fetchone(f"SELECT {_COLUMNS} FROM user_settings WHERE user_id = ?", (user_id,))
        return _row(row) if row else UserSettingsRow(user_id=user_id)

    async def _ensure(self, tx: Transaction, user_id: int, now: datetime) -> None:
        await tx.execute(
            "INSERT INTO user_settings (user_id, created_at, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO NOTHING",
            (user_id, to_db_time(now), to_db_time(now)),
        )

    async def save_preferences(
        self, tx: Transaction, user_id: int, *, timezone: str, new_cards_per_day: int,
        desired_retention: float, next_reminder_at: datetime | None, now: datetime,
    ) -> None:
        await self._ensure(tx, user_id, now)
        await tx.execute(
            "UPDATE user_settings SET timezone = ?, new_cards_per_day = ?, desired_retention = ?,"
            " next_reminder_at_utc = ?, updated_at = ? WHERE user_id = ?",
            (timezone, new_cards_per_day, desired_retention,
             to_db_time(next_reminder_at) if next_reminder_at else None, to_db_time(now), user_id),
        )

    async def set_reminder(
        self, tx: Transaction, user_id: int, *, at: str, guild_id: int, next_at: datetime, now: datetime
    ) -> None:
        await self._ensure(tx, user_id, now)
        await tx.execute(
            "UPDATE user_settings SET reminder_time = ?, reminder_guild_id = ?, next_reminder_at_utc = ?,"
            " notice = NULL, updated_at = ? WHERE user_id = ?",
            (at, guild_id, to_db_time(next_at), to_db_time(now), user_id),
        )

    async def clear_reminder(self, tx: Transaction, user_id: int, *, notice: str | None, now: datetime) -> None:
        """Turn reminders off; `notice` (if any) is shown at the learner's next /quiz."""
        await tx.execute(
            "UPDATE user_settings SET reminder_time = NULL, next_reminder_at_utc = NULL,"
            " notice = COALESCE(?, notice), updated_at = ? WHERE user_id = ?",
            (notice, to_db_time(now), user_id),
        )

    async def due_reminders(self, now: datetime, limit: int) -> list[UserSettingsRow]:
        """Learners whose next reminder time has come (an index range scan), earliest first."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS} FROM user_settings"
            " WHERE next_reminder_at_utc IS NOT NULL AND next_reminder_at_utc <= ?"
            " ORDER BY next_reminder_at_utc LIMIT ?",
            (to_db_time(now), limit),
        )
        return [_row(row) for row in rows]

    async def claim_reminder(
        self, tx: Transaction, user_id: int, *, expected_at: datetime, next_at: datetime, day: date | None,
        now: datetime,
    ) -> bool:
        """Move the reminder on to `next_at`, recording `day` as reminded, only if nobody else did
        first (compare-and-set on the time read): a double run or a restart can claim a day once."""
        changed = await tx.execute(
            "UPDATE user_settings SET next_reminder_at_utc = ?, last_reminder_day = COALESCE(?, last_reminder_day),"
            " updated_at = ? WHERE user_id = ? AND next_reminder_at_utc = ?",
            (to_db_time(next_at), day.isoformat() if day else None, to_db_time(now), user_id,
             to_db_time(expected_at)),
        )
        return changed == 1

    async def take_notice(self, tx: Transaction, user_id: int) -> str | None:
        row = await tx.fetchone("SELECT notice FROM user_settings WHERE user_id = ?", (user_id,))
        if row is None or row["notice"] is None:
            return None
        await tx.execute("UPDATE user_settings SET notice = NULL WHERE user_id = ?", (user_id,))
        return str(row["notice"])
