"""Feedback: one concrete line per criterion, the ranking explanation, and a text rendering that
the console, the CLI (--explain) and Discord share."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.domain.dimensions import DIMENSIONS
from bot.domain.grading.keypoints import CompiledPoint, Coverage
from bot.domain.grading.models import Grade, MatchedKeyPoint
from bot.domain.ranking import Ranking, disagreeing_pairs

if TYPE_CHECKING:
    from bot.packs.schema import Drill

EXCERPT = 90


@dataclass
class Findings:
    found: list[MatchedKeyPoint] = field(default_factory=list)
    missed: list[tuple[CompiledPoint, Coverage | None]] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    dimensions: dict[str, float] = field(default_factory=dict)
    tradeoff: tuple[int, str, float] | None = None
    claims: int = 0
    quotes: tuple[int, int] = (0, 0)  # verified, unverified
    details: tuple[list[str], list[str]] = field(default_factory=lambda: ([], []))  # cited numbers/code: known, foreign
    point_sentences: int = 0  # sentences that make a key point (coverage >= DENIAL_COVERAGE)


def _short(text: str, limit: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _title(dim: str | None) -> str:
    return DIMENSIONS[dim].title if dim in DIMENSIONS else (dim or "")


def _heaviest(points: list[CompiledPoint], about: str | None = None) -> CompiledPoint | None:
    pool = [p for p in points if about is None or p.about == about]
    return max(pool, key=lambda p: (p.weight, -p.index)) if pool else None


def _key_points_line(a: Any, f: Findings) -> str:
    total = len(a.prepared.points)
    made = total - len(f.missed)
    if not f.missed:
        return f"You made all {total} key points."
    point, best = max(f.missed, key=lambda item: (item[0].weight, -item[0].index))
    line = f'You made {made} of {total} key points. Next time make the heaviest one you missed: "{_short(point.text)}"'
    if best is not None and best.value > 0 and not point.explicit:
        missing = [t.label for t in point.terms if t.label not in best.matched and t.weight >= 1][:4]
        if missing:
            line += f" (you came close; say it with: {', '.join(missing)})"
    if best is not None and best.negated:
        line += f" You negated {', '.join(best.negated[:3])}: check that you did not state the opposite."
    return line


def _point_claim(point: CompiledPoint) -> str:
    """'Response A wrongly says X' -> 'wrongly says X' (for "Response A fails <dimension>: ...")."""
    text = re.sub(r"^(?:trade-?off:\s*)?(?:response\s+[A-D]('s)?\s+)?", "", point.text, flags=re.IGNORECASE)
    return text[:1].lower() + text[1:] if text else point.text


def _evidence_line(a: Any, f: Findings, score: int, maximum: int) -> str:
    unverified = [x.detail for x in a.flagged if x.flag == "unverified_quote"]
    prefix = ""
    if unverified:
        prefix = f'The quote "{_short(unverified[0], 60)}" appears in no response: quote the text exactly. '
    cited = [e for e in f.evidence if not e.endswith(("phrase", "phrases"))]
    if score >= maximum:
        return prefix + f"Concrete and checkable: you cite {', '.join(dict.fromkeys(cited[:4])) or 'the responses'}."
    missed = [p for p, _ in f.missed] or list(a.prepared.points)
    point = next((p for p in sorted(missed, key=lambda p: (-p.weight, p.index)) if a.prepared.excerpts[p.index]),
                 None)
    if point is not None:
        source = f"Response {point.about}" if point.about else "the response"
        hint = f'Quote {source} where it shows the point, e.g. "{_short(a.prepared.excerpts[point.index], 80)}"'
    else:
        hint = "Quote the responses' exact words or give their numbers"
    if cited:
        return prefix + f"Some evidence ({', '.join(dict.fromkeys(cited[:3]))}); add more. {hint}."
    if score > 0:
        return prefix + f"You echo the responses' wording but cite nothing exactly. {hint}."
    return prefix + f"No checkable evidence. {hint}."


def _dimensions_line(a: Any, f: Findings, score: int, maximum: int) -> str:
    wanted = a.prepared.drill.dimensions
    named = [d for d in wanted if f.dimensions.get(d, 0) >= 1.0]
    loose = [d for d in wanted if 0 < f.dimensions.get(d, 0) < 1.0]
    if score >= maximum:
        return f"You named the deciding dimensions: {', '.join(_title(d) for d in named)}."
    missing = [d for d in wanted if d not in named]
    point = _heaviest([p for p in a.prepared.points if p.dimension in missing and p.about])
    example = ""
    if point is not None:
        example = (f' For example: "Response {point.about} fails {_title(point.dimension).lower()}: '
                   f'it {_short(_point_claim(point), 70)}"')
    done = f"You named {', '.join(_title(d) for d in named)}. " if named else ""
    if loose:
        return (f"{done}You allude to {', '.join(_title(d).lower() for d in loose)} without naming it; name each "
                f"deciding dimension in a sentence about a response.{example}")
    return (f"{done}Name the dimensions that decide this drill ({', '.join(_title(d) for d in missing)}) in a "
            f"sentence about a response.{example}")


def _tradeoff_line(a: Any, f: Findings, given: Ranking) -> str:
    worse = [label for label in given.labels if label not in given.best]
    other = worse[-1] if worse else given.labels[-1]
    if f.tradeoff and f.tradeoff[2] >= 1.0:
        return f'You stated the trade-off: "{_short(a.sentences[f.tradeoff[0]].text, 90)}"'
    point = next((p for p in a.prepared.points if p.about is None and "trade" in p.text.lower()), None)
    suggestion = f" The drill's trade-off: \"{_short(point.text, 100)}\"" if point else ""
    if f.tradeoff:
        return (f"You contrast the responses; also concede what Response {other} does well and say why it does "
                f"not outweigh the deciding flaw.{suggestion}")
    return f"State the trade-off: what Response {other} does better, and why it still ranks lower.{suggestion}"


def _consistency_line(a: Any, f: Findings, given: Ranking) -> str:
    contradiction = next((x for x in a.flagged if x.flag == "contradicts_ranking"), None)
    if contradiction is not None:
        return (f'Sentence {contradiction.sentence + 1} ("{_short(contradiction.detail, 60)}") argues against your '
                f"ranking {given}: make the text and the ranking say the same thing.")
    if f.claims:
        return f"Your statements agree with your ranking {given}."
    return f'Say plainly which response is better and why, e.g. "Response {given.best[0]} is better because ...".'


def _form_line(a: Any, score: int, maximum: int) -> str:
    count = len(a.sentences)
    parts = []
    if any(x.flag == "too_short" for x in a.flagged):
        parts.append(f"Too short ({count} sentence{'s' if count != 1 else ''}): write 3-5 sentences.")
    elif any(x.flag == "too_long" for x in a.flagged):
        parts.append(f"Too long ({count} sentences): an auditor expects 3-5; cut the retelling and keep the argument.")
    generic = [x for x in a.flagged if x.flag == "generic_phrase"]
    if generic:
        parts.append(f'Generic phrase "{generic[0].detail}" in "{_short(generic[0].text, 70)}": replace it with what '
                     "exactly is better.")
    stuffed = [x for x in a.flagged if x.flag == "keyword_stuffing"]
    if stuffed:
        parts.append(f'"{_short(stuffed[0].text, 60)}" is a list of words, not an argument.')
    if not parts:
        parts.append(f"{count} sentences of plain argument: the right shape.")
    return " ".join(parts)


def ranking_explanation(a: Any, given: Ranking) -> str:
    pairs = disagreeing_pairs(given, a.prepared.gold)
    if not pairs:
        return ""
    lines = []
    for better, worse in pairs:
        if a.prepared.gold.relation(better, worse) == 0:
            lines.append(f"Responses {better} and {worse} are tied in the gold ranking; you separated them.")
            continue
        point = _heaviest(list(a.prepared.points), worse) or _heaviest(list(a.prepared.points), better)
        why = f": {_short(point.text, 160)}" if point is not None else "."
        lines.append(f"You ranked {worse} above {better}, but {better} is better{why}")
    return " ".join(lines)


def build_feedback(
    a: Any, f: Findings, scores: dict[str, int], weights: dict[str, int], given: Ranking, agreement: float
) -> tuple[dict[str, str], str]:
    lines = {
        "key_points": _key_points_line(a, f),
        "evidence": _evidence_line(a, f, scores["evidence"], weights["evidence"]),
        "dimensions": _dimensions_line(a, f, scores["dimensions"], weights["dimensions"]),
        "tradeoff": _tradeoff_line(a, f, given),
        "consistency": _consistency_line(a, f, given),
        "form": _form_line(a, scores["form"], weights["form"]),
    }
    injection = next((x for x in a.flagged if x.flag == "suspected_injection"), None)
    if injection is not None:
        lines["form"] = (f'"{_short(injection.text, 70)}" addresses the grader, not the responses: it earns nothing '
                         "and fails an audit. " + lines["form"])
    return lines, ranking_explanation(a, given)


def format_grade_text(grade: Grade, drill: Drill | None = None) -> str:
    """A plain-text rendering (no markdown beyond quotes) for the console, --explain and Discord."""
    title = f"{drill.title} ({drill.id})\n" if drill is not None else ""
    r = grade.ranking
    lines = [
        (f"{title}Score {grade.score}/100 ({grade.band}). Ranking {r.given} vs gold {r.gold}: "
        f"{round(100 * r.agreement)}% agreement."),
    ]
    if grade.ranking_feedback:
        lines.append(f"Ranking: {grade.ranking_feedback}")
    lines.extend(f"Note: {cap}." for cap in grade.caps)
    lines.extend(f"- {c.id.replace('_', ' ')} {c.score}/{c.max}: {c.feedback}" for c in grade.criteria)
    if grade.missed_key_points:
        lines.append("Missed key points:")
        for point in grade.missed_key_points:
            parts = (f"Response {point.about}" if point.about else "", _title(point.dimension))
            where = ", ".join(x for x in parts if x)
            lines.append(f"  * {_short(point.text, 240)}" + (f" ({where})" if where else ""))
    quoted = [x for x in grade.flagged if x.flag not in ("too_short", "too_long")]
    if quoted:
        lines.append("Flagged:")
        for x in quoted:
            where = f'sentence {x.sentence + 1}: "{_short(x.text, 80)}"' if x.sentence is not None else x.detail
            lines.append(f"  * {x.flag}: {where}")
    return "\n".join(lines)
