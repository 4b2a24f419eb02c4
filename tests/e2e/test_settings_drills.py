"""/settings drills and /settings show end to end: moderators only, validation that changes nothing,
the channel permission check, autocomplete."""

from __future__ import annotations

from bot.clock import FixedClock
from cogs.client import StudyCoachBot
from tests.e2e.conftest import World
from tests.e2e.test_drill_flow import configure
from tests.support.fake_discord import FakeDiscord, Perm


async def test_moderator_schedules_drills_and_sees_them(
    bot: StudyCoachBot, server: FakeDiscord, world: World, no_errors
) -> None:
    result = await configure(server, world, time="18:30", timezone="Europe/Paris", days="weekdays")
    assert result.ephemeral
    assert "Daily drills scheduled: 18:30 Europe/Paris, weekdays" in result.content
    assert not result.message.mentioned_role_ids
    assert bot.drill_scheduler is not None
    assert f"drills:post:{world.guild.id}" in bot.drill_scheduler.job_ids()
    shown = await server.slash(world.moderator, world.guild, world.general, "settings show")
    assert shown.embeds[0]["title"] == "Server settings"
    drills = shown.embeds[1]
    assert drills["title"] == "Daily drills"
    values = {f["name"]: f["value"] for f in drills["fields"]}
    assert values["Channel"] == f"<#{world.drills.id}>"
    assert values["Time"] == "18:30 Europe/Paris, weekdays"
    assert "Europe/Paris" in shown.embeds[0]["fields"][1]["value"]  # the server's timezone follows
    await no_errors()


async def test_learner_cannot_change_drill_settings(
    bot: StudyCoachBot, server: FakeDiscord, world: World, no_errors
) -> None:
    refused = await server.slash(world.learner, world.guild, world.general, "settings drills",
                                 {"channel": world.drills, "time": "09:00"})
    assert refused.ephemeral
    assert "for moderators" in refused.content
    assert await bot.services.server_settings.drill_settings(world.guild.id) is None
    await no_errors()


async def test_channel_without_send_or_embed_permission_is_refused(
    bot: StudyCoachBot, server: FakeDiscord, world: World, no_errors
) -> None:
    world.drills.deny(server.bot, Perm.SEND_MESSAGES | Perm.EMBED_LINKS)
    await server.refresh_guild(world.guild)
    refused = await configure(server, world)
    assert refused.ephemeral
    assert "missing Send Messages, Embed Links" in refused.content
    assert "Nothing was changed" in refused.content
    assert await bot.services.server_settings.drill_settings(world.guild.id) is None
    world.general.deny(server.bot, Perm.EMBED_LINKS)
    await server.refresh_guild(world.guild)
    refused = await configure(server, world, channel=world.general)
    assert "missing Embed Links" in refused.content
    await no_errors()


async def test_bad_values_are_refused_with_the_fix(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    everyone = world.guild.role(world.guild.id)
    for options, message in (({"timezone": "Mars/Olympus"}, "IANA"), ({"time": "25:99"}, "HH:MM"),
                             ({"days": "funday"}, "mon,wed,fri"), ({"ping_role": everyone}, "@everyone")):
        refused = await configure(server, world, **options)
        assert refused.ephemeral
        assert message in refused.content
    assert await bot.services.server_settings.drill_settings(world.guild.id) is None
    assert server.messages_in(world.drills) == []
    await no_errors()


async def test_timezone_and_days_autocomplete(bot: StudyCoachBot, server: FakeDiscord, world: World) -> None:
    zones = await server.autocomplete(world.moderator, world.guild, world.general, "settings drills",
                                      {"channel": world.drills, "time": "09:00", "timezone": "paris"})
    assert [c["value"] for c in zones] == ["Europe/Paris"]
    common = await server.autocomplete(world.moderator, world.guild, world.general, "settings drills",
                                       {"channel": world.drills, "time": "09:00", "timezone": ""})
    assert "UTC" in [c["value"] for c in common]
    days = await server.autocomplete(world.moderator, world.guild, world.general, "settings drills",
                                     {"channel": world.drills, "time": "09:00", "days": "week"})
    assert [c["value"] for c in days] == ["weekdays", "weekends"]


async def test_unmentionable_ping_role_is_named_with_a_warning(
    bot: StudyCoachBot, server: FakeDiscord, world: World, no_errors
) -> None:
    quiet = world.guild.add_role("Quiet", 0, mentionable=False)
    await server.refresh_guild(world.guild)
    result = await configure(server, world, ping_role=quiet)
    assert "not mentionable" in result.content
    assert not result.message.mentioned_role_ids
    await no_errors()


async def test_a_post_that_fails_is_shown_to_moderators(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    await configure(server, world)
    world.drills.deny(server.bot, Perm.SEND_MESSAGES)  # permissions changed after the setup
    await server.refresh_guild(world.guild)
    from tests.e2e.test_drill_flow import POST_TIME

    clock.set(POST_TIME)
    assert bot.drill_scheduler is not None
    outcome = await bot.drill_scheduler.run_post_job(world.guild.id)
    assert outcome is not None
    assert outcome.status == "failed"
    shown = await server.slash(world.moderator, world.guild, world.general, "settings show")
    failed = {f["name"]: f["value"] for f in shown.embeds[1]["fields"]}
    (reason,) = [value for name, value in failed.items() if name.startswith("Last post")]
    assert reason.startswith(f"Discord refused the post in <#{world.drills.id}>: I need View Channel, Send Messages")
    assert "Forbidden" not in reason  # words a moderator can act on, not an exception
    # Fixing the permission and saving the settings again posts the same day's drill.
    world.drills.overwrites.clear()
    await server.refresh_guild(world.guild)
    await configure(server, world)
    assert len(server.messages_in(world.drills, include_ephemeral=False)) == 1
    await no_errors()
