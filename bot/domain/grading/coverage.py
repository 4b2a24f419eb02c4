"""Key-point coverage of a free text, outside a drill (calibration, content tools)."""

from __future__ import annotations

from functools import lru_cache

from bot.domain.grading.concepts import Vocabulary
from bot.domain.grading.keypoints import CompiledPoint, compile_point, coverage, sentence_keys
from bot.domain.grading.text import content_stems, sentences
from bot.packs.schema import KeyPoint


@lru_cache(maxsize=4096)
def _compiled(text: str, terms: tuple[tuple[str, ...], ...] | None, prompt: str) -> tuple[CompiledPoint, Vocabulary]:
    point, stems, surfaces, prefixes = compile_point(
        0, text, terms=[list(g) for g in terms] if terms else None,
        prompt_stems=frozenset(content_stems(prompt)), labels=("A", "B", "C", "D"),
    )
    return point, Vocabulary(stems, surfaces, prefixes)


def key_point_coverage(point: KeyPoint | str, text: str, *, prompt: str = "") -> float:
    """How well the best sentence of `text` covers the key point, 0..1 (see keypoints.py).

    `prompt` words are weighted down: repeating the question is not an answer. `about` is ignored
    here (it needs a drill's responses); use `grade` for that."""
    if isinstance(point, KeyPoint):
        key_text, terms = point.text, tuple(tuple(g) for g in point.terms) if point.terms else None
    else:
        key_text, terms = point, None
    compiled, vocabulary = _compiled(key_text, terms, prompt)
    best = 0.0
    for sentence in sentences(text):
        best = max(best, coverage(compiled, sentence_keys(sentence.tokens, vocabulary)).value)
    return best
