"""What to offer for a typed name: autocomplete matches, and "did you mean" for one that matches nothing.

One rule everywhere (decks, drills, content ids, timezones): what contains the typed text, in any
letter case; for a typo, the closest names by fuzzy matching.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from rapidfuzz import fuzz, process

T = TypeVar("T")
#: How alike (0-100) a name must be to be offered for a typo.
CLOSE_ENOUGH = 60


def closest(typed: str, names: Sequence[str], *, limit: int = 3) -> list[str]:
    """The names most like `typed`, best first (none when nothing is close)."""
    if not typed.strip():
        return []
    return [match[0] for match in process.extract(typed.strip(), names, limit=limit, score_cutoff=CLOSE_ENOUGH)]


def did_you_mean(typed: str, names: Sequence[str], *, limit: int = 3) -> str:
    """" Did you mean `a`, `b`?" for the names closest to `typed`, or "" when none is close."""
    return offer(closest(typed, names, limit=limit))


def offer(names: Sequence[str]) -> str:
    """" Did you mean `a`, `b`?" for these names, or "" without any."""
    return (" Did you mean " + ", ".join(f"`{name}`" for name in names) + "?") if names else ""


def search(typed: str, items: Sequence[T], text: Callable[[T], str], *, limit: int = 25) -> list[T]:
    """The items whose `text` contains what was typed (all of them when nothing is); for a typo, the
    items whose text comes closest to it."""
    needle = typed.strip().casefold()
    found = [item for item in items if needle in text(item).casefold()]
    if not found:
        texts = {index: text(item).casefold() for index, item in enumerate(items)}
        scored = process.extract(needle, texts, scorer=fuzz.partial_ratio, limit=limit, score_cutoff=CLOSE_ENOUGH)
        found = [items[index] for _, _, index in scored]
    return found[:limit]
