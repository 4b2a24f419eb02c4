"""Points for drill attempts: round(40 * agreement + 60 * score / 100), practice earns nothing."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.drill_points import attempt_points


@pytest.mark.parametrize(("agreement", "score", "points"), [
    (1.0, 100, 100), (1.0, 0, 40), (0.0, 100, 60), (0.0, 0, 0), (0.5, 73, 64), (2 / 3, 50, 57), (1 / 3, 85, 64),
])
def test_formula(agreement: float, score: int, points: int) -> None:
    assert attempt_points(agreement, score, scored=True) == points


def test_practice_earns_nothing() -> None:
    assert attempt_points(1.0, 100, scored=False) == 0


@given(st.floats(0, 1), st.integers(0, 100))
def test_bounded_and_monotonic(agreement: float, score: int) -> None:
    points = attempt_points(agreement, score, scored=True)
    assert 0 <= points <= 100
    assert attempt_points(agreement, min(score + 1, 100), scored=True) >= points
