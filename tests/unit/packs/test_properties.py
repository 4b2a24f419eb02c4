"""Properties: gold rankings survive a round trip through text, and drills accept any well-formed gold."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.ranking import LABELS, Ranking, RankingError
from bot.packs.schema import Drill


@st.composite
def rankings(draw: st.DrawFn) -> Ranking:
    """Any ranking of A..A+n (n = 2-4): a shuffled order cut into tiers."""
    labels = draw(st.permutations(LABELS[: draw(st.integers(2, 4))]))
    cuts = draw(st.lists(st.booleans(), min_size=len(labels) - 1, max_size=len(labels) - 1))
    tiers, tier = [], [labels[0]]
    for label, cut in zip(labels[1:], cuts, strict=True):
        if cut:
            tiers.append(tuple(sorted(tier)))
            tier = []
        tier.append(label)
    tiers.append(tuple(sorted(tier)))
    return Ranking(tuple(tiers))


@given(rankings(), st.sampled_from(["", " ", "  "]), st.booleans())
def test_ranking_text_round_trip_ignores_spacing_and_case(ranking: Ranking, space: str, lower: bool) -> None:
    text = f"{space}>{space}".join(f"{space}={space}".join(tier) for tier in ranking.tiers)
    text = text.lower() if lower else text
    parsed = Ranking.parse(text, ranking.labels)
    assert parsed == ranking
    assert Ranking.parse(str(parsed)) == parsed


@given(rankings(), st.booleans())
def test_drills_accept_any_gold_and_require_allow_tie_for_ties(ranking: Ranking, allow_tie: bool) -> None:
    labels = sorted(ranking.labels)
    data = {
        "id": "d-1", "title": "T", "domain": "general", "difficulty": 1, "dimensions": ["helpfulness"],
        "prompt": "P?", "responses": {label: f"Response {label}." for label in labels}, "gold": str(ranking),
        "allow_tie": allow_tie, "key_points": [{"text": "Something."}],
        "model_justification": "A justification long enough to pass the minimum length.",
    }
    if ranking.has_tie and not allow_tie:
        with pytest.raises(ValueError, match="allow_tie"):
            Drill.model_validate(data)
    else:
        assert Drill.model_validate(data).gold_ranking == ranking


@given(st.text(alphabet="ABCDEabcd >=\n", max_size=12))
def test_parse_either_succeeds_canonically_or_says_why(text: str) -> None:
    try:
        ranking = Ranking.parse(text)
    except RankingError:
        return  # the only exception it may raise; its message is tested in tests/unit/test_ranking.py
    assert all(ranking.tiers)
    assert Ranking.parse(str(ranking)) == ranking
