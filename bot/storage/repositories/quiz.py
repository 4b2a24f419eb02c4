"""SQL for quizzes: FSRS card states, the review log, sessions, and the queries behind the queue and stats.

Only live cards (not retired) are offered as new, and due reviews of retired cards are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime

import aiosqlite
from fsrs import State
from pydantic import BaseModel

from bot.domain.quiz_queue import DueCard, NewCard
from bot.domain.srs import MASTERED_STABILITY_DAYS, SrsState
from bot.storage.db import Database, Transaction, from_db_time, optional_filter, to_db_time


class DeckProgress(BaseModel):
    deck_id: str
    title: str
    description: str = ""
    cards: int
    studied: int = 0
    due: int = 0
    mastered: int = 0
    suspended: int = 0


class ReviewRecord(BaseModel):
    user_id: int
    card_id: str
    guild_id: int
    session_id: int | None
    rating: int
    correct: bool
    chosen: list[int]
    reviewed_at: datetime
    duration_ms: int | None
    local_day: date
    state_before: int | None
    state_after: int
    stability_after: float | None
    difficulty_after: float | None
    due_after: datetime


class SessionRow(BaseModel):
    id: int
    user_id: int
    guild_id: int
    deck_id: str | None
    queue: list[str]
    position: int
    answered: bool
    pending_choice: list[int] | None
    shown_at_ms: int
    started_at: datetime
    last_activity_at: datetime
    ended_at: datetime | None
    end_reason: str | None

    @property
    def current_card_id(self) -> str | None:
        return self.queue[self.position] if self.position < len(self.queue) else None


class ReviewCounts(BaseModel):
    total: int = 0
    correct: int = 0


def _state(row: aiosqlite.Row) -> SrsState:
    return SrsState(
        state=State(row["state"]), step=row["step"], stability=row["stability"], difficulty=row["difficulty"],
        due=from_db_time(row["due_utc"]),
        last_review=from_db_time(row["last_review_utc"]) if row["last_review_utc"] else None,
        reps=row["reps"], lapses=row["lapses"], suspended=row["suspended_at"] is not None,
    )


def _session(row: aiosqlite.Row) -> SessionRow:
    return SessionRow(
        id=row["id"], user_id=row["user_id"], guild_id=row["guild_id"], deck_id=row["deck_id"],
        queue=json.loads(row["queue"]), position=row["position"], answered=bool(row["answered"]),
        pending_choice=json.loads(row["pending_choice"]) if row["pending_choice"] else None,
        shown_at_ms=row["shown_at_ms"], started_at=from_db_time(row["started_at"]),
        last_activity_at=from_db_time(row["last_activity_at"]),
        ended_at=from_db_time(row["ended_at"]) if row["ended_at"] else None, end_reason=row["end_reason"],
    )


_LIVE_CARD = "JOIN cards c ON c.id = s.card_id AND c.retired_at IS NULL"


class QuizRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- decks and queue candidates ---------------------------------------------------------

    async def deck_progress(self, user_id: int, now: datetime) -> list[DeckProgress]:
        """Every live deck with its live cards and this learner's progress in it."""
        rows = await self._db.fetchall(
            """
            SELECT d.id, d.title, d.description,
                   COUNT(c.id) AS cards,
                   COUNT(s.id) AS studied,
                   COALESCE(SUM(CASE WHEN s.suspended_at IS NULL AND s.due_utc <= ? THEN 1 ELSE 0 END), 0) AS due,
                   COALESCE(SUM(CASE WHEN s.stability >= ? THEN 1 ELSE 0 END), 0) AS mastered,
                   COALESCE(SUM(CASE WHEN s.suspended_at IS NOT NULL THEN 1 ELSE 0 END), 0) AS suspended
            FROM decks d
            JOIN cards c ON c.deck_id = d.id AND c.retired_at IS NULL
            LEFT JOIN srs_cards s ON s.card_id = c.id AND s.user_id = ?
            WHERE d.retired_at IS NULL
            GROUP BY d.id, d.title, d.description
            ORDER BY d.id
            """,
            (to_db_time(now), MASTERED_STABILITY_DAYS, user_id),
        )
        return [
            DeckProgress(
                deck_id=r["id"], title=r["title"], description=r["description"], cards=r["cards"],
                studied=r["studied"], due=r["due"], mastered=r["mastered"], suspended=r["suspended"],
            )
            for r in rows
        ]

    async def deck_title(self, deck_id: str) -> str | None:
        row = await self._db.fetchone("SELECT title FROM decks WHERE id = ? AND retired_at IS NULL", (deck_id,))
        return str(row["title"]) if row else None

    async def live_decks(self) -> list[tuple[str, str]]:
        """(id, title) of the live decks that have live cards, by id."""
        rows = await self._db.fetchall(
            "SELECT d.id, d.title FROM decks d WHERE d.retired_at IS NULL AND EXISTS"
            " (SELECT 1 FROM cards c WHERE c.deck_id = d.id AND c.retired_at IS NULL) ORDER BY d.id"
        )
        return [(row["id"], row["title"]) for row in rows]

    async def due_cards(self, user_id: int, now: datetime, *, deck_id: str | None, limit: int) -> list[DueCard]:
        in_deck, deck = optional_filter(deck_id, "AND c.deck_id = ?")
        rows = await self._db.fetchall(
            f"""
            SELECT s.card_id, c.deck_id, s.due_utc FROM srs_cards s {_LIVE_CARD}
            WHERE s.user_id = ? AND s.suspended_at IS NULL AND s.due_utc <= ? {in_deck}
            ORDER BY s.due_utc, s.card_id
            LIMIT ?
            """,
            (user_id, to_db_time(now), *deck, limit),
        )
        return [DueCard(r["card_id"], r["deck_id"], from_db_time(r["due_utc"])) for r in rows]

    async def new_cards(self, user_id: int, *, deck_id: str | None, per_deck: int) -> list[NewCard]:
        """Live cards the learner has never answered, easiest first, at most `per_deck` from each deck."""
        in_deck, deck = optional_filter(deck_id, "AND c.deck_id = ?")
        rows = await self._db.fetchall(
            f"""
            SELECT id, deck_id FROM (
                SELECT c.id, c.deck_id,
                       ROW_NUMBER() OVER (PARTITION BY c.deck_id ORDER BY c.difficulty, c.id) AS pos
                FROM cards c
                WHERE c.retired_at IS NULL {in_deck}
                  AND NOT EXISTS (SELECT 1 FROM srs_cards s WHERE s.user_id = ? AND s.card_id = c.id)
            ) ranked
            WHERE pos <= ?
            ORDER BY deck_id, pos
            """,
            (*deck, user_id, per_deck),
        )
        return [NewCard(r["id"], r["deck_id"]) for r in rows]

    async def introduced_between(self, user_id: int, start: datetime, end: datetime) -> int:
        """Cards answered for the first time in [start, end): what the daily new-card limit counts."""
        row = await self._db.fetchone(
            "SELECT COUNT(*) AS n FROM srs_cards WHERE user_id = ? AND first_review_utc >= ? AND first_review_utc < ?",
            (user_id, to_db_time(start), to_db_time(end)),
        )
        return int(row["n"]) if row else 0

    # -- card states and the review log -----------------------------------------------------

    async def card_state(self, tx: Transaction, user_id: int, card_id: str) -> tuple[int, SrsState] | None:
        row = await tx.fetchone(
            "SELECT id, state, step, stability, difficulty, due_utc, last_review_utc, reps, lapses, suspended_at"
            " FROM srs_cards WHERE user_id = ? AND card_id = ?",
            (user_id, card_id),
        )
        return (int(row["id"]), _state(row)) if row else None

    async def save_state(self, tx: Transaction, user_id: int, card_id: str, state: SrsState, now: datetime) -> int:
        """Insert or replace the learner's state of a card; returns its row id (the fsrs card_id)."""
        values = (
            int(state.state), state.step, state.stability, state.difficulty, to_db_time(state.due),
            to_db_time(state.last_review) if state.last_review else None, state.reps, state.lapses,
            to_db_time(now) if state.suspended else None,
        )
        existing = await tx.fetchone(
            "SELECT id, suspended_at FROM srs_cards WHERE user_id = ? AND card_id = ?", (user_id, card_id)
        )
        if existing is None:
            return await tx.insert(
                "INSERT INTO srs_cards (state, step, stability, difficulty, due_utc, last_review_utc, reps, lapses,"
                " suspended_at, user_id, card_id, first_review_utc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, user_id, card_id, to_db_time(now)),
            )
        await tx.execute(
            "UPDATE srs_cards SET state = ?, step = ?, stability = ?, difficulty = ?, due_utc = ?,"
            " last_review_utc = ?, reps = ?, lapses = ?, suspended_at = COALESCE(suspended_at, ?) WHERE id = ?",
            (*values, existing["id"]),
        )
        return int(existing["id"])

    async def add_review(self, tx: Transaction, review: ReviewRecord) -> int:
        return await tx.insert(
            """
            INSERT INTO srs_reviews (user_id, card_id, guild_id, session_id, rating, correct, chosen,
                                     reviewed_at_utc, review_duration_ms, local_day, state_before, state_after,
                                     stability_after, difficulty_after, due_after_utc)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (
                review.user_id, review.card_id, review.guild_id, review.session_id, review.rating,
                int(review.correct), json.dumps(review.chosen), to_db_time(review.reviewed_at),
                review.duration_ms, review.local_day.isoformat(), review.state_before, review.state_after,
                review.stability_after, review.difficulty_after, to_db_time(review.due_after),
            ),
        )

    async def reviews(self, user_id: int, *, card_id: str | None = None) -> list[ReviewRecord]:
        """The review log, oldest first (for tests, exports and a future FSRS optimizer)."""
        of_card, card = optional_filter(card_id, "AND card_id = ?")
        rows = await self._db.fetchall(
            f"SELECT * FROM srs_reviews WHERE user_id = ? {of_card} ORDER BY id", (user_id, *card)
        )
        return [
            ReviewRecord(
                user_id=r["user_id"], card_id=r["card_id"], guild_id=r["guild_id"], session_id=r["session_id"],
                rating=r["rating"], correct=bool(r["correct"]), chosen=json.loads(r["chosen"]),
                reviewed_at=from_db_time(r["reviewed_at_utc"]), duration_ms=r["review_duration_ms"],
                local_day=date.fromisoformat(r["local_day"]), state_before=r["state_before"],
                state_after=r["state_after"], stability_after=r["stability_after"],
                difficulty_after=r["difficulty_after"], due_after=from_db_time(r["due_after_utc"]),
            )
            for r in rows
        ]

    # -- statistics -------------------------------------------------------------------------

    async def review_counts(
        self, user_id: int, start: datetime, end: datetime, *, learned_only: bool = False
    ) -> ReviewCounts:
        """Reviews in [start, end); `learned_only` keeps reviews of cards that were in review state
        (what retention means: recalling a learned card, not a learning step)."""
        row = await self._db.fetchone(
            "SELECT COUNT(*) AS total, COALESCE(SUM(correct), 0) AS correct FROM srs_reviews"
            " WHERE user_id = ? AND reviewed_at_utc >= ? AND reviewed_at_utc < ? AND (? = 0 OR state_before = ?)",
            (user_id, to_db_time(start), to_db_time(end), int(learned_only), int(State.Review)),
        )
        return ReviewCounts(total=row["total"], correct=row["correct"]) if row else ReviewCounts()

    async def due_before(self, user_id: int, moments: Sequence[datetime]) -> list[int]:
        """For each moment, how many live, unsuspended cards fall due before it (overdue included)."""
        if not moments:
            return []
        columns = ", ".join(
            f"COALESCE(SUM(CASE WHEN s.due_utc < ? THEN 1 ELSE 0 END), 0) AS d{i}" for i in range(len(moments))
        )
        row = await self._db.fetchone(
            f"SELECT {columns} FROM srs_cards s {_LIVE_CARD} WHERE s.user_id = ? AND s.suspended_at IS NULL",
            (*[to_db_time(m) for m in moments], user_id),
        )
        return [int(row[f"d{i}"]) for i in range(len(moments))] if row else [0] * len(moments)

    async def next_due(self, user_id: int) -> datetime | None:
        row = await self._db.fetchone(
            f"SELECT MIN(s.due_utc) AS due FROM srs_cards s {_LIVE_CARD}"
            " WHERE s.user_id = ? AND s.suspended_at IS NULL",
            (user_id,),
        )
        return from_db_time(row["due"]) if row and row["due"] else None

    async def unseen_live_cards(self, user_id: int) -> int:
        row = await self._db.fetchone(
            "SELECT COUNT(*) AS n FROM cards c WHERE c.retired_at IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM srs_cards s WHERE s.user_id = ? AND s.card_id = c.id)",
            (user_id,),
        )
        return int(row["n"]) if row else 0

    async def session_counts(self, session_id: int) -> ReviewCounts:
        row = await self._db.fetchone(
            "SELECT COUNT(*) AS total, COALESCE(SUM(correct), 0) AS correct FROM srs_reviews WHERE session_id = ?",
            (session_id,),
        )
        return ReviewCounts(total=row["total"], correct=row["correct"]) if row else ReviewCounts()

    # -- sessions ---------------------------------------------------------------------------

    async def create_session(
        self, tx: Transaction, *, user_id: int, guild_id: int, deck_id: str | None, queue: list[str],
        shown_at_ms: int, now: datetime,
    ) -> int:
        return await tx.insert(
            "INSERT INTO quiz_sessions (user_id, guild_id, deck_id, queue, position, answered, shown_at_ms,"
            " started_at, last_activity_at) VALUES (?, ?, ?, ?, 0, 0, ?, ?, ?)",
            (user_id, guild_id, deck_id, json.dumps(queue), shown_at_ms, to_db_time(now), to_db_time(now)),
        )

    async def get_session(self, tx: Transaction | None, session_id: int) -> SessionRow | None:
        row = await (tx or self._db).fetchone("SELECT * FROM quiz_sessions WHERE id = ?", (session_id,))
        return _session(row) if row else None

    async def update_session(self, tx: Transaction, session: SessionRow) -> None:
        await tx.execute(
            "UPDATE quiz_sessions SET queue = ?, position = ?, answered = ?, pending_choice = ?, shown_at_ms = ?,"
            " last_activity_at = ?, ended_at = ?, end_reason = ? WHERE id = ?",
            (
                json.dumps(session.queue), session.position, int(session.answered),
                json.dumps(session.pending_choice) if session.pending_choice is not None else None,
                session.shown_at_ms, to_db_time(session.last_activity_at),
                to_db_time(session.ended_at) if session.ended_at else None, session.end_reason, session.id,
            ),
        )

    async def end_open_sessions(self, tx: Transaction, user_id: int, *, reason: str, now: datetime) -> int:
        return await tx.execute(
            "UPDATE quiz_sessions SET ended_at = ?, end_reason = ? WHERE user_id = ? AND ended_at IS NULL",
            (to_db_time(now), reason, user_id),
        )
