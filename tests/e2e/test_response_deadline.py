"""Discord's 3-second rule: work that may be slow (grading, statistics over many rows) is acknowledged
first. Each test slows the service down past a tightened deadline; a command that answered only after
the work would get "Unknown interaction" and the learner would see "The application did not respond"."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from bot.clock import FixedClock
from cogs.client import StudyCoachBot
from tests.e2e.conftest import World
from tests.e2e.test_drill_flow import TEXT, configure, open_form, post_now
from tests.support.fake_discord import FakeDiscord

DEADLINE = 0.15  # seconds: stands in for Discord's 3
DELAY = 0.3  # the slowed service takes this long


def slow_down(monkeypatch: pytest.MonkeyPatch, service: object, name: str) -> None:
    original: Callable[..., Awaitable[Any]] = getattr(service, name)

    async def slow(*args: object, **kwargs: object) -> Any:
        await asyncio.sleep(DELAY)
        return await original(*args, **kwargs)

    monkeypatch.setattr(service, name, slow)


@pytest.mark.parametrize(("command", "service", "method", "title"), [
    ("drill history", "drill_attempts", "history", "Your last drills"),
    ("drill stats", "drill_attempts", "stats", "Your drill statistics"),
    ("quiz stats", "quiz", "stats", "Your quiz statistics"),
])
async def test_slow_commands_defer_then_answer_privately(
    bot: StudyCoachBot, server: FakeDiscord, world: World, monkeypatch: pytest.MonkeyPatch, no_errors,
    command: str, service: str, method: str, title: str,
) -> None:
    slow_down(monkeypatch, getattr(bot.services, service), method)
    server.interaction_deadline = DEADLINE
    result = await server.slash(world.learner, world.guild, world.general, command)
    assert result.deferred
    assert result.ephemeral
    assert result.embed["title"] == title
    await no_errors()


async def test_a_slow_grading_is_acknowledged_before_it_runs(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, monkeypatch: pytest.MonkeyPatch,
    no_errors,
) -> None:
    await configure(server, world)
    post = await post_now(bot, server, clock, world)
    write = await open_form(server, world.learner, post)

    slow_down(monkeypatch, bot.services.drill_attempts, "submit")
    server.interaction_deadline = DEADLINE
    result = await server.submit_modal(world.learner, write, values={"drill:justification": TEXT})
    assert result.deferred
    assert result.ephemeral
    assert "/100" in result.embeds[0]["title"]
    await no_errors()


async def test_a_refusal_after_the_defer_is_still_private(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, no_errors,
) -> None:
    """A too-short justification is refused by the service after the acknowledgement: the refusal
    fills the deferred reply, privately, and nothing is saved."""
    await configure(server, world)
    post = await post_now(bot, server, clock, world)
    write = await open_form(server, world.learner, post)
    short = await server.submit_modal(world.learner, write, values={"drill:justification": "x" * 39}, force=True)
    assert short.deferred
    assert short.ephemeral
    assert "write 40 to 1500" in short.content
    assert await bot.services.drill_attempts.history(world.guild.id, world.learner.id) == []
    await no_errors()
