"""What the grader returns: the grade format of CONTENT_FORMAT.md, plus detail for rendering."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.domain.ranking import RankingError
from bot.errors import UserError

Band = Literal["excellent", "good", "fair", "poor"]
CriterionId = Literal["key_points", "evidence", "dimensions", "tradeoff", "consistency", "form"]

BANDS: tuple[tuple[int, Band], ...] = ((85, "excellent"), (70, "good"), (50, "fair"), (0, "poor"))


def band_for(score: int) -> Band:
    return next(name for floor, name in BANDS if score >= floor)


class InvalidRanking(RankingError, UserError):
    """The submitted ranking cannot be read or does not rank this drill's responses."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True)


class CriterionScore(_Model):
    id: CriterionId
    score: int
    max: int
    feedback: str


class RankingResult(_Model):
    given: str
    gold: str
    agreement: float


class MissedKeyPoint(_Model):
    text: str
    about: str | None = None
    dimension: str | None = None


class MatchedKeyPoint(_Model):
    text: str
    about: str | None = None
    dimension: str | None = None
    sentence: int  # index into `sentences`
    coverage: float  # 0..1
    matched: bool  # counted as made (otherwise partial credit)
    terms: list[str] = Field(default_factory=list)  # the key point's words the sentence used


class FlaggedSentence(_Model):
    flag: str
    sentence: int | None = None
    text: str
    detail: str = ""


class Grade(_Model):
    id: str | None = None
    score: int
    band: Band
    ranking: RankingResult
    criteria: list[CriterionScore]
    missed_key_points: list[MissedKeyPoint]
    flags: list[str]
    # Detail for rendering and explanation (not part of the scoring contract).
    key_points_found: list[MatchedKeyPoint] = Field(default_factory=list)
    flagged: list[FlaggedSentence] = Field(default_factory=list)
    caps: list[str] = Field(default_factory=list)  # why the total is lower than the criteria's sum
    ranking_feedback: str = ""
    sentences: list[str] = Field(default_factory=list)

    def criterion(self, criterion_id: str) -> CriterionScore:
        return next(c for c in self.criteria if c.id == criterion_id)
