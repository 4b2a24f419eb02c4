"""Choosing the next drill: queue first, never-posted next, rotation of dimension and domain, then the oldest."""

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.drill_rotation import DrillInfo, PastPost, choose_next, choose_practice, upcoming

LIBRARY = [
    DrillInfo("p/a1", "general", "factual_accuracy"),
    DrillInfo("p/a2", "general", "factual_accuracy"),
    DrillInfo("p/b1", "coding", "code_quality"),
    DrillInfo("p/b2", "coding", "factual_accuracy"),
    DrillInfo("p/c1", "safety", "harmlessness"),
    DrillInfo("p/c2", "general", "harmlessness"),
]


def posted(*ids: str) -> list[PastPost]:
    by_id = {d.id: d for d in LIBRARY}
    return [PastPost(i, by_id[i].domain, by_id[i].primary_dimension, order) for order, i in enumerate(ids, 1)]


def test_deterministic() -> None:
    history = posted("p/a1")
    assert choose_next(LIBRARY, history, salt="g1") == choose_next(list(reversed(LIBRARY)), history, salt="g1")


def test_avoids_yesterdays_dimension_and_domain() -> None:
    chosen = choose_next(LIBRARY, posted("p/a1"))
    assert chosen is not None
    assert chosen.primary_dimension != "factual_accuracy"
    assert chosen.domain != "general"


def test_repeats_only_when_unavoidable() -> None:
    same = [DrillInfo("p/x1", "general", "tone"), DrillInfo("p/x2", "general", "tone")]
    history = [PastPost("p/x1", "general", "tone", 1)]
    assert choose_next(same, history) == same[1]


def test_rotates_through_least_recent_dimensions() -> None:
    # After factual_accuracy (a1) and code_quality (b1), harmlessness has never been used: it comes next.
    chosen = choose_next(LIBRARY, posted("p/a1", "p/b1"))
    assert chosen is not None
    assert chosen.primary_dimension == "harmlessness"


def test_queue_comes_first_in_order_and_skips_retired() -> None:
    history = posted("p/a1")
    assert choose_next(LIBRARY, history, ["p/gone", "p/a2", "p/c1"]) == LIBRARY[1]  # even though it repeats


def test_never_posted_before_any_repeat_then_oldest_returns() -> None:
    order = [d.id for d in upcoming(LIBRARY, [], count=len(LIBRARY))]
    assert sorted(order) == sorted(d.id for d in LIBRARY)
    history = posted(*order)
    assert choose_next(LIBRARY, history) == next(d for d in LIBRARY if d.id == order[0])
    # The second cycle repeats the first one's order.
    assert [d.id for d in upcoming(LIBRARY, history, count=len(LIBRARY))] == order


def test_upcoming_lists_seven_and_consumes_the_queue() -> None:
    coming = upcoming(LIBRARY, posted("p/a1"), ["p/c2"], count=7)
    assert len(coming) == 7
    assert coming[0].id == "p/c2"
    assert "p/c2" not in [d.id for d in coming[1:5]]  # dequeued once chosen
    assert coming[5].id == "p/a1"  # every drill used: the oldest comes back


def test_no_live_drills() -> None:
    assert choose_next([], posted("p/a1")) is None
    assert upcoming([], [], count=7) == []


def test_salt_changes_the_order_between_servers() -> None:
    many = [DrillInfo(f"p/d{i}", f"domain{i}", f"dim{i}") for i in range(20)]
    firsts = {choose_next(many, [], salt=str(guild)).id for guild in range(10)}  # type: ignore[union-attr]
    assert len(firsts) > 1


def test_practice_prefers_untried_past_drills_and_avoids_spoilers() -> None:
    chosen = choose_practice(LIBRARY, attempted=["p/a1"], posted=["p/a1", "p/b1"], avoid=["p/c1", "p/c2"])
    assert chosen is not None
    assert chosen.id == "p/b1"
    fallback = choose_practice(LIBRARY[:1], attempted=["p/a1"], posted=[], avoid=["p/a1"])
    assert fallback == LIBRARY[0]
    assert choose_practice([], attempted=[], posted=[]) is None


@given(st.lists(st.tuples(st.sampled_from(["general", "coding", "math"]),
                          st.sampled_from(["tone", "honesty", "reasoning", "citations"])), min_size=1, max_size=12),
       st.integers(1, 30))
def test_every_drill_is_used_before_any_repeat(specs, days) -> None:
    library = [DrillInfo(f"p/{i}", domain, dim) for i, (domain, dim) in enumerate(specs)]
    run = upcoming(library, [], count=days)
    for start in range(0, len(run), len(library)):
        cycle = [d.id for d in run[start:start + len(library)]]
        assert len(cycle) == len(set(cycle))
    # No back-to-back repeat of both dimension and domain when another fresh drill would avoid it.
    history: list[PastPost] = []
    for order, drill in enumerate(run[: len(library)], 1):
        if history:
            prev = history[-1]
            fresh = [d for d in library if d.id not in {p.drill_id for p in history}]
            avoidable = any(d.domain != prev.domain and d.primary_dimension != prev.primary_dimension for d in fresh)
            if avoidable:
                assert drill.domain != prev.domain
                assert drill.primary_dimension != prev.primary_dimension
        history.append(PastPost(drill.id, drill.domain, drill.primary_dimension, order))
