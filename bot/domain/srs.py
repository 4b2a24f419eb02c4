"""Spaced repetition with FSRS (the `fsrs` package, v6): grading, scheduling, lapses and leeches.

Pure: `now` is always passed in. One `SrsState` per (learner, card). Auto-graded answers map to two
ratings only: wrong -> Again, right -> Good (Hard counts as a pass in FSRS and Easy would need the
learner's own judgement, so neither is ever chosen automatically).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import lru_cache

from fsrs import Card as FsrsCard
from fsrs import Rating, ReviewLog, Scheduler, State

from bot.packs.schema import Card

DEFAULT_RETENTION = 0.9
MIN_RETENTION, MAX_RETENTION = 0.8, 0.95
#: Lapses (Again on a card in Review state) after which a card is suspended as a leech.
LEECH_LAPSES = 8
#: Stability (days) from which a card counts as mastered in the statistics.
MASTERED_STABILITY_DAYS = 21


@dataclass(frozen=True, slots=True)
class SrsState:
    """What FSRS knows about one learner's memory of one card, plus the counts FSRS v6 does not keep."""

    state: State
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int = 0
    lapses: int = 0
    suspended: bool = False

    @classmethod
    def new(cls, now: datetime) -> SrsState:
        """A card never reviewed, due `now`. Both arguments matter: without `due` FSRS reads the clock,
        and without `card_id` it stamps the card with the clock and sleeps a millisecond."""
        fresh = FsrsCard(card_id=0, due=now)
        return cls(fresh.state, fresh.step, fresh.stability, fresh.difficulty, fresh.due, fresh.last_review)

    def to_fsrs(self, card_id: int = 0) -> FsrsCard:
        return FsrsCard(
            card_id=card_id, state=self.state, step=self.step, stability=self.stability,
            difficulty=self.difficulty, due=self.due, last_review=self.last_review,
        )

    @property
    def mastered(self) -> bool:
        return (self.stability or 0) >= MASTERED_STABILITY_DAYS


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    before: SrsState
    after: SrsState
    rating: Rating
    log: ReviewLog
    lapsed: bool
    became_leech: bool

    @property
    def interval(self) -> timedelta:
        return self.after.due - self.log.review_datetime


@lru_cache(maxsize=16)
def scheduler_for(desired_retention: float) -> Scheduler:
    """A deterministic FSRS scheduler (no fuzzing, so tests and the learner see exact intervals)."""
    if not MIN_RETENTION <= desired_retention <= MAX_RETENTION:
        raise ValueError(f"desired retention {desired_retention} is outside {MIN_RETENTION}-{MAX_RETENTION}")
    return Scheduler(desired_retention=desired_retention, enable_fuzzing=False)


def rating_for(*, correct: bool) -> Rating:
    return Rating.Good if correct else Rating.Again


def review(
    before: SrsState, *, correct: bool, now: datetime, duration_ms: int | None,
    desired_retention: float = DEFAULT_RETENTION, card_id: int = 0,
) -> ReviewOutcome:
    """Schedule the next review after an auto-graded answer; counts lapses and detects leeches."""
    rating = rating_for(correct=correct)
    card, log = scheduler_for(desired_retention).review_card(
        before.to_fsrs(card_id), rating, review_datetime=now, review_duration=duration_ms
    )
    lapsed = before.state == State.Review and rating == Rating.Again
    lapses = before.lapses + lapsed
    became_leech = lapsed and lapses >= LEECH_LAPSES and not before.suspended
    after = replace(
        before, state=card.state, step=card.step, stability=card.stability, difficulty=card.difficulty,
        due=card.due, last_review=card.last_review, reps=before.reps + 1, lapses=lapses,
        suspended=before.suspended or became_leech,
    )
    return ReviewOutcome(before, after, rating, log, lapsed, became_leech)


def is_correct(card: Card, chosen: Collection[int]) -> bool:
    """Right only when exactly the correct options were chosen (all of them, nothing else)."""
    return frozenset(chosen) == card.correct_indexes


def describe_interval(delta: timedelta) -> str:
    """'in 10 minutes', 'in 3 days', 'now': for telling the learner when a card comes back."""
    seconds = delta.total_seconds()
    if seconds <= 0:
        return "now"
    if seconds < 60:
        return "in under a minute"
    for unit_seconds, name in ((86400 * 365, "year"), (86400 * 30, "month"), (86400, "day"),
                               (3600, "hour"), (60, "minute")):
        if seconds >= unit_seconds:
            count = round(seconds / unit_seconds)
            # 1.6 months reads better as "in 48 days" than "in 2 months"; round only long units.
            if name in ("year", "month") and seconds < 2 * unit_seconds:
                continue
            return f"in {count} {name}{'s' if count != 1 else ''}"
    return "now"  # pragma: no cover - the loop always returns for seconds >= 60
