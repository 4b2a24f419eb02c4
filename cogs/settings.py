"""/settings: per-server configuration for moderators."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from cogs.checks import moderator_only
from cogs.client import StudyCoachBot
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
        await interaction.response.send_message(embed=guild_settings_embed(settings), ephemeral=True)

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
