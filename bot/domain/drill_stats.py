"""A learner's drill statistics: agreement with the gold and the community, criterion averages,
and the weakest criterion with a concrete tip."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WEAK_BELOW = 90.0  # a criterion averaging this share of its points or more needs no tip

CRITERION_TITLES = {
    "key_points": "Key points",
    "evidence": "Evidence",
    "dimensions": "Rubric dimensions",
    "tradeoff": "Trade-off",
    "consistency": "Consistency",
    "form": "Form",
}

CRITERION_TIPS = {
    "key_points": "Before writing, list the one or two facts that decide the ranking (a wrong number, an ignored "
                  "constraint, an unsafe step) and make each one its own sentence naming the response.",
    "evidence": "Quote or paraphrase the exact words you judge: 'Response A says the tower was finished in 1899' "
                "beats 'A has an error'. Quotes must appear in the response word for word.",
    "dimensions": "Name the rubric dimension behind each reason (factual accuracy, instruction following, "
                  "harmlessness ...) instead of 'better' or 'more helpful'.",
    "tradeoff": "Say what the lower-ranked response does well and why it still loses: 'B is friendlier, but A is "
                "the only one that answers the question asked.'",
    "consistency": "Check that every sentence supports the ranking you chose; if you praise the response you "
                   "ranked last, say why it still ranks last.",
    "form": "Aim for 3-5 plain sentences: the verdict first, then one reason per sentence, no filler phrases.",
}


@dataclass(frozen=True, slots=True)
class CriterionMark:
    id: str
    score: int
    max: int


@dataclass(frozen=True, slots=True)
class GradedAttempt:
    """One scored, graded attempt as the statistics need it."""

    gold_agreement: float  # pairwise agreement of the ranking with the gold, 0..1
    exact: bool  # the ranking equals the gold
    score: int
    criteria: tuple[CriterionMark, ...]
    community_agreement: float | None = None  # with the other learners' majority on the same post


@dataclass(frozen=True, slots=True)
class CriterionAverage:
    id: str
    title: str
    percent: float  # mean of score / max, 0..100
    attempts: int


@dataclass(frozen=True, slots=True)
class LearnerStats:
    attempts: int
    gold_agreement: float | None  # mean pairwise agreement, 0..1
    exact_share: float | None  # share of rankings equal to the gold
    community_agreement: float | None
    community_attempts: int
    average_score: float | None
    criteria: tuple[CriterionAverage, ...]
    weakest: CriterionAverage | None
    tip: str | None


def learner_stats(attempts: Sequence[GradedAttempt]) -> LearnerStats:
    """Statistics over the given attempts (the caller picks the window, e.g. the last 30 scored)."""
    if not attempts:
        return LearnerStats(0, None, None, None, 0, None, (), None, None)
    count = len(attempts)
    sums: dict[str, list[float]] = {}
    for attempt in attempts:
        for mark in attempt.criteria:
            if mark.max > 0:
                sums.setdefault(mark.id, []).append(100 * mark.score / mark.max)
    order = list(CRITERION_TITLES) + sorted(set(sums) - set(CRITERION_TITLES))
    criteria = tuple(
        CriterionAverage(cid, CRITERION_TITLES.get(cid, cid), sum(sums[cid]) / len(sums[cid]), len(sums[cid]))
        for cid in order if cid in sums
    )
    # The weakest criterion: the lowest average share of its points (ties: the first in rubric order),
    # unless every criterion is already near full marks.
    lowest = min(criteria, key=lambda c: c.percent) if criteria else None
    weakest = lowest if lowest is not None and lowest.percent < WEAK_BELOW else None
    community = [a.community_agreement for a in attempts if a.community_agreement is not None]
    return LearnerStats(
        attempts=count,
        gold_agreement=sum(a.gold_agreement for a in attempts) / count,
        exact_share=sum(1 for a in attempts if a.exact) / count,
        community_agreement=sum(community) / len(community) if community else None,
        community_attempts=len(community),
        average_score=sum(a.score for a in attempts) / count,
        criteria=criteria,
        weakest=weakest,
        tip=CRITERION_TIPS.get(weakest.id) if weakest else None,
    )
