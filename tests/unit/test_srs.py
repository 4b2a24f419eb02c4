"""FSRS scheduling rules with a fixed clock: ratings, intervals, lapses, leeches, local days."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import fsrs.card
import pytest
from fsrs import Rating, State

from bot.domain import srs
from bot.packs.schema import Card

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def single(answer: int = 1) -> Card:
    return Card(id="c1", deck="d", type="single_choice", question="Which?", options=["a", "b", "c"],
                answer=answer, explanation="Because.")


def multiple() -> Card:
    return Card(id="c2", deck="d", type="multiple_choice", question="Which ones?", options=["a", "b", "c", "d"],
                answer=[0, 2], explanation="Because.")


def true_false(*, answer: bool) -> Card:
    return Card(id="c3", deck="d", type="true_false", question="True?", answer=answer, explanation="Because.")


def learned(now: datetime = NOW) -> srs.SrsState:
    """A card answered right until it reached review state."""
    state = srs.SrsState.new(now)
    while state.state != State.Review:
        state = srs.review(state, correct=True, now=now, duration_ms=1000).after
        now = max(now, state.due)
    return state


def test_new_card_is_due_at_the_given_time_not_the_clock() -> None:
    state = srs.SrsState.new(NOW)
    assert state.due == NOW
    assert state.state == State.Learning
    assert (state.reps, state.lapses, state.suspended) == (0, 0, False)


def test_a_new_card_neither_reads_the_clock_nor_sleeps(monkeypatch: pytest.MonkeyPatch) -> None:
    """fsrs.Card() without a card_id stamps it with the wall clock and sleeps 1 ms (blocking the event loop)."""

    class NoClock(datetime):
        @classmethod
        def now(cls, tz: object = None) -> datetime:  # type: ignore[override]
            raise AssertionError("the domain read the clock")

    def no_sleep(seconds: float) -> None:
        raise AssertionError("the domain slept")

    monkeypatch.setattr(fsrs.card, "datetime", NoClock)
    monkeypatch.setattr(fsrs.card.time, "sleep", no_sleep)
    state = srs.SrsState.new(NOW)
    assert srs.review(state, correct=True, now=NOW, duration_ms=1).after.reps == 1


def test_right_is_good_and_wrong_is_again_never_easy_or_hard() -> None:
    assert srs.rating_for(correct=True) == Rating.Good
    assert srs.rating_for(correct=False) == Rating.Again
    ratings = {srs.review(srs.SrsState.new(NOW), correct=c, now=NOW, duration_ms=5).rating for c in (True, False)}
    assert ratings == {Rating.Good, Rating.Again}


def test_review_records_duration_and_schedules_exactly() -> None:
    outcome = srs.review(srs.SrsState.new(NOW), correct=True, now=NOW, duration_ms=4321)
    assert outcome.log.review_duration == 4321
    assert outcome.log.review_datetime == NOW
    assert outcome.after.due - NOW == timedelta(minutes=10)  # FSRS v6's second learning step, no fuzz
    assert outcome.after.reps == 1
    second = srs.review(outcome.after, correct=True, now=outcome.after.due, duration_ms=1000)
    assert second.after.state == State.Review
    assert second.interval >= timedelta(days=1)


def test_higher_retention_gives_shorter_intervals() -> None:
    state = learned()
    at = state.due
    low = srs.review(state, correct=True, now=at, duration_ms=1, desired_retention=0.8).after.due
    high = srs.review(state, correct=True, now=at, duration_ms=1, desired_retention=0.95).after.due
    assert high < low


def test_retention_outside_the_allowed_range_is_refused() -> None:
    with pytest.raises(ValueError, match="outside"):
        srs.scheduler_for(0.99)


def test_lapse_counts_only_again_on_a_card_in_review() -> None:
    fresh = srs.review(srs.SrsState.new(NOW), correct=False, now=NOW, duration_ms=1)
    assert not fresh.lapsed
    assert fresh.after.lapses == 0
    state = learned()
    outcome = srs.review(state, correct=False, now=state.due, duration_ms=1)
    assert outcome.lapsed
    assert outcome.after.lapses == 1
    assert outcome.after.state == State.Relearning


def test_eighth_lapse_suspends_the_card_as_a_leech() -> None:
    state = learned()
    now = state.due
    for lapse in range(1, srs.LEECH_LAPSES + 1):
        outcome = srs.review(state, correct=False, now=now, duration_ms=1)
        assert outcome.after.lapses == lapse
        assert outcome.became_leech == (lapse == srs.LEECH_LAPSES)
        state = outcome.after
        # Relearn until it is back in review, ready to lapse again.
        while state.state != State.Review and lapse < srs.LEECH_LAPSES:
            now = max(now, state.due)
            state = srs.review(state, correct=True, now=now, duration_ms=1).after
        now = max(now, state.due)
    assert state.suspended


def test_is_correct_needs_exactly_the_right_options() -> None:
    assert srs.is_correct(single(1), [1])
    assert not srs.is_correct(single(1), [0])
    assert srs.is_correct(multiple(), [2, 0])
    assert not srs.is_correct(multiple(), [0])
    assert not srs.is_correct(multiple(), [0, 1, 2])
    assert srs.is_correct(true_false(answer=True), [0])
    assert srs.is_correct(true_false(answer=False), [1])


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (timedelta(seconds=-5), "now"),
        (timedelta(0), "now"),
        (timedelta(seconds=30), "in under a minute"),
        (timedelta(minutes=1), "in 1 minute"),
        (timedelta(minutes=10), "in 10 minutes"),
        (timedelta(hours=5), "in 5 hours"),
        (timedelta(days=1), "in 1 day"),
        (timedelta(days=3, hours=2), "in 3 days"),
        (timedelta(days=45), "in 45 days"),
        (timedelta(days=90), "in 3 months"),
        (timedelta(days=800), "in 2 years"),
    ],
)
def test_describe_interval(delta: timedelta, text: str) -> None:
    assert srs.describe_interval(delta) == text
