"""Content statistics: what the packs hold, and the biases a learner could exploit.

Two figures guard against answer patterns that would teach the wrong habit:
- `best_is_A_share`: drills whose best gold tier contains A (alone or tied). Far from
  `best_is_A_expected` (the share if the best label were random: the mean of best-tier size over
  response count, 0.5 for two responses) and a learner gains by always, or never, picking A.
- `longer_worse_share`: among two-response drills without a tie whose responses differ in length,
  those where the longer response is the worse one. Far from 0.5 and "pick the shorter (longer)
  one" beats reading.
A share is None when no drill qualifies.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from bot.packs.schema import Drill, Pack


def content_stats(packs: Iterable[Pack]) -> dict[str, Any]:
    """Counts by pack, deck, type, domain, dimension and difficulty, and the two bias shares.

    Decks are keyed by their plain id when only one pack declares it, else by "<pack>/<deck>".
    """
    packs = list(packs)
    cards = [card for pack in packs for card in pack.cards]
    drills = [drill for pack in packs for drill in pack.drills]
    return {
        "packs": {pack.id: {"version": pack.meta.version, "cards": len(pack.cards), "drills": len(pack.drills)}
                  for pack in packs},
        "cards": len(cards),
        "drills": len(drills),
        "decks": _deck_counts(packs),
        "cards_by_type": _sorted_counts(card.type for card in cards),
        "cards_by_difficulty": _sorted_counts(card.difficulty for card in cards),
        "drills_by_domain": _sorted_counts(drill.domain for drill in drills),
        "drills_by_dimension": _sorted_counts(dimension for drill in drills for dimension in drill.dimensions),
        "drills_by_difficulty": _sorted_counts(drill.difficulty for drill in drills),
        "drills_three_plus": sum(1 for drill in drills if len(drill.responses) >= 3),
        "drills_with_tie": sum(1 for drill in drills if drill.gold_ranking.has_tie),
        "best_is_A_share": _share([("A" in drill.gold_ranking.best) for drill in drills]),
        "best_is_A_expected": _mean([len(drill.gold_ranking.best) / len(drill.responses) for drill in drills]),
        "longer_worse_share": _share([_longer_is_worse(drill) for drill in drills if _length_decides(drill)]),
    }


def _deck_counts(packs: list[Pack]) -> dict[str, int]:
    owners = Counter(deck.id for pack in packs for deck in pack.meta.decks)
    counts: dict[str, int] = {}
    for pack in packs:
        per_deck = Counter(card.deck for card in pack.cards)
        for deck in pack.meta.decks:
            key = deck.id if owners[deck.id] == 1 else f"{pack.id}/{deck.id}"
            counts[key] = per_deck[deck.id]
    return dict(sorted(counts.items()))


def _sorted_counts(values: Iterable[Any]) -> dict[Any, int]:
    return dict(sorted(Counter(values).items()))


def _share(flags: list[bool]) -> float | None:
    return _mean([float(flag) for flag in flags])


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def _length_decides(drill: Drill) -> bool:
    """Two responses of different lengths, strictly ordered: the drills where length could be a cue."""
    if len(drill.responses) != 2 or drill.gold_ranking.has_tie:
        return False
    first, second = drill.responses.values()
    return len(first) != len(second)


def _longer_is_worse(drill: Drill) -> bool:
    longer = max(drill.responses, key=lambda label: len(drill.responses[label]))
    return drill.gold_ranking.best != (longer,)


def format_stats_text(stats: dict[str, Any]) -> str:
    """The statistics as a short report for people."""
    lines = [f"{len(stats['packs'])} pack(s): {stats['cards']} cards, {stats['drills']} drills"]
    for pack_id, pack in stats["packs"].items():
        lines.append(f"  {pack_id} v{pack['version']}: {pack['cards']} cards, {pack['drills']} drills")
    for title, key in (("Cards by deck", "decks"), ("Cards by type", "cards_by_type"),
                       ("Cards by difficulty", "cards_by_difficulty"), ("Drills by domain", "drills_by_domain"),
                       ("Drills by dimension", "drills_by_dimension"),
                       ("Drills by difficulty", "drills_by_difficulty")):
        lines.append(f"{title}:" + ("" if stats[key] else " none"))
        lines += [f"  {name}: {count}" for name, count in stats[key].items()]
    lines += [
        f"Drills with 3-4 responses: {stats['drills_three_plus']}",
        f"Drills with a tie in gold: {stats['drills_with_tie']}",
        (f"Best response is A: {_percent(stats['best_is_A_share'])} "
         f"(aim near {_percent(stats['best_is_A_expected'])}, the share if the best label were random)"),
        (f"Longer response is the worse one: {_percent(stats['longer_worse_share'])} "
         "(two-response drills without a tie; aim near 50%)"),
    ]
    return "\n".join(lines)


def _percent(share: float | None) -> str:
    return "n/a" if share is None else f"{share:.0%}"
