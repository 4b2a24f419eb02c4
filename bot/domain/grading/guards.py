"""Guards against gaming: instructions to the grader, keyword lists, generic filler, copying.

Each guard looks at one sentence (copying looks at the whole text) and says why it fired, so the
feedback can quote the sentence.
"""

from __future__ import annotations

import bisect
import re

from bot.domain.grading import rubric
from bot.domain.grading.lexicon import GENERIC_HARD, GENERIC_SOFT, STOP_WORDS
from bot.domain.grading.text import Sentence, Token

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
_LIST_SEPARATOR = re.compile(r"[,;:/]|\b(?:and|or)\b|&", re.IGNORECASE)
_LABEL_ONLY = re.compile(r"(?:(?:response|resp\.?|answer)\s+)?[A-D]", re.IGNORECASE)
_AUXILIARIES = frozenset(("is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "does", "do",
                          "did", "can", "could", "will", "would", "should", "may", "might", "must", "not"))
_LABELS = frozenset("ABCD")
_SUBJECTS = frozenset(("it", "its", "they", "their", "this", "that", "these", "those", "he", "she", "we", "i", "you"))
STUFFED_ITEMS = 4
COPY_THRESHOLD = 0.6  # share of the model justification's word 4-grams found in the text


def injection(sentence: Sentence) -> str | None:
    """The phrase that addresses the grader rather than the responses, if any."""
    for pattern in _INJECTION:
        match = pattern.search(sentence.text)
        if match:
            return match.group(0)
    return None


def _segments(sentence: Sentence) -> list[list[Token]]:
    """The sentence's tokens (outside quotes) in list segments: runs between commas, semicolons,
    colons, slashes and the words "and", "or", "&"."""
    text = sentence.text
    cuts = sorted(m.start() for m in _LIST_SEPARATOR.finditer(text))
    segments: list[list[Token]] = [[] for _ in range(len(cuts) + 1)]
    for token in sentence.tokens:
        if token.quoted or token.kind == "sym" or token.norm in ("and", "or"):
            continue
        segments[bisect.bisect_right(cuts, token.start)].append(token)
    return [s for s in segments if s]


def _item(segment: list[Token], text: str) -> bool:
    """A list item: 1-3 words without a function word or a response label, or a bare label ("A:")."""
    if len(segment) <= 2 and _LABEL_ONLY.fullmatch(text[segment[0].start : segment[-1].end]):
        return True
    return len(segment) <= 3 and not any(t.norm in STOP_WORDS or t.text in _LABELS for t in segment)


def _clause(segment: list[Token], text: str) -> bool:
    """Verb structure: an auxiliary ("is", "does not"), a response doing something ("B lists flour"),
    or a run of five words."""
    if any(t.norm in _AUXILIARIES for t in segment) or len(segment) >= 5:
        return True
    return len(segment) >= 2 and any(t.text in _LABELS or t.norm in _SUBJECTS for t in segment)


def stuffing(sentence: Sentence) -> str | None:
    """Why a sentence is a bare list of rubric words, not an argument (None when it is prose).

    A list item is a short segment (1-3 words) without a function word: "factual accuracy", "35%",
    "honesty"; "a restated walkthrough" and "which fails conciseness" are prose. A sentence is a list
    when at least 4 items make up 3/4 of its segments, and then either 4 items name rubric dimensions
    ("B is better on accuracy, honesty, citations and tone"), or it has no verb structure and its items
    are many (6+) or half of them dimension names ("Reasoning, accuracy, helpfulness, 35%, $54.")."""
    text = sentence.text
    segments = _segments(sentence)
    items = [s for s in segments if _item(s, text)]
    if len(items) < STUFFED_ITEMS or len(items) < 0.75 * len(segments):
        return None
    named = [s for s in items if rubric.FORMAL in rubric.dimension_mentions(text[s[0].start : s[-1].end]).values()]
    if len(named) >= STUFFED_ITEMS:
        return "a list of dimension names"
    if not any(_clause(s, text) for s in segments) and (len(items) >= 6 or 2 * len(named) >= len(items)):
        return "a list of words, not an argument"
    return None


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
