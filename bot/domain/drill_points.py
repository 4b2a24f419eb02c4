"""Points a drill attempt earns in the activity ledger."""

from __future__ import annotations

RANKING_WEIGHT = 40  # points for a ranking that fully agrees with the gold
JUSTIFICATION_WEIGHT = 60  # points for a justification that scores 100


def attempt_points(ranking_agreement: float, score: int, *, scored: bool) -> int:
    """round(40 * agreement + 60 * score / 100) for the scored attempt; practice earns nothing.

    `ranking_agreement` is the pairwise agreement with the gold (0..1), `score` the grade (0..100).
    """
    if not scored:
        return 0
    agreement = min(max(ranking_agreement, 0.0), 1.0)
    score = min(max(score, 0), 100)
    return round(RANKING_WEIGHT * agreement + JUSTIFICATION_WEIGHT * score / 100)
