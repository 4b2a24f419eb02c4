"""`studycoach console`: an offline REPL over the same services the Discord bot uses.

It reads commands line by line from stdin, so it works interactively and in scripts:
`printf 'preview core-rubrics/fa-001\\nquit\\n' | studycoach console`.
"""

from __future__ import annotations

import hashlib
import shlex
import sys
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import TextIO

from bot.domain.grading import format_grade_text, grade
from bot.domain.ranking import Ranking, RankingError
from bot.errors import StudyCoachError
from bot.services.container import Services
from bot.text_render import card_preview_text, drill_preview_text

Handler = Callable[[list[str]], Awaitable[None]]


def console_id(name: str) -> int:
    """A stable, Discord-sized id for a console guild or user name."""
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=7).digest(), "big") + 1


@dataclass(frozen=True)
class ConsoleCommand:
    usage: str
    summary: str
    handler: Handler


class Console:
    def __init__(
        self, services: Services, *, guild: str, user: str, stdin: TextIO | None = None, stdout: TextIO | None = None
    ) -> None:
        self.services = services
        self.guild_name, self.user_name = guild, user
        self.guild_id, self.user_id = console_id(f"guild:{guild}"), console_id(f"user:{user}")
        self._in = stdin or sys.stdin
        self._out = stdout or sys.stdout
        self._lines: Iterator[str] = iter(self._in.readline, "")
        self._running = True
        self.previewed_drill: str | None = None  # `grade` defaults to the last drill previewed
        self.commands: dict[str, ConsoleCommand] = {}
        self._register_core_commands()

    # -- I/O --------------------------------------------------------------------------------

    def say(self, text: str = "") -> None:
        print(text, file=self._out, flush=True)

    def ask(self, prompt: str) -> str | None:
        """One line from the user, or None at the end of input."""
        if self._in.isatty():
            self._out.write(prompt)
            self._out.flush()
        line = next(self._lines, None)
        return None if line is None else line.rstrip("\r\n")

    def ask_paragraph(self, prompt: str) -> str | None:
        """Lines until an empty line (or the end of input), joined with spaces."""
        self.say(prompt)
        lines: list[str] = []
        while (line := self.ask("… ")) is not None and line.strip():
            lines.append(line.strip())
        return " ".join(lines) if lines else None

    # -- commands ---------------------------------------------------------------------------

    def add_command(self, name: str, usage: str, summary: str, handler: Handler) -> None:
        self.commands[name] = ConsoleCommand(usage, summary, handler)

    def _register_core_commands(self) -> None:
        self.add_command("help", "help", "list the commands", self._help)
        self.add_command("quit", "quit", "leave the console (also: exit, Ctrl-D)", self._quit)
        self.add_command("packs", "packs", "the content packs loaded, with counts", self._packs)
        self.add_command("preview", "preview <pack>/<id>", "show a card or drill with its answer", self._preview)
        self.add_command(
            "grade", "grade [<pack>/<id>]", "grade a justification you paste for a drill (default: the last previewed)",
            self._grade,
        )

    async def _help(self, _: list[str]) -> None:
        self.say(f"studycoach console — you are {self.user_name!r} in server {self.guild_name!r}. Commands:")
        width = max(len(c.usage) for c in self.commands.values())
        for command in self.commands.values():
            self.say(f"  {command.usage.ljust(width)}  {command.summary}")

    async def _quit(self, _: list[str]) -> None:
        self._running = False

    async def _packs(self, _: list[str]) -> None:
        packs = await self.services.content.packs()
        if not packs:
            self.say("No content packs are loaded.")
        for pack in packs:
            self.say(f"{pack.id} v{pack.version} ({pack.license}): {pack.title} — "
                     f"{pack.decks} decks, {pack.cards} cards, {pack.drills} drills")

    async def _preview(self, args: list[str]) -> None:
        if len(args) != 1:
            self.say("usage: preview <pack>/<id>   e.g. preview core-rubrics/fa-001")
            return
        item = await self.services.content.get_item(args[0])
        if item.card is not None:
            self.say(card_preview_text(item.card, item.global_id))
        elif item.drill is not None:
            self.previewed_drill = item.global_id
            self.say(drill_preview_text(item.drill, item.global_id))

    async def _grade(self, args: list[str]) -> None:
        drill_id = args[0] if args else self.previewed_drill
        if drill_id is None:
            self.say("usage: grade <pack>/<id>   (or preview a drill first, then just: grade)")
            return
        drill = await self.services.content.get_drill(drill_id)
        labels = ", ".join(drill.labels)
        while True:
            ranking = self.ask(f"Your ranking of {labels}, best first (e.g. {' > '.join(drill.labels)}): ")
            if ranking is None:
                return
            try:
                Ranking.parse(ranking, drill.labels)
            except RankingError as exc:
                self.say(f"{exc}. The labels are {labels}.")
                continue
            break
        self.say(f"Ranking: {ranking.strip()}")
        text = self.ask_paragraph("Paste the justification, then an empty line:")
        if text is None:
            self.say("No justification given; nothing graded.")
            return
        result = grade(drill, ranking, text)
        self.say(format_grade_text(result, drill))

    # -- loop -------------------------------------------------------------------------------

    async def run(self) -> int:
        self.say("studycoach console. Type 'help' for commands, 'quit' to leave.")
        while self._running:
            line = self.ask("> ")
            if line is None:
                break
            await self.execute(line)
        return 0

    async def execute(self, line: str) -> None:
        try:
            words = shlex.split(line)
        except ValueError as exc:
            self.say(f"Cannot read that line: {exc}.")
            return
        if not words:
            return
        name, args = words[0].lower(), words[1:]
        name = {"exit": "quit", "?": "help"}.get(name, name)
        command = self.commands.get(name)
        if command is None:
            self.say(f"Unknown command {name!r}. Type 'help' for the list.")
            return
        try:
            await command.handler(args)
        except StudyCoachError as exc:
            self.say(str(exc))
