"""Base views and modals that route their errors to the same place as commands."""

from __future__ import annotations

from typing import Any

import discord

from bot.errors import PermissionDenied
from cogs.errors import reply_error


class BaseView(discord.ui.View):
    """A view that only `owner_id` may use (when set) and whose errors are reported like commands'."""

    def __init__(self, *, owner_id: int | None = None, timeout: float | None = 180) -> None:
        super().__init__(timeout=timeout)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if self.owner_id is not None and interaction.user.id != self.owner_id:
            await reply_error(interaction, PermissionDenied(
                "These buttons belong to someone else's session. Start your own with the command."
            ))
            return False
        return True

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item[Any]) -> None:
        await reply_error(interaction, error)


class BaseModal(discord.ui.Modal):
    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        await reply_error(interaction, error)
