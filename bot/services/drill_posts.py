"""Daily drill posts: choose the drill, post it once per (server, local date), reveal the results.

Idempotence: the (guild, local date) row is claimed in a transaction before anything is posted, the
message id is stored after, and a failure is recorded on the row so that a retry reuses it (same
drill, same row) instead of posting twice. A claim is a lease (CLAIM_LEASE): a row still 'pending'
after it was claimed by a process that died mid-post is taken over by the next run, which first asks
the publisher whether the message went out; a younger one is in flight and left alone.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from datetime import date, datetime, time, timedelta

from bot.clock import Clock
from bot.domain import agreement
from bot.domain.dimensions import DIMENSIONS
from bot.domain.drill_rotation import DrillInfo, PastPost, choose_next, upcoming
from bot.domain.drill_schedule import EVERY_DAY, DrillSchedule
from bot.domain.grading import Grade
from bot.domain.local_time import local_day, zone_or_utc
from bot.domain.ranking import Ranking, RankingError
from bot.domain.suggest import did_you_mean, search
from bot.errors import NotFound, StudyCoachError, UserError
from bot.publishing import AlphaSummary, DrillAnnouncement, DrillReveal, Publisher, RankingShare
from bot.services.drills import PostOutcome, QueuedDrill, UpcomingDrill
from bot.services.server_settings import schedule_of
from bot.storage.db import Database
from bot.storage.repositories.drills import AttemptRow, DrillRepository, LiveDrill, PostRow
from bot.storage.repositories.guilds import GuildSettingsRepository

log = logging.getLogger(__name__)

MAX_TRIES = 5  # posting attempts per (server, date) before the scheduler gives up until settings change
# A claimed post or reveal is a lease: only after this long is a claim that is still 'pending' taken for
# that of a dead process. Longer than any Discord call can take (aiohttp gives up after 5 minutes), so
# a live process that is still posting is never doubled by another one (an overlapping restart).
CLAIM_LEASE = timedelta(minutes=10)
ALPHA_WINDOW = 30  # community agreement covers this many recent drills
CONSOLE_CHANNEL = 0


class DrillPostService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self._db = db
        self._clock = clock
        self._repo = DrillRepository(db)
        self._guilds = GuildSettingsRepository(db)
        # Rows and reveals this process claims carry its token, so that taking over a claim whose lease
        # ran out (a process that died mid-post) is a compare-and-set on it.
        self.owner = secrets.token_hex(8)
        self._locks: dict[int, asyncio.Lock] = {}
        self._reveal_failures: dict[int, int] = {}  # post id -> failed reveals in this process

    # -- posting ----------------------------------------------------------------------------

    async def post_due(self, guild_id: int, publisher: Publisher, *, retry_exhausted: bool = False) -> PostOutcome:
        """Post today's drill if it is due and not posted yet (scheduled job, catch-up and retries)."""
        settings = await self._repo.get_settings(guild_id)
        if settings is None or not settings.enabled:
            return PostOutcome(guild_id=guild_id, status="not-configured")
        schedule = schedule_of(settings)
        day = schedule.due_date(self._clock.now())
        if day is None:
            return PostOutcome(guild_id=guild_id, status="not-due")
        return await self._post(guild_id, day, schedule, settings.channel_id, settings.ping_role_id, publisher,
                                retry_exhausted=retry_exhausted)

    async def post_today(self, guild_id: int, publisher: Publisher) -> PostOutcome:
        """Post today's drill now whatever the schedule (the console, which has no scheduler)."""
        settings = await self._repo.get_settings(guild_id)
        if settings is not None:
            schedule, channel, role = schedule_of(settings), settings.channel_id, settings.ping_role_id
        else:
            timezone = await self._guilds.timezone(guild_id)
            schedule, channel, role = DrillSchedule(timezone, time(0, 0), EVERY_DAY), CONSOLE_CHANNEL, None
        day = schedule.local_date(self._clock.now())
        return await self._post(guild_id, day, schedule, channel, role, publisher, retry_exhausted=True)

    async def _post(
        self, guild_id: int, day: date, schedule: DrillSchedule, channel_id: int, ping_role_id: int | None,
        publisher: Publisher, *, retry_exhausted: bool,
    ) -> PostOutcome:
        # The sweep asks every minute until local midnight: once the post is out, answer from a read
        # instead of a write transaction per server per minute.
        existing = await self._repo.post_on(guild_id, day)
        if existing is not None and existing.status == "posted":
            return _already_posted(existing)
        async with self._locks.setdefault(guild_id, asyncio.Lock()):
            claimed = await self._claim(guild_id, day, schedule, channel_id, retry_exhausted=retry_exhausted)
            if isinstance(claimed, PostOutcome):
                return claimed
            post, recovering = claimed
            # Yesterday's results before today's drill.
            await self.reveal_due(guild_id, publisher, before=day, retry_exhausted=retry_exhausted)
            try:
                found = await self._find_earlier(post, publisher) if recovering else None
                if found is not None:
                    log.info("guild %d: drill post %d for %s was already out (message %d)", guild_id, post.id,
                             day, found)
                    return await self._mark_posted(post, found, day)
                message_id = await publisher.post_drill(post.channel_id, await self._announcement(post, ping_role_id))
            except Exception as exc:  # noqa: BLE001 - any failure is recorded on the row so it can be retried
                # A publisher's own explanation is meant for moderators; anything else is described as is.
                error = str(exc) if isinstance(exc, StudyCoachError) else f"{type(exc).__name__}: {exc}"
                log.warning("guild %d: posting the drill for %s failed (try %d): %s", guild_id, day, post.tries, error)
                async with self._db.transaction() as tx:
                    await self._repo.mark_failed(tx, post.id, error)
                return PostOutcome(guild_id=guild_id, status="failed", local_date=day, post_id=post.id, error=error)
            log.info("guild %d: posted drill %s for %s (post %d, message %d)", guild_id, post.drill_id, day,
                     post.id, message_id)
            return await self._mark_posted(post, message_id, day)

    async def _find_earlier(self, post: PostRow, publisher: Publisher) -> int | None:
        """The message a dead process may have posted before it could store its id. If the channel cannot
        be read (no Read Message History), post anyway: a missed day is worse than a rare duplicate."""
        try:
            return await publisher.find_drill_post(post.channel_id, post.id)
        except Exception:  # logged; see the docstring
            log.warning("guild %d: could not look for an earlier post %d", post.guild_id, post.id, exc_info=True)
            return None

    async def _claim(
        self, guild_id: int, day: date, schedule: DrillSchedule, channel_id: int, *, retry_exhausted: bool
    ) -> tuple[PostRow, bool] | PostOutcome:
        """The claimed row and whether it is a recovery of a dead process's post, or why there is nothing to do."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            existing = await self._repo.post_on(guild_id, day, tx)
            if existing is None:
                drill = await self._next_drill(guild_id)
                if drill is None:
                    return PostOutcome(guild_id=guild_id, status="no-drills", local_date=day)
                await self._repo.claim_post(
                    tx, guild_id=guild_id, day=day, drill_id=drill.id, channel_id=channel_id, owner=self.owner,
                    now=now, closes_at=schedule.closes_at(day, opened_at=now),
                )
                await self._repo.dequeue(tx, guild_id, drill.id)
                post = await self._repo.post_on(guild_id, day, tx)
                assert post is not None
                return post, False
            outcome = _already_posted(existing)
            if existing.status == "posted":
                return outcome
            if existing.status == "pending" and now - existing.claimed_at < CLAIM_LEASE:
                outcome.status = "in-flight"  # being posted, by this process or another live one
                return outcome
            if existing.status == "failed" and existing.tries >= MAX_TRIES and not retry_exhausted:
                outcome.status, outcome.error = "gave-up", existing.last_error
                return outcome
            recovering = existing.status == "pending"
            if not await self._repo.reclaim_post(tx, existing, owner=self.owner, channel_id=channel_id, now=now):
                outcome.status = "in-flight"
                return outcome
            post = await self._repo.post(existing.id, tx)
            assert post is not None
            return post, recovering

    async def _mark_posted(self, post: PostRow, message_id: int, day: date) -> PostOutcome:
        async with self._db.transaction() as tx:
            await self._repo.mark_posted(tx, post.id, message_id, self._clock.now())
        return PostOutcome(guild_id=post.guild_id, status="posted", local_date=day, post_id=post.id,
                           message_id=message_id)

    async def _announcement(self, post: PostRow, ping_role_id: int | None) -> DrillAnnouncement:
        drill = await self._repo.drill(post.drill_id)
        if drill is None:
            raise NotFound(f"drill {post.drill_id} vanished")
        return DrillAnnouncement(
            post_id=post.id, guild_id=post.guild_id, drill_id=post.drill_id, title=drill.title, prompt=drill.prompt,
            domain=drill.domain, difficulty=drill.difficulty,
            dimensions=[DIMENSIONS[d].title for d in drill.dimensions], response_count=len(drill.responses),
            local_date=post.local_date, closes_at=post.closes_at, ping_role_id=ping_role_id,
        )

    # -- choosing ---------------------------------------------------------------------------

    async def _rotation_inputs(self, guild_id: int) -> tuple[list[LiveDrill], list[PastPost], list[str]]:
        live = await self._repo.live_drills()
        history = [
            PastPost(p.drill_id, p.domain, p.primary_dimension, p.local_date.toordinal())
            for p in await self._repo.history(guild_id)
        ]
        return live, history, await self._repo.queue(guild_id)

    async def _next_drill(self, guild_id: int) -> DrillInfo | None:
        live, history, queue = await self._rotation_inputs(guild_id)
        return choose_next([_info(d) for d in live], history, queue, salt=str(guild_id))

    async def upcoming(self, guild_id: int, count: int = 7) -> list[UpcomingDrill]:
        """The next `count` drills in the order they will be posted, with their times when scheduled."""
        live, history, queue = await self._rotation_inputs(guild_id)
        by_id = {d.id: d for d in live}
        chosen = upcoming([_info(d) for d in live], history, queue, count=count, salt=str(guild_id))
        moments: list[datetime | None] = [None] * len(chosen)
        settings = await self._repo.get_settings(guild_id)
        if settings is not None and settings.enabled:
            schedule = schedule_of(settings)
            now = self._clock.now()
            due = schedule.due_date(now)
            # Today's drill is still to come when it is due (e.g. a post that failed) but not out yet.
            start = schedule.post_moment(due) if due and not await self._repo.post_on(guild_id, due) else None
            found = ([start] if start else []) + schedule.next_post_moments(now, len(chosen))
            moments = list(found[: len(chosen)])
        return [
            UpcomingDrill(at=at, drill_id=d.id, title=by_id[d.id].title, domain=d.domain,
                          primary_dimension=d.primary_dimension, difficulty=d.difficulty, queued=d.id in queue)
            for d, at in zip(chosen, moments, strict=True)
        ]

    async def enqueue(self, guild_id: int, user_id: int, drill_id: str) -> QueuedDrill:
        drill_id = drill_id.strip()
        if not await self._repo.is_live(drill_id):
            raise NotFound(f"No live drill `{drill_id}`." + did_you_mean(drill_id, await self._repo.drill_ids()))
        async with self._db.transaction() as tx:
            added = await self._repo.enqueue(tx, guild_id, drill_id, user_id, self._clock.now())
        queue = await self._repo.queue(guild_id)
        if not added:
            raise UserError(f"`{drill_id}` is already queued (position {queue.index(drill_id) + 1}).")
        drill = await self._repo.drill(drill_id)
        return QueuedDrill(drill_id=drill_id, title=drill.title if drill else drill_id,
                           position=queue.index(drill_id) + 1, queue=queue)

    async def search_live(self, fragment: str, limit: int = 25) -> list[LiveDrill]:
        """Live drills whose id or title contains what was typed, else the closest (for autocomplete)."""
        return search(fragment, await self._repo.live_drills(), lambda d: f"{d.id}\n{d.title}", limit=limit)

    # -- reading posts ----------------------------------------------------------------------

    async def local_date(self, guild_id: int, at: datetime) -> date:
        """The date in the server's timezone at `at` (drills go by the server's day)."""
        return local_day(at, zone_or_utc(await self._guilds.timezone(guild_id)))

    async def post(self, post_id: int) -> PostRow | None:
        return await self._repo.post(post_id)

    async def todays_post(self, guild_id: int) -> PostRow:
        """The drill learners can answer now: the latest posted one while it is open, else today's."""
        latest = await self._repo.latest_posted(guild_id)
        now = self._clock.now()
        if latest is not None:
            today = await self.local_date(guild_id, now)
            if (latest.revealed_at is None and latest.closes_at > now) or latest.local_date == today:
                return latest
        settings = await self._repo.get_settings(guild_id)
        if settings is None or not settings.enabled:
            raise NotFound("This server has no daily drill yet. Try `/drill practice`, or ask a moderator to set "
                           "drills up with `/settings drills`.")
        schedule = schedule_of(settings)
        next_at = schedule.next_post_moments(now, 1)[0].astimezone(zone_or_utc(schedule.timezone))
        # Plain text rather than a Discord timestamp: the console shows this message too.
        when = f"{next_at:%a %d %b at %H:%M} ({schedule.timezone})"
        raise NotFound(f"There is no open drill right now; the next one is posted {when}. "
                       "Meanwhile, try `/drill practice`.")

    # -- revealing --------------------------------------------------------------------------

    async def reveal_due(
        self, guild_id: int, publisher: Publisher, *, before: date | None = None, retry_exhausted: bool = False
    ) -> int:
        """Reveal every closed (or superseded: older than `before`) post; returns how many were revealed.
        A reveal that failed MAX_TRIES times in this process waits for a settings change or a restart."""
        revealed = 0
        for post in await self._repo.posts_to_reveal(guild_id, now=self._clock.now(), before=before):
            if retry_exhausted or self._reveal_failures.get(post.id, 0) < MAX_TRIES:
                revealed += await self.reveal(post, publisher)
        return revealed

    async def reveal(self, post: PostRow, publisher: Publisher) -> bool:
        now = self._clock.now()
        async with self._db.transaction() as tx:
            if not await self._repo.claim_reveal(tx, post.id, self.owner, now=now, stale_before=now - CLAIM_LEASE):
                return False
        try:
            summary = await self.reveal_summary(post)
            message_id = await publisher.post_reveal(post.channel_id, post.message_id, summary)
        except Exception as exc:  # released so that a later sweep retries; the post itself is fine
            failures = self._reveal_failures[post.id] = self._reveal_failures.get(post.id, 0) + 1
            log.warning("guild %d: revealing post %d failed (%d of %d tries in this run): %s: %s", post.guild_id,
                        post.id, failures, MAX_TRIES, type(exc).__name__, exc, exc_info=failures == 1)
            async with self._db.transaction() as tx:
                await self._repo.release_reveal(tx, post.id)
            return False
        self._reveal_failures.pop(post.id, None)
        async with self._db.transaction() as tx:
            await self._repo.mark_revealed(tx, post.id, message_id, self._clock.now())
        log.info("guild %d: revealed post %d (%s)", post.guild_id, post.id, post.drill_id)
        return True

    async def reveal_summary(self, post: PostRow) -> DrillReveal:
        """The results of one post, and the community's agreement over the recent drills."""
        drill = await self._repo.drill(post.drill_id)
        if drill is None:
            raise NotFound(f"drill {post.drill_id} vanished")
        attempts = await self._repo.scored_attempts_on([post.id])
        rankings = [r for r in (_ranking(a, drill.labels) for a in attempts) if r is not None]
        gold = drill.gold_ranking
        graded = [a for a in attempts if a.score is not None]
        missed: dict[str, int] = {}
        for attempt in graded:
            for point in Grade.model_validate_json(attempt.grade or "{}").missed_key_points:
                missed[point.text] = missed.get(point.text, 0) + 1
        top_missed = max(missed.items(), key=lambda item: item[1]) if missed else None
        return DrillReveal(
            post_id=post.id, guild_id=post.guild_id, drill_id=post.drill_id, title=drill.title,
            local_date=post.local_date, participants=len({a.user_id for a in attempts}),
            distribution=[RankingShare(ranking=str(r), count=n, gold=r == gold)
                          for r, n in agreement.distribution(rankings)],
            gold=str(gold), matching_gold=agreement.share_matching(rankings, gold),
            average_score=sum(a.score or 0 for a in graded) / len(graded) if graded else None,
            graded=len(graded), model_justification=drill.model_justification,
            most_missed_key_point=top_missed[0] if top_missed else None,
            most_missed_count=top_missed[1] if top_missed else 0,
            alpha=await self.community_alpha(post.guild_id, through=post.local_date),
        )

    async def community_alpha(self, guild_id: int, *, through: date | None = None) -> AlphaSummary:
        """Krippendorff's alpha (ordinal) over the scored rankings of the last 30 drills."""
        posts = [p for p in await self._repo.recent_posts(guild_id, ALPHA_WINDOW * 2)
                 if through is None or p.local_date <= through][:ALPHA_WINDOW]
        labels: dict[int, tuple[str, ...]] = {}
        for p in posts:
            drill = await self._repo.drill(p.drill_id)
            labels[p.id] = drill.labels if drill else ()
        ratings = [
            agreement.Rating(rater=a.user_id, post=a.post_id, ranking=ranking)
            for a in await self._repo.scored_attempts_on([p.id for p in posts])
            if a.post_id is not None and (ranking := _ranking(a, labels.get(a.post_id, ()))) is not None
        ]
        alpha = agreement.krippendorff_alpha(ratings)
        return AlphaSummary(value=alpha.value, text=agreement.describe_alpha(alpha), posts=len(posts))


def _already_posted(post: PostRow) -> PostOutcome:
    return PostOutcome(guild_id=post.guild_id, status="already-posted", local_date=post.local_date, post_id=post.id,
                       message_id=post.message_id)


def _info(drill: LiveDrill) -> DrillInfo:
    return DrillInfo(drill.id, drill.domain, drill.primary_dimension, drill.difficulty)


def _ranking(attempt: AttemptRow, labels: tuple[str, ...]) -> Ranking | None:
    try:
        return Ranking.parse(attempt.ranking, labels or None)
    except RankingError:
        return None  # the drill changed its responses since: the old ranking no longer fits
