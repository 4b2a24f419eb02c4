"""Start-up, sync, /help, /about, error replies and the moderator check, end to end."""

from __future__ import annotations

import logging

import discord
import pytest
from discord import app_commands

from tests.e2e.conftest import BotRunner, World

EPHEMERAL = 64


async def test_startup_syncs_commands_to_the_dev_guild(bot, server, world: World, no_errors) -> None:
    puts = [c for c in server.calls if c.method == "PUT" and c.path.endswith(f"/guilds/{world.guild.id}/commands")]
    assert len(puts) == 1
    names = {command["name"] for command in puts[0].json}
    assert {"help", "about", "settings"} <= names
    global_sync = f"/applications/{server.application_id}/commands"
    assert not [c for c in server.calls if c.method == "PUT" and c.path.endswith(global_sync)]
    await no_errors()


async def test_help_is_ephemeral_and_grouped(bot, server, world: World, no_errors) -> None:
    result = await server.slash(world.learner, world.guild, world.general, "help")
    assert result.ephemeral
    fields = {f["name"]: f["value"] for f in result.embed["fields"]}
    assert "`/help`" in fields["General"]
    assert "`/settings show`" in fields["Moderators"]
    assert "`/quiz start`" in fields["Quizzes"]
    assert "`/drill today`" in fields["Drills"]
    assert not any(value.endswith("…") for value in fields.values()), "a /help section was cut short"
    await no_errors()


async def test_about_lists_packs(bot, server, world: World, no_errors) -> None:
    result = await server.slash(world.learner, world.guild, world.general, "about")
    assert result.ephemeral
    assert "core-rubrics" in result.text
    assert "cards" in result.text
    await no_errors()


async def test_unexpected_error_is_logged_and_answered_ephemerally(
    runner: BotRunner, server, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    @app_commands.command(name="boom", description="Always fails.")
    async def boom(interaction: discord.Interaction) -> None:
        raise RuntimeError("kaboom")

    runner.before_start.append(lambda bot: bot.tree.add_command(boom))
    await runner.start()
    result = await server.slash(world.learner, world.guild, world.general, "boom")
    assert result.ephemeral
    assert "went wrong on our side" in result.content
    assert "kaboom" not in result.content  # no internals shown to users
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert len(errors) == 1
    assert f"user={world.learner.id}" in errors[0].getMessage()
    assert "what='boom'" in errors[0].getMessage()


async def test_domain_error_is_shown_without_logging_an_error(
    runner: BotRunner, server, world: World, no_errors
) -> None:
    from bot.errors import UserError

    @app_commands.command(name="picky", description="Refuses politely.")
    async def picky(interaction: discord.Interaction) -> None:
        raise UserError("That deck does not exist. Try /quiz decks.")

    runner.before_start.append(lambda bot: bot.tree.add_command(picky))
    await runner.start()
    result = await server.slash(world.learner, world.guild, world.general, "picky")
    assert result.ephemeral
    assert result.content == "That deck does not exist. Try /quiz decks."
    await no_errors()


async def test_moderator_only_command_refuses_a_learner(bot, server, world: World, no_errors) -> None:
    refused = await server.slash(world.learner, world.guild, world.general, "settings show")
    assert refused.ephemeral
    assert "for moderators" in refused.content
    allowed = await server.slash(world.moderator, world.guild, world.general, "settings show")
    assert allowed.ephemeral
    assert allowed.embed["title"] == "Server settings"
    await no_errors()


async def test_moderator_role_grants_moderation(bot, server, world: World, no_errors) -> None:
    helpers = world.guild.add_role("Helpers", 0)
    world.guild.member(world.learner.id).roles.append(helpers)
    await server.refresh_guild(world.guild)
    set_role = await server.slash(world.moderator, world.guild, world.general, "settings moderator-role",
                                  {"role": helpers})
    assert "Moderator role set" in set_role.content
    assert not set_role.message.mentioned_role_ids  # the confirmation pings nobody
    allowed = await server.slash(world.learner, world.guild, world.general, "settings show")
    assert allowed.embed["title"] == "Server settings"
    await no_errors()


async def test_restart_keeps_settings_and_does_not_sync_globally(runner: BotRunner, server, world: World) -> None:
    await runner.start()
    await server.slash(world.moderator, world.guild, world.general, "settings moderator-role",
                       {"role": world.mod_role})
    await runner.restart()
    shown = await server.slash(world.moderator, world.guild, world.general, "settings show")
    assert str(world.mod_role.id) in shown.text


async def test_close_stops_scheduler_and_closes_database(runner: BotRunner) -> None:
    bot = await runner.start()
    assert bot.scheduler.aps.running
    await runner.stop()  # what SIGTERM/SIGINT trigger in `studycoach run`
    assert not bot.scheduler.aps.running
    with pytest.raises(ValueError, match="no active connection"):
        await bot.services.db.fetchone("SELECT 1")
