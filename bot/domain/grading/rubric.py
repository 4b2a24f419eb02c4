"""Two criteria about reasoning with the rubric: naming the drill's dimensions where they decide
something about a response, and stating the trade-off."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

from bot.domain.grading.lexicon import DIMENSION_NAMES, POSITIVE_WORDS, STRONG_TRADEOFF, WEAK_TRADEOFF

FORMAL, LOOSE = 1.0, 0.6
PLAIN_CONTRAST = 0.3  # "A is wrong, while B is right": a contrast, not yet a trade-off

_DIMENSION_PATTERNS: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    dim: (
        re.compile(r"\b(?:" + "|".join(formal) + r")", re.IGNORECASE),
        re.compile(r"\b(?:" + "|".join(loose) + r")", re.IGNORECASE),
    )
    for dim, (formal, loose) in DIMENSION_NAMES.items()
}
_STRONG = re.compile("|".join(STRONG_TRADEOFF), re.IGNORECASE)
_WEAK = re.compile("|".join(WEAK_TRADEOFF), re.IGNORECASE)
_POSITIVE = re.compile("|".join(POSITIVE_WORDS), re.IGNORECASE)


@lru_cache(maxsize=4096)
def dimension_mentions(text: str) -> Mapping[str, float]:
    """Dimension id -> strength (1.0 named, 0.6 alluded to) for every dimension the text names."""
    text = text.replace("_", " ")
    found: dict[str, float] = {}
    for dim, (formal, loose) in _DIMENSION_PATTERNS.items():
        if formal.search(text):
            found[dim] = FORMAL
        elif loose.search(text):
            found[dim] = LOOSE
    return MappingProxyType(found)


@dataclass(frozen=True, slots=True)
class TradeoffHit:
    strength: float  # 0.5 a plain contrast, 1.0 a real trade-off
    marker: str


def tradeoff(text: str, mentioned: frozenset[str], top: tuple[str, ...], dims_named: bool) -> TradeoffHit | None:
    """A contrast tied to a response or a dimension; full strength when it concedes something
    ("A is friendlier, but ...", "outweighs", "despite") rather than just contrasting."""
    if not mentioned and not dims_named:
        return None
    strong = _STRONG.search(text)
    if strong:
        return TradeoffHit(1.0, strong.group(0))
    weak = _WEAK.search(text)
    if not weak:
        return None
    conceded = text[: weak.start()] if weak.group(0).lower() in ("but", "yet") else text
    lower_ranked = any(label not in top for label in mentioned)
    if lower_ranked and _POSITIVE.search(conceded):
        return TradeoffHit(1.0, weak.group(0))
    return TradeoffHit(PLAIN_CONTRAST, weak.group(0))
