"""Preference statements in a justification ("A is better", "I prefer B", "B > A", "C ranks last",
"B and C are equally good", "A = C > B") and their agreement with the submitted ranking.

Statements inside quotes and comparisons in concessive clauses ("A is friendlier, but ...") are not
claims; an overall verdict before "but" is ("A is better because ..., but it is long"). A pronoun
subject ("it should be ranked first") stands for the one response named just before.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from bot.domain.ranking import Ranking

_X = r"\u00a7([A-D])"
_MOD = r"(?:(?:far|much|clearly|slightly|a\s+bit|also|still|overall|definitely|significantly|simply|"
_MOD += r"obviously|substantially|considerably|marginally|noticeably|somewhat|the)\s+)*"
_BETTER = r"(?:better|stronger|superior|preferable|preferred|safer|best|strongest|winner|more\s+(?:helpful|accurate|"
_BETTER += r"correct|useful|appropriate|honest|complete|reliable|faithful))"
_WORSE = r"(?:worse|weaker|inferior|worst|weakest|loser|less\s+(?:helpful|accurate|correct|useful|appropriate|"
_WORSE += r"honest|complete|reliable|faithful))"
_VERB = r"(?:\s+(?:is|was|are|seems|looks|comes\s+out|remains|reads\s+as|ends\s+up)(?:\s+(?:as|the))?)?"
_THAN = rf"(?:[^\u00a7.;]{{0,40}}?\bthan\s+{_X})?"

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), kind)
    for p, kind in (
        (rf"{_X}(?:'s\s+\w+)?{_VERB}\s+{_MOD}{_BETTER}\b(?!\s+(?:to|if)\b){_THAN}", "better"),
        (rf"{_X}(?:'s\s+\w+)?{_VERB}\s+{_MOD}{_WORSE}\b(?!\s+(?:to|if)\b){_THAN}", "worse"),
        (rf"{_X}(?:'s\s+\w+)?\s+(?:is|was)\s+not\s+as\s+\w+\s+as\s+{_X}", "worse"),
        (rf"{_X}\s*(?:>|beats|outperforms|outranks|wins\s+over|over|above|ahead\s+of)\s*{_X}", "better"),
        (rf"{_X}\s*<\s*{_X}", "worse"),
        ((rf"\b(?:prefer(?:red)?|chose|choose|pick(?:ed)?|favou?r(?:ed)?|went\s+with|go\s+with)\s+{_X}"
         rf"(?:\s+(?:over|above|ahead\s+of|before|to)\s+{_X})?"), "prefer"),
        (rf"\b(?:ranked|rank|put|placed?|rate[ds]?)\s+{_X}\s+(?:over|above|ahead\s+of|before|higher\s+than)\s+{_X}",
         "prefer"),
        (rf"\b(?:ranked|rank|put|placed?)\s+{_X}\s+(?:in\s+)?(first|top|1st|last|bottom|second|2nd|third|3rd)\b",
         "position"),
        ((rf"{_X}(?:\s+(?:is|was|should|must|would|deserves\s+to|belongs|be|gets?|comes|goes|ranks|ranked|placed|"
          rf"clearly|easily|definitely|rightly|still|therefore|so))*\s+(?:in\s+|at\s+)?"
          rf"(first|top|1st|last|bottom|second|2nd|third|3rd)\b(?!\s+(?:to|of|in)\b)"), "position"),
        (rf"{_X}\s+(?:clearly\s+)?wins\b", "prefer"),
    )
)
_CONCESSIVE_LEAD = re.compile(r"^\s*(?:although|though|even\s+though|even\s+if|despite|while|admittedly|granted)\b",
                              re.IGNORECASE)
_BUT = re.compile(r",?\s*\b(?:but|yet)\b", re.IGNORECASE)
QUALIFIED_WEIGHT = 0.5
_QUALIFIER = re.compile(r"\s+(?:on|at|in|for|when|regarding|about|with\s+respect\s+to|as\s+far\s+as)\b",
                        re.IGNORECASE)
_SUPERLATIVE = re.compile(r"\b(?:best|strongest|winner|worst|weakest|loser)\b", re.IGNORECASE)
# An overall verdict ("A is better", "I prefer A", "A > B") survives a following "but"; a comparison on
# one aspect ("A is more accurate", "A is better written") is the conceded half of "X, but Y".
_ASPECT = re.compile(r"\b(?:more|less|safer)\b", re.IGNORECASE)
_PARTICIPLE = re.compile(r"\s+\w+(?:ed|en)\b", re.IGNORECASE)  # "better written", "better organised"

# Ties: "B and C are equally correct", "A and C are tied", "A ties with C", "A is as good as C".
_GROUP = rf"{_X}(?:\s*,\s*{_X})*\s*,?\s*(?:and|&)\s*{_X}"
_EVEN = (r"(?:good|bad|strong|weak|correct|wrong|right|helpful|unhelpful|useful|accurate|inaccurate|acceptable|"
         r"valid|fine|poor|flawed|safe|unsafe|solid|great|effective|appropriate|ranked|placed|matched|"
         r"successful|complete|clear)")
# A tie is a verdict only when nothing narrows it: "equally good", "tied for first", not "the same
# length" or "equally good on tone".
_TIE_END = r"(?=\s*(?:$|[,.;:!?)\u2014-]|(?:and|but|so|overall|here|too|for\s+(?:first|best|top|the\s+top|last))\b))"
_TIE_WORDS = (rf"(?:equally\s+{_EVEN}|equal|tied|tie|level|even|on\s+par|the\s+same|equivalent|"
              rf"interchangeable|indistinguishable|as\s+good\s+as\s+each\s+other|a\s+(?:tie|draw)){_TIE_END}")
_TIE_GROUP = re.compile(
    rf"{_GROUP}(?:\s+(?:are|were|seem|look|come\s+out|end\s+up|rank|ranked|score|should\s+be|deserve\s+to\s+be))?"
    rf"\s+(?:(?:about|roughly|essentially|basically|effectively|really|both|all|just|equally)\s+)*{_TIE_WORDS}",
    re.IGNORECASE,
)
_TIE_BETWEEN = re.compile(rf"\b(?:tie|draw)\s+between\s+{_GROUP}", re.IGNORECASE)
_TIE_PAIR = re.compile(
    rf"{_X}\s+(?:(?:is|was)\s+)?(?:tied\s+with|ties\s+with|ties|draws\s+with|(?:just\s+|equally\s+)?as\s+"
    rf"{_EVEN}\s+as|equal\s+to|equals|on\s+par\s+with|level\s+with|the\s+same\s+as)\s+{_X}{_TIE_END}",
    re.IGNORECASE,
)
_GROUP_COMPARE = re.compile(
    rf"[^\u00a7]{{0,30}}?\b(?:(?:are|were)\s+)?(?:both|each|all)?\s*(?:(?:are|is|were|rank|ranked)\s+)?{_MOD}"
    rf"(?:(?P<up>{_BETTER}|above|ahead\s+of)|(?P<down>{_WORSE}|below|behind))\s+(?:than\s+)?{_X}",
    re.IGNORECASE,
)
_CHAIN = re.compile(rf"{_X}(?:\s*[>=]\s*{_X})+")
_PRONOUN = re.compile(r"\b(?:it(?:['\u2019]s|\s+is)\b|(?:it|(?:this|that)\s+(?:one|response|answer))\b)"
                      r"(?=\s+(?:\w+\s+){0,3}?(?:better|stronger|superior|preferable|best|strongest|worse|weaker|"
                      r"worst|weakest|first|last|top|bottom|second|third|wins|loses|ranks?|ranked|belongs|deserves|"
                      r"beats|outperforms)\b)", re.IGNORECASE)


def resolve_pronouns(placeheld: str, previous: frozenset[str]) -> str:
    """Replace a pronoun that is the subject of a verdict ("it should be ranked first", "it's
    better") by the response it stands for, when that is unambiguous: the one response named earlier
    in the sentence, or else the one response the previous sentence was about."""
    def replace(match: re.Match[str]) -> str:
        before = set(_group_labels(placeheld[: match.start()]))
        context = before or previous
        if len(context) != 1:
            return match.group(0)
        label = next(iter(context))
        copula = match.group(0).lower().startswith(("it's", "it\u2019s", "it is"))
        return f"\u00a7{label} is" if copula else f"\u00a7{label}"

    return _PRONOUN.sub(replace, placeheld)


@dataclass(frozen=True, slots=True)
class Claim:
    better: str
    worse: str | None  # None: better than every other response
    position: int | None = None  # a stated tier (0 = first, -1 = last)
    text: str = ""
    weight: float = 1.0  # 0.5 for a qualified claim: "B is better on tone"
    tie: bool = False  # `better` and `worse` are said to be equally good
    aspect: bool = False  # a comparison on one aspect: "more accurate", "better written"


def _parts(text: str) -> list[tuple[str, list[str]]]:
    """Each part of a sentence (split at ';', ':' and '. ') as (main clause, conceded clauses):
    "X, but Y" concedes X; "although X, Y" concedes X."""
    result = []
    for part in re.split(r"[;:]|\.\s", text):
        pieces = _BUT.split(part)
        main, conceded = pieces[-1], pieces[:-1]
        if _CONCESSIVE_LEAD.match(main):
            main = main.split(",", 1)[1] if "," in main else ""
        result.append((main, conceded))
    return result


def extract(placeheld: str, labels: tuple[str, ...]) -> list[Claim]:
    """Claims from a sentence whose mentions were replaced by placeholders (references.replace_mentions).

    The conceded half of "X, but Y" counts when Y makes no unqualified claim and X is an overall
    verdict ("A is better because it cites a source, but it is long"), not a comparison on one aspect
    ("A is more accurate, but ...")."""
    claims: list[Claim] = []
    for main, conceded in _parts(placeheld):
        found = _clause_claims(main, labels)
        if not any(c.weight == 1.0 for c in found):
            claims.extend(
                c for clause in conceded if not _CONCESSIVE_LEAD.match(clause)
                for c in _clause_claims(clause, labels) if c.weight == 1.0 and not c.aspect
            )
        claims.extend(found)
    return claims


def _group_labels(text: str) -> list[str]:
    return re.findall(r"\u00a7([A-D])", text)


def _ties(clause: str, labels: tuple[str, ...]) -> tuple[list[Claim], list[tuple[int, int]]]:
    """Tie claims, and the spans they use (a tie group's comparison with a third response too)."""
    claims: list[Claim] = []
    spans: list[tuple[int, int]] = []
    for pattern in (_TIE_GROUP, _TIE_BETWEEN, _TIE_PAIR):
        for match in pattern.finditer(clause):
            if any(a < match.end() and match.start() < b for a, b in spans):
                continue
            group = [label for label in dict.fromkeys(_group_labels(match.group(0))) if label in labels]
            if len(group) < 2:
                continue
            pairs = list(itertools.pairwise(group))  # a narrowed tie ("equal in length") never matched
            end = match.end()
            rest = clause[end:].lstrip(" ,")
            follow = _GROUP_COMPARE.match(rest)  # "..., both better than B"
            compared: list[tuple[str, str]] = []
            if follow and (other := _group_labels(follow.group(0))[-1]) in labels and other not in group:
                end = len(clause) - len(rest) + follow.end()
                compared = [(x, other) if follow.group("up") else (other, x) for x in group]
            text = clause[match.start() : end].strip()  # one statement: it agrees or not as a whole
            claims += [Claim(x, y, text=text, tie=True) for x, y in pairs]
            claims += [Claim(x, y, text=text) for x, y in compared]
            spans.append((match.start(), end))
    return claims, spans


def _chain(match: re.Match[str], labels: tuple[str, ...]) -> list[Claim]:
    """"A = C > B": ties inside a tier, every member of a tier above every member of the next."""
    tiers: list[list[str]] = [[]]
    for label, op in re.findall(r"\u00a7([A-D])|([>=])", match.group(0)):
        if label:
            tiers[-1].append(label)
        elif op == ">":
            tiers.append([])
    text = match.group(0).strip()
    claims = [Claim(t[i], t[i + 1], text=text, tie=True) for t in tiers for i in range(len(t) - 1)]
    claims += [Claim(x, y, text=text) for upper, lower in itertools.pairwise(tiers) for x in upper for y in lower]
    return [c for c in claims if c.better in labels and c.worse in labels and c.better != c.worse]


def _group_comparisons(clause: str, labels: tuple[str, ...], used: list[tuple[int, int]]) -> list[Claim]:
    """"A and C are both better than B": every member of the group above (or below) the other."""
    claims: list[Claim] = []
    for match in re.finditer(_GROUP, clause):
        if any(a <= match.start() < b for a, b in used):
            continue
        follow = _GROUP_COMPARE.match(clause, match.end())
        if not follow:
            continue
        group = [label for label in dict.fromkeys(_group_labels(match.group(0))) if label in labels]
        other = _group_labels(follow.group(0))[-1]
        if other in labels and other not in group:
            text = clause[match.start() : follow.end()].strip()
            claims += [Claim(x, other, text=text) if follow.group("up") else Claim(other, x, text=text) for x in group]
            used.append((match.start(), follow.end()))
    return claims


def _clause_claims(clause: str, labels: tuple[str, ...]) -> list[Claim]:
    chains = list(_CHAIN.finditer(clause))
    if chains:
        return [claim for match in chains for claim in _chain(match, labels)]
    claims, used = _ties(clause, labels)
    claims += _group_comparisons(clause, labels, used)
    for pattern, kind in _PATTERNS:
        for match in pattern.finditer(clause):
            if any(a <= match.start() < b for a, b in used):
                continue
            vague = not (len(match.groups()) > 1 and match.groups()[-1])
            superlative = _SUPERLATIVE.search(match.group(0))
            if len(labels) > 2 and kind in ("better", "worse") and vague and not superlative:
                continue  # "B is better" among three responses: better than which?
            weight = QUALIFIED_WEIGHT if _QUALIFIER.match(clause, match.end()) else 1.0
            groups = [g for g in match.groups() if g]
            subject = groups[0].upper()
            other = groups[1].upper() if len(groups) > 1 and groups[1].upper() in labels else None
            text = match.group(0).strip()
            aspect = bool(_ASPECT.search(text) or _PARTICIPLE.match(clause, match.end()))
            if kind == "position":
                word = groups[-1].lower()
                position = {"first": 0, "top": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2}.get(word, -1)
                claims.append(Claim(subject, None, position, text, weight))
            elif kind == "worse":
                claims.append(Claim(other or "", subject, text=text, weight=weight, aspect=aspect))
            elif kind in ("better", "prefer"):
                claims.append(Claim(subject, other, text=text, weight=weight, aspect=aspect))
    return claims


def contradicts(claim: Claim, ranking: Ranking) -> bool:
    labels = ranking.labels
    if claim.tie:
        return claim.worse is not None and ranking.relation(claim.better, claim.worse) != 0
    if claim.position is not None:
        position = ranking.position(claim.better)
        last = len(ranking.tiers) - 1
        wanted = last if claim.position == -1 else claim.position
        return position != wanted if wanted <= last else True
    if claim.better and claim.worse:
        return ranking.relation(claim.better, claim.worse) != 1
    if claim.better:  # better than every other response
        if len(labels) == 2:
            other = next(label for label in labels if label != claim.better)
            return ranking.relation(claim.better, other) != 1
        return ranking.position(claim.better) != 0
    if claim.worse:
        if len(labels) == 2:
            other = next(label for label in labels if label != claim.worse)
            return ranking.relation(other, claim.worse) != 1
        return ranking.position(claim.worse) == 0
    return False
