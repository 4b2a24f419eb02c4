"""`quiz` in `studycoach console`: answer parsing, and whole sessions over real services."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.clock import FixedClock
from bot.console import console_id
from bot.console_app import build_console
from bot.console_quiz import AnswerError, parse_answer
from bot.packs.schema import Card
from bot.services.container import Services
from bot.settings import Settings
from bot.storage.repositories.quiz import QuizRepository
from tests.services.test_quiz_content import use_quiz_cards

DECK = "core-rubrics/factual-accuracy"
SINGLE = Card(id="s", deck="d", type="single_choice", question="?", options=["w", "x", "y", "z"], answer=2,
              explanation="!")
MULTI = Card(id="m", deck="d", type="multiple_choice", question="?", options=["w", "x", "y"], answer=[0, 2],
             explanation="!")
TRUE_FALSE = Card(id="t", deck="d", type="true_false", question="?", answer=False, explanation="!")


@pytest.mark.parametrize(
    ("text", "card", "expected"),
    [("3", SINGLE, [2]), ("C", SINGLE, [2]), (" c ", SINGLE, [2]), ("a, c", MULTI, [0, 2]), ("3,1", MULTI, [0, 2]),
     ("a c a", MULTI, [0, 2]), ("false", TRUE_FALSE, [1]), ("1", TRUE_FALSE, [0]), ("b", TRUE_FALSE, [1])],
)
def test_parse_answer(text: str, card: Card, expected: list[int]) -> None:
    assert parse_answer(text, card) == expected


@pytest.mark.parametrize(
    ("text", "card", "message"),
    [("5", SINGLE, "`5` is not one of the options. Answer with 1-4 or a-d;"),
     ("e", SINGLE, "Answer with 1-4 or a-d"),
     ("a, b", SINGLE, "This card takes one answer"),
     ("", MULTI, "Answer with 1-3 or a-c, several separated by commas"),
     ("maybe", TRUE_FALSE, "1 or 2, a or b, or true / false")],
)
def test_parse_answer_refuses_with_the_valid_choices(text: str, card: Card, message: str) -> None:
    with pytest.raises(AnswerError, match=message):
        parse_answer(text, card)


@pytest.fixture
async def services(settings: Settings, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Services]:
    opened = await Services.open(use_quiz_cards(settings, tmp_path), clock)
    try:
        yield opened
    finally:
        await opened.close()


async def run_console(services: Services, script: str) -> str:
    out = io.StringIO()
    console = build_console(services, guild="g", user="u", stdin=io.StringIO(script), stdout=out)
    assert await console.run() == 0
    return out.getvalue()


async def first_cards(services: Services, count: int) -> list[Card]:
    """The deck's first new cards, in the order a session asks them."""
    new = await QuizRepository(services.db).new_cards(console_id("user:u"), deck_id=DECK, per_deck=count)
    cards = []
    for card in new:
        item = await services.content.get_item(card.card_id)
        assert item.card is not None
        cards.append(item.card)
    return cards


def letter(index: int) -> str:
    return "abcde"[index]


async def test_a_session_right_wrong_refused_and_end(services: Services) -> None:
    first, second = await first_cards(services, 2)
    wrong = next(i for i in range(len(second.choices)) if i not in second.correct_indexes)
    script = (
        "quiz factual-accuracy\n"
        "x\n"  # refused: not an option
        "9\n"  # refused: out of range
        f"{letter(min(first.correct_indexes))}\n"
        f"{wrong + 1}\n"
        "end\n"
        "quit\n"
    )
    out = await run_console(services, script)
    assert "— Card 1 of 10 · Factual accuracy and hallucinations —" in out
    assert "`x` is not one of the options. Answer with 1-" in out
    assert "`9` is not one of the options." in out
    assert "Correct!\nWhy: " in out
    assert "Next review in 10 minutes." in out
    assert "+2 points" in out
    assert "Not quite. The answer: " in out
    assert "You will also see it again later in this session." in out
    assert "— Card 3 of 11" in out  # the next card is shown after the feedback
    assert "Session ended.\nReviewed 2, correct 1 (50%)." in out
    reviews = await QuizRepository(services.db).reviews(console_id("user:u"))
    assert [r.correct for r in reviews] == [True, False]
    assert {r.guild_id for r in reviews} == {console_id("guild:g")}


async def test_end_of_input_ends_the_session(services: Services) -> None:
    out = await run_console(services, "quiz\n")
    assert "Session ended.\nReviewed 0, correct 0 (0%)." in out


async def test_stats_decks_settings_and_unknown_deck(services: Services) -> None:
    out = await run_console(
        services,
        "quiz settings timezone Asia/Tokyo new 3\n"
        "quiz settings timezone Mars/Base\n"
        "quiz stats\n"
        "decks\n"
        "quiz nonsense-deck\n"
        "help\n"
        "quit\n",
    )
    assert "New cards per day: 3 · retention: 0.90 · timezone: Asia/Tokyo" in out
    assert "`Mars/Base` is not a timezone I know" in out
    assert "Today (2026-03-02, Asia/Tokyo): 0 review(s)" in out
    assert "new cards left today: 3" in out
    assert "core-rubrics/factual-accuracy" in out
    assert " 18 cards · 0 studied · 0 due · 0 mastered  Factual accuracy and hallucinations" in out
    assert "There is no deck `nonsense-deck`" in out
    assert "quiz [deck|stats|decks|settings]" in out
