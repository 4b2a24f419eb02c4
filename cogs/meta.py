"""/help and /about."""

from __future__ import annotations

from collections import defaultdict

import discord
from discord import app_commands
from discord.ext import commands

from cogs.client import StudyCoachBot
from cogs.render import about_embed, help_embed


class Meta(commands.Cog):
    help_section = "General"

    def __init__(self, bot: StudyCoachBot) -> None:
        self.bot = bot

    @app_commands.command(name="help", description="List the bot's commands, grouped by feature.")
    async def help(self, interaction: discord.Interaction) -> None:
        sections: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for command in self.bot.tree.walk_commands():
            if isinstance(command, app_commands.Group):
                continue
            section = getattr(command.binding, "help_section", "Other")
            sections[section].append((command.qualified_name, command.description))
        await interaction.response.send_message(embed=help_embed(sections), ephemeral=True)

    @app_commands.command(name="about", description="Version and the content packs loaded.")
    async def about(self, interaction: discord.Interaction) -> None:
        packs = await self.bot.services.content.packs()
        await interaction.response.send_message(embed=about_embed(self.bot.version, packs), ephemeral=True)


async def setup(bot: StudyCoachBot) -> None:
    await bot.add_cog(Meta(bot))
