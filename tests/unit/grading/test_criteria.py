"""One behaviour per criterion, on the sleep drill (B > A)."""

import pytest

from bot.domain.grading import InvalidRanking, grade

GOOD = (
    'B > A on factual accuracy. Response A cites "A 2019 Stanford study of 4,000 students", which is made up, '
    "and it claims teens need only 6 to 7 hours when they need 8 to 10. B states the 8 to 10 hours and names "
    "the American Academy of Sleep Medicine as its source, so it also wins on citations. A sounds more confident "
    "and specific, but its numbers are invented, and that honesty failure outweighs its confident tone."
)


def score(drill, text, ranking="B > A", criterion=None):
    result = grade(drill, ranking, text)
    return result.criterion(criterion).score if criterion else result


def test_good_justification_is_excellent(sleep_drill):
    result = score(sleep_drill, GOOD)
    assert result.band == "excellent", result
    assert result.missed_key_points == []
    assert [c.id for c in result.criteria] == ["key_points", "evidence", "dimensions", "tradeoff", "consistency",
                                                "form"]


def test_key_points_missed_point_is_reported(sleep_drill):
    text = "Response B is better because it cites the American Academy of Sleep Medicine. B gives 8 to 10 hours."
    result = score(sleep_drill, text)
    missed = [p.text for p in result.missed_key_points]
    assert any("2019 Stanford" in p for p in missed)
    assert result.criterion("key_points").score < result.criterion("key_points").max


def test_key_point_about_needs_the_right_response(sleep_drill):
    right = "B is better. Response A invents a 2019 Stanford study that does not exist. B cites the AASM."
    wrong = "A is worse. Response B invents a 2019 Stanford study that does not exist. B cites the AASM."
    assert score(sleep_drill, right, criterion="key_points") > score(sleep_drill, wrong, criterion="key_points")


def test_key_point_carries_over_to_the_next_sentence(sleep_drill):
    text = "Look at Response A. It invents a 2019 Stanford study. B is better and cites the AASM."
    result = score(sleep_drill, text)
    assert not any("2019 Stanford" in p.text for p in result.missed_key_points)


def test_evidence_counts_real_quotes_and_numbers(sleep_drill):
    with_quote = 'B > A. A says "teens who slept 6 hours scored 12% higher on tests", which is invented. B is right.'
    without = "B > A. A makes up a study. B is right about sleep."
    assert score(sleep_drill, with_quote, criterion="evidence") > score(sleep_drill, without, criterion="evidence")


def test_dimensions_need_a_response_in_the_sentence(sleep_drill):
    tied = "B > A. Response A fails factual accuracy with an invented study. B wins on citations."
    loose = "B > A. Factual accuracy and citations matter here. They decide it."
    assert score(sleep_drill, tied, criterion="dimensions") == 15
    assert score(sleep_drill, loose, criterion="dimensions") == 0


def test_tradeoff_rewards_a_concession(sleep_drill):
    conceding = "B > A. A sounds more confident and specific, but its study is invented. B cites the AASM."
    plain = "B > A. A invents a study. B cites the AASM."
    assert score(sleep_drill, conceding, criterion="tradeoff") == 10
    assert score(sleep_drill, plain, criterion="tradeoff") == 0


def test_consistency_agreeing_statement(sleep_drill):
    assert score(sleep_drill, GOOD, criterion="consistency") == 15


def test_form_sentence_count(sleep_drill):
    result = score(sleep_drill, "B is better.")
    assert "too_short" in result.flags
    long_text = " ".join(["Response A invents a 2019 Stanford study that does not exist."] * 12)
    assert "too_long" in score(sleep_drill, long_text).flags


def test_ranking_agreement_reported_separately(sleep_drill, recursion_drill):
    assert score(sleep_drill, GOOD).ranking.agreement == 1.0
    reversed_ = grade(sleep_drill, "A > B", GOOD.replace("Response B is better", "Response A is better"))
    assert reversed_.ranking.agreement == 0.0
    assert reversed_.score <= 40
    assert "You ranked A above B" in reversed_.ranking_feedback
    partial = grade(recursion_drill, "A > C > B", recursion_drill.model_justification)
    assert partial.ranking.agreement == pytest.approx(2 / 3, abs=1e-3)
    assert "ranked C above B" in partial.ranking_feedback


def test_bad_ranking_raises_a_value_error(sleep_drill):
    with pytest.raises(InvalidRanking) as info:
        grade(sleep_drill, "B > Q", GOOD)
    assert isinstance(info.value, ValueError)
    with pytest.raises(ValueError, match="exactly"):
        grade(sleep_drill, "B", GOOD)


def test_feedback_is_one_line_per_criterion_and_concrete(sleep_drill):
    result = score(sleep_drill, "B > A. B is better. A is worse.")
    for criterion in result.criteria:
        assert criterion.feedback
        assert "\n" not in criterion.feedback
    assert "Stanford" in result.criterion("key_points").feedback


def test_grade_output_matches_the_contract(sleep_drill):
    data = score(sleep_drill, GOOD).model_dump()
    for key in ("score", "band", "ranking", "criteria", "missed_key_points", "flags"):
        assert key in data
    assert set(data["ranking"]) == {"given", "gold", "agreement"}
    assert all(set(c) == {"id", "score", "max", "feedback"} for c in data["criteria"])
    assert sum(c["max"] for c in data["criteria"]) == 100


TIES = [
    "Response A fits the child with its line of kids. B and C are equally correct.",
    "Response A fits the child with its line of kids. Responses B and C are tied.",
    "B and C are equally good, both worse than A, whose line of kids fits a child.",
    "A > B = C. Response A fits the child with its line of kids.",
]


@pytest.mark.parametrize("text", TIES)
def test_a_stated_tie_agrees_with_a_tied_ranking_only(recursion_drill, text):
    assert score(recursion_drill, text, ranking="A > B = C", criterion="consistency") == 15
    untied = grade(recursion_drill, "A > B > C", text)
    assert untied.criterion("consistency").score == 0
    assert "contradicts_ranking" in untied.flags


def test_a_tie_chain_with_a_verdict(recursion_drill):
    text = "A = C > B. A's line of kids and C's mirrors both suit a child; B's factorial(n) does not."
    assert score(recursion_drill, text, ranking="A = C > B", criterion="consistency") == 15
    assert score(recursion_drill, text, ranking="A > C > B", criterion="consistency") == 0


def test_a_verdict_before_but_is_still_read(sleep_drill):
    text = ("Response B is better because it names the American Academy of Sleep Medicine, but it could be "
            "shorter. Response A invents a 2019 Stanford study.")
    assert score(sleep_drill, text, criterion="consistency") == 15
    conceded = "Response A is more confident, but B cites the American Academy of Sleep Medicine."
    assert score(sleep_drill, conceded, criterion="consistency") == 7  # no verdict; the concession is not one


def test_pronoun_verdicts_resolve_to_the_response_just_named(sleep_drill):
    text = ("Response A invents a 2019 Stanford study. Response B names the American Academy of Sleep Medicine. "
            "It should be ranked first.")
    assert score(sleep_drill, text, criterion="consistency") == 15
    assert score(sleep_drill, text, ranking="A > B", criterion="consistency") == 0
    latter = "Response A invents a study, and Response B cites the AASM. The latter is stronger."
    assert score(sleep_drill, latter, criterion="consistency") == 15
    assert score(sleep_drill, latter, ranking="A > B", criterion="consistency") == 0


def test_evidence_numbers_in_other_forms(sleep_drill):
    assert score(sleep_drill, "B > A. Response A says teens need 6-7 hours.", criterion="evidence") > 0  # "6 to 7"
    assert score(sleep_drill, "B > A. A's study has 4000 students.", criterion="evidence") == score(
        sleep_drill, "B > A. A's study has 4,000.0 students.", criterion="evidence") > 0


def test_an_aspect_in_common_is_not_a_tie(sleep_drill):
    text = ("Response A and Response B are the same length and equally good on tone, but B is better because it "
            "names the American Academy of Sleep Medicine.")
    result = grade(sleep_drill, "B > A", text)
    assert "contradicts_ranking" not in result.flags
    assert result.criterion("consistency").score == 15
