"""The shipped quiz cards load on their own, and a helper that gives quiz tests exactly those cards.

Quiz tests use `cards_only_pack`: the core-rubrics pack.yaml and cards, without its drills, so that
work in progress on drills can never take the quiz cards down with it (an invalid pack is skipped).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.clock import FixedClock
from bot.services.container import Services
from bot.settings import Settings

REPO = Path(__file__).resolve().parents[2]
CORE = REPO / "content" / "packs" / "core-rubrics"


def cards_only_pack(tmp_path: Path) -> Path:
    """A packs folder holding core-rubrics' metadata and cards only; returns the folder."""
    target = tmp_path / "quiz-packs" / "core-rubrics"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(CORE / "pack.yaml", target / "pack.yaml")
    shutil.copytree(CORE / "cards", target / "cards", dirs_exist_ok=True)
    return target.parent


def use_quiz_cards(settings: Settings, tmp_path: Path) -> Settings:
    settings.content_dirs = [cards_only_pack(tmp_path)]
    return settings


async def test_the_shipped_cards_load_as_ten_decks_of_quiz_cards(
    settings: Settings, clock: FixedClock, tmp_path: Path
) -> None:
    services = await Services.open(use_quiz_cards(settings, tmp_path), clock)
    try:
        decks = await services.quiz.decks(user_id=1)
        assert len(decks.decks) == 10
        assert sum(deck.cards for deck in decks.decks) == 180
        assert "core-rubrics/factual-accuracy" in {deck.deck_id for deck in decks.decks}
    finally:
        await services.close()
