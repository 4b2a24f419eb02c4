"""Service-test fixtures that do not depend on the shipped content (which authors edit all the time)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.services.container import Services
from bot.settings import Settings
from tests.services.test_content_sync import CARD, DRILL, write_pack

#: A second single-choice card in the same deck, so that a session has more than one card.
CARD_2 = {**CARD, "id": "c-2", "question": "Which dimension does a made-up citation fail?", "answer": 0}
SMALL_DECK = "mini/basics"
#: A justification of the small pack's drill that the grader accepts (40-1,500 characters).
SMALL_TEXT = ("Response A is better on factual accuracy: it gives the right year, 1889, while Response B says 1899, "
              "which is wrong. Both are short and clear, so the date decides it.")


@pytest.fixture
async def small_services(settings: Settings, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Services]:
    """Services over a small fixed pack: two quiz cards in one deck and one two-response drill."""
    settings.content_dirs = [write_pack(tmp_path / "small-packs", version=1, cards=[CARD, CARD_2], drills=[DRILL])]
    opened = await Services.open(settings, clock)
    try:
        yield opened
    finally:
        await opened.close()
