"""Plain data models of Discord entities for the fake Discord server (see ``fake_discord``).

Everything here is a small mutable dataclass that renders itself as the JSON payload discord.py
2.7 parses (``to_payload``). Ids are real-looking snowflakes (time based, unique per process), so
``created_at`` and sorting behave. Permissions are plain ``int`` bit sets; ``Perm`` names the bits the
bot cares about, and ``discord.Permissions(...).value`` works too.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

import discord

DISCORD_EPOCH_MS = 1_420_070_400_000
_counter = itertools.count(1)
_last_id = 0


def next_id() -> int:
    """A fresh, strictly increasing snowflake whose timestamp is now."""
    global _last_id  # noqa: PLW0603 - one process-wide generator is the point
    candidate = ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (next(_counter) & 0xFFF)
    _last_id = max(candidate, _last_id + 1)
    return _last_id


def iso_now() -> str:
    return discord.utils.utcnow().isoformat()


class Perm:
    """Permission bits (https://discord.com/developers/docs/topics/permissions)."""

    CREATE_INSTANT_INVITE = 1 << 0
    KICK_MEMBERS = 1 << 1
    BAN_MEMBERS = 1 << 2
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5  # "Manage Server" (0x20): studycoach's moderator permission
    ADD_REACTIONS = 1 << 6
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    SEND_TTS_MESSAGES = 1 << 12
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    CONNECT = 1 << 20
    SPEAK = 1 << 21
    CHANGE_NICKNAME = 1 << 26
    MANAGE_ROLES = 1 << 28
    USE_APPLICATION_COMMANDS = 1 << 31
    CREATE_PUBLIC_THREADS = 1 << 35
    SEND_MESSAGES_IN_THREADS = 1 << 38
    ALL = discord.Permissions.all().value
    # What a new server's @everyone role has by default (roughly).
    DEFAULT_EVERYONE = (
        CREATE_INSTANT_INVITE | ADD_REACTIONS | VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | ATTACH_FILES
        | READ_MESSAGE_HISTORY | USE_EXTERNAL_EMOJIS | CONNECT | SPEAK | CHANGE_NICKNAME
        | USE_APPLICATION_COMMANDS | CREATE_PUBLIC_THREADS | SEND_MESSAGES_IN_THREADS
    )
    # Discord drops these when a member can't send messages in a channel.
    _NEED_SEND = SEND_TTS_MESSAGES | EMBED_LINKS | ATTACH_FILES | MENTION_EVERYONE


@dataclass(eq=False)
class FakeUser:
    username: str = "user"
    id: int = field(default_factory=next_id)
    bot: bool = False
    global_name: str | None = None
    avatar: str | None = None
    discriminator: str = "0"
    #: False: the server answers DMs to this user with 403 / 50007 "Cannot send messages to this user".
    dms_open: bool = True
    locale: str = "en-US"

    @property
    def user(self) -> FakeUser:  # so FakeUser and FakeMember can be used alike
        return self

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def to_payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": self.discriminator,
            "global_name": self.global_name,
            "avatar": self.avatar,
            "public_flags": 0,
        }
        if self.bot:
            data["bot"] = True
        return data


@dataclass(eq=False)
class FakeRole:
    name: str = "role"
    permissions: int = 0
    id: int = field(default_factory=next_id)
    position: int = 1
    color: int = 0
    hoist: bool = False
    managed: bool = False
    mentionable: bool = False

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"

    def to_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": self.color,
            "colors": {"primary_color": self.color, "secondary_color": None, "tertiary_color": None},
            "hoist": self.hoist,
            "managed": self.managed,
            "mentionable": self.mentionable,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }


@dataclass(eq=False)
class FakeMember:
    user: FakeUser
    roles: list[FakeRole] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_now)

    @property
    def id(self) -> int:
        return self.user.id

    @property
    def mention(self) -> str:
        return self.user.mention

    def to_payload(self, *, with_user: bool = True, permissions: int | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "roles": [str(r.id) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "flags": 0,
            "communication_disabled_until": None,
        }
        if with_user:
            data["user"] = self.user.to_payload()
        if permissions is not None:
            data["permissions"] = str(permissions)
        return data


@dataclass
class Overwrite:
    """A channel permission overwrite. ``type`` 0 = role, 1 = member."""

    id: int
    type: int = 0
    allow: int = 0
    deny: int = 0

    @classmethod
    def for_target(cls, target: FakeRole | FakeUser | FakeMember, *, allow: int = 0, deny: int = 0) -> Overwrite:
        kind = 0 if isinstance(target, FakeRole) else 1
        return cls(id=target.id, type=kind, allow=allow, deny=deny)

    def to_payload(self) -> dict[str, Any]:
        return {"id": str(self.id), "type": self.type, "allow": str(self.allow), "deny": str(self.deny)}


@dataclass(eq=False)
class FakeChannel:
    """A guild channel (type 0 text, 2 voice, 4 category, 5 news, 15 forum) or a DM (type 1)."""

    name: str = "general"
    type: int = 0
    id: int = field(default_factory=next_id)
    position: int = 0
    overwrites: list[Overwrite] = field(default_factory=list)
    parent_id: int | None = None
    topic: str | None = None
    nsfw: bool = False
    guild_id: int | None = None  # set by FakeGuild
    recipient: FakeUser | None = None  # DMs only

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    @property
    def is_dm(self) -> bool:
        return self.type == 1

    def deny(self, target: FakeRole | FakeUser | FakeMember, perms: int) -> FakeChannel:
        """Add (or extend) an overwrite denying ``perms`` to a role or member. Returns self."""
        self._overwrite(target).deny |= perms
        return self

    def allow(self, target: FakeRole | FakeUser | FakeMember, perms: int) -> FakeChannel:
        """Add (or extend) an overwrite allowing ``perms`` to a role or member. Returns self."""
        self._overwrite(target).allow |= perms
        return self

    def _overwrite(self, target: FakeRole | FakeUser | FakeMember) -> Overwrite:
        for ow in self.overwrites:
            if ow.id == target.id:
                return ow
        ow = Overwrite.for_target(target)
        self.overwrites.append(ow)
        return ow

    def to_payload(self) -> dict[str, Any]:
        if self.is_dm:
            return {
                "id": str(self.id),
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [self.recipient.to_payload()] if self.recipient else [],
            }
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "permission_overwrites": [o.to_payload() for o in self.overwrites],
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "topic": self.topic,
            "nsfw": self.nsfw,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "flags": 0,
        }
        if self.type in (2, 13):  # voice / stage
            data.update(bitrate=64000, user_limit=0, rtc_region=None)
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        return data


#: Anything that stands for a user in the driver API.
User = FakeUser | FakeMember


@dataclass(eq=False)
class FakeAttachment:
    """A file a user attaches to a slash command option of type 11 (attachment)."""

    filename: str = "file.txt"
    data: bytes = b""
    content_type: str = "text/plain"
    id: int = field(default_factory=next_id)
    url: str = ""  # filled in by the server

    def to_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "filename": self.filename,
            "size": len(self.data),
            "url": self.url,
            "proxy_url": self.url,
            "content_type": self.content_type,
        }


@dataclass(eq=False)
class FakeGuild:
    """A guild. Its @everyone role (id == guild id) is created automatically.

    Build it with the helpers: ``add_role``, ``add_channel``, ``add_member``; the server adds the
    bot as a member on start if it is not there yet.
    """

    name: str = "Test Guild"
    id: int = field(default_factory=next_id)
    owner_id: int | None = None
    roles: list[FakeRole] = field(default_factory=list)
    channels: list[FakeChannel] = field(default_factory=list)
    members: list[FakeMember] = field(default_factory=list)
    features: list[str] = field(default_factory=list)
    everyone_permissions: int = Perm.DEFAULT_EVERYONE
    preferred_locale: str = "en-US"

    def __post_init__(self) -> None:
        if not any(r.id == self.id for r in self.roles):
            self.roles.insert(0, FakeRole(name="@everyone", id=self.id, permissions=self.everyone_permissions,
                                          position=0))
        for ch in self.channels:
            ch.guild_id = self.id
        if self.owner_id is None:
            self.owner_id = next_id()  # an owner who is not a member: nobody bypasses permissions

    # -- building ------------------------------------------------------------------------------
    @property
    def everyone(self) -> FakeRole:
        return next(r for r in self.roles if r.id == self.id)

    def add_role(self, name: str, permissions: int = 0, **kwargs: Any) -> FakeRole:
        kwargs.setdefault("position", len(self.roles))
        role = FakeRole(name=name, permissions=permissions, **kwargs)
        self.roles.append(role)
        return role

    def add_channel(self, name: str = "general", type: int = 0, **kwargs: Any) -> FakeChannel:  # noqa: A002
        kwargs.setdefault("position", len(self.channels))
        ch = FakeChannel(name=name, type=type, guild_id=self.id, **kwargs)
        self.channels.append(ch)
        return ch

    def add_member(self, user: FakeUser | str, roles: list[FakeRole] | None = None, **kwargs: Any) -> FakeMember:
        if isinstance(user, str):
            user = FakeUser(username=user)
        existing = self.member(user.id)
        if existing is not None:
            existing.roles = list(roles or existing.roles)
            return existing
        member = FakeMember(user=user, roles=list(roles or []), **kwargs)
        self.members.append(member)
        return member

    # -- lookup --------------------------------------------------------------------------------
    def member(self, user_id: int) -> FakeMember | None:
        return next((m for m in self.members if m.id == user_id), None)

    def channel(self, channel_id: int) -> FakeChannel | None:
        return next((c for c in self.channels if c.id == channel_id), None)

    def role(self, role_id: int) -> FakeRole | None:
        return next((r for r in self.roles if r.id == role_id), None)

    # -- permissions ---------------------------------------------------------------------------
    def permissions_for(self, member: FakeMember | FakeUser, channel: FakeChannel | None = None) -> int:
        """Discord's permission algorithm: base (roles) then channel overwrites."""
        if isinstance(member, FakeUser):
            found = self.member(member.id)
            if found is None:
                return 0
            member = found
        if member.id == self.owner_id:
            return Perm.ALL
        perms = self.everyone.permissions
        for role in member.roles:
            perms |= role.permissions
        if perms & Perm.ADMINISTRATOR:
            return Perm.ALL
        if channel is None:
            return perms
        if channel.parent_id and channel.type in (10, 11, 12):  # threads use the parent's overwrites
            channel = self.channel(channel.parent_id) or channel
        by_id = {o.id: o for o in channel.overwrites}
        if (ow := by_id.get(self.id)) is not None:
            perms = (perms & ~ow.deny) | ow.allow
        allow = deny = 0
        for role in member.roles:
            if (ow := by_id.get(role.id)) is not None:
                allow |= ow.allow
                deny |= ow.deny
        perms = (perms & ~deny) | allow
        if (ow := by_id.get(member.id)) is not None:
            perms = (perms & ~ow.deny) | ow.allow
        if not perms & Perm.VIEW_CHANNEL:
            return 0
        if not perms & Perm.SEND_MESSAGES:
            perms &= ~Perm._NEED_SEND
        return perms

    # -- payloads ------------------------------------------------------------------------------
    def to_payload(self, *, full: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "roles": [r.to_payload() for r in self.roles],
            "emojis": [],
            "stickers": [],
            "features": list(self.features),
            "mfa_level": 0,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": self.preferred_locale,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "max_members": 500000,
        }
        if full:  # GUILD_CREATE
            data.update(
                unavailable=False,
                joined_at=iso_now(),
                large=False,
                member_count=len(self.members),
                channels=[c.to_payload() for c in self.channels],
                members=[m.to_payload() for m in self.members],
                threads=[],
                voice_states=[],
                presences=[],
                stage_instances=[],
                guild_scheduled_events=[],
                soundboard_sounds=[],
            )
        return data
