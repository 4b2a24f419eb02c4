"""A tiny discord.py bot that exercises the fake Discord server (used by test_harness_selftest).

Not studycoach: just one of each thing the real bot does (subcommands with typed options, ephemeral
replies, defer + follow-up, button/select views edited in place, a modal, autocomplete, a
DynamicItem persistent button, DMs, channel posts with files and allowed_mentions).
"""

from __future__ import annotations

import io
import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

DECKS = ["basics", "bias", "helpfulness", "honesty", "harmlessness", "ranking"]


class AckButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"ack:(?P<post>\d+)"):
    """Persistent 'Acknowledge' button: its state (the post number) lives in the custom_id."""

    def __init__(self, post: int) -> None:
        super().__init__(discord.ui.Button(label="Acknowledge", style=discord.ButtonStyle.primary,
                                           custom_id=f"ack:{post}"))
        self.post = post

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> AckButton:
        return cls(int(match["post"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"acknowledged post {self.post}", ephemeral=True)


class QuizView(discord.ui.View):
    def __init__(self, owner_id: int) -> None:
        super().__init__(timeout=60)
        self.owner_id = owner_id

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await interaction.response.send_message("not your quiz", ephemeral=True)
            return False
        return True

    @discord.ui.button(label="Reveal", custom_id="quiz:reveal", style=discord.ButtonStyle.secondary)
    async def reveal(self, interaction: discord.Interaction, button: discord.ui.Button[QuizView]) -> None:
        button.disabled = True
        await interaction.response.edit_message(content="answer: B", view=self)

    @discord.ui.select(custom_id="quiz:answer", placeholder="Your answer",
                       options=[discord.SelectOption(label=x, value=x.lower()) for x in "ABCD"])
    async def answer(self, interaction: discord.Interaction, select: discord.ui.Select[QuizView]) -> None:
        await interaction.response.edit_message(content=f"you picked {select.values[0]}", view=self)

    @discord.ui.select(cls=discord.ui.UserSelect, custom_id="quiz:buddy", max_values=2)
    async def buddy(self, interaction: discord.Interaction, select: discord.ui.UserSelect[QuizView]) -> None:
        names = ",".join(sorted(u.name for u in select.values))
        await interaction.response.edit_message(content=f"buddies {names}", view=self)

    @discord.ui.button(label="Skip", custom_id="quiz:skip")
    async def skip(self, interaction: discord.Interaction, button: discord.ui.Button[QuizView]) -> None:
        await interaction.response.defer()  # type 6: deferred update of this message
        await interaction.edit_original_response(content="skipped", view=None)

    @discord.ui.button(label="Report", custom_id="quiz:report")
    async def report(self, interaction: discord.Interaction, button: discord.ui.Button[QuizView]) -> None:
        await interaction.response.send_modal(ReportModal())


class ReportModal(discord.ui.Modal, title="Report a card"):
    reason = discord.ui.TextInput(label="Reason", custom_id="report:reason", min_length=3)

    def __init__(self) -> None:
        super().__init__(custom_id="report:modal")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.edit_message(content=f"reported: {self.reason.value}", view=None)


class FeedbackModal(discord.ui.Modal, title="Feedback"):
    summary = discord.ui.TextInput(label="Summary", custom_id="fb:summary", max_length=100)
    detail = discord.ui.TextInput(label="Detail", custom_id="fb:detail", style=discord.TextStyle.paragraph,
                                  required=False)
    mood = discord.ui.Label(text="Mood", component=discord.ui.Select(
        custom_id="fb:mood", options=[discord.SelectOption(label=m) for m in ("good", "meh", "bad")]))

    def __init__(self) -> None:
        super().__init__(custom_id="fb:modal")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        mood = self.mood.component.values[0]  # type: ignore[union-attr]
        await interaction.response.send_message(
            f"thanks: {self.summary.value} / {self.detail.value or '-'} / {mood}", ephemeral=True)


quiz = app_commands.Group(name="quiz", description="Rubric quizzes")


@quiz.command(name="start", description="Start a quiz")
@app_commands.describe(deck="Deck to study")
async def quiz_start(interaction: discord.Interaction, deck: str, count: app_commands.Range[int, 1, 50] = 10,
                     hard: bool = False, buddy: discord.Member | None = None,
                     where: discord.TextChannel | None = None, role: discord.Role | None = None,
                     weight: float | None = None, upload: discord.Attachment | None = None) -> None:
    parts = [f"deck={deck}", f"count={count}", f"hard={hard}"]
    if buddy is not None:
        parts.append(f"buddy={buddy.name}:{type(buddy).__name__}")
    if where is not None:
        parts.append(f"where={where.name}")
    if role is not None:
        parts.append(f"role={role.name}")
    if weight is not None:
        parts.append(f"weight={weight}")
    if upload is not None:
        parts.append(f"upload={upload.filename}:{(await upload.read()).decode()}")
    await interaction.response.send_message(" ".join(parts), ephemeral=True, view=QuizView(interaction.user.id))


@quiz_start.autocomplete("deck")
async def deck_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=d.title(), value=d) for d in DECKS if d.startswith(current.lower())]


@quiz.command(name="slow", description="A slow command that defers")
async def quiz_slow(interaction: discord.Interaction) -> None:
    await interaction.response.defer(ephemeral=True, thinking=True)
    await interaction.followup.send("slow result", embed=discord.Embed(title="Result", description="done"))
    await interaction.followup.send("extra note", ephemeral=True)


@quiz.command(name="long", description="Tries to send more than Discord allows")
async def quiz_long(interaction: discord.Interaction) -> None:
    try:
        await interaction.response.send_message("x" * 2001)
    except discord.HTTPException as exc:
        await interaction.response.send_message(f"rejected {exc.status}/{exc.code}", ephemeral=True)


@app_commands.context_menu(name="Study buddy")
async def study_buddy(interaction: discord.Interaction, member: discord.Member) -> None:
    await interaction.response.send_message(f"{member.display_name} is your buddy", ephemeral=True)


@app_commands.command(name="feedback", description="Open the feedback form")
async def feedback(interaction: discord.Interaction) -> None:
    await interaction.response.send_modal(FeedbackModal())


@app_commands.command(name="whoami", description="Moderator or member?")
async def whoami(interaction: discord.Interaction) -> None:
    assert isinstance(interaction.user, discord.Member)
    kind = "moderator" if interaction.user.guild_permissions.manage_guild else "member"
    await interaction.response.send_message(kind, ephemeral=True)


@app_commands.command(name="post", description="Post an announcement")
@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
async def post(interaction: discord.Interaction, channel: discord.TextChannel, text: str,
               chart: bool = False) -> None:
    assert isinstance(interaction.user, discord.Member)
    if not interaction.user.guild_permissions.manage_guild:
        await interaction.response.send_message("moderators only", ephemeral=True)
        return
    await interaction.response.defer(ephemeral=True)
    view = discord.ui.View(timeout=None)
    view.add_item(AckButton(7))
    kwargs: dict[str, Any] = {}
    if chart:
        kwargs["file"] = discord.File(io.BytesIO(b"\x89PNG fake"), filename="chart.png")
    try:
        msg = await channel.send(text, embed=discord.Embed(title="Announcement", description=text), view=view,
                                 allowed_mentions=discord.AllowedMentions.none(), **kwargs)
    except discord.Forbidden as exc:
        await interaction.followup.send(f"cannot post there ({exc.code})", ephemeral=True)
        return
    await interaction.followup.send(f"posted {msg.id} embeds={len(msg.embeds)}", ephemeral=True)


@app_commands.command(name="remind", description="DM someone a reminder")
async def remind(interaction: discord.Interaction, user: discord.User) -> None:
    try:
        await user.send("time to study")
    except discord.Forbidden as exc:
        await interaction.response.send_message(f"cannot DM {user.name} ({exc.code})", ephemeral=True)
        return
    await interaction.response.send_message(f"reminded {user.name}", ephemeral=True)


class SelftestBot(commands.Bot):
    def __init__(self, guild_id: int, *, sync: bool = True) -> None:
        super().__init__(command_prefix=commands.when_mentioned, intents=discord.Intents.default(),
                         guild_ready_timeout=0.05, help_command=None)
        self.guild_id = guild_id
        self.sync = sync

    async def setup_hook(self) -> None:
        self.add_dynamic_items(AckButton)
        guild = discord.Object(self.guild_id)
        for cmd in (quiz, feedback, whoami, post, study_buddy):
            self.tree.add_command(cmd, guild=guild)
        self.tree.add_command(remind)  # global: also usable in DMs
        if self.sync:
            await self.tree.sync(guild=guild)
            await self.tree.sync()

    async def post_daily(self, channel_id: int) -> discord.Message:
        """What a scheduler job would do: post to a channel without pinging anyone."""
        channel = self.get_channel(channel_id)
        assert isinstance(channel, discord.TextChannel)
        return await channel.send("@everyone daily drill <@&1>", allowed_mentions=discord.AllowedMentions.none())
