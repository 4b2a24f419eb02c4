"""The error path of commands and components that have no refusal of their own: when something
unexpected fails inside, the user gets one private, plain apology (never the exception or a traceback)
and the operator gets one ERROR record naming the interaction. Deferred commands answer through the
follow-up; components and the modal answer like commands (discord.py would only log their errors)."""

from __future__ import annotations

import logging
import sys

import pytest

from bot.clock import FixedClock
from cogs.client import StudyCoachBot
from cogs.errors import UNEXPECTED
from tests.e2e.conftest import World
from tests.e2e.test_drill_flow import TEXT, configure, open_form, post_now
from tests.e2e.test_quiz import answer_button, start
from tests.support.fake_discord import FakeDiscord, InteractionResult

SECRET = "OperationalError: disk I/O error in /srv/studycoach/data/studycoach.db"


def explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError(SECRET)


async def fails(*args: object, **kwargs: object) -> None:
    explode()


def assert_apologised(result: InteractionResult, caplog: pytest.LogCaptureFixture, what: str) -> None:
    assert result.ephemeral
    assert result.content == UNEXPECTED
    assert "Traceback" not in result.text
    assert SECRET not in result.text
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1, [r.getMessage() for r in errors]
    assert what in errors[0].getMessage()
    assert errors[0].exc_info is not None  # the operator gets the traceback, in the log


@pytest.mark.parametrize(("command", "service", "method"), [
    ("about", "content", "packs"),
    ("quiz decks", "quiz", "decks"),
    ("quiz stats", "quiz", "stats"),
    ("remind off", "reminders", "turn_off"),
    ("drill history", "drill_attempts", "history"),
    ("drill stats", "drill_attempts", "stats"),
])
async def test_a_command_that_fails_apologises_privately(
    bot: StudyCoachBot, server: FakeDiscord, world: World, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture, command: str, service: str, method: str,
) -> None:
    caplog.set_level(logging.INFO)
    monkeypatch.setattr(getattr(bot.services, service), method, fails)
    result = await server.slash(world.learner, world.guild, world.general, command)
    assert_apologised(result, caplog, f"what={command!r}")


async def test_help_that_fails_to_render_apologises_privately(
    bot: StudyCoachBot, server: FakeDiscord, world: World, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    meta = sys.modules[type(bot.get_cog("Meta")).__module__]  # the module discord.py loaded the cog from
    monkeypatch.setattr(meta, "help_embed", explode)
    result = await server.slash(world.learner, world.guild, world.general, "help")
    assert_apologised(result, caplog, "what='help'")


async def test_a_quiz_button_that_fails_apologises_privately(
    bot: StudyCoachBot, server: FakeDiscord, world: World, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    started = await start(server, world, deck=None)
    monkeypatch.setattr(bot.services.quiz, "answer", fails)
    result = await server.click(world.learner, started.message, answer_button(started, 0))
    assert_apologised(result, caplog, "what='quiz:a:")
    assert started.message.embed["footer"]["text"].startswith("Card 1 of")  # the card is still there to answer


async def test_drill_start_and_justification_that_fail_apologise_privately(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    await configure(server, world)
    post = await post_now(bot, server, clock, world)
    write = await open_form(server, world.learner, post)

    with monkeypatch.context() as patch:
        patch.setattr(bot.services.drill_attempts, "start_post", fails)
        result = await server.click(world.other, post, r"drill:start:\d+")
        assert_apologised(result, caplog, "what='drill:start:")
    caplog.clear()

    monkeypatch.setattr(bot.services.drill_attempts, "submit", fails)
    result = await server.submit_modal(world.learner, write, values={"drill:justification": TEXT})
    assert result.deferred  # the apology fills the acknowledged reply
    assert_apologised(result, caplog, "what='drill:justify:")
