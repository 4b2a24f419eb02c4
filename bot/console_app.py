"""Builds the console with every feature's commands (the console's composition root)."""

from __future__ import annotations

from typing import TextIO

from bot.console import Console
from bot.console_drills import register_drill_commands
from bot.console_quiz import register_quiz_commands
from bot.services.container import Services


def build_console(
    services: Services, *, guild: str, user: str, stdin: TextIO | None = None, stdout: TextIO | None = None
) -> Console:
    console = Console(services, guild=guild, user=user, stdin=stdin, stdout=stdout)
    register_quiz_commands(console)
    register_drill_commands(console)
    return console
