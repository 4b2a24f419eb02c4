"""Structural rules from DESIGN.md, checked by parsing imports."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
COMPOSITION_ROOTS = {"bot/cli.py", "bot/__main__.py"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def core_modules() -> list[Path]:
    return sorted((REPO / "bot").rglob("*.py"))


def test_core_never_imports_discord() -> None:
    offenders = []
    for path in core_modules():
        rel = path.relative_to(REPO).as_posix()
        if rel in COMPOSITION_ROOTS:
            continue
        bad = {m for m in imported_modules(path) if m == "discord" or m.startswith(("discord.", "cogs"))}
        if bad:
            offenders.append(f"{rel}: {sorted(bad)}")
    assert not offenders, "bot/ must not import discord or cogs:\n" + "\n".join(offenders)


def test_sql_lives_in_storage_only() -> None:
    offenders = []
    for path in core_modules() + sorted((REPO / "cogs").rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        if rel.startswith("bot/storage/"):
            continue
        source = path.read_text(encoding="utf-8")
        if any(word in source for word in ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM")):
            offenders.append(rel)
    assert not offenders, "SQL belongs in bot/storage: " + ", ".join(offenders)


def test_domain_is_pure() -> None:
    """Domain code does no I/O and reads no clock: `now` is passed in."""
    io_modules = ("aiosqlite", "sqlite3", "aiohttp", "requests", "socket", "subprocess", "bot.storage")
    clock_reads = ("datetime.now(", "datetime.utcnow(", "time.time(", "date.today(")
    offenders = []
    for path in sorted((REPO / "bot" / "domain").rglob("*.py")):
        rel = path.relative_to(REPO)
        offenders += [f"{rel}: imports {m}" for m in imported_modules(path) if m.startswith(io_modules)]
        source = path.read_text(encoding="utf-8")
        offenders += [f"{rel}: {call}" for call in clock_reads if call in source]
    assert not offenders, offenders


def test_every_extension_loads_a_setup() -> None:
    from cogs.client import EXTENSIONS

    for name in EXTENSIONS:
        module = __import__(name, fromlist=["setup"])
        assert callable(module.setup), name
