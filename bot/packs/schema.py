"""Content pack models (the contract in docs/content.md) and the JSON Schema export.

Every rule about one item lives here, in the models, so that content built any other way (an
upload, a test) is held to the same rules. Rules that relate items to each other (a card's deck
exists, ids are unique) need the whole pack and live in `loader.py`.

Cross-field rules raise `ContentProblems`: all the problems of an item at once, each with the path
of the field it concerns, so that the loader can point at the right line.

Regenerate the committed JSON Schema with `python -m bot.packs.schema > content/schema/pack.schema.json`.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from bot.domain.dimensions import DimensionId
from bot.domain.ranking import LABELS, Ranking, RankingError

FORMAT_VERSION = 1

# Discord limits that content must fit (docs/content.md, "Discord limits").
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELD_MAX = 1024
EMBED_TITLE_MAX = 256
EMBED_TOTAL_MAX = 6000
SELECT_OPTION_MAX = 100
BUTTON_LABEL_MAX = 80
# Room kept free in a drill's embed for labels, footer and the step counter.
DRILL_EMBED_RESERVE = 200

# Why a length limit exists, quoted in validation messages so that authors know what to shorten for.
LIMIT_REASONS: dict[tuple[str, str], str] = {
    ("Card", "options"): "an option is shown as a button label (80) and a select option (100)",
    ("Card", "question"): "the question is an embed description (4096), with room kept for the options",
    ("Card", "explanation"): "the explanation is an embed field (1024)",
    ("Deck", "title"): "a deck title is a select option label (100)",
    ("Deck", "description"): "a deck description is a select option description (100)",
    ("Drill", "title"): "a drill title is an embed title (256)",
    ("Drill", "prompt"): "the prompt is an embed description (4096), with room kept for labels",
    ("Drill", "responses"): "a response is an embed description (4096), with room kept for labels",
    ("Drill", "model_justification"): "the model justification is shown with the grade, beside the criteria",
    ("KeyPoint", "text"): "a missed key point is shown as an embed field (1024)",
    ("KeyPoint", "terms"): "a term is matched inside one sentence; keep it to a few words",
    ("PackMeta", "title"): "a pack title is an embed title (256)",
    ("PackMeta", "description"): "a pack description is an embed field (1024)",
}

ITEM_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,47}$"
PACK_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"
FUNCTION_NAME_PATTERN = r"^[A-Za-z_][A-Za-z0-9_]*$"

ItemId = Annotated[str, StringConstraints(pattern=ITEM_ID_PATTERN)]
PackId = Annotated[str, StringConstraints(pattern=PACK_ID_PATTERN)]
Label = Literal["A", "B", "C", "D"]
Domain = Literal["general", "coding", "math", "medical", "legal", "safety", "writing", "creative"]
CardType = Literal["single_choice", "multiple_choice", "true_false"]
Difficulty = Annotated[int, Field(ge=1, le=3, description="1 easy, 2 medium, 3 hard")]

_PYTHON_BLOCK = re.compile(r"```(?:python|py)[ \t]*\r?\n", re.IGNORECASE)  # as the code-check runner reads it


def _text(max_length: int, min_length: int = 1) -> Any:
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)]


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule: `at` is the path of the field inside the item, e.g. ("key_points", 2, "about")."""

    at: tuple[str | int, ...]
    message: str


class ContentProblems(ValueError):
    """Every cross-field rule an item breaks; pydantic keeps the exception in the error's `ctx`."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


def _raise_if(problems: list[Problem]) -> None:
    if problems:
        raise ContentProblems(problems)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Deck(_Model):
    """A named group of cards; learners pick decks from a select menu."""

    id: ItemId
    title: _text(SELECT_OPTION_MAX)  # type: ignore[valid-type]
    description: _text(SELECT_OPTION_MAX, min_length=0) = ""  # type: ignore[valid-type]


class Card(_Model):
    """A quiz card, reviewed with spaced repetition."""

    id: ItemId
    deck: ItemId
    type: CardType
    question: _text(EMBED_DESCRIPTION_MAX - 200)  # type: ignore[valid-type]
    options: list[_text(BUTTON_LABEL_MAX)] = Field(default_factory=list)  # type: ignore[valid-type]
    answer: bool | int | list[int] = Field(
        description="0-based option index; a list of indexes for multiple_choice; true/false for true_false"
    )
    explanation: _text(EMBED_FIELD_MAX)  # type: ignore[valid-type]
    dimensions: list[DimensionId] = Field(default_factory=list)
    difficulty: Difficulty = 1

    @field_validator("answer", mode="before")
    @classmethod
    def _answer_shape(cls, value: Any) -> Any:
        # One clear message instead of pydantic's three (one per member of the union).
        is_index = isinstance(value, int)
        is_index_list = isinstance(value, list) and all(
            isinstance(item, int) and not isinstance(item, bool) for item in value
        )
        if not (is_index or is_index_list):
            raise ValueError(
                f"answer must be an option index like 0, a list of indexes like [0, 2], or true/false, "
                f"not {value!r}"
            )
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Card:
        _raise_if(card_problems(self))
        return self

    @property
    def choices(self) -> list[str]:
        """The options as shown to the learner (True/False for true_false cards)."""
        return ["True", "False"] if self.type == "true_false" else list(self.options)

    @property
    def correct_indexes(self) -> frozenset[int]:
        if self.type == "true_false":
            return frozenset({0 if self.answer else 1})
        return frozenset(self.answer if isinstance(self.answer, list) else [self.answer])  # type: ignore[arg-type]


def card_problems(card: Card) -> list[Problem]:
    """The cross-field rules of a card: options and answer must agree with its type."""
    if card.type == "true_false":
        problems = []
        if card.options and [option.lower() for option in card.options] != ["true", "false"]:
            problems.append(Problem(
                ("options",), "a true_false card takes no options (they are always True and False)"
            ))
        if not isinstance(card.answer, bool):
            problems.append(Problem(("answer",), "a true_false card's answer must be true or false"))
        return problems
    if not 2 <= len(card.options) <= 5:
        return [Problem(("options",), f"a {card.type} card needs 2 to 5 options, not {len(card.options)}")]
    problems = []
    seen: set[str] = set()
    for index, option in enumerate(card.options):
        if option.casefold() in seen:
            problems.append(Problem(("options", index), f"option {index} repeats an earlier option: {option!r}"))
        seen.add(option.casefold())
    if isinstance(card.answer, bool):
        problems.append(Problem(
            ("answer",), f"a {card.type} card's answer is an option index (0-based), not true/false"
        ))
    elif card.type == "single_choice" and isinstance(card.answer, list):
        problems.append(Problem(
            ("answer",), "a single_choice card's answer is one index; use multiple_choice for several"
        ))
    elif card.type == "multiple_choice" and not isinstance(card.answer, list):
        problems.append(Problem(("answer",), "a multiple_choice card's answer is a list of indexes, e.g. [0, 2]"))
    else:
        answers = card.answer if isinstance(card.answer, list) else [card.answer]
        for index in answers:
            if not 0 <= index < len(card.options):
                problems.append(Problem(
                    ("answer",),
                    f"answer index {index} is out of range: options are numbered 0 to {len(card.options) - 1}",
                ))
        if not answers or len(set(answers)) != len(answers):
            problems.append(Problem(("answer",), "answer indexes must be distinct and at least one"))
    return problems


class KeyPoint(_Model):
    """What an expert justification must say; the grader looks for it sentence by sentence."""

    text: _text(EMBED_FIELD_MAX)  # type: ignore[valid-type]
    about: Label | None = Field(default=None, description="the response this point is about; restricts matching")
    dimension: DimensionId | None = None
    weight: Annotated[float, Field(gt=0, le=5)] = 1
    terms: list[list[_text(80)]] | None = Field(  # type: ignore[valid-type]
        None, description="synonym groups; every group must match within one sentence"
    )

    @field_validator("terms")
    @classmethod
    def _groups_not_empty(cls, value: list[list[str]] | None) -> list[list[str]] | None:
        if value is not None and (not value or any(not group for group in value)):
            raise ValueError("terms must be a non-empty list of non-empty synonym groups")
        return value


class CodeCase(_Model):
    """One call of the function under test: `function(*args)` must equal `expect`."""

    args: list[Any] = Field(default_factory=list)
    expect: Any


class CodeChecks(_Model):
    """Executable checks for a coding drill: each response's first ```python block is run against them."""

    language: Literal["python"] = "python"
    function: Annotated[str, StringConstraints(pattern=FUNCTION_NAME_PATTERN)]
    cases: Annotated[list[CodeCase], Field(min_length=1)]
    passing: Annotated[list[Label], Field(min_length=1)]  # responses whose code must pass every case
    failing: list[Label] = Field(default_factory=list)  # responses whose code must fail at least one


class Drill(_Model):
    """A ranking drill: rank 2-4 responses and justify the ranking."""

    id: ItemId
    title: _text(EMBED_TITLE_MAX)  # type: ignore[valid-type]
    domain: Domain
    difficulty: Difficulty
    dimensions: Annotated[list[DimensionId], Field(min_length=1)]
    prompt: _text(EMBED_DESCRIPTION_MAX - 200)  # type: ignore[valid-type]
    responses: dict[Label, _text(EMBED_DESCRIPTION_MAX - 100)]  # type: ignore[valid-type]
    gold: str = Field(description="best first; '=' marks a tie, e.g. 'B > A = C'")
    allow_tie: bool = Field(default=False, description="learners may answer a tie; required when gold has one")
    key_points: Annotated[list[KeyPoint], Field(min_length=1, max_length=8)]
    model_justification: _text(1500, min_length=40)  # type: ignore[valid-type]
    checks: CodeChecks | None = None

    @field_validator("responses")
    @classmethod
    def _labels_in_order(cls, value: dict[str, str]) -> dict[str, str]:
        # Mapping order is cosmetic in YAML; show responses A, B, C, D whatever order they were written in.
        return dict(sorted(value.items()))

    @model_validator(mode="after")
    def _consistent(self) -> Drill:
        _raise_if(drill_problems(self))
        return self

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.responses)

    @property
    def gold_ranking(self) -> Ranking:
        return Ranking.parse(self.gold, self.labels)

    @property
    def primary_dimension(self) -> str:
        return self.dimensions[0]


def drill_problems(drill: Drill) -> list[Problem]:
    """The cross-field rules of a drill: labels, gold, key points, code checks and embed sizes."""
    labels = list(drill.responses)
    if not 2 <= len(labels) <= 4 or labels != list(LABELS[: len(labels)]):
        return [Problem(
            ("responses",), f"responses must be 2 to 4, labelled A, B, C, D without gaps, not {', '.join(labels)}"
        )]
    problems = []
    for index, dimension in enumerate(drill.dimensions):
        if dimension in drill.dimensions[:index]:
            problems.append(Problem(("dimensions", index), f"dimension {dimension} is listed twice"))
    try:
        gold = Ranking.parse(drill.gold, labels)
    except RankingError as exc:
        problems.append(Problem(("gold",), f"gold: {exc}"))
    else:
        if gold.has_tie and not drill.allow_tie:
            problems.append(Problem(
                ("gold",), f"gold {drill.gold!r} has a tie but allow_tie is false: add 'allow_tie: true'"
            ))
    for index, point in enumerate(drill.key_points):
        if point.about is not None and point.about not in drill.responses:
            problems.append(Problem(
                ("key_points", index, "about"),
                f"key point about {point.about!r} names no response (labels: {', '.join(labels)})",
            ))
    if drill.checks is not None:
        problems += _checks_problems(drill, drill.checks)
    for label, response in drill.responses.items():
        size = len(drill.title) + len(drill.prompt) + len(response)
        if size > EMBED_TOTAL_MAX - DRILL_EMBED_RESERVE:
            problems.append(Problem(
                ("responses", label),
                f"response {label} does not fit one Discord embed with the title and prompt: "
                f"{size} characters, over {EMBED_TOTAL_MAX - DRILL_EMBED_RESERVE} "
                f"({EMBED_TOTAL_MAX} per embed, {DRILL_EMBED_RESERVE} kept for labels)",
            ))
    return problems


def _checks_problems(drill: Drill, checks: CodeChecks) -> list[Problem]:
    problems = []
    for field in ("passing", "failing"):
        for index, label in enumerate(getattr(checks, field)):
            if label not in drill.responses:
                problems.append(Problem(
                    ("checks", field, index), f"checks name response {label!r}, which this drill does not have"
                ))
            elif not _PYTHON_BLOCK.search(drill.responses[label]):
                problems.append(Problem(
                    ("checks", field, index), f"checks run response {label}'s code, but it has no ```python block"
                ))
    problems += [
        Problem(("checks",), f"checks: response {label} cannot be both passing and failing")
        for label in sorted(set(checks.passing) & set(checks.failing))
    ]
    return problems


class PackMeta(_Model):
    """A pack's metadata and decks (pack.yaml)."""

    format: Literal[1]
    pack: PackId
    title: _text(EMBED_TITLE_MAX)  # type: ignore[valid-type]
    version: Annotated[int, Field(ge=1, description="bump when an item's meaning changes")]
    license: _text(100)  # type: ignore[valid-type]
    description: _text(EMBED_FIELD_MAX, min_length=0) = ""  # type: ignore[valid-type]
    decks: list[Deck] = Field(default_factory=list)


class PackFile(PackMeta):
    """A self-contained pack in one YAML or JSON file (the upload/export form)."""

    cards: list[Card] = Field(default_factory=list)
    drills: list[Drill] = Field(default_factory=list)


class Pack(_Model):
    """A loaded pack: metadata plus every item, whatever files it came from."""

    meta: PackMeta
    cards: list[Card] = Field(default_factory=list)
    drills: list[Drill] = Field(default_factory=list)
    source: str = ""  # the folder or file it was loaded from, for messages

    @property
    def id(self) -> str:
        return self.meta.pack


def pack_json_schema() -> dict[str, Any]:
    """The JSON Schema editors use for content files (`content/schema/pack.schema.json`)."""
    schema = PackFile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "studycoach content pack"
    return schema


def pack_json_schema_text() -> str:
    return json.dumps(pack_json_schema(), indent=2, sort_keys=True) + "\n"


if __name__ == "__main__":
    sys.stdout.write(pack_json_schema_text())
