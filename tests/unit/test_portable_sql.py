"""Repositories write SQL that PostgreSQL also accepts where it costs nothing (DESIGN.md: a PostgreSQL
backend is planned). Catches the SQLite-only habits by reading the repository sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPOSITORIES = sorted((Path(__file__).resolve().parents[2] / "bot" / "storage" / "repositories").glob("*.py"))
SQLITE_ONLY = {
    r"INSERT\s+OR\s+(IGNORE|REPLACE)|REPLACE\s+INTO": "use INSERT ... ON CONFLICT (...) DO NOTHING / DO UPDATE",
    r"\?\s+IS\s+(NOT\s+)?NULL": "PostgreSQL cannot type such a parameter: add the filter only when given "
                                "(bot.storage.db.optional_filter)",
    r"\b(IFNULL|GLOB|JULIANDAY|STRFTIME|DATE|DATETIME|PRINTF|INSTR|GROUP_CONCAT)\s*\(": "a SQLite-only function",
    r"\b(rowid|ROWID|LAST_INSERT_ROWID|CHANGES)\b": "SQLite's row bookkeeping",
}


@pytest.mark.parametrize("path", REPOSITORIES, ids=lambda p: p.name)
def test_repositories_use_no_sqlite_only_sql(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    found = [f"{path.name}: /{pattern}/: {why}" for pattern, why in SQLITE_ONLY.items()
             if re.search(pattern, source)]  # SQL is written in capitals here; prose is not
    assert not found, found
