"""What a quiz session asks, in which order: due reviews, then new cards, then retries of misses.

Pure functions over plain values; the service fetches the candidates and stores the result.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

#: Cards in one session (before retries of missed cards): short enough to finish in a few minutes.
SESSION_SIZE = 20
DEFAULT_NEW_PER_DAY = 10
MAX_NEW_PER_DAY = 50
#: A missed card comes back after this many other cards...
RETRY_GAP = 3
#: ...but a card is shown at most this many times in one session.
MAX_SHOWINGS = 3


@dataclass(frozen=True, slots=True)
class DueCard:
    card_id: str
    deck_id: str
    due: datetime


@dataclass(frozen=True, slots=True)
class NewCard:
    card_id: str
    deck_id: str


def new_cards_left(daily_limit: int, introduced_today: int) -> int:
    return max(0, daily_limit - introduced_today)


def interleave_by_deck(cards: Sequence[NewCard]) -> list[NewCard]:
    """Round-robin over decks (in order of first appearance), keeping each deck's own order."""
    by_deck: OrderedDict[str, list[NewCard]] = OrderedDict()
    for card in cards:
        by_deck.setdefault(card.deck_id, []).append(card)
    queues = [list(reversed(deck_cards)) for deck_cards in by_deck.values()]
    mixed: list[NewCard] = []
    while queues:
        mixed.extend(queue.pop() for queue in queues)
        queues = [queue for queue in queues if queue]
    return mixed


def build_queue(
    due: Sequence[DueCard], new: Sequence[NewCard], *, new_left: int, size: int = SESSION_SIZE
) -> list[str]:
    """Due reviews first (most overdue first), then new cards from all decks in turn, up to `size`."""
    reviews = [card.card_id for card in sorted(due, key=lambda c: (c.due, c.card_id))][:size]
    room = min(max(0, new_left), size - len(reviews))
    seen = set(reviews)
    fresh = [card.card_id for card in interleave_by_deck(new) if card.card_id not in seen][:room]
    return reviews + fresh


def insert_retry(queue: Sequence[str], position: int, *, gap: int = RETRY_GAP) -> list[str]:
    """The queue with the card at `position` asked again after `gap` other cards (or at the end).

    Returns the queue unchanged when that card has already been shown `MAX_SHOWINGS` times so far.
    """
    card_id = queue[position]
    if queue[: position + 1].count(card_id) >= MAX_SHOWINGS:
        return list(queue)
    at = min(position + 1 + gap, len(queue))
    return [*queue[:at], card_id, *queue[at:]]
