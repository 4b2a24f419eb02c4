"""The command tree: errors from every app command end up in `cogs.errors.reply_error`."""

from __future__ import annotations

import discord
from discord import app_commands

from cogs.errors import reply_error


class StudyCoachTree(app_commands.CommandTree):
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await reply_error(interaction, error)
