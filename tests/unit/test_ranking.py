import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.ranking import Ranking, RankingError, all_rankings, disagreeing_pairs, pairwise_agreement


def test_parse_tiers_and_str() -> None:
    ranking = Ranking.parse("b > a = c", ["A", "B", "C"])
    assert ranking.tiers == (("B",), ("A", "C"))
    assert str(ranking) == "B > A = C"
    assert ranking.has_tie


@pytest.mark.parametrize("text", ["", "B >", "B A", "A > A", "A > E", "> A"])
def test_invalid_rankings_are_refused(text: str) -> None:
    with pytest.raises(RankingError):
        Ranking.parse(text)


def test_labels_must_match() -> None:
    with pytest.raises(RankingError, match="exactly A, B, C"):
        Ranking.parse("A > B", ["A", "B", "C"])


def test_agreement() -> None:
    gold = Ranking.parse("A > B > C")
    assert pairwise_agreement(gold, gold) == 1.0
    assert pairwise_agreement(Ranking.parse("C > B > A"), gold) == 0.0
    assert pairwise_agreement(Ranking.parse("B > A > C"), gold) == pytest.approx(2 / 3)
    assert disagreeing_pairs(Ranking.parse("B > A > C"), gold) == [("A", "B")]


def test_all_rankings_counts() -> None:
    assert len(all_rankings(["A", "B", "C", "D"], allow_ties=False)) == 24
    assert [str(r) for r in all_rankings(["A", "B"], allow_ties=True)] == ["A > B", "B > A", "A = B"]
    with_ties = all_rankings(["A", "B", "C"], allow_ties=True)
    assert len(with_ties) == 13
    assert len({str(r) for r in with_ties}) == 13
    assert "A = C > B" in {str(r) for r in with_ties}
    assert len(all_rankings(["A", "B", "C", "D"], allow_ties=True)) == 24  # one select menu


@given(st.permutations(["A", "B", "C", "D"]), st.lists(st.sampled_from([">", "="]), min_size=3, max_size=3))
def test_round_trip(labels: list[str], ops: list[str]) -> None:
    text = labels[0] + "".join(f" {op} {label}" for op, label in zip(ops, labels[1:], strict=True))
    ranking = Ranking.parse(text, ["A", "B", "C", "D"])
    assert Ranking.parse(str(ranking)) == ranking
