"""The console over real services: preview and grade, as an author uses them."""

import io
import re

from bot.console_app import build_console


async def run_console(services, script: str) -> str:
    out = io.StringIO()
    console = build_console(services, guild="g", user="u", stdin=io.StringIO(script), stdout=out)
    assert await console.run() == 0
    return out.getvalue()


async def test_preview_card_shows_answer_and_why(services) -> None:
    out = await run_console(services, "preview core-rubrics/fa-001\nquit\n")
    assert "Answer:" in out
    assert "Why:" in out


async def test_preview_drill_then_grade(services) -> None:
    drill = await services.content.get_drill("core-rubrics/dr-general-01")
    script = (
        "preview core-rubrics/dr-general-01\n"
        "grade\n"
        "B >\n"  # refused, asked again
        f"{drill.gold}\n"
        f"{drill.model_justification}\n\n"
        "quit\n"
    )
    out = await run_console(services, script)
    assert "Gold ranking:" in out
    assert "ends with an operator" in out
    assert "The labels are A, B" in out
    assert "Score " in out
    assert "copied_model_answer" in out  # pasting the model answer is caught, not rewarded


async def test_grade_without_a_drill_explains_usage(services) -> None:
    out = await run_console(services, "grade\nquit\n")
    assert "usage: grade <pack>/<id>" in out


async def test_every_shipped_item_previews(services) -> None:
    from bot.packs.loader import load_packs
    from tests.conftest import REPO

    packs, issues = load_packs([REPO / "content" / "packs"])
    assert not issues
    ids = [f"{p.id}/{item.id}" for p in packs for item in (*p.cards, *p.drills)]
    out = await run_console(services, "".join(f"preview {item}\n" for item in ids) + "quit\n")
    assert len(re.findall(r"^Answer: \d\)", out, re.MULTILINE)) == sum(len(p.cards) for p in packs)
    assert len(re.findall(r"^Model justification:$", out, re.MULTILINE)) == sum(len(p.drills) for p in packs)
    assert "No card or drill" not in out
