"""The rankings a learner can pick for a drill, and how they are named and carried in custom ids."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from bot.domain.ranking import Ranking, RankingError, all_rankings

MAX_CHOICES = 24  # a select menu holds 25 options; 4! strict orderings fill 24


@dataclass(frozen=True, slots=True)
class RankingChoice:
    ranking: Ranking
    label: str  # shown to the learner
    code: str  # compact form for custom ids and select values, e.g. "B>A=C"


def ranking_choices(labels: tuple[str, ...], *, allow_ties: bool) -> list[RankingChoice]:
    """Two responses: "A better", "B better" (and a tie when allowed). Three or four: every strict
    ordering; with ties allowed and three responses, every ordering with ties too (13, so a tied gold
    such as "B = C > A" can be chosen). Four responses with ties would need 75 options, more than a
    select menu holds, so only the 24 strict orderings are offered there."""
    ordered = tuple(sorted(labels))
    if len(ordered) == 2:
        first, second = ordered
        choices = [
            RankingChoice(Ranking(((first,), (second,))), f"{first} is better", f"{first}>{second}"),
            RankingChoice(Ranking(((second,), (first,))), f"{second} is better", f"{second}>{first}"),
        ]
        if allow_ties:
            choices.append(RankingChoice(Ranking(((first, second),)), f"{first} and {second} are equally good",
                                         f"{first}={second}"))
        return choices
    rankings = all_rankings(ordered, allow_ties=False)
    if allow_ties and len(ordered) == 3:
        rankings += _tied_rankings(ordered)
    return [RankingChoice(r, str(r), encode(r)) for r in rankings[:MAX_CHOICES]]


def _tied_rankings(labels: tuple[str, ...]) -> list[Ranking]:
    """Every ranking of three labels with at least one tie (in a stable order)."""
    found: list[Ranking] = []
    for first, second, third in itertools.permutations(labels):
        for ranking in (Ranking(((first, second), (third,))), Ranking(((first,), (second, third)))):
            normal = Ranking(tuple(tuple(sorted(tier)) for tier in ranking.tiers))
            if normal not in found:
                found.append(normal)
    found.append(Ranking((tuple(labels),)))
    return found


def encode(ranking: Ranking) -> str:
    """'B > A = C' -> 'B>A=C' (no spaces: it travels in custom ids)."""
    return ">".join("=".join(tier) for tier in ranking.tiers)


def decode(code: str, labels: tuple[str, ...]) -> Ranking:
    """The inverse of `encode`, checked against the drill's labels (RankingError if it does not fit)."""
    if len(code) > 16:
        raise RankingError("ranking too long")
    return Ranking.parse(code, labels)
