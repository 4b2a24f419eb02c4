"""A learner's drill flow: start a drill, submit a ranking and justification, get it graded; history
and statistics.

Save first, then compute: the attempt is stored before grading, and the grade (with the points in the
activity ledger) in a second transaction after, so a grading failure loses nothing; ungraded
attempts are graded again by `grade_pending` (the scheduler's sweep, and before history/stats).
"""

from __future__ import annotations

import logging

from bot.clock import Clock
from bot.domain import agreement
from bot.domain.dimensions import DIMENSIONS
from bot.domain.drill_choices import ranking_choices
from bot.domain.drill_points import attempt_points
from bot.domain.drill_rotation import DrillInfo, choose_practice
from bot.domain.drill_stats import CriterionMark, GradedAttempt, learner_stats
from bot.domain.grading import Grade, band_for, grade
from bot.domain.ranking import Ranking, RankingError
from bot.errors import NotFound, UserError
from bot.packs.schema import Drill
from bot.services.drill_posts import DrillPostService
from bot.services.drills import (
    AttemptResult,
    CriterionSummary,
    DrillStatsView,
    DrillTask,
    HistoryEntry,
    RankingOption,
    drill_digest,
    missing_drill,
    parse_source,
    post_source,
    practice_source,
)
from bot.storage.db import Database, Transaction
from bot.storage.repositories.activity import ActivityEvent, ActivityRepository
from bot.storage.repositories.drills import AttemptRow, DrillRepository, NewAttempt, PostRow

log = logging.getLogger(__name__)

JUSTIFICATION_MIN, JUSTIFICATION_MAX = 40, 1500
HISTORY_SIZE = 10
STATS_WINDOW = 30
ACTIVITY_KIND = "drill_attempt"


class DrillAttemptService:
    def __init__(self, db: Database, clock: Clock, posts: DrillPostService) -> None:
        self._db = db
        self._clock = clock
        self._repo = DrillRepository(db)
        self._activity = ActivityRepository(db)
        self._posts = posts
        # Attempts whose grading failed in this process: the minutely sweep does not retry them (the grader
        # is deterministic, so they would fail again until it changes, i.e. after a restart), but a
        # learner's /drill history or stats does.
        self._failed_here: set[int] = set()

    # -- starting ---------------------------------------------------------------------------

    async def start_post(self, guild_id: int, user_id: int, post_id: int) -> DrillTask:
        """The drill of a daily post (the Start button)."""
        post = await self._own_post(guild_id, post_id)
        return await self._task_for_post(post, user_id)

    async def start_today(self, guild_id: int, user_id: int) -> DrillTask:
        return await self._task_for_post(await self._posts.todays_post(guild_id), user_id)

    async def start_practice(
        self, guild_id: int, user_id: int, *, dimension: str | None = None, difficulty: int | None = None,
        drill_id: str | None = None,
    ) -> DrillTask:
        """An unscored drill: `drill_id` if given, else one from the archive matching the filters."""
        if drill_id is not None:
            drill_id = drill_id.strip()
            drill = await self._repo.drill(drill_id) if await self._repo.is_live(drill_id) else None
            if drill is None:
                raise NotFound(f"No live drill `{drill_id}`. The `packs` and `preview` commands show what is loaded.")
        else:
            drill_id = await self._pick_practice(guild_id, user_id, dimension, difficulty)
            drill = await self._repo.drill(drill_id)
            if drill is None:
                raise missing_drill(drill_id)
        return DrillTask(
            source=practice_source(drill_id), drill_id=drill_id, drill=drill, choices=_choices(drill), scored=False,
            note="Practice drill from the archive: it is graded but not scored.",
        )

    async def _pick_practice(self, guild_id: int, user_id: int, dimension: str | None, difficulty: int | None) -> str:
        if dimension is not None and dimension not in DIMENSIONS:
            raise UserError(f"`{dimension}` is not a rubric dimension; choose one from the list.")
        if difficulty is not None and not 1 <= difficulty <= 3:  # the pack schema's range
            raise UserError(f"Difficulty goes from 1 (easy) to 3 (hard), not {difficulty}.")
        live = await self._repo.live_drills()
        matching = [d for d in live if (dimension is None or dimension in d.dimensions)
                    and (difficulty is None or d.difficulty == difficulty)]
        if not matching:
            wanted = " and ".join(part for part in (
                f"dimension {DIMENSIONS[dimension].title}" if dimension else "",
                f"difficulty {difficulty}" if difficulty else "",
            ) if part)
            raise NotFound(f"No drill matches {wanted}. Try fewer filters.")
        posted = [p.drill_id for p in await self._repo.history(guild_id)]
        coming = [d.drill_id for d in await self._posts.upcoming(guild_id, 7)]
        current = await self._repo.latest_posted(guild_id)
        avoid = coming + ([current.drill_id] if current and current.revealed_at is None else [])
        today = await self._posts.local_date(guild_id, self._clock.now())
        chosen = choose_practice(
            [DrillInfo(d.id, d.domain, d.primary_dimension, d.difficulty) for d in matching],
            attempted=await self._repo.attempted_drills(guild_id, user_id), posted=posted, avoid=avoid,
            salt=f"{guild_id}:{user_id}:{today.isoformat()}",
        )
        assert chosen is not None
        return chosen.id

    async def _task_for_post(self, post: PostRow, user_id: int) -> DrillTask:
        drill = await self._repo.drill(post.drill_id)
        if drill is None:
            raise missing_drill(post.drill_id)
        scored, note = await self._scoring(post, user_id, self._db)
        return DrillTask(source=post_source(post.id), drill_id=post.drill_id, drill=drill, choices=_choices(drill),
                         scored=scored, note=note, closes_at=post.closes_at)

    async def _own_post(self, guild_id: int, post_id: int) -> PostRow:
        post = await self._posts.post(post_id)
        if post is None or post.guild_id != guild_id or post.status != "posted":
            raise NotFound("This drill post is not from this server, or no longer exists. Try `/drill today`.")
        return post

    async def _scoring(self, post: PostRow, user_id: int, source: Transaction | Database) -> tuple[bool, str]:
        """Whether an attempt on `post` now counts, and the sentence that tells the learner so."""
        if post.revealed_at is not None or post.closes_at <= self._clock.now():
            return False, "Practice: this drill has closed, so it is no longer scored."
        if await self._repo.has_attempted(source, post.guild_id, user_id, post.drill_id):
            return False, "Practice: you have already answered this drill; only your first submission is scored."
        return True, "Scored: your first submission counts for points."

    # -- submitting -------------------------------------------------------------------------

    async def submit(self, guild_id: int, user_id: int, source: str, ranking: str, justification: str) -> AttemptResult:
        """Save the attempt, then grade it, then store the grade and points. Returns the graded result,
        or the saved attempt without a grade when grading failed (it is graded on retry)."""
        post, drill_id, drill = await self._drill_of(guild_id, source)
        given = check_ranking(ranking, drill)
        text = " ".join(justification.split())
        if not JUSTIFICATION_MIN <= len(text) <= JUSTIFICATION_MAX:
            raise UserError(f"Your justification has {len(text)} characters; write {JUSTIFICATION_MIN} to "
                            f"{JUSTIFICATION_MAX} (3-5 sentences). Nothing was saved.")
        now = self._clock.now()
        day = await self._posts.local_date(guild_id, now)
        async with self._db.transaction() as tx:
            if post is not None:
                post = await self._repo.post(post.id, tx) or post
                scored, note = await self._scoring(post, user_id, tx)
            else:
                scored, note = False, "Practice drill from the archive: graded, not scored."
            attempt_id = await self._repo.add_attempt(tx, NewAttempt(
                guild_id=guild_id, user_id=user_id, drill_id=drill_id, post_id=post.id if post else None,
                ranking=str(given), justification=justification.strip(), scored=scored, submitted_at=now,
                local_day=day,
            ))
        log.info("drill attempt %d saved: guild %d user %d drill %s (%s)", attempt_id, guild_id, user_id, drill_id,
                 "scored" if scored else "practice")
        row = await self._repo.attempt(attempt_id)
        assert row is not None
        graded = await self._grade_and_store(row, drill)
        return AttemptResult(
            attempt_id=attempt_id, drill_id=drill_id, title=drill.title, ranking=str(given), scored=scored,
            note=note, points=graded[1] if graded else None, grade=graded[0] if graded else None, gold=drill.gold,
            model_justification=drill.model_justification,
        )

    async def check_answer(self, guild_id: int, source: str, ranking: str) -> str:
        """Whether `ranking` can still be submitted for `source`, checked before the justification form
        opens so that nobody writes 1,500 characters into a form that would be refused. Returns the
        ranking as shown; raises the error `submit` would raise."""
        _, _, drill = await self._drill_of(guild_id, source)
        return str(check_ranking(ranking, drill))

    async def _drill_of(self, guild_id: int, source: str) -> tuple[PostRow | None, str, Drill]:
        """The post (None for practice), drill id and drill a task's `source` names."""
        post_id, digest = parse_source(source)
        post = await self._own_post(guild_id, post_id) if post_id is not None else None
        drill_id = post.drill_id if post is not None else await self._resolve_digest(digest or "")
        drill = await self._repo.drill(drill_id)
        if drill is None:
            raise missing_drill(drill_id)
        return post, drill_id, drill

    async def _resolve_digest(self, digest: str) -> str:
        for drill_id in await self._repo.drill_ids():
            if drill_digest(drill_id) == digest:
                return drill_id
        raise NotFound("This practice drill is no longer available. Start another with `/drill practice`.")

    async def _grade_and_store(self, attempt: AttemptRow, drill: Drill) -> tuple[Grade, int] | None:
        """Grade a saved attempt and store the grade with its points; None if grading failed."""
        try:
            result = grade(drill, attempt.ranking, attempt.justification)
        except Exception as exc:  # the attempt is saved; it is graded again on the next retry
            log.exception("grading attempt %d (drill %s) failed; it will be retried", attempt.id, drill.id)
            self._failed_here.add(attempt.id)
            async with self._db.transaction() as tx:
                await self._repo.store_grade_error(tx, attempt.id, f"{type(exc).__name__}: {exc}")
            return None
        self._failed_here.discard(attempt.id)
        points = attempt_points(result.ranking.agreement, result.score, scored=attempt.scored)
        async with self._db.transaction() as tx:
            stored = await self._repo.store_grade(
                tx, attempt.id, grade_json=result.model_dump_json(), score=result.score,
                agreement=result.ranking.agreement, points=points, now=self._clock.now(),
            )
            if stored:
                await self._activity.record(tx, ActivityEvent(
                    guild_id=attempt.guild_id, user_id=attempt.user_id, kind=ACTIVITY_KIND, ref=attempt.drill_id,
                    points=points, at_utc=attempt.submitted_at, local_day=attempt.local_day,
                ))
        return result, points

    async def grade_pending(
        self, *, guild_id: int | None = None, user_id: int | None = None, limit: int = 100, retry_failed: bool = True,
    ) -> int:
        """Grade saved attempts that have no grade yet (after a grading failure); returns how many.
        `retry_failed=False` skips those that already failed in this process (see `_failed_here`)."""
        done = 0
        for attempt in await self._repo.ungraded(guild_id=guild_id, user_id=user_id, limit=limit):
            if not retry_failed and attempt.id in self._failed_here:
                continue
            drill = await self._repo.drill(attempt.drill_id)
            if drill is not None and await self._grade_and_store(attempt, drill) is not None:
                done += 1
        return done

    # -- history and statistics -------------------------------------------------------------

    async def history(self, guild_id: int, user_id: int, limit: int = HISTORY_SIZE) -> list[HistoryEntry]:
        await self.grade_pending(guild_id=guild_id, user_id=user_id)
        titles: dict[str, str] = {}
        entries = []
        for attempt in await self._repo.user_attempts(guild_id, user_id, limit=limit):
            if attempt.drill_id not in titles:
                drill = await self._repo.drill(attempt.drill_id)
                titles[attempt.drill_id] = drill.title if drill else attempt.drill_id
            entries.append(HistoryEntry(
                attempt_id=attempt.id, drill_id=attempt.drill_id, title=titles[attempt.drill_id],
                submitted_at=attempt.submitted_at, local_day=attempt.local_day, ranking=attempt.ranking,
                scored=attempt.scored, score=attempt.score,
                band=band_for(attempt.score) if attempt.score is not None else None,
                agreement=attempt.agreement, points=attempt.points,
            ))
        return entries

    async def stats(self, guild_id: int, user_id: int) -> DrillStatsView:
        """Agreement with the gold and with the community, criterion averages, the weakest criterion."""
        await self.grade_pending(guild_id=guild_id, user_id=user_id)
        mine = await self._repo.user_attempts(guild_id, user_id, limit=STATS_WINDOW, scored_only=True,
                                              graded_only=True)
        post_ids = sorted({a.post_id for a in mine if a.post_id is not None})
        by_post: dict[int, list[AttemptRow]] = {}
        for other in await self._repo.scored_attempts_on(post_ids):
            if other.user_id != user_id and other.post_id is not None:
                by_post.setdefault(other.post_id, []).append(other)
        graded = []
        for attempt in mine:
            result = Grade.model_validate_json(attempt.grade or "{}")
            community = None
            if attempt.post_id in by_post:
                others = [_plain_ranking(o.ranking) for o in by_post[attempt.post_id]]
                community = agreement.agreement_with_majority(
                    _plain_ranking(attempt.ranking), [r for r in others if r is not None]
                )
            graded.append(GradedAttempt(
                gold_agreement=result.ranking.agreement, exact=result.ranking.agreement >= 1.0, score=result.score,
                criteria=tuple(CriterionMark(c.id, c.score, c.max) for c in result.criteria),
                community_agreement=community,
            ))
        stats = learner_stats(graded)
        criteria = [CriterionSummary(id=c.id, title=c.title, percent=c.percent) for c in stats.criteria]
        weakest = next((c for c in criteria if stats.weakest and c.id == stats.weakest.id), None)
        return DrillStatsView(
            attempts=stats.attempts, window=STATS_WINDOW, gold_agreement=stats.gold_agreement,
            exact_share=stats.exact_share, community_agreement=stats.community_agreement,
            community_attempts=stats.community_attempts, average_score=stats.average_score, criteria=criteria,
            weakest=weakest, tip=stats.tip,
        )


def _choices(drill: Drill) -> list[RankingOption]:
    allow_ties = drill.allow_tie or drill.gold_ranking.has_tie
    return [RankingOption(code=c.code, label=c.label) for c in ranking_choices(drill.labels, allow_ties=allow_ties)]


def check_ranking(text: str, drill: Drill) -> Ranking:
    """The learner's ranking of this drill's responses; UserError names the valid labels."""
    try:
        ranking = Ranking.parse(text, drill.labels)
    except RankingError as exc:
        labels = ", ".join(drill.labels)
        raise UserError(f"{exc}. Rank the responses {labels}, best first, like "
                        f"'{' > '.join(reversed(drill.labels))}'.") from None
    if ranking.has_tie and not (drill.allow_tie or drill.gold_ranking.has_tie):
        raise UserError("This drill does not allow ties: put one response above the other.")
    return ranking


def _plain_ranking(text: str) -> Ranking | None:
    try:
        return Ranking.parse(text)
    except RankingError:
        return None
