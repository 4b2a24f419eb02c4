"""/drill commands, and the Discord publisher the drill scheduler posts through.

Thin: parse, call one service, render. The learner's flow (buttons, select, modal) is in drill_ui.py;
embeds are in drill_render.py; `/settings drills` lives in cogs/settings.py with its logic in drill_ui.py.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.dimensions import DIMENSIONS
from bot.drill_scheduling import DrillScheduler
from bot.errors import UserError
from bot.publishing import DrillAnnouncement, DrillReveal
from cogs.checks import moderator_only
from cogs.drill_render import (
    announcement_content,
    announcement_embed,
    history_embed,
    queued_text,
    reveal_embed,
    stats_embed,
    upcoming_embed,
)
from cogs.drill_ui import StartDrillButton, handle_justification, send_task
from cogs.options import ItemIdText

if TYPE_CHECKING:
    from cogs.client import StudyCoachBot

log = logging.getLogger(__name__)

HISTORY_SCAN = 50  # messages searched for a post that went out just before a crash
DIFFICULTY_CHOICES = [app_commands.Choice(name=name, value=value) for value, name in ((1, "easy"), (2, "medium"),
                                                                                     (3, "hard"))]
DIMENSION_CHOICES = [app_commands.Choice(name=d.title, value=d.id) for d in DIMENSIONS.values()]


class DiscordDrillPublisher:
    """Posts drills and their results to Discord channels (the `Publisher` of bot.publishing)."""

    def __init__(self, bot: StudyCoachBot) -> None:
        self.bot = bot

    def _channel(self, channel_id: int) -> Any:
        return self.bot.get_channel(channel_id) or self.bot.get_partial_messageable(channel_id)

    async def post_drill(self, channel_id: int, announcement: DrillAnnouncement) -> int:
        view = discord.ui.View(timeout=None)
        view.add_item(StartDrillButton(announcement.post_id))
        role = announcement.ping_role_id
        # Only the configured ping role may be mentioned: never @everyone, users or other roles.
        mentions = (discord.AllowedMentions(everyone=False, users=False, roles=[discord.Object(id=role)],
                                            replied_user=False) if role else discord.AllowedMentions.none())
        try:
            message = await self._channel(channel_id).send(
                content=announcement_content(announcement), embed=announcement_embed(announcement), view=view,
                allowed_mentions=mentions,
            )
        except discord.HTTPException as exc:
            raise post_failure(channel_id, exc) from exc
        return message.id

    async def find_drill_post(self, channel_id: int, post_id: int) -> int | None:
        wanted = f"drill:start:{post_id}"
        async for message in self._channel(channel_id).history(limit=HISTORY_SCAN):
            if self.bot.user is None or message.author.id != self.bot.user.id:
                continue
            for row in message.components:
                if any(getattr(child, "custom_id", None) == wanted for child in getattr(row, "children", ())):
                    return message.id
        return None

    async def post_reveal(self, channel_id: int, message_id: int | None, reveal: DrillReveal) -> int | None:
        reference = (discord.MessageReference(message_id=message_id, channel_id=channel_id, fail_if_not_exists=False)
                     if message_id else None)
        message = await self._channel(channel_id).send(
            embed=reveal_embed(reveal), reference=reference, allowed_mentions=discord.AllowedMentions.none()
        )
        return message.id


def post_failure(channel_id: int, exc: discord.HTTPException) -> UserError:
    """Why a post failed, in words a moderator can act on (shown by /settings show)."""
    if isinstance(exc, discord.Forbidden):
        return UserError(f"Discord refused the post in <#{channel_id}>: I need View Channel, Send Messages and "
                         "Embed Links there. Fix the permissions, then run /settings drills to post now.")
    if isinstance(exc, discord.NotFound):
        return UserError(f"The channel <#{channel_id}> no longer exists: choose another with /settings drills.")
    return UserError(f"Discord could not take the post (HTTP {exc.status}); it is tried again automatically.")


async def start_drill_jobs(bot: StudyCoachBot) -> DrillScheduler:
    """Build the drill jobs from the database (called by setup_hook once the scheduler runs)."""
    scheduler = DrillScheduler(bot.scheduler.aps, bot.services, DiscordDrillPublisher(bot), ready=bot.wait_until_ready)
    await scheduler.start()
    return scheduler


# -- /drill -------------------------------------------------------------------------------------


@app_commands.guild_only()
class Drills(commands.GroupCog, group_name="drill", group_description="Daily ranking drills: rank and justify."):
    help_section = "Drills"

    def __init__(self, bot: StudyCoachBot) -> None:
        self.bot = bot
        super().__init__()

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await handle_justification(interaction)

    @app_commands.command(name="today", description="Answer today's drill (if you missed the post).")
    async def today(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        task = await self.bot.services.drill_attempts.start_today(interaction.guild_id, interaction.user.id)
        await send_task(interaction, task)

    @app_commands.command(name="practice", description="An unscored drill from the archive.")
    @app_commands.describe(dimension="Only drills judged on this rubric dimension",
                           difficulty="Only drills of this difficulty")
    @app_commands.choices(dimension=DIMENSION_CHOICES, difficulty=DIFFICULTY_CHOICES)
    async def practice(self, interaction: discord.Interaction, dimension: app_commands.Choice[str] | None = None,
                       difficulty: app_commands.Choice[int] | None = None) -> None:
        assert interaction.guild_id is not None
        task = await self.bot.services.drill_attempts.start_practice(
            interaction.guild_id, interaction.user.id, dimension=dimension.value if dimension else None,
            difficulty=difficulty.value if difficulty else None,
        )
        await send_task(interaction, task)

    @app_commands.command(name="history", description="Your last 10 drill attempts with their scores.")
    async def history(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)  # it grades pending attempts first
        entries = await self.bot.services.drill_attempts.history(interaction.guild_id, interaction.user.id)
        await interaction.followup.send(embed=history_embed(entries), ephemeral=True)

    @app_commands.command(name="stats", description="Your agreement with the gold and others, and what to work on.")
    async def stats(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        await interaction.response.defer(ephemeral=True, thinking=True)  # grading pending attempts, 30 drills
        stats = await self.bot.services.drill_attempts.stats(interaction.guild_id, interaction.user.id)
        await interaction.followup.send(embed=stats_embed(stats), ephemeral=True)

    @app_commands.command(name="queue", description="Post a specific drill next (moderators).")
    @app_commands.describe(drill="The drill id, e.g. core-rubrics/dr-general-01")
    @moderator_only()
    async def queue(self, interaction: discord.Interaction, drill: ItemIdText) -> None:
        assert interaction.guild_id is not None
        queued = await self.bot.services.drill_posts.enqueue(interaction.guild_id, interaction.user.id, drill)
        await interaction.response.send_message(queued_text(queued), ephemeral=True)

    @queue.autocomplete("drill")
    async def queue_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        found = await self.bot.services.drill_posts.search_live(current)
        return [app_commands.Choice(name=f"{d.id} — {d.title}"[:100], value=d.id) for d in found[:25]]

    @app_commands.command(name="upcoming", description="The next seven drills (moderators).")
    @moderator_only()
    async def upcoming(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        drills = await self.bot.services.drill_posts.upcoming(interaction.guild_id, 7)
        await interaction.response.send_message(embed=upcoming_embed(drills), ephemeral=True)


async def setup(bot: StudyCoachBot) -> None:
    await bot.add_cog(Drills(bot))
