"""Preference statements in a justification ("A is better", "I prefer B", "B > A", "C ranks last")
and their agreement with the submitted ranking.

Statements inside quotes and in concessive clauses ("A is friendlier, but ...") are not claims.
"""

from __future__ import annotations

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
        (rf"{_X}(?:'s\s+\w+)?{_VERB}\s+{_MOD}{_BETTER}\b{_THAN}", "better"),
        (rf"{_X}(?:'s\s+\w+)?{_VERB}\s+{_MOD}{_WORSE}\b{_THAN}", "worse"),
        (rf"{_X}(?:'s\s+\w+)?\s+(?:is|was)\s+not\s+as\s+\w+\s+as\s+{_X}", "worse"),
        (rf"{_X}\s*(?:>|beats|outperforms|outranks|wins\s+over|over|above|ahead\s+of)\s*{_X}", "better"),
        (rf"{_X}\s*<\s*{_X}", "worse"),
        ((rf"\b(?:prefer(?:red)?|chose|choose|pick(?:ed)?|favou?r(?:ed)?|went\s+with|go\s+with)\s+{_X}"
         rf"(?:\s+(?:over|above|ahead\s+of|before|to)\s+{_X})?"), "prefer"),
        (rf"\b(?:ranked|rank|put|placed?|rate[ds]?)\s+{_X}\s+(?:over|above|ahead\s+of|before|higher\s+than)\s+{_X}",
         "prefer"),
        (rf"\b(?:ranked|rank|put|placed?)\s+{_X}\s+(?:in\s+)?(first|top|1st|last|bottom|second|2nd|third|3rd)\b",
         "position"),
        ((rf"{_X}(?:\s+(?:is|was))?\s+(?:ranked\s+|comes\s+|goes\s+|ranks\s+|belongs\s+|should\s+be\s+)?"
         rf"(first|top|1st|last|bottom|second|2nd|third|3rd)\b"), "position"),
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


@dataclass(frozen=True, slots=True)
class Claim:
    better: str
    worse: str | None  # None: better than every other response
    position: int | None = None  # a stated tier (0 = first, -1 = last)
    text: str = ""
    weight: float = 1.0  # 0.5 for a qualified claim: "B is better on tone"


def _clauses(text: str) -> list[str]:
    """Clauses that can carry a claim: drop the concessive half of "X, but Y" and "although X, Y"."""
    result = []
    for part in re.split(r"[;:]|\.\s", text):
        pieces = _BUT.split(part)
        if len(pieces) > 1:
            part = pieces[-1]
        if _CONCESSIVE_LEAD.match(part):
            part = part.split(",", 1)[1] if "," in part else ""
        result.append(part)
    return result


def extract(placeheld: str, labels: tuple[str, ...]) -> list[Claim]:
    """Claims from a sentence whose mentions were replaced by placeholders (references.replace_mentions)."""
    claims: list[Claim] = []
    for clause in _clauses(placeheld):
        chain = re.findall(rf"{_X}\s*([>=])", clause)
        if len(chain) >= 1 and re.search(rf"{_X}\s*>\s*{_X}", clause):
            items = re.findall(r"\u00a7([A-D])|([>=])", clause)
            sequence = [a or b for a, b in items]
            claims.extend(
                Claim(sequence[i], sequence[i + 2], text=clause.strip())
                for i in range(0, len(sequence) - 2, 2)
                if sequence[i + 1] == ">" and sequence[i] in labels and sequence[i + 2] in labels
            )
            continue
        for pattern, kind in _PATTERNS:
            for match in pattern.finditer(clause):
                vague = not (len(match.groups()) > 1 and match.groups()[-1])
                superlative = _SUPERLATIVE.search(match.group(0))
                if len(labels) > 2 and kind in ("better", "worse") and vague and not superlative:
                    continue  # "B is better" among three responses: better than which?
                weight = QUALIFIED_WEIGHT if _QUALIFIER.match(clause, match.end()) else 1.0
                groups = [g for g in match.groups() if g]
                subject = groups[0].upper()
                other = groups[1].upper() if len(groups) > 1 and groups[1].upper() in labels else None
                if kind == "position":
                    word = groups[-1].lower()
                    position = {"first": 0, "top": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2}.get(
                        word, -1
                    )
                    claims.append(Claim(subject, None, position, clause.strip(), weight))
                elif kind == "worse":
                    if other:
                        claims.append(Claim(other, subject, text=clause.strip(), weight=weight))
                    else:
                        claims.append(Claim("", subject, text=clause.strip(), weight=weight))
                elif kind in ("better", "prefer"):
                    claims.append(Claim(subject, other, text=clause.strip(), weight=weight))
    return claims


def contradicts(claim: Claim, ranking: Ranking) -> bool:
    labels = ranking.labels
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
