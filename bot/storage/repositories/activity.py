"""The activity ledger: append-only scored events plus their per-day aggregate.

Write through `record()` inside the transaction that stores the action itself (the review, the
attempt), so the ledger and the action can never disagree.

`local_day` is the day of the calendar the action belongs to: the learner's timezone for quiz
reviews (a personal habit), the server's timezone for drill attempts (one drill per server day).
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from bot.storage.db import Database, Transaction, optional_filter, to_db_time


class ActivityEvent(BaseModel):
    guild_id: int
    user_id: int
    kind: str
    ref: str
    points: int
    at_utc: datetime
    local_day: date


class ActivityRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def record(self, tx: Transaction, event: ActivityEvent) -> None:
        await tx.execute(
            "INSERT INTO activity (guild_id, user_id, kind, ref, points, at_utc, local_day)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (event.guild_id, event.user_id, event.kind, event.ref, event.points,
             to_db_time(event.at_utc), event.local_day.isoformat()),
        )
        await tx.execute(
            """
            INSERT INTO activity_daily (guild_id, user_id, local_day, points, events) VALUES (?, ?, ?, ?, 1)
            ON CONFLICT (guild_id, user_id, local_day) DO UPDATE SET
                points = activity_daily.points + excluded.points, events = activity_daily.events + 1
            """,
            (event.guild_id, event.user_id, event.local_day.isoformat(), event.points),
        )

    async def points_on_day(
        self, tx: Transaction | Database, *, guild_id: int, user_id: int, kind: str, local_day: date
    ) -> int:
        """Points a user earned with one kind of action on one local day (for daily caps)."""
        row = await tx.fetchone(
            "SELECT COALESCE(SUM(points), 0) AS total FROM activity"
            " WHERE user_id = ? AND kind = ? AND local_day = ? AND guild_id = ?",
            (user_id, kind, local_day.isoformat(), guild_id),
        )
        return int(row["total"]) if row else 0

    async def events(self, *, guild_id: int, user_id: int, kind: str | None = None) -> list[ActivityEvent]:
        of_kind, kinds = optional_filter(kind, "AND kind = ?")
        rows = await self._db.fetchall(
            "SELECT guild_id, user_id, kind, ref, points, at_utc, local_day FROM activity"
            f" WHERE guild_id = ? AND user_id = ? {of_kind} ORDER BY id",
            (guild_id, user_id, *kinds),
        )
        return [
            ActivityEvent(
                guild_id=r["guild_id"], user_id=r["user_id"], kind=r["kind"], ref=r["ref"], points=r["points"],
                at_utc=datetime.fromisoformat(r["at_utc"]), local_day=date.fromisoformat(r["local_day"]),
            )
            for r in rows
        ]
