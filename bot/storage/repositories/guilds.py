"""SQL for per-guild settings shared by every feature: the moderator role and the server's timezone."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from bot.storage.db import Database, Transaction, to_db_time


class GuildSettingsRow(BaseModel):
    guild_id: int
    moderator_role_id: int | None = None
    timezone: str = "UTC"


class GuildSettingsRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def get(self, guild_id: int) -> GuildSettingsRow:
        row = await self._db.fetchone(
            "SELECT guild_id, moderator_role_id, timezone FROM guild_settings WHERE guild_id = ?", (guild_id,)
        )
        if row is None:
            return GuildSettingsRow(guild_id=guild_id)
        return GuildSettingsRow(
            guild_id=row["guild_id"], moderator_role_id=row["moderator_role_id"], timezone=row["timezone"]
        )

    async def timezone(self, guild_id: int) -> str:
        return (await self.get(guild_id)).timezone

    async def set_moderator_role(self, tx: Transaction, guild_id: int, role_id: int | None, now: datetime) -> None:
        stamp = to_db_time(now)
        await tx.execute(
            """
            INSERT INTO guild_settings (guild_id, moderator_role_id, created_at, updated_at)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (guild_id) DO UPDATE SET
                moderator_role_id = excluded.moderator_role_id, updated_at = excluded.updated_at
            """,
            (guild_id, role_id, stamp, stamp),
        )

    async def set_timezone(self, tx: Transaction, guild_id: int, timezone: str, now: datetime) -> None:
        stamp = to_db_time(now)
        await tx.execute(
            """
            INSERT INTO guild_settings (guild_id, timezone, created_at, updated_at) VALUES (?, ?, ?, ?)
            ON CONFLICT (guild_id) DO UPDATE SET timezone = excluded.timezone, updated_at = excluded.updated_at
            """,
            (guild_id, timezone, stamp, stamp),
        )
