"""Permission checks shared by the cogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import discord
from discord import app_commands

from cogs.errors import NotModerator

T = TypeVar("T")


async def is_moderator(interaction: discord.Interaction) -> bool:
    """Manage Server permission, or the guild's configured moderator role."""
    if interaction.guild is None or not isinstance(interaction.user, discord.Member):
        raise app_commands.NoPrivateMessage
    if interaction.user.guild_permissions.manage_guild:
        return True
    role_id = await interaction.client.services.guilds.moderator_role_id(interaction.guild.id)  # type: ignore[attr-defined]
    if role_id is not None and any(role.id == role_id for role in interaction.user.roles):
        return True
    raise NotModerator(
        "This command is for moderators: you need the Manage Server permission"
        + (" or the server's moderator role." if role_id else ".")
    )


def moderator_only() -> Callable[[T], T]:
    """Decorator for moderator-only app commands."""
    return app_commands.check(is_moderator)


