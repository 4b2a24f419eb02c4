"""/remind end to end: opt in, the per-minute job (called directly, fixed clock), DMs, 403, Review now."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.settings import Settings
from cogs.client import StudyCoachBot
from tests.e2e.conftest import BotRunner, World
from tests.e2e.test_quiz import button, click_answer
from tests.services.test_quiz_content import use_quiz_cards
from tests.support.fake_discord import FakeDiscord


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    return use_quiz_cards(settings, tmp_path)


async def run_job(bot: StudyCoachBot):
    """What APScheduler calls every minute."""
    return await bot.get_cog("Remind").send_reminders()  # type: ignore[union-attr]


async def remind_at(server: FakeDiscord, world: World, time: str, user: object = None):
    return await server.slash(user or world.learner, world.guild, world.general, "remind set", {"time": time})


async def test_invalid_time_is_refused(bot, server, world: World, no_errors) -> None:
    refused = await remind_at(server, world, "7pm")
    assert refused.ephemeral
    assert "`7pm` is not a time: write it as HH:MM" in refused.content
    refused = await remind_at(server, world, "24:30")
    assert "hours go 00-23" in refused.content
    assert await bot.services.reminders.get(world.learner.id) is None
    await no_errors()


async def test_reminder_dm_is_sent_once_at_local_time(
    bot, server, world: World, clock: FixedClock, no_errors
) -> None:
    await server.slash(world.learner, world.guild, world.general, "quiz settings", {"timezone": "Europe/Berlin"})
    reply = await remind_at(server, world, "14:30")
    assert reply.ephemeral
    assert "**14:30** in **Europe/Berlin**" in reply.content
    assert await run_job(bot) is not None
    assert server.dm_messages(world.learner) == []  # 13:00 in Berlin: not yet

    clock.set(datetime(2026, 3, 2, 13, 30, 5, tzinfo=UTC))  # 14:30 in Berlin
    run = await run_job(bot)
    assert run.sent == [world.learner.id]
    (dm,) = server.dm_messages(world.learner)
    assert dm.content == "Time for your rubric quiz: 10 new cards are waiting."
    assert [b.label for b in dm.buttons] == ["Review now"]
    assert dm.buttons[0].custom_id == f"quiz:go:{world.learner.id}:{world.guild.id}"
    await run_job(bot)
    assert len(server.dm_messages(world.learner)) == 1  # a second run in the same minute sends nothing
    await no_errors()


async def test_closed_dms_switch_reminders_off_and_quiz_tells_the_learner(
    bot, server, world: World, clock: FixedClock, no_errors
) -> None:
    world.learner.user.dms_open = False
    await remind_at(server, world, "12:01")
    clock.set(datetime(2026, 3, 2, 12, 1, tzinfo=UTC))
    run = await run_job(bot)
    assert run.dms_closed == [world.learner.id]
    assert server.dm_messages(world.learner) == []
    assert await bot.services.reminders.get(world.learner.id) is None

    started = await server.slash(world.learner, world.guild, world.general, "quiz start")
    assert started.ephemeral
    assert "reminders are switched off" in started.content
    assert "Card 1 of 10" in started.embed["footer"]["text"]
    again = await server.slash(world.learner, world.guild, world.general, "quiz stats")
    assert not again.content  # told once
    await no_errors()


async def test_review_now_in_the_dm_after_a_restart(
    runner: BotRunner, server, world: World, clock: FixedClock, no_errors
) -> None:
    bot = await runner.start()
    await remind_at(server, world, "12:05")
    clock.set(datetime(2026, 3, 2, 12, 5, tzinfo=UTC))
    await run_job(bot)
    (dm,) = server.dm_messages(world.learner)

    bot = await runner.restart()
    refused = await server.click(world.other, dm, f"quiz:go:{world.learner.id}:{world.guild.id}")
    assert "belongs to someone else" in refused.content
    session = await server.click(world.learner, dm, f"quiz:go:{world.learner.id}:{world.guild.id}")
    assert session.type == 4
    assert not session.ephemeral  # a DM is private already
    assert session.message.channel_id == server.dm_channel(world.learner).id
    assert "Card 1 of 10" in session.embed["footer"]["text"]

    answered = await click_answer(server, bot, world.learner, session, correct=True)
    assert answered.embed["title"] == "Correct"
    nxt = await server.click(world.learner, answered.message, button(answered, "quiz:n:"))
    assert "Card 2 of 10" in nxt.embed["footer"]["text"]
    events = await bot.services.db.fetchall("SELECT guild_id, points FROM activity")
    assert [(e["guild_id"], e["points"]) for e in events] == [(world.guild.id, 2)]  # credited to the server
    await no_errors()


async def test_remind_off(bot, server, world: World, clock: FixedClock, no_errors) -> None:
    nothing = await server.slash(world.learner, world.guild, world.general, "remind off")
    assert nothing.content == "You had no daily reminder; nothing changed."
    await remind_at(server, world, "12:10")
    settings = await server.slash(world.learner, world.guild, world.general, "quiz settings")
    fields = {f["name"]: f["value"] for f in settings.embed["fields"]}
    assert fields["Daily reminder"].startswith("12:10 UTC")
    off = await server.slash(world.learner, world.guild, world.general, "remind off")
    assert off.ephemeral
    assert off.content == "Daily reminders are off."
    clock.set(datetime(2026, 3, 2, 12, 10, tzinfo=UTC))
    await run_job(bot)
    assert server.dm_messages(world.learner) == []
    await no_errors()


async def test_the_job_is_scheduled_every_minute(bot) -> None:
    job = bot.scheduler.aps.get_job("quiz-reminders")
    assert job is not None
    assert str(job.trigger) == "cron[minute='*']"
