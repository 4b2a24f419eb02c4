"""A learner's statistics: averages, the weakest criterion and its tip."""

from bot.domain.drill_stats import CRITERION_TIPS, CriterionMark, GradedAttempt, learner_stats


def attempt(agreement: float, score: int, marks: dict[str, tuple[int, int]], community: float | None = None):
    return GradedAttempt(agreement, agreement == 1.0, score,
                         tuple(CriterionMark(k, s, m) for k, (s, m) in marks.items()), community)


def test_empty() -> None:
    stats = learner_stats([])
    assert stats.attempts == 0
    assert stats.weakest is None
    assert stats.tip is None


def test_averages_and_weakest_criterion() -> None:
    stats = learner_stats([
        attempt(1.0, 80, {"key_points": (30, 35), "evidence": (10, 20), "form": (10, 10)}, community=1.0),
        attempt(0.5, 60, {"key_points": (20, 35), "evidence": (6, 20), "form": (8, 10)}, community=0.5),
        attempt(0.0, 40, {"key_points": (10, 35), "evidence": (2, 20), "form": (6, 10)}),
    ])
    assert stats.attempts == 3
    assert stats.gold_agreement == 0.5
    assert stats.exact_share == 1 / 3
    assert stats.community_agreement == 0.75
    assert stats.community_attempts == 2
    assert stats.average_score == 60
    percents = {c.id: round(c.percent, 1) for c in stats.criteria}
    assert percents == {"key_points": 57.1, "evidence": 30.0, "form": 80.0}
    assert [c.id for c in stats.criteria] == ["key_points", "evidence", "form"]  # rubric order
    assert stats.weakest is not None
    assert stats.weakest.id == "evidence"
    assert stats.tip == CRITERION_TIPS["evidence"]


def test_no_tip_when_every_criterion_is_strong() -> None:
    stats = learner_stats([attempt(1.0, 95, {"key_points": (35, 35), "form": (9, 10)})])
    assert stats.weakest is None
    assert stats.tip is None


def test_every_criterion_has_a_tip() -> None:
    from bot.domain.grading import WEIGHTS

    assert set(WEIGHTS) <= set(CRITERION_TIPS)
