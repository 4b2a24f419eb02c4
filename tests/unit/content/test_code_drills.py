"""Coding drills are executable: the code the gold ranks higher really works, the buggy code really fails.

Every drill with `checks` anywhere under content/packs is run: each `passing` response's first
```python block must pass every case, and each `failing` response's must fail at least one, so a
key point that calls code buggy is backed by a failing call (see code_runner.py).
"""

from __future__ import annotations

import pytest

from bot.packs.schema import Drill
from tests.unit.content.code_runner import first_python_block, pack_drill_items, run_response

DRILLS: list[tuple[str, Drill]] = [(key, Drill(**item)) for key, item in pack_drill_items()]
CHECKED = [pytest.param(drill, id=key) for key, drill in DRILLS if drill.checks is not None]


def test_content_has_checked_coding_drills() -> None:
    assert CHECKED, "no drill with code checks found under content/packs"


@pytest.mark.parametrize(
    "drill", [pytest.param(drill, id=key) for key, drill in DRILLS if drill.domain == "coding"]
)
def test_every_coding_drill_has_checks(drill: Drill) -> None:
    assert drill.checks is not None, f"{drill.id}: a coding drill needs `checks` (see CodeChecks)"


@pytest.mark.parametrize("drill", CHECKED)
def test_checked_responses_have_a_python_block(drill: Drill) -> None:
    assert drill.checks is not None
    for label in (*drill.checks.passing, *drill.checks.failing):
        assert first_python_block(drill.responses[label]), f"{drill.id}: response {label} has no ```python block"


@pytest.mark.parametrize("drill", CHECKED)
def test_passing_responses_pass_every_case(drill: Drill) -> None:
    checks = drill.checks
    assert checks is not None
    cases = [case.model_dump() for case in checks.cases]
    for label in checks.passing:
        result = run_response(drill.responses[label], checks.function, cases)
        assert result.all_passed, f"{drill.id}: response {label} should pass every case: {result.describe()}"


@pytest.mark.parametrize("drill", CHECKED)
def test_failing_responses_fail_a_case(drill: Drill) -> None:
    checks = drill.checks
    assert checks is not None
    cases = [case.model_dump() for case in checks.cases]
    for label in checks.failing:
        result = run_response(drill.responses[label], checks.function, cases)
        assert result.error is None, f"{drill.id}: response {label} does not even load: {result.error}"
        assert result.any_failed, f"{drill.id}: response {label} should fail at least one case but passes all"


@pytest.mark.parametrize("drill", CHECKED)
def test_gold_agrees_with_the_checks(drill: Drill) -> None:
    """Code that passes is never ranked below code the checks prove buggy."""
    checks = drill.checks
    assert checks is not None
    gold = drill.gold_ranking
    for good in checks.passing:
        for bad in checks.failing:
            assert gold.relation(good, bad) == 1, f"{drill.id}: gold ranks buggy {bad} level with or above {good}"


def test_runner_reports_errors_timeouts_and_mismatches() -> None:
    from tests.unit.content.code_runner import run_cases

    cases = [{"args": [2], "expect": 4}, {"args": [3], "expect": 9}]
    assert run_cases("def sq(x):\n    print('noise')\n    return x * x\n", "sq", cases).all_passed
    wrong = run_cases("def sq(x):\n    return x + x\n", "sq", cases)
    assert wrong.cases[0].ok
    assert not wrong.cases[1].ok
    assert wrong.any_failed
    raising = run_cases("def sq(x):\n    raise ValueError('no')\n", "sq", cases)
    assert raising.any_failed
    assert "ValueError" in (raising.cases[0].error or "")
    assert run_cases("x = 1\n", "sq", cases).error is not None
    assert run_cases("def sq(x):\n    while True:\n        pass\n", "sq", cases, timeout=1).error is not None
    assert run_cases("def t():\n    return (1, 2)\n", "t", [{"args": [], "expect": [1, 2]}]).all_passed
    assert not run_cases("def t():\n    return 1\n", "t", [{"args": [], "expect": True}]).all_passed
