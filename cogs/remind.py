"""/remind: opt-in daily quiz reminders by direct message, and the per-minute job that sends them."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.services.reminders import Delivery, Reminder, ReminderRun
from cogs.client import StudyCoachBot
from cogs.options import TimeText
from cogs.quiz_render import reminder_dm_text, reminder_set_text
from cogs.ui.quiz_views import reminder_view

log = logging.getLogger(__name__)

JOB_ID = "quiz-reminders"
#: Discord's code for "Cannot send messages to this user" (DMs closed, or no shared server).
CANNOT_DM = 50007


class DiscordNotifier:
    """The reminder service's `Notifier`: a DM with the counts and a persistent "Review now" button."""

    def __init__(self, bot: discord.Client) -> None:
        self._bot = bot

    async def send_reminder(self, reminder: Reminder) -> Delivery:
        try:
            channel = await self._bot.create_dm(discord.Object(id=reminder.user_id))
            await channel.send(
                reminder_dm_text(reminder.due_count, reminder.new_count),
                view=reminder_view(reminder.user_id, reminder.guild_id),
            )
        except discord.Forbidden as exc:
            log.info("user %d does not accept DMs (code %s): reminders off", reminder.user_id, exc.code)
            return Delivery.DMS_CLOSED
        except discord.HTTPException as exc:
            log.warning("could not DM the reminder to user %d: %s %s", reminder.user_id, exc.status, exc.text)
            return Delivery.FAILED
        return Delivery.SENT


class Remind(commands.GroupCog, group_name="remind", group_description="Daily quiz reminders by direct message."):
    help_section = "Quizzes"

    def __init__(self, bot: StudyCoachBot) -> None:
        self.bot = bot
        super().__init__()

    async def cog_load(self) -> None:
        # One job for everyone, every minute: it reads the due reminders through an index.
        if not self.bot.sync_only:
            self.bot.scheduler.aps.add_job(self.send_reminders, "cron", minute="*", id=JOB_ID, replace_existing=True)

    async def cog_unload(self) -> None:
        if self.bot.scheduler.aps.get_job(JOB_ID):
            self.bot.scheduler.aps.remove_job(JOB_ID)

    async def send_reminders(self) -> ReminderRun:
        """The per-minute job (tests call it directly with a fixed clock)."""
        services = self.bot.services
        return await services.reminders.send_due_reminders(services.clock.now(), DiscordNotifier(self.bot))

    @app_commands.command(name="set", description="Get a DM every day at this time when cards are waiting.")
    @app_commands.describe(time="Local time as HH:MM, 24-hour (your timezone is set with /quiz settings)")
    async def set_(self, interaction: discord.Interaction, time: TimeText) -> None:
        reminder = await self.bot.services.reminders.set_reminder(interaction.user.id, interaction.guild_id, time)
        await interaction.response.send_message(reminder_set_text(reminder), ephemeral=True)

    @app_commands.command(name="off", description="Stop the daily quiz reminders.")
    async def off(self, interaction: discord.Interaction) -> None:
        was_on = await self.bot.services.reminders.turn_off(interaction.user.id)
        text = "Daily reminders are off." if was_on else "You had no daily reminder; nothing changed."
        await interaction.response.send_message(text, ephemeral=True)


async def setup(bot: StudyCoachBot) -> None:
    await bot.add_cog(Remind(bot))
