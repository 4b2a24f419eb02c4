"""SQL for daily drills: schedules, queue, posts (one per server and local date) and attempts."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel

from bot.packs.schema import Drill
from bot.storage.db import Database, Transaction, from_db_time, optional_filter, to_db_time

POST_COLUMNS = (
    "id, guild_id, local_date, drill_id, channel_id, status, owner, tries, last_error, message_id, claimed_at,"
    " posted_at, closes_at, reveal_owner, revealed_at, reveal_message_id"
)
ATTEMPT_COLUMNS = (
    "a.id, a.guild_id, a.user_id, a.drill_id, a.post_id, a.ranking, a.justification, a.scored, a.submitted_at,"
    " a.local_day, a.grade, a.score, a.agreement, a.points, a.graded_at, a.grade_error"
)


class DrillSettingsRow(BaseModel):
    guild_id: int
    channel_id: int
    post_time: str  # 'HH:MM'
    weekdays: tuple[str, ...]
    ping_role_id: int | None = None
    close_hours: int | None = None
    enabled: bool = True
    timezone: str = "UTC"  # guild_settings.timezone


class LiveDrill(BaseModel):
    id: str
    domain: str
    primary_dimension: str
    difficulty: int
    title: str
    dimensions: list[str]


class PostRow(BaseModel):
    id: int
    guild_id: int
    local_date: date
    drill_id: str
    channel_id: int
    status: str
    owner: str
    tries: int
    last_error: str | None = None
    message_id: int | None = None
    claimed_at: datetime
    posted_at: datetime | None = None
    closes_at: datetime
    reveal_owner: str | None = None
    revealed_at: datetime | None = None
    reveal_message_id: int | None = None


class PastPostRow(BaseModel):
    drill_id: str
    domain: str
    primary_dimension: str
    local_date: date


class NewAttempt(BaseModel):
    """An attempt as it is saved, before grading."""

    guild_id: int
    user_id: int
    drill_id: str
    post_id: int | None
    ranking: str
    justification: str
    scored: bool
    submitted_at: datetime
    local_day: date


class AttemptRow(NewAttempt):
    """A saved attempt, with its grade once it is graded."""

    id: int
    grade: str | None = None  # JSON
    score: int | None = None
    agreement: float | None = None
    points: int | None = None
    graded_at: datetime | None = None
    grade_error: str | None = None


def _time(value: str | None) -> datetime | None:
    return from_db_time(value) if value else None


def _post(row: object) -> PostRow:
    r = dict(row)  # type: ignore[call-overload]
    return PostRow(
        **{**r, "local_date": date.fromisoformat(r["local_date"]), "claimed_at": from_db_time(r["claimed_at"]),
           "posted_at": _time(r["posted_at"]), "closes_at": from_db_time(r["closes_at"]),
           "revealed_at": _time(r["revealed_at"])}
    )


def _attempt(row: object) -> AttemptRow:
    r = dict(row)  # type: ignore[call-overload]
    return AttemptRow(
        **{**r, "scored": bool(r["scored"]), "submitted_at": from_db_time(r["submitted_at"]),
           "local_day": date.fromisoformat(r["local_day"]), "graded_at": _time(r["graded_at"])}
    )


class DrillRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- settings ---------------------------------------------------------------------------

    _SETTINGS_SELECT = (
        "SELECT s.guild_id, s.channel_id, s.post_time, s.weekdays, s.ping_role_id, s.close_hours, s.enabled,"
        " COALESCE(g.timezone, 'UTC') AS timezone"
        " FROM drill_settings s LEFT JOIN guild_settings g ON g.guild_id = s.guild_id"
    )

    @staticmethod
    def _settings(row: object) -> DrillSettingsRow:
        r = dict(row)  # type: ignore[call-overload]
        return DrillSettingsRow(**{**r, "weekdays": tuple(r["weekdays"].split(",")), "enabled": bool(r["enabled"])})

    async def get_settings(self, guild_id: int) -> DrillSettingsRow | None:
        row = await self._db.fetchone(self._SETTINGS_SELECT + " WHERE s.guild_id = ?", (guild_id,))
        return self._settings(row) if row else None

    async def all_settings(self) -> list[DrillSettingsRow]:
        rows = await self._db.fetchall(self._SETTINGS_SELECT + " ORDER BY s.guild_id")
        return [self._settings(row) for row in rows]

    async def save_settings(self, tx: Transaction, settings: DrillSettingsRow, now: datetime) -> None:
        stamp = to_db_time(now)
        await tx.execute(
            """
            INSERT INTO drill_settings (guild_id, channel_id, post_time, weekdays, ping_role_id, close_hours,
                                        enabled, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (guild_id) DO UPDATE SET
                channel_id = excluded.channel_id, post_time = excluded.post_time, weekdays = excluded.weekdays,
                ping_role_id = excluded.ping_role_id, close_hours = excluded.close_hours,
                enabled = excluded.enabled, updated_at = excluded.updated_at
            """,
            (settings.guild_id, settings.channel_id, settings.post_time, ",".join(settings.weekdays),
             settings.ping_role_id, settings.close_hours, int(settings.enabled), stamp, stamp),
        )

    # -- the drill library ------------------------------------------------------------------

    async def live_drills(self) -> list[LiveDrill]:
        rows = await self._db.fetchall(
            "SELECT id, domain, primary_dimension, difficulty, body FROM drills WHERE retired_at IS NULL ORDER BY id"
        )
        drills = [(r, Drill.model_validate_json(r["body"])) for r in rows]
        return [
            LiveDrill(id=r["id"], domain=r["domain"], primary_dimension=r["primary_dimension"],
                      difficulty=r["difficulty"], title=drill.title, dimensions=list(drill.dimensions))
            for r, drill in drills
        ]

    async def drill(self, drill_id: str) -> Drill | None:
        """A drill by global id, retired or not (attempts keep referring to retired drills)."""
        row = await self._db.fetchone("SELECT body FROM drills WHERE id = ?", (drill_id,))
        return Drill.model_validate_json(row["body"]) if row else None

    async def is_live(self, drill_id: str) -> bool:
        row = await self._db.fetchone("SELECT 1 FROM drills WHERE id = ? AND retired_at IS NULL", (drill_id,))
        return row is not None

    async def drill_ids(self) -> list[str]:
        rows = await self._db.fetchall("SELECT id FROM drills ORDER BY id")
        return [r["id"] for r in rows]

    # -- queue ------------------------------------------------------------------------------

    async def queue(self, guild_id: int) -> list[str]:
        rows = await self._db.fetchall(
            "SELECT drill_id FROM drill_queue WHERE guild_id = ? ORDER BY queued_at, drill_id", (guild_id,)
        )
        return [r["drill_id"] for r in rows]

    async def enqueue(self, tx: Transaction, guild_id: int, drill_id: str, user_id: int, now: datetime) -> bool:
        """Queue a drill; False when it is queued already."""
        return bool(await tx.execute(
            "INSERT INTO drill_queue (guild_id, drill_id, queued_by, queued_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (guild_id, drill_id) DO NOTHING",
            (guild_id, drill_id, user_id, to_db_time(now)),
        ))

    async def dequeue(self, tx: Transaction, guild_id: int, drill_id: str) -> None:
        await tx.execute("DELETE FROM drill_queue WHERE guild_id = ? AND drill_id = ?", (guild_id, drill_id))

    # -- posts ------------------------------------------------------------------------------

    async def history(self, guild_id: int) -> list[PastPostRow]:
        """Every drill this server has had (claimed posts included), oldest first."""
        rows = await self._db.fetchall(
            """
            SELECT p.drill_id, d.domain, d.primary_dimension, p.local_date
            FROM drill_posts p JOIN drills d ON d.id = p.drill_id
            WHERE p.guild_id = ? ORDER BY p.local_date
            """,
            (guild_id,),
        )
        return [PastPostRow(drill_id=r["drill_id"], domain=r["domain"], primary_dimension=r["primary_dimension"],
                            local_date=date.fromisoformat(r["local_date"])) for r in rows]

    async def post(self, post_id: int, tx: Transaction | None = None) -> PostRow | None:
        source = tx or self._db
        row = await source.fetchone(f"SELECT {POST_COLUMNS} FROM drill_posts WHERE id = ?", (post_id,))
        return _post(row) if row else None

    async def post_on(self, guild_id: int, day: date, tx: Transaction | None = None) -> PostRow | None:
        source = tx or self._db
        row = await source.fetchone(
            f"SELECT {POST_COLUMNS} FROM drill_posts WHERE guild_id = ? AND local_date = ?",
            (guild_id, day.isoformat()),
        )
        return _post(row) if row else None

    async def latest_posted(self, guild_id: int) -> PostRow | None:
        row = await self._db.fetchone(
            f"SELECT {POST_COLUMNS} FROM drill_posts WHERE guild_id = ? AND status = 'posted'"
            " ORDER BY local_date DESC LIMIT 1",
            (guild_id,),
        )
        return _post(row) if row else None

    async def latest_claimed(self, guild_id: int) -> PostRow | None:
        """The newest post row whatever its status (to show a failed post to moderators)."""
        row = await self._db.fetchone(
            f"SELECT {POST_COLUMNS} FROM drill_posts WHERE guild_id = ? ORDER BY local_date DESC LIMIT 1", (guild_id,)
        )
        return _post(row) if row else None

    async def recent_posts(self, guild_id: int, limit: int) -> list[PostRow]:
        """The latest posted drills, newest first."""
        rows = await self._db.fetchall(
            f"SELECT {POST_COLUMNS} FROM drill_posts WHERE guild_id = ? AND status = 'posted'"
            " ORDER BY local_date DESC LIMIT ?",
            (guild_id, limit),
        )
        return [_post(r) for r in rows]

    async def claim_post(
        self, tx: Transaction, *, guild_id: int, day: date, drill_id: str, channel_id: int, owner: str,
        now: datetime, closes_at: datetime,
    ) -> bool:
        """Insert the (guild, date) row as 'pending'; False when the row exists already."""
        return bool(await tx.execute(
            """
            INSERT INTO drill_posts (guild_id, local_date, drill_id, channel_id, status, owner, claimed_at, closes_at)
            VALUES (?, ?, ?, ?, 'pending', ?, ?, ?)
            ON CONFLICT (guild_id, local_date) DO NOTHING
            """,
            (guild_id, day.isoformat(), drill_id, channel_id, owner, to_db_time(now), to_db_time(closes_at)),
        ))

    async def reclaim_post(self, tx: Transaction, post: PostRow, *, owner: str, channel_id: int, now: datetime) -> bool:
        """Take over a failed post, or a pending one whose process is gone; False if someone else did."""
        return bool(await tx.execute(
            """
            UPDATE drill_posts SET status = 'pending', owner = ?, channel_id = ?, tries = tries + 1, claimed_at = ?
            WHERE id = ? AND status = ? AND owner = ? AND tries = ?
            """,
            (owner, channel_id, to_db_time(now), post.id, post.status, post.owner, post.tries),
        ))

    async def mark_posted(self, tx: Transaction, post_id: int, message_id: int, now: datetime) -> None:
        await tx.execute(
            "UPDATE drill_posts SET status = 'posted', message_id = ?, posted_at = ?, last_error = NULL WHERE id = ?",
            (message_id, to_db_time(now), post_id),
        )

    async def mark_failed(self, tx: Transaction, post_id: int, error: str) -> None:
        await tx.execute(
            "UPDATE drill_posts SET status = 'failed', last_error = ? WHERE id = ? AND status = 'pending'",
            (error[:500], post_id),
        )

    async def posts_to_reveal(self, guild_id: int, *, now: datetime, before: date | None = None) -> list[PostRow]:
        """Posted, unrevealed posts that are closed at `now` or older than local date `before`."""
        rows = await self._db.fetchall(
            f"""
            SELECT {POST_COLUMNS} FROM drill_posts
            WHERE guild_id = ? AND status = 'posted' AND revealed_at IS NULL
              AND (closes_at <= ? OR local_date < ?)
            ORDER BY local_date
            """,
            (guild_id, to_db_time(now), (before or date.min).isoformat()),
        )
        return [_post(r) for r in rows]

    async def claim_reveal(self, tx: Transaction, post_id: int, owner: str, *, now: datetime,
                           stale_before: datetime) -> bool:
        """Claim a reveal; False when it is done, or claimed (by any process) since `stale_before`."""
        return bool(await tx.execute(
            "UPDATE drill_posts SET reveal_owner = ?, reveal_claimed_at = ? WHERE id = ? AND revealed_at IS NULL"
            " AND (reveal_owner IS NULL OR reveal_claimed_at IS NULL OR reveal_claimed_at < ?)",
            (owner, to_db_time(now), post_id, to_db_time(stale_before)),
        ))

    async def mark_revealed(self, tx: Transaction, post_id: int, message_id: int | None, now: datetime) -> None:
        await tx.execute(
            "UPDATE drill_posts SET revealed_at = ?, reveal_message_id = ? WHERE id = ?",
            (to_db_time(now), message_id, post_id),
        )

    async def release_reveal(self, tx: Transaction, post_id: int) -> None:
        await tx.execute("UPDATE drill_posts SET reveal_owner = NULL WHERE id = ? AND revealed_at IS NULL", (post_id,))

    # -- attempts ---------------------------------------------------------------------------

    async def has_attempted(self, tx: Transaction | Database, guild_id: int, user_id: int, drill_id: str) -> bool:
        row = await tx.fetchone(
            "SELECT 1 FROM drill_attempts WHERE guild_id = ? AND user_id = ? AND drill_id = ? LIMIT 1",
            (guild_id, user_id, drill_id),
        )
        return row is not None

    async def attempted_drills(self, guild_id: int, user_id: int) -> list[str]:
        rows = await self._db.fetchall(
            "SELECT DISTINCT drill_id FROM drill_attempts WHERE guild_id = ? AND user_id = ?", (guild_id, user_id)
        )
        return [r["drill_id"] for r in rows]

    async def add_attempt(self, tx: Transaction, attempt: NewAttempt) -> int:
        return await tx.insert(
            """
            INSERT INTO drill_attempts (guild_id, user_id, drill_id, post_id, ranking, justification, scored,
                                        submitted_at, local_day)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (attempt.guild_id, attempt.user_id, attempt.drill_id, attempt.post_id, attempt.ranking,
             attempt.justification, int(attempt.scored), to_db_time(attempt.submitted_at),
             attempt.local_day.isoformat()),
        )

    async def store_grade(
        self, tx: Transaction, attempt_id: int, *, grade_json: str, score: int, agreement: float, points: int,
        now: datetime,
    ) -> bool:
        """Store a grade once; False when the attempt was graded already (a concurrent retry)."""
        return bool(await tx.execute(
            "UPDATE drill_attempts SET grade = ?, score = ?, agreement = ?, points = ?, graded_at = ?,"
            " grade_error = NULL WHERE id = ? AND graded_at IS NULL",
            (grade_json, score, agreement, points, to_db_time(now), attempt_id),
        ))

    async def store_grade_error(self, tx: Transaction, attempt_id: int, error: str) -> None:
        await tx.execute("UPDATE drill_attempts SET grade_error = ? WHERE id = ?", (error[:500], attempt_id))

    async def attempt(self, attempt_id: int) -> AttemptRow | None:
        row = await self._db.fetchone(f"SELECT {ATTEMPT_COLUMNS} FROM drill_attempts a WHERE a.id = ?", (attempt_id,))
        return _attempt(row) if row else None

    async def ungraded(self, *, guild_id: int | None = None, user_id: int | None = None,
                       limit: int = 100) -> list[AttemptRow]:
        in_guild, guild = optional_filter(guild_id, "AND a.guild_id = ?")
        of_user, user = optional_filter(user_id, "AND a.user_id = ?")
        rows = await self._db.fetchall(
            f"SELECT {ATTEMPT_COLUMNS} FROM drill_attempts a WHERE a.graded_at IS NULL {in_guild} {of_user}"
            " ORDER BY a.id LIMIT ?",
            (*guild, *user, limit),
        )
        return [_attempt(r) for r in rows]

    async def user_attempts(self, guild_id: int, user_id: int, *, limit: int, scored_only: bool = False,
                            graded_only: bool = False) -> list[AttemptRow]:
        """A learner's attempts in a server, newest first."""
        rows = await self._db.fetchall(
            f"SELECT {ATTEMPT_COLUMNS} FROM drill_attempts a WHERE a.guild_id = ? AND a.user_id = ?"
            " AND (? = 0 OR a.scored = 1) AND (? = 0 OR a.graded_at IS NOT NULL)"
            " ORDER BY a.submitted_at DESC, a.id DESC LIMIT ?",
            (guild_id, user_id, int(scored_only), int(graded_only), limit),
        )
        return [_attempt(r) for r in rows]

    async def scored_attempts_on(self, post_ids: list[int]) -> list[AttemptRow]:
        """The scored attempts on these posts (every learner), oldest first."""
        if not post_ids:
            return []
        marks = ", ".join("?" for _ in post_ids)
        rows = await self._db.fetchall(
            f"SELECT {ATTEMPT_COLUMNS} FROM drill_attempts a WHERE a.scored = 1 AND a.post_id IN ({marks})"
            " ORDER BY a.id",
            tuple(post_ids),
        )
        return [_attempt(r) for r in rows]
