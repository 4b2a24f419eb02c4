"""Shared fixtures: a fixed clock, settings on a temporary database, opened services."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.services.container import Services
from bot.settings import Settings

REPO = Path(__file__).resolve().parent.parent
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    # Never read the developer's .env or environment in tests.
    monkeypatch.chdir(tmp_path)
    for name in ("DISCORD_TOKEN", "STUDYCOACH_DATABASE_PATH", "STUDYCOACH_DEV_GUILD_ID",
                 "STUDYCOACH_LOG_LEVEL", "STUDYCOACH_CONTENT_DIRS"):
        monkeypatch.delenv(name, raising=False)
    return Settings(
        DISCORD_TOKEN="test-token",
        STUDYCOACH_DATABASE_PATH=tmp_path / "studycoach.db",
        STUDYCOACH_CONTENT_DIRS=str(REPO / "content" / "packs"),
    )


@pytest.fixture
async def services(settings: Settings, clock: FixedClock) -> AsyncIterator[Services]:
    opened = await Services.open(settings, clock)
    try:
        yield opened
    finally:
        await opened.close()
