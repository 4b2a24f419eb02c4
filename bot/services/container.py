"""The services a running bot (or the console) uses, built from the settings in one place."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.clock import Clock, SystemClock
from bot.services.content import ContentService
from bot.services.drill_attempts import DrillAttemptService
from bot.services.drill_posts import DrillPostService
from bot.services.guilds import GuildSettingsService
from bot.services.quiz import QuizService
from bot.services.reminders import ReminderService
from bot.services.server_settings import ServerSettingsService
from bot.services.user_settings import UserSettingsService
from bot.settings import Settings
from bot.storage.db import Database

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    clock: Clock
    db: Database
    content: ContentService
    guilds: GuildSettingsService
    users: UserSettingsService
    quiz: QuizService
    reminders: ReminderService
    server_settings: ServerSettingsService
    drill_posts: DrillPostService
    drill_attempts: DrillAttemptService
    _closed: bool = False

    @classmethod
    async def open(cls, settings: Settings, clock: Clock | None = None, *, sync_content: bool = True) -> Services:
        """Open the database (migrating it) and load the configured content packs."""
        clock = clock or SystemClock()
        db = await Database.open(settings.database_path)
        services = cls(
            settings=settings,
            clock=clock,
            db=db,
            content=ContentService(db, clock),
            guilds=GuildSettingsService(db, clock),
            users=UserSettingsService(db, clock),
            quiz=(quiz := QuizService(db, clock)),
            reminders=ReminderService(db, clock, quiz),
            server_settings=ServerSettingsService(db, clock),
            drill_posts=(drill_posts := DrillPostService(db, clock)),
            drill_attempts=DrillAttemptService(db, clock, drill_posts),
        )
        if sync_content:
            await services.content.sync_dirs(list(settings.content_dirs))
        return services

    async def close(self) -> None:
        if not self._closed:
            self._closed = True
            await self.db.close()
