"""A base modal whose errors are reported like commands' (through cogs.errors.reply_error).

Buttons and selects are DynamicItems (they must survive restarts); they route their errors with
`cogs.errors.answer_errors`.
"""

from __future__ import annotations

import discord

from cogs.errors import reply_error


class BaseModal(discord.ui.Modal):
    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await reply_error(interaction, error)
