"""Content pack models (the contract in docs/content.md) and the JSON Schema export.

Single-item rules live here as validators; rules that need the whole pack (deck exists,
unique ids) live in `validator.py`, so that every error can be reported at once with a line.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from bot.domain.dimensions import DimensionId
from bot.domain.ranking import LABELS, Ranking, RankingError

FORMAT_VERSION = 1

# Discord limits that content must fit (see the README's "Discord limits" and DISCORD.md).
EMBED_DESCRIPTION_MAX = 4096
EMBED_FIELD_MAX = 1024
SELECT_OPTION_MAX = 100
BUTTON_LABEL_MAX = 80
EMBED_TITLE_MAX = 256

ItemId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,47}$")]
PackId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
Label = Literal["A", "B", "C", "D"]
Domain = Literal["general", "coding", "math", "medical", "legal", "safety", "writing", "creative"]
CardType = Literal["single_choice", "multiple_choice", "true_false"]
Difficulty = Annotated[int, Field(ge=1, le=3)]


def _text(max_length: int, min_length: int = 1) -> Any:
    return Annotated[str, StringConstraints(strip_whitespace=True, min_length=min_length, max_length=max_length)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Deck(_Model):
    id: ItemId
    title: _text(EMBED_TITLE_MAX)  # type: ignore[valid-type]
    description: _text(EMBED_FIELD_MAX) = ""  # type: ignore[valid-type]


class Card(_Model):
    id: ItemId
    deck: ItemId
    type: CardType
    question: _text(EMBED_DESCRIPTION_MAX - 200)  # type: ignore[valid-type]
    options: list[_text(SELECT_OPTION_MAX)] = Field(default_factory=list)  # type: ignore[valid-type]
    answer: bool | int | list[int]
    explanation: _text(EMBED_FIELD_MAX)  # type: ignore[valid-type]
    dimensions: list[DimensionId] = Field(default_factory=list)
    difficulty: Difficulty = 1

    @model_validator(mode="after")
    def _answer_fits_type(self) -> Card:
        if self.type == "true_false":
            if self.options and [o.lower() for o in self.options] != ["true", "false"]:
                raise ValueError("a true_false card takes no options (they are always True and False)")
            if not isinstance(self.answer, bool):
                raise ValueError("a true_false card's answer must be true or false")
            return self
        if not 2 <= len(self.options) <= 5:
            raise ValueError(f"a {self.type} card needs 2 to 5 options, not {len(self.options)}")
        if len({o.casefold() for o in self.options}) != len(self.options):
            raise ValueError("options must be distinct")
        answers = self.answer if isinstance(self.answer, list) else [self.answer]
        if isinstance(self.answer, bool) or any(isinstance(a, bool) for a in answers):
            raise ValueError(f"a {self.type} card's answer is an option index (0-based), not true/false")
        if self.type == "single_choice" and isinstance(self.answer, list):
            raise ValueError("a single_choice card's answer is one index; use multiple_choice for several")
        if self.type == "multiple_choice" and not isinstance(self.answer, list):
            raise ValueError("a multiple_choice card's answer is a list of indexes, e.g. [0, 2]")
        for index in answers:
            if not 0 <= index < len(self.options):
                raise ValueError(
                    f"answer index {index} is out of range: options are numbered 0 to {len(self.options) - 1}"
                )
        if len(set(answers)) != len(answers) or not answers:
            raise ValueError("answer indexes must be distinct and at least one")
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


class KeyPoint(_Model):
    text: _text(EMBED_FIELD_MAX)  # type: ignore[valid-type]
    about: Label | None = None
    dimension: DimensionId | None = None
    weight: Annotated[float, Field(gt=0, le=5)] = 1
    terms: list[list[_text(80)]] | None = None  # type: ignore[valid-type]

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
    """Executable checks for a coding drill: each response's Python code block is run against them."""

    language: Literal["python"] = "python"
    function: Annotated[str, StringConstraints(pattern=r"^[A-Za-z_][A-Za-z0-9_]*$")]
    cases: Annotated[list[CodeCase], Field(min_length=1)]
    passing: Annotated[list[Label], Field(min_length=1)]  # responses whose code must pass every case
    failing: list[Label] = Field(default_factory=list)  # responses whose code must fail at least one


class Drill(_Model):
    id: ItemId
    title: _text(EMBED_TITLE_MAX)  # type: ignore[valid-type]
    domain: Domain
    difficulty: Difficulty
    dimensions: Annotated[list[DimensionId], Field(min_length=1)]
    prompt: _text(EMBED_DESCRIPTION_MAX - 200)  # type: ignore[valid-type]
    responses: dict[Label, _text(EMBED_DESCRIPTION_MAX - 100)]  # type: ignore[valid-type]
    gold: str
    allow_tie: bool = False
    key_points: Annotated[list[KeyPoint], Field(min_length=1, max_length=8)]
    model_justification: _text(1500, min_length=40)  # type: ignore[valid-type]
    checks: CodeChecks | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Drill:
        labels = list(self.responses)
        expected = list(LABELS[: len(labels)])
        if not 2 <= len(labels) <= 4 or sorted(labels) != expected:
            raise ValueError(f"responses must be labelled {', '.join(LABELS[:2])} up to D in order, 2 to 4 of them")
        try:
            Ranking.parse(self.gold, labels)
        except RankingError as exc:
            raise ValueError(f"gold: {exc}") from None
        for point in self.key_points:
            if point.about is not None and point.about not in self.responses:
                raise ValueError(f"key point about {point.about!r} names no response (labels: {', '.join(labels)})")
        if self.checks is not None:
            for label in (*self.checks.passing, *self.checks.failing):
                if label not in self.responses:
                    raise ValueError(f"checks name response {label!r}, which this drill does not have")
            if set(self.checks.passing) & set(self.checks.failing):
                raise ValueError("checks: a response cannot be both passing and failing")
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


class PackMeta(_Model):
    format: Literal[1]
    pack: PackId
    title: _text(EMBED_TITLE_MAX)  # type: ignore[valid-type]
    version: Annotated[int, Field(ge=1)]
    license: _text(100)  # type: ignore[valid-type]
    description: _text(EMBED_FIELD_MAX) = ""  # type: ignore[valid-type]
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
