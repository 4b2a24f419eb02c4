"""Evidence: sentences that cite something concrete and checkable from the responses.

A quote must really appear in a response (exactly, or rapidfuzz partial ratio >= 90); a quote
found nowhere is flagged and earns nothing. Numbers and code a response contains, and content
phrases it shares with a response (but not with the prompt), count too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from bot.domain.grading.prepared import PreparedDrill, bigrams, flat
from bot.domain.grading.text import Sentence, number_forms

QUOTE_CUTOFF = 90
QUOTE_UNIT = 1.0
CODE_UNIT = 0.8
NUMBER_UNIT = 0.7
DIGIT_UNIT = 0.3  # a single digit is weak evidence
PHRASE_UNIT = 0.4
UNITS_FOR_FULL = 1.5  # a quote plus a number or two earn the criterion


@dataclass(slots=True)
class SentenceEvidence:
    units: float = 0.0
    items: list[str] = field(default_factory=list)
    unverified: list[str] = field(default_factory=list)


def quote_source(quote: str, prepared: PreparedDrill) -> str | None:
    """The label of the response containing `quote`, "prompt", or None when it appears nowhere."""
    needle = flat(quote).strip(" .,;:!?'\"")
    if not needle:
        return "prompt"
    parts = [p.strip(" .,;:!?'\"") for p in needle.split("...") if p.strip(" .,;:!?'\"")]
    for response in prepared.responses:
        if all(p in response.flat for p in parts):
            return response.label
    for response in prepared.responses:
        if all(fuzz.partial_ratio(p, response.flat, score_cutoff=QUOTE_CUTOFF) for p in parts):
            return response.label
    if all(p in prepared.prompt_flat or fuzz.partial_ratio(p, prepared.prompt_flat, score_cutoff=QUOTE_CUTOFF)
           for p in parts):
        return "prompt"
    return None


def sentence_evidence(sentence: Sentence, prepared: PreparedDrill) -> SentenceEvidence:
    result = SentenceEvidence()
    for quote in sentence.quoted_texts():
        words = quote.split()
        if len(words) < 2 and len(quote) < 8:
            continue  # a scare-quoted word, not a citation
        source = quote_source(quote, prepared)
        if source is None:
            result.unverified.append(quote)
        elif source != "prompt":
            result.units += QUOTE_UNIT
            result.items.append(f'"{quote}"')
    numbers = prepared.numbers
    codes = frozenset().union(*(r.codes for r in prepared.responses))
    seen: set[str] = set()
    for token in sentence.tokens:
        if token.quoted or token.norm in seen:
            continue
        if token.kind == "num" and (
            hits := [f for f in number_forms(token.norm) if f in numbers and f not in prepared.prompt_numbers]
        ):
            result.units += DIGIT_UNIT if max(len(f) for f in hits) == 1 else NUMBER_UNIT
            result.items.append(token.text)
            seen.add(token.norm)
        elif token.kind == "code" and token.norm in codes:
            result.units += CODE_UNIT
            result.items.append(token.text)
            seen.add(token.norm)
    shared = 0
    unquoted = tuple(t for t in sentence.tokens if not t.quoted)
    for pair in sorted(bigrams(unquoted)):
        if pair in prepared.prompt_bigrams:
            continue
        if any(pair in r.bigrams for r in prepared.responses):
            shared += 1
    if shared:
        result.units += PHRASE_UNIT * min(shared, 2)
        result.items.append(f"{shared} shared phrase{'s' if shared > 1 else ''}")
    result.units = min(result.units, 1.0)
    return result


def foreign_details(sentence: Sentence, prepared: PreparedDrill) -> tuple[list[str], list[str]]:
    """The concrete details a sentence cites outside quotes (numbers of two or more digits, code),
    split into those this drill contains anywhere (prompt, responses, key points, model answer) and
    those it does not: a justification written for another drill cites the other drill's figures."""
    known: list[str] = []
    foreign: list[str] = []
    for token in sentence.tokens:
        if token.quoted or not (token.kind == "code" or (token.kind == "num" and len(token.norm) >= 2)):
            continue
        forms = number_forms(token.norm) if token.kind == "num" else (token.norm,)
        (known if any(f in prepared.details for f in forms) else foreign).append(token.text)
    return known, foreign
