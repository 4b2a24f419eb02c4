"""The Discord client: loads the feature cogs, registers persistent items, owns the scheduler."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot import __version__
from bot.drill_scheduling import DrillScheduler
from bot.scheduling import Scheduler
from bot.services.container import Services
from cogs.drill_ui import DRILL_DYNAMIC_ITEMS
from cogs.tree import StudyCoachTree
from cogs.ui.quiz_views import QUIZ_DYNAMIC_ITEMS

log = logging.getLogger(__name__)

#: One extension per feature; each defines `async def setup(bot)`.
EXTENSIONS = ("cogs.meta", "cogs.settings", "cogs.quiz", "cogs.remind", "cogs.drills")


class StudyCoachBot(commands.Bot):
    def __init__(self, services: Services, *, sync_only: bool = False, **options: object) -> None:
        intents = discord.Intents.none()
        intents.guilds = True  # no privileged intents
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            help_command=None,
            tree_cls=StudyCoachTree,
            allowed_mentions=discord.AllowedMentions.none(),
            activity=discord.Game(name="/help · rank, justify, learn"),
            **options,  # type: ignore[arg-type]
        )
        self.services = services
        self.scheduler = Scheduler()
        self.sync_only = sync_only
        self.version = __version__
        self.drill_scheduler: DrillScheduler | None = None

    async def setup_hook(self) -> None:
        for extension in EXTENSIONS:
            await self.load_extension(extension)
        self.add_dynamic_items(*QUIZ_DYNAMIC_ITEMS)
        self.add_dynamic_items(*DRILL_DYNAMIC_ITEMS)
        if self.sync_only:
            return
        self.scheduler.start()
        from cogs.drills import start_drill_jobs  # the extension module, loaded above

        self.drill_scheduler = await start_drill_jobs(self)
        guild_id = self.services.settings.dev_guild_id
        if guild_id:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
            log.info("synced %d commands to dev guild %d", len(synced), guild_id)

    async def sync_commands(self, guild_id: int | None) -> int:
        """Publish the command tree to one guild (instant) or globally (may take up to an hour)."""
        if guild_id:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            return len(await self.tree.sync(guild=guild))
        return len(await self.tree.sync())

    async def on_ready(self) -> None:
        log.info("ready as %s in %d guild(s)", self.user, len(self.guilds))

    async def close(self) -> None:
        """Stop scheduling, disconnect, then close the database (the bot owns its services)."""
        if self.drill_scheduler is not None:
            self.drill_scheduler.stop()
        self.scheduler.shutdown()
        await super().close()
        await self.services.close()
