"""Builds the console with every feature's commands (the console's composition root)."""

from __future__ import annotations

from bot.console import Console
from bot.services.container import Services


def build_console(services: Services, *, guild: str, user: str) -> Console:
    return Console(services, guild=guild, user=user)
