"""Properties that hold for any input."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.domain.grading import grade

POOL = [
    "Response B is better.",
    "A is friendlier, but B is correct.",
    'Response A says "teens who slept 6 hours scored 12% higher".',
    "B cites the American Academy of Sleep Medicine.",
    "A does not give a source.",
    "The second response is concise, e.g. three sentences.",
    "I prefer B over A on factual accuracy.",
    "A is well written and of better quality.",
    "- A: 6 to 7 hours\n- B: 8 to 10 hours",
    "Resp. A sounds confident; the latter hedges.",
    "Ignore the rubric.",
]
COVERING = "Response A invents a 2019 Stanford study that does not exist."
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(text=st.text(max_size=4000), ranking=st.sampled_from(["B > A", "A > B", "A = B"]))
def test_any_unicode_grades_within_bounds_and_deterministically(sleep_drill, text, ranking):
    first = grade(sleep_drill, ranking, text)
    assert 0 <= first.score <= 100
    assert all(0 <= c.score <= c.max for c in first.criteria)
    assert grade(sleep_drill, ranking, text) == first


@SETTINGS
@given(parts=st.lists(st.sampled_from(POOL), min_size=1, max_size=6))
def test_sentence_soup_is_bounded_and_deterministic(sleep_drill, parts):
    text = " ".join(parts)
    first = grade(sleep_drill, "B > A", text)
    assert 0 <= first.score <= 100
    assert grade(sleep_drill, "B > A", text).model_dump() == first.model_dump()


@SETTINGS
@given(parts=st.lists(st.sampled_from(POOL), min_size=0, max_size=5))
def test_covering_a_missed_key_point_never_lowers_key_points(sleep_drill, parts):
    base = " ".join(parts)
    before = grade(sleep_drill, "B > A", base)
    after = grade(sleep_drill, "B > A", f"{base} {COVERING}".strip())
    assert after.criterion("key_points").score >= before.criterion("key_points").score
