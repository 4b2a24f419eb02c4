"""Text handling: sentence splitting, quote spans, tokens with stems, negation scope.

The splitter survives "e.g.", "i.e.", "Resp. A", legal "v." / "vs." ("Tinker v. Des Moines"),
decimals ("32.5"), factorials ("8! / (3! x 5!)"), code ("c.name") and bullet lists, and never splits
inside a quotation. Tokens keep their position in the sentence so that
references to responses, quotes and negations can be related to them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from bot.domain.grading.lexicon import NEGATORS, NUMBER_WORDS, SCOPE_BREAKERS, STOP_WORDS
from bot.domain.grading.stemmer import stem

MAX_TEXT = 12_000  # longer input is cut: a justification is 3-5 sentences
LABEL_LETTERS = frozenset("ABCD")

_ABBREVIATIONS = frozenset(
    (
        "e.g", "i.e", "eg", "ie", "etc", "vs", "resp", "approx", "cf", "mr", "mrs", "ms", "dr", "no", "nos",
        "fig", "eq", "st", "jr", "sr", "inc", "ltd", "al", "ca", "esp", "incl", "max", "min", "sec", "ch",
        "pp", "vol", "est", "v",
    )
)
_NEVER_END = _ABBREVIATIONS - {"etc", "inc", "ltd", "al", "max", "min", "est"}
_QUOTE_PAIRS = (("\u201c", "\u201d"), ("\u2018", "\u2019"), ("\u00ab", "\u00bb"))
_OPENING_QUOTES = "\"'\u201c\u2018\u00ab"
_DOUBLE = re.compile(r'"([^"\n]{1,400})"')
_SINGLE = re.compile(r"(?<![\w'])'(?=\S)((?:[^'\n]|(?<=[A-Za-z])'(?=[A-Za-z])){1,400}?)(?<=\S)'(?![A-Za-z])")
_CANDIDATE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u00b7\u2023\u25aa\u2013\u2014>]|\d{1,2}[.)])\s+")
_TOKEN = re.compile(
    r"(?P<code>[A-Za-z_][A-Za-z0-9_]*\([^()\s]{0,30}\)|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)"
    r"|(?P<num>[$\u00a2-\u00a5\u20a0-\u20c0]?\d+(?:[.,:]\d+)*(?:-\d+)*%?)"
    r"|(?P<word>[^\W\d_]+(?:['\u2019][^\W\d_]+)*)"
    r"|(?P<sym>[<>=])"
)
RANGE = re.compile(r"\d+(?:-\d+)+")
_CURRENCY = re.compile(r"^[$\u00a2-\u00a5\u20a0-\u20c0]")
_CLAUSE_PUNCT = re.compile(r"[,;:()!?\u2014\u2013\[\]]|\.\s|\s-\s")
_CONTRACTION_BASE = {"won": "will", "can": "can", "shan": "shall", "ain": "is"}


@dataclass(frozen=True, slots=True)
class Token:
    text: str  # as written
    norm: str  # lowercase; numbers without currency, thousands separators or '%'
    stem: str
    kind: str  # "word" | "num" | "code" | "sym"
    start: int  # offsets in the sentence text
    end: int
    quoted: bool = False
    negated: bool = False  # the first content word after a negator: "does not [invent] a study"
    clause_start: bool = False  # punctuation separates it from the previous token
    neg_clause: bool = False  # anywhere after a negator in the same clause

    @property
    def content(self) -> bool:
        return self.kind in ("num", "code") or (self.kind == "word" and self.norm not in STOP_WORDS)


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    text: str
    tokens: tuple[Token, ...]
    quotes: tuple[tuple[int, int], ...]  # spans of quoted text inside `text`, without the quote marks

    def quoted_texts(self) -> list[str]:
        return [self.text[a:b] for a, b in self.quotes]


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "")[:MAX_TEXT]
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u200b", "").replace("\t", " ")
    return text.replace("\u2032", "'").replace("\u2033", '"')


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted passages (inside the marks), outermost first, never overlapping."""
    spans: list[tuple[int, int]] = []
    for opener, closer in _QUOTE_PAIRS:
        pattern = re.escape(opener) + r"([^\n" + re.escape(closer) + r"]{1,400})" + re.escape(closer)
        spans.extend(match.span(1) for match in re.finditer(pattern, text))
    spans.extend(match.span(1) for match in _DOUBLE.finditer(text))
    spans.extend(match.span(1) for match in _SINGLE.finditer(text))
    spans.sort(key=lambda span: (span[0], -span[1]))
    result: list[tuple[int, int]] = []
    for span in spans:
        if not result or span[0] >= result[-1][1] + 1:
            result.append(span)
    return result


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= position < b for a, b in spans)


def _factorial(text: str, match: re.Match[str], nxt: str) -> bool:
    """"8! / (3! x 5!)", "n! ways": a '!' right after a number, a closing bracket or a lone letter,
    followed by something that does not start a sentence (an operator, a digit, a bracket)."""
    if match.group(0)[0] != "!" or nxt.isalpha() or nxt in _OPENING_QUOTES:
        return False
    before = text[: match.start()]
    return bool(before) and (before[-1].isdigit() or before[-1] == ")" or bool(re.search(r"(?<!\w)[a-z]$", before)))


def _is_boundary(text: str, match: re.Match[str], spans: list[tuple[int, int]]) -> bool:
    end = match.end()
    rest = text[end:].lstrip(" ")
    if not rest:
        return True
    nxt = rest[0]
    if nxt.islower():
        return False
    if _factorial(text, match, nxt):
        return False
    if _inside(match.start(), spans) and not _inside(end - 1, spans) and not nxt.isupper():
        return False
    if _inside(match.start(), spans) and _inside(end, spans):
        return False
    if match.group(0)[0] != ".":
        return True
    before = re.search(r"([\w.]+)$", text[: match.start()])
    word = before.group(1) if before else ""
    lowered = word.lower().rstrip(".")
    if lowered in _NEVER_END:
        return False
    if lowered in _ABBREVIATIONS and not nxt.isupper():
        return False
    if len(word) == 1 and word.isupper() and word not in LABEL_LETTERS:
        return False  # an initial, "J. Smith"
    return not (word and word[-1].isdigit() and nxt.isdigit())


def _blocks(text: str) -> list[tuple[int, int]]:
    """Line blocks: each bullet is its own block; wrapped lines are joined."""
    blocks: list[tuple[int, int]] = []
    position = 0
    joinable = False
    for line in text.split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        stripped = line.strip()
        if not stripped:
            joinable = False
            continue
        bullet = _BULLET.match(line)
        if bullet:
            blocks.append((start + bullet.end(), end))
            joinable = False
            continue
        if joinable and blocks and stripped[0].islower():
            blocks[-1] = (blocks[-1][0], end)
        else:
            blocks.append((start, end))
        joinable = stripped[-1] not in ".!?:"
    return blocks


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of an already `normalize`d text."""
    spans = quote_spans(text)
    result: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        start = block_start
        block = text[:block_end]
        for match in _CANDIDATE_END.finditer(block, block_start):
            if _is_boundary(block, match, spans):
                result.append((start, match.end()))
                start = match.end()
        result.append((start, block_end))
    return [
        (a + len(text[a:b]) - len(text[a:b].lstrip()), b - (len(text[a:b]) - len(text[a:b].rstrip())))
        for a, b in result
        if re.search(r"[^\W_]", text[a:b])
    ]


@lru_cache(maxsize=65536)
def _word_forms(word: str) -> tuple[tuple[str, str], ...]:
    """(norm, stem) pairs for a written word, expanding contractions: "doesn't" -> does, not."""
    lowered = word.lower().replace("\u2019", "'")
    if lowered.endswith("n't") and len(lowered) > 3:
        base = lowered[:-3]
        base = _CONTRACTION_BASE.get(base, base)
        return ((base, stem(base)), ("not", "not"))
    if "'" in lowered:
        head, _, tail = lowered.partition("'")
        if tail in ("s", "re", "ve", "ll", "d", "m", "t"):
            lowered = head
    if lowered in NUMBER_WORDS:
        return ((lowered, NUMBER_WORDS[lowered]),)
    return ((lowered, stem(lowered)),)


def _number_norm(text: str) -> str:
    """"$10,060.98" -> "10060.98", "35%" -> "35", "5.0" -> "5", "12.50" -> "12.5"."""
    value = _CURRENCY.sub("", text).rstrip("%")
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", value):
        value = value.replace(",", "")
    if re.fullmatch(r"\d+\.\d+", value):
        value = value.rstrip("0").rstrip(".") if "." in value else value
    return value


@lru_cache(maxsize=8192)
def number_forms(norm: str, ranges: bool = True) -> tuple[str, ...]:
    """The forms a normalised number also matches: for an amount of 100 or more with decimals, its
    whole part and its rounding ("10060.98" -> 10060, 10061), and with `ranges` the parts of a range
    ("8-10" -> 8, 10). The justification's and the responses' numbers match by these forms; a key
    point's number matches by its decimal forms (a range in a key point is one term per part)."""
    forms = [norm]
    if ranges and RANGE.fullmatch(norm):
        forms += norm.split("-")
    whole = re.fullmatch(r"(\d{3,})\.(\d+)", norm)
    if whole:
        forms.append(whole.group(1))
        forms.append(str(int(float(norm) + 0.5)))
    return tuple(dict.fromkeys(forms))


def tokenize(text: str, quotes: list[tuple[int, int]] | tuple[tuple[int, int], ...] = ()) -> tuple[Token, ...]:
    raw: list[Token] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "word"
        surface = match.group(0)
        start, end = match.span()
        quoted = any(a <= start < b for a, b in quotes)
        clause = bool(_CLAUSE_PUNCT.search(text[previous_end:start])) or not raw
        previous_end = end
        if kind == "word":
            forms = _word_forms(surface)
        elif kind == "num":
            forms = ((_number_norm(surface), _number_norm(surface)),)
        elif kind == "code":
            forms = ((surface.lower(), surface.lower()),)
            if surface.lower() in ("e.g", "i.e", "a.m", "p.m", "u.s", "u.k"):
                kind = "word"
        else:
            forms = ((surface, surface),)
        for norm, stemmed in forms:
            raw.append(Token(surface, norm, stemmed, kind, start, end, quoted, negated=False, clause_start=clause))
            clause = False
    return _mark_negation(raw)


def _mark_negation(tokens: list[Token]) -> tuple[Token, ...]:
    """A negator negates the next content word ("does not [invent] a study") and colours the rest of
    its clause (`neg_clause`), which "no visa is needed" ~ "does not need a visa" relies on."""
    negated = [False] * len(tokens)
    in_clause = [False] * len(tokens)
    for i, token in enumerate(tokens):
        if token.norm not in NEGATORS or token.kind != "word":
            continue
        if token.text == "None" and i > 0:
            continue  # Python's None ("returns None for an empty list"), not a negator
        if i + 1 < len(tokens) and tokens[i + 1].norm in ("only", "just", "merely"):
            continue  # "not only ... but also"
        first = True
        for j in range(i + 1, len(tokens)):
            nxt = tokens[j]
            if nxt.clause_start or nxt.norm in SCOPE_BREAKERS or nxt.kind == "sym":
                break
            in_clause[j] = True
            if first and nxt.content:
                negated[j] = nxt.kind == "word"  # "1, not 0" corrects a number; it denies nothing
                first = False
    if not any(in_clause):
        return tuple(tokens)
    return tuple(
        Token(t.text, t.norm, t.stem, t.kind, t.start, t.end, t.quoted, flag, t.clause_start, clause)
        if clause else t
        for t, flag, clause in zip(tokens, negated, in_clause, strict=True)
    )


def sentences(text: str) -> list[Sentence]:
    """Split and tokenize a justification."""
    text = normalize(text)
    spans = quote_spans(text)
    result = []
    for a, b in split_sentences(text):
        local = tuple((max(qa, a) - a, min(qb, b) - a) for qa, qb in spans if qa < b and qb > a)
        body = text[a:b]
        result.append(Sentence(len(result), body, tokenize(body, local), local))
    return result


def content_stems(text: str) -> set[str]:
    """Stems of the content words and numbers of a text (used for prompt words)."""
    return {t.stem for t in tokenize(normalize(text)) if t.content}
