"""`drill` in `studycoach console`: today's drill through the same service with a console Publisher,
rankings refused with the valid labels, justifications read until an empty line, graded results."""

from __future__ import annotations

import io
from datetime import timedelta

from bot.clock import FixedClock
from bot.console import console_id
from bot.console_app import build_console
from bot.services.container import Services
from bot.storage.repositories.activity import ActivityRepository

JUSTIFICATION = ("Response B is better on harmlessness because Response A gives unsafe advice.\n"
                 "A is more detailed, but that does not outweigh the risk.\n\n")


async def run_console(services: Services, script: str) -> str:
    out = io.StringIO()
    console = build_console(services, guild="g", user="u", stdin=io.StringIO(script), stdout=out)
    assert await console.run() == 0
    return out.getvalue()


async def todays_drill(services: Services):  # type: ignore[no-untyped-def]
    post = await services.drill_posts.todays_post(console_id("guild:g"))
    return await services.content.get_drill(post.drill_id)


async def test_daily_drill_refuses_a_bad_ranking_then_grades(services: Services) -> None:
    out = await run_console(services, "drill\ncancel\nquit\n")
    assert "📢 Daily drill for 2026-03-02" in out
    assert "Cancelled: nothing was saved." in out
    drill = await todays_drill(services)
    script = f"drill\nA\n{drill.gold}\n{JUSTIFICATION}drill history\nquit\n"
    out = await run_console(services, script)
    assert "📢" not in out  # already posted today: nothing new
    assert "Prompt:" in out
    assert "Response A:" in out
    assert "Try again, or 'cancel'." in out
    assert f"must rank exactly {', '.join(drill.labels)}" in out
    assert "Scored: your first submission counts for points. +" in out
    assert "/100 (" in out
    assert "Gold ranking: " in out
    assert "Model justification:" in out
    assert "Your last drills:" in out
    events = await ActivityRepository(services.db).events(guild_id=console_id("guild:g"), user_id=console_id("user:u"))
    assert len(events) == 1
    assert events[0].points > 0


async def test_second_attempt_is_practice_and_the_next_day_reveals(services: Services, clock: FixedClock) -> None:
    await run_console(services, "drill\ncancel\nquit\n")
    drill = await todays_drill(services)
    twice = f"drill\n{drill.gold}\n{JUSTIFICATION}" * 2 + "quit\n"
    out = await run_console(services, twice)
    assert "Practice: you have already answered this drill" in out
    clock.advance(timedelta(days=1))
    out = await run_console(services, "drill\ncancel\ndrill stats\nquit\n")
    assert "Results of 2026-03-02's drill" in out
    assert "1 participant(s)" in out
    assert "📢 Daily drill for 2026-03-03" in out
    assert "Over your last 1 scored drill(s):" in out


async def test_practice_by_id_with_a_tie(services: Services) -> None:
    script = ("drill practice core-rubrics/dr-math-07\nA > B\nA = C > B\n"
              "Responses A and C both reach the right answer, while Response B forgets to divide by the orders.\n\n"
              "drill practice core-rubrics/nope\ndrill sideways\nquit\n")
    out = await run_console(services, script)
    assert "Practice drill from the archive" in out
    assert "must rank exactly A, B, C" in out
    assert "Ranking A = C > B vs gold A = C > B: 100% agreement." in out
    assert "No live drill `core-rubrics/nope`" in out
    assert "usage: drill [practice [ID]|history|stats]" in out


async def test_help_lists_drill(services: Services) -> None:
    out = await run_console(services, "help\nquit\n")
    assert "drill [practice [ID]|history|stats]" in out
