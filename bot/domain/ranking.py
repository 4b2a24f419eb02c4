"""Rankings such as "B > A = C": best first, '=' marks a tie.

A ranking is a tuple of tiers; each tier is a sorted tuple of labels. Pure and tiny: the
grader, the drill flow and agreement statistics all use it.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

LABELS = ("A", "B", "C", "D")
_TOKEN = re.compile(r"\s*([A-Da-d])\s*([>=]|$)")


class RankingError(ValueError):
    """A ranking string that cannot be parsed; the message says what is valid."""


@dataclass(frozen=True, slots=True)
class Ranking:
    tiers: tuple[tuple[str, ...], ...]

    @classmethod
    def parse(cls, text: str, labels: tuple[str, ...] | list[str] | None = None) -> Ranking:
        """Parse "B > A = C". With `labels`, the ranking must use each label exactly once."""
        source = text.strip().replace("≥", ">").replace(">=", ">").replace("==", "=")
        if not source:
            raise RankingError("empty ranking: write it like 'B > A'")
        tiers: list[list[str]] = [[]]
        position = 0
        while position < len(source):
            match = _TOKEN.match(source, position)
            if not match:
                raise RankingError(f"cannot read ranking {text!r}: write labels joined by '>' or '=', like 'B > A'")
            tiers[-1].append(match.group(1).upper())
            if match.group(2) == ">":
                tiers.append([])
            position = match.end()
            if match.group(2) in (">", "=") and position >= len(source.rstrip()):
                raise RankingError(f"ranking {text!r} ends with an operator")
        seen = [label for tier in tiers for label in tier]
        if len(seen) != len(set(seen)):
            raise RankingError(f"ranking {text!r} names a response twice")
        if labels is not None:
            expected = sorted(labels)
            if sorted(seen) != expected:
                raise RankingError(
                    f"ranking {text!r} must rank exactly {', '.join(expected)}, each once"
                )
        return cls(tuple(tuple(sorted(tier)) for tier in tiers))

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label for tier in self.tiers for label in tier)

    @property
    def best(self) -> tuple[str, ...]:
        return self.tiers[0]

    @property
    def has_tie(self) -> bool:
        return any(len(tier) > 1 for tier in self.tiers)

    def position(self, label: str) -> int:
        """The tier index of a label (0 = best)."""
        for index, tier in enumerate(self.tiers):
            if label in tier:
                return index
        raise KeyError(label)

    def relation(self, first: str, second: str) -> int:
        """1 if `first` is ranked above `second`, -1 if below, 0 if tied."""
        a, b = self.position(first), self.position(second)
        return (a < b) - (a > b)

    def __str__(self) -> str:
        return " > ".join(" = ".join(tier) for tier in self.tiers)


def all_rankings(labels: tuple[str, ...] | list[str], *, allow_ties: bool) -> list[Ranking]:
    """The rankings a learner can pick from (one select menu, at most 25 options).

    Every strict ordering; with `allow_ties`, also every ordering with ties for two or three
    responses (3 and 13 in all). Four responses give 24 strict orderings, so ties are left out there.
    """
    ordered = sorted(labels)
    rankings = [Ranking(tuple((label,) for label in perm)) for perm in itertools.permutations(ordered)]
    if allow_ties and len(ordered) <= 3:
        rankings += [r for r in _weak_orderings(ordered) if r.has_tie]
    return rankings


def _weak_orderings(labels: list[str]) -> list[Ranking]:
    """Every ranking of `labels` with ties allowed (ordered set partitions), best tiers first."""
    if not labels:
        return [Ranking(())]
    result = []
    for size in range(1, len(labels) + 1):
        for first in itertools.combinations(labels, size):
            rest = [label for label in labels if label not in first]
            result += [Ranking((first, *tail.tiers)) for tail in _weak_orderings(rest)]
    return result


def pairwise_agreement(given: Ranking, gold: Ranking) -> float:
    """Share of response pairs on which `given` agrees with `gold` (tie counts only as tie)."""
    labels = sorted(gold.labels)
    pairs = list(itertools.combinations(labels, 2))
    if not pairs:
        return 1.0
    agree = sum(1 for a, b in pairs if given.relation(a, b) == gold.relation(a, b))
    return agree / len(pairs)


def disagreeing_pairs(given: Ranking, gold: Ranking) -> list[tuple[str, str]]:
    """Pairs (better, worse) per gold that `given` ranks differently; tied gold pairs give (a, b)."""
    result = []
    for a, b in itertools.combinations(sorted(gold.labels), 2):
        if given.relation(a, b) != gold.relation(a, b):
            result.append((a, b) if gold.relation(a, b) >= 0 else (b, a))
    return result
