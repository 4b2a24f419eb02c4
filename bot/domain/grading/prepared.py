"""Per-drill data the grader reuses for every justification: compiled key points, the drill
vocabulary, response numbers, phrases and normalised texts. Cached by drill id and content hash."""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import OrderedDict
from dataclasses import dataclass

from bot.domain.grading.concepts import Vocabulary, stem_keys
from bot.domain.grading.keypoints import CompiledPoint, compile_point, coverage, sentence_keys
from bot.domain.grading.text import Token, normalize, number_forms, sentences, tokenize
from bot.domain.ranking import Ranking
from bot.packs.schema import Drill

CACHE_SIZE = 512
EXCERPT_COVERAGE = 0.1
_MARKUP = re.compile(r"[*_`#>|]+")
_SPACE = re.compile(r"\s+")


def flat(text: str) -> str:
    """Lowercase text without markup, with one kind of quote and dash, for quote checks."""
    text = normalize(text).lower()
    text = text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                                         "\u2014": "-", "\u2013": "-", "\u2026": "..."}))
    return _SPACE.sub(" ", _MARKUP.sub(" ", text)).strip()


def bigrams(tokens: tuple[Token, ...]) -> set[tuple[str, str]]:
    result = set()
    for left, right in itertools.pairwise(tokens):
        if left.content and right.content and left.kind != "sym" and right.kind != "sym":
            result.add((left.stem, right.stem))
    return result


@dataclass(frozen=True, slots=True)
class ResponseFacts:
    label: str
    flat: str
    numbers: frozenset[str]
    codes: frozenset[str]
    bigrams: frozenset[tuple[str, str]]


@dataclass(frozen=True, slots=True)
class PreparedDrill:
    drill: Drill
    labels: tuple[str, ...]
    gold: Ranking
    prompt_flat: str
    prompt_stems: frozenset[str]
    prompt_numbers: frozenset[str]
    prompt_bigrams: frozenset[tuple[str, str]]
    responses: tuple[ResponseFacts, ...]
    points: tuple[CompiledPoint, ...]
    vocabulary: Vocabulary
    model_shingles: frozenset[tuple[str, ...]]
    topic_keys: frozenset[str]  # concept keys of the prompt, responses and key points
    excerpts: tuple[str | None, ...]  # per key point: the response sentence that best shows it

    numbers: frozenset[str]  # every response's numbers, in all their forms (text.number_forms)
    details: frozenset[str]  # numbers (all forms) and code of the prompt, responses, key points, model answer


def shingles(text: str, size: int = 4) -> frozenset[tuple[str, ...]]:
    return word_shingles(tuple(t.norm for t in tokenize(normalize(text)) if t.kind != "sym"), size)


def word_shingles(words: tuple[str, ...], size: int = 4) -> frozenset[tuple[str, ...]]:
    return frozenset(words[i : i + size] for i in range(max(0, len(words) - size + 1)))


def _facts(label: str, text: str) -> ResponseFacts:
    tokens = tokenize(normalize(text))
    return ResponseFacts(
        label,
        flat(text),
        frozenset(form for t in tokens if t.kind == "num" for form in number_forms(t.norm)),
        frozenset(t.norm for t in tokens if t.kind == "code"),
        frozenset(bigrams(tokens)),
    )


def _build(drill: Drill) -> PreparedDrill:
    labels = tuple(drill.responses)
    prompt_tokens = tokenize(normalize(drill.prompt))
    prompt_stems = frozenset(t.stem for t in prompt_tokens if t.content)
    stems: set[str] = set()
    surfaces: set[str] = set()
    prefixes: set[str] = set()
    points = []
    for index, point in enumerate(drill.key_points):
        compiled, point_stems, point_surfaces, point_prefixes = compile_point(
            index, point.text, about=point.about, dimension=point.dimension, weight=float(point.weight),
            terms=[list(group) for group in point.terms] if point.terms else None,
            prompt_stems=prompt_stems, labels=labels,
        )
        points.append(compiled)
        stems |= point_stems
        surfaces |= point_surfaces
        prefixes |= point_prefixes
    vocabulary = Vocabulary(stems, surfaces, prefixes)
    responses = tuple(_facts(label, text) for label, text in drill.responses.items())
    return PreparedDrill(
        drill=drill,
        labels=labels,
        gold=drill.gold_ranking,
        prompt_flat=flat(drill.prompt),
        prompt_stems=prompt_stems,
        prompt_numbers=frozenset(form for t in prompt_tokens if t.kind == "num" for form in number_forms(t.norm)),
        prompt_bigrams=frozenset(bigrams(prompt_tokens)),
        responses=responses,
        numbers=frozenset().union(*(r.numbers for r in responses)),
        details=_details(drill),
        points=tuple(points),
        vocabulary=vocabulary,
        model_shingles=shingles(drill.model_justification),
        topic_keys=_topic_keys(drill),
        excerpts=tuple(_excerpt(drill, point, vocabulary) for point in points),
    )


def _excerpt(drill: Drill, point: CompiledPoint, vocabulary: Vocabulary) -> str | None:
    """The sentence of the point's response (or of any response) that covers the point best."""
    labels = [point.about] if point.about else list(drill.responses)
    best, found = 0.0, None
    for label in labels:
        for sentence in sentences(drill.responses[label]):
            value = coverage(point, sentence_keys(sentence.tokens, vocabulary)).value
            if value > best:
                best, found = value, sentence.text
    return found if best >= EXCERPT_COVERAGE else None


def _details(drill: Drill) -> frozenset[str]:
    found: set[str] = set()
    texts = (drill.prompt, *drill.responses.values(), *(p.text for p in drill.key_points), drill.model_justification)
    for text in texts:
        for token in tokenize(normalize(text)):
            if token.kind == "num":
                found.update(number_forms(token.norm))
            elif token.kind == "code":
                found.add(token.norm)
    return frozenset(found)


def _topic_keys(drill: Drill) -> frozenset[str]:
    keys: set[str] = set()
    for text in (drill.prompt, *drill.responses.values(), *(p.text for p in drill.key_points)):
        for token in tokenize(normalize(text)):
            if token.content and token.kind != "sym":
                keys |= stem_keys(token.stem)
    return frozenset(keys)


_CACHE: OrderedDict[tuple[str, str], PreparedDrill] = OrderedDict()


def prepare(drill: Drill) -> PreparedDrill:
    """The prepared form of a drill, built once per (id, content) and kept in a small LRU cache."""
    digest = hashlib.blake2b(drill.model_dump_json().encode(), digest_size=16).hexdigest()
    key = (drill.id, digest)
    found = _CACHE.get(key)
    if found is not None:
        _CACHE.move_to_end(key)
        return found
    prepared = _build(drill)
    _CACHE[key] = prepared
    if len(_CACHE) > CACHE_SIZE:
        _CACHE.popitem(last=False)
    return prepared


def clear_cache() -> None:
    """Forget every prepared drill (benchmarks time the cold preparation with it)."""
    _CACHE.clear()
