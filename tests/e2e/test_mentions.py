"""Nobody is pinged by what users type. Values echoed in refusals (a deck, a drill id, a time, a
timezone), a justification full of mentions, and every message the bot sends along the way carry
explicit allowed mentions that ping nobody; the daily post may ping the configured role, and only it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from bot.clock import FixedClock
from cogs.client import StudyCoachBot
from tests.e2e.conftest import World
from tests.e2e.test_drill_flow import configure, post_now, task_message
from tests.support.fake_discord import Call, FakeDiscord, FakeMessage


def pings(world: World) -> str:
    return f"<@{world.other.id}> <@!{world.moderator.id}> <@&{world.mod_role.id}> @everyone @here"


def assert_pings_nobody(message: FakeMessage) -> None:
    assert not message.mention_everyone
    assert message.mentioned_user_ids == []
    assert message.mentioned_role_ids == []


def message_bodies(server: FakeDiscord) -> Iterator[tuple[Call, dict[str, Any]]]:
    """Every message the bot created or edited: interaction callbacks, follow-ups and channel posts."""
    for call in server.calls:
        if call.method not in ("POST", "PATCH") or call.status >= 400:
            continue
        body = call.json or {}
        if call.path.endswith("/callback"):
            if int(body.get("type", 0)) not in (4, 7):  # messages and updates; not defers, modals, autocomplete
                continue
            body = body.get("data") or {}
        elif not ("/messages" in call.path or call.path.startswith("/webhooks/")):
            continue
        if "content" in body or "embeds" in body:
            yield call, body


async def test_echoed_input_and_justifications_ping_nobody(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    hostile = pings(world)
    refusals = [
        await server.slash(world.learner, world.guild, world.general, "quiz start", {"deck": hostile}),
        await server.slash(world.learner, world.guild, world.general, "quiz settings", {"timezone": hostile}),
        await server.slash(world.learner, world.guild, world.general, "remind set", {"time": hostile}),
        await server.slash(world.moderator, world.guild, world.general, "drill queue", {"drill": hostile}),
        await server.slash(world.moderator, world.guild, world.general, "settings drills",
                           {"channel": world.drills, "time": "13:00", "timezone": hostile}),
        await server.slash(world.moderator, world.guild, world.general, "settings drills",
                           {"channel": world.drills, "time": "13:00", "days": hostile}),
    ]
    for refused in refusals:
        assert refused.ephemeral
        assert "@everyone" in refused.content or str(world.other.id) in refused.content, refused.content
        assert_pings_nobody(refused.message)

    pingers = world.guild.add_role("Drill pings", 0, mentionable=True)
    await server.refresh_guild(world.guild)
    configured = await configure(server, world, ping_role=pingers)
    assert_pings_nobody(configured.message)  # the confirmation names the role without pinging it
    post = await post_now(bot, server, clock, world)
    assert post.mentioned_role_ids == [pingers.id]  # the one ping the bot may send

    started = await server.click(world.learner, post, r"drill:start:\d+")
    message = task_message(started)
    picked = await server.select(world.learner, message, message.selects[0].custom_id,
                                 [message.selects[0].option_values[0]])
    assert_pings_nobody(picked.message)
    write = await server.click(world.learner, picked.message, r"drill:write:.+")
    justification = (f"Response A is better on factual accuracy, ask {hostile}. Response B invents a source "
                     "and that outweighs its friendlier tone.")
    result = await server.submit_modal(world.learner, write, values={"drill:justification": justification})
    assert "/100" in result.embeds[0]["title"]
    assert_pings_nobody(result.message)

    for call, body in message_bodies(server):
        allowed = body.get("allowed_mentions")
        assert allowed is not None, f"{call.method} {call.path} relies on Discord's default mentions"
        assert not allowed.get("parse"), f"{call.method} {call.path} parses mentions: {allowed}"
        assert not allowed.get("users"), f"{call.method} {call.path} may ping users: {allowed}"
        assert [int(r) for r in allowed.get("roles") or []] in ([], [pingers.id])
    for sent in server.messages.values():
        if sent.id != post.id:
            assert_pings_nobody(sent)
    await no_errors()
