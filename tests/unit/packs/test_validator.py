"""validate_paths: the loader's issues plus plugged-in drill checks, as one report."""

from __future__ import annotations

from bot.packs.schema import Drill
from bot.packs.validator import ValidationIssue, validate_paths
from tests.unit.packs.conftest import FIXTURES

VALID = FIXTURES / "valid"


def test_valid_fixtures_validate_cleanly() -> None:
    report = validate_paths([VALID])
    assert report.ok, "\n".join(map(str, report.issues))
    assert report.counts == {"packs": 3, "cards": 5, "drills": 5, "issues": 0}
    assert report.summary() == "3 pack(s), 5 cards, 5 drills: OK"


def test_extra_drill_checks_report_at_the_drill_line() -> None:
    def no_ties(drill: Drill) -> list[str]:
        return ["gold has a tie"] if drill.gold_ranking.has_tie else []

    report = validate_paths([VALID / "good-pack"], extra_drill_checks=[no_ties])
    assert report.issues == [
        ValidationIssue((VALID / "good-pack/drills/ranking.yaml").as_posix(), 31, "good-pack", "drill-002",
                        "gold has a tie"),
    ]


def test_a_crashing_check_is_one_more_issue() -> None:
    def broken_check(drill: Drill) -> list[str]:
        raise RuntimeError("boom")

    report = validate_paths([VALID / "single.yaml"], extra_drill_checks=[broken_check])
    assert [str(issue) for issue in report.issues] == [
        (f"{(VALID / 'single.yaml').as_posix()}:23: single-yaml/tie-001: "
        "check broken_check crashed: RuntimeError: boom")
    ]

