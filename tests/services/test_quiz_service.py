"""Quiz sessions on a real database with real migrations and the shipped cards, with a fixed clock."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating, State

from bot.clock import FixedClock
from bot.domain import srs
from bot.errors import NotFound, PermissionDenied, UserError
from bot.services.container import Services
from bot.services.quiz import DAILY_POINTS_CAP, POINTS_PER_CORRECT, QuizStep
from bot.settings import Settings
from bot.storage.repositories.activity import ActivityEvent, ActivityRepository
from bot.storage.repositories.content import ContentRepository
from bot.storage.repositories.quiz import QuizRepository
from tests.services.test_quiz_content import use_quiz_cards

LEARNER, OTHER, GUILD = 101, 202, 9
DECK = "core-rubrics/factual-accuracy"


@pytest.fixture
async def services(settings: Settings, clock: FixedClock, tmp_path: Path) -> AsyncIterator[Services]:
    opened = await Services.open(use_quiz_cards(settings, tmp_path), clock)
    try:
        yield opened
    finally:
        await opened.close()


def right(step: QuizStep) -> list[int]:
    assert step.card is not None
    return sorted(step.card.card.correct_indexes)


def wrong(step: QuizStep) -> list[int]:
    assert step.card is not None
    card = step.card.card
    return [next(i for i in range(len(card.choices)) if i not in card.correct_indexes)]


async def answer(services: Services, step: QuizStep, *, correct: bool) -> QuizStep:
    return await services.quiz.answer(step.session_id, step.user_id, step.position,
                                      right(step) if correct else wrong(step))


async def test_a_new_learner_gets_todays_new_cards_from_every_deck(services: Services) -> None:
    step = await services.quiz.start_session(LEARNER, GUILD)
    assert step.kind == "card"
    assert (step.position, step.total) == (0, 10)  # default: 10 new cards a day
    queue = (await QuizRepository(services.db).get_session(None, step.session_id)).queue  # type: ignore[union-attr]
    decks = [card_id.split("/")[1] for card_id in queue]
    assert len({q.rsplit("-", 1)[0] for q in decks}) == 10  # one card from each of the ten decks


async def test_right_answer_saves_fsrs_state_review_log_and_points(services: Services, clock: FixedClock) -> None:
    step = await services.quiz.start_session(LEARNER, GUILD, DECK)
    clock.advance(timedelta(seconds=4.5))
    feedback = await answer(services, step, correct=True)
    assert feedback.kind == "feedback"
    assert feedback.feedback is not None
    assert feedback.feedback.correct
    assert feedback.feedback.comes_back == "in 10 minutes"
    assert feedback.feedback.points == POINTS_PER_CORRECT
    assert feedback.feedback.explanation == step.card.card.explanation  # type: ignore[union-attr]

    card_id = step.card.card_id  # type: ignore[union-attr]
    (review,) = await QuizRepository(services.db).reviews(LEARNER, card_id=card_id)
    assert (review.rating, review.correct, review.duration_ms) == (int(Rating.Good), True, 4500)
    assert review.state_before is None
    assert review.guild_id == GUILD
    async with services.db.transaction() as tx:
        stored = await QuizRepository(services.db).card_state(tx, LEARNER, card_id)
    assert stored is not None
    assert stored[1].state == State.Learning
    assert stored[1].due == clock.now().replace(microsecond=0) + timedelta(minutes=10)
    (event,) = await ActivityRepository(services.db).events(guild_id=GUILD, user_id=LEARNER)
    assert (event.kind, event.ref, event.points) == ("quiz_review", card_id, POINTS_PER_CORRECT)


async def test_wrong_answer_is_again_earns_nothing_and_comes_back_after_three_cards(services: Services) -> None:
    step = await services.quiz.start_session(LEARNER, GUILD, DECK)
    missed = step.card.card_id  # type: ignore[union-attr]
    feedback = await answer(services, step, correct=False)
    assert feedback.feedback is not None
    assert not feedback.feedback.correct
    assert feedback.feedback.retry_in_session
    assert feedback.total == step.total + 1
    (review,) = await QuizRepository(services.db).reviews(LEARNER)
    assert review.rating == int(Rating.Again)
    (event,) = await ActivityRepository(services.db).events(guild_id=GUILD, user_id=LEARNER)
    assert event.points == 0
    seen = [missed]
    current = feedback
    for _ in range(4):
        current = await services.quiz.next_card(current.session_id, LEARNER, current.position)
        seen.append(current.card.card_id)  # type: ignore[union-attr]
        current = await answer(services, current, correct=True)
    assert seen[4] == missed  # three other cards in between
    assert current.feedback is not None
    assert current.feedback.points == 0  # a retry right after seeing the answer earns no points


async def test_stale_and_foreign_clicks_are_refused_and_change_nothing(services: Services) -> None:
    step = await services.quiz.start_session(LEARNER, GUILD, DECK)
    with pytest.raises(PermissionDenied):
        await services.quiz.answer(step.session_id, OTHER, 0, right(step))
    with pytest.raises(UserError, match="earlier card"):
        await services.quiz.next_card(step.session_id, LEARNER, 0)  # not answered yet
    await answer(services, step, correct=True)
    with pytest.raises(UserError, match="already been answered"):
        await answer(services, step, correct=False)
    nxt = await services.quiz.next_card(step.session_id, LEARNER, 0)
    with pytest.raises(UserError, match="options 1 to"):
        await services.quiz.answer(nxt.session_id, LEARNER, nxt.position, [7])
    assert len(await QuizRepository(services.db).reviews(LEARNER)) == 1


async def test_multiple_choice_is_chosen_then_submitted(services: Services) -> None:
    step = await services.quiz.start_session(LEARNER, GUILD, DECK)
    while step.card.card.type != "multiple_choice":  # type: ignore[union-attr]
        step = await answer(services, step, correct=True)
        step = await services.quiz.next_card(step.session_id, LEARNER, step.position)
    with pytest.raises(UserError, match="Pick one or more"):
        await services.quiz.submit(step.session_id, LEARNER, step.position)
    chosen = await services.quiz.choose(step.session_id, LEARNER, step.position, right(step))
    assert chosen.kind == "card"
    assert chosen.pending == right(step)
    result = await services.quiz.submit(step.session_id, LEARNER, step.position)
    assert result.feedback is not None
    assert result.feedback.correct
    assert result.feedback.chosen == right(step)


async def test_finishing_and_ending_summarise_the_session(services: Services) -> None:
    await services.users.update(LEARNER, new_cards_per_day=3)
    step = await services.quiz.start_session(LEARNER, GUILD)
    assert step.total == 3
    step = await answer(services, step, correct=True)
    step = await services.quiz.next_card(step.session_id, LEARNER, step.position)
    step = await answer(services, step, correct=False)
    summary = await services.quiz.end_session(step.session_id, LEARNER)
    assert summary.kind == "summary"
    assert summary.summary is not None
    assert (summary.summary.reason, summary.summary.reviewed, summary.summary.correct) == ("ended", 2, 1)
    assert summary.summary.percent == 50
    assert summary.summary.next_due_in == "in 1 minute"  # the missed card: FSRS's first learning step
    late_click = await services.quiz.next_card(step.session_id, LEARNER, step.position)
    assert late_click.summary == summary.summary  # an ended session's buttons show its summary
    again = await services.quiz.end_session(step.session_id, LEARNER)
    assert again.summary == summary.summary


async def test_running_out_of_cards_finishes_the_session(services: Services) -> None:
    await services.users.update(LEARNER, new_cards_per_day=1)
    step = await services.quiz.start_session(LEARNER, GUILD)
    step = await answer(services, step, correct=True)
    done = await services.quiz.next_card(step.session_id, LEARNER, step.position)
    assert done.kind == "summary"
    assert done.summary is not None
    assert done.summary.reason == "finished"
    assert done.summary.next_due_in == "in 10 minutes"


async def test_an_idle_session_times_out_and_keeps_its_answers(services: Services, clock: FixedClock) -> None:
    step = await services.quiz.start_session(LEARNER, GUILD, DECK)
    step = await answer(services, step, correct=True)
    clock.advance(timedelta(minutes=31))
    result = await services.quiz.next_card(step.session_id, LEARNER, step.position)
    assert result.kind == "summary"
    assert result.summary is not None
    assert (result.summary.reason, result.summary.reviewed) == ("timeout", 1)


async def test_starting_again_replaces_the_open_session(services: Services) -> None:
    first = await services.quiz.start_session(LEARNER, GUILD, DECK)
    await services.quiz.start_session(LEARNER, GUILD, DECK)
    stale = await services.quiz.answer(first.session_id, LEARNER, 0, right(first))
    assert stale.kind == "summary"
    assert stale.summary is not None
    assert stale.summary.reason == "replaced"
    assert await QuizRepository(services.db).reviews(LEARNER) == []


async def test_unknown_deck_suggests_the_closest(services: Services) -> None:
    with pytest.raises(NotFound, match="factual-accuracy"):
        await services.quiz.start_session(LEARNER, GUILD, "core-rubrics/factual")
    choices = await services.quiz.deck_choices("hallucin")
    assert [c.deck_id for c in choices] == [DECK]
    with pytest.raises(NotFound, match=f"Did you mean `{DECK}`"):  # a word of the title finds it too
        await services.quiz.start_session(LEARNER, GUILD, "hallucinations")


async def test_due_reviews_come_before_new_cards_most_overdue_first(services: Services, clock: FixedClock) -> None:
    step = await services.quiz.start_session(LEARNER, GUILD, DECK)
    answered = []
    for _ in range(3):
        answered.append(step.card.card_id)  # type: ignore[union-attr]
        step = await answer(services, step, correct=True)
        clock.advance(timedelta(minutes=1))
        step = await services.quiz.next_card(step.session_id, LEARNER, step.position)
    clock.advance(timedelta(hours=1))
    step = await services.quiz.start_session(LEARNER, GUILD)
    queue = (await QuizRepository(services.db).get_session(None, step.session_id)).queue  # type: ignore[union-attr]
    assert queue[:3] == answered  # due in answer order: the first answered is the most overdue
    assert len(queue) == 3 + 7  # then the rest of today's ten new cards


@pytest.mark.parametrize(
    ("zone", "late_evening_utc"),
    [
        ("UTC", datetime(2026, 3, 2, 23, 50, tzinfo=UTC)),
        ("Asia/Tokyo", datetime(2026, 3, 2, 14, 50, tzinfo=UTC)),  # 23:50 JST
        ("America/Los_Angeles", datetime(2026, 3, 3, 7, 50, tzinfo=UTC)),  # 23:50 PST
        ("Asia/Kolkata", datetime(2026, 3, 2, 18, 20, tzinfo=UTC)),  # 23:50 IST
    ],
)
async def test_new_card_limit_resets_at_the_learners_midnight(
    services: Services, clock: FixedClock, zone: str, late_evening_utc: datetime
) -> None:
    await services.users.update(LEARNER, timezone=zone, new_cards_per_day=2)
    clock.set(late_evening_utc)
    step = await services.quiz.start_session(LEARNER, GUILD)
    for _ in range(2):
        step = await answer(services, step, correct=True)
        step = await services.quiz.next_card(step.session_id, LEARNER, step.position)
    assert step.kind == "summary"
    with pytest.raises(UserError, match="today's 2 new cards"):
        await services.quiz.start_session(LEARNER, GUILD)
    clock.advance(timedelta(minutes=9))  # 23:59 local: still the same day
    with pytest.raises(UserError, match="today's 2 new cards"):
        await services.quiz.start_session(LEARNER, GUILD)
    clock.advance(timedelta(minutes=2))  # 00:01 local: a new day
    step = await services.quiz.start_session(LEARNER, GUILD)
    queue = (await QuizRepository(services.db).get_session(None, step.session_id)).queue  # type: ignore[union-attr]
    assert len(queue) == 2 + 2  # yesterday's two (now due) and two new ones


async def test_eighth_lapse_suspends_a_leech_and_says_why(services: Services, clock: FixedClock) -> None:
    repo = QuizRepository(services.db)
    card_id = "core-rubrics/fa-001"
    now = clock.now()
    leechy = srs.SrsState(state=State.Review, step=None, stability=3.0, difficulty=8.0, due=now - timedelta(hours=1),
                          last_review=now - timedelta(days=3), reps=20, lapses=srs.LEECH_LAPSES - 1)
    async with services.db.transaction() as tx:
        await repo.save_state(tx, LEARNER, card_id, leechy, now - timedelta(days=30))
    step = await services.quiz.start_session(LEARNER, GUILD, DECK)
    assert step.card is not None
    assert step.card.card_id == card_id  # the due review comes first
    result = await answer(services, step, correct=False)
    assert result.feedback is not None
    assert result.feedback.leech
    assert result.feedback.lapses == srs.LEECH_LAPSES
    assert not result.feedback.retry_in_session
    async with services.db.transaction() as tx:
        stored = await repo.card_state(tx, LEARNER, card_id)
    assert stored is not None
    assert stored[1].suspended
    clock.advance(timedelta(days=2))
    later = await services.quiz.start_session(LEARNER, GUILD, DECK)
    queue = (await repo.get_session(None, later.session_id)).queue  # type: ignore[union-attr]
    assert card_id not in queue
    decks = {d.deck_id: d for d in (await services.quiz.decks(LEARNER)).decks}
    assert decks[DECK].suspended == 1


async def test_retired_cards_are_neither_new_nor_reviewed(services: Services, clock: FixedClock) -> None:
    step = await services.quiz.start_session(LEARNER, GUILD, DECK)
    first = step.card.card_id  # type: ignore[union-attr]
    await answer(services, step, correct=False)  # due again in a minute
    content = ContentRepository(services.db)
    live = await content.item_ids("cards", "core-rubrics")
    async with services.db.transaction() as tx:
        await content.retire_missing(tx, "cards", "core-rubrics", live - {first, "core-rubrics/fa-002"}, clock.now())
    clock.advance(timedelta(minutes=5))
    again = await services.quiz.start_session(LEARNER, GUILD, DECK)
    queue = (await QuizRepository(services.db).get_session(None, again.session_id)).queue  # type: ignore[union-attr]
    assert first not in queue
    assert "core-rubrics/fa-002" not in queue


async def test_points_stop_at_the_daily_cap(services: Services, clock: FixedClock) -> None:
    ledger = ActivityRepository(services.db)
    async with services.db.transaction() as tx:
        await ledger.record(tx, ActivityEvent(guild_id=GUILD, user_id=LEARNER, kind="quiz_review", ref="x",
                                              points=DAILY_POINTS_CAP - 1, at_utc=clock.now(),
                                              local_day=clock.now().date()))
    step = await services.quiz.start_session(LEARNER, GUILD, DECK)
    first = await answer(services, step, correct=True)
    step = await services.quiz.next_card(first.session_id, LEARNER, first.position)
    second = await answer(services, step, correct=True)
    assert (first.feedback.points, second.feedback.points) == (1, 0)  # type: ignore[union-attr]
    day = clock.now().date()
    total = await ledger.points_on_day(services.db, guild_id=GUILD, user_id=LEARNER, kind="quiz_review", local_day=day)
    assert total == DAILY_POINTS_CAP
    assert len(await ledger.events(guild_id=GUILD, user_id=LEARNER)) == 3  # capped answers are still recorded


async def test_stats_count_reviews_due_cards_retention_and_mastery(services: Services, clock: FixedClock) -> None:
    repo = QuizRepository(services.db)
    now = clock.now()
    mastered = srs.SrsState(state=State.Review, step=None, stability=30.0, difficulty=5.0,
                            due=now + timedelta(days=1, hours=1), last_review=now - timedelta(days=29))
    due_soon = srs.SrsState(state=State.Review, step=None, stability=4.0, difficulty=5.0,
                            due=now - timedelta(hours=2), last_review=now - timedelta(days=4))
    later = srs.SrsState(state=State.Review, step=None, stability=9.0, difficulty=5.0,
                         due=now + timedelta(days=5), last_review=now - timedelta(days=4))
    async with services.db.transaction() as tx:
        await repo.save_state(tx, LEARNER, "core-rubrics/fa-001", mastered, now - timedelta(days=40))
        await repo.save_state(tx, LEARNER, "core-rubrics/fa-002", due_soon, now - timedelta(days=40))
        await repo.save_state(tx, LEARNER, "core-rubrics/fa-003", later, now - timedelta(days=40))
    step = await services.quiz.start_session(LEARNER, GUILD, DECK)
    assert step.card.card_id == "core-rubrics/fa-002"  # type: ignore[union-attr]
    await answer(services, step, correct=True)

    stats = await services.quiz.stats(LEARNER)
    assert (stats.reviews_today.total, stats.reviews_today.correct) == (1, 1)
    assert (stats.retention_30_days.total, stats.retention_30_days.correct) == (1, 1)
    assert stats.due_now == 0
    assert stats.due_today == 0
    assert stats.due_tomorrow == 1  # the mastered card, due tomorrow
    assert stats.due_next_7_days == 2  # fa-001 and fa-003; fa-002, just recalled, is due in 14 days
    assert stats.next_due is not None
    assert stats.new_left_today == 10
    fa = next(d for d in stats.decks if d.deck_id == DECK)
    assert (fa.studied, fa.mastered) == (3, 1)
    assert fa.mastery == pytest.approx(1 / fa.cards)
