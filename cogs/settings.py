"""/settings: per-server configuration for moderators."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from cogs.checks import moderator_only
from cogs.client import StudyCoachBot
from cogs.drill_render import drill_settings_embed
from cogs.drill_ui import configure_drills, days_autocomplete, timezone_autocomplete
from cogs.options import DaysText, TimeText, TimezoneText
from cogs.render import guild_settings_embed


@app_commands.guild_only()
class Settings(commands.GroupCog, group_name="settings", group_description="Server settings (moderators)."):
    help_section = "Moderators"

    def __init__(self, bot: StudyCoachBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="show", description="Show this server's studycoach settings.")
    @moderator_only()
    async def show(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        settings = await self.bot.services.guilds.get(interaction.guild_id)
        drills = await self.bot.services.server_settings.drill_settings(interaction.guild_id)
        await interaction.response.send_message(
            embeds=[guild_settings_embed(settings), drill_settings_embed(drills)], ephemeral=True
        )

    @app_commands.command(name="drills", description="Schedule the daily ranking drill: channel, time, days.")
    @app_commands.describe(
        channel="Where the drill is posted", time="Local post time, HH:MM (24-hour clock)",
        timezone="IANA timezone, e.g. Europe/Paris (default: the server's current one)",
        days="every day, weekdays, weekends, or e.g. mon,wed,fri (default: every day)",
        ping_role="The only role the post mentions (optional)",
        close_after="Close and reveal this many hours after posting (default: when the next drill is posted)",
        enabled="False pauses the drills and keeps the settings",
    )
    @app_commands.autocomplete(timezone=timezone_autocomplete, days=days_autocomplete)
    @moderator_only()
    async def drills(
        self, interaction: discord.Interaction, channel: discord.TextChannel, time: TimeText,
        timezone: TimezoneText | None = None, days: DaysText | None = None, ping_role: discord.Role | None = None,
        close_after: app_commands.Range[int, 1, 168] | None = None, enabled: bool = True,
    ) -> None:
        await configure_drills(self.bot, interaction, channel=channel, time=time, timezone=timezone, days=days,
                               ping_role=ping_role, close_after=close_after, enabled=enabled)

    @app_commands.command(name="moderator-role", description="Set (or clear) the role that may moderate studycoach.")
    @app_commands.describe(role="Members with this role count as moderators; leave empty to clear it.")
    @moderator_only()
    async def moderator_role(self, interaction: discord.Interaction, role: discord.Role | None = None) -> None:
        assert interaction.guild_id is not None
        settings = await self.bot.services.guilds.set_moderator_role(interaction.guild_id, role.id if role else None)
        note = f"Moderator role set to {role.mention}." if role else "Moderator role cleared."
        await interaction.response.send_message(note, embed=guild_settings_embed(settings), ephemeral=True)


async def setup(bot: StudyCoachBot) -> None:
    await bot.add_cog(Settings(bot))
