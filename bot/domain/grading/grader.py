"""The aggregator: analyse a justification once, score each criterion, apply the caps.

Criteria follow CONTENT_FORMAT.md. Weights were tuned from the default 35/20/15/10/10/10 to
30/15/15/10/15/15 against expert grades (bench/grader_calibration.py): experts give a consistent,
well-formed justification with the right verdict about 50 even when it is vague, and reserve the
last 40 points for key points and evidence; the traps are handled by caps, not by weights.

Caps (each one that binds is explained in `Grade.caps`):
- ranking: a justification that defends a ranking the gold contradicts cannot be a good one: when
  agreement < 1 the score cannot exceed 10 + 40 x agreement (10 for a reversed pair of two, 37
  for one swapped pair of three; experts score such justifications 8-35).
- instruction to the grader (`suspected_injection`) 5; copy of the model answer 10; negating the
  key points more often than making them 20; contradicting one's own ranking 20; keyword
  stuffing 25; no key point and no evidence 30; mostly off-topic words 30; quoting text that
  appears in no response (as often as real quotes) 40; citing numbers or code that appear nowhere
  in the drill (two or more, and more than real ones: a justification of another drill) 40.
- rambling far beyond 5 sentences: a ceiling that drops 4 points per extra sentence (form.py).
Sentences that instruct the grader, list keywords or deny key points earn nothing anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.domain.grading import claims as claims_mod
from bot.domain.grading import evidence as evidence_mod
from bot.domain.grading import guards, rubric
from bot.domain.grading.concepts import GROUPS_OF_STEM, stem_keys
from bot.domain.grading.feedback import Findings, build_feedback
from bot.domain.grading.form import form
from bot.domain.grading.keypoints import Coverage, SentenceKeys, coverage, credit, is_matched, sentence_keys
from bot.domain.grading.lexicon import JUSTIFICATION_WORDS
from bot.domain.grading.models import (
    CriterionScore,
    FlaggedSentence,
    Grade,
    InvalidRanking,
    MatchedKeyPoint,
    MissedKeyPoint,
    RankingResult,
    band_for,
)
from bot.domain.grading.prepared import PreparedDrill, prepare, word_shingles
from bot.domain.grading.references import Mention, focus, mentions, replace_mentions
from bot.domain.grading.text import Sentence, sentences
from bot.domain.ranking import Ranking, RankingError, pairwise_agreement
from bot.packs.schema import Drill

WEIGHTS: dict[str, int] = {
    "key_points": 30, "evidence": 15, "dimensions": 15, "tradeoff": 10, "consistency": 15, "form": 15,
}
EMPTY_CAP = 30
INVENTED_QUOTE_CAP = 40
FOREIGN_DETAIL_CAP, FOREIGN_DETAILS = 40, 2  # citing 2+ numbers or code found nowhere in the drill, more than real ones
OFF_TOPIC_CAP, ON_TOPIC_SHARE = 30, 0.25
CONTRADICTION_CAP = 20
INJECTION_CAP = 5
COPY_CAP = 10
STUFFING_CAP = 25
DENIAL_CAP = 20
RANKING_CAP_BASE, RANKING_CAP_SLOPE = 10, 40
CONCRETE_COVERAGE = 0.2  # a sentence this close to a key point is not generic
CONCRETE_WORDS = 8  # ... nor is one with this many content words
DENIAL_COVERAGE = 0.3  # a sentence that negates key-point words and makes no point this well denies them


_ANAPHOR = re.compile(r"\s*(?:it|its|it's|this|that|they|their|these|those|both|neither|either|the\s+(?:former|latter|"
                     r"first|second|third|other|one|response|answer))\b", re.IGNORECASE)


def ranking_ceiling(agreement: float) -> int:
    return round(RANKING_CAP_BASE + RANKING_CAP_SLOPE * agreement)


@dataclass
class Analysis:
    prepared: PreparedDrill
    given: Ranking
    sentences: list[Sentence]
    mentions: list[list[Mention]]
    focus: list[frozenset[str]]
    keys: list[SentenceKeys]
    recent: list[tuple[str, ...]]  # per sentence: the labels the last sentence with a reference named
    excluded: set[int] = field(default_factory=set)
    flagged: list[FlaggedSentence] = field(default_factory=list)
    coverage: list[list[Coverage]] = field(default_factory=list)  # [point][sentence]

    def flag(self, flag: str, index: int | None, detail: str = "") -> None:
        text = self.sentences[index].text if index is not None else ""
        self.flagged.append(FlaggedSentence(flag=flag, sentence=index, text=text, detail=detail))

    def eligible(self, about: str | None) -> list[bool]:
        return [
            i not in self.excluded and (about is None or about in self.focus[i]) for i in range(len(self.sentences))
        ]

    def unquoted(self, index: int) -> str:
        sentence = self.sentences[index]
        text = sentence.text
        for a, b in reversed(sentence.quotes):
            text = text[:a] + "\u2026" + text[b:]
        return text


def on_topic_share(a: Analysis) -> float:
    """The share of the text's own words (not rubric or verdict words) that the drill's prompt,
    responses or key points also use. A justification of another drill scores low."""
    words = [
        t for i, s in enumerate(a.sentences) if i not in a.excluded for t in s.tokens
        if t.content and t.kind == "word" and len(t.norm) > 2
        and t.norm not in JUSTIFICATION_WORDS and t.stem not in GROUPS_OF_STEM
    ]
    if not words:
        return 1.0  # nothing to judge: other caps deal with empty texts
    keys = a.prepared.topic_keys
    return sum(1 for t in words if not stem_keys(t.stem).isdisjoint(keys)) / len(words)


def parse_ranking(ranking: str, labels: tuple[str, ...]) -> Ranking:
    try:
        return Ranking.parse(ranking, labels)
    except RankingError as exc:
        raise InvalidRanking(str(exc)) from None


def analyse(prepared: PreparedDrill, given: Ranking, justification: str) -> Analysis:
    sents = sentences(justification)
    found: list[list[Mention]] = []
    before: list[tuple[str, ...]] = []
    recent: tuple[str, ...] = ()
    for sentence in sents:
        before.append(recent)
        here = mentions(sentence.text, prepared.labels, recent)
        found.append(here)
        recent = tuple(m.label for m in here) or recent
    analysis = Analysis(
        prepared, given, sents, found, focus(found),
        [sentence_keys(s.tokens, prepared.vocabulary) for s in sents], before,
    )
    for sentence in sents:
        phrase = guards.injection(sentence)
        if phrase:
            analysis.excluded.add(sentence.index)
            analysis.flag("suspected_injection", sentence.index, phrase)
            continue
        why = guards.stuffing(sentence)
        if why:
            analysis.excluded.add(sentence.index)
            analysis.flag("keyword_stuffing", sentence.index, why)
    analysis.coverage = [[coverage(point, keys) for keys in analysis.keys] for point in prepared.points]
    _mark_denials(analysis)
    return analysis


def _mark_denials(a: Analysis) -> None:
    """Exclude sentences that negate a response's key points without making any ("A does not invent
    a study"): they assert the opposite of the gold's reasons and support nothing."""
    for i in range(len(a.sentences)):
        if i in a.excluded:
            continue
        eligible = [
            (row[i], point) for row, point in zip(a.coverage, a.prepared.points, strict=True)
            if point.about is not None and point.about in a.focus[i]  # a trade-off cannot be denied
        ]
        if not eligible:
            continue
        denied = [label for cov, _ in eligible if cov.lost >= 1.0 for label in cov.negated]
        # "B does not follow the format" agrees with "B breaks the constraint": not a denial
        agrees = any(not t.keys.isdisjoint(a.keys[i].anto) for _, point in eligible for t in point.terms)
        if denied and not agrees and max(cov.value for cov, _ in eligible) < DENIAL_COVERAGE:
            a.excluded.add(i)
            a.flag("negated_key_point", i, ", ".join(dict.fromkeys(denied)))


def _key_points(a: Analysis, findings: Findings) -> int:
    total = sum(p.weight for p in a.prepared.points) or 1.0
    earned = 0.0
    for point, row in zip(a.prepared.points, a.coverage, strict=True):
        eligible = a.eligible(point.about)
        best, where = None, None
        for index, (cov, ok) in enumerate(zip(row, eligible, strict=True)):
            if ok and (best is None or cov.value > best.value):
                best, where = cov, index
        share = credit(point, best) if best is not None else 0.0
        earned += point.weight * share
        made = best is not None and is_matched(point, best)
        if best is not None and where is not None and best.value > 0:
            findings.found.append(MatchedKeyPoint(
                text=point.text, about=point.about, dimension=point.dimension, sentence=where,
                coverage=round(best.value, 3), matched=made, terms=list(best.matched),
            ))
        if not made:
            findings.missed.append((point, best))
    findings.point_sentences = sum(
        1 for i in range(len(a.sentences))
        if i not in a.excluded and any(row[i].value >= DENIAL_COVERAGE for row in a.coverage)
    )
    return round(WEIGHTS["key_points"] * earned / total)


def _evidence(a: Analysis, findings: Findings) -> tuple[int, list[float]]:
    per_sentence = [0.0] * len(a.sentences)
    for sentence in a.sentences:
        if sentence.index in a.excluded:
            continue
        result = evidence_mod.sentence_evidence(sentence, a.prepared)
        per_sentence[sentence.index] = result.units
        findings.evidence.extend(result.items)
        for quote in result.unverified:
            a.flag("unverified_quote", sentence.index, quote)
        known, foreign = evidence_mod.foreign_details(sentence, a.prepared)
        findings.details[0].extend(known)
        findings.details[1].extend(foreign)
    unverified = sum(1 for f in a.flagged if f.flag == "unverified_quote")
    findings.quotes = (sum(1 for e in findings.evidence if e.startswith('"')), unverified)
    units = max(0.0, sum(per_sentence) - evidence_mod.QUOTE_UNIT * unverified)
    return round(WEIGHTS["evidence"] * min(1.0, units / evidence_mod.UNITS_FOR_FULL)), per_sentence


def _generic(a: Analysis, evidence_units: list[float]) -> set[int]:
    generic: set[int] = set()
    wanted = a.prepared.drill.dimensions
    for sentence in a.sentences:
        i = sentence.index
        if i in a.excluded:
            continue
        concrete = (
            evidence_units[i] > 0
            or any(row[i].value >= CONCRETE_COVERAGE for row in a.coverage)
            or sum(1 for t in sentence.tokens if t.content) >= CONCRETE_WORDS
            or any(s >= 1.0 for d, s in rubric.dimension_mentions(a.unquoted(i)).items() if d in wanted)
        )
        phrases = guards.generic_phrases(sentence, concrete)
        if phrases:
            generic.add(i)
            a.flag("generic_phrase", i, ", ".join(dict.fromkeys(p.lower() for p in phrases)))
    return generic


def _dimensions(a: Analysis, generic: set[int], findings: Findings) -> int:
    wanted = a.prepared.drill.dimensions
    best: dict[str, float] = {}
    for sentence in a.sentences:
        i = sentence.index
        if i in a.excluded or i in generic or not (a.mentions[i] or (a.focus[i] and _ANAPHOR.match(sentence.text))):
            continue
        names = rubric.dimension_mentions(a.unquoted(i))
        for dim, strength in names.items():
            if dim in wanted and strength > best.get(dim, 0.0):
                best[dim] = strength
    findings.dimensions = best
    top = [*sorted(best.values(), reverse=True), 0.0, 0.0]
    if len(wanted) == 1:
        return round(WEIGHTS["dimensions"] * top[0])
    return round(WEIGHTS["dimensions"] * min(1.0, (top[0] + 0.5 * top[1]) / 1.5))


def _tradeoff(a: Analysis, findings: Findings) -> int:
    best = 0.0
    for sentence in a.sentences:
        i = sentence.index
        if i in a.excluded:
            continue
        text = a.unquoted(i)
        mentioned = frozenset(m.label for m in a.mentions[i]) or a.focus[i]
        hit = rubric.tradeoff(text, mentioned, a.given.best, bool(rubric.dimension_mentions(text)))
        if hit and hit.strength > best:
            best = hit.strength
            findings.tradeoff = (i, hit.marker, hit.strength)
    return round(WEIGHTS["tradeoff"] * best)


def _consistency(a: Analysis, findings: Findings) -> int:
    """Preference statements against the submitted ranking. A contradiction counts when it weighs
    at least as much as the agreeing statements ("A > B. B is the stronger answer ...")."""
    agree = against = 0.0
    contradicting: list[tuple[int, str]] = []
    for sentence in a.sentences:
        i = sentence.index
        if i in a.excluded:
            continue
        unquoted = a.unquoted(i)
        text = replace_mentions(unquoted, mentions(unquoted, a.prepared.labels, a.recent[i]))
        text = claims_mod.resolve_pronouns(text, a.focus[i - 1] if i else frozenset())
        statements: dict[str, tuple[float, bool]] = {}  # "A = C > B" is one statement of three claims
        for claim in claims_mod.extract(text, a.prepared.labels):
            weight, wrong = statements.get(claim.text, (0.0, False))
            statements[claim.text] = (max(weight, claim.weight), wrong or claims_mod.contradicts(claim, a.given))
        for statement, (weight, wrong) in statements.items():
            if wrong:
                against += weight
                contradicting.append((i, statement))
            else:
                agree += weight
    findings.claims = round(agree)
    if against and against >= agree:
        for i, text in dict(contradicting).items():
            a.flag("contradicts_ranking", i, text)
        return 0
    return WEIGHTS["consistency"] if agree else WEIGHTS["consistency"] // 2


def _caps(
    a: Analysis, findings: Findings, scores: dict[str, int], flags: list[str], agreement: float, ceiling: int | None
) -> list[tuple[int, str]]:
    caps: list[tuple[int, str]] = []
    if "suspected_injection" in flags:
        caps.append((INJECTION_CAP, "an instruction to the grader fails an audit outright"))
    if "copied_model_answer" in flags:
        caps.append((COPY_CAP, "a copy of the model answer is not your own justification"))
    if agreement < 1:
        caps.append((ranking_ceiling(agreement), f"the ranking agrees with the gold on {agreement:.0%} of pairs"))
    if "contradicts_ranking" in flags:
        caps.append((CONTRADICTION_CAP, "the text argues against the submitted ranking"))
    verified, unverified = findings.quotes
    if unverified and unverified >= verified:
        caps.append((INVENTED_QUOTE_CAP, "it quotes text that appears in no response"))
    known, foreign = (list(dict.fromkeys(x)) for x in findings.details)
    if len(foreign) >= FOREIGN_DETAILS and len(foreign) > len(known):
        cited = ", ".join(foreign[:3])
        caps.append((FOREIGN_DETAIL_CAP, f"it cites figures or code that appear nowhere in this drill ({cited})"))
    if on_topic_share(a) < ON_TOPIC_SHARE:
        caps.append((OFF_TOPIC_CAP, "most of it is not about these responses"))
    if scores["key_points"] == 0 and scores["evidence"] == 0:
        caps.append((EMPTY_CAP, "no key point and no evidence"))
    denials = sum(1 for f in a.flagged if f.flag == "negated_key_point")
    if denials and denials >= findings.point_sentences:
        caps.append((DENIAL_CAP, "it negates the key points more often than it makes them"))
    if "keyword_stuffing" in flags:
        caps.append((STUFFING_CAP, "a list of rubric words demonstrates nothing"))
    if ceiling is not None:
        caps.append((ceiling, f"{len(a.sentences)} sentences: far beyond the 3-5 an auditor expects"))
    return caps


def grade(drill: Drill, ranking: str, justification: str, *, check_copy: bool = True) -> Grade:
    """Grade a justification of `ranking` for `drill`. Raises InvalidRanking for a bad ranking."""
    prepared = prepare(drill)
    given = parse_ranking(ranking, prepared.labels)
    agreement = round(pairwise_agreement(given, prepared.gold), 4)
    a = analyse(prepared, given, justification)
    findings = Findings()
    scores: dict[str, int] = {}
    scores["key_points"] = _key_points(a, findings)
    scores["evidence"], evidence_units = _evidence(a, findings)
    generic = _generic(a, evidence_units)
    scores["dimensions"] = _dimensions(a, generic, findings)
    scores["tradeoff"] = _tradeoff(a, findings)
    scores["consistency"] = _consistency(a, findings)
    words = sum(1 for s in a.sentences for t in s.tokens if t.kind != "sym")
    stuffed = sum(1 for f in a.flagged if f.flag == "keyword_stuffing")
    shape = form(len(a.sentences), words, len(generic), stuffed, WEIGHTS["form"])
    scores["form"] = shape.score
    for flag in shape.flags:
        a.flag(flag, None, f"{shape.sentences} sentences, {words} words")
    if check_copy:
        words = tuple(t.norm for s in a.sentences for t in s.tokens if t.kind != "sym")
        reuse = guards.copied(word_shingles(words), prepared.model_shingles)
        if reuse >= guards.COPY_THRESHOLD:
            a.flag("copied_model_answer", None, f"{round(100 * reuse)}% of the model answer's phrasing")

    flags = list(dict.fromkeys(f.flag for f in a.flagged))
    caps = _caps(a, findings, scores, flags, agreement, shape.ceiling)
    total = sum(scores.values())
    applied = [reason for cap, reason in caps if total > cap]
    score = max(0, min([total] + [cap for cap, _ in caps]))

    criteria, ranking_feedback = build_feedback(a, findings, scores, WEIGHTS, given, agreement)
    return Grade(
        score=score,
        band=band_for(score),
        ranking=RankingResult(given=str(given), gold=str(prepared.gold), agreement=agreement),
        criteria=[CriterionScore(id=cid, score=scores[cid], max=WEIGHTS[cid], feedback=criteria[cid])  # type: ignore[arg-type]
                  for cid in WEIGHTS],
        missed_key_points=[MissedKeyPoint(text=p.text, about=p.about, dimension=p.dimension)
                           for p, _ in findings.missed],
        flags=flags,
        key_points_found=findings.found,
        flagged=a.flagged,
        caps=[f"capped at {cap}: {reason}" for cap, reason in caps if reason in applied],
        ranking_feedback=ranking_feedback,
        sentences=[s.text for s in a.sentences],
    )
