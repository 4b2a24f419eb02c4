"""Which drill a server gets next: deterministic, rotating dimension and domain.

Rules, in order:
1. A drill a moderator queued comes first (queue order), if it is still live.
2. Otherwise a live drill this server has never had; once every live drill has been posted, the one
   posted longest ago comes back (so the second cycle repeats the first one's rotated order).
3. Among the never-posted drills, prefer one whose primary dimension and domain both differ from the
   previous post's (yesterday's, on a daily schedule); then the dimension and the domain with the most
   drills left, so that no kind bunches up at the end of the cycle where repeats become unavoidable;
   then the ones used least recently. Ties are broken by a per-server hash of the id, so servers do not
   all walk the packs in alphabetical order.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DrillInfo:
    """What rotation needs to know about a drill."""

    id: str
    domain: str
    primary_dimension: str
    difficulty: int = 1


@dataclass(frozen=True, slots=True)
class PastPost:
    """A drill this server posted; `order` grows with time (e.g. the local date's ordinal)."""

    drill_id: str
    domain: str
    primary_dimension: str
    order: int


def choose_next(
    live: Sequence[DrillInfo], history: Sequence[PastPost], queue: Sequence[str] = (), *, salt: str = ""
) -> DrillInfo | None:
    """The next drill to post, or None when there are no live drills."""
    by_id = {drill.id: drill for drill in live}
    for queued in queue:
        if queued in by_id:
            return by_id[queued]
    if not by_id:
        return None
    ordered = sorted(history, key=lambda post: post.order)
    last_posted: dict[str, int] = {}
    for post in ordered:
        last_posted[post.drill_id] = post.order
    fresh = [drill for drill in live if drill.id not in last_posted]
    if not fresh:
        return min(live, key=lambda drill: (last_posted[drill.id], _tiebreak(salt, drill.id)))
    previous = ordered[-1] if ordered else None
    dimension_used = {post.primary_dimension: post.order for post in ordered}
    domain_used = {post.domain: post.order for post in ordered}
    dimension_left = Counter(drill.primary_dimension for drill in fresh)
    domain_left = Counter(drill.domain for drill in fresh)

    def preference(drill: DrillInfo) -> tuple[int, int, int, int, int, str]:
        repeats = 0
        if previous is not None:
            repeats = (drill.primary_dimension == previous.primary_dimension) + (drill.domain == previous.domain)
        return (
            repeats,
            # The most plentiful dimension and domain first, so they do not bunch up at the cycle's end
            # (where repeats could no longer be avoided) ...
            -dimension_left[drill.primary_dimension],
            -domain_left[drill.domain],
            # ... and, between equals, the one used least recently.
            dimension_used.get(drill.primary_dimension, -1),
            domain_used.get(drill.domain, -1),
            _tiebreak(salt, drill.id),
        )

    return min(fresh, key=preference)


def upcoming(
    live: Sequence[DrillInfo], history: Sequence[PastPost], queue: Sequence[str] = (), *, count: int = 7,
    salt: str = "",
) -> list[DrillInfo]:
    """The next `count` drills, as `choose_next` would pick them one post after another."""
    history = list(history)
    queue = list(queue)
    next_order = max((post.order for post in history), default=0) + 1
    chosen: list[DrillInfo] = []
    for _ in range(count):
        drill = choose_next(live, history, queue, salt=salt)
        if drill is None:
            break
        chosen.append(drill)
        history.append(PastPost(drill.id, drill.domain, drill.primary_dimension, next_order))
        queue = [queued for queued in queue if queued != drill.id]
        next_order += 1
    return chosen


def choose_practice(
    candidates: Sequence[DrillInfo], *, attempted: Sequence[str], posted: Sequence[str], avoid: Sequence[str] = (),
    salt: str = "",
) -> DrillInfo | None:
    """A drill for unscored practice: one the learner has not tried, preferring drills the server has
    already had (no spoilers for coming days); `avoid` (today's and the next few) only as a last resort."""
    if not candidates:
        return None
    tried, past, spoilers = set(attempted), set(posted), set(avoid)

    def preference(drill: DrillInfo) -> tuple[bool, bool, bool, str]:
        return (drill.id in spoilers, drill.id in tried, drill.id not in past, _tiebreak(salt, drill.id))

    return min(candidates, key=preference)


def _tiebreak(salt: str, drill_id: str) -> str:
    return hashlib.blake2b(f"{salt}:{drill_id}".encode(), digest_size=8).hexdigest()
