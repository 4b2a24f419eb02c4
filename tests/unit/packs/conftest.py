"""Shared paths for the content pack tests: run from the repository root so issue paths are relative."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
FIXTURES = Path("tests/fixtures/packs")  # relative to REPO: issues then read like an author sees them


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
