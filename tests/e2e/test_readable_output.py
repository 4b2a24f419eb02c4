"""What learners read: a day of quiz and drill use, with every message the bot sent checked for raw
ids, Python reprs and exception names, and the wording that tells the learner what to do next."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.clock import FixedClock
from cogs.client import StudyCoachBot
from tests.e2e.conftest import World
from tests.e2e.test_drill_flow import TEXT, answer, configure, post_now, task_message
from tests.e2e.test_quiz import button, click_answer, start
from tests.support.fake_discord import FakeDiscord, FakeMessage

# Mentions, channels and timestamps are markup Discord renders; anything else that looks like an id is noise.
MARKUP = re.compile(r"<(?:@[!&]?|#|t:)\d+(?::[a-zA-Z])?>")
SNOWFLAKE = re.compile(r"\b\d{15,20}\b")
# Anywhere, even inside card and drill text (which may quote code or say "None of these"):
LEAKS = re.compile(r"object at 0x|Traceback \(most recent|datetime\.\w+\(|core-rubrics/")
# In what the bot writes itself (titles, field names, footers, message text, button labels):
REPRS = re.compile(r"\bNone\b|\bTrue\b|\bFalse\b|\w+(?:Error|Exception)\b|[{\[]'")


def texts(message: FakeMessage) -> list[tuple[str, bool]]:
    """Every string a reader sees in a message (and in the versions it replaced), with whether the bot
    wrote it itself rather than quoting content."""
    seen = []
    for data in [*message.history, message.data]:
        seen.append((data.get("content") or "", True))
        for embed in data.get("embeds") or []:
            seen += [(embed.get("title") or "", True), (embed.get("description") or "", False),
                     ((embed.get("footer") or {}).get("text") or "", True)]
            for field in embed.get("fields") or []:
                seen += [(field["name"], True), (field["value"], False)]
        for row in data.get("components") or []:
            for item in row.get("components") or []:
                seen += [(item.get("label") or "", item.get("label") not in ("True", "False")),
                         (item.get("placeholder") or "", True)]
                seen += [(option.get("label") or "", False) for option in item.get("options") or []]
    return [(text, own) for text, own in seen if text]


def assert_readable(message: FakeMessage) -> None:
    for text, own in texts(message):
        plain = MARKUP.sub("", text)
        assert not SNOWFLAKE.search(plain), f"raw id in {text!r}"
        assert not LEAKS.search(plain), f"internals in {text!r}"
        assert not (own and REPRS.search(plain)), f"a Python value in {text!r}"


async def test_a_learners_day_reads_cleanly(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    # The quiz: a right and a wrong answer, Next, End, then the overviews.
    started = await start(server, world)
    assert started.embed["footer"]["text"] == "Card 1 of 10 · Choose one answer."
    right = await click_answer(server, bot, world.learner, started, correct=True)
    fields = {f["name"]: f["value"] for f in right.embed["fields"]}
    assert re.fullmatch(r"Next review in 10 minutes \(<t:\d+:f>\)\.", fields["Comes back"])
    second = await server.click(world.learner, right.message, button(right, "quiz:n:"))
    wrong = await click_answer(server, bot, world.learner, second, correct=False)
    await server.click(world.learner, wrong.message, button(wrong, "quiz:e:"))
    for command in ("quiz stats", "quiz decks", "quiz settings", "drill history", "drill stats"):
        await server.slash(world.learner, world.guild, world.general, command)
    await server.slash(world.learner, world.guild, world.general, "remind set", {"time": "08:00"})

    # The drill: the post, the task, the graded result, history and stats, the reveal the next day.
    await configure(server, world)
    post = await post_now(bot, server, clock, world)
    drill = await server.click(world.learner, post, r"drill:start:\d+")
    task = task_message(drill)
    assert task.content.startswith("Choose your ranking in the menu below (best first)")
    head = drill.message.embeds[0]
    closes = {f["name"]: f["value"] for f in head["fields"]}["Closes"]
    assert re.fullmatch(r"<t:\d+:F> \(<t:\d+:R>\)", closes)  # each learner sees their own time
    result = await answer(server, world.learner, drill)
    model = result.embeds[1]
    assert model["title"] == "Model justification"
    assert re.fullmatch(r"Gold ranking: \*\*[A-D][ >=A-D]*\*\*\n\|\|.+\|\|", model["description"], re.DOTALL)
    await answer(server, world.other, await server.click(world.other, post, r"drill:start:\d+"), text=TEXT)
    history = await server.slash(world.learner, world.guild, world.general, "drill history")
    assert "grading pending" not in history.embed["description"]
    stats = await server.slash(world.learner, world.guild, world.general, "drill stats")
    assert stats.embed["description"].startswith("Based on your last **1** scored drill (up to 30 count):")
    clock.advance(timedelta(days=1))
    await post_now(bot, server, clock, world)
    reveal = next(m for m in server.messages_in(world.drills, include_ephemeral=False)
                  if m.embed and m.embed["title"].startswith("Results:"))
    shares = {f["name"]: f["value"] for f in reveal.embed["fields"]}["Rankings given"]
    assert all(re.fullmatch(r"`[A-D >=]+` — \d+ \(\d+%\)( ✓ gold)?", line) for line in shares.splitlines())

    read_by_learners = [m for m in server.messages.values() if m.channel_id != world.general.id
                        or m.interaction_token is None or m.data["interaction_metadata"]["user"]["id"]
                        != str(world.moderator.id)]
    assert len(read_by_learners) > 15
    for message in read_by_learners:
        assert_readable(message)
    await no_errors()
