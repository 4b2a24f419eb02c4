"""content_stats on the valid fixtures (3 packs), figures worked out by hand."""

from __future__ import annotations

import json

from bot.packs.loader import load_packs
from bot.packs.stats import content_stats, format_stats_text
from tests.unit.packs.conftest import FIXTURES


def fixture_stats() -> dict:
    packs, issues = load_packs([FIXTURES / "valid"])
    assert not issues
    return content_stats(packs)


def test_counts() -> None:
    stats = fixture_stats()
    assert (stats["cards"], stats["drills"]) == (5, 5)
    assert stats["packs"]["good-pack"] == {"version": 2, "cards": 3, "drills": 3}
    assert stats["cards_by_type"] == {"multiple_choice": 1, "single_choice": 2, "true_false": 2}
    assert stats["cards_by_difficulty"] == {1: 3, 2: 2}
    assert stats["drills_by_domain"] == {"coding": 1, "general": 1, "math": 1, "safety": 1, "writing": 1}
    assert stats["drills_by_difficulty"] == {1: 1, 2: 3, 3: 1}
    # a drill counts once for each dimension it lists
    assert stats["drills_by_dimension"]["helpfulness"] == 2
    assert sum(stats["drills_by_dimension"].values()) == 8


def test_decks_use_the_plain_id_unless_two_packs_share_it() -> None:
    assert fixture_stats()["decks"] == {
        "basics": 2, "good-pack/shared": 1, "json-deck": 1, "single-yaml/shared": 1, "solo": 0,
    }


def test_shape_and_bias_figures() -> None:
    stats = fixture_stats()
    assert stats["drills_three_plus"] == 1  # drill-002
    assert stats["drills_with_tie"] == 2  # drill-002 (A = B > C), tie-001 (A = B)
    # best tier holds A: drill-002, code-001, tie-001; not drill-001 or json-drill
    assert stats["best_is_A_share"] == 0.6
    assert stats["best_is_A_expected"] == round((1 / 2 + 2 / 3 + 1 / 2 + 1 + 1 / 2) / 5, 3)
    # two responses, no tie: drill-001 (longer A is worse), code-001 (longer A is better), json-drill (longer B
    # is better)
    assert stats["longer_worse_share"] == 0.333


def test_empty_content_has_no_shares() -> None:
    stats = content_stats([])
    assert (stats["cards"], stats["drills"]) == (0, 0)
    assert (stats["best_is_A_share"], stats["longer_worse_share"]) == (None, None)
    assert "Best response is A: n/a" in format_stats_text(stats)


def test_stats_are_json_and_text() -> None:
    stats = fixture_stats()
    assert json.loads(json.dumps(stats))["cards_by_difficulty"] == {"1": 3, "2": 2}
    text = format_stats_text(stats)
    assert text.splitlines()[0] == "3 pack(s): 5 cards, 5 drills"
    assert "  good-pack/shared: 1" in text
    assert "Best response is A: 60% (aim near 63%" in text
    assert "Longer response is the worse one: 33%" in text
