"""Drill UI in Discord: the learner's flow, and the logic behind `/settings drills`.

The learner's flow: Start -> responses + ranking select -> Write justification ->
modal -> graded result. Every step is ephemeral.

All components are `DynamicItem`s whose state lives in the custom_id, so the flow survives restarts:
- `drill:start:<post id>`: the persistent button on the public post;
- `drill:rank:<source>`: the ranking select (`source` is `p<post id>` or `x<digest>`, see services.drills);
- `drill:write:<source>:<ranking>`: opens the modal; the chosen ranking travels in the custom_id;
- the modal `drill:justify:<source>:<ranking>:<user id>`, answered from its custom_id by the Drills cog's
  interaction listener (not from memory), so a submission after a restart is still graded. The user id
  keeps two learners' identical modals apart.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from bot.domain.local_time import timezone_suggestions
from bot.errors import UserError
from bot.services.drill_attempts import JUSTIFICATION_MAX, JUSTIFICATION_MIN
from bot.services.drills import DrillTask
from cogs.drill_render import drill_settings_embed, fit, pack_embeds, result_embeds, task_embeds
from cogs.errors import answer_errors
from cogs.ui.base import BaseModal

if TYPE_CHECKING:
    from cogs.client import StudyCoachBot

SOURCE = r"(?P<source>p\d{1,19}|x[0-9a-f]{10})"
RANKING = r"(?P<ranking>[A-D](?:[>=][A-D]){1,3})"
JUSTIFY = re.compile(rf"drill:justify:{SOURCE}:{RANKING}:\d{{1,20}}")  # a user id: up to 20 digits
JUSTIFICATION_INPUT = "drill:justification"
DAY_SUGGESTIONS = ("every day", "weekdays", "weekends", "mon,wed,fri", "tue,thu", "mon-sat")


def _services(interaction: discord.Interaction) -> Any:
    bot: StudyCoachBot = interaction.client  # type: ignore[assignment]
    return bot.services


def _guild_id(interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:
        raise discord.app_commands.NoPrivateMessage
    return interaction.guild_id


async def send_task(interaction: discord.Interaction, task: DrillTask) -> None:
    """The responses in full (several messages when they do not fit one), the select on the last."""
    messages = pack_embeds(task_embeds(task))
    view = discord.ui.View(timeout=None)
    view.add_item(RankSelect.for_task(task))
    for index, embeds in enumerate(messages):
        last = index == len(messages) - 1
        kwargs: dict[str, Any] = {"embeds": embeds, "ephemeral": True}
        if last:
            kwargs["view"] = view
            kwargs["content"] = "Choose your ranking in the menu below (best first), then write your justification."
        if index == 0:
            await interaction.response.send_message(**kwargs)
        else:
            await interaction.followup.send(**kwargs)


class StartDrillButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=r"drill:start:(?P<post_id>\d{1,19})"):
    """The persistent Start button under a daily drill post."""

    def __init__(self, post_id: int) -> None:
        super().__init__(discord.ui.Button(label="Start drill", emoji="📝", style=discord.ButtonStyle.primary,
                                           custom_id=f"drill:start:{post_id}"))
        self.post_id = post_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> StartDrillButton:
        return cls(int(match["post_id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await answer_errors(interaction, self._start(interaction))

    async def _start(self, interaction: discord.Interaction) -> None:
        task = await _services(interaction).drill_attempts.start_post(
            _guild_id(interaction), interaction.user.id, self.post_id
        )
        await send_task(interaction, task)


class RankSelect(discord.ui.DynamicItem[discord.ui.Select[Any]], template=rf"drill:rank:{SOURCE}"):
    """Choose a ranking; the message then offers the Write justification button for that ranking."""

    def __init__(self, source: str, options: list[discord.SelectOption]) -> None:
        super().__init__(discord.ui.Select(
            custom_id=f"drill:rank:{source}", placeholder="Your ranking (best first)", options=options,
            min_values=1, max_values=1,
        ))
        self.source = source

    @classmethod
    def for_task(cls, task: DrillTask) -> RankSelect:
        return cls(task.source, [discord.SelectOption(label=c.label, value=c.code) for c in task.choices])

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> RankSelect:
        options = list(item.options) if isinstance(item, discord.ui.Select) else []
        return cls(match["source"], options)

    async def callback(self, interaction: discord.Interaction) -> None:
        await answer_errors(interaction, self._chosen(interaction))

    async def _chosen(self, interaction: discord.Interaction) -> None:
        code = self.item.values[0]
        if code not in {option.value for option in self.item.options}:  # a forged or outdated value
            raise UserError("That ranking is not one of this drill's choices: pick one from the menu.")
        options = [
            discord.SelectOption(label=o.label, value=o.value, default=o.value == code) for o in self.item.options
        ]
        view = discord.ui.View(timeout=None)
        view.add_item(RankSelect(self.source, options))
        view.add_item(WriteButton(self.source, code))
        chosen = next((o.label for o in options if o.value == code), code)
        await interaction.response.edit_message(
            content=f"Your ranking: **{chosen}**. Now press **Write justification**.", view=view
        )


class WriteButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=rf"drill:write:{SOURCE}:{RANKING}"):
    """Opens the justification modal for the chosen ranking."""

    def __init__(self, source: str, ranking: str) -> None:
        super().__init__(discord.ui.Button(label="Write justification", emoji="✍️", style=discord.ButtonStyle.success,
                                           custom_id=f"drill:write:{source}:{ranking}"))
        self.source, self.ranking = source, ranking

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> WriteButton:
        return cls(match["source"], match["ranking"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await answer_errors(interaction, open_justification(interaction, self.source, self.ranking))


class JustificationForm(BaseModal):
    """The justification modal. Only a form: its submission is handled statelessly from the custom_id
    by `handle_justification` (the Drills cog's interaction listener), so it survives a restart."""

    justification: discord.ui.TextInput[JustificationForm] = discord.ui.TextInput(
        label="Justification (3-5 sentences)", style=discord.TextStyle.paragraph, custom_id=JUSTIFICATION_INPUT,
        min_length=JUSTIFICATION_MIN, max_length=JUSTIFICATION_MAX,
        placeholder="Which response is better and why: name the rubric dimensions and cite the responses.",
    )

    def __init__(self, source: str, ranking: str, user_id: int) -> None:
        shown = ranking.replace(">", " > ").replace("=", " = ")
        super().__init__(title=fit(f"Justify: {shown}", 45), custom_id=f"drill:justify:{source}:{ranking}:{user_id}")


async def open_justification(interaction: discord.Interaction, source: str, ranking: str) -> None:
    # Refuse now rather than after the learner has written the justification (a quick lookup: a modal
    # must be the first response, it cannot follow a defer).
    await _services(interaction).drill_attempts.check_answer(_guild_id(interaction), source, ranking)
    form = JustificationForm(source, ranking, interaction.user.id)
    await interaction.response.send_modal(form)
    form.stop()  # not kept in memory: `handle_justification` answers the submission


def _submitted_text(components: list[dict[str, Any]]) -> str | None:
    for component in components:
        children = component.get("components") or ([component["component"]] if "component" in component else [])
        for child in children:
            if child.get("custom_id") == JUSTIFICATION_INPUT:
                return str(child.get("value") or "")
    return None


async def handle_justification(interaction: discord.Interaction) -> bool:
    """Answer a justification modal submission; False if the interaction is not one."""
    if interaction.type is not discord.InteractionType.modal_submit or not interaction.data:
        return False
    match = JUSTIFY.fullmatch(str(interaction.data.get("custom_id", "")))
    if match is None:
        return False
    text = _submitted_text(list(interaction.data.get("components", [])))  # type: ignore[arg-type]
    await answer_errors(interaction, _submit(interaction, match["source"], match["ranking"], text or ""))
    return True


async def _submit(interaction: discord.Interaction, source: str, ranking: str, text: str) -> None:
    guild_id = _guild_id(interaction)
    # Saving, grading and storing the grade may take longer than Discord's 3 seconds: acknowledge first.
    await interaction.response.defer(ephemeral=True, thinking=True)
    result = await _services(interaction).drill_attempts.submit(guild_id, interaction.user.id, source, ranking, text)
    await interaction.followup.send(embeds=result_embeds(result), ephemeral=True)


DRILL_DYNAMIC_ITEMS = (StartDrillButton, RankSelect, WriteButton)


# -- /settings drills (the command is in cogs/settings.py) ---------------------------------------


async def timezone_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=name, value=name) for name in timezone_suggestions(current)]


async def days_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    typed = current.strip().lower()
    options = [d for d in DAY_SUGGESTIONS if typed in d] or ([current.strip()] if typed else list(DAY_SUGGESTIONS))
    return [app_commands.Choice(name=d, value=d) for d in options[:25]]


def _missing_permissions(channel: discord.abc.GuildChannel, me: discord.Member) -> list[str]:
    perms = channel.permissions_for(me)
    needed = (("View Channel", perms.view_channel), ("Send Messages", perms.send_messages),
              ("Embed Links", perms.embed_links))
    return [name for name, granted in needed if not granted]


async def configure_drills(
    bot: StudyCoachBot, interaction: discord.Interaction, *, channel: discord.TextChannel, time: str,
    timezone: str | None, days: str | None, ping_role: discord.Role | None, close_after: int | None, enabled: bool,
) -> None:
    """`/settings drills`: check that the bot can post there, then save (which reschedules the job)."""
    guild = interaction.guild
    if guild is None:
        raise app_commands.NoPrivateMessage
    missing = _missing_permissions(channel, guild.me)
    if missing:
        raise UserError(
            f"I can't post drills in {channel.mention}: I am missing {', '.join(missing)} there. Give studycoach "
            "those permissions in that channel (or choose another channel) and run the command again. "
            "Nothing was changed."
        )
    if ping_role is not None and ping_role.is_default():
        raise UserError("The ping role cannot be @everyone: choose a role members can opt into. Nothing was changed.")
    await interaction.response.defer(ephemeral=True, thinking=True)
    view = await bot.services.server_settings.set_drills(
        guild.id, channel_id=channel.id, time=time, timezone=timezone, days=days,
        ping_role_id=ping_role.id if ping_role else None, close_hours=close_after, enabled=enabled,
    )
    note = (f"Daily drills {'scheduled' if enabled else 'paused'}: {view.post_time} {view.timezone}, "
            f"{view.weekdays_text}, in {channel.mention}.")
    if ping_role is not None and not ping_role.mentionable and not channel.permissions_for(guild.me).mention_everyone:
        note += (f"\nNote: {ping_role.mention} is not mentionable and I lack Mention Everyone here, so posts will "
                 "name the role without pinging it. Make the role mentionable to ping it.")
    await interaction.followup.send(note, embed=drill_settings_embed(view), ephemeral=True)
