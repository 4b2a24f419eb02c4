"""The shipped curriculum meets the thresholds of the curriculum issue (through `content stats --json`)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.domain.dimensions import DIMENSIONS

REPO = Path(__file__).resolve().parents[3]
PACKS = REPO / "content" / "packs"


@pytest.fixture(scope="module")
def stats() -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "content", "stats", "--json", str(PACKS)],
        capture_output=True, text=True, check=True, timeout=120,
    )
    return json.loads(result.stdout)


def test_quiz_decks(stats: dict) -> None:
    assert stats["cards"] >= 160
    assert len(stats["decks"]) >= 8
    assert min(stats["decks"].values()) >= 15
    assert set(stats["cards_by_type"]) == {"single_choice", "multiple_choice", "true_false"}
    assert set(stats["cards_by_difficulty"]) == {"1", "2", "3"}


def test_drill_spread(stats: dict) -> None:
    assert stats["drills"] >= 40
    assert len(stats["drills_by_domain"]) >= 6
    assert set(stats["drills_by_difficulty"]) == {"1", "2", "3"}
    for dimension in DIMENSIONS:
        assert stats["drills_by_dimension"].get(dimension, 0) >= 3, dimension
    assert stats["drills_three_plus"] >= 8
    assert stats["drills_with_tie"] >= 2


def test_answer_patterns_do_not_pay(stats: dict) -> None:
    assert 0.40 <= stats["best_is_A_share"] <= 0.60
    assert stats["longer_worse_share"] >= 0.35


def test_packs_are_cc_by() -> None:
    for pack_file in PACKS.glob("*/pack.yaml"):
        assert "license: CC-BY-4.0" in pack_file.read_text(encoding="utf-8"), pack_file
