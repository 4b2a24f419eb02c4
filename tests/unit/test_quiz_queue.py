"""Session queue rules: due reviews first, new cards interleaved and limited, retries of missed cards."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.quiz_queue import (
    MAX_SHOWINGS,
    RETRY_GAP,
    SESSION_SIZE,
    DueCard,
    NewCard,
    build_queue,
    insert_retry,
    interleave_by_deck,
    new_cards_left,
)

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def due(card: str, hours_overdue: float, deck: str = "p/a") -> DueCard:
    return DueCard(card, deck, NOW - timedelta(hours=hours_overdue))


def test_due_reviews_come_first_most_overdue_first() -> None:
    queue = build_queue(
        [due("p/late", 1), due("p/later", 48), due("p/latest", 5)],
        [NewCard("p/n1", "p/a")],
        new_left=10,
    )
    assert queue == ["p/later", "p/latest", "p/late", "p/n1"]


def test_new_cards_interleave_decks_and_keep_each_decks_order() -> None:
    new = [NewCard("p/a1", "p/a"), NewCard("p/a2", "p/a"), NewCard("p/a3", "p/a"),
           NewCard("p/b1", "p/b"), NewCard("p/c1", "p/c"), NewCard("p/c2", "p/c")]
    assert [c.card_id for c in interleave_by_deck(new)] == ["p/a1", "p/b1", "p/c1", "p/a2", "p/c2", "p/a3"]
    assert build_queue([], new, new_left=4) == ["p/a1", "p/b1", "p/c1", "p/a2"]


def test_new_card_limit_and_session_size() -> None:
    new = [NewCard(f"p/n{i:02}", "p/a") for i in range(30)]
    assert build_queue([], new, new_left=0) == []
    assert len(build_queue([], new, new_left=25)) == SESSION_SIZE
    reviews = [due(f"p/r{i:02}", i) for i in range(SESSION_SIZE + 5)]
    queue = build_queue(reviews, new, new_left=10)
    assert len(queue) == SESSION_SIZE
    assert all(card.startswith("p/r") for card in queue)  # reviews fill the session before new cards


def test_new_cards_left_never_negative() -> None:
    assert new_cards_left(10, 3) == 7
    assert new_cards_left(10, 12) == 0


def test_missed_card_comes_back_after_three_others() -> None:
    queue = ["a", "b", "c", "d", "e", "f"]
    assert insert_retry(queue, 1) == ["a", "b", "c", "d", "e", "b", "f"]
    assert RETRY_GAP == 3


def test_missed_card_near_the_end_comes_back_last() -> None:
    assert insert_retry(["a", "b", "c"], 1) == ["a", "b", "c", "b"]
    assert insert_retry(["a"], 0) == ["a", "a"]


def test_a_card_is_shown_at_most_three_times() -> None:
    queue = ["a"]
    for position in range(MAX_SHOWINGS + 2):
        if position < len(queue):
            queue = insert_retry(queue, position)
    assert queue.count("a") == MAX_SHOWINGS


@given(
    st.lists(st.tuples(st.integers(0, 200), st.sampled_from("abc")), max_size=40, unique_by=lambda t: t[0]),
    st.lists(st.tuples(st.integers(300, 500), st.sampled_from("abcd")), max_size=60, unique_by=lambda t: t[0]),
    st.integers(0, 30),
)
def test_queue_properties(due_raw: list[tuple[int, str]], new_raw: list[tuple[int, str]], new_left: int) -> None:
    due_cards = [DueCard(f"p/{n}", f"p/{d}", NOW - timedelta(minutes=n)) for n, d in due_raw]
    new_cards = [NewCard(f"p/{n}", f"p/{d}") for n, d in new_raw]
    queue = build_queue(due_cards, new_cards, new_left=new_left)
    assert len(queue) == len(set(queue)) <= SESSION_SIZE
    due_ids = {c.card_id for c in due_cards}
    reviews = [c for c in queue if c in due_ids]
    assert queue[: len(reviews)] == reviews  # every review before every new card
    assert len(queue) - len(reviews) <= new_left
    overdue = [next(c.due for c in due_cards if c.card_id == card) for card in reviews]
    assert overdue == sorted(overdue)
