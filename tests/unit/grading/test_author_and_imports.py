import subprocess
import sys

from bot.domain.grading import author_check, generic_template, grade
from bot.packs.schema import Drill
from tests.unit.grading.conftest import SLEEP


def test_a_sound_drill_passes(sleep_drill, recursion_drill):
    assert author_check(sleep_drill) == []
    assert author_check(recursion_drill) == []


def test_generic_template_stays_poor(sleep_drill):
    assert grade(sleep_drill, sleep_drill.gold, generic_template(sleep_drill)).score <= 30


def test_unmatchable_key_point_is_reported_with_a_hint():
    data = dict(SLEEP, key_points=[*SLEEP["key_points"], {
        "text": "Response B mentions circadian phase delay in adolescents.", "about": "B", "weight": 2}])
    problems = author_check(Drill.model_validate(data))
    assert any("circadian" in p and "add terms" in p for p in problems)


def test_importing_the_grader_does_not_import_numpy():
    code = "import sys, bot.domain.grading; print('numpy' in sys.modules, 'torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False False"


def test_speed_bench_runs():
    from bench.grader import run

    report = run(count=30, drills=3)
    assert report["count"] == 30
    assert report["p50_ms"] > 0
