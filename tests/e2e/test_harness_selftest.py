"""Self-test of the fake Discord server: the real discord.py client against tests/support/fake_discord.

A tiny bot (tests/support/harness_selftest_bot.py) exercises every harness feature the studycoach e2e
tests rely on. If one of these fails, fix the harness before trusting any other e2e test.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

import discord
import pytest

from tests.support.fake_discord import (
    FakeAttachment,
    FakeChannel,
    FakeDiscord,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    Perm,
    running_client,
    start_client,
    stop_client,
)
from tests.support.harness_selftest_bot import SelftestBot


@dataclass
class World:
    server: FakeDiscord
    bot: SelftestBot
    guild: FakeGuild
    general: FakeChannel
    locked: FakeChannel
    no_embeds: FakeChannel
    mods: FakeRole
    alice: FakeMember  # moderator (Manage Server)
    bob: FakeMember  # plain member
    carol: FakeMember  # DMs closed


def build_guild(bot_user: FakeUser) -> tuple[FakeGuild, dict[str, object]]:
    guild = FakeGuild(name="Study Hall")
    general = guild.add_channel("general")
    locked = guild.add_channel("locked").deny(bot_user, Perm.SEND_MESSAGES | Perm.EMBED_LINKS)
    no_embeds = guild.add_channel("no-embeds").deny(bot_user, Perm.EMBED_LINKS)
    mods = guild.add_role("Mods", Perm.MANAGE_GUILD)
    alice = guild.add_member(FakeUser("alice"), roles=[mods])
    bob = guild.add_member("bob")
    carol = guild.add_member(FakeUser("carol", dms_open=False))
    return guild, {"general": general, "locked": locked, "no_embeds": no_embeds, "mods": mods,
                   "alice": alice, "bob": bob, "carol": carol}


@pytest.fixture
async def world() -> AsyncIterator[World]:
    bot_user = FakeUser("selftest-bot", bot=True)
    guild, parts = build_guild(bot_user)
    async with FakeDiscord.running(guilds=[guild], bot=bot_user) as server:
        bot = SelftestBot(guild.id)
        async with running_client(bot, server.token):
            yield World(server=server, bot=bot, guild=guild, **parts)  # type: ignore[arg-type]


@pytest.fixture(autouse=True)
def _no_error_logs(caplog: pytest.LogCaptureFixture) -> None:
    yield
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage() for r in errors]


async def test_startup_sync_and_guild_cache(world: World) -> None:
    server, bot, guild = world.server, world.bot, world.guild
    paths = [(c.method, c.path) for c in server.calls]
    assert paths[:2] == [("GET", "/users/@me"), ("GET", "/oauth2/applications/@me")]
    assert ("PUT", f"/applications/{server.application_id}/guilds/{guild.id}/commands") in paths
    assert all(c.headers["Authorization"] == "Bot test-token" for c in server.calls)
    assert set(server.commands_for(guild)) == {"quiz", "feedback", "whoami", "post", "Study buddy"}
    assert set(server.commands_for(None)) == {"remind"}
    quiz = server.commands_for(guild)["quiz"]
    assert [o["name"] for o in quiz["options"]] == ["start", "slow", "long"]
    assert server.identify is not None
    assert server.identify["intents"] == discord.Intents.default().value

    cached = bot.get_guild(guild.id)
    assert cached is not None
    assert cached.me is not None
    assert cached.me.id == server.bot.id
    general = cached.get_channel(world.general.id)
    locked = cached.get_channel(world.locked.id)
    no_embeds = cached.get_channel(world.no_embeds.id)
    assert isinstance(general, discord.TextChannel)
    assert isinstance(locked, discord.TextChannel)
    assert isinstance(no_embeds, discord.TextChannel)
    assert general.permissions_for(cached.me).send_messages
    assert not locked.permissions_for(cached.me).send_messages
    assert no_embeds.permissions_for(cached.me).send_messages
    assert not no_embeds.permissions_for(cached.me).embed_links
    # the harness' own permission maths agrees with discord.py's (which drops voice bits in text channels)
    text_only = ~discord.Permissions.voice().value
    for ch in (world.general, world.locked, world.no_embeds):
        real = cached.get_channel(ch.id)
        assert isinstance(real, discord.TextChannel)
        assert real.permissions_for(cached.me).value == guild.permissions_for(server.bot, ch) & text_only


async def test_slash_subcommand_with_typed_options(world: World) -> None:
    server, g = world.server, world.guild
    res = await server.slash(world.bob, g, world.general, "quiz start", {
        "deck": "basics", "count": 3, "hard": True, "buddy": world.alice, "where": world.general,
        "role": world.mods, "weight": 0.5, "upload": FakeAttachment("notes.txt", b"hello"),
    })
    assert res.type == 4
    assert res.ephemeral
    assert res.content == ("deck=basics count=3 hard=True buddy=alice:Member where=general role=Mods "
                           "weight=0.5 upload=notes.txt:hello")
    data = res.payload["data"]
    assert data["name"] == "quiz"
    assert data["options"][0]["name"] == "start"
    assert data["options"][0]["type"] == 1
    types = {o["name"]: o["type"] for o in data["options"][0]["options"]}
    assert types == {"deck": 3, "count": 4, "hard": 5, "buddy": 6, "where": 7, "role": 8, "weight": 10,
                     "upload": 11}
    assert set(data["resolved"]) == {"users", "members", "channels", "roles", "attachments"}
    assert res.message is not None
    assert res.message_id == res.message.id
    assert [b.custom_id for b in res.buttons] == ["quiz:reveal", "quiz:skip", "quiz:report"]
    assert res.selects[0].option_values == ["a", "b", "c", "d"]
    assert res.response_time is not None
    assert res.response_time < 1

    with pytest.raises(KeyError, match="unknown option"):
        await server.slash(world.bob, g, world.general, "quiz start", {"deck": "x", "nope": 1})
    with pytest.raises(ValueError, match="missing required"):
        await server.slash(world.bob, g, world.general, "quiz start", {})
    with pytest.raises(LookupError, match="is a group"):
        await server.slash(world.bob, g, world.general, "quiz")


async def test_button_and_select_edit_the_message(world: World) -> None:
    server, g = world.server, world.guild
    res = await server.slash(world.bob, g, world.general, "quiz start", {"deck": "bias"})
    clicked = await server.click(world.bob, res.message, "quiz:reveal")
    assert clicked.type == 7
    assert clicked.message is res.message
    assert clicked.payload["message"]["id"] == str(res.message_id)
    assert res.message.content == "answer: B"
    assert res.message.edited
    assert res.message.component("quiz:reveal").disabled
    assert len(res.message.history) == 1
    with pytest.raises(ValueError, match="disabled"):
        await server.click(world.bob, res, "quiz:reveal")

    picked = await server.select(world.bob, res, "quiz:answer", ["c"])
    assert picked.type == 7
    assert picked.content == "you picked c"
    with pytest.raises(ValueError, match="not among the options"):
        await server.select(world.bob, res, "quiz:answer", ["z"])

    # interaction_check: someone else's quiz
    other = await server.click(world.alice, res, "quiz:reveal", force=True)
    assert other.type == 4
    assert other.ephemeral
    assert other.content == "not your quiz"


async def test_defer_then_followups(world: World) -> None:
    res = await world.server.slash(world.bob, world.guild, world.general, "quiz slow")
    assert res.type == 5
    assert res.deferred
    await res.wait_followups(2)
    first, second = res.followups
    assert first is res.message  # the first follow-up fills the "thinking" message
    assert res.ephemeral
    assert res.content == "slow result"
    assert res.embed is not None
    assert (res.embed["title"], res.embed["description"]) == ("Result", "done")
    assert not first.loading
    assert second.content == "extra note"
    assert second.ephemeral
    assert second.id != first.id
    assert [c.query.get("wait") for c in res.calls[1:]] == ["1", "1"]


async def test_modal_roundtrip(world: World) -> None:
    server = world.server
    opened = await server.slash(world.bob, world.guild, world.general, "feedback")
    assert opened.type == 9
    assert opened.modal is not None
    assert opened.modal.title == "Feedback"
    assert opened.modal.custom_id == "fb:modal"
    assert [(i.custom_id, i.label) for i in opened.modal.inputs] == [
        ("fb:summary", "Summary"), ("fb:detail", "Detail"), ("fb:mood", "Mood")]
    with pytest.raises(ValueError, match="required"):
        await server.submit_modal(world.bob, opened, values={"fb:mood": ["good"]})
    with pytest.raises(ValueError, match="length"):
        await server.submit_modal(world.bob, opened, values={"fb:summary": "x" * 101, "fb:mood": "meh"})
    done = await server.submit_modal(world.bob, opened, values={"fb:summary": "great", "fb:mood": "meh"})
    assert done.type == 4
    assert done.ephemeral
    assert done.content == "thanks: great / - / meh"


async def test_autocomplete(world: World) -> None:
    choices = await world.server.autocomplete(world.bob, world.guild, world.general, "quiz start", {"deck": "h"})
    assert choices == [{"name": "Helpfulness", "value": "helpfulness"},
                       {"name": "Honesty", "value": "honesty"},
                       {"name": "Harmlessness", "value": "harmlessness"}]


async def test_permissions_dms_and_failures(world: World) -> None:
    server, g = world.server, world.guild
    assert (await server.slash(world.alice, g, world.general, "whoami")).content == "moderator"
    assert (await server.slash(world.bob, g, world.general, "whoami")).content == "member"
    # default_member_permissions hides /post from plain members; the bot checks too
    with pytest.raises(PermissionError):
        await server.slash(world.bob, g, world.general, "post", {"channel": world.general, "text": "hi"})
    res = await server.slash(world.bob, g, world.general, "post", {"channel": world.general, "text": "hi"},
                             force=True)
    assert res.content == "moderators only"

    # bot lacks Send Messages: 403 / 50013
    res = await server.slash(world.alice, g, world.general, "post", {"channel": world.locked, "text": "hi"})
    assert res.followups[0].content == "cannot post there (50013)"
    assert server.messages_in(world.locked) == []
    # bot lacks Embed Links: the post goes out without its embed, as on Discord
    res = await server.slash(world.alice, g, world.general, "post", {"channel": world.no_embeds, "text": "hi"})
    assert res.followups[0].content.endswith("embeds=0")
    assert server.messages_in(world.no_embeds)[0].embeds == []
    # an injected failure
    rule = server.fail_next("POST", rf"/channels/{world.general.id}/messages", code=50001, message="Missing Access")
    res = await server.slash(world.alice, g, world.general, "post", {"channel": world.general, "text": "hi"})
    assert res.followups[0].content == "cannot post there (50001)"
    assert rule.hits == 1

    # DMs: closed (HTTP 403, code 50007) and open
    res = await server.slash(world.alice, g, world.general, "remind", {"user": world.carol})
    assert res.content == "cannot DM carol (50007)"
    dm_post = server.calls_to("POST", rf"/channels/{server.dm_channel(world.carol).id}/messages")[0]
    assert dm_post.status == 403
    assert dm_post.response == {
        "message": "Cannot send messages to this user", "code": 50007}
    res = await server.slash(world.alice, g, world.general, "remind", {"user": world.bob})
    assert res.content == "reminded bob"
    assert [m.content for m in server.dm_messages(world.bob)] == ["time to study"]
    # a slash command in a DM with the bot (global command)
    res = await server.slash(world.bob, None, None, "remind", {"user": world.alice})
    assert res.content == "reminded alice"
    assert res.message.channel_id == server.dm_channel(world.bob).id
    assert "user" in res.payload
    assert "member" not in res.payload
    with pytest.raises(LookupError, match="not synced"):  # guild commands don't exist in DMs
        await server.slash(world.bob, None, None, "whoami")


async def test_channel_post_dynamic_item_attachment_and_restart(world: World) -> None:
    server, g = world.server, world.guild
    res = await server.slash(world.alice, g, world.general, "post",
                             {"channel": world.general, "text": f"hello {world.mods.mention}", "chart": True})
    assert res.type == 5
    assert res.followups[0].content.startswith("posted ")
    call = server.calls_to("POST", rf"/channels/{world.general.id}/messages")[-1]
    assert call.form is not None
    assert "payload_json" in call.form
    assert call.json["allowed_mentions"] == {"parse": []}
    assert [(f.filename, f.data) for f in call.files] == [("chart.png", b"\x89PNG fake")]
    (post,) = server.messages_in(world.general, include_ephemeral=False)
    assert post.attachments[0]["filename"] == "chart.png"
    assert post.mentioned_role_ids == []
    assert post.embed is not None
    assert post.embed["title"] == "Announcement"
    assert post.component("ack:7").label == "Acknowledge"

    ack = await server.click(world.bob, post, "ack:7")
    assert ack.content == "acknowledged post 7"
    assert ack.ephemeral

    # a new process of the bot: the persistent button still works, and nothing is re-synced
    await stop_client(world.bot)
    mark = server.mark()
    bot2 = SelftestBot(g.id, sync=False)
    await start_client(bot2, server.token)
    try:
        assert server.calls_to("PUT", r".*/commands")[-1].index < mark
        ack = await server.click(world.alice, post, r"ack:\d+")
        assert ack.content == "acknowledged post 7"
    finally:
        await stop_client(bot2)


async def test_scheduled_post_wait_for_call_and_unknown_route(world: World) -> None:
    server = world.server
    mark = server.mark()

    async def scheduled_job() -> discord.Message:
        await asyncio.sleep(0.02)
        return await world.bot.post_daily(world.general.id)

    job = asyncio.create_task(scheduled_job())
    call = await server.wait_for_call("POST", rf"/channels/{world.general.id}/messages", after=mark, timeout=2)
    assert (await job).id == int(call.response["id"])
    assert call.status == 200
    assert call.json["allowed_mentions"] == {"parse": []}
    msg = server.messages_in(world.general)[-1]
    assert not msg.mention_everyone
    assert msg.mentioned_role_ids == []

    # a user's message: without the message content intent the bot sees no content, as on Discord
    waiter = asyncio.create_task(world.bot.wait_for("message", timeout=2))
    sent = await server.user_message(world.bob, world.general, "secret")
    received = await waiter
    assert received.id == sent.id
    assert received.content == ""
    assert sent.content == "secret"

    with pytest.raises(discord.NotFound):
        await world.bot.http.request(discord.http.Route("GET", "/nonexistent/thing"))
    assert server.calls[-1].path == "/nonexistent/thing"
    assert server.calls[-1].status == 404


async def test_gateway_resume(world: World) -> None:
    server = world.server
    await server.disconnect(code=4000)
    await server.wait_until_connected()
    assert any(direction == "recv" and p["op"] == 6 for direction, p in server.gateway_log)
    res = await server.slash(world.bob, world.guild, world.general, "whoami")
    assert res.content == "member"


async def test_entity_select_deferred_update_modal_from_button_and_context_menu(world: World) -> None:
    server, g = world.server, world.guild
    res = await server.slash(world.bob, g, world.general, "quiz start", {"deck": "bias"})
    buddies = await server.select(world.bob, res, "quiz:buddy", [world.alice, world.carol.id])
    assert buddies.content == "buddies alice,carol"
    assert set(buddies.payload["data"]["resolved"]["members"]) == {str(world.alice.id), str(world.carol.id)}

    opened = await server.click(world.bob, res, "quiz:report")
    assert opened.type == 9
    assert opened.modal is not None
    assert opened.modal.title == "Report a card"
    with pytest.raises(ValueError, match="length"):
        await server.submit_modal(world.bob, opened, values={"report:reason": "no"})
    reported = await server.submit_modal(world.bob, opened, values={"report:reason": "typo in B"})
    assert reported.type == 7
    assert reported.message is res.message
    assert reported.payload["message"]["id"] == str(res.message_id)
    assert res.message.content == "reported: typo in B"
    assert res.message.components == []

    res = await server.slash(world.bob, g, world.general, "quiz start", {"deck": "bias"})
    skipped = await server.click(world.bob, res, "quiz:skip")
    assert skipped.type == 6
    assert skipped.message is res.message
    assert [c.method for c in skipped.edits] == ["PATCH"]
    assert skipped.edits[0].path.endswith("/messages/@original")
    assert res.content == "skipped"
    assert res.buttons == []

    menu = await server.context_menu(world.bob, g, world.general, "Study buddy", world.alice)
    assert menu.content == "alice is your buddy"


async def test_strict_limits_and_the_three_second_rule(world: World, caplog: pytest.LogCaptureFixture) -> None:
    server, g = world.server, world.guild
    res = await server.slash(world.bob, g, world.general, "quiz long")
    assert res.content == "rejected 400/50035"
    rejected = res.calls[0]
    assert rejected.status == 400
    assert rejected.response["errors"]["content"]["_errors"]

    server.interaction_deadline = 0.0  # every answer is "too late"
    with pytest.raises(AssertionError, match=r"(?s)10062.*Ignoring exception in command 'whoami'.*NotFound"):
        await server.slash(world.bob, g, world.general, "whoami")  # fails fast: the handler crashed
    assert len(server.errors) == 1
    caplog.clear()  # that error was the point
