"""How a community agrees on its drills: distributions, majorities and Krippendorff's alpha.

Reliability data for alpha (ordinal), over a window of posts (the last 30 drills):
- raters are learners; each rater has one ranking per drill (their scored attempt);
- units are (drill post, response label) pairs: "how good is response B of Tuesday's drill?";
- the value is the rank position the learner gave that response: 0 for the top tier, 1 for the next,
  and so on; tied responses share a position ("A = B > C" gives A 0, B 0, C 1).
The positions are ordinal (better/worse, not distances), hence `level_of_measurement="ordinal"`,
over the value domain 0..3 (drills have at most four responses). A unit only counts when at least two
learners ranked it; alpha is undefined until at least two learners shared a drill and used more than
one position, and then this module says "not enough data" instead of inventing a figure.
Two-response drills give mirrored units (A's position decides B's); that weights them like one
judgement per pair, which is what they are.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from bot.domain.ranking import Ranking

MAX_POSITIONS = 4
NOT_ENOUGH_DATA = "not enough data yet: alpha needs at least two learners ranking the same drill"


@dataclass(frozen=True, slots=True)
class Rating:
    """One learner's ranking of one drill post."""

    rater: Hashable  # the learner
    post: Hashable  # the drill post (or drill) it ranks
    ranking: Ranking


@dataclass(frozen=True, slots=True)
class Alpha:
    value: float | None  # None when there is not enough data
    raters: int  # learners with at least one pairable ranking
    units: int  # (post, response) units ranked by at least two learners
    note: str = ""

    @property
    def enough(self) -> bool:
        return self.value is not None


def distribution(rankings: Iterable[Ranking]) -> list[tuple[Ranking, int]]:
    """Each ranking given with its count, most frequent first (then in text order, for stability)."""
    counts = Counter(rankings)
    return sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))


def share_matching(rankings: Sequence[Ranking], gold: Ranking) -> float | None:
    """The share of rankings equal to the gold, or None without rankings."""
    if not rankings:
        return None
    return sum(1 for ranking in rankings if ranking == gold) / len(rankings)


def majority_relations(rankings: Iterable[Ranking]) -> dict[tuple[str, str], int]:
    """For each pair (a, b), a < b: the relation (1 a above b, -1 below, 0 tied) most rankings give.
    Pairs on which the vote is split evenly between relations are left out."""
    votes: dict[tuple[str, str], Counter[int]] = {}
    for ranking in rankings:
        for a, b in itertools.combinations(sorted(ranking.labels), 2):
            votes.setdefault((a, b), Counter())[ranking.relation(a, b)] += 1
    majority = {}
    for pair, counter in votes.items():
        (top, top_count), *rest = counter.most_common()
        if not rest or rest[0][1] < top_count:
            majority[pair] = top
    return majority


def agreement_with_majority(mine: Ranking, others: Iterable[Ranking]) -> float | None:
    """The share of response pairs on which `mine` agrees with the majority of `others` (the other
    learners: leaving oneself out keeps a small community from agreeing with itself). None when the
    others give no majority on any pair."""
    majority = majority_relations(others)
    if not majority:
        return None
    agree = sum(1 for (a, b), relation in majority.items() if mine.relation(a, b) == relation)
    return agree / len(majority)


def reliability_data(ratings: Iterable[Rating]) -> tuple[list[Hashable], list[tuple[Hashable, str]], list[list[float]]]:
    """Raters, units and the raters x units matrix of rank positions (NaN where a rater has no value).
    Only units ranked by at least two raters are kept, and only raters with a value in one of them."""
    positions: dict[tuple[Hashable, str], dict[Hashable, int]] = {}
    for rating in ratings:
        for label in rating.ranking.labels:
            positions.setdefault((rating.post, label), {})[rating.rater] = rating.ranking.position(label)
    units = sorted((unit for unit, by in positions.items() if len(by) >= 2), key=repr)
    raters = sorted({rater for unit in units for rater in positions[unit]}, key=repr)
    matrix = [[float(positions[unit].get(rater, math.nan)) for unit in units] for rater in raters]
    return raters, units, matrix


def krippendorff_alpha(ratings: Iterable[Rating]) -> Alpha:
    """Ordinal Krippendorff's alpha of the learners' rank positions (see the module docstring)."""
    raters, units, matrix = reliability_data(ratings)
    values = {value for row in matrix for value in row if not math.isnan(value)}
    if len(raters) < 2 or not units:
        return Alpha(None, len(raters), len(units), NOT_ENOUGH_DATA)
    if len(values) < 2:
        return Alpha(None, len(raters), len(units), "not enough data yet: every ranking so far put the responses "
                     "in the same positions, so there is no variation to measure agreement against")
    import krippendorff  # heavy (numpy): loaded only when a reveal needs it

    try:
        value = float(krippendorff.alpha(
            reliability_data=matrix, level_of_measurement="ordinal", value_domain=list(range(MAX_POSITIONS))
        ))
    except ValueError as exc:
        return Alpha(None, len(raters), len(units), f"not enough data yet ({exc})")
    if math.isnan(value):
        return Alpha(None, len(raters), len(units), NOT_ENOUGH_DATA)
    return Alpha(value, len(raters), len(units))


def describe_alpha(alpha: Alpha) -> str:
    """A plain-language reading of alpha (Krippendorff's own thresholds: 0.8 reliable, 0.667 tentative)."""
    if alpha.value is None:
        return alpha.note or NOT_ENOUGH_DATA
    if alpha.value >= 0.8:
        verdict = "strong agreement"
    elif alpha.value >= 0.667:
        verdict = "fair agreement"
    elif alpha.value > 0:
        verdict = "weak agreement: compare your reasons with the model justifications"
    else:
        verdict = "no more agreement than chance"
    return f"α = {alpha.value:.2f} ({verdict}; {alpha.raters} learners, {alpha.units} ranked responses)"
