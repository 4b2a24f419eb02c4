"""The `studycoach` command line, and the composition root that wires the bot together.

This is the only module under `bot/` allowed to import the Discord adapter (`cogs`), and it
does so lazily, inside the commands that need Discord.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from bot import __version__
from bot.clock import Clock
from bot.log import setup_logging
from bot.settings import Settings, SettingsError, load_settings

if TYPE_CHECKING:
    from cogs.client import StudyCoachBot

log = logging.getLogger("studycoach")

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


# -- composition root ----------------------------------------------------------------------


async def create_bot(
    settings: Settings, clock: Clock | None = None, *, sync_only: bool = False, **client_options: object
) -> StudyCoachBot:
    """Open the services and build the Discord client around them (as `studycoach run` does)."""
    from bot.services.container import Services
    from cogs.client import StudyCoachBot

    services = await Services.open(settings, clock, sync_content=not sync_only)
    return StudyCoachBot(services, sync_only=sync_only, **client_options)


async def _run(settings: Settings) -> int:
    import discord

    token = settings.token()
    bot = await create_bot(settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, lambda s=sig: _shutdown(bot, s))
    try:
        async with bot:
            await bot.start(token)
    except discord.LoginFailure:
        print("DISCORD_TOKEN was rejected by Discord: copy a fresh token from the developer portal "
              "(Bot > Reset Token).", file=sys.stderr)
        return EXIT_USAGE
    except discord.PrivilegedIntentsRequired:
        print("Discord refused the connection over intents; studycoach needs no privileged intents, "
              "so check that you are running an unmodified build.", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK


def _shutdown(bot: StudyCoachBot, sig: signal.Signals) -> None:
    log.info("received %s: shutting down", sig.name)
    asyncio.ensure_future(bot.close())  # noqa: RUF006 - the loop ends when the bot closes


async def _sync(settings: Settings, guild_id: int | None) -> int:
    token = settings.token()
    bot = await create_bot(settings, sync_only=True)
    async with bot:
        await bot.login(token)
        count = await bot.sync_commands(guild_id)
    where = f"guild {guild_id}" if guild_id else "all servers (global; Discord may take up to an hour)"
    print(f"Synced {count} commands to {where}.")
    return EXIT_OK


async def _console(settings: Settings, guild: str, user: str) -> int:
    from bot.console_app import build_console
    from bot.services.container import Services

    services = await Services.open(settings)
    try:
        console = build_console(services, guild=guild, user=user)
        return await console.run()
    finally:
        await services.close()


# -- content -------------------------------------------------------------------------------


def _content_paths(settings_paths: Sequence[Path], given: Sequence[str]) -> list[Path]:
    return [Path(p) for p in given] if given else list(settings_paths)


def _content_validate(paths: list[Path]) -> int:
    from bot.domain.grading import author_check
    from bot.packs.validator import validate_paths

    report = validate_paths(paths, extra_drill_checks=[author_check])
    for issue in report.issues:
        print(issue)
    summary = (f"{len(report.packs)} pack(s), {sum(len(p.cards) for p in report.packs)} cards, "
               f"{sum(len(p.drills) for p in report.packs)} drills")
    if report.issues:
        print(f"{len(report.issues)} problem(s) in {summary}.", file=sys.stderr)
        return EXIT_FAIL
    print(f"OK: {summary}.")
    return EXIT_OK


def _content_stats(paths: list[Path], as_json: bool) -> int:
    from bot.packs.loader import load_packs
    from bot.packs.stats import content_stats, format_stats_text

    packs, issues = load_packs(paths)
    for issue in issues:
        print(issue, file=sys.stderr)
    stats = content_stats(packs)
    print(json.dumps(stats, indent=2, sort_keys=True) if as_json else format_stats_text(stats))
    return EXIT_FAIL if issues else EXIT_OK


def _grade(settings: Settings, input_path: str, output_path: str | None, explain: bool) -> int:
    from bot.packs.loader import load_packs
    from bot.services.grading import run_grade

    packs, _issues = load_packs(list(settings.content_dirs))
    drills = {f"{pack.id}/{drill.id}": drill for pack in packs for drill in pack.drills}
    source = sys.stdin if input_path == "-" else Path(input_path).open(encoding="utf-8")  # noqa: SIM115
    target = sys.stdout if output_path in (None, "-") else Path(output_path).open("w", encoding="utf-8")  # noqa: SIM115
    try:
        for line in run_grade(source, drills.get, explain=explain):
            target.write(line.rstrip("\n") + "\n")
    finally:
        if source is not sys.stdin:
            source.close()
        if target is not sys.stdout:
            target.close()
    return EXIT_OK


# -- database ------------------------------------------------------------------------------


async def _db(settings: Settings, action: str, path: str | None) -> int:
    from bot.storage.db import Database, bundled_migrations

    db = await Database.open(settings.database_path, migrate=False)
    try:
        if action == "migrate":
            applied = await db.migrate()
            level = await db.applied_version()
            print(f"Applied {len(applied)} migration(s); the database is at level {level}.")
        elif action == "backup":
            assert path is not None
            await db.backup(path)
            print(f"Backed up {settings.database_path} to {path}.")
        else:
            health = await db.health()
            latest = bundled_migrations()[-1].version
            print(f"integrity: {health.integrity}")
            print(f"migrations: {health.applied_version} of {latest} applied")
            print(f"journal mode: {health.journal_mode}")
            return EXIT_OK if health.ok else EXIT_FAIL
    finally:
        await db.close()
    return EXIT_OK


# -- argument parsing ----------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studycoach",
        description="A Discord study coach for AI trainers. Settings come from the environment or .env.",
    )
    parser.add_argument("--version", action="version", version=f"studycoach {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    sub.add_parser("run", help="run the Discord bot (needs DISCORD_TOKEN)")

    console = sub.add_parser("console", help="try the bot offline in the terminal")
    console.add_argument("--guild", default="console", help="server name to act in (default: console)")
    console.add_argument("--user", default="you", help="your user name (default: you)")

    sync = sub.add_parser("sync", help="publish the slash commands to Discord")
    sync.add_argument("--guild", type=int, metavar="ID", help="sync to one server instantly instead of globally")

    content = sub.add_parser("content", help="validate content packs and show statistics")
    content_sub = content.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    validate = content_sub.add_parser("validate", help="check packs; prints FILE:LINE: errors; exit 1 on any")
    validate.add_argument("paths", nargs="*", metavar="PATH", help="pack folders or files (default: content dirs)")
    stats = content_sub.add_parser("stats", help="counts of cards and drills by deck, domain, dimension ...")
    stats.add_argument("paths", nargs="*", metavar="PATH")
    stats.add_argument("--json", action="store_true", help="print JSON")

    grade = sub.add_parser("grade", help="grade justifications from a JSONL file")
    grade.add_argument("--input", required=True, metavar="FILE", help="JSONL input ('-' for stdin)")
    grade.add_argument("--output", metavar="FILE", help="JSONL output (default: stdout)")
    grade.add_argument("--explain", action="store_true", help="print readable feedback instead of JSON")

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser("migrate", help="apply pending migrations")
    backup = db_sub.add_parser("backup", help="copy the live database safely")
    backup.add_argument("path", metavar="PATH")
    db_sub.add_parser("check", help="integrity check and migration level")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        setup_logging(settings.log_level if args.command in ("run", "sync") else "WARNING")
        return _dispatch(args, settings)
    except SettingsError as exc:
        print(exc, file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    match args.command:
        case "run":
            settings.token()  # fail fast, before opening anything
            return asyncio.run(_run(settings))
        case "console":
            return asyncio.run(_console(settings, args.guild, args.user))
        case "sync":
            settings.token()
            return asyncio.run(_sync(settings, args.guild))
        case "content":
            paths = _content_paths(settings.content_dirs, args.paths)
            if args.content_command == "validate":
                return _content_validate(paths)
            return _content_stats(paths, args.json)
        case "grade":
            return _grade(settings, args.input, args.output, args.explain)
        case "db":
            return asyncio.run(_db(settings, args.db_command, getattr(args, "path", None)))
    raise AssertionError(args.command)  # pragma: no cover - argparse restricts the choices
