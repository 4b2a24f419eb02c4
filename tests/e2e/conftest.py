"""End-to-end fixtures: a local Discord-compatible server and the real bot, built by the same
composition root as `studycoach run` (`bot.cli.create_bot`), on a temporary database."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

import pytest

from bot.cli import create_bot
from bot.clock import FixedClock
from bot.settings import Settings
from cogs.client import StudyCoachBot
from tests.support.fake_discord import FakeDiscord, FakeGuild, FakeUser, Perm, start_client, stop_client


@dataclass
class World:
    """One server with a moderator, two learners and two channels."""

    guild: FakeGuild
    general: object
    drills: object
    mod_role: object
    moderator: object
    learner: object
    other: object


@pytest.fixture
def world() -> World:
    guild = FakeGuild(name="Study Hall")
    general = guild.add_channel("general")
    drills = guild.add_channel("daily-drills")
    mod_role = guild.add_role("Mods", Perm.MANAGE_GUILD)
    moderator = guild.add_member(FakeUser("alice"), roles=[mod_role])
    learner = guild.add_member(FakeUser("bob"))
    other = guild.add_member(FakeUser("carol"))
    return World(guild, general, drills, mod_role, moderator, learner, other)


@pytest.fixture
async def server(world: World) -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord.running(guilds=[world.guild]) as fake:
        yield fake


@dataclass
class BotRunner:
    """Starts and restarts the real bot against the fake server; the database survives restarts."""

    server: FakeDiscord
    settings: Settings
    clock: FixedClock
    before_start: list[Callable[[StudyCoachBot], None]] = field(default_factory=list)
    bot: StudyCoachBot | None = None

    async def start(self) -> StudyCoachBot:
        bot = await create_bot(self.settings, self.clock)
        for hook in self.before_start:
            hook(bot)
        await start_client(bot, self.server.token)
        self.bot = bot
        return bot

    async def stop(self) -> None:
        if self.bot is not None:
            await stop_client(self.bot)
            self.bot = None

    async def restart(self) -> StudyCoachBot:
        await self.stop()
        return await self.start()


@pytest.fixture
async def runner(server: FakeDiscord, world: World, settings: Settings, clock: FixedClock) -> AsyncIterator[BotRunner]:
    settings.dev_guild_id = world.guild.id
    bot_runner = BotRunner(server, settings, clock)
    yield bot_runner
    await bot_runner.stop()


@pytest.fixture
async def bot(runner: BotRunner) -> StudyCoachBot:
    return await runner.start()


@pytest.fixture
def no_errors(caplog: pytest.LogCaptureFixture) -> Callable[[], Awaitable[None]]:
    """Call at the end of a test: errors in callbacks are only logged, so assert none were."""
    caplog.set_level(logging.INFO)

    async def check() -> None:
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert not errors, "\n".join(r.getMessage() for r in errors)

    return check
