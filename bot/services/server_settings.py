"""Server settings for daily drills: where, when (local time, weekdays, timezone) and whom to ping.

The schedule's timezone is the server's timezone (guild_settings.timezone), shared with features
that need the server's day. Listeners (the drill scheduler) are told after every change, so jobs
follow the database.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from pydantic import BaseModel

from bot.clock import Clock
from bot.domain.drill_schedule import EVERY_DAY, DrillSchedule, format_weekdays, parse_weekdays
from bot.domain.local_time import parse_time_of_day, resolve_timezone
from bot.errors import UserError
from bot.storage.db import Database
from bot.storage.repositories.drills import DrillRepository, DrillSettingsRow, PostRow
from bot.storage.repositories.guilds import GuildSettingsRepository

log = logging.getLogger(__name__)

Listener = Callable[[int], Awaitable[None]]
MAX_CLOSE_HOURS = 24 * 7


class DrillSettingsView(BaseModel):
    guild_id: int
    channel_id: int
    post_time: str
    timezone: str
    weekdays: tuple[str, ...]
    weekdays_text: str
    ping_role_id: int | None = None
    close_hours: int | None = None
    enabled: bool = True
    next_post_at: datetime | None = None
    last_post_date: str | None = None
    last_post_status: str | None = None
    last_post_error: str | None = None


def schedule_of(row: DrillSettingsRow) -> DrillSchedule:
    return DrillSchedule(row.timezone, parse_time_of_day(row.post_time), row.weekdays, row.close_hours)


class ServerSettingsService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._repo = DrillRepository(db)
        self._guilds = GuildSettingsRepository(db)
        self._listeners: list[Listener] = []

    def on_drill_settings_change(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def remove_drill_settings_listener(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    async def drill_settings(self, guild_id: int) -> DrillSettingsView | None:
        row = await self._repo.get_settings(guild_id)
        if row is None:
            return None
        return self._view(row, await self._repo.latest_claimed(guild_id))

    async def set_drills(
        self, guild_id: int, *, channel_id: int, time: str, timezone: str | None = None, days: str | None = None,
        ping_role_id: int | None = None, close_hours: int | None = None, enabled: bool = True,
    ) -> DrillSettingsView:
        """Validate everything first (a bad value changes nothing), then save and tell the listeners."""
        post_time = parse_time_of_day(time)
        zone = resolve_timezone(timezone).key if timezone else await self._guilds.timezone(guild_id)
        weekdays = parse_weekdays(days) if days is not None else EVERY_DAY
        if close_hours is not None and not 1 <= close_hours <= MAX_CLOSE_HOURS:
            raise UserError(f"close_after must be between 1 and {MAX_CLOSE_HOURS} hours, not {close_hours}.")
        if ping_role_id is not None and ping_role_id == guild_id:
            raise UserError("The ping role cannot be @everyone: choose a role members can opt into.")
        row = DrillSettingsRow(
            guild_id=guild_id, channel_id=channel_id, post_time=post_time.strftime("%H:%M"), weekdays=weekdays,
            ping_role_id=ping_role_id, close_hours=close_hours, enabled=enabled, timezone=zone,
        )
        now = self._clock.now()
        async with self._db.transaction() as tx:
            await self._guilds.set_timezone(tx, guild_id, zone, now)
            await self._repo.save_settings(tx, row, now)
        log.info("guild %d: drills %s at %s %s on %s in channel %d", guild_id, "on" if enabled else "off",
                 row.post_time, zone, ",".join(weekdays), channel_id)
        for listener in self._listeners:
            try:
                await listener(guild_id)
            except Exception:  # the settings are saved; a listener's failure must not undo that
                log.exception("drill settings listener failed for guild %d", guild_id)
        view = await self.drill_settings(guild_id)
        assert view is not None
        return view

    async def all_drill_settings(self) -> list[DrillSettingsRow]:
        return await self._repo.all_settings()

    def _view(self, row: DrillSettingsRow, last: PostRow | None) -> DrillSettingsView:
        schedule = schedule_of(row)
        next_post = schedule.next_post_moments(self._clock.now(), 1)[0] if row.enabled else None
        return DrillSettingsView(
            guild_id=row.guild_id, channel_id=row.channel_id, post_time=row.post_time, timezone=row.timezone,
            weekdays=row.weekdays, weekdays_text=format_weekdays(row.weekdays), ping_role_id=row.ping_role_id,
            close_hours=row.close_hours, enabled=row.enabled, next_post_at=next_post,
            last_post_date=last.local_date.isoformat() if last else None,
            last_post_status=last.status if last else None,
            last_post_error=last.last_error if last and last.status != "posted" else None,
        )
