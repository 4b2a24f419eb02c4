"""Which responses a sentence talks about: "Response B", "B's", "the second response", "the latter".

A bare capital "A" at the start of a sentence is a reference only when a verb-like word follows
("A invents", "A is", "A's"), not an article ("A response that ...", "A good answer").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NOUN = (r"(?:responses?|resp\.?|answers?|outputs?|options?|candidates?|completions?|models?|assistants?|"
         r"replies|reply|texts?)")
_LABEL_LIST = r"([A-Da-d])((?:\s*(?:,|and|&|or|/)\s*[A-Da-d]\b)*)"
_NOUN_LABEL = re.compile(rf"\b{_NOUN}\s+{_LABEL_LIST}\b", re.IGNORECASE)
_NOUN_NUMBER = re.compile(rf"\b{_NOUN}\s*(?:#|no\.?\s*)?([1-4])\b", re.IGNORECASE)
_ORDINAL = re.compile(
    rf"\bthe\s+(first|second|third|fourth|last|final)\s+(?:{_NOUN}|one)\b", re.IGNORECASE
)
_FORMER_LATTER = re.compile(r"\bthe\s+(former|latter)\b", re.IGNORECASE)
_BOTH = re.compile(rf"\b(?:both|all)\s+(?:of\s+(?:the|them)\s+)?(?:{_NOUN}|of them)\b|^\s*both\b", re.IGNORECASE)
_BARE = re.compile(r"(?<![\w'\u2019.\-/])([A-D])(?![\w\-/]|\.\w)")
_VERBISH = frozenset(
    (
        "is", "was", "has", "had", "does", "did", "do", "can", "could", "would", "will", "should", "may",
        "might", "must", "also", "only", "just", "then", "still", "clearly", "correctly", "wrongly",
        "actually", "simply", "really", "not", "never", "always", "both", "and", "or", "over", "vs", "wins",
        "won", "gets", "got", "gives", "gave", "makes", "made", "says", "said", "tells", "told", "puts",
        "put", "keeps", "kept", "goes", "went", "comes", "came", "takes", "took", "writes", "wrote", "leaves",
        "left", "runs", "ran", "sends", "sent", "ranks", "seems", "looks", "reads", "sounds", "feels",
        "beats", "loses", "lost", "fits", "isn't", "wasn't", "doesn't", "didn't", "hasn't", "can't", "won't",
        "instead", "even", "meanwhile", "however", "though", "first", "second", "third", "last", "rightly",
        "mistakenly",
    )
)
_NON_VERB_S = ("ous", "ss", "us", "is", "ics", "ness", "less")
_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3}


@dataclass(frozen=True, slots=True)
class Mention:
    label: str
    start: int
    end: int


def _bare_is_reference(text: str, match: re.Match[str]) -> bool:
    letter = match.group(1)
    if letter != "A":
        return True
    before = text[: match.start()].rstrip()
    after = text[match.end() :]
    if after.startswith(("'s", "\u2019s", "'", "\u2019")):
        return True
    if not after.strip() or re.match(r"\s*[.,;:!?)>=<\]]", after):
        return True
    at_start = not before or before[-1] in ".!?:;([\"'\u201c\u2018-\u2014*\u2022"
    if not at_start:
        return True  # a capital article mid-sentence is rare; a label is not
    word_match = re.match(r"\s+([A-Za-z'\u2019-]+)", after)
    if not word_match:
        return False
    word = word_match.group(1).lower()
    if word in _VERBISH or word.endswith(("n't", "ly", "ed")):
        return True
    return len(word) > 3 and word.endswith("s") and not word.endswith(_NON_VERB_S)


def mentions(text: str, labels: tuple[str, ...], recent: tuple[str, ...] = ()) -> list[Mention]:
    """Every reference to a response label in `text`, in order. `recent`: labels named just before."""
    found: list[Mention] = []
    taken: list[tuple[int, int]] = []

    def add(label: str, start: int, end: int) -> None:
        if label in labels and not any(a <= start < b for a, b in taken):
            found.append(Mention(label, start, end))

    for match in _NOUN_LABEL.finditer(text):
        add(match.group(1).upper(), match.start(), match.end(1))  # "Responses B and C": each label its own span
        for extra in re.finditer(r"[A-Da-d]\b", match.group(2) or ""):
            add(extra.group(0).upper(), match.start(2) + extra.start(), match.start(2) + extra.end())
        taken.append(match.span())
    for match in _NOUN_NUMBER.finditer(text):
        index = int(match.group(1)) - 1
        if index < len(labels):
            add(labels[index], match.start(), match.end())
            taken.append(match.span())
    for match in _ORDINAL.finditer(text):
        word = match.group(1).lower()
        index = len(labels) - 1 if word in ("last", "final") else _ORDINALS[word]
        if index < len(labels):
            add(labels[index], match.start(), match.end())
            taken.append(match.span())
    for match in _BOTH.finditer(text):
        for label in labels if len(labels) == 2 else ():
            add(label, match.start(), match.end())
        taken.append(match.span())
    for match in _BARE.finditer(text):
        if _bare_is_reference(text, match):
            add(match.group(1), match.start(), match.end())
    found.sort(key=lambda m: m.start)
    for match in _FORMER_LATTER.finditer(text):
        before = [m.label for m in found if m.start < match.start()] or list(recent)
        distinct = list(dict.fromkeys(reversed(before)))  # most recent first
        if match.group(1).lower() == "latter":
            label = distinct[0] if distinct else labels[-1]
        else:
            label = distinct[1] if len(distinct) > 1 else labels[0]
        add(label, match.start(), match.end())
    found.sort(key=lambda m: m.start)
    return found


def focus(sentence_mentions: list[list[Mention]]) -> list[frozenset[str]]:
    """The responses each sentence is about: its own mentions, or the previous sentence's focus."""
    result: list[frozenset[str]] = []
    for found in sentence_mentions:
        labels = frozenset(m.label for m in found)
        if not labels and result:
            labels = result[-1]
        result.append(labels)
    return result


def replace_mentions(text: str, found: list[Mention]) -> str:
    """The text with each mention replaced by a placeholder such as '\u00a7B' (for claim patterns)."""
    parts, position = [], 0
    for mention in sorted(found, key=lambda m: m.start):
        if mention.start < position:
            continue
        parts.append(text[position : mention.start])
        parts.append(f"\u00a7{mention.label}")
        position = mention.end
    parts.append(text[position:])
    return "".join(parts)
