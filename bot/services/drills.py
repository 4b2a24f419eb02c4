"""Daily drills: the models the drill services return, and the short references the adapter carries.

The use cases are split by concern: `server_settings` (the schedule), `drill_posts` (choosing,
posting, revealing, the queue) and `drill_attempts` (a learner's flow, grading, history, stats).

A drill session is named by a short *source* that fits in a custom_id: `p<post id>` for a daily
post, or `x<digest>` for practice from the archive (a 10-character digest of the drill id).
"""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime

from pydantic import BaseModel

from bot.domain.grading import Grade
from bot.errors import NotFound
from bot.packs.schema import Drill

_SOURCE = re.compile(r"^(?:p(?P<post>\d{1,19})|x(?P<digest>[0-9a-f]{10}))$")


def drill_digest(drill_id: str) -> str:
    return hashlib.blake2b(drill_id.encode(), digest_size=5).hexdigest()


def post_source(post_id: int) -> str:
    return f"p{post_id}"


def practice_source(drill_id: str) -> str:
    return f"x{drill_digest(drill_id)}"


def parse_source(source: str) -> tuple[int | None, str | None]:
    """(post id, None) or (None, drill digest); NotFound for anything else."""
    match = _SOURCE.match(source)
    if not match:
        raise NotFound("This drill session is not valid any more: start it again with /drill today or /drill practice.")
    return (int(match["post"]), None) if match["post"] else (None, match["digest"])


class RankingOption(BaseModel):
    code: str  # e.g. "B>A"; travels in custom ids
    label: str  # e.g. "B is better"


class DrillTask(BaseModel):
    """A drill as a learner sees it before answering."""

    source: str
    drill_id: str
    drill: Drill
    choices: list[RankingOption]
    scored: bool  # a submission now would be the scored one
    note: str  # what kind of attempt this is, in a sentence
    closes_at: datetime | None = None


class AttemptResult(BaseModel):
    attempt_id: int
    drill_id: str
    title: str
    ranking: str
    scored: bool
    note: str  # "Scored: ..." or "Practice: ..."
    points: int | None = None  # None until graded
    grade: Grade | None = None  # None when grading failed (the attempt is saved and graded on retry)
    gold: str
    model_justification: str


class HistoryEntry(BaseModel):
    attempt_id: int
    drill_id: str
    title: str
    submitted_at: datetime
    local_day: date
    ranking: str
    scored: bool
    score: int | None = None
    band: str | None = None
    agreement: float | None = None
    points: int | None = None


class CriterionSummary(BaseModel):
    id: str
    title: str
    percent: float


class DrillStatsView(BaseModel):
    attempts: int  # scored, graded attempts in the window
    window: int
    gold_agreement: float | None = None
    exact_share: float | None = None
    community_agreement: float | None = None
    community_attempts: int = 0
    average_score: float | None = None
    criteria: list[CriterionSummary] = []
    weakest: CriterionSummary | None = None
    tip: str | None = None


class UpcomingDrill(BaseModel):
    at: datetime | None  # when it is due (None when the server has no schedule)
    drill_id: str
    title: str
    domain: str
    primary_dimension: str
    difficulty: int
    queued: bool


class PostOutcome(BaseModel):
    """What a posting run did, for logs, the console and tests."""

    guild_id: int
    # 'posted', 'already-posted', 'not-due', 'not-configured', 'in-flight' (another run is posting it),
    # 'failed' (recorded; retried by the sweep), 'gave-up' (too many failures), 'no-drills'
    status: str
    local_date: date | None = None
    post_id: int | None = None
    message_id: int | None = None
    error: str | None = None


class QueuedDrill(BaseModel):
    drill_id: str
    title: str
    position: int  # 1 = next
    queue: list[str]


def missing_drill(drill_id: str) -> NotFound:
    return NotFound(f"The drill `{drill_id}` is no longer available.")
