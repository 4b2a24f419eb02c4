"""The user side of the fake Discord server: building and dispatching interactions (slash commands,
autocomplete, context menus, buttons, selects, modal submits, user messages) and waiting for the bot's
answer. A mixin of ``FakeDiscord`` (see ``fake_discord`` for the API).
"""

# ASYNC109: explicit ``timeout=`` parameters are this harness' API (tests read better with them).
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import contextlib
import copy
import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

from tests.support.discord_models import (
    FakeAttachment,
    FakeChannel,
    FakeGuild,
    FakeMember,
    FakeRole,
    FakeUser,
    Perm,
    User,
    iso_now,
    next_id,
)
from tests.support.discord_results import (
    CB_AUTOCOMPLETE,
    CB_DEFERRED_MESSAGE,
    SELECT_TYPES,
    Call,
    FakeMessage,
    FakeModal,
    InteractionResult,
    UIItem,
    flat_items,
)

_APP_COMMAND, _COMPONENT, _AUTOCOMPLETE, _MODAL_SUBMIT = 2, 3, 4, 5
# Names of the tasks discord.py 2.7 runs interaction handlers in (tree, views, modals, dynamic items, events).
_HANDLER_TASKS = ("CommandTree-invoker", "discord-ui-view-dispatch-", "discord-ui-modal-dispatch-",
                  "discord-ui-dynamic-item-", "discord.py: ")


class InteractionDriver:
    """Drives the bot like a user would (mixin of ``FakeDiscord``)."""

    # State owned by FakeDiscord.__init__.
    bot: FakeUser
    application_id: int
    settle: float
    base_url: str
    calls: list[Call]
    errors: list[logging.LogRecord]
    messages: dict[int, FakeMessage]
    commands: dict[int | None, dict[str, dict[str, Any]]]
    interactions: dict[str, InteractionResult]
    identify: dict[str, Any] | None
    _users: dict[int, FakeUser]
    _channel_messages: dict[int, list[FakeMessage]]
    _attachments: dict[int, tuple[bytes, str | None]]
    _last_activity: float
    guild: Callable[[int], FakeGuild | None]
    user: Callable[[int], FakeUser | None]
    _find_channel: Callable[[int], tuple[FakeGuild | None, FakeChannel | None]]
    dm_channel: Callable[..., FakeChannel]
    _mentions: Callable[..., dict[str, Any]]

    async def dispatch(self, event: str, data: dict[str, Any], *, timeout: float = 5.0) -> None:
        raise NotImplementedError

    def _context(self, user: User, guild: FakeGuild | None,
                 channel: FakeChannel | None) -> tuple[FakeUser, FakeGuild | None, FakeMember | None, FakeChannel]:
        u = user.user
        self._users.setdefault(u.id, u)
        if guild is None or (channel is not None and channel.is_dm):
            return u, None, None, self.dm_channel(u)
        if channel is None:
            raise ValueError("a guild interaction needs a channel")
        if guild.channel(channel.id) is None:
            raise ValueError(f"channel {channel.name!r} is not in guild {guild.name!r}")
        member = guild.member(u.id)
        if member is None:
            raise ValueError(f"{u.username!r} is not a member of guild {guild.name!r}")
        return u, guild, member, channel

    def _base_payload(self, itype: int, user: FakeUser, guild: FakeGuild | None, member: FakeMember | None,
                      channel: FakeChannel, data: dict[str, Any], locale: str | None) -> dict[str, Any]:
        iid = next_id()
        payload: dict[str, Any] = {
            "id": str(iid), "application_id": str(self.application_id), "type": itype,
            "token": f"itok.{iid}.{secrets.token_urlsafe(12)}", "version": 1, "data": data,
            "locale": locale or user.locale, "attachment_size_limit": 10 * 1024 * 1024,
            "entitlements": [], "entitlement_sku_ids": [], "channel_id": str(channel.id),
        }
        if guild is not None and member is not None:
            payload.update(
                guild_id=str(guild.id), guild_locale=guild.preferred_locale, context=0,
                guild={"id": str(guild.id), "locale": guild.preferred_locale, "features": list(guild.features)},
                member=member.to_payload(permissions=guild.permissions_for(member, channel)),
                channel={**channel.to_payload(), "permissions": str(guild.permissions_for(member, channel))},
                app_permissions=str(guild.permissions_for(self.bot, channel)),
                authorizing_integration_owners={"0": str(guild.id)},
            )
        else:
            payload.update(
                user=user.to_payload(), context=1, channel=channel.to_payload(),
                app_permissions=str(Perm.DEFAULT_EVERYONE), authorizing_integration_owners={"0": "0"},
            )
        return payload

    async def _interact(self, kind: str, itype: int, user: User, guild: FakeGuild | None,
                        channel: FakeChannel | None, data: dict[str, Any], *, source: FakeMessage | None = None,
                        wait: bool = True, timeout: float = 5.0, settle: float | None = None,
                        locale: str | None = None) -> InteractionResult:
        u, g, member, ch = self._context(user, guild, channel)
        payload = self._base_payload(itype, u, g, member, ch, data, locale)
        if source is not None:
            payload["message"] = copy.deepcopy(source.data)
        result = InteractionResult(kind=kind, interaction_id=int(payload["id"]), token=payload["token"],
                                   payload=payload, channel_id=ch.id, guild_id=g.id if g else None,
                                   source_message=source)
        self.interactions[result.token] = result
        tasks_before = asyncio.all_tasks()
        result.dispatched_at = time.monotonic()
        await self.dispatch("INTERACTION_CREATE", payload)
        if wait:
            await self._await_answer(result, timeout, self.settle if settle is None else settle, tasks_before)
        return result

    async def _await_answer(self, result: InteractionResult, timeout: float, settle: float,
                            tasks_before: set[asyncio.Task[Any]]) -> None:
        deadline = time.monotonic() + timeout
        logged_before = len(self.errors)

        def handlers_running() -> bool:
            return any(not t.done() and t.get_name().startswith(_HANDLER_TASKS)
                       for t in asyncio.all_tasks() - tasks_before)

        while not result.responded:
            # Give up early when a handler crashed (discord.py logged an ERROR from a handler task)
            # and no handler is still running.
            crashed = any(getattr(r, "task_name", "").startswith(_HANDLER_TASKS)
                          for r in self.errors[logged_before:])
            if (crashed and not handlers_running()) or time.monotonic() >= deadline:
                break
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(result._responded.wait(), min(0.01, max(0.0, deadline - time.monotonic())))
        if not result.responded:
            failed = [c for c in self.calls if c.at >= result.dispatched_at and c.status >= 400]
            logged = [logging.Formatter().format(r) for r in self.errors[logged_before:]]
            what = result.payload["data"].get("name") or result.payload["data"].get("custom_id")
            raise AssertionError(
                f"the bot did not answer {result.kind} {what!r}"
                + (" (a handler failed)" if len(self.errors) > logged_before else f" within {timeout}s")
                + (f"; failed calls since dispatch: {[(c, c.response) for c in failed]}" if failed else "")
                + ("; discord.py logged:\n" + "\n".join(logged) if logged else "")
            ) from None
        if result.type == CB_DEFERRED_MESSAGE:
            with contextlib.suppress(AssertionError):
                await result._wait(lambda: result.deferred_filled, max(0.0, deadline - time.monotonic()),
                                   "the deferred response to be filled")
        # Settle: done when the handler tasks discord.py started for this interaction have finished
        # (so every REST call they awaited is recorded); if one is still running (a ``view.wait()``, a
        # sleep), when no REST call arrived for ``settle`` seconds.
        while settle > 0 and time.monotonic() < deadline:
            if not handlers_running() or time.monotonic() - self._last_activity >= settle:
                break
            await asyncio.sleep(0.002)

    # -- application commands
    def _find_command(self, guild: FakeGuild | None, path: str, ctype: int = 1) -> tuple[
            dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
        parts = path.strip().lstrip("/").split()
        name = parts[0] if ctype == 1 else path
        scopes = ([guild.id] if guild else []) + [None]
        cmd = next((self.commands[s][name] for s in scopes
                    if name in self.commands.get(s, {}) and self.commands[s][name].get("type", 1) == ctype), None)
        if cmd is None:
            synced = {s: sorted(c) for s, c in self.commands.items()}
            raise LookupError(f"command {name!r} is not synced (synced: {synced})")
        node, chain = cmd, []
        for part in parts[1:] if ctype == 1 else []:
            sub = next((o for o in node.get("options") or [] if o["name"] == part and o["type"] in (1, 2)), None)
            if sub is None:
                raise LookupError(f"{node['name']!r} has no subcommand/group {part!r}")
            chain.append(sub)
            node = sub
        if any(o.get("type") in (1, 2) for o in node.get("options") or []):
            raise LookupError(f"{path!r} is a group: name a subcommand")
        return cmd, chain, node

    def _check_command_perms(self, cmd: dict[str, Any], guild: FakeGuild | None, member: FakeMember | None,
                             channel: FakeChannel) -> None:
        needed = cmd.get("default_member_permissions")
        if guild is None:
            contexts = cmd.get("contexts")
            if cmd.get("guild_id") or cmd.get("dm_permission") is False or (contexts and 1 not in contexts):
                raise PermissionError(f"/{cmd['name']} is not available in DMs")
            return
        if needed is None or member is None:
            return
        if (guild.permissions_for(member, channel) & int(needed)) != int(needed):
            raise PermissionError(f"{member.user.username!r} lacks default_member_permissions {needed} "
                                  f"for /{cmd['name']} (pass force=True to invoke it anyway)")

    def _resolve(self, otype: int, value: Any, guild: FakeGuild | None, channel: FakeChannel,
                 resolved: dict[str, dict[str, Any]], member: FakeMember | None = None) -> str:
        """Snowflake option/select value -> id string, filling ``resolved``."""
        if otype == 11:
            att = value if isinstance(value, FakeAttachment) else FakeAttachment(filename=value[0], data=value[1])
            self._attachments[att.id] = (att.data, att.content_type)
            att.url = f"{self.base_url}/attachments/{channel.id}/{att.id}/{att.filename}"
            resolved.setdefault("attachments", {})[str(att.id)] = att.to_payload()
            return str(att.id)
        vid = value if isinstance(value, int) else value.id
        known = value.user if isinstance(value, FakeUser | FakeMember) else self.user(vid)
        if otype in (6, 9) and known is not None:
            user = known
            resolved.setdefault("users", {})[str(vid)] = user.to_payload()
            target = guild.member(vid) if guild else None
            if target is not None and guild is not None:
                resolved.setdefault("members", {})[str(vid)] = target.to_payload(
                    with_user=False, permissions=guild.permissions_for(target, channel))
            return str(vid)
        if otype in (8, 9):
            role = value if isinstance(value, FakeRole) else (guild.role(vid) if guild else None)
            if role is not None:
                resolved.setdefault("roles", {})[str(vid)] = role.to_payload()
            return str(vid)
        if otype == 7:
            ch = value if isinstance(value, FakeChannel) else self._find_channel(vid)[1]
            if ch is not None and guild is not None:
                member_perms = guild.permissions_for(member, ch) if member is not None else Perm.ALL
                resolved.setdefault("channels", {})[str(vid)] = {
                    "id": str(ch.id), "name": ch.name, "type": ch.type, "permissions": str(member_perms),
                    "parent_id": str(ch.parent_id) if ch.parent_id else None, "guild_id": str(guild.id),
                }
            return str(vid)
        return str(vid)

    def _options(self, leaf: dict[str, Any], given: dict[str, Any], guild: FakeGuild | None,
                 channel: FakeChannel, resolved: dict[str, dict[str, Any]], *, focused: str | None = None,
                 force: bool = False, member: FakeMember | None = None) -> list[dict[str, Any]]:
        defs = {o["name"]: o for o in leaf.get("options") or []}
        unknown = set(given) - set(defs)
        if unknown:
            raise KeyError(f"unknown option(s) {sorted(unknown)} for {leaf['name']!r}; known: {sorted(defs)}")
        missing = [n for n, o in defs.items() if o.get("required") and n not in given]
        if missing and focused is None and not force:
            raise ValueError(f"missing required option(s) {missing} for {leaf['name']!r}")
        out = []
        for name, d in defs.items():
            if name not in given:
                continue
            value, otype = given[name], d["type"]
            opt: dict[str, Any] = {"name": name, "type": otype}
            if name == focused:
                opt.update(value=str(value), focused=True)
            elif otype == 3:
                opt["value"] = str(value)
            elif otype == 4:
                if isinstance(value, bool) or int(value) != value:
                    raise TypeError(f"option {name!r} is an integer, got {value!r}")
                opt["value"] = int(value)
            elif otype == 5:
                opt["value"] = bool(value)
            elif otype == 10:
                opt["value"] = value
            else:
                opt["value"] = self._resolve(otype, value, guild, channel, resolved, member)
            out.append(opt)
        return out

    def _command_data(self, guild: FakeGuild | None, channel: FakeChannel, command: str,
                      options: dict[str, Any] | None, *, member: FakeMember | None, focused: str | None = None,
                      force: bool = False) -> dict[str, Any]:
        cmd, chain, leaf = self._find_command(guild, command)
        if not force:
            self._check_command_perms(cmd, guild, member, channel)
        resolved: dict[str, dict[str, Any]] = {}
        opts = self._options(leaf, dict(options or {}), guild, channel, resolved, focused=focused, force=force,
                             member=member)
        for sub in reversed(chain):
            opts = [{"name": sub["name"], "type": sub["type"], "options": opts}]
        data: dict[str, Any] = {"id": cmd["id"], "name": cmd["name"], "type": 1, "options": opts}
        if cmd.get("guild_id"):
            data["guild_id"] = cmd["guild_id"]
        if resolved:
            data["resolved"] = resolved
        return data

    async def slash(self, user: User, guild: FakeGuild | None, channel: FakeChannel | None, command: str,
                    options: dict[str, Any] | None = None, *, force: bool = False, wait: bool = True,
                    timeout: float = 5.0, settle: float | None = None,
                    locale: str | None = None) -> InteractionResult:
        """Invoke ``/command`` ("name", "name sub" or "name group sub") and wait for the answer."""
        u, g, member, ch = self._context(user, guild, channel)
        data = self._command_data(g, ch, command, options, member=member, force=force)
        return await self._interact("slash", _APP_COMMAND, u, g, ch, data, wait=wait, timeout=timeout,
                                    settle=settle, locale=locale)

    async def autocomplete(self, user: User, guild: FakeGuild | None, channel: FakeChannel | None, command: str,
                           options: dict[str, Any], focused: str | None = None, *,
                           timeout: float = 5.0) -> list[dict[str, Any]]:
        """Send an autocomplete interaction for ``focused`` (default: the last option given)."""
        if not options:
            raise ValueError("autocomplete needs at least the focused option's current text")
        focused = focused or list(options)[-1]
        u, g, member, ch = self._context(user, guild, channel)
        data = self._command_data(g, ch, command, options, member=member, focused=focused, force=True)
        result = await self._interact("autocomplete", _AUTOCOMPLETE, u, g, ch, data, timeout=timeout, settle=0)
        if result.type != CB_AUTOCOMPLETE:
            raise AssertionError(f"autocomplete answered with callback type {result.type}")
        return result.choices

    async def context_menu(self, user: User, guild: FakeGuild | None, channel: FakeChannel | None, name: str,
                           target: FakeUser | FakeMember | FakeMessage, *, force: bool = False,
                           timeout: float = 5.0, settle: float | None = None) -> InteractionResult:
        """Invoke a user (target FakeUser/FakeMember) or message (target FakeMessage) context menu."""
        u, g, member, ch = self._context(user, guild, channel)
        is_msg = isinstance(target, FakeMessage)
        cmd, _, _ = self._find_command(g, name, 3 if is_msg else 2)
        if not force:
            self._check_command_perms(cmd, g, member, ch)
        resolved: dict[str, dict[str, Any]] = {}
        if isinstance(target, FakeMessage):
            resolved["messages"] = {str(target.id): copy.deepcopy(target.data)}
        else:
            self._resolve(6, target, g, ch, resolved)
        data = {"id": cmd["id"], "name": cmd["name"], "type": 3 if is_msg else 2, "target_id": str(target.id),
                "resolved": resolved, **({"guild_id": cmd["guild_id"]} if cmd.get("guild_id") else {})}
        return await self._interact("slash", _APP_COMMAND, u, g, ch, data, timeout=timeout, settle=settle)

    # -- components
    def _source(self, message: FakeMessage | InteractionResult | int) -> FakeMessage:
        if isinstance(message, InteractionResult):
            if message.message is None:
                raise ValueError(f"{message!r} produced no message")
            message = message.message
        msg = self.messages[message] if isinstance(message, int) else message
        if msg.deleted:
            raise ValueError(f"message {msg.id} was deleted")
        return msg

    def _where(self, msg: FakeMessage) -> tuple[FakeGuild | None, FakeChannel | None]:
        guild, ch = self._find_channel(msg.channel_id)
        if ch is None:
            raise ValueError(f"message {msg.id} is in an unknown channel")
        return guild, ch

    async def click(self, user: User, message: FakeMessage | InteractionResult | int, custom_id: str, *,
                    force: bool = False, wait: bool = True, timeout: float = 5.0,
                    settle: float | None = None) -> InteractionResult:
        """Click the button ``custom_id`` on ``message``."""
        msg = self._source(message)
        item = msg.component(custom_id)
        if item.type != 2:
            raise ValueError(f"{item.custom_id!r} is not a button (type {item.type})")
        if item.disabled and not force:
            raise ValueError(f"button {item.custom_id!r} ({item.label!r}) is disabled")
        guild, ch = self._where(msg)
        data = {"custom_id": item.custom_id, "component_type": 2}
        return await self._interact("click", _COMPONENT, user, guild, ch, data, source=msg, wait=wait,
                                    timeout=timeout, settle=settle)

    async def select(self, user: User, message: FakeMessage | InteractionResult | int, custom_id: str,
                     values: list[Any], *, force: bool = False, wait: bool = True, timeout: float = 5.0,
                     settle: float | None = None) -> InteractionResult:
        """Choose ``values`` in the select ``custom_id`` on ``message``."""
        msg = self._source(message)
        item = msg.component(custom_id)
        if item.type not in SELECT_TYPES:
            raise ValueError(f"{item.custom_id!r} is not a select (type {item.type})")
        guild, ch = self._where(msg)
        data = self._select_data(item, values, guild, ch, force=force)
        return await self._interact("select", _COMPONENT, user, guild, ch, data, source=msg, wait=wait,
                                    timeout=timeout, settle=settle)

    def _select_data(self, item: UIItem, values: list[Any], guild: FakeGuild | None, ch: FakeChannel, *,
                     force: bool) -> dict[str, Any]:
        if not force:
            if item.disabled:
                raise ValueError(f"select {item.custom_id!r} is disabled")
            lo, hi = item.min_values if item.min_values is not None else 1, item.max_values or 1
            if not lo <= len(values) <= hi:
                raise ValueError(f"select {item.custom_id!r} takes {lo}..{hi} values, got {len(values)}")
            if item.type == 3 and (bad := [v for v in values if v not in item.option_values]):
                raise ValueError(f"{bad} not among the options {item.option_values} of {item.custom_id!r}")
        data: dict[str, Any] = {"custom_id": item.custom_id, "component_type": item.type}
        if item.type == 3:
            data["values"] = [str(v) for v in values]
        else:
            kind = {5: 6, 6: 8, 7: 9, 8: 7}[item.type]
            resolved: dict[str, dict[str, Any]] = {}
            data["values"] = [self._resolve(kind, v, guild, ch, resolved) for v in values]
            data["resolved"] = resolved
        return data

    # -- modals
    async def submit_modal(self, user: User, origin: InteractionResult, custom_id: str | None = None,
                           values: dict[str, Any] | None = None, *, force: bool = False, wait: bool = True,
                           timeout: float = 5.0, settle: float | None = None) -> InteractionResult:
        """Submit the modal that ``origin`` opened, with ``values`` by input custom_id."""
        values = dict(values or {})
        modal = origin.modal
        if modal is None:
            if custom_id is None:
                raise ValueError(f"{origin!r} did not open a modal")
            modal = FakeModal("", custom_id, [{"type": 1, "components": [
                {"type": 4, "custom_id": k, "label": k}]} for k in values])
        unknown = set(values) - {i.custom_id for i in flat_items(modal.components)}
        if unknown:
            raise KeyError(f"unknown modal input(s) {sorted(unknown)}; have {[i.custom_id for i in modal.inputs]}")
        guild = self.guild(origin.guild_id) if origin.guild_id else None
        _, ch = self._find_channel(origin.channel_id or 0)
        components = [c for c in (self._submitted(c, values, guild, ch, force) for c in modal.components) if c]
        data = {"custom_id": custom_id or modal.custom_id, "components": components}
        return await self._interact("modal_submit", _MODAL_SUBMIT, user, guild, ch, data,
                                    source=origin.source_message, wait=wait, timeout=timeout, settle=settle)

    def _submitted(self, comp: dict[str, Any], values: dict[str, Any], guild: FakeGuild | None,
                   ch: FakeChannel | None, force: bool) -> dict[str, Any] | None:
        ctype = comp.get("type")
        if ctype == 1:
            kids = [k for k in (self._submitted(c, values, guild, ch, force) for c in comp.get("components") or [])
                    if k]
            return {"type": 1, "components": kids} if kids else None
        if ctype == 18:
            inner = self._submitted(comp["component"], values, guild, ch, force)
            return {"type": 18, "component": inner} if inner else None
        cid = comp.get("custom_id")
        if ctype == 4:
            value = str(values.get(cid, comp.get("value") or ""))
            if not force:
                if comp.get("required", True) and not value:
                    raise ValueError(f"modal input {cid!r} is required")
                if value and not (comp.get("min_length") or 0) <= len(value) <= (comp.get("max_length") or 4000):
                    raise ValueError(f"modal input {cid!r}: length {len(value)} outside "
                                     f"{comp.get('min_length') or 0}..{comp.get('max_length') or 4000}")
            return {"type": 4, "custom_id": cid, "value": value}
        if ctype in SELECT_TYPES:
            chosen = values.get(cid, [])
            chosen = chosen if isinstance(chosen, list) else [chosen]
            if ch is None:
                raise ValueError("modal select needs a channel")
            data = self._select_data(UIItem(type=ctype, custom_id=cid, options=comp.get("options") or [],
                                            min_values=comp.get("min_values"), max_values=comp.get("max_values")),
                                     chosen, guild, ch, force=force or not comp.get("required", True))
            return {"type": ctype, "custom_id": cid, "values": data["values"]}
        return None

    # -- plain messages from users
    async def user_message(self, user: User, channel: FakeChannel, content: str) -> FakeMessage:
        """A user posts ``content`` in ``channel`` (dispatches MESSAGE_CREATE).

        Like Discord, the bot gets empty content in guild channels unless it identified with the
        message content intent or is mentioned.
        """
        guild, ch = self._find_channel(channel.id)
        if ch is None:
            raise ValueError("unknown channel")
        u = user.user
        mid = next_id()
        data: dict[str, Any] = {
            "id": str(mid), "channel_id": str(ch.id), "type": 0, "content": content, "author": u.to_payload(),
            "embeds": [], "components": [], "attachments": [], "flags": 0, "timestamp": iso_now(),
            "edited_timestamp": None, "tts": False, "pinned": False, "mention_everyone": False,
            **self._mentions(content, None, interaction=False),
        }
        if guild is not None:
            member = guild.member(u.id)
            data["guild_id"] = str(guild.id)
            if member is not None:
                data["member"] = member.to_payload(with_user=False)
        msg = FakeMessage(data=data)
        self.messages[mid] = msg
        self._channel_messages.setdefault(ch.id, []).append(msg)
        event = copy.deepcopy(data)
        # Without the privileged message content intent a bot sees content only in DMs and mentions.
        intents = int((self.identify or {}).get("intents") or 0)
        if not intents & (1 << 15) and guild is not None and self.bot.id not in msg.mentioned_user_ids:
            event["content"] = ""
        await self.dispatch("MESSAGE_CREATE", event)
        return msg
