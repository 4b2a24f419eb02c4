"""Per-guild settings that every feature shares (the moderator role, the timezone)."""

from __future__ import annotations

from bot.clock import Clock
from bot.storage.db import Database
from bot.storage.repositories.guilds import GuildSettingsRepository, GuildSettingsRow


class GuildSettingsService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._repo = GuildSettingsRepository(db)
        self._clock = clock

    async def get(self, guild_id: int) -> GuildSettingsRow:
        return await self._repo.get(guild_id)

    async def moderator_role_id(self, guild_id: int) -> int | None:
        return (await self._repo.get(guild_id)).moderator_role_id

    async def set_moderator_role(self, guild_id: int, role_id: int | None) -> GuildSettingsRow:
        async with self._db.transaction() as tx:
            await self._repo.set_moderator_role(tx, guild_id, role_id, self._clock.now())
        return await self._repo.get(guild_id)
