"""Calibration floors measured on ../shared/data (skipped when the data is absent).

The figures the bench reports (python bench/grader_calibration.py) were: SemEval AUC 0.758 vs a
bag-of-words 0.689 (macro-F1 0.686 at the fixed threshold 0.4); Spearman 0.967 against the expert,
band agreement 0.83, 91% within 10 points, no trap at 50 or more. The floors below leave room for
lexicon changes without letting calibration silently collapse.
"""

from collections import defaultdict

import pytest

from bench import grader_calibration as calibration
from bot.domain.grading import grade
from bot.packs.schema import Drill
from tests.unit.grading.conftest import read_jsonl


@pytest.fixture(scope="module")
def graded():
    rows = read_jsonl(calibration.JUSTIFICATIONS)
    by_kind = defaultdict(list)
    for row in rows:
        result = grade(Drill.model_validate(row["drill"]), row["ranking"], row["justification"])
        by_kind[row["kind"]].append((row, result))
    return by_kind


def test_expert_excellent_justifications_score_excellent(graded):
    for row, result in graded["excellent"]:
        assert result.band == "excellent", (row["id"], result.score)


@pytest.mark.parametrize("kind", ["generic_filler", "keyword_stuffing", "prompt_injection"])
def test_junk_scores_poor(graded, kind):
    for row, result in graded[kind]:
        assert result.band == "poor", (row["id"], result.score)


def test_no_trap_reaches_fifty(graded):
    for kind in calibration.TRAPS:
        for row, result in graded.get(kind, []):
            assert result.score < 50, (row["id"], kind, result.score)


def test_agreement_with_the_expert():
    read_jsonl(calibration.JUSTIFICATIONS)  # skips when absent
    report = calibration.justification_report(calibration.DATA / calibration.JUSTIFICATIONS)
    assert report["spearman"] >= 0.9
    assert report["band_agreement"] >= 0.7
    assert report["within_10"] >= 0.8


def test_key_point_coverage_beats_bag_of_words():
    read_jsonl(calibration.SEMEVAL)  # skips when absent
    report = calibration.semeval_report(calibration.DATA / calibration.SEMEVAL)
    assert report["auc_gain"] >= 0.05, report
    assert report["grader_macro_f1"] >= report["baseline_macro_f1_best_threshold"]
