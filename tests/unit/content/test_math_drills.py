"""Math drills are recomputed: the gold rests on arithmetic that Python checks exactly.

Each math drill in content/packs needs an entry in RECOMPUTED: a function that computes the exact
answer (Fractions, integers), how that answer is written in a response, which responses state it,
and the wrong values or steps that the worse responses contain. `extra` checks the other numbers
the key points and the model justification rely on. A new math drill without an entry fails.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pytest

from bot.packs.schema import Drill
from tests.unit.content.code_runner import pack_drill_items

Number = Fraction | int


@dataclass(frozen=True)
class Recomputed:
    answer: Callable[[], Any]  # the exact correct answer (Fraction, int or a tuple of them)
    render: Callable[[Any], tuple[str, ...]]  # how a response that gets it right writes it
    right: tuple[str, ...]  # responses whose final answer is right
    wrong: dict[str, tuple[str, ...]] = field(default_factory=dict)  # label -> wrong values/steps it shows
    extra: Callable[[Drill], None] | None = None  # further claims of the key points and justification


def mentions(text: str, value: str) -> bool:
    """`value` occurs in `text` as a whole number/expression ("4" does not match "4.4" or "24")."""
    pattern = r"(?<![\d.])" + re.escape(value) + r"(?![\d/]|[.,]\d)"
    return re.search(pattern, text) is not None


def _money(value: Fraction) -> str:
    cents = math.floor(value * 100 + Fraction(1, 2))
    return f"{cents // 100:,}.{cents % 100:02d}"


# dr-math-01: 150 km at 60 km/h out, 150 km at 90 km/h back.
def _average_speed() -> Number:
    return Fraction(300) / (Fraction(150, 60) + Fraction(150, 90))


def _average_speed_extra(drill: Drill) -> None:
    assert Fraction(150, 90) != Fraction(3, 2)  # A's "150 ÷ 90 = 1.5 h" is the slip
    assert Fraction(150, 90) * 60 == 100  # 1 h 40 min
    assert Fraction(150, 60) + Fraction(150, 90) == Fraction(25, 6)  # B's total time, 4 h 10 min
    assert Fraction(300) / 4 == 75 == Fraction(60 + 90, 2)  # A's 75 km/h is exactly the midpoint
    assert "25/6" in drill.responses["B"]


# dr-math-02: P(total of two dice = 7).
def _dice_seven() -> Number:
    outcomes = list(itertools.product(range(1, 7), repeat=2))
    return Fraction(sum(1 for a, b in outcomes if a + b == 7), len(outcomes))


def _dice_extra(drill: Drill) -> None:
    unordered = list(itertools.combinations_with_replacement(range(1, 7), 2))
    assert len(unordered) == 21 != 36 // 2  # B's "36 ÷ 2 = 18" is wrong: doubles are not duplicated
    favourable = [pair for pair in unordered if sum(pair) == 7]
    assert Fraction(len(favourable), 18) == _dice_seven()  # two errors cancel: 3/18 = 1/6
    assert Fraction(sum(1 for p in unordered if sum(p) == 2), 18) == Fraction(1, 18)  # the method on a total of 2
    assert Fraction(1, 36) == Fraction(sum(1 for a, b in itertools.product(range(1, 7), repeat=2) if a + b == 2), 36)
    assert f"{float(_dice_seven()) * 100:.1f}%" == "16.7%"
    assert "16.7%" in drill.responses["B"]
    assert "6/36" in drill.responses["A"]


# dr-math-03: +20% then -20%.
def _up_down() -> Number:
    return Fraction(120, 100) * Fraction(80, 100)


def _up_down_render(value: Number) -> tuple[str, ...]:
    return (f"{(1 - value) * 100}%", f"${value * 100}")


def _up_down_extra(drill: Drill) -> None:
    assert Fraction(20, 100) * 120 == 24  # A's example subtracts $20 from $120
    assert "0.96" in drill.responses["B"]
    assert _up_down() == Fraction(96, 100)


# dr-math-04: 3x + 2y = 16, x - y = 2 (Cramer's rule).
def _system() -> tuple[Fraction, Fraction]:
    a, b, e, c, d, f = 3, 2, 16, 1, -1, 2
    det = Fraction(a * d - b * c)
    return (e * d - b * f) / det, (a * f - e * c) / det


def _system_extra(drill: Drill) -> None:
    x, y = Fraction(24, 10), Fraction(44, 10)  # C's answer after rearranging x - y = 2 as x = y - 2
    assert 3 * x + 2 * y == 16  # it satisfies the first equation ...
    assert x - y == -2 != 2  # ... but not the second
    assert "Answer: x = 4, y = 2" in drill.responses["A"]
    assert "2.4 − 4.4 = −2" in drill.model_justification


# dr-math-05: $5,000 at 6% compounded yearly, first whole year at or above $10,000.
def _doubling_years() -> Number:
    n = 0
    while 5000 * Fraction(106, 100) ** n < 10000:
        n += 1
    return n


def _doubling_extra(drill: Drill) -> None:
    after = {n: 5000 * Fraction(106, 100) ** n for n in (11, 12)}
    assert after[12] != 10000  # A's "exactly $10,000" is false
    for n in (11, 12):
        assert f"${_money(after[n])}" in drill.responses["B"]
        assert f"${_money(after[n])}" in drill.model_justification
    assert f"{math.log(2) / math.log(1.06):.1f}" == "11.9"
    assert Fraction(72, 6) == 12  # the Rule of 72 happens to agree at 6%


# dr-math-06: 3/4 ÷ 2/5.
def _fraction_division() -> Number:
    return Fraction(3, 4) / Fraction(2, 5)


def _fraction_render(value: Number) -> tuple[str, ...]:
    value = Fraction(value)
    whole, rest = divmod(value.numerator, value.denominator)
    return (f"{value.numerator}/{value.denominator}", f"{whole} {rest}/{value.denominator}")


def _fraction_extra(drill: Drill) -> None:
    assert Fraction(3, 4) * Fraction(2, 5) == Fraction(6, 20) == Fraction(3, 10)  # A multiplied instead
    assert Fraction(3, 10) < Fraction(3, 4) < _fraction_division()  # dividing by 2/5 must make it larger
    assert _fraction_division() * Fraction(2, 5) == Fraction(3, 4)  # C's check
    assert Fraction(3, 8) < Fraction(2, 5)  # C: 2/5 is a bit more than half of 3/4, so the answer is a bit under 2


# dr-math-07: 3-person committees from 8 people.
def _committees() -> Number:
    return math.comb(8, 3)


def _committees_extra(drill: Drill) -> None:
    assert math.perm(8, 3) == 336 == _committees() * math.factorial(3)


def _plain(value: Number) -> tuple[str, ...]:
    return (str(value),)


def _fraction(value: Number) -> tuple[str, ...]:
    value = Fraction(value)
    return (f"{value.numerator}/{value.denominator}",)


RECOMPUTED: dict[str, Recomputed] = {
    "dr-math-01": Recomputed(
        _average_speed, lambda v: (f"{v} km/h",), right=("B",),
        wrong={"A": ("75 km/h", "150 ÷ 90 = 1.5 h")}, extra=_average_speed_extra,
    ),
    "dr-math-02": Recomputed(
        _dice_seven, _fraction, right=("A", "B"), wrong={"B": ("36 ÷ 2 = 18", "3/18")}, extra=_dice_extra,
    ),
    "dr-math-03": Recomputed(
        _up_down, _up_down_render, right=("B", "C"), wrong={"A": ("same price", "down $20 to $100")},
        extra=_up_down_extra,
    ),
    "dr-math-04": Recomputed(
        _system, lambda v: (f"x = {v[0]}", f"y = {v[1]}"),
        right=("A", "B"), wrong={"C": ("x = y − 2", "x = 2.4, y = 4.4")}, extra=_system_extra,
    ),
    "dr-math-05": Recomputed(
        _doubling_years, lambda v: (f"{v} years",), right=("A", "B"),
        wrong={"A": ("exactly $10,000", "no approximation is involved")}, extra=_doubling_extra,
    ),
    "dr-math-06": Recomputed(
        _fraction_division, _fraction_render, right=("B", "C"), wrong={"A": ("6/20", "3/10")},
        extra=_fraction_extra,
    ),
    "dr-math-07": Recomputed(_committees, _plain, right=("A", "C"), wrong={"B": ("336",)}, extra=_committees_extra),
}

MATH_DRILLS: dict[str, Drill] = {
    item["id"]: Drill(**item) for _, item in pack_drill_items() if item.get("domain") == "math"
}
ENTRIES = [pytest.param(drill_id, id=drill_id) for drill_id in sorted(RECOMPUTED)]


def test_every_math_drill_is_recomputed() -> None:
    missing = sorted(set(MATH_DRILLS) - set(RECOMPUTED))
    assert not missing, f"math drills without a recomputation in {__name__}.RECOMPUTED: {missing}"


def test_every_recomputation_names_a_math_drill() -> None:
    stale = sorted(set(RECOMPUTED) - set(MATH_DRILLS))
    assert not stale, f"RECOMPUTED entries for math drills that no longer exist: {stale}"


def test_mentions_respects_number_boundaries() -> None:
    assert mentions("so x = 4 and y = 2.", "x = 4")
    assert mentions("the answer is 1/6.", "1/6")
    assert not mentions("x = 4.4 - 2", "x = 4")
    assert not mentions("5y = 22", "y = 2")
    assert not mentions("about 156 ways", "56")
    assert not mentions("11/6", "1/6")


@pytest.mark.parametrize("drill_id", ENTRIES)
def test_right_responses_state_the_recomputed_answer(drill_id: str) -> None:
    drill, entry = MATH_DRILLS[drill_id], RECOMPUTED[drill_id]
    expected = entry.render(entry.answer())
    for label in entry.right:
        for text in expected:
            assert mentions(drill.responses[label], text), f"{drill_id}: response {label} should state {text!r}"
    for text in expected:
        assert mentions(drill.model_justification, text), f"{drill_id}: the model justification omits {text!r}"


@pytest.mark.parametrize("drill_id", ENTRIES)
def test_wrong_values_appear_and_differ_from_the_answer(drill_id: str) -> None:
    drill, entry = MATH_DRILLS[drill_id], RECOMPUTED[drill_id]
    expected = entry.render(entry.answer())
    assert entry.wrong, f"{drill_id}: name the wrong value or step of the worse response"
    for label, shown in entry.wrong.items():
        for text in shown:
            assert text in drill.responses[label], f"{drill_id}: response {label} should contain {text!r}"
            assert text not in expected
        if label not in entry.right:
            assert not all(mentions(drill.responses[label], t) for t in expected), (
                f"{drill_id}: response {label} is listed as wrong but states the right answer"
            )


@pytest.mark.parametrize("drill_id", ENTRIES)
def test_gold_puts_a_right_answer_first(drill_id: str) -> None:
    drill, entry = MATH_DRILLS[drill_id], RECOMPUTED[drill_id]
    best = drill.gold_ranking.best
    assert set(best) <= set(entry.right), f"{drill_id}: gold's best tier {best} includes a wrong final answer"
    for label in entry.wrong:
        assert label not in best, f"{drill_id}: response {label} has a flaw named in RECOMPUTED but is ranked best"
    for good in entry.right:
        for bad in set(drill.responses) - set(entry.right):
            assert drill.gold_ranking.relation(good, bad) != -1 or good in entry.wrong, (
                f"{drill_id}: {bad} (wrong answer) is ranked above {good} (right answer)"
            )


@pytest.mark.parametrize("drill_id", ENTRIES)
def test_extra_claims_hold(drill_id: str) -> None:
    entry = RECOMPUTED[drill_id]
    if entry.extra is not None:
        entry.extra(MATH_DRILLS[drill_id])
