from pathlib import Path

import pytest

from bot.storage.db import Database, Migration, bundled_migrations


async def test_migrations_apply_once_and_record_level(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite"
    db = await Database.open(path)
    latest = bundled_migrations()[-1].version
    assert await db.applied_version() == latest
    assert await db.migrate() == []  # nothing pending
    await db.close()
    reopened = await Database.open(path)
    assert await reopened.applied_version() == latest
    await reopened.close()


async def test_pragmas(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "db.sqlite")
    try:
        assert (await db.fetchone("PRAGMA journal_mode"))[0] == "wal"
        assert (await db.fetchone("PRAGMA foreign_keys"))[0] == 1
        assert (await db.fetchone("PRAGMA busy_timeout"))[0] >= 1000
    finally:
        await db.close()


async def test_failed_migration_leaves_no_trace(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "db.sqlite", migrate=False)
    good = Migration(1, "good", "CREATE TABLE a (x INTEGER);")
    bad = Migration(2, "bad", "CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);")
    with pytest.raises(Exception, match="nowhere"):
        await db.migrate([good, bad])
    assert await db.applied_version() == 1
    assert await db.fetchone("SELECT name FROM sqlite_master WHERE name = 'b'") is None
    await db.close()


async def test_newer_database_is_refused(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "db.sqlite")
    async with db.transaction() as tx:  # as if a newer studycoach had migrated this file
        await tx.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 'x')")
    with pytest.raises(RuntimeError, match="upgrade studycoach"):
        await db.migrate()
    await db.close()


async def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "db.sqlite")
    with pytest.raises(RuntimeError):  # noqa: PT012 - the error must happen inside the transaction
        async with db.transaction() as tx:
            await tx.execute(
                "INSERT INTO guild_settings (guild_id, created_at, updated_at) VALUES (1, 'x', 'x')"
            )
            raise RuntimeError
    assert await db.fetchall("SELECT * FROM guild_settings") == []
    await db.close()


async def test_backup_and_health(tmp_path: Path) -> None:
    db = await Database.open(tmp_path / "db.sqlite")
    async with db.transaction() as tx:
        await tx.execute("INSERT INTO guild_settings (guild_id, created_at, updated_at) VALUES (7, 'x', 'x')")
    await db.backup(tmp_path / "backup" / "copy.sqlite")
    health = await db.health()
    assert health.ok
    assert health.integrity == "ok"
    await db.close()
    copy = await Database.open(tmp_path / "backup" / "copy.sqlite")
    assert [row["guild_id"] for row in await copy.fetchall("SELECT guild_id FROM guild_settings")] == [7]
    await copy.close()


def test_migration_files_are_numbered_without_gaps() -> None:
    versions = [m.version for m in bundled_migrations()]
    assert versions == list(range(1, len(versions) + 1))
