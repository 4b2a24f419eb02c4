"""Quiz use cases: sessions of spaced-repetition cards (FSRS), decks, statistics.

Every step of a session is stored before it is shown, so a view timeout or a restart loses
nothing: the adapter's buttons carry only (session id, position) and call back in here. Each answer
is saved, with its FSRS state, review log entry and activity-ledger event, in one transaction.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field

from bot.clock import Clock
from bot.domain import quiz_queue, srs
from bot.domain.local_time import day_bounds, local_day, zone_or_utc
from bot.domain.suggest import offer, search
from bot.errors import NotFound, PermissionDenied, UserError
from bot.packs.schema import Card
from bot.storage.db import Database, Transaction
from bot.storage.repositories.activity import ActivityEvent, ActivityRepository
from bot.storage.repositories.content import ContentRepository
from bot.storage.repositories.quiz import DeckProgress, QuizRepository, ReviewCounts, ReviewRecord, SessionRow
from bot.storage.repositories.users import UserSettingsRow, UsersRepository

log = logging.getLogger(__name__)

ACTIVITY_KIND = "quiz_review"
POINTS_PER_CORRECT = 2
DAILY_POINTS_CAP = 50
#: A session untouched for this long is over; its answers are already saved.
SESSION_IDLE = timedelta(minutes=30)


class CardView(BaseModel):
    card_id: str
    deck_id: str
    deck_title: str
    card: Card


class AnswerFeedback(BaseModel):
    correct: bool
    chosen: list[int]
    correct_indexes: list[int]
    explanation: str
    due: datetime
    comes_back: str  # "in 3 days"
    retry_in_session: bool  # missed: asked again later in this session
    leech: bool  # suspended now, after too many lapses
    lapses: int
    points: int


class SessionSummary(BaseModel):
    reason: Literal["ended", "finished", "timeout", "replaced"]
    reviewed: int
    correct: int
    due_now: int
    due_today: int
    new_left_today: int
    next_due: datetime | None
    next_due_in: str | None

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.reviewed) if self.reviewed else 0


class QuizStep(BaseModel):
    """What to show the learner now: a card to answer, feedback on an answer, or the summary."""

    kind: Literal["card", "feedback", "summary"]
    session_id: int
    user_id: int
    guild_id: int  # the server credited (0 for none); a follow-up session is credited there too
    position: int  # 0-based index into the session's queue
    total: int  # cards in the queue, retries included
    card: CardView | None = None
    pending: list[int] = Field(default_factory=list)  # multiple choice: selected, not yet submitted
    feedback: AnswerFeedback | None = None
    summary: SessionSummary | None = None
    notice: str | None = None


class DeckStats(BaseModel):
    deck_id: str
    title: str
    cards: int
    studied: int
    mastered: int

    @property
    def mastery(self) -> float:
        return self.mastered / self.cards if self.cards else 0.0


class QuizStats(BaseModel):
    timezone: str
    today: date
    reviews_today: ReviewCounts
    due_now: int
    due_today: int
    due_tomorrow: int
    due_next_7_days: int
    retention_30_days: ReviewCounts  # reviews of learned cards (in review state)
    accuracy_30_days: ReviewCounts  # every answer
    new_left_today: int
    suspended: int
    next_due: datetime | None
    next_due_in: str | None
    decks: list[DeckStats]
    notice: str | None = None


class DeckList(BaseModel):
    decks: list[DeckProgress]
    notice: str | None = None


class DeckChoice(BaseModel):
    deck_id: str
    title: str


class QuizService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._repo = QuizRepository(db)
        self._users = UsersRepository(db)
        self._content = ContentRepository(db)
        self._activity = ActivityRepository(db)

    # -- sessions ---------------------------------------------------------------------------

    async def start_session(self, user_id: int, guild_id: int | None, deck_id: str | None = None) -> QuizStep:
        """A new session (ending any open one): due reviews first, then today's new cards."""
        now = self._clock.now()
        deck_id = await self._resolve_deck(deck_id) if deck_id else None
        settings = await self._users.get(user_id)
        due = await self._repo.due_cards(user_id, now, deck_id=deck_id, limit=quiz_queue.SESSION_SIZE)
        new_left = await self._new_left(user_id, settings, now)
        new = await self._repo.new_cards(user_id, deck_id=deck_id, per_deck=new_left) if new_left else []
        queue = quiz_queue.build_queue(due, new, new_left=new_left)
        if not queue:
            notice = await self._take_notice(user_id)
            message = await self._nothing_to_review(user_id, settings, deck_id)
            raise UserError(f"{notice}\n\n{message}" if notice else message)
        async with self._db.transaction() as tx:
            await self._repo.end_open_sessions(tx, user_id, reason="replaced", now=now)
            session_id = await self._repo.create_session(
                tx, user_id=user_id, guild_id=guild_id or 0, deck_id=deck_id, queue=queue,
                shown_at_ms=_ms(now), now=now,
            )
            notice = await self._users.take_notice(tx, user_id)
            session = await self._repo.get_session(tx, session_id)
        assert session is not None
        step = await self._card_step(session)
        step.notice = notice
        return step

    async def answer(
        self, session_id: int, user_id: int, position: int, chosen: list[int] | None
    ) -> QuizStep:
        """Grade and save an answer to the card at `position` (FSRS state, review log, activity).

        `chosen=None` answers with the multiple-choice selection saved by `choose` (Submit).
        """
        now = self._clock.now()
        async with self._db.transaction() as tx:
            session = await self._open_session(tx, session_id, user_id, now)
            if session.ended_at is None:
                self._require_unanswered(session, position)
                if chosen is None and not session.pending_choice:
                    raise UserError("Pick one or more options in the menu first, then press Submit.")
                card = await self._card(session)
                picked = _valid_choice(card, session.pending_choice if chosen is None else chosen)
                feedback = await self._review(tx, session, card, picked, now)
                session.answered, session.pending_choice, session.last_activity_at = True, None, now
                if not feedback.correct and not feedback.leech:
                    queued = len(session.queue)
                    session.queue = quiz_queue.insert_retry(session.queue, session.position)
                    feedback.retry_in_session = len(session.queue) > queued
                await self._repo.update_session(tx, session)
        if session.ended_at is not None:
            return await self._summary_step(session)
        step = await self._card_step(session)
        step.kind, step.feedback = "feedback", feedback
        return step

    async def choose(self, session_id: int, user_id: int, position: int, chosen: list[int]) -> QuizStep:
        """Remember a multiple-choice selection until Submit (it survives restarts too)."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            session = await self._open_session(tx, session_id, user_id, now)
            if session.ended_at is None:
                self._require_unanswered(session, position)
                card = await self._card(session)
                session.pending_choice = _valid_choice(card, chosen)
                session.last_activity_at = now
                await self._repo.update_session(tx, session)
        if session.ended_at is not None:
            return await self._summary_step(session)
        return await self._card_step(session)

    async def submit(self, session_id: int, user_id: int, position: int) -> QuizStep:
        """Answer a multiple-choice card with the options selected so far."""
        return await self.answer(session_id, user_id, position, None)

    async def next_card(self, session_id: int, user_id: int, position: int) -> QuizStep:
        """Move on from the answered card at `position`; past the last card, the session finishes."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            session = await self._open_session(tx, session_id, user_id, now)
            if session.ended_at is None:
                if position != session.position or not session.answered:
                    raise UserError("That button belongs to an earlier card; use the latest message of your session.")
                session.position += 1
                session.answered, session.pending_choice = False, None
                session.shown_at_ms, session.last_activity_at = _ms(now), now
                if session.position >= len(session.queue):
                    session.ended_at, session.end_reason = now, "finished"
                await self._repo.update_session(tx, session)
        if session.ended_at is not None:
            return await self._summary_step(session)
        return await self._card_step(session)

    async def end_session(self, session_id: int, user_id: int) -> QuizStep:
        """End the session now and summarise it (ending an ended session just shows its summary)."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            session = await self._open_session(tx, session_id, user_id, now)
            if session.ended_at is None:
                session.ended_at, session.end_reason = now, "ended"
                await self._repo.update_session(tx, session)
        return await self._summary_step(session)

    # -- decks and statistics ---------------------------------------------------------------

    async def decks(self, user_id: int) -> DeckList:
        decks = await self._repo.deck_progress(user_id, self._clock.now())
        return DeckList(decks=decks, notice=await self._take_notice(user_id))

    async def deck_choices(self, fragment: str, limit: int = 25) -> list[DeckChoice]:
        """Decks for autocomplete: id or title containing `fragment`, else the closest ones."""
        decks = [DeckChoice(deck_id=deck_id, title=title) for deck_id, title in await self._repo.live_decks()]
        return search(fragment, decks, lambda d: f"{d.deck_id}\n{d.title}", limit=limit)

    async def stats(self, user_id: int) -> QuizStats:
        now = self._clock.now()
        settings = await self._users.get(user_id)
        tz = zone_or_utc(settings.timezone)
        today = local_day(now, tz)
        today_start, today_end = day_bounds(today, tz)
        tomorrow_end = day_bounds(today + timedelta(days=1), tz)[1]
        week_end = day_bounds(today + timedelta(days=6), tz)[1]
        month_ago, just_after = now - timedelta(days=30), now + timedelta(seconds=1)
        due_now, due_today, due_tomorrow, due_week = await self._repo.due_before(
            user_id, [just_after, today_end, tomorrow_end, week_end]
        )
        progress = await self._repo.deck_progress(user_id, now)
        next_due = await self._repo.next_due(user_id)
        return QuizStats(
            timezone=tz.key, today=today,
            reviews_today=await self._repo.review_counts(user_id, today_start, today_end),
            due_now=due_now, due_today=due_today, due_tomorrow=due_tomorrow - due_today,
            due_next_7_days=due_week,
            retention_30_days=await self._repo.review_counts(user_id, month_ago, just_after, learned_only=True),
            accuracy_30_days=await self._repo.review_counts(user_id, month_ago, just_after),
            new_left_today=await self._new_left(user_id, settings, now),
            suspended=sum(d.suspended for d in progress),
            next_due=next_due, next_due_in=srs.describe_interval(next_due - now) if next_due else None,
            decks=[DeckStats(deck_id=d.deck_id, title=d.title, cards=d.cards, studied=d.studied,
                             mastered=d.mastered) for d in progress],
            notice=await self._take_notice(user_id),
        )

    async def waiting_counts(self, user_id: int, now: datetime) -> tuple[int, int]:
        """(cards due now, new cards available today): what a reminder announces."""
        settings = await self._users.get(user_id)
        (due_now,) = await self._repo.due_before(user_id, [now + timedelta(seconds=1)])
        new_left = await self._new_left(user_id, settings, now)
        unseen = await self._repo.unseen_live_cards(user_id) if new_left else 0
        return due_now, min(new_left, unseen)

    # -- internals --------------------------------------------------------------------------

    async def _resolve_deck(self, deck_id: str) -> str:
        deck_id = deck_id.strip()
        if await self._repo.deck_title(deck_id) is not None:
            return deck_id
        # Search by the deck's own name, so that a title word ("hallucinations") finds it too.
        hint = offer([c.deck_id for c in await self.deck_choices(deck_id.rsplit("/", 1)[-1], limit=3)])
        raise NotFound(f"There is no deck `{deck_id}`.{hint} See /quiz decks for the list.")

    async def _new_left(self, user_id: int, settings: UserSettingsRow, now: datetime) -> int:
        tz = zone_or_utc(settings.timezone)
        start, end = day_bounds(local_day(now, tz), tz)
        introduced = await self._repo.introduced_between(user_id, start, end)
        return quiz_queue.new_cards_left(settings.new_cards_per_day, introduced)

    async def _nothing_to_review(self, user_id: int, settings: UserSettingsRow, deck_id: str | None) -> str:
        now = self._clock.now()
        where = f" in `{deck_id}`" if deck_id else ""
        next_due = await self._repo.next_due(user_id)
        when = f" Your next review is due {srs.describe_interval(next_due - now)}." if next_due else ""
        if await self._new_left(user_id, settings, now) == 0:
            return (f"Nothing is due{where} right now, and you have had today's {settings.new_cards_per_day} "
                    f"new cards.{when} Change the daily limit with /quiz settings.")
        return f"Nothing is due{where} right now and there are no new cards left to learn.{when}"

    async def _take_notice(self, user_id: int) -> str | None:
        async with self._db.transaction() as tx:
            return await self._users.take_notice(tx, user_id)

    async def _open_session(self, tx: Transaction, session_id: int, user_id: int, now: datetime) -> SessionRow:
        """The session, checked to be the learner's; an idle one is closed as timed out here."""
        session = await self._repo.get_session(tx, session_id)
        if session is None:
            raise NotFound("This quiz session no longer exists. Start a new one with /quiz start.")
        if session.user_id != user_id:
            raise PermissionDenied("This is someone else's quiz session. Start your own with /quiz start.")
        if session.ended_at is None and now - session.last_activity_at > SESSION_IDLE:
            session.ended_at, session.end_reason = now, "timeout"
            await self._repo.update_session(tx, session)
        return session

    @staticmethod
    def _require_unanswered(session: SessionRow, position: int) -> None:
        if position != session.position or session.answered:
            raise UserError("That card has already been answered; use the latest message of your session.")

    async def _card(self, session: SessionRow) -> Card:
        card_id = session.current_card_id
        card = await self._content.get_card(card_id) if card_id else None
        if card is None:
            raise NotFound(f"The card `{card_id}` is no longer available. Press End and start a new session.")
        return card

    async def _review(
        self, tx: Transaction, session: SessionRow, card: Card, chosen: list[int], now: datetime
    ) -> AnswerFeedback:
        card_id = session.queue[session.position]
        settings = await self._users.get(session.user_id, tx)
        tz = zone_or_utc(settings.timezone)
        day = local_day(now, tz)
        stored = await self._repo.card_state(tx, session.user_id, card_id)
        row_id, before = stored if stored else (0, srs.SrsState.new(now))
        correct = srs.is_correct(card, chosen)
        outcome = srs.review(
            before, correct=correct, now=now, duration_ms=max(0, _ms(now) - session.shown_at_ms),
            desired_retention=settings.desired_retention, card_id=row_id,
        )
        await self._repo.save_state(tx, session.user_id, card_id, outcome.after, now)
        await self._repo.add_review(tx, ReviewRecord(
            user_id=session.user_id, card_id=card_id, guild_id=session.guild_id, session_id=session.id,
            rating=int(outcome.rating), correct=correct, chosen=chosen, reviewed_at=now,
            duration_ms=outcome.log.review_duration, local_day=day,
            state_before=int(before.state) if stored else None, state_after=int(outcome.after.state),
            stability_after=outcome.after.stability, difficulty_after=outcome.after.difficulty,
            due_after=outcome.after.due,
        ))
        points = await self._points(tx, session, correct, day)
        await self._activity.record(tx, ActivityEvent(
            guild_id=session.guild_id, user_id=session.user_id, kind=ACTIVITY_KIND, ref=card_id,
            points=points, at_utc=now, local_day=day,
        ))
        if outcome.became_leech:
            log.info("card %s suspended as a leech for user %d", card_id, session.user_id)
        return AnswerFeedback(
            correct=correct, chosen=chosen, correct_indexes=sorted(card.correct_indexes),
            explanation=card.explanation, due=outcome.after.due,
            comes_back=srs.describe_interval(outcome.after.due - now), retry_in_session=False,
            leech=outcome.became_leech, lapses=outcome.after.lapses, points=points,
        )

    async def _points(self, tx: Transaction, session: SessionRow, correct: bool, day: date) -> int:
        """Points for a right answer, within the daily cap; a retry of a missed card earns none."""
        card_id = session.queue[session.position]
        first_showing = card_id not in session.queue[: session.position]
        if not (correct and first_showing):
            return 0
        earned = await self._activity.points_on_day(
            tx, guild_id=session.guild_id, user_id=session.user_id, kind=ACTIVITY_KIND, local_day=day
        )
        return max(0, min(POINTS_PER_CORRECT, DAILY_POINTS_CAP - earned))

    async def _card_step(self, session: SessionRow) -> QuizStep:
        card = await self._card(session)
        card_id = session.queue[session.position]
        deck_id = card_id.split("/", 1)[0] + "/" + card.deck
        title = await self._repo.deck_title(deck_id) or card.deck
        return QuizStep(
            kind="card", session_id=session.id, user_id=session.user_id, guild_id=session.guild_id,
            position=session.position,
            total=len(session.queue), card=CardView(card_id=card_id, deck_id=deck_id, deck_title=title, card=card),
            pending=session.pending_choice or [],
        )

    async def _summary_step(self, session: SessionRow) -> QuizStep:
        now = self._clock.now()
        counts = await self._repo.session_counts(session.id)
        settings = await self._users.get(session.user_id)
        tz = zone_or_utc(settings.timezone)
        today_end = day_bounds(local_day(now, tz), tz)[1]
        due_now, due_today = await self._repo.due_before(session.user_id, [now + timedelta(seconds=1), today_end])
        next_due = await self._repo.next_due(session.user_id)
        summary = SessionSummary(
            reason=session.end_reason or "ended",  # type: ignore[arg-type]
            reviewed=counts.total, correct=counts.correct, due_now=due_now, due_today=due_today,
            new_left_today=await self._new_left(session.user_id, settings, now),
            next_due=next_due, next_due_in=srs.describe_interval(next_due - now) if next_due else None,
        )
        return QuizStep(
            kind="summary", session_id=session.id, user_id=session.user_id, guild_id=session.guild_id,
            position=min(session.position, len(session.queue)), total=len(session.queue), summary=summary,
        )


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def _valid_choice(card: Card, chosen: list[int]) -> list[int]:
    """The chosen option indexes, checked against the card; a refusal names the valid ones."""
    options = len(card.choices)
    picked = sorted(set(chosen))
    if not picked:
        raise UserError("Choose an option first.")
    if any(not 0 <= index < options for index in picked):
        raise UserError(f"Choose among options 1 to {options}.")
    if card.type != "multiple_choice" and len(picked) != 1:
        raise UserError("This card takes exactly one answer.")
    return picked

