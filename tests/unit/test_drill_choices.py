"""The rankings offered in the select menu, and their compact codes for custom ids."""

import pytest

from bot.domain.drill_choices import MAX_CHOICES, decode, encode, ranking_choices
from bot.domain.ranking import Ranking, RankingError


def test_two_responses_read_naturally() -> None:
    choices = ranking_choices(("A", "B"), allow_ties=False)
    assert [(c.label, c.code) for c in choices] == [("A is better", "A>B"), ("B is better", "B>A")]
    tied = ranking_choices(("A", "B"), allow_ties=True)
    assert tied[-1].label == "A and B are equally good"
    assert tied[-1].code == "A=B"


@pytest.mark.parametrize(("labels", "ties", "count"), [
    (("A", "B", "C"), False, 6), (("A", "B", "C"), True, 13), (("A", "B", "C", "D"), False, 24),
    (("A", "B", "C", "D"), True, 24),
])
def test_every_ordering_within_a_select_menu(labels, ties, count) -> None:
    choices = ranking_choices(labels, allow_ties=ties)
    assert len(choices) == count <= MAX_CHOICES
    assert len({c.code for c in choices}) == count
    assert all(sorted(c.ranking.labels) == list(labels) for c in choices)


def test_a_tied_gold_can_be_chosen_with_three_responses() -> None:
    codes = {c.code for c in ranking_choices(("A", "B", "C"), allow_ties=True)}
    assert {"B=C>A", "A=C>B", "A>B=C", "A=B=C"} <= codes


def test_codes_round_trip_and_fit_custom_ids() -> None:
    for choice in ranking_choices(("A", "B", "C", "D"), allow_ties=False):
        assert decode(choice.code, ("A", "B", "C", "D")) == choice.ranking
        assert len(choice.code) <= 7
    assert encode(Ranking.parse("B > A = C")) == "B>A=C"
    with pytest.raises(RankingError):
        decode("A>B", ("A", "B", "C"))
