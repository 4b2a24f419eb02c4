"""The REST half of the fake Discord server: routing, recording, failure injection, the message
store and interaction callbacks/webhooks. A mixin of ``FakeDiscord`` (see ``fake_discord`` for the API);
it works on the state ``FakeDiscord.__init__`` sets up.
"""

from __future__ import annotations

import asyncio
import copy
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from tests.support.discord_models import FakeChannel, FakeGuild, FakeUser, Perm, iso_now, next_id
from tests.support.discord_results import (
    CB_AUTOCOMPLETE,
    CB_DEFERRED_MESSAGE,
    CB_DEFERRED_UPDATE,
    CB_MESSAGE,
    CB_MODAL,
    CB_UPDATE_MESSAGE,
    EPHEMERAL,
    IS_COMPONENTS_V2,
    LOADING,
    SUPPRESS_EMBEDS,
    Call,
    FakeFile,
    FakeMessage,
    InteractionResult,
    validate_choices,
    validate_commands,
    validate_message,
    validate_modal,
)

API_PREFIX = "/api/v10"
_SENDABLE_FLAGS = SUPPRESS_EMBEDS | EPHEMERAL | (1 << 12) | IS_COMPONENTS_V2  # 4096: silent


class ApiError(Exception):
    """Raised by route handlers; becomes a Discord-style JSON error response."""

    def __init__(self, status: int, code: int, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            body["errors"] = {k: {"_errors": [{"code": "INVALID", "message": v}]} for k, v in self.errors.items()}
        return body


def _invalid_form(errors: dict[str, str]) -> ApiError:
    if set(errors) == {"_empty"}:
        return ApiError(400, 50006, "Cannot send an empty message")
    errors.pop("_empty", None)
    return ApiError(400, 50035, "Invalid Form Body", errors)


@dataclass
class FailRule:
    """Makes matching calls fail. ``times=None``: forever."""

    status: int
    code: int
    message: str
    method: str | None = None
    path: re.Pattern[str] | None = None
    predicate: Callable[[Call], bool] | None = None
    times: int | None = 1
    retry_after: float = 0.01
    hits: int = 0

    def matches(self, call: Call) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method and self.method.upper() != call.method:
            return False
        if self.path is not None and not self.path.fullmatch(call.path):
            return False
        return self.predicate is None or bool(self.predicate(call))


class _Response(Exception):
    """Control flow: answer with this status and body."""

    def __init__(self, status: int, body: Any) -> None:
        super().__init__(status)
        self.status, self.body = status, body


def _json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> web.Response:
    if body is None:
        return web.Response(status=204 if status == 200 else status, headers=headers)
    # Exactly "application/json": discord.py does not parse "application/json; charset=utf-8".
    return web.Response(status=status, body=json.dumps(body).encode(),
                        headers={"Content-Type": "application/json", **(headers or {})})


class RestApi:
    """REST routes and handlers (mixin of ``FakeDiscord``)."""

    # State owned by FakeDiscord.__init__.
    bot: FakeUser
    application_id: int
    token: str
    strict: bool
    enforce_permissions: bool
    interaction_deadline: float | None
    calls: list[Call]
    fail_rules: list[FailRule]
    messages: dict[int, FakeMessage]
    commands: dict[int | None, dict[str, dict[str, Any]]]
    interactions: dict[str, InteractionResult]
    _users: dict[int, FakeUser]
    _channel_messages: dict[int, list[FakeMessage]]
    _attachments: dict[int, tuple[bytes, str | None]]
    _activity: asyncio.Event
    _last_activity: float
    base_url: str
    gateway_url: str
    guild: Callable[[int], FakeGuild | None]
    user: Callable[[int], FakeUser | None]
    _find_channel: Callable[[int], tuple[FakeGuild | None, FakeChannel | None]]
    dm_channel: Callable[..., FakeChannel]
    messages_in: Callable[..., list[FakeMessage]]

    def _notify(self) -> None:
        self._last_activity = time.monotonic()
        event, self._activity = self._activity, asyncio.Event()
        event.set()

    # ------------------------------------------------------------------ HTTP plumbing
    async def _read(self, request: web.Request, path: str) -> Call:
        body: Any = None
        files: list[FakeFile] = []
        form: dict[str, str] | None = None
        if request.content_type.startswith("multipart/"):
            form = {}
            reader = await request.multipart()
            async for part in reader:
                if part.filename:  # type: ignore[union-attr]
                    data = await part.read(decode=False)  # type: ignore[union-attr]
                    files.append(FakeFile(part.filename, bytes(data),  # type: ignore[union-attr]
                                          part.headers.get("Content-Type"), part.name or ""))
                else:
                    form[part.name or ""] = await part.text()  # type: ignore[union-attr]
            if "payload_json" in form:
                body = json.loads(form["payload_json"])
        elif request.can_read_body:
            text = await request.text()
            if text:
                try:
                    body = json.loads(text)
                except ValueError:
                    body = text
        call = Call(index=len(self.calls), method=request.method, path=path, query=dict(request.query),
                    json=body, files=files, form=form, headers=dict(request.headers))
        self.calls.append(call)
        return call

    async def _unknown(self, request: web.Request) -> web.Response:
        call = await self._read(request, request.path)
        call.status, call.response = 404, {"message": "Unknown", "code": 0}
        self._notify()
        return _json_response(404, call.response)

    async def _rest(self, request: web.Request) -> web.Response:
        call = await self._read(request, "/" + request.match_info["tail"])
        headers: dict[str, str] = {}
        try:
            for rule in self.fail_rules:
                if rule.matches(call):
                    rule.hits += 1
                    call.failed_by = rule
                    err = ApiError(rule.status, rule.code, rule.message)
                    if rule.status == 429:
                        headers = {"Via": "1.1 google", "Retry-After": str(rule.retry_after)}
                        body = {**err.body(), "retry_after": rule.retry_after, "global": False}
                        raise _Response(429, body)
                    raise err
            status, body = await self._route(call)
        except ApiError as exc:
            status, body = exc.status, exc.body()
        except _Response as resp:
            status, body = resp.status, resp.body
        call.status, call.response = status, body
        self._notify()
        return _json_response(status, body, headers)

    async def _route(self, call: Call) -> tuple[int, Any]:
        for method, pattern, handler, needs_auth in self._routes:
            if method != call.method:
                continue
            m = pattern.fullmatch(call.path)
            if m is None:
                continue
            if needs_auth and call.headers.get("Authorization") != f"Bot {self.token}":
                raise ApiError(401, 0, "401: Unauthorized")
            result = handler(call, **m.groupdict())
            if asyncio.iscoroutine(result):
                result = await result
            return result if isinstance(result, tuple) else (200, result)
        raise ApiError(404, 0, "Unknown")

    def _build_routes(self) -> list[tuple[str, re.Pattern[str], Callable[..., Any], bool]]:
        sf = r"(?P<{}>\d+)"
        app = sf.format("app")
        scope = r"(?:/guilds/(?P<gid>\d+))?"
        table: list[tuple[str, str, Callable[..., Any], bool]] = [
            ("GET", r"/users/@me", lambda c: {**self.bot.to_payload(), "bot": True, "verified": True,
                                               "mfa_enabled": False, "flags": 0}, True),
            ("GET", r"/users/(?P<uid>\d+)", self._get_user, True),
            ("GET", r"/(?:oauth2/)?applications/@me", lambda c: self._application_payload(), True),
            ("GET", r"/gateway", lambda c: {"url": self.gateway_url}, False),
            ("GET", r"/gateway/bot", lambda c: {
                "url": self.gateway_url, "shards": 1,
                "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0, "max_concurrency": 1}},
             True),
            ("GET", rf"/applications/{app}{scope}/commands", self._get_commands, True),
            ("PUT", rf"/applications/{app}{scope}/commands", self._put_commands, True),
            ("POST", rf"/applications/{app}{scope}/commands", self._post_command, True),
            ("GET", rf"/applications/{app}{scope}/commands/(?P<cid>\d+)", self._get_command, True),
            ("PATCH", rf"/applications/{app}{scope}/commands/(?P<cid>\d+)", self._patch_command, True),
            ("DELETE", rf"/applications/{app}{scope}/commands/(?P<cid>\d+)", self._delete_command, True),
            ("POST", r"/interactions/(?P<iid>\d+)/(?P<token>[^/]+)/callback", self._callback, False),
            ("POST", rf"/webhooks/{app}/(?P<token>[^/]+)", self._webhook_post, False),
            ("GET", rf"/webhooks/{app}/(?P<token>[^/]+)/messages/(?P<mid>\d+|@original)", self._webhook_get, False),
            ("PATCH", rf"/webhooks/{app}/(?P<token>[^/]+)/messages/(?P<mid>\d+|@original)", self._webhook_patch,
             False),
            ("DELETE", rf"/webhooks/{app}/(?P<token>[^/]+)/messages/(?P<mid>\d+|@original)",
             self._webhook_delete, False),
            ("GET", r"/channels/(?P<cid>\d+)", self._get_channel, True),
            ("GET", r"/channels/(?P<cid>\d+)/messages", self._list_messages, True),
            ("POST", r"/channels/(?P<cid>\d+)/messages", self._post_message, True),
            ("GET", r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)", self._get_message, True),
            ("PATCH", r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)", self._patch_message, True),
            ("DELETE", r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)", self._delete_message, True),
            ("POST", r"/channels/(?P<cid>\d+)/typing", lambda c, cid: (204, None), True),
            ("PUT", r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)/reactions/(?P<emoji>[^/]+)/@me",
             lambda c, cid, mid, emoji: (204, None), True),
            ("DELETE", r"/channels/(?P<cid>\d+)/messages/(?P<mid>\d+)/reactions/(?P<emoji>[^/]+)/@me",
             lambda c, cid, mid, emoji: (204, None), True),
            ("POST", r"/users/@me/channels", self._create_dm, True),
            ("GET", r"/guilds/(?P<gid>\d+)", lambda c, gid: self._guild_or_404(gid).to_payload(), True),
            ("GET", r"/guilds/(?P<gid>\d+)/roles",
             lambda c, gid: [r.to_payload() for r in self._guild_or_404(gid).roles], True),
            ("GET", r"/guilds/(?P<gid>\d+)/channels",
             lambda c, gid: [ch.to_payload() for ch in self._guild_or_404(gid).channels], True),
            ("GET", r"/guilds/(?P<gid>\d+)/members",
             lambda c, gid: [m.to_payload() for m in self._guild_or_404(gid).members], True),
            ("GET", r"/guilds/(?P<gid>\d+)/members/(?P<uid>\d+)", self._get_member, True),
        ]
        return [(m, re.compile(p), h, auth) for m, p, h, auth in table]

    # ------------------------------------------------------------------ simple REST handlers
    def _application_payload(self) -> dict[str, Any]:
        owner = FakeUser(username="owner", id=self.bot.id + 1)
        return {
            "id": str(self.application_id), "name": self.bot.username, "description": "", "icon": None,
            "bot_public": True, "bot_require_code_grant": False, "owner": owner.to_payload(),
            "verify_key": "0" * 64, "team": None, "flags": 0, "summary": "", "rpc_origins": [],
            "interactions_endpoint_url": None, "bot": {**self.bot.to_payload(), "bot": True},
        }

    def _get_user(self, call: Call, uid: str) -> dict[str, Any]:
        user = self.user(int(uid))
        if user is None:
            raise ApiError(404, 10013, "Unknown User")
        return user.to_payload()

    def _guild_or_404(self, gid: str | int) -> FakeGuild:
        guild = self.guild(int(gid))
        if guild is None:
            raise ApiError(404, 10004, "Unknown Guild")
        return guild

    def _get_member(self, call: Call, gid: str, uid: str) -> dict[str, Any]:
        member = self._guild_or_404(gid).member(int(uid))
        if member is None:
            raise ApiError(404, 10007, "Unknown Member")
        return member.to_payload()

    def _channel_or_404(self, cid: str | int) -> tuple[FakeGuild | None, FakeChannel]:
        guild, ch = self._find_channel(int(cid))
        if ch is None:
            raise ApiError(404, 10003, "Unknown Channel")
        return guild, ch

    def _get_channel(self, call: Call, cid: str) -> dict[str, Any]:
        guild, ch = self._channel_or_404(cid)
        self._check_view(guild, ch)
        return ch.to_payload()

    def _create_dm(self, call: Call) -> dict[str, Any]:
        rid = int((call.json or {}).get("recipient_id", 0))
        if self.user(rid) is None:
            raise ApiError(400, 50033, "Invalid Recipient(s)")
        return self.dm_channel(rid).to_payload()

    # ------------------------------------------------------------------ commands
    def _scope(self, app: str, gid: str | None) -> int | None:
        if int(app) != self.application_id:
            raise ApiError(403, 50001, "Missing Access")
        if gid is not None:
            self._guild_or_404(gid)
            return int(gid)
        return None

    def _store_command(self, scope: int | None, body: dict[str, Any],
                       existing: dict[str, dict[str, Any]]) -> dict[str, Any]:
        old = existing.get(body["name"])
        cmd = {
            # discord.py parses ``description`` even for context menus, which are synced without one.
            "type": 1, "description": "", "options": [], "default_member_permissions": None, "nsfw": False,
            "name_localizations": None, "description_localizations": None,
            **({} if scope is not None else {"dm_permission": True}),
            **body,
            "id": old["id"] if old else str(next_id()),
            "application_id": str(self.application_id),
            "version": str(next_id()),
        }
        if scope is not None:
            cmd["guild_id"] = str(scope)
        return cmd

    def _get_commands(self, call: Call, app: str, gid: str | None = None) -> list[dict[str, Any]]:
        return list(self.commands.get(self._scope(app, gid), {}).values())

    def _put_commands(self, call: Call, app: str, gid: str | None = None) -> list[dict[str, Any]]:
        scope = self._scope(app, gid)
        body = call.json or []
        if self.strict and (errors := validate_commands(body)):
            raise _invalid_form(errors)
        existing = self.commands.get(scope, {})
        self.commands[scope] = {c["name"]: self._store_command(scope, c, existing) for c in body}
        return list(self.commands[scope].values())

    def _post_command(self, call: Call, app: str, gid: str | None = None) -> dict[str, Any]:
        scope = self._scope(app, gid)
        if self.strict and (errors := validate_commands([call.json])):
            raise _invalid_form(errors)
        store = self.commands.setdefault(scope, {})
        store[call.json["name"]] = cmd = self._store_command(scope, call.json, store)
        return cmd

    def _command_or_404(self, scope: int | None, cid: str) -> dict[str, Any]:
        cmd = next((c for c in self.commands.get(scope, {}).values() if c["id"] == cid), None)
        if cmd is None:
            raise ApiError(404, 10063, "Unknown application command")
        return cmd

    def _get_command(self, call: Call, app: str, cid: str, gid: str | None = None) -> dict[str, Any]:
        return self._command_or_404(self._scope(app, gid), cid)

    def _patch_command(self, call: Call, app: str, cid: str, gid: str | None = None) -> dict[str, Any]:
        cmd = self._command_or_404(self._scope(app, gid), cid)
        cmd.update(call.json or {})
        return cmd

    def _delete_command(self, call: Call, app: str, cid: str, gid: str | None = None) -> tuple[int, None]:
        scope = self._scope(app, gid)
        cmd = self._command_or_404(scope, cid)
        del self.commands[scope][cmd["name"]]
        return 204, None

    # ------------------------------------------------------------------ messages
    def _check_view(self, guild: FakeGuild | None, ch: FakeChannel) -> int:
        if guild is None or not self.enforce_permissions:
            return Perm.ALL
        perms = guild.permissions_for(self.bot, ch)
        if not perms & Perm.VIEW_CHANNEL:
            raise ApiError(403, 50001, "Missing Access")
        return perms

    def _mentions(self, content: str, allowed: dict[str, Any] | None, *,
                  interaction: bool) -> dict[str, Any]:
        user_ids = list(dict.fromkeys(re.findall(r"<@!?(\d+)>", content)))
        role_ids = list(dict.fromkeys(re.findall(r"<@&(\d+)>", content)))
        everyone = "@everyone" in content or "@here" in content
        if allowed is None:
            parse = {"users"} if interaction else {"users", "roles", "everyone"}
            users: list[str] = []
            roles: list[str] = []
        else:
            parse = set(allowed.get("parse") or [])
            users = [str(u) for u in allowed.get("users") or []]
            roles = [str(r) for r in allowed.get("roles") or []]
        pinged_users = [u for u in user_ids if "users" in parse or u in users]
        return {
            "mentions": [known.to_payload() for u in pinged_users if (known := self.user(int(u))) is not None],
            "mention_roles": [r for r in role_ids if "roles" in parse or r in roles],
            "mention_everyone": everyone and "everyone" in parse,
        }

    def _attachments_for(self, channel_id: int, body: dict[str, Any], files: list[FakeFile],
                         existing: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        kept: list[dict[str, Any]] = []
        declared = body.get("attachments")
        if existing:
            if declared is None:
                kept = list(existing)
            else:
                keep_ids = {str(a.get("id")) for a in declared}
                kept = [a for a in existing if a["id"] in keep_ids]
        new = []
        meta = {str(a.get("id")): a for a in declared or []}
        for index, f in enumerate(files):
            m = re.fullmatch(r"files\[(\d+)\]", f.field)
            info = meta.get(m.group(1) if m else str(index), {})
            aid = next_id()
            self._attachments[aid] = (f.data, f.content_type)
            url = f"{self.base_url}/attachments/{channel_id}/{aid}/{f.filename}"
            new.append({"id": str(aid), "filename": info.get("filename", f.filename), "size": len(f.data),
                        "url": url, "proxy_url": url, "content_type": f.content_type,
                        **({"description": info["description"]} if info.get("description") else {})})
        return kept + new

    def _new_message(self, channel_id: int, guild: FakeGuild | None, body: dict[str, Any], files: list[FakeFile],
                     *, interaction: InteractionResult | None = None, msg_type: int = 0,
                     flags: int | None = None) -> FakeMessage:
        content = body.get("content") or ""
        mid = next_id()
        data: dict[str, Any] = {
            "id": str(mid), "channel_id": str(channel_id), "type": msg_type, "content": content,
            "author": {**self.bot.to_payload(), "bot": True}, "embeds": list(body.get("embeds") or []),
            "components": list(body.get("components") or []),
            "attachments": self._attachments_for(channel_id, body, files),
            "flags": (int(body.get("flags") or 0) & _SENDABLE_FLAGS) if flags is None else flags,
            "timestamp": iso_now(), "edited_timestamp": None, "tts": bool(body.get("tts")), "pinned": False,
            "allowed_mentions": body.get("allowed_mentions"),
            **self._mentions(content, body.get("allowed_mentions"), interaction=interaction is not None),
        }
        if guild is not None:
            data["guild_id"] = str(guild.id)
        if body.get("nonce") is not None:
            data["nonce"] = body["nonce"]
        ref = body.get("message_reference")
        if ref and ref.get("message_id"):
            data["message_reference"] = {**ref, "channel_id": str(ref.get("channel_id") or channel_id)}
            referenced = self.messages.get(int(ref["message_id"]))
            if referenced is not None:
                data["referenced_message"] = copy.deepcopy(referenced.data)
        if interaction is not None:
            data["webhook_id"] = str(self.application_id)
            data["application_id"] = str(self.application_id)
            user = interaction.payload.get("member", {}).get("user") or interaction.payload.get("user")
            meta: dict[str, Any] = {
                "id": str(interaction.interaction_id), "type": interaction.payload["type"], "user": user,
                "authorizing_integration_owners": interaction.payload.get("authorizing_integration_owners", {}),
            }
            if interaction.source_message is not None:
                meta["interacted_message_id"] = str(interaction.source_message.id)
            data["interaction_metadata"] = meta
        msg = FakeMessage(data=data, files=list(files),
                          interaction_token=interaction.token if interaction else None)
        self.messages[mid] = msg
        self._channel_messages.setdefault(channel_id, []).append(msg)
        return msg

    def _edit(self, msg: FakeMessage, body: dict[str, Any], files: list[FakeFile], *,
              fill_deferred: bool = False) -> FakeMessage:
        if msg.deleted:
            raise ApiError(404, 10008, "Unknown Message")
        if self.strict and (errors := validate_message(body, is_edit=True)):
            raise _invalid_form(errors)
        msg.history.append(copy.deepcopy(msg.data))
        data = msg.data
        for key in ("content", "embeds", "components"):
            if key in body:
                data[key] = body[key] if body[key] is not None else ([] if key != "content" else "")
        if "flags" in body and body["flags"] is not None:
            changeable = SUPPRESS_EMBEDS | IS_COMPONENTS_V2
            data["flags"] = (data["flags"] & ~changeable) | (int(body["flags"]) & changeable)
        if "attachments" in body or files:
            data["attachments"] = self._attachments_for(msg.channel_id, body, files, data["attachments"])
            msg.files.extend(files)
        if "allowed_mentions" in body or "content" in body:
            allowed = body.get("allowed_mentions", data.get("allowed_mentions"))
            data.update(self._mentions(data["content"], allowed, interaction=msg.interaction_token is not None))
        if data["flags"] & LOADING:
            data["flags"] &= ~LOADING
        elif not fill_deferred:
            data["edited_timestamp"] = iso_now()
        return msg

    def _delete(self, msg: FakeMessage) -> tuple[int, None]:
        if msg.deleted:
            raise ApiError(404, 10008, "Unknown Message")
        msg.deleted = True
        return 204, None

    def _post_message(self, call: Call, cid: str) -> dict[str, Any]:
        guild, ch = self._channel_or_404(cid)
        body = dict(call.json or {})
        if self.strict and (errors := validate_message(body, has_files=bool(call.files))):
            raise _invalid_form(errors)
        if ch.is_dm:
            recipient = ch.recipient
            if recipient is None or not recipient.dms_open or recipient.bot:
                raise ApiError(403, 50007, "Cannot send messages to this user")
        elif self.enforce_permissions:
            perms = self._check_view(guild, ch)
            if not perms & Perm.SEND_MESSAGES:
                raise ApiError(403, 50013, "Missing Permissions")
            if call.files and not perms & Perm.ATTACH_FILES:
                raise ApiError(403, 50013, "Missing Permissions")
            if not perms & Perm.EMBED_LINKS:
                body["embeds"] = []  # Discord drops embeds silently
        msg_type = 19 if body.get("message_reference") else 0
        return self._new_message(ch.id, guild, body, call.files, msg_type=msg_type).data

    def _channel_message(self, cid: str, mid: str) -> FakeMessage:
        guild, ch = self._channel_or_404(cid)
        self._check_view(guild, ch)
        msg = self.messages.get(int(mid))
        if msg is None or msg.deleted or msg.channel_id != ch.id or msg.ephemeral:
            raise ApiError(404, 10008, "Unknown Message")
        return msg

    def _get_message(self, call: Call, cid: str, mid: str) -> dict[str, Any]:
        return self._channel_message(cid, mid).data

    def _list_messages(self, call: Call, cid: str) -> list[dict[str, Any]]:
        guild, ch = self._channel_or_404(cid)
        self._check_view(guild, ch)
        limit = int(call.query.get("limit", 50))
        msgs = self.messages_in(ch, include_ephemeral=False)
        if "before" in call.query:
            msgs = [m for m in msgs if m.id < int(call.query["before"])]
        if "after" in call.query:
            msgs = [m for m in msgs if m.id > int(call.query["after"])]
            return [m.data for m in msgs[:limit]][::-1]
        return [m.data for m in msgs[::-1][:limit]]

    def _patch_message(self, call: Call, cid: str, mid: str) -> dict[str, Any]:
        msg = self._channel_message(cid, mid)
        if msg.author_id != self.bot.id:
            raise ApiError(403, 50005, "Cannot edit a message authored by another user")
        return self._edit(msg, call.json or {}, call.files).data

    def _delete_message(self, call: Call, cid: str, mid: str) -> tuple[int, None]:
        return self._delete(self._channel_message(cid, mid))

    async def _attachment(self, request: web.Request) -> web.Response:
        stored = self._attachments.get(int(request.match_info["aid"]))
        if stored is None:
            return web.Response(status=404)
        return web.Response(body=stored[0], content_type=stored[1] or "application/octet-stream")

    # ------------------------------------------------------------------ interaction responses
    def _interaction_or_404(self, token: str, app: str | None = None) -> InteractionResult:
        result = self.interactions.get(token)
        if result is None or (app is not None and int(app) != self.application_id):
            raise ApiError(404, 10015, "Unknown Webhook")
        return result

    def _track(self, result: InteractionResult, call: Call) -> None:
        result.calls.append(call)
        result._changed.set()

    def _callback(self, call: Call, iid: str, token: str) -> dict[str, Any]:
        result = self.interactions.get(token)
        if result is None or result.interaction_id != int(iid):
            raise ApiError(404, 10062, "Unknown interaction")
        result.calls.append(call)
        if result.responded:
            raise ApiError(400, 40060, "Interaction has already been acknowledged.")
        if (self.interaction_deadline is not None
                and time.monotonic() - result.dispatched_at > self.interaction_deadline):
            raise ApiError(404, 10062, "Unknown interaction")
        body = call.json or {}
        ctype = int(body.get("type", 0))
        data = body.get("data") or {}
        if self.strict:
            errors: dict[str, str] = {}
            if ctype == CB_MESSAGE:
                errors = validate_message(data, has_files=bool(call.files))
            elif ctype == CB_UPDATE_MESSAGE:
                errors = validate_message(data, is_edit=True)
            elif ctype == CB_MODAL:
                errors = validate_modal(data)
            elif ctype == CB_AUTOCOMPLETE:
                errors = validate_choices(data.get("choices") or [])
            if ctype == CB_UPDATE_MESSAGE and result.source_message is None:
                raise ApiError(400, 40060, "Interaction has no message to update")
            if ctype in (CB_UPDATE_MESSAGE, CB_DEFERRED_UPDATE) and result.kind in ("slash", "autocomplete"):
                raise ApiError(400, 50035, "Invalid Form Body",
                               {"type": "This response type is not valid for application commands"})
            if errors:
                raise _invalid_form(errors)
        guild = self.guild(result.guild_id) if result.guild_id else None
        msg: FakeMessage | None = None
        if ctype == CB_MESSAGE:
            msg = self._new_message(result.channel_id or 0, guild, data, call.files, interaction=result,
                                    msg_type=20 if result.kind == "slash" else 0)
        elif ctype == CB_DEFERRED_MESSAGE:
            flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
            msg = self._new_message(result.channel_id or 0, guild, {"content": ""}, [], interaction=result,
                                    msg_type=20 if result.kind == "slash" else 0, flags=flags)
        elif ctype == CB_DEFERRED_UPDATE:
            msg = result.source_message
        elif ctype == CB_UPDATE_MESSAGE and result.source_message is not None:
            msg = self._edit(result.source_message, data, call.files)
        result.callback, result.type, result.data = call, ctype, data
        result.message = msg
        result.responded_at = time.monotonic()
        result._responded.set()
        result._changed.set()
        info: dict[str, Any] = {
            "id": str(result.interaction_id), "type": result.payload["type"],
            "response_message_loading": ctype == CB_DEFERRED_MESSAGE,
            "response_message_ephemeral": bool(msg and msg.ephemeral),
        }
        if msg is not None:
            info["response_message_id"] = str(msg.id)
        response: dict[str, Any] = {"interaction": info}
        if msg is not None and ctype in (CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_UPDATE_MESSAGE):
            response["resource"] = {"type": ctype, "message": msg.data}
        return response

    def _webhook_post(self, call: Call, app: str, token: str) -> tuple[int, Any]:
        result = self._interaction_or_404(token, app)
        self._track(result, call)
        if not result.responded:
            raise ApiError(404, 10015, "Unknown Webhook")
        body = call.json or {}
        if self.strict and (errors := validate_message(body, has_files=bool(call.files))):
            raise _invalid_form(errors)
        if result.type == CB_DEFERRED_MESSAGE and not result.deferred_filled and result.message is not None:
            msg = self._edit(result.message, body, call.files, fill_deferred=True)
            result.deferred_filled = True
        else:
            guild = self.guild(result.guild_id) if result.guild_id else None
            msg = self._new_message(result.channel_id or 0, guild, body, call.files, interaction=result)
        result.followups.append(msg)
        wait = call.query.get("wait", "").lower() in ("1", "true")
        return (200, msg.data) if wait else (204, None)

    def _webhook_message(self, result: InteractionResult, mid: str) -> FakeMessage:
        if mid == "@original":
            msg = result.message
        else:
            msg = next((m for m in [result.message, *result.followups] if m is not None and m.id == int(mid)),
                       None)
        if msg is None or msg.deleted:
            raise ApiError(404, 10008, "Unknown Message")
        return msg

    def _webhook_get(self, call: Call, app: str, token: str, mid: str) -> dict[str, Any]:
        result = self._interaction_or_404(token, app)
        self._track(result, call)
        return self._webhook_message(result, mid).data

    def _webhook_patch(self, call: Call, app: str, token: str, mid: str) -> dict[str, Any]:
        result = self._interaction_or_404(token, app)
        self._track(result, call)
        msg = self._webhook_message(result, mid)
        self._edit(msg, call.json or {}, call.files)
        if msg is result.message and result.type == CB_DEFERRED_MESSAGE:
            result.deferred_filled = True
        result.edits.append(call)
        return msg.data

    def _webhook_delete(self, call: Call, app: str, token: str, mid: str) -> tuple[int, None]:
        result = self._interaction_or_404(token, app)
        self._track(result, call)
        return self._delete(self._webhook_message(result, mid))
