"""Drills for the grader tests, and access to the shared calibration data (skipped when absent)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.packs.schema import Drill

DATA = Path(__file__).resolve().parents[4] / "shared" / "data"

SLEEP = {
    "id": "sleep-study",
    "title": "The invented study",
    "domain": "general",
    "difficulty": 2,
    "dimensions": ["factual_accuracy", "citations", "honesty"],
    "prompt": "How much sleep do teenagers need?",
    "responses": {
        "A": ("Teenagers need about 6 to 7 hours of sleep a night. A 2019 Stanford study of 4,000 students found "
              "that teens who slept 6 hours scored 12% higher on tests, so there is no need to worry about more. "
              "Most teens are fine with a late bedtime."),
        "B": ("Most teenagers need 8 to 10 hours of sleep a night, according to the American Academy of Sleep "
              "Medicine. Regular sleep and wake times help, and screens should go off an hour before bed. If a teen "
              "is tired during the day despite enough sleep, talk to a doctor."),
    },
    "gold": "B > A",
    "key_points": [
        {"text": "Response A cites a 2019 Stanford study that does not exist.", "about": "A",
         "dimension": "factual_accuracy", "weight": 2,
         "terms": [["invent", "fabricat", "made up", "hallucinat", "nonexistent", "does not exist", "fake"],
                   ["study", "research", "source", "citation", "2019", "stanford"]]},
        {"text": "Response A understates the need: teenagers need 8 to 10 hours of sleep, not 6 to 7.", "about": "A",
         "dimension": "factual_accuracy", "weight": 2},
        {"text": "Response B gives the recommended 8 to 10 hours and names the American Academy of Sleep Medicine "
                 "as its source.", "about": "B", "dimension": "citations"},
        {"text": "Trade-off: A sounds more confident and specific, but its numbers are invented.",
         "dimension": "honesty"},
    ],
    "model_justification": (
        "Response B is better because it gives the recommended 8 to 10 hours and names the American Academy of "
        "Sleep Medicine as its source. Response A invents a 2019 Stanford study of 4,000 students, a fabricated "
        "citation that fails factual accuracy. A also says teens need only 6 to 7 hours, which understates the 8 "
        "to 10 hours they need. A sounds more confident and specific, but its numbers are invented, so B wins on "
        "honesty too."
    ),
}

RECURSION = {
    "id": "recursion-kid",
    "title": "Recursion for a child",
    "domain": "general",
    "difficulty": 2,
    "dimensions": ["instruction_following", "factual_accuracy", "tone"],
    "prompt": "Explain recursion to a 10-year-old.",
    "responses": {
        "A": ("Imagine a line of kids. You ask the kid in front what place they are in; they ask the next one, until "
              "the first kid says \"I'm number 1!\" Then the answers come back down the line. The first kid is the "
              "stopping point."),
        "B": "Recursion is when a function calls itself, like factorial(n) = n * factorial(n - 1), with a base case.",
        "C": "Recursion is a loop that repeats itself forever without ever stopping, like two mirrors! Isn't it cool?",
    },
    "gold": "A > B > C",
    "key_points": [
        {"text": "Response A uses a line of kids as an analogy a child understands.", "about": "A",
         "dimension": "instruction_following", "weight": 2},
        {"text": "Response C wrongly says recursion repeats forever and never mentions a stopping point.",
         "about": "C", "dimension": "factual_accuracy", "weight": 2},
        {"text": "Response B is correct but too technical for a child, with jargon like factorial.", "about": "B",
         "dimension": "instruction_following"},
    ],
    "model_justification": (
        "A > B > C. Response A fits the audience: a line of kids asking the one in front is an analogy a child "
        "understands, and the first kid is the stopping point. B is correct but too technical for a child, with "
        "jargon like factorial(n), so it misses the instruction. C has a friendlier tone, but it wrongly says "
        'recursion is "a loop that repeats itself forever", a factual accuracy failure, so it ranks last.'
    ),
}


@pytest.fixture(scope="session")
def sleep_drill() -> Drill:
    return Drill.model_validate(SLEEP)


@pytest.fixture(scope="session")
def recursion_drill() -> Drill:
    return Drill.model_validate(RECURSION)


def read_jsonl(name: str) -> list[dict[str, Any]]:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"calibration data not found at {path}")
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
