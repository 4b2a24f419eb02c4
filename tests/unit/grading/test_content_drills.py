"""The content drills against the grader: each drill's model justification stays poor on every other
drill (no key point is so broad that an answer about something else makes it), and no term group is
made only of generic words."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain.grading import author_check
from bot.domain.grading.author import CROSS_MAX, cross_check, generic_groups
from bot.packs.loader import load_all
from bot.packs.schema import Drill
from tests.unit.grading.conftest import SLEEP

PACKS = Path(__file__).resolve().parents[3] / "content" / "packs"


def content_drills() -> list[Drill]:
    if not PACKS.exists():
        pytest.skip(f"no content at {PACKS}")
    return [drill for result in load_all([PACKS]) if result.pack for drill in result.pack.drills]


def test_model_justifications_stay_poor_on_other_drills():
    drills = content_drills()
    assert len(drills) > 1
    assert cross_check(drills) == [], f"each must stay <= {CROSS_MAX}"


def test_content_term_groups_are_specific():
    assert [(d.id, group) for d in content_drills() for _, group in generic_groups(d)] == []


def test_a_group_of_generic_words_is_reported_without_the_drill_id():
    point = {"text": "Trade-off: A is shorter, but it crashes.", "about": "A",
             "terms": [["short", "compact"], ["but", "however", "also", "one"]]}
    drill = Drill.model_validate(dict(SLEEP, key_points=[*SLEEP["key_points"], point]))
    problems = author_check(drill)
    assert any("['but', 'however', 'also', 'one']" in p and "generic" in p for p in problems)
    assert not any(p.startswith(drill.id) for p in problems)
    specific = dict(point, terms=[["short", "compact"], ["crash", "off by one", "does not matter"]])
    assert generic_groups(Drill.model_validate(dict(SLEEP, key_points=[*SLEEP["key_points"], specific]))) == []


def test_cross_check_reports_a_broad_drill(sleep_drill):
    broad = Drill.model_validate(dict(
        SLEEP, id="broad", key_points=[{"text": "A is wrong.", "terms": [["wrong", "better", "because"]]}],
        model_justification=SLEEP["model_justification"].replace("Stanford", "Yale"),
    ))
    problems = cross_check([sleep_drill, broad], limit=0)  # a zero limit reports every pair
    assert len(problems) == 2
    assert any(p.startswith("sleep-study's model justification scores") and "on broad" in p for p in problems)
