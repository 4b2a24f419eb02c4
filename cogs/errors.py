"""The one place that turns errors into ephemeral replies (commands, buttons, selects, modals)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable

import discord
from discord import app_commands

from bot.errors import StudyCoachError

log = logging.getLogger("studycoach.errors")

CONTENT_MAX = 2000
UNEXPECTED = "Something went wrong on our side. It has been logged; please try again in a moment."


class NotModerator(app_commands.CheckFailure):
    """Raised by the moderator check; its message is shown to the user."""


def user_message(error: BaseException) -> str | None:
    """The message to show for an expected error, or None if the error is unexpected."""
    # Transformers and commands wrap our domain errors; show the domain message.
    if isinstance(error, app_commands.TransformerError) and isinstance(error.__cause__, StudyCoachError):
        return str(error.__cause__)
    original = getattr(error, "original", error)
    if isinstance(original, StudyCoachError):
        return str(original)
    if isinstance(error, NotModerator):
        return str(error)
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command only works inside a server."
    if isinstance(error, app_commands.MissingPermissions):
        return "You need the " + ", ".join(p.replace("_", " ").title() for p in error.missing_permissions) + \
            " permission for this."
    if isinstance(error, app_commands.BotMissingPermissions):
        return "I am missing the " + ", ".join(
            p.replace("_", " ").title() for p in error.missing_permissions
        ) + " permission here. Ask a server admin to grant it."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: try again in {error.retry_after:.0f} s."
    if isinstance(error, app_commands.TransformerError):
        return f"`{error.value}` is not a valid {error.type.name.lower()} here."
    if isinstance(error, app_commands.CheckFailure):
        return "You can't use this here."
    return None


def describe(interaction: discord.Interaction) -> str:
    """The interaction's context for logs: who, where, what."""
    what = interaction.command.qualified_name if interaction.command else None
    if what is None and interaction.data:
        what = interaction.data.get("custom_id") or interaction.data.get("name")
    return (
        f"interaction={interaction.id} type={interaction.type.name} what={what!r} "
        f"user={interaction.user.id} guild={interaction.guild_id} channel={interaction.channel_id}"
    )


async def reply_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Answer the interaction ephemerally with what went wrong; log what we did not expect."""
    message = user_message(error)
    if message is None:
        original = getattr(error, "original", error)
        log.error("unexpected error in %s", describe(interaction), exc_info=original)
        message = UNEXPECTED
    else:
        log.info("refused %s: %s", describe(interaction), message)
    if len(message) > CONTENT_MAX:  # a refusal may echo what the user typed
        message = message[: CONTENT_MAX - 1] + "…"
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not send the error reply for %s", describe(interaction), exc_info=True)


async def answer_errors(interaction: discord.Interaction, work: Awaitable[None]) -> None:
    """Run a component's or modal's callback; discord.py would only log its errors, so answer them like
    commands' (the command tree sends those to `reply_error` itself)."""
    try:
        await work
    except Exception as exc:  # noqa: BLE001 - reply_error logs what is unexpected and answers the user
        await reply_error(interaction, exc)
