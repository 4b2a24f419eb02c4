"""What the fake Discord server records and hands back to tests (see ``fake_discord``).

- ``Call``: one REST request the bot made (method, path, query, json, files, headers, response).
- ``FakeMessage``: a message the bot posted (channel post, DM, interaction response, follow-up);
  live: edits and deletes are applied to the same object, previous versions kept in ``history``.
- ``UIItem``: one interactive component (button, select, text input) found anywhere in a message
  or modal, flattened for easy asserts.
- ``FakeModal``: a modal the bot opened.
- ``InteractionResult``: everything the bot did in answer to one interaction.
- ``validate_*``: the Discord limits the server enforces (HTTP 400, code 50035) when ``strict``.
"""

# ASYNC109: explicit ``timeout=`` parameters are this harness' API.
# ruff: noqa: ASYNC109

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

EPHEMERAL = 1 << 6
LOADING = 1 << 7
SUPPRESS_EMBEDS = 1 << 2
IS_COMPONENTS_V2 = 1 << 15

#: Component types that a user can interact with (button, string/user/role/mentionable/channel select).
INTERACTIVE_TYPES = {2, 3, 5, 6, 7, 8}
SELECT_TYPES = {3, 5, 6, 7, 8}

# Interaction callback types.
CB_PONG, CB_MESSAGE, CB_DEFERRED_MESSAGE, CB_DEFERRED_UPDATE, CB_UPDATE_MESSAGE = 1, 4, 5, 6, 7
CB_AUTOCOMPLETE, CB_MODAL = 8, 9


@dataclass
class FakeFile:
    """An uploaded file (multipart part)."""

    filename: str
    data: bytes
    content_type: str | None = None
    field: str = ""


@dataclass
class Call:
    """One recorded REST request. ``path`` is relative to ``/api/v10`` (e.g. ``/channels/1/messages``)."""

    index: int
    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[FakeFile]
    form: dict[str, str] | None
    headers: dict[str, str]
    status: int = 0
    response: Any = None
    at: float = field(default_factory=time.monotonic)
    #: The fail rule that produced the response, if one did.
    failed_by: Any = None

    def __repr__(self) -> str:
        return f"<Call #{self.index} {self.method} {self.path} -> {self.status}>"


@dataclass
class UIItem:
    """A button / select / text input, flattened. ``raw`` is the component dict as the bot sent it."""

    type: int
    custom_id: str | None
    label: str | None = None
    disabled: bool = False
    style: int | None = None
    url: str | None = None
    placeholder: str | None = None
    options: list[dict[str, Any]] = field(default_factory=list)
    min_values: int | None = None
    max_values: int | None = None
    required: bool | None = None
    value: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def is_button(self) -> bool:
        return self.type == 2

    @property
    def is_select(self) -> bool:
        return self.type in SELECT_TYPES

    @property
    def option_values(self) -> list[str]:
        return [o.get("value") for o in self.options]

    @property
    def option_labels(self) -> list[str]:
        return [o.get("label") for o in self.options]


def walk_components(components: list[dict[str, Any]] | None) -> Iterator[dict[str, Any]]:
    """Every component dict, depth first (rows, containers, sections' accessories, labels)."""
    for comp in components or []:
        yield comp
        yield from walk_components(comp.get("components"))
        for key in ("accessory", "component"):
            if isinstance(comp.get(key), dict):
                yield from walk_components([comp[key]])


def flat_items(components: list[dict[str, Any]] | None, *, label_from_parent: bool = True) -> list[UIItem]:
    """Interactive components and text inputs as ``UIItem``s, in display order."""
    items: list[UIItem] = []

    def visit(comps: list[dict[str, Any]] | None, parent_label: str | None) -> None:
        for c in comps or []:
            if c.get("type") in INTERACTIVE_TYPES or c.get("type") == 4:
                items.append(_item(c, parent_label if label_from_parent else None))
            visit(c.get("components"), None)
            if isinstance(c.get("accessory"), dict):
                visit([c["accessory"]], None)
            if isinstance(c.get("component"), dict):  # type 18 label wraps one component
                visit([c["component"]], c.get("label"))

    visit(components, None)
    return items


def _item(c: dict[str, Any], parent_label: str | None) -> UIItem:
    return UIItem(
        type=c["type"],
        custom_id=c.get("custom_id"),
        label=c.get("label") or parent_label,
        disabled=bool(c.get("disabled", False)),
        style=c.get("style"),
        url=c.get("url"),
        placeholder=c.get("placeholder"),
        options=list(c.get("options") or []),
        min_values=c.get("min_values"),
        max_values=c.get("max_values"),
        required=c.get("required"),
        value=c.get("value"),
        min_length=c.get("min_length"),
        max_length=c.get("max_length"),
        raw=c,
    )


def _fullmatch(pattern: str, value: str) -> bool:
    try:
        return re.fullmatch(pattern, value) is not None
    except re.error:
        return False


class _HasComponents:
    """Shared helpers for objects with ``components``."""

    components: list[dict[str, Any]]

    @property
    def items(self) -> list[UIItem]:
        return flat_items(self.components)

    @property
    def buttons(self) -> list[UIItem]:
        return [i for i in self.items if i.is_button]

    @property
    def selects(self) -> list[UIItem]:
        return [i for i in self.items if i.is_select]

    def component(self, custom_id: str | None = None, *, label: str | None = None) -> UIItem:
        """The item with that custom_id (exact, or a regex full match) or label; KeyError if none."""
        items = self.items
        for item in items:
            if (custom_id is not None and item.custom_id == custom_id) or (label is not None and item.label == label):
                return item
        for item in items:  # no exact match: try custom_id as a regex
            if custom_id is not None and item.custom_id is not None and _fullmatch(custom_id, item.custom_id):
                return item
        have = [(i.custom_id, i.label) for i in self.items]
        raise KeyError(f"no component custom_id={custom_id!r} label={label!r}; have {have}")


@dataclass(eq=False)
class FakeMessage(_HasComponents):
    """A message in the fake server's store. ``data`` is the payload discord.py sees."""

    data: dict[str, Any]
    files: list[FakeFile] = field(default_factory=list)
    interaction_token: str | None = None
    deleted: bool = False
    history: list[dict[str, Any]] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<FakeMessage id={self.id} channel={self.channel_id} content={self.content!r}>"

    @property
    def id(self) -> int:
        return int(self.data["id"])

    @property
    def channel_id(self) -> int:
        return int(self.data["channel_id"])

    @property
    def guild_id(self) -> int | None:
        gid = self.data.get("guild_id")
        return int(gid) if gid else None

    @property
    def author_id(self) -> int:
        return int(self.data["author"]["id"])

    @property
    def content(self) -> str:
        return self.data.get("content") or ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.data.get("embeds") or []

    @property
    def embed(self) -> dict[str, Any] | None:
        return self.embeds[0] if self.embeds else None

    @property
    def components(self) -> list[dict[str, Any]]:  # type: ignore[override]
        return self.data.get("components") or []

    @property
    def attachments(self) -> list[dict[str, Any]]:
        return self.data.get("attachments") or []

    @property
    def flags(self) -> int:
        return int(self.data.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & LOADING)

    @property
    def edited(self) -> bool:
        return self.data.get("edited_timestamp") is not None

    @property
    def mention_everyone(self) -> bool:
        return bool(self.data.get("mention_everyone"))

    @property
    def mentioned_user_ids(self) -> list[int]:
        return [int(u["id"]) for u in self.data.get("mentions") or []]

    @property
    def mentioned_role_ids(self) -> list[int]:
        return [int(r) for r in self.data.get("mention_roles") or []]

    @property
    def text(self) -> str:
        """Content plus every embed's title/description/field/footer text, for loose asserts."""
        parts = [self.content]
        for e in self.embeds:
            parts += [e.get("title") or "", e.get("description") or ""]
            parts += [f"{f.get('name', '')}\n{f.get('value', '')}" for f in e.get("fields") or []]
            parts.append((e.get("footer") or {}).get("text") or "")
            parts.append((e.get("author") or {}).get("name") or "")
        for c in walk_components(self.components):
            if c.get("type") == 10:  # components v2 text display
                parts.append(c.get("content") or "")
        return "\n".join(p for p in parts if p)


@dataclass
class FakeModal(_HasComponents):
    title: str
    custom_id: str
    components: list[dict[str, Any]]  # type: ignore[assignment]

    @property
    def inputs(self) -> list[UIItem]:
        """Text inputs and selects, with the label of their Label wrapper if any."""
        return self.items


@dataclass(eq=False)
class InteractionResult(_HasComponents):
    """Everything the bot did for one interaction. Live: later follow-ups/edits keep arriving.

    ``message`` is the original response message (types 4/5), or, for component and modal
    interactions answered with 6/7, the message the component is on. ``content``, ``embeds``,
    ``components`` and ``flags`` read from ``message`` as it is now (after edits) when there is one,
    else from the callback's ``data``.
    """

    kind: str
    interaction_id: int
    token: str
    payload: dict[str, Any]
    channel_id: int | None
    guild_id: int | None
    source_message: FakeMessage | None = None
    callback: Call | None = None
    type: int | None = None
    data: dict[str, Any] = field(default_factory=dict)
    message: FakeMessage | None = None
    followups: list[FakeMessage] = field(default_factory=list)
    edits: list[Call] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    dispatched_at: float = field(default_factory=time.monotonic)
    responded_at: float | None = None
    deferred_filled: bool = False
    _responded: asyncio.Event = field(default_factory=asyncio.Event, repr=False)
    _changed: asyncio.Event = field(default_factory=asyncio.Event, repr=False)

    def __repr__(self) -> str:
        return (f"<InteractionResult {self.kind} type={self.type} content={self.content!r} "
                f"followups={len(self.followups)}>")

    @property
    def responded(self) -> bool:
        return self.type is not None

    @property
    def response_time(self) -> float | None:
        return None if self.responded_at is None else self.responded_at - self.dispatched_at

    @property
    def deferred(self) -> bool:
        return self.type in (CB_DEFERRED_MESSAGE, CB_DEFERRED_UPDATE)

    @property
    def message_id(self) -> int | None:
        return self.message.id if self.message else None

    @property
    def content(self) -> str | None:
        return self.message.content if self.message else self.data.get("content")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.message.embeds if self.message else self.data.get("embeds") or []

    @property
    def embed(self) -> dict[str, Any] | None:
        return self.embeds[0] if self.embeds else None

    @property
    def components(self) -> list[dict[str, Any]]:  # type: ignore[override]
        return self.message.components if self.message else self.data.get("components") or []

    @property
    def flags(self) -> int:
        return self.message.flags if self.message else int(self.data.get("flags") or 0)

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & EPHEMERAL)

    @property
    def text(self) -> str:
        return self.message.text if self.message else self.data.get("content") or ""

    @property
    def modal(self) -> FakeModal | None:
        if self.type != CB_MODAL:
            return None
        return FakeModal(self.data.get("title", ""), self.data.get("custom_id", ""),
                         self.data.get("components") or [])

    @property
    def choices(self) -> list[dict[str, Any]]:
        """Autocomplete choices (``[{"name": ..., "value": ...}]``)."""
        return self.data.get("choices") or []

    async def wait_followups(self, count: int = 1, timeout: float = 5.0) -> list[FakeMessage]:
        """Wait until at least ``count`` follow-ups arrived for this interaction."""
        await self._wait(lambda: len(self.followups) >= count, timeout, f"{count} follow-up(s)")
        return self.followups

    async def wait_edit(self, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """Wait until at least ``count`` edits of ``@original``/follow-ups arrived."""
        await self._wait(lambda: len(self.edits) >= count, timeout, f"{count} edit(s)")
        return self.edits

    async def _wait(self, cond: Any, timeout: float, what: str) -> None:
        deadline = time.monotonic() + timeout
        while True:
            self._changed.clear()
            if cond():
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"{self!r}: timed out after {timeout}s waiting for {what}")
            try:
                await asyncio.wait_for(self._changed.wait(), remaining)
            except TimeoutError:
                continue


# --------------------------------------------------------------------------------------------
# Validation: the Discord limits that matter to this bot (DISCORD.md). Returns {path: message}.
# --------------------------------------------------------------------------------------------


def _max(errors: dict[str, str], path: str, value: Any, limit: int) -> None:
    if value is not None and len(value) > limit:
        errors[path] = f"Must be {limit} or fewer in length."


def validate_message(body: dict[str, Any], *, has_files: bool = False, is_edit: bool = False) -> dict[str, str]:
    errors: dict[str, str] = {}
    v2 = bool(int(body.get("flags") or 0) & IS_COMPONENTS_V2)
    _max(errors, "content", body.get("content"), 2000)
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        errors["embeds"] = "Must be 10 or fewer in length."
    total = 0
    for i, e in enumerate(embeds):
        p = f"embeds.{i}"
        _max(errors, f"{p}.title", e.get("title"), 256)
        _max(errors, f"{p}.description", e.get("description"), 4096)
        fields = e.get("fields") or []
        if len(fields) > 25:
            errors[f"{p}.fields"] = "Must be 25 or fewer in length."
        for j, f in enumerate(fields):
            _max(errors, f"{p}.fields.{j}.name", f.get("name"), 256)
            _max(errors, f"{p}.fields.{j}.value", f.get("value"), 1024)
            if not f.get("name") or not f.get("value"):
                errors[f"{p}.fields.{j}"] = "Field name and value are required."
        _max(errors, f"{p}.footer.text", (e.get("footer") or {}).get("text"), 2048)
        _max(errors, f"{p}.author.name", (e.get("author") or {}).get("name"), 256)
        total += sum(len(x or "") for x in (e.get("title"), e.get("description"),
                                             (e.get("footer") or {}).get("text"),
                                             (e.get("author") or {}).get("name")))
        total += sum(len(f.get("name") or "") + len(f.get("value") or "") for f in fields)
    if total > 6000:
        errors["embeds"] = "Embed size exceeds maximum size of 6000"
    errors.update(validate_components(body.get("components") or [], v2=v2))
    if not is_edit and not (body.get("content") or embeds or body.get("components") or has_files
                            or body.get("sticker_ids") or body.get("poll")):
        errors["_empty"] = "Cannot send an empty message"
    return errors


def validate_components(components: list[dict[str, Any]], *, v2: bool = False) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not v2 and len(components) > 5:
        errors["components"] = "Must be 5 or fewer in length."
    seen: set[str] = set()
    for i, row in enumerate(components):
        if not v2 and row.get("type") == 1:
            kids = row.get("components") or []
            if len(kids) > 5 or (any(k.get("type") in SELECT_TYPES for k in kids) and len(kids) > 1):
                errors[f"components.{i}.components"] = "Too many components in this action row."
    for c in walk_components(components):
        cid = c.get("custom_id")
        if cid is not None:
            if not 1 <= len(cid) <= 100:
                errors[f"custom_id:{cid[:20]}"] = "custom_id must be 1-100 characters."
            if cid in seen:
                errors[f"custom_id:{cid[:20]}"] = "Component custom id cannot be duplicated"
            seen.add(cid)
        if c.get("type") == 2:
            _max(errors, f"button:{cid}.label", c.get("label"), 80)
            if cid is None and not c.get("url") and not c.get("sku_id"):
                errors[f"button:{c.get('label')}"] = "Buttons need a custom_id or a url."
        if c.get("type") in SELECT_TYPES:
            opts = c.get("options") or []
            if c.get("type") == 3 and not 1 <= len(opts) <= 25:
                errors[f"select:{cid}.options"] = "Must be between 1 and 25 in length."
            _max(errors, f"select:{cid}.placeholder", c.get("placeholder"), 150)
            for j, o in enumerate(opts):
                for key in ("label", "value", "description"):
                    _max(errors, f"select:{cid}.options.{j}.{key}", o.get(key), 100)
        if c.get("type") == 4:
            _max(errors, f"text_input:{cid}.label", c.get("label"), 45)
            _max(errors, f"text_input:{cid}.value", c.get("value"), 4000)
            if (c.get("max_length") or 0) > 4000:
                errors[f"text_input:{cid}.max_length"] = "Must be 4000 or less."
    return errors


def validate_modal(data: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    _max(errors, "data.title", data.get("title"), 45)
    if not data.get("title"):
        errors["data.title"] = "This field is required"
    if not 1 <= len(data.get("custom_id") or "") <= 100:
        errors["data.custom_id"] = "custom_id must be 1-100 characters."
    comps = data.get("components") or []
    if not 1 <= len(comps) <= 5:
        errors["data.components"] = "Must be between 1 and 5 in length."
    for path, msg in validate_components(comps, v2=True).items():
        errors[f"data.{path}"] = msg
    for c in walk_components(comps):
        if c.get("type") == 18:
            _max(errors, "data.label", c.get("label"), 45)
    return errors


def validate_choices(choices: list[dict[str, Any]]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(choices) > 25:
        errors["data.choices"] = "Must be 25 or fewer in length."
    for i, ch in enumerate(choices):
        _max(errors, f"data.choices.{i}.name", ch.get("name"), 100)
        if isinstance(ch.get("value"), str):
            _max(errors, f"data.choices.{i}.value", ch.get("value"), 100)
    return errors


_NAME_RE = re.compile(r"^[-_\w]{1,32}$")


def validate_commands(commands: list[dict[str, Any]]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(commands) > 100:
        errors["_root"] = "Maximum number of application commands reached (100)."
    names: set[tuple[str, int]] = set()

    def check(opt: dict[str, Any], path: str, *, is_command: bool) -> None:
        name = opt.get("name") or ""
        if is_command and opt.get("type", 1) in (2, 3):  # context menus: free-form name, no description
            if not 1 <= len(name) <= 32:
                errors[f"{path}.name"] = f"Invalid name {name!r}"
        else:
            if not _NAME_RE.match(name) or name != name.lower():
                errors[f"{path}.name"] = f"Invalid name {name!r}"
            if not 1 <= len(opt.get("description") or "") <= 100:
                errors[f"{path}.description"] = "Must be between 1 and 100 in length."
        subs = opt.get("options") or []
        if len(subs) > 25:
            errors[f"{path}.options"] = "Must be 25 or fewer in length."
        if len(opt.get("choices") or []) > 25:
            errors[f"{path}.choices"] = "Must be 25 or fewer in length."
        required_seen_optional = False
        for i, sub in enumerate(subs):
            if sub.get("type") not in (1, 2):
                if sub.get("required"):
                    if required_seen_optional:
                        errors[f"{path}.options.{i}"] = "Required options must be placed before non-required options"
                else:
                    required_seen_optional = True
            check(sub, f"{path}.options.{i}", is_command=False)

    for i, cmd in enumerate(commands):
        key = (cmd.get("name") or "", cmd.get("type", 1))
        if key in names:
            errors[f"{i}.name"] = "Application command names must be unique"
        names.add(key)
        check(cmd, str(i), is_command=True)
    return errors
