"""What scheduled jobs post, and the `Publisher` protocol they post through.

The Discord adapter implements `Publisher` (embeds, the persistent Start button, the ping role);
the console and the tests implement it too. Services build the content; publishers only render it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Protocol

from pydantic import BaseModel, Field


class DrillAnnouncement(BaseModel):
    """The daily drill post: enough to render the public message (never the gold or key points)."""

    post_id: int
    guild_id: int
    drill_id: str
    title: str
    prompt: str
    domain: str
    difficulty: int
    dimensions: list[str]  # titles, e.g. "Factual accuracy"
    response_count: int
    local_date: date
    closes_at: datetime
    ping_role_id: int | None = None  # the only role the post may mention


class RankingShare(BaseModel):
    ranking: str
    count: int
    gold: bool = False


class AlphaSummary(BaseModel):
    value: float | None  # None: not enough data yet
    text: str  # a plain-language reading, or why there is no figure yet
    posts: int  # the window: how many recent drills it covers


class DrillReveal(BaseModel):
    """The results of a closed drill post."""

    post_id: int
    guild_id: int
    drill_id: str
    title: str
    local_date: date
    participants: int
    distribution: list[RankingShare] = Field(default_factory=list)
    gold: str
    matching_gold: float | None = None  # share of participants whose ranking equals the gold
    average_score: float | None = None
    graded: int = 0  # participants whose attempt is graded (the average is over these)
    model_justification: str
    most_missed_key_point: str | None = None
    most_missed_count: int = 0
    alpha: AlphaSummary


class Publisher(Protocol):
    async def post_drill(self, channel_id: int, announcement: DrillAnnouncement) -> int:
        """Post the drill with its Start button; return the message id. Raise on failure."""
        ...

    async def find_drill_post(self, channel_id: int, post_id: int) -> int | None:
        """The id of a message already posted for `post_id` (after a crash mid-post), if any."""
        ...

    async def post_reveal(self, channel_id: int, message_id: int | None, reveal: DrillReveal) -> int | None:
        """Publish the results (a reply to the drill post, or an edit); return the message id if any."""
        ...
