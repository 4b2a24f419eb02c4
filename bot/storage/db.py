"""The SQLite connection: PRAGMAs, migrations, transactions, backup and integrity checks.

One connection per process. Writes go through `transaction()`, which holds an asyncio lock and
an IMMEDIATE transaction, so a multi-row change is atomic and writers never interleave.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str


@dataclass(frozen=True, slots=True)
class DatabaseHealth:
    integrity: str
    applied_version: int
    latest_version: int
    journal_mode: str

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and self.applied_version == self.latest_version


def bundled_migrations() -> list[Migration]:
    """The numbered SQL files shipped in bot/storage/migrations, in order."""
    folder = resources.files("bot.storage") / "migrations"
    migrations = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            migrations.append(Migration(int(match.group(1)), match.group(2), entry.read_text("utf-8")))
    migrations.sort(key=lambda m: m.version)
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"migration numbers must run 1, 2, 3 ... without gaps; found {versions}")
    return migrations


class _Reader:
    """Queries, the same whether run inside a transaction or not."""

    _conn: aiosqlite.Connection

    async def fetchone(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> aiosqlite.Row | None:
        async with self._conn.execute(sql, params) as cursor:
            return await cursor.fetchone()

    async def fetchall(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[aiosqlite.Row]:
        async with self._conn.execute(sql, params) as cursor:
            return list(await cursor.fetchall())


class Database(_Reader):
    """An open database. Create with `await Database.open(path)`; close with `await db.close()`."""

    def __init__(self, conn: aiosqlite.Connection, path: Path | str) -> None:
        self._conn = conn
        self.path = path
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str, *, migrate: bool = True) -> Database:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(str(path), isolation_level=None)
        conn.row_factory = aiosqlite.Row
        db = cls(conn, path)
        try:
            await db._configure()
            if migrate:
                await db.migrate()
        except BaseException:
            await conn.close()
            raise
        return db

    async def _configure(self) -> None:
        await self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        await self._conn.execute("PRAGMA journal_mode = WAL")
        await self._conn.execute("PRAGMA foreign_keys = ON")
        await self._conn.execute("PRAGMA synchronous = NORMAL")

    async def close(self) -> None:
        await self._conn.close()

    # -- migrations -------------------------------------------------------------------------

    async def applied_version(self) -> int:
        await self._conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        row = await self.fetchone("SELECT MAX(version) AS v FROM schema_migrations")
        return int(row["v"] or 0) if row else 0

    async def migrate(self, migrations: Sequence[Migration] | None = None) -> list[Migration]:
        """Apply the migrations not yet applied, each atomically. Returns those applied."""
        migrations = bundled_migrations() if migrations is None else list(migrations)
        current = await self.applied_version()
        if migrations and current > migrations[-1].version:
            raise RuntimeError(
                f"the database is at migration {current}, newer than this program knows "
                f"({migrations[-1].version}); upgrade studycoach"
            )
        applied = []
        async with self._write_lock:
            for migration in migrations:
                if migration.version <= current:
                    continue
                stamp = _utc_now_text()
                # One script, one transaction: a failing migration leaves no trace.
                script = (
                    "BEGIN IMMEDIATE;\n"
                    f"{migration.sql}\n;"
                    "INSERT INTO schema_migrations (version, name, applied_at) "
                    f"VALUES ({migration.version}, '{migration.name}', '{stamp}');\n"
                    "COMMIT;"
                )
                try:
                    await self._conn.executescript(script)
                except sqlite3.Error:
                    if self._conn.in_transaction:
                        await self._conn.execute("ROLLBACK")
                    raise
                log.info("applied migration %04d_%s", migration.version, migration.name)
                applied.append(migration)
        return applied

    # -- transactions -----------------------------------------------------------------------

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """An IMMEDIATE transaction: committed on exit, rolled back on any exception."""
        async with self._write_lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield Transaction(self._conn)
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            else:
                await self._conn.execute("COMMIT")

    @asynccontextmanager
    async def traced(self) -> AsyncIterator[list[str]]:
        """Record every statement run meanwhile, with its parameters inlined (for query-plan tests)."""
        statements: list[str] = []
        await self._conn.set_trace_callback(statements.append)
        try:
            yield statements
        finally:
            await self._conn.set_trace_callback(None)

    async def query_plan(self, sql: str) -> list[str]:
        """SQLite's plan for one statement (EXPLAIN QUERY PLAN), one line per step."""
        return [str(row["detail"]) for row in await self.fetchall(f"EXPLAIN QUERY PLAN {sql}")]

    # -- operations -------------------------------------------------------------------------

    async def backup(self, target: Path | str) -> None:
        """Copy the live database with SQLite's online backup API (safe while the bot runs)."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        async with aiosqlite.connect(str(target)) as dest:
            await self._conn.backup(dest)

    async def health(self) -> DatabaseHealth:
        rows = await self.fetchall("PRAGMA integrity_check")
        integrity = "; ".join(str(row[0]) for row in rows)
        mode = await self.fetchone("PRAGMA journal_mode")
        return DatabaseHealth(
            integrity=integrity,
            applied_version=await self.applied_version(),
            latest_version=bundled_migrations()[-1].version,
            journal_mode=str(mode[0]) if mode else "?",
        )


class Transaction(_Reader):
    """The handle repositories write through inside `Database.transaction()`."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        """Run one statement; returns the number of rows changed."""
        async with self._conn.execute(sql, params) as cursor:
            return cursor.rowcount

    async def insert(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> int:
        """Run an INSERT; returns the new row id."""
        async with self._conn.execute(sql, params) as cursor:
            return int(cursor.lastrowid or 0)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any] | dict[str, Any]]) -> None:
        await self._conn.executemany(sql, rows)


def _utc_now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def optional_filter(value: object, clause: str) -> tuple[str, tuple[object, ...]]:
    """`clause` (e.g. "AND deck_id = ?") with its parameter when `value` is given, else nothing.

    Instead of `(? IS NULL OR deck_id = ?)`: PostgreSQL cannot type a parameter that is only compared
    with NULL and refuses the statement, and the planner cannot use an index on the column.
    """
    return (clause, (value,)) if value is not None else ("", ())


def to_db_time(moment: datetime) -> str:
    """Stored times are UTC ISO-8601 text, which sorts chronologically."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: all stored times are UTC and timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def from_db_time(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
