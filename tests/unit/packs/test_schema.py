"""The committed JSON Schema is current, and the models' own rules report every problem with its field."""

from __future__ import annotations

import subprocess
import sys

import pytest
from pydantic import ValidationError

from bot.packs.schema import Card, ContentProblems, Drill, pack_json_schema_text
from tests.unit.packs.conftest import REPO

SCHEMA = REPO / "content" / "schema" / "pack.schema.json"
REGENERATE = "python -m bot.packs.schema > content/schema/pack.schema.json"


def test_committed_schema_is_current() -> None:
    assert SCHEMA.read_text(encoding="utf-8") == pack_json_schema_text(), f"the schema is stale: run `{REGENERATE}`"


def test_module_prints_the_schema() -> None:
    result = subprocess.run([sys.executable, "-m", "bot.packs.schema"], capture_output=True, text=True, check=True)
    assert result.stdout == pack_json_schema_text()


CARD = {"id": "c-1", "deck": "d", "type": "single_choice", "question": "Q?", "options": ["Yes", "No"],
        "answer": 0, "explanation": "Because."}


def problems_of(model: type, data: dict) -> list[str]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    [error] = caught.value.errors()
    cause = error["ctx"]["error"]
    assert isinstance(cause, ContentProblems)
    return [f"{'.'.join(map(str, problem.at))}: {problem.message}" for problem in cause.problems]


def test_card_rules_report_every_problem_with_its_field() -> None:
    data = {**CARD, "options": ["Yes", "yes", "No"], "answer": 5}
    assert problems_of(Card, data) == [
        "options.1: option 1 repeats an earlier option: 'yes'",
        "answer: answer index 5 is out of range: options are numbered 0 to 2",
    ]


def test_true_false_cards_take_no_options() -> None:
    data = {**CARD, "type": "true_false", "answer": 1}
    assert problems_of(Card, data) == [
        "options: a true_false card takes no options (they are always True and False)",
        "answer: a true_false card's answer must be true or false",
    ]


def test_answer_shape_is_one_clear_message() -> None:
    with pytest.raises(ValidationError, match="answer must be an option index like 0"):
        Card.model_validate({**CARD, "answer": "first"})


def test_the_content_format_example_drill_is_valid() -> None:
    drill = Drill.model_validate({
        "id": "drill-017", "title": "The invented study", "domain": "general", "difficulty": 2,
        "dimensions": ["factual_accuracy", "helpfulness"], "prompt": "How much sleep do teenagers need?",
        "responses": {"A": "Twelve hours, says a 2019 Stanford study.", "B": "Eight to ten hours."},
        "gold": "B > A",
        "key_points": [{"text": "Response A cites a 2019 Stanford study that does not exist.", "about": "A",
                        "dimension": "factual_accuracy", "weight": 2,
                        "terms": [["invent", "fabricat", "does not exist"], ["study", "2019"]]}],
        "model_justification": "Response B is better. Response A invents a study; B gives the real range.",
    })
    assert str(drill.gold_ranking) == "B > A"
