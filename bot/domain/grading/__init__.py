"""The justification grader: deterministic, explainable, fast, pure (no I/O, no clock).

    grade(drill, "B > A", text) -> Grade          the score, band, criteria, feedback, flags
    format_grade_text(grade, drill) -> str        a readable rendering for the console and Discord
    author_check(drill) -> list[str]              problems with a drill's model answer and key points
    key_point_coverage(point, text, prompt=) -> float   graded 0..1 coverage of one key point
"""

from bot.domain.grading.author import author_check, generic_template
from bot.domain.grading.coverage import key_point_coverage
from bot.domain.grading.feedback import format_grade_text
from bot.domain.grading.grader import WEIGHTS, grade
from bot.domain.grading.keypoints import MATCH_THRESHOLD
from bot.domain.grading.models import (
    BANDS,
    CriterionScore,
    Grade,
    InvalidRanking,
    MissedKeyPoint,
    RankingResult,
    band_for,
)

__all__ = [
    "BANDS",
    "MATCH_THRESHOLD",
    "WEIGHTS",
    "CriterionScore",
    "Grade",
    "InvalidRanking",
    "MissedKeyPoint",
    "RankingResult",
    "author_check",
    "band_for",
    "format_grade_text",
    "generic_template",
    "grade",
    "key_point_coverage",
]
