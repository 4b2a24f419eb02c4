"""Form: 3-5 sentences of plain argument, without generic filler or keyword lists."""

from __future__ import annotations

from dataclasses import dataclass

MIN_SENTENCES, MAX_SENTENCES = 3, 5
MIN_WORDS, MAX_WORDS = 25, 200
TINY_WORDS = 15  # below this, a text is a remark, not a justification
LONG_CEILING_STEP = 4  # each sentence beyond the tolerated 6 lowers the score's ceiling this much
LONG_TOLERANCE = 6


@dataclass(frozen=True, slots=True)
class FormResult:
    score: int
    flags: tuple[str, ...]
    ceiling: int | None  # a rambling justification cannot score above this
    sentences: int
    words: int


def form(sentence_count: int, words: int, generic: int, stuffed: int, maximum: int = 10) -> FormResult:
    """Points out of `maximum`; the deductions below are on a 10-point scale."""
    score = 10.0
    flags: list[str] = []
    if sentence_count < MIN_SENTENCES or words < MIN_WORDS:
        flags.append("too_short")
        score -= 10 if sentence_count <= 1 or words < TINY_WORDS else 4 * max(MIN_SENTENCES - sentence_count, 1)
    elif sentence_count > MAX_SENTENCES or words > MAX_WORDS:
        flags.append("too_long")
        score -= 3 * max(sentence_count - MAX_SENTENCES, 1) + max(0, words - MAX_WORDS) // 25
    score -= 3 * min(generic, 3) + 4 * min(stuffed, 2)
    ceiling = None
    overflow = max(sentence_count - LONG_TOLERANCE, (words - MAX_WORDS) // 30)
    if "too_long" in flags and overflow > 0:
        ceiling = 100 - LONG_CEILING_STEP * (overflow + 1)
    return FormResult(max(0, round(score * maximum / 10)), tuple(flags), ceiling, sentence_count, words)
