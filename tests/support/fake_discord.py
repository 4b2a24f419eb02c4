"""A local Discord-compatible server for end-to-end tests of the real discord.py client.

``FakeDiscord`` is an aiohttp app on 127.0.0.1 (ephemeral port) that speaks enough of Discord's REST
API (``/api/v10``) and gateway (``/gateway``, plain-text JSON frames) for discord.py 2.7 to log in,
sync its command tree, receive interactions and answer them. Tests drive the bot the way a user
would (slash commands, buttons, selects, modals) and assert on what the bot sent. Offline, loopback
only, fast (an interaction round trip is a few milliseconds).

Quick start::

    from tests.support.fake_discord import FakeDiscord, FakeGuild, FakeUser, Perm, running_client

    async def test_quiz(caplog):
        guild = FakeGuild(name="Study Hall")
        general = guild.add_channel("general")
        mods = guild.add_role("Mods", Perm.MANAGE_GUILD)
        alice = guild.add_member(FakeUser("alice"), roles=[mods])   # a moderator
        bob = guild.add_member("bob")                                # a plain member
        async with FakeDiscord.running(guilds=[guild]) as server:     # also patches discord.py
            bot = make_bot(guild_ready_timeout=0.05)
            async with running_client(bot, server.token):            # start, wait for on_ready, close
                res = await server.slash(bob, guild, general, "quiz start", {"deck": "basics"})
                assert res.ephemeral and "basics" in res.content
                res2 = await server.click(bob, res.message, "quiz:reveal")
                assert res2.type == 7 and res2.message.buttons[0].disabled
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

Setting up the world (``tests/support/discord_models.py``; all dataclasses, ids auto-generated):

- ``FakeUser(username, id=..., bot=False, dms_open=True, locale="en-US")`` - ``dms_open=False``
  makes DMs to that user fail with 403 / 50007 ("Cannot send messages to this user").
- ``FakeGuild(name, id=..., owner_id=..., everyone_permissions=Perm.DEFAULT_EVERYONE)``; its @everyone
  role (id == guild id) is created for you; the owner is, by default, nobody in the member list.
  ``guild.add_role(name, permissions, **kw) -> FakeRole``,
  ``guild.add_channel(name, type=0, **kw) -> FakeChannel``,
  ``guild.add_member(user_or_name, roles=[...]) -> FakeMember``,
  ``guild.member(uid)``, ``guild.channel(cid)``, ``guild.role(rid)``,
  ``guild.permissions_for(member, channel=None) -> int`` (Discord's algorithm).
- ``channel.deny(target, perms)`` / ``channel.allow(target, perms)`` add permission overwrites for a
  role, member or user (e.g. ``ch.deny(server.bot, Perm.SEND_MESSAGES | Perm.EMBED_LINKS)``; to use
  the bot before the server exists, create ``bot = FakeUser("studycoach", bot=True)`` and pass
  ``FakeDiscord(bot=bot)``).
- ``Perm``: permission bits (``Perm.MANAGE_GUILD`` == 0x20, ``SEND_MESSAGES``, ``EMBED_LINKS``...).
- ``FakeAttachment(filename, data, content_type)``: a value for attachment (type 11) options.

Server (``FakeDiscord``):

- ``FakeDiscord(guilds=(), *, bot=None, users=(), token="test-token", strict=True,
  enforce_permissions=True, interaction_deadline=3.0, settle=0.05)``;
  ``await server.start()`` / ``await server.stop()``, or
  ``async with FakeDiscord.running(guilds=[...], patch=True, **kw) as server``.
  The bot joins every guild as a member (no roles) unless it is there already.
- Pointing discord.py at it: ``FakeDiscord.running(patch=True)`` does it for the block; otherwise
  ``with server.patched(): ...`` or ``server.patch_discord(monkeypatch)``. They set
  ``discord.http.Route.BASE`` and ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``.
- ``server.port``, ``server.base_url``, ``server.bot`` (FakeUser), ``server.application_id``
  (== the bot's id), ``server.token``, ``server.guilds``, ``server.add_user(user)`` (a user known
  outside any guild, e.g. for DMs), ``await server.wait_until_connected()`` (a client identified).
- ``strict``: reject what Discord rejects (HTTP 400 / 50035 with ``errors``): content > 2000, embed
  limits, > 5 rows / 5 buttons, > 25 options or choices, custom_id length/duplicates, modal title or
  label > 45, empty messages, invalid command names. ``enforce_permissions``: channel posts need View
  Channel (else 403/50001) and Send Messages (403/50013), files need Attach Files (403/50013), and
  embeds are silently dropped without Embed Links, as Discord does. Interaction responses are exempt.
- ``interaction_deadline``: a callback later than this after dispatch gets 404/10062 Unknown
  interaction (Discord's 3-second rule; set it low to test that slow commands defer).

Driving the bot (each dispatches INTERACTION_CREATE over the gateway and waits until the bot has
answered - the callback POST arrived; for a deferred (type 5) response also until the original was
filled by an edit or the first follow-up - then until the handler tasks discord.py started for it
(command, view, modal, dynamic item, event listeners) have finished, or, while one still runs (a
``view.wait()``), until no REST call arrived for ``settle`` seconds; ``wait=False`` returns at once;
raises ``AssertionError`` after ``timeout``, or at once when a handler crashed, with the 4xx
responses the bot got and the tracebacks discord.py logged):

- ``await server.slash(user, guild, channel, "group sub", options=None, *, force=False, wait=True,
  timeout=5.0, settle=None, locale=None) -> InteractionResult``. ``guild``/``channel`` None (or a
  DM channel) = a DM with the bot. Options are typed from the synced command definitions (string 3,
  integer 4, boolean 5, user 6, channel 7, role 8, mentionable 9, number 10, attachment 11) and
  ``resolved`` is filled for users/members, channels, roles and attachments (pass FakeUser/FakeMember,
  FakeChannel, FakeRole, FakeAttachment or ids). Unknown/missing-required options raise. Like the
  Discord client, a user lacking the command's ``default_member_permissions`` can't invoke it
  (``PermissionError``) unless ``force=True``.
- ``await server.autocomplete(user, guild, channel, "quiz start", options, focused=None) -> list``
  of choices (``[{"name", "value"}]``); ``focused`` defaults to the last option given.
- ``await server.context_menu(user, guild, channel, name, target)``: user (target FakeUser/Member)
  or message (target FakeMessage) commands.
- ``await server.click(user, message, custom_id, *, force=False, ...)``: ``message`` is a
  FakeMessage, an InteractionResult (its ``message``) or a message id; ``custom_id`` is exact or a
  regex full match. Disabled buttons raise unless ``force``.
- ``await server.select(user, message, custom_id, values, *, force=False, ...)``: string selects
  check values against the options; user/role/channel selects take objects or ids (+ ``resolved``).
- ``await server.submit_modal(user, origin, custom_id=None, values=None, *, force=False, ...)``:
  ``origin`` is the InteractionResult that opened the modal (its ``modal`` gives the structure, its
  channel and message are reused); ``values`` maps input custom_id -> str (text input) or list
  (select). Required inputs and length limits are checked unless ``force``.
- ``await server.user_message(user, channel, content)``: dispatch MESSAGE_CREATE from a user.
- ``await server.dispatch(event, data)``: send any gateway event; ``await server.refresh_guild(guild)``
  re-sends GUILD_CREATE (after changing roles/channels/overwrites), ``await server.add_guild(guild)``;
  ``await server.disconnect(code=4000)`` drops the gateway (discord.py resumes).

``InteractionResult`` (``tests/support/discord_results.py``): ``type`` (callback type 4 message,
5 deferred, 6 deferred update, 7 update, 8 autocomplete, 9 modal), ``data`` (callback data as sent),
``content``, ``embeds``, ``embed``, ``text`` (content + embed texts), ``components`` (raw),
``items``/``buttons``/``selects`` (flat ``UIItem``: ``custom_id, label, disabled, style, url,
options, option_values, placeholder, min_values, max_values, raw``), ``component(custom_id=None,
label=None)``, ``flags``, ``ephemeral``, ``modal`` (``FakeModal``: ``title, custom_id, components,
inputs``), ``choices``, ``message`` (``FakeMessage``: the response message for 4/5, the component's
message for 6/7), ``message_id``, ``followups`` (list of FakeMessage), ``edits`` (list of Call),
``calls`` (all REST calls on this interaction's token), ``callback`` (the Call), ``payload`` (the
INTERACTION_CREATE data), ``response_time``, ``deferred``;
``await result.wait_followups(n, timeout)``, ``await result.wait_edit(n, timeout)``.
After a type 5 defer the first follow-up fills the original message (as Discord does: it keeps the
defer's ephemeral flag), so it is both ``result.message`` and ``result.followups[0]``.

``FakeMessage``: live view of a stored message (edits apply in place, older versions in
``history``, ``deleted``): ``id, channel_id, guild_id, author_id, content, embeds, embed, components,
items, buttons, selects, component(...), attachments, files`` (uploaded ``FakeFile(filename, data,
content_type)``), ``flags, ephemeral, edited, text, mention_everyone, mentioned_user_ids,
mentioned_role_ids`` (computed from content + ``allowed_mentions``), ``data`` (raw payload).

Inspecting traffic:

- ``server.calls``: every REST request as ``Call(index, method, path, query, json, files, form,
  headers, status, response)``; ``path`` is relative to ``/api/v10``; for multipart requests ``json``
  is the parsed ``payload_json``. ``server.calls_to(method=None, path=None)`` filters (regex full
  match), ``server.mark()`` is the current call count,
  ``await server.wait_for_call(method, path_regex, *, timeout=5, predicate=None, after=None) -> Call``
  (``after=server.mark()`` to ignore calls made so far; ``None`` also matches past calls).
- ``server.messages_in(channel_or_id, *, include_ephemeral=True)``, ``server.dm_messages(user)``,
  ``server.dm_channel(user)`` (created on demand; same id the bot gets), ``server.message(id)``,
  ``server.commands_for(guild=None)`` (synced commands by name), ``server.gateway_log``,
  ``server.identify`` (the IDENTIFY payload: intents etc.).

Failing calls: ``server.fail_next(method, path_regex, *, status=403, code=50013,
message="Missing Permissions", times=1)`` and ``server.fail_when(predicate(call) -> bool, *,
status, code, message, times=None)``; both return a ``FailRule`` (``hits``). 4xx bodies carry
``message`` and ``code`` so discord.py raises ``Forbidden``/``NotFound``/``HTTPException`` with that
code; ``status=429`` adds ``retry_after`` and a ``Via`` header (so discord.py retries);
``server.clear_failures()``. Unknown routes answer 404 ``{"message": "Unknown", "code": 0}`` and are
recorded like everything else.

Running the client: ``task = await start_client(client, token=server.token, timeout=10)`` starts
``client.start`` in a task and returns once ``client.is_ready()`` (it lowers the client's
``guild_ready_timeout`` to 0.05 s unless told otherwise; pass ``guild_ready_timeout`` to the Client
constructor to be explicit); ``await stop_client(client)`` closes it and awaits the task;
``async with running_client(client, token)`` does both. Stop the client before the server. A
discord.py client can't be started twice: build a new one to test a restart (persistent views).

Errors in command, view and modal callbacks are only logged by discord.py: assert that ``caplog``
holds no ERROR records (``server.errors`` has the ones logged while the server ran).

Modules: ``fake_discord`` (this: the server, gateway, client helpers; import everything from here),
``fake_discord_rest`` (REST routes, message store, callbacks/webhooks, failure rules),
``fake_discord_driver`` (building and dispatching interactions), ``discord_models`` (FakeGuild & co,
permissions), ``discord_results`` (Call, FakeMessage, InteractionResult, UIItem, Discord limits).
``harness_selftest_bot`` + ``tests/e2e/test_harness_selftest.py`` show every feature in use.
"""
# ASYNC109: explicit ``timeout=`` parameters are this harness' API (tests read better with them).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import secrets
import time
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import discord
import discord.gateway
import discord.http
import yarl
from aiohttp import WSMsgType, web

from tests.support.discord_models import (
    FakeAttachment,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    Overwrite,
    Perm,
    User,
)
from tests.support.discord_results import (
    Call,
    FakeFile,
    FakeMessage,
    FakeModal,
    InteractionResult,
    UIItem,
)
from tests.support.fake_discord_driver import InteractionDriver
from tests.support.fake_discord_rest import API_PREFIX, ApiError, FailRule, RestApi

__all__ = [
    "DEFAULT_TOKEN",
    "ApiError",
    "Call",
    "FailRule",
    "FakeAttachment",
    "FakeChannel",
    "FakeDiscord",
    "FakeFile",
    "FakeGuild",
    "FakeMember",
    "FakeMessage",
    "FakeModal",
    "FakeRole",
    "FakeUser",
    "InteractionResult",
    "Overwrite",
    "Perm",
    "UIItem",
    "running_client",
    "start_client",
    "stop_client",
]

DEFAULT_TOKEN = "test-token"


class _GatewayConn:
    def __init__(self, server: FakeDiscord, ws: web.WebSocketResponse) -> None:
        self.server, self.ws = server, ws
        self.session_id: str | None = None
        self.seq = 0
        self.lock = asyncio.Lock()

    async def send(self, op: int, d: Any = None, t: str | None = None) -> None:
        async with self.lock:
            if t is not None:
                self.seq += 1
                if self.session_id:
                    self.server._session_seq[self.session_id] = self.seq
            payload = {"op": op, "d": d, "s": self.seq if t is not None else None, "t": t}
            self.server.gateway_log.append(("send", payload))
            await self.ws.send_str(json.dumps(payload))


class _ErrorCollector(logging.Handler):
    def __init__(self, sink: list[logging.LogRecord]) -> None:
        super().__init__(logging.ERROR)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        try:
            task = asyncio.current_task()
        except RuntimeError:
            task = None
        record.task_name = task.get_name() if task else ""  # 3.11 records have no taskName yet
        self.sink.append(record)


class FakeDiscord(RestApi, InteractionDriver):
    """The fake Discord server. See the module docstring for the API."""

    def __init__(
        self,
        guilds: list[FakeGuild] | tuple[FakeGuild, ...] = (),
        *,
        bot: FakeUser | None = None,
        users: list[FakeUser] | tuple[FakeUser, ...] = (),
        token: str = DEFAULT_TOKEN,
        strict: bool = True,
        enforce_permissions: bool = True,
        interaction_deadline: float | None = 3.0,
        settle: float = 0.05,
        heartbeat_interval_ms: int = 41250,
    ) -> None:
        self.bot = bot or FakeUser(username="studycoach", bot=True)
        self.application_id = self.bot.id
        self.token = token
        self.strict = strict
        self.enforce_permissions = enforce_permissions
        self.interaction_deadline = interaction_deadline
        self.settle = settle
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.guilds: list[FakeGuild] = []
        self._users: dict[int, FakeUser] = {self.bot.id: self.bot}
        for u in users:
            self._users[u.id] = u
        for g in guilds:
            self._adopt_guild(g)

        self.calls: list[Call] = []
        self.fail_rules: list[FailRule] = []
        self.messages: dict[int, FakeMessage] = {}
        self._channel_messages: dict[int, list[FakeMessage]] = {}
        self._dm_channels: dict[int, FakeChannel] = {}
        self._attachments: dict[int, tuple[bytes, str | None]] = {}
        self.commands: dict[int | None, dict[str, dict[str, Any]]] = {}
        self.interactions: dict[str, InteractionResult] = {}
        self.gateway_log: list[tuple[str, Any]] = []
        self.identify: dict[str, Any] | None = None
        self._conns: list[_GatewayConn] = []
        self._active: _GatewayConn | None = None
        self._session_seq: dict[str, int] = {}
        self._activity = asyncio.Event()
        self._last_activity = time.monotonic()
        self._identified = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._routes = self._build_routes()
        #: ERROR records discord.py logged while the server ran (exceptions in callbacks end up here).
        self.errors: list[logging.LogRecord] = []
        self._log_handler = _ErrorCollector(self.errors)

    # ------------------------------------------------------------------ lifecycle / patching
    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        return f"{self.base_url}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> FakeDiscord:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/attachments/{cid}/{aid}/{filename}", self._attachment)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        app.router.add_route("*", "/{tail:.*}", self._unknown)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        _servers[self.api_base] = self
        logging.getLogger("discord").addHandler(self._log_handler)
        return self

    async def stop(self) -> None:
        _servers.pop(self.api_base, None)
        logging.getLogger("discord").removeHandler(self._log_handler)
        for conn in list(self._conns):
            with contextlib.suppress(Exception):
                await conn.ws.close(code=1001)
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    @classmethod
    @contextlib.asynccontextmanager
    async def running(cls, guilds: list[FakeGuild] | tuple[FakeGuild, ...] = (), *, patch: bool = True,
                      **kwargs: Any) -> AsyncIterator[FakeDiscord]:
        server = cls(guilds, **kwargs)
        await server.start()
        try:
            if patch:
                with server.patched():
                    yield server
            else:
                yield server
        finally:
            await server.stop()

    @contextlib.contextmanager
    def patched(self) -> Iterator[FakeDiscord]:
        """Point discord.py's REST base and gateway at this server for the block."""
        old_base = discord.http.Route.BASE
        old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
        discord.http.Route.BASE = self.api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.gateway_url)
        try:
            yield self
        finally:
            discord.http.Route.BASE = old_base
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway

    def patch_discord(self, monkeypatch: Any) -> None:
        """Same as ``patched()`` through pytest's ``monkeypatch`` (restored at teardown)."""
        monkeypatch.setattr(discord.http.Route, "BASE", self.api_base)
        monkeypatch.setattr(discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(self.gateway_url))

    # ------------------------------------------------------------------ world lookup
    def _adopt_guild(self, guild: FakeGuild) -> None:
        if guild.member(self.bot.id) is None:
            guild.add_member(self.bot)
        for m in guild.members:
            self._users.setdefault(m.id, m.user)
        self.guilds.append(guild)

    def add_user(self, user: FakeUser) -> FakeUser:
        self._users[user.id] = user
        return user

    def user(self, user_id: int) -> FakeUser | None:
        """A known user: the bot, ``users=``/``add_user`` ones, or a member of any guild."""
        if user_id not in self._users:
            for g in self.guilds:
                if (m := g.member(user_id)) is not None:
                    self._users[user_id] = m.user
                    break
        return self._users.get(user_id)

    def guild(self, guild_id: int) -> FakeGuild | None:
        return next((g for g in self.guilds if g.id == guild_id), None)

    def _find_channel(self, channel_id: int) -> tuple[FakeGuild | None, FakeChannel | None]:
        for g in self.guilds:
            ch = g.channel(channel_id)
            if ch is not None:
                return g, ch
        for ch in self._dm_channels.values():
            if ch.id == channel_id:
                return None, ch
        return None, None

    def dm_channel(self, user: User | int) -> FakeChannel:
        """The bot's DM channel with ``user`` (created on first use; the bot gets the same id)."""
        uid = user if isinstance(user, int) else user.id
        u = self.user(uid) if isinstance(user, int) else user.user
        if u is None:
            raise KeyError(f"unknown user {uid}")
        self._users.setdefault(u.id, u)
        if uid not in self._dm_channels:
            self._dm_channels[uid] = FakeChannel(name="", type=1, recipient=u)
        return self._dm_channels[uid]

    def messages_in(self, channel: FakeChannel | int, *, include_ephemeral: bool = True) -> list[FakeMessage]:
        cid = channel if isinstance(channel, int) else channel.id
        return [m for m in self._channel_messages.get(cid, [])
                if not m.deleted and (include_ephemeral or not m.ephemeral)]

    def dm_messages(self, user: User | int) -> list[FakeMessage]:
        uid = user if isinstance(user, int) else user.id
        ch = self._dm_channels.get(uid)
        return self.messages_in(ch) if ch else []

    def message(self, message_id: int) -> FakeMessage:
        return self.messages[message_id]

    def commands_for(self, guild: FakeGuild | int | None = None) -> dict[str, dict[str, Any]]:
        gid = guild.id if isinstance(guild, FakeGuild) else guild
        return self.commands.get(gid, {})

    # ------------------------------------------------------------------ calls & failures
    def mark(self) -> int:
        return len(self.calls)

    def calls_to(self, method: str | None = None, path: str | None = None) -> list[Call]:
        return [c for c in self.calls
                if (method is None or c.method == method.upper()) and (path is None or re.fullmatch(path, c.path))]

    async def wait_for_call(self, method: str, path: str, *, timeout: float = 5.0,
                            predicate: Callable[[Call], bool] | None = None, after: int | None = None) -> Call:
        """The first finished call matching method + path regex (+ predicate), from index ``after``."""
        start = after or 0
        deadline = time.monotonic() + timeout
        while True:
            event = self._activity
            for c in self.calls[start:]:
                if (c.status and c.method == method.upper() and re.fullmatch(path, c.path)
                        and (predicate is None or predicate(c))):
                    return c
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no {method} {path} call within {timeout}s; calls: {self.calls[start:]}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    def fail_next(self, method: str | None, path: str, *, status: int = 403, code: int = 50013,
                  message: str = "Missing Permissions", times: int | None = 1) -> FailRule:
        rule = FailRule(status, code, message, method=method, path=re.compile(path), times=times)
        self.fail_rules.append(rule)
        return rule

    def fail_when(self, predicate: Callable[[Call], bool], *, status: int = 403, code: int = 50013,
                  message: str = "Missing Permissions", times: int | None = None) -> FailRule:
        rule = FailRule(status, code, message, predicate=predicate, times=times)
        self.fail_rules.append(rule)
        return rule

    def clear_failures(self) -> None:
        self.fail_rules.clear()

    # ------------------------------------------------------------------ gateway
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0)
        await ws.prepare(request)
        conn = _GatewayConn(self, ws)
        self._conns.append(conn)
        try:
            await conn.send(10, {"heartbeat_interval": self.heartbeat_interval_ms})
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                payload = json.loads(msg.data)
                self.gateway_log.append(("recv", payload))
                await self._on_gateway(conn, payload)
        finally:
            self._conns.remove(conn)
            if self._active is conn:
                self._active = None
                self._identified.clear()
        return ws

    async def _on_gateway(self, conn: _GatewayConn, payload: dict[str, Any]) -> None:
        op, d = payload.get("op"), payload.get("d")
        if op == 1:
            await conn.send(11)
        elif op == 2:
            if d.get("token") != self.token:
                await conn.ws.close(code=4004, message=b"Authentication failed.")
                return
            self.identify = d
            conn.session_id = secrets.token_hex(16)
            ready: dict[str, Any] = {
                "v": 10, "user": {**self.bot.to_payload(), "bot": True, "verified": True, "mfa_enabled": False,
                                  "flags": 0},
                "guilds": [{"id": str(g.id), "unavailable": True} for g in self.guilds],
                "session_id": conn.session_id, "resume_gateway_url": self.gateway_url,
                "application": {"id": str(self.application_id), "flags": 0},
                "private_channels": [], "relationships": [], "presences": [], "_trace": ["fake-discord"],
            }
            if d.get("shard"):
                ready["shard"] = d["shard"]
            await conn.send(0, ready, "READY")
            for g in self.guilds:
                await conn.send(0, g.to_payload(full=True), "GUILD_CREATE")
            self._active = conn
            self._identified.set()
        elif op == 6:
            if d.get("token") == self.token and d.get("session_id") in self._session_seq:
                conn.session_id = d["session_id"]
                conn.seq = self._session_seq[conn.session_id]
                await conn.send(0, {}, "RESUMED")
                self._active = conn
                self._identified.set()
            else:
                await conn.send(9, d=False)  # invalid session, not resumable
        elif op == 8:
            guild = self.guild(int(d["guild_id"]))
            members = guild.members if guild else []
            if d.get("user_ids"):
                ids = {int(u) for u in (d["user_ids"] if isinstance(d["user_ids"], list) else [d["user_ids"]])}
                members = [m for m in members if m.id in ids]
            elif d.get("query"):
                members = [m for m in members if m.user.username.lower().startswith(d["query"].lower())]
            await conn.send(0, {"guild_id": d["guild_id"], "members": [m.to_payload() for m in members],
                                "chunk_index": 0, "chunk_count": 1, "not_found": [],
                                "nonce": d.get("nonce")}, "GUILD_MEMBERS_CHUNK")

    async def dispatch(self, event: str, data: dict[str, Any], *, timeout: float = 5.0) -> None:
        """Send a DISPATCH (op 0) event to the connected client."""
        if self._active is None:
            try:
                await asyncio.wait_for(self._identified.wait(), timeout)
            except TimeoutError:
                raise AssertionError("no identified gateway connection (is the client running?)") from None
        assert self._active is not None
        await self._active.send(0, data, event)

    async def refresh_guild(self, guild: FakeGuild) -> None:
        """Re-send GUILD_CREATE so the client's cache picks up changed roles/channels/members."""
        await self.dispatch("GUILD_CREATE", guild.to_payload(full=True))

    async def add_guild(self, guild: FakeGuild) -> None:
        self._adopt_guild(guild)
        if self._active is not None:
            await self.refresh_guild(guild)

    async def disconnect(self, code: int = 4000) -> None:
        """Close the gateway connection from the server side (discord.py reconnects and resumes)."""
        if self._active is not None:
            conn, self._active = self._active, None
            self._identified.clear()
            await conn.ws.close(code=code)

    async def wait_until_connected(self, timeout: float = 5.0) -> None:
        await asyncio.wait_for(self._identified.wait(), timeout)


# ---------------------------------------------------------------------------- client helpers
_client_tasks: weakref.WeakKeyDictionary[discord.Client, asyncio.Task[None]] = weakref.WeakKeyDictionary()
_servers: weakref.WeakValueDictionary[str, FakeDiscord] = weakref.WeakValueDictionary()  # by api_base


def _all_guilds_cached(client: discord.Client) -> bool:
    server = _servers.get(discord.http.Route.BASE)
    if server is None or not client.intents.guilds:
        return True
    return all(client.get_guild(g.id) is not None for g in server.guilds)


async def start_client(client: discord.Client, token: str = DEFAULT_TOKEN, *, timeout: float = 10.0,
                       guild_ready_timeout: float | None = 0.05) -> asyncio.Task[None]:
    """Run ``client.start(token)`` in a task; return it once ``client.is_ready()`` and every guild of
    the server discord.py is pointed at is in the client's cache."""
    state = client._connection
    if guild_ready_timeout is not None and state.guild_ready_timeout > guild_ready_timeout:
        state.guild_ready_timeout = guild_ready_timeout
    task = asyncio.create_task(client.start(token), name=f"fake-discord-client-{id(client)}")
    _client_tasks[client] = task
    deadline = time.monotonic() + timeout
    while not (client.is_ready() and _all_guilds_cached(client)):
        if task.done():
            task.result()  # raises the start-up error, if any
            raise RuntimeError("the client stopped before it was ready")
        if time.monotonic() > deadline:
            await stop_client(client)
            raise TimeoutError(f"the client was not ready within {timeout}s")
        await asyncio.sleep(0.005)
    return task


async def stop_client(client: discord.Client, *, timeout: float = 5.0) -> None:
    """Close the client and wait for its ``start`` task; re-raises what the task raised."""
    await client.close()
    task = _client_tasks.pop(client, None)
    if task is not None:
        try:
            await asyncio.wait_for(task, timeout)
        except asyncio.CancelledError:
            if not task.cancelled():
                raise


@contextlib.asynccontextmanager
async def running_client(client: discord.Client, token: str = DEFAULT_TOKEN, *, timeout: float = 10.0,
                         guild_ready_timeout: float | None = 0.05) -> AsyncIterator[discord.Client]:
    """``start_client`` on enter, ``stop_client`` on exit."""
    await start_client(client, token, timeout=timeout, guild_ready_timeout=guild_ready_timeout)
    try:
        yield client
    finally:
        await stop_client(client)
