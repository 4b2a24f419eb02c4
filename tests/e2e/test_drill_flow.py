"""Daily drills end to end: the scheduled post, Start -> rank -> justify -> graded reply, practice,
restarts and reveals, through the real discord.py client and the local Discord-compatible server.
Scheduled jobs are called directly with the fixed clock; nothing waits on wall time."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from bot.clock import FixedClock
from cogs.client import StudyCoachBot
from tests.e2e.conftest import BotRunner, World
from tests.support.fake_discord import FakeDiscord, FakeMessage, InteractionResult

POST_TIME = datetime(2026, 3, 2, 13, 0, tzinfo=UTC)  # the fixed clock starts at 12:00 UTC
TEXT = ("Response A is better on factual accuracy: it answers the question asked, while Response B invents a "
        "source. B is friendlier, but a made-up citation outweighs tone.")


async def configure(server: FakeDiscord, world: World, **options: object) -> InteractionResult:
    values = {"channel": world.drills, "time": "13:00", "timezone": "UTC", **options}
    return await server.slash(world.moderator, world.guild, world.general, "settings drills", values)


async def post_now(bot: StudyCoachBot, server: FakeDiscord, clock: FixedClock, world: World) -> FakeMessage:
    """What the cron job does at post time, called directly."""
    clock.set(max(clock.now(), POST_TIME))
    assert bot.drill_scheduler is not None
    outcome = await bot.drill_scheduler.run_post_job(world.guild.id)
    assert outcome is not None
    assert outcome.status == "posted", outcome
    return server.message(outcome.message_id or 0)


def task_message(started: InteractionResult) -> FakeMessage:
    """The message carrying the ranking select (the last of the task's messages)."""
    return started.followups[-1] if started.followups else started.message


async def open_form(server: FakeDiscord, user: object, post: FakeMessage) -> InteractionResult:
    """Start -> pick the first ranking -> Write justification: the result that opened the modal."""
    started = await server.click(user, post, r"drill:start:\d+")
    message = task_message(started)
    picked = await server.select(user, message, message.selects[0].custom_id, [message.selects[0].option_values[0]])
    return await server.click(user, picked.message, r"drill:write:.+")


async def answer(server: FakeDiscord, user: object, started: InteractionResult, *, ranking: str | None = None,
                 text: str = TEXT) -> InteractionResult:
    message = task_message(started)
    select = message.selects[0]
    picked = await server.select(user, message, select.custom_id, [ranking or select.option_values[0]])
    assert picked.type == 7  # the same ephemeral message, now with the Write justification button
    write = await server.click(user, picked.message, r"drill:write:.+")
    assert write.modal is not None
    return await server.submit_modal(user, write, values={"drill:justification": text})


async def test_scheduled_post_mentions_only_the_ping_role(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    pingers = world.guild.add_role("Drill pings", 0, mentionable=True)
    await server.refresh_guild(world.guild)
    configured = await configure(server, world, ping_role=pingers)
    assert "scheduled" in configured.text
    assert server.messages_in(world.drills) == []  # 13:00 is still to come
    post = await post_now(bot, server, clock, world)
    assert post.channel_id == world.drills.id
    assert post.embed["title"].startswith("Daily drill: ")
    assert post.mentioned_role_ids == [pingers.id]
    assert not post.mention_everyone
    assert post.mentioned_user_ids == []
    allowed = post.data["allowed_mentions"]
    assert [int(r) for r in allowed["roles"]] == [pingers.id]
    assert not allowed.get("parse")
    assert post.buttons[0].label == "Start drill"
    assert "Closes" in post.text
    await no_errors()


async def test_start_rank_justify_graded_then_practice(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    await configure(server, world)
    post = await post_now(bot, server, clock, world)
    started = await server.click(world.learner, post, r"drill:start:\d+")
    assert started.ephemeral
    shown = [started.message, *started.followups]
    titles = [e.get("title", "") for m in shown for e in m.embeds]
    assert "Response A" in titles
    assert "Response B" in titles
    assert "Scored" in started.text
    result = await answer(server, world.learner, started)
    assert result.ephemeral
    first = result.embeds[0]
    assert "/100" in first["title"]
    assert "points" in first["description"]
    assert any(f["name"].startswith("Key points") for f in first["fields"])
    assert "||" in result.embeds[1]["description"]  # the model justification is a spoiler
    assert not [m for m in server.messages_in(world.drills, include_ephemeral=False) if m.id != post.id]

    again = await server.click(world.learner, post, r"drill:start:\d+")
    assert "already answered" in again.text
    second = await answer(server, world.learner, again)
    assert "Practice" in second.embeds[0]["description"]
    assert "points" not in second.embeds[0]["description"]
    history = await server.slash(world.learner, world.guild, world.general, "drill history")
    assert history.ephemeral
    assert history.embed["description"].count("/100") == 2
    assert "practice" in history.embed["description"]
    await no_errors()


async def test_a_tie_and_every_ordering_are_offered(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    await configure(server, world)
    queued = await server.slash(world.moderator, world.guild, world.general, "drill queue",
                                {"drill": "core-rubrics/dr-math-07"})
    assert "posted next" in queued.content
    post = await post_now(bot, server, clock, world)
    started = await server.click(world.other, post, r"drill:start:\d+")
    select = task_message(started).selects[0]
    assert len(select.option_values) == 13  # three responses, ties allowed: every ordering
    result = await answer(server, world.other, started, ranking="A=C>B")
    assert "matches the gold" in result.embeds[0]["description"]
    await no_errors()


async def test_restart_the_same_day_posts_nothing_and_start_still_works(
    runner: BotRunner, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    bot = await runner.start()
    await configure(server, world, time="09:00")  # already due at 12:00: posted at once
    posts = server.messages_in(world.drills, include_ephemeral=False)
    assert len(posts) == 1
    clock.advance(timedelta(hours=3))
    bot = await runner.restart()
    assert bot.drill_scheduler is not None
    await bot.drill_scheduler.wait_caught_up()
    assert (await bot.drill_scheduler.run_post_job(world.guild.id)).status == "already-posted"
    assert len(server.messages_in(world.drills, include_ephemeral=False)) == 1
    started = await server.click(world.learner, posts[0], r"drill:start:\d+")  # a persistent button
    result = await answer(server, world.learner, started)
    assert "/100" in result.embeds[0]["title"]
    await no_errors()


async def test_down_at_post_time_posts_on_start(
    runner: BotRunner, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    bot = await runner.start()
    await configure(server, world)
    await runner.stop()
    clock.set(datetime(2026, 3, 2, 20, 0, tzinfo=UTC))  # the bot was down at 13:00; the day is not over
    bot = await runner.start()
    assert bot.drill_scheduler is not None
    await bot.drill_scheduler.wait_caught_up()
    assert len(server.messages_in(world.drills, include_ephemeral=False)) == 1
    await no_errors()


async def test_reveal_after_the_next_post(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    await configure(server, world)
    first = await post_now(bot, server, clock, world)
    for user in (world.learner, world.other):
        await answer(server, user, await server.click(user, first, r"drill:start:\d+"))
    clock.advance(timedelta(days=1))
    second = await post_now(bot, server, clock, world)
    posts = server.messages_in(world.drills, include_ephemeral=False)
    reveal = next(m for m in posts if m.embed and m.embed["title"].startswith("Results:"))
    assert int(reveal.data["message_reference"]["message_id"]) == first.id
    assert posts.index(reveal) < posts.index(second)  # yesterday's results, then today's drill
    assert "2** participants" in reveal.embed["description"]
    fields = {f["name"]: f["value"] for f in reveal.embed["fields"]}
    assert "**Model justification**" in reveal.embed["description"]
    assert "Rankings given" in fields
    assert any(name.startswith("Community agreement") for name in fields)
    assert not reveal.mentioned_role_ids
    # Yesterday's Start button now gives practice.
    late = await server.click(world.learner, first, r"drill:start:\d+")
    assert "closed" in late.text
    await no_errors()


async def test_drill_today_practice_and_stats(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    missing = await server.slash(world.learner, world.guild, world.general, "drill today")
    assert missing.ephemeral
    assert "no daily drill yet" in missing.content
    await configure(server, world)
    await post_now(bot, server, clock, world)
    today = await server.slash(world.learner, world.guild, world.general, "drill today")
    assert today.ephemeral
    await answer(server, world.learner, today)
    stats = await server.slash(world.learner, world.guild, world.general, "drill stats")
    assert "scored drill" in stats.embed["description"]
    assert any(f["name"] == "Average per criterion" for f in stats.embed["fields"])

    practice = await server.slash(world.learner, world.guild, world.general, "drill practice",
                                  {"dimension": "harmlessness", "difficulty": 2})
    assert "Practice drill" in practice.text
    result = await answer(server, world.learner, practice)
    assert "not scored" in result.embeds[0]["description"]
    await no_errors()


async def test_grading_failure_keeps_the_attempt(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, monkeypatch, caplog
) -> None:
    from bot.services import drill_attempts

    await configure(server, world)
    post = await post_now(bot, server, clock, world)
    started = await server.click(world.learner, post, r"drill:start:\d+")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("grader bug")

    monkeypatch.setattr(drill_attempts, "grade", broken)
    result = await answer(server, world.learner, started)
    assert "saved" in result.embeds[0]["description"]
    assert "graded again automatically" in result.embeds[0]["description"]
    monkeypatch.undo()
    history = await server.slash(world.learner, world.guild, world.general, "drill history")  # grades on retry
    assert "/100" in history.embed["description"]
    assert "+" in history.embed["description"]  # the scored attempt earned its points once graded
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 1  # the grading failure, logged for the operator; nothing else went wrong
    assert errors[0].startswith("grading attempt")


async def test_moderator_queue_and_upcoming(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    refused = await server.slash(world.learner, world.guild, world.general, "drill upcoming")
    assert "for moderators" in refused.content
    refused = await server.slash(world.learner, world.guild, world.general, "drill queue",
                                 {"drill": "core-rubrics/dr-math-07"})
    assert "for moderators" in refused.content
    choices = await server.autocomplete(world.moderator, world.guild, world.general, "drill queue",
                                        {"drill": "math-0"})
    assert choices
    assert all("math-0" in c["value"] for c in choices)
    unknown = await server.slash(world.moderator, world.guild, world.general, "drill queue",
                                 {"drill": "core-rubrics/dr-math-70"})
    assert "No live drill" in unknown.content
    await configure(server, world)
    await server.slash(world.moderator, world.guild, world.general, "drill queue", {"drill": choices[0]["value"]})
    upcoming = await server.slash(world.moderator, world.guild, world.general, "drill upcoming")
    lines = upcoming.embed["description"].splitlines()
    assert len(lines) == 7
    assert choices[0]["value"] in lines[0]
    assert "queued" in lines[0]
    await no_errors()


async def test_the_chosen_ranking_survives_a_restart_before_the_modal(
    runner: BotRunner, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    bot = await runner.start()
    await configure(server, world)
    post = await post_now(bot, server, clock, world)
    started = await server.click(world.learner, post, r"drill:start:\d+")
    message = task_message(started)
    select = message.selects[0]
    picked = await server.select(world.learner, message, select.custom_id, [select.option_values[-1]])
    write = await server.click(world.learner, picked.message, r"drill:write:.+")
    await runner.restart()  # the modal is open in the learner's client while the bot restarts
    result = await server.submit_modal(world.learner, write, values={"drill:justification": TEXT})
    assert "/100" in result.embeds[0]["title"]
    assert select.option_values[-1].replace(">", " > ") in result.text or "matches the gold" in result.text
    # And a Write button pressed after the restart opens the modal from its custom_id alone.
    again = await server.click(world.learner, picked.message, r"drill:write:.+")
    assert again.modal is not None
    await no_errors()


async def test_refusals_in_the_flow(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    from bot.publishing import DrillAnnouncement
    from cogs.drills import DiscordDrillPublisher

    await configure(server, world)
    post = await post_now(bot, server, clock, world)
    write = await open_form(server, world.learner, post)
    short = await server.submit_modal(world.learner, write, values={"drill:justification": "Too short."}, force=True)
    assert short.ephemeral
    assert "Nothing was saved" in short.content
    assert await bot.services.drill_attempts.history(world.guild.id, world.learner.id) == []

    # A Start button whose post is gone (e.g. the database was restored from an older backup).
    stale = DrillAnnouncement(post_id=987654, guild_id=world.guild.id, drill_id="core-rubrics/dr-math-07", title="Old",
                              prompt="Old prompt", domain="math", difficulty=1, dimensions=["Reasoning"],
                              response_count=3, local_date=POST_TIME.date(), closes_at=POST_TIME)
    stale_id = await DiscordDrillPublisher(bot).post_drill(world.drills.id, stale)
    refused = await server.click(world.learner, server.message(stale_id), r"drill:start:\d+")
    assert refused.ephemeral
    assert "no longer exists" in refused.content
    await no_errors()


async def test_empty_states_and_a_practice_filter_with_no_match(
    bot: StudyCoachBot, server: FakeDiscord, world: World, no_errors
) -> None:
    history = await server.slash(world.learner, world.guild, world.general, "drill history")
    assert "No drill attempts yet" in history.embed["description"]
    stats = await server.slash(world.learner, world.guild, world.general, "drill stats")
    assert "No scored drills yet" in stats.embed["description"]
    live = await bot.services.drill_posts.search_live("", limit=1000)
    dimension, level = next((dim, level) for dim in ("formatting", "tone", "citations", "honesty")
                            for level in (1, 2, 3)
                            if not any(dim in d.dimensions and d.difficulty == level for d in live))
    refused = await server.slash(world.learner, world.guild, world.general, "drill practice",
                                 {"dimension": dimension, "difficulty": level})
    assert refused.ephemeral
    assert "No drill matches" in refused.content
    await no_errors()
