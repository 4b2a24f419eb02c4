"""/quiz: spaced-repetition rubric quizzes (start, decks, stats, settings)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.domain.quiz_queue import MAX_NEW_PER_DAY
from bot.domain.srs import MAX_RETENTION, MIN_RETENTION
from cogs.client import StudyCoachBot
from cogs.options import ItemIdText, TimezoneText
from cogs.quiz_render import decks_embed, settings_embed, stats_embed, step_embed
from cogs.ui.quiz_views import session_view


class Quiz(commands.GroupCog, group_name="quiz", group_description="Spaced-repetition rubric quizzes."):
    help_section = "Quizzes"

    def __init__(self, bot: StudyCoachBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="start", description="Start a short private quiz session (due cards, then new ones).")
    @app_commands.describe(deck="Study one deck only (default: all decks)")
    async def start(self, interaction: discord.Interaction, deck: ItemIdText | None = None) -> None:
        step = await self.bot.services.quiz.start_session(interaction.user.id, interaction.guild_id, deck)
        await interaction.response.send_message(
            content=step.notice, embed=step_embed(step), view=session_view(step), ephemeral=True
        )

    @start.autocomplete("deck")
    async def deck_autocomplete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        decks = await self.bot.services.quiz.deck_choices(current)
        return [app_commands.Choice(name=d.title[:100], value=d.deck_id) for d in decks]

    @app_commands.command(name="decks", description="The quiz decks, with your progress in each.")
    async def decks(self, interaction: discord.Interaction) -> None:
        decks = await self.bot.services.quiz.decks(interaction.user.id)
        await interaction.response.send_message(content=decks.notice, embed=decks_embed(decks), ephemeral=True)

    @app_commands.command(name="stats", description="Your reviews, due cards, retention and mastery per deck.")
    async def stats(self, interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)  # a dozen queries over 30 days of reviews
        stats = await self.bot.services.quiz.stats(interaction.user.id)
        await interaction.followup.send(content=stats.notice, embed=stats_embed(stats), ephemeral=True)

    @app_commands.command(name="settings", description="Show or change your new cards per day, retention and timezone.")
    @app_commands.describe(
        new_cards_per_day=f"New cards to learn per day (0-{MAX_NEW_PER_DAY}; default 10)",
        retention=f"How sure you want to be to remember a card ({MIN_RETENTION}-{MAX_RETENTION}; default 0.9)",
        timezone="Your IANA timezone, e.g. Europe/Berlin: it decides when your day starts",
    )
    async def settings(
        self,
        interaction: discord.Interaction,
        new_cards_per_day: app_commands.Range[int, 0, MAX_NEW_PER_DAY] | None = None,
        retention: app_commands.Range[float, MIN_RETENTION, MAX_RETENTION] | None = None,
        timezone: TimezoneText | None = None,
    ) -> None:
        user_id = interaction.user.id
        changed = any(value is not None for value in (new_cards_per_day, retention, timezone))
        if changed:
            settings = await self.bot.services.users.update(
                user_id, timezone=timezone, new_cards_per_day=new_cards_per_day, desired_retention=retention
            )
        else:
            settings = await self.bot.services.users.get(user_id)
        reminder = await self.bot.services.reminders.get(user_id)
        await interaction.response.send_message(
            embed=settings_embed(settings, reminder, changed=changed), ephemeral=True
        )

    @settings.autocomplete("timezone")
    async def timezone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        names = self.bot.services.users.timezone_choices(current)
        return [app_commands.Choice(name=name, value=name) for name in names]


async def setup(bot: StudyCoachBot) -> None:
    await bot.add_cog(Quiz(bot))
