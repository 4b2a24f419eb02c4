"""Service results -> embeds. Pure functions of their arguments; no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import discord

from bot.storage.repositories.content import StoredPack
from bot.storage.repositories.guilds import GuildSettingsRow

BRAND = discord.Colour.from_rgb(88, 101, 242)
SECTION_ORDER = ("General", "Quizzes", "Drills", "Progress", "Policy", "Moderators", "Other")
FIELD_MAX = 1024


def help_embed(sections: Mapping[str, Sequence[tuple[str, str]]]) -> discord.Embed:
    embed = discord.Embed(
        title="studycoach commands",
        description="Practise ranking AI responses, writing justifications and rubric recall.",
        colour=BRAND,
    )
    ordered = sorted(sections, key=lambda s: SECTION_ORDER.index(s) if s in SECTION_ORDER else len(SECTION_ORDER))
    for section in ordered:
        lines = [f"`/{name}` — {description}" for name, description in sorted(sections[section])]
        embed.add_field(name=section, value=_fit("\n".join(lines), FIELD_MAX), inline=False)
    return embed


def about_embed(version: str, packs: Sequence[StoredPack]) -> discord.Embed:
    embed = discord.Embed(
        title="About studycoach",
        description="A study coach for AI trainers: rubric quizzes, daily ranking drills, graded justifications.",
        colour=BRAND,
    )
    embed.add_field(name="Version", value=version, inline=True)
    if packs:
        lines = [f"**{p.title}** (`{p.id}` v{p.version}, {p.license}): {p.cards} cards, {p.drills} drills"
                 for p in packs]
        embed.add_field(name="Content packs", value=_fit("\n".join(lines), FIELD_MAX), inline=False)
    else:
        embed.add_field(name="Content packs", value="None loaded.", inline=False)
    return embed


def guild_settings_embed(settings: GuildSettingsRow) -> discord.Embed:
    embed = discord.Embed(title="Server settings", colour=BRAND)
    role = f"<@&{settings.moderator_role_id}>" if settings.moderator_role_id else "not set (Manage Server only)"
    embed.add_field(name="Moderator role", value=role, inline=False)
    embed.add_field(name="Timezone", value=settings.timezone, inline=False)
    return embed


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
