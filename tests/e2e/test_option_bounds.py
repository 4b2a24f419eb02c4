"""Free-text options are bounded, so Discord refuses a pasted essay in the client; and should one get
through anyway, the refusal that echoes it still fits a message (2,000 characters) instead of failing
with HTTP 400 and leaving the user with "The application did not respond"."""

from __future__ import annotations

from typing import Any

from cogs.client import StudyCoachBot
from tests.e2e.conftest import World
from tests.support.fake_discord import FakeDiscord

STRING = 3


def string_options(command: dict[str, Any], path: str = "") -> list[tuple[str, dict[str, Any]]]:
    found = []
    for option in command.get("options") or []:
        name = f"{path}/{command['name']}"
        if option.get("type") in (1, 2):
            found += string_options(option, name)
        elif option.get("type") == STRING:
            found.append((f"{name} {option['name']}", option))
    return found


async def test_every_free_text_option_has_a_maximum_length(
    bot: StudyCoachBot, server: FakeDiscord, world: World
) -> None:
    options = [found for command in server.commands_for(world.guild).values() for found in string_options(command)]
    assert len(options) >= 7
    unbounded = [name for name, option in options if not option.get("choices") and not option.get("max_length")]
    assert unbounded == []
    assert all(option.get("max_length", 0) <= 100 for _, option in options)


async def test_an_oversized_value_is_still_refused_within_the_message_limit(
    bot: StudyCoachBot, server: FakeDiscord, world: World, no_errors
) -> None:
    essay = "core-rubrics/" + "x" * 3000  # what a client that ignored max_length could send
    refused = await server.slash(world.learner, world.guild, world.general, "quiz start", {"deck": essay})
    assert refused.ephemeral
    assert refused.content.startswith("There is no deck `core-rubrics/xxx")
    assert len(refused.content) <= 2000
    assert refused.content.endswith("…")
    await no_errors()
