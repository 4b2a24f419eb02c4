"""Guards against gaming: instructions to the grader, keyword lists, generic filler, copying.

Each guard looks at one sentence (copying looks at the whole text) and says why it fired, so the
feedback can quote the sentence.
"""

from __future__ import annotations

import re

from bot.domain.grading.lexicon import GENERIC_HARD, GENERIC_SOFT
from bot.domain.grading.text import Sentence

_INJECTION = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        (r"\b(?:note|message|instructions?|reminder)\s+(?:to|for)\s+(?:the\s+)?(?:automated\s+|ai\s+)?"
        r"(?:grader|grading|scorer|evaluator|marker|reviewer|model|ai|system|assistant)\b"),
        r"\b(?:system|admin|developer)\s+(?:note|prompt|message|override|instruction)\b",
        (r"(?:^|[:\[(]\s*|please\s+)(?:ignore|disregard|forget|override|bypass)\s+(?:\w+\s+){0,3}?"
        r"(?:instructions?|rubrics?|rules|guidelines|criteria|key\s+points|scoring|grading|everything|prompts?)\b"),
        (r"\b(?:ignore|disregard|forget|override|bypass)\s+(?:all|any)\s+(?:of\s+)?(?:the\s+|your\s+)?"
        r"(?:previous\s+|prior\s+|above\s+|earlier\s+|other\s+)?(?:instructions|rules|guidelines)\b"),
        (r"(?<!\bto )(?<!\bnot )(?<!n't )\b(?:ignore|disregard|override|bypass)\s+(?:the\s+|your\s+|this\s+)?"
        r"(?:previous\s+|prior\s+|above\s+|earlier\s+|grading\s+)?"
        r"(?:rubrics?|key\s+points|criteria|scoring|grading|previous\s+instructions|prior\s+instructions)\b"),
        (r"\b(?:give|award|assign|grant)\s+(?:this|it|me|the)?\s*(?:justification|answer|submission|response)?\s*"
        r"(?:a\s+)?(?:score|grade|mark|rating)?\s*(?:of\s+)?(?:100|full\s+marks|a\s+perfect|maximum|top\s+marks)\b"),
        r"\b(?:score|grade|mark|rate)\s+(?:this|it|me)\s+(?:as\s+)?(?:100|excellent|perfect|highly)\b",
        r"\boutput\s+(?:a\s+)?(?:score|grade|band)\b",
        r"\bband\s*[:=]?\s*excellent\b",
        r"\bthis\s+justification\s+(?:is|deserves|should|must|has\s+been)\b",
        r"\b(?:you\s+are|act\s+as)\s+(?:now\s+)?(?:a|an|the)\s+(?:grader|evaluator|ai|assistant)\b",
        r"\bno\s+missed\s+key\s+points\b",
        r"\b(?:score|grade)\s*[:=]\s*100\b",
    )
)
_GENERIC_HARD = tuple(re.compile(p, re.IGNORECASE) for p in GENERIC_HARD)
_GENERIC_SOFT = tuple(re.compile(p, re.IGNORECASE) for p in GENERIC_SOFT)
_EXPLAINS = re.compile(r"\b(?:because|since|as it|as they|by|due to|for example|e\.g\.|such as|for instance)\b",
                       re.IGNORECASE)
COPY_THRESHOLD = 0.6  # share of the model justification's word 4-grams found in the text


def injection(sentence: Sentence) -> str | None:
    """The phrase that addresses the grader rather than the responses, if any."""
    for pattern in _INJECTION:
        match = pattern.search(sentence.text)
        if match:
            return match.group(0)
    return None


def stuffing(sentence: Sentence) -> bool:
    """A bare list of rubric words ("Reasoning, accuracy, helpfulness, 35%, $54."), not an argument."""
    text = sentence.text
    for a, b in reversed(sentence.quotes):
        text = text[: max(0, a - 1)] + " " + text[b + 1 :]
    segments = [s.strip() for s in re.split(r"[,;:]|\band\b", text) if s.strip(" .!?")]
    if len(segments) < 4:
        return False
    short = sum(1 for s in segments if len(s.split()) <= 3)
    return short / len(segments) >= 0.75


def generic_phrases(sentence: Sentence, concrete: bool) -> list[str]:
    """Generic praise or blame. Soft phrases count only when the sentence offers nothing concrete."""
    found = [m.group(0) for p in _GENERIC_HARD for m in p.finditer(sentence.text)]
    if not concrete and not _EXPLAINS.search(sentence.text):
        found += [m.group(0) for p in _GENERIC_SOFT for m in p.finditer(sentence.text)]
    return found


def copied(text_shingles: frozenset[tuple[str, ...]], model_shingles: frozenset[tuple[str, ...]]) -> float:
    """The share of the model justification's 4-grams that the text reuses."""
    if not model_shingles or not text_shingles:
        return 0.0
    return len(text_shingles & model_shingles) / len(model_shingles)
