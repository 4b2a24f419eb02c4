"""Concept keys: what a token means for matching, after stemming, synonyms, prefixes and typos.

A token's keys are its stem ("s:refus"), the synonym groups its stem belongs to ("g:refuse"),
and, in the context of one drill, the drill vocabulary it matches by prefix or a near spelling.
A negated token ("does not invent") carries its keys as negated keys and the keys of the antonym
groups ("not correct" -> "g:wrong") as positive ones.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.domain.grading.lexicon import ANTONYMS, STOP_WORDS, SYNONYMS
from bot.domain.grading.text import Token, normalize, number_forms, tokenize

FUZZY_CUTOFF = 87  # rapidfuzz ratio for a misspelling ("seperated" ~ "separated")
PREFIX_MIN = 5  # shortest stem that matches a longer one by prefix


def _phrase_stems(phrase: str) -> tuple[str, ...]:
    return tuple(t.stem for t in tokenize(normalize(phrase)) if t.kind != "sym")


def _build() -> tuple[dict[str, frozenset[str]], dict[str, tuple[tuple[str, ...], ...]]]:
    single: dict[str, set[str]] = {}
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for name, forms in SYNONYMS.items():
        for form in forms:
            stems = _phrase_stems(form)
            if len(stems) == 1:
                single.setdefault(stems[0], set()).add(name)
            elif stems:
                phrases.setdefault(name, []).append(stems)
    return ({k: frozenset(v) for k, v in single.items()}, {k: tuple(v) for k, v in phrases.items()})


GROUPS_OF_STEM, GROUP_PHRASES = _build()
ANTONYM_GROUPS: dict[str, frozenset[str]] = {}
for _left, _right in ANTONYMS:
    ANTONYM_GROUPS[_left] = ANTONYM_GROUPS.get(_left, frozenset()) | {_right}
    ANTONYM_GROUPS[_right] = ANTONYM_GROUPS.get(_right, frozenset()) | {_left}


@lru_cache(maxsize=65536)
def stem_keys(stem: str) -> frozenset[str]:
    return frozenset({"s:" + stem} | {"g:" + g for g in GROUPS_OF_STEM.get(stem, ())})


@lru_cache(maxsize=65536)
def antonym_keys(keys: frozenset[str]) -> frozenset[str]:
    result: set[str] = set()
    for key in keys:
        if key.startswith("g:"):
            result.update("g:" + g for g in ANTONYM_GROUPS.get(key[2:], ()))
    return frozenset(result)


def phrase_positions(stems: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    first = phrase[0]
    if first not in stems:
        return False
    return any(stems[i] == first and stems[i:i + n] == phrase for i in range(len(stems) - n + 1))


class Vocabulary:
    """The stems and prefixes a drill's key points use, and a per-drill token -> keys cache."""

    def __init__(self, stems: set[str], surfaces: set[str], prefixes: set[str]) -> None:
        self.stems = frozenset(s for s in stems if s.isalpha())
        self.long_stems = tuple(sorted(s for s in self.stems if len(s) >= PREFIX_MIN))
        self.surfaces = {s: s for s in sorted(surfaces) if len(s) >= 6 and s.isalpha()}
        self.surface_stem = {s: _stem_of(s) for s in self.surfaces}
        self.prefixes = tuple(sorted(prefixes))
        self._cache: dict[tuple[str, str], frozenset[str]] = {}

    def keys(self, token: Token) -> frozenset[str]:
        cache_key = (token.norm, token.stem)
        cached = self._cache.get(cache_key)
        if cached is not None:
            return cached
        keys = set(stem_keys(token.stem))
        norm = token.norm
        if token.kind == "num":  # "$10,060.98" also makes a key point's "10,060"; "8-10" its "8" and "10"
            keys.update("s:" + form for form in number_forms(norm))
        if token.kind == "code":  # "set(names)", "dict.fromkeys": the identifiers count as words too
            keys.add("p:" + norm)
            keys.update("s:" + part for part in re.findall(r"[a-z_][a-z0-9_]*", norm))
        for prefix in self.prefixes:
            if norm.startswith(prefix):
                keys.add("p:" + prefix)
        if (
            token.kind == "word" and norm not in STOP_WORDS and len(token.stem) >= PREFIX_MIN
            and token.stem not in self.stems
        ):
            for other in self.long_stems:
                if other.startswith(token.stem) or token.stem.startswith(other):
                    keys.update(stem_keys(other))
            if len(norm) >= 6 and norm.isalpha() and self.surfaces:
                best = process.extractOne(norm, self.surfaces, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
                if best is not None:
                    keys.update(stem_keys(self.surface_stem[best[0]]))
        result = frozenset(keys)
        if len(self._cache) < 50_000:
            self._cache[cache_key] = result
        return result


def _stem_of(word: str) -> str:
    tokens = tokenize(word)
    return tokens[0].stem if tokens else word
