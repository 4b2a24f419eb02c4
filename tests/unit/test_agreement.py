"""Community agreement on known data: distributions, majorities and Krippendorff's alpha (ordinal)."""

import math

import krippendorff
import pytest

from bot.domain.agreement import (
    Alpha,
    Rating,
    agreement_with_majority,
    describe_alpha,
    distribution,
    krippendorff_alpha,
    majority_relations,
    reliability_data,
    share_matching,
)
from bot.domain.ranking import Ranking

R = Ranking.parse


def test_distribution_and_share_matching_gold() -> None:
    given = [R("B > A"), R("B > A"), R("A > B"), R("A = B"), R("B > A")]
    assert distribution(given) == [(R("B > A"), 3), (R("A = B"), 1), (R("A > B"), 1)]
    assert share_matching(given, R("B > A")) == 0.6
    assert share_matching([], R("B > A")) is None


def test_majority_relations_leave_out_split_pairs() -> None:
    assert majority_relations([R("A > B > C"), R("A > C > B"), R("B > A > C")]) == {
        ("A", "B"): 1, ("A", "C"): 1, ("B", "C"): 1,
    }
    majority = majority_relations([R("A > B > C"), R("A > C > B")])
    assert majority == {("A", "B"): 1, ("A", "C"): 1}  # B against C is split one to one
    assert majority_relations([R("A > B"), R("B > A")]) == {}


def test_agreement_with_majority_of_the_others() -> None:
    others = [R("A > B > C"), R("A > B > C"), R("B > A > C")]
    assert agreement_with_majority(R("A > B > C"), others) == 1.0
    assert agreement_with_majority(R("C > B > A"), others) == 0.0
    assert agreement_with_majority(R("A > C > B"), others) == pytest.approx(2 / 3)
    assert agreement_with_majority(R("A > B"), []) is None


def test_reliability_data_positions_with_ties() -> None:
    raters, units, matrix = reliability_data([
        Rating("ann", 1, R("A = B > C")), Rating("bob", 1, R("C > A > B")), Rating("cid", 2, R("A > B")),
    ])
    assert raters == ["ann", "bob"]  # cid's drill had no second rater: not pairable
    assert units == [(1, "A"), (1, "B"), (1, "C")]
    assert matrix == [[0.0, 0.0, 1.0], [1.0, 2.0, 0.0]]


def test_alpha_is_one_for_perfect_agreement() -> None:
    ratings = [Rating(who, post, R(text)) for who in ("ann", "bob", "cid")
               for post, text in ((1, "B > A"), (2, "A > C > B"))]
    alpha = krippendorff_alpha(ratings)
    assert alpha.value == pytest.approx(1.0)
    assert (alpha.raters, alpha.units) == (3, 5)


def test_alpha_for_systematic_disagreement_matches_the_hand_computation() -> None:
    # Two learners, two 2-response drills, always opposite: binary data, alpha = 1 - (n - 1) o01 / (n0 n1)
    # with n = 8 values, n0 = n1 = 4 and o01 = 4 coincidences: 1 - 7 * 4 / 16 = -0.75.
    ratings = [Rating("ann", 1, R("A > B")), Rating("bob", 1, R("B > A")),
               Rating("ann", 2, R("B > A")), Rating("bob", 2, R("A > B"))]
    assert krippendorff_alpha(ratings).value == pytest.approx(-0.75)


def test_alpha_is_the_packages_ordinal_alpha_of_the_documented_matrix() -> None:
    ratings = [
        Rating("ann", 1, R("A > B > C")), Rating("bob", 1, R("A > C > B")), Rating("cid", 1, R("A > B > C")),
        Rating("ann", 2, R("B > A")), Rating("bob", 2, R("B > A")),
        Rating("ann", 3, R("C > A = B")), Rating("cid", 3, R("C > B > A")),
    ]
    nan = math.nan
    matrix = [  # units: 1A 1B 1C 2A 2B 3A 3B 3C
        [0, 1, 2, 1, 0, 1, 1, 0],
        [0, 2, 1, 1, 0, nan, nan, nan],
        [0, 1, 2, nan, nan, 2, 1, 0],
    ]
    expected = krippendorff.alpha(reliability_data=matrix, level_of_measurement="ordinal",
                                  value_domain=[0, 1, 2, 3])
    alpha = krippendorff_alpha(ratings)
    assert alpha.value == pytest.approx(expected)
    assert 0 < alpha.value < 1


@pytest.mark.parametrize("ratings", [
    [],
    [Rating("ann", 1, R("A > B"))],  # one learner
    [Rating("ann", 1, R("A > B")), Rating("bob", 2, R("B > A"))],  # two learners, never the same drill
])
def test_not_enough_data_is_said_plainly(ratings) -> None:
    alpha = krippendorff_alpha(ratings)
    assert alpha.value is None
    assert not alpha.enough
    assert describe_alpha(alpha).startswith("not enough data yet")


def test_no_variation_is_not_enough_data_either() -> None:
    ratings = [Rating("ann", 1, R("A = B")), Rating("bob", 1, R("A = B"))]
    alpha = krippendorff_alpha(ratings)
    assert alpha.value is None
    assert "no variation" in alpha.note


def test_describe_alpha_thresholds() -> None:
    assert "strong" in describe_alpha(Alpha(0.85, 3, 10))
    assert "fair" in describe_alpha(Alpha(0.7, 3, 10))
    assert "weak" in describe_alpha(Alpha(0.3, 3, 10))
    assert "chance" in describe_alpha(Alpha(-0.2, 3, 10))
