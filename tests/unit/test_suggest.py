"""Autocomplete and "did you mean": one rule for decks, drills, content ids and timezones."""

from __future__ import annotations

from bot.domain.suggest import closest, did_you_mean, offer, search

DECKS = [("core/factual-accuracy", "Factual accuracy and hallucinations"), ("core/safety", "Safety and harm"),
         ("core/instruction-following", "Instruction following")]


def text(deck: tuple[str, str]) -> str:
    return f"{deck[0]}\n{deck[1]}"


def test_search_keeps_what_contains_the_typed_text_in_any_case() -> None:
    assert search("HALLUC", DECKS, text) == [DECKS[0]]
    assert search("core/", DECKS, text) == DECKS
    assert search("", DECKS, text, limit=2) == DECKS[:2]  # nothing typed: everything, up to the limit


def test_search_offers_the_closest_for_a_typo() -> None:
    assert search("safty", DECKS, text)[0] == DECKS[1]
    assert search("zzzzqqq", DECKS, text) == []


def test_search_does_not_match_across_the_id_and_the_title() -> None:
    assert search("safety\nsafety", DECKS, text) == [DECKS[1]]
    assert search("accuracy factual", DECKS, text)[0] == DECKS[0]  # no substring: the closest instead


def test_did_you_mean_names_the_closest_or_says_nothing() -> None:
    ids = [deck for deck, _ in DECKS]
    assert did_you_mean("core/safty", ids).startswith(" Did you mean `core/safety`")  # best first
    assert did_you_mean("core/safty", ids, limit=1) == " Did you mean `core/safety`?"
    assert did_you_mean("qqqq", ids) == ""
    assert did_you_mean("  ", ids) == ""
    assert closest("core/instruction", ids, limit=1) == ["core/instruction-following"]
    assert offer(["a", "b"]) == " Did you mean `a`, `b`?"
    assert offer([]) == ""
