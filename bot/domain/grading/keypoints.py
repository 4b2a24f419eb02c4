"""Key points: compile them into weighted term groups and measure how well a sentence covers one.

Coverage is graded (0..1): the weighted share of a key point's terms that a sentence matches,
minus the terms it negates ("A does not invent a study" covers nothing of "A invents a study").
Negation is polarity-aware: it blocks a term only where the key point is affirmative about it; a
key point that is itself negative ("does not rhyme", "fails to warn", "ignores the distress") is
made by "doesn't rhyme", "does not warn", "doesn't acknowledge the distress".
With authored `terms`, each group is one term of weight 1 and a point is matched only when every
group matches in one sentence. Without them, the terms are the point's content words: stemmed,
extended by the synonym lexicon, weighted down when they merely repeat the prompt or are weak
verbs, weighted up when they are numbers, the concrete part of most key points.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.grading.concepts import (
    GROUP_PHRASES,
    GROUPS_OF_STEM,
    Vocabulary,
    antonym_keys,
    phrase_positions,
    stem_keys,
)
from bot.domain.grading.lexicon import NEGATORS, OMISSION_VERBS, SCOPE_BREAKERS, WEAK_WORDS
from bot.domain.grading.references import mentions
from bot.domain.grading.text import RANGE, Token, normalize, number_forms, quote_spans, tokenize

MATCH_THRESHOLD = 0.4  # coverage at which a derived key point counts as made
CREDIT_FLOOR = 0.05  # coverage below this earns nothing
CREDIT_FULL = 0.45  # coverage at which a key point earns full credit (linear in between)
NUMBER_WEIGHT = 1.5  # numbers and code: the concrete part of most key points
PROMPT_WEIGHT = 0.35  # repeating the prompt is not making the point
WEAK_WEIGHT = 0.4
ASIDE_WEIGHT = 0.5  # words inside quotes or parentheses of the key point text
AUTHORED_PREFIX_MIN = 4  # shorter authored terms match by stem only
TAINT = 0.5  # a sentence that negates a key-point word keeps this share of its coverage
# Verdict words every justification uses ("wrong", "correct", "says"): they say that a point is
# made, not which one, so they weigh like weak words.
GENERIC_GROUPS = frozenset({"wrong", "correct", "claim", "problem"})
_OMISSION_STEMS = frozenset(t.stem for verb in OMISSION_VERBS for t in tokenize(verb)[:1])


@dataclass(frozen=True, slots=True)
class Term:
    label: str
    keys: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    weight: float
    negated: bool = False
    verdict: bool = False  # "wrong", "correct": weak evidence of a point, strong evidence of a denial
    negative: bool = False  # the key point is negative about it ("never mentions a [stopping] point")
    omission: bool = False  # a negator or an omission verb ("fails", "never"): made by negating what is missing
    anto_keys: frozenset[str] = frozenset()  # authored terms: lexicon groups that "not <antonym>" makes

    @property
    def antonyms(self) -> frozenset[str]:
        return antonym_keys(self.keys)


@dataclass(frozen=True, slots=True)
class CompiledPoint:
    index: int
    text: str
    about: str | None
    dimension: str | None
    weight: float
    terms: tuple[Term, ...]
    explicit: bool

    @property
    def total(self) -> float:
        return sum(t.weight for t in self.terms) or 1.0


@dataclass(frozen=True, slots=True)
class SentenceKeys:
    """A sentence's concept keys, split by polarity (see concepts.py)."""

    stems: tuple[str, ...]
    plain: frozenset[str]  # keys of tokens that are not negated
    plain_unquoted: frozenset[str]  # ... and not quoted and not in a negated clause
    anto: frozenset[str]  # antonym keys of negated tokens ("not correct" -> wrong)
    neg: frozenset[str]  # keys of negated tokens and of tokens in a negated clause
    neg_unquoted: frozenset[str]  # keys of negated tokens outside quotes


def sentence_keys(tokens: tuple[Token, ...], vocabulary: Vocabulary) -> SentenceKeys:
    plain: set[str] = set()
    plain_unquoted: set[str] = set()
    anto: set[str] = set()
    neg: set[str] = set()
    neg_unquoted: set[str] = set()
    for token in tokens:
        if token.kind == "sym":
            continue
        keys = vocabulary.keys(token)
        if token.negated:
            neg.update(keys)
            anto.update(antonym_keys(keys))
            if not token.quoted:
                neg_unquoted.update(keys)
            continue
        plain.update(keys)
        if token.neg_clause:
            neg.update(keys)
        elif not token.quoted:
            plain_unquoted.update(keys)
    return SentenceKeys(
        tuple(t.stem for t in tokens), frozenset(plain), frozenset(plain_unquoted), frozenset(anto),
        frozenset(neg), frozenset(neg_unquoted),
    )


def term_match(term: Term, keys: SentenceKeys) -> int:
    """1 if the sentence matches the term, -1 if it matches it with the opposite polarity, else 0.

    Polarity-aware: a negated word blocks a term only when the key point is affirmative about it.
    When the key point is negative ("does not rhyme", "never mentions a stopping point", "fails to
    warn", "ignores the distress"), "doesn't rhyme", "no stopping point", "does not warn" make it."""
    if any(phrase_positions(keys.stems, phrase) for phrase in term.phrases):
        return 1
    if term.negated:  # the key point negates it ("does not exist"): a plain mention is no match, no denial
        return 1 if not term.keys.isdisjoint(keys.neg) or not term.antonyms.isdisjoint(keys.plain) else 0
    if not term.keys.isdisjoint(keys.plain) or not term.keys.isdisjoint(keys.anto):
        return 1
    if not term.anto_keys.isdisjoint(keys.anto):  # authored [ignor, miss]: "does not acknowledge"
        return 1
    if not term.keys.isdisjoint(keys.neg_unquoted):
        return 1 if term.negative else -1  # "does not ignore" denies "ignores"
    return 0


@dataclass(frozen=True, slots=True)
class Coverage:
    value: float  # 0..1
    matched: tuple[str, ...]
    negated: tuple[str, ...]
    complete: bool  # every term group matched (authored terms)
    lost: float = 0.0  # weight of the terms the sentence negates


def _states_omission(point: CompiledPoint, keys: SentenceKeys) -> bool:
    """The sentence negates what a negative key point says is missing: "does not [warn]" for "fails
    to warn", "no [stopping] point" for "never mentions a stopping point"."""
    return bool(keys.neg_unquoted) and any(t.negative and not t.keys.isdisjoint(keys.neg_unquoted) for t in point.terms)


def coverage(point: CompiledPoint, keys: SentenceKeys) -> Coverage:
    got = lost_weight = lost = 0.0
    matched: list[str] = []
    negated: list[str] = []
    omission: bool | None = None
    for term in point.terms:
        verdict = term_match(term, keys)
        if verdict == 0 and term.omission:  # "fails", "never", "ignores": made by negating the missing thing
            omission = _states_omission(point, keys) if omission is None else omission
            verdict = 1 if omission else 0
        if verdict > 0:
            got += term.weight
            matched.append(term.label)
        elif verdict < 0:
            lost_weight += term.weight
            lost += 1.0 if term.verdict else term.weight  # "is not wrong" denies a point outright
            negated.append(term.label)
    value = max(0.0, got - lost_weight) / point.total
    if lost >= 1.0 and not point.explicit:
        value *= TAINT  # the sentence states the opposite of part of the point
    return Coverage(value, tuple(matched), tuple(negated), len(matched) == len(point.terms), lost)


def is_matched(point: CompiledPoint, cov: Coverage) -> bool:
    return cov.complete if point.explicit else cov.value >= MATCH_THRESHOLD


def credit(point: CompiledPoint, cov: Coverage) -> float:
    """The share of a key point's weight a coverage earns."""
    if is_matched(point, cov):
        return 1.0
    if point.explicit:
        return 0.5 * cov.value
    return max(0.0, min(1.0, (cov.value - CREDIT_FLOOR) / (CREDIT_FULL - CREDIT_FLOOR)))


def _authored_term(group: list[str], point: tuple[Token, ...], negative: list[bool]) -> tuple[Term, set[str]]:
    """A term from an authored synonym group. `point`: the key point text's tokens, and `negative`
    which of them the key point is negative about: the group is negative when it names one of them."""
    keys: set[str] = set()
    phrases: list[tuple[str, ...]] = []
    prefixes: set[str] = set()
    anto: set[str] = set()
    omission = False
    for alternative in group:
        tokens = [t for t in tokenize(normalize(alternative)) if t.kind != "sym"]
        if len(tokens) == 1 and (tokens[0].norm in NEGATORS or tokens[0].stem in _OMISSION_STEMS):
            omission = True  # "never", "ignor", "miss"; not a phrase such as "no headings"
        if len(tokens) == 1:
            token = tokens[0]
            keys.add("s:" + token.stem)
            if token.kind == "num":
                keys.update("s:" + form for form in number_forms(token.norm, ranges=False))
                continue
            anto.update("g:" + g for g in GROUPS_OF_STEM.get(token.stem, ()))
            if len(token.norm) >= AUTHORED_PREFIX_MIN:  # "fabricat" matches "fabricated"; "add" not "address"
                keys.add("p:" + token.norm)
                prefixes.add(token.norm)
        elif tokens:
            phrases.append(tuple(t.stem for t in tokens))
    named = [
        i for i, t in enumerate(point)
        if "s:" + t.stem in keys or any(t.norm.startswith(p) for p in prefixes)
    ]
    is_negative = any(negative[i] for i in named)
    return Term(group[0], frozenset(keys), tuple(phrases), 1.0, negative=is_negative, omission=omission,
                anto_keys=frozenset(anto)), prefixes


def _negative_context(tokens: tuple[Token, ...]) -> list[bool]:
    """Which tokens a key point is negative about: negated ones, the rest of a negated clause, and
    what follows an omission verb in its clause ("fails to [warn]", "ignores the [distress]")."""
    result = [t.negated or t.neg_clause for t in tokens]
    governed = False
    for i, token in enumerate(tokens):
        if token.clause_start or token.norm in SCOPE_BREAKERS:
            governed = False
        if governed:
            result[i] = True
        if token.kind == "word" and token.stem in _OMISSION_STEMS:
            governed = True
    return result


def compile_point(
    index: int,
    text: str,
    *,
    about: str | None = None,
    dimension: str | None = None,
    weight: float = 1.0,
    terms: list[list[str]] | None = None,
    prompt_stems: frozenset[str] = frozenset(),
    labels: tuple[str, ...] = ("A", "B", "C", "D"),
) -> tuple[CompiledPoint, set[str], set[str], set[str]]:
    """Compile a key point; also returns the stems, surfaces and prefixes for the drill vocabulary."""
    stems: set[str] = set()
    surfaces: set[str] = set()
    prefixes: set[str] = set()
    if terms:
        compiled = []
        point_tokens = tokenize(normalize(text))
        negative = _negative_context(point_tokens)
        for group in terms:
            term, group_prefixes = _authored_term(group, point_tokens, negative)
            compiled.append(term)
            prefixes |= group_prefixes
        point = CompiledPoint(index, text, about, dimension, weight, tuple(compiled), explicit=True)
        return point, stems, surfaces, prefixes
    body = normalize(text)
    skip = [(m.start, m.end) for m in mentions(body, labels)]
    asides = quote_spans(body) + _parentheses(body)
    by_stem: dict[str, Term] = {}
    tokens = tokenize(body)
    negative = _negative_context(tokens)
    in_phrase = _phrase_groups(tuple(t.stem for t in tokens))

    def weigh(token: Token) -> float:
        if token.kind in ("num", "code"):
            value = NUMBER_WEIGHT
        elif token.norm in WEAK_WORDS or token.norm in NEGATORS or _is_verdict(token):  # "no": weak evidence
            value = WEAK_WEIGHT
        elif token.stem in prompt_stems:
            value = PROMPT_WEIGHT
        else:
            value = 1.0
        return value * ASIDE_WEIGHT if any(a <= token.start < b for a, b in asides) else value

    for position, token in enumerate(tokens):
        if any(a <= token.start < b for a, b in skip) or token.kind == "sym":
            continue
        if position in in_phrase:  # a lexicon phrase is one term: "came down" ~ "fell", "made up" ~ "invented"
            first, last, groups = in_phrase[position]
            if position == first:
                span = tokens[first:last]
                own = tuple(t.stem for t in span)
                keys = frozenset({"s:" + " ".join(own)} | {"g:" + g for g in groups})
                phrases = (own, *(p for g in groups for p in GROUP_PHRASES.get(g, ())))
                weight_ = max((weigh(t) for t in span if t.content), default=1.0)
                label = body[token.start : span[-1].end]
                by_stem[" ".join(own)] = Term(
                    label, keys, phrases, weight_, negated=token.negated, negative=any(negative[first:last]),
                    omission=token.stem in _OMISSION_STEMS,
                )
            continue
        if not token.content or token.norm in ("response", "responses", "trade", "off", "tradeoff"):
            continue
        if token.kind == "num" and RANGE.fullmatch(token.norm):  # "8-10": one term per part, as "8 to 10"
            for part in dict.fromkeys(token.norm.split("-")):
                by_stem.setdefault(part, Term(part, frozenset({"s:" + part}), (), weigh(token) / 2,
                                              negative=negative[position]))
            continue
        if token.kind == "word":
            keys = stem_keys(token.stem)
        else:
            keys = frozenset({"p:" + token.norm} | {"s:" + form for form in number_forms(token.stem, ranges=False)})
        phrases = tuple(p for g in keys if g.startswith("g:") for p in GROUP_PHRASES.get(g[2:], ()))
        term_weight = weigh(token)
        previous = by_stem.get(token.stem)
        if previous is None or previous.weight < term_weight:
            by_stem[token.stem] = Term(
                token.text, keys, phrases, term_weight, token.negated, _is_verdict(token), negative[position],
                omission=token.norm in NEGATORS or token.stem in _OMISSION_STEMS,
            )
        if token.kind == "word":
            stems.add(token.stem)
            surfaces.add(token.norm)
        elif token.kind == "code":
            prefixes.add(token.norm)
    point = CompiledPoint(index, text, about, dimension, weight, tuple(by_stem.values()), explicit=False)
    return point, stems, surfaces, prefixes


def _is_verdict(token: Token) -> bool:
    return not GENERIC_GROUPS.isdisjoint(GROUPS_OF_STEM.get(token.stem, ()))


def _phrase_groups(stems: tuple[str, ...]) -> dict[int, tuple[int, int, frozenset[str]]]:
    """Token positions covered by a lexicon phrase ("came down", "made up") -> (start, end, groups)."""
    spans: dict[tuple[int, int], set[str]] = {}
    for group, phrases in GROUP_PHRASES.items():
        for phrase in phrases:
            n = len(phrase)
            for i in range(len(stems) - n + 1):
                if stems[i : i + n] == phrase:
                    spans.setdefault((i, i + n), set()).add(group)
    found: dict[int, tuple[int, int, frozenset[str]]] = {}
    for (start, end), groups in sorted(spans.items(), key=lambda item: item[0][0] - item[0][1]):  # longest first
        if all(j not in found for j in range(start, end)):
            for j in range(start, end):
                found[j] = (start, end, frozenset(groups))
    return found


def _parentheses(text: str) -> list[tuple[int, int]]:
    spans, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "(":
            if depth == 0:
                start = i
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans
