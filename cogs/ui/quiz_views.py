"""Quiz session components: persistent `DynamicItem`s whose custom_id carries the whole state.

Every button and select names its session, the card position and the learner, e.g.
`quiz:a:42:3:1:123456789012345678` (answer option 1 of card 3 of session 42). The session itself
lives in the database, so these keep working after a restart or long after a view would have timed
out. Register `QUIZ_DYNAMIC_ITEMS` in `setup_hook`.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.errors import PermissionDenied
from bot.services.quiz import QuizStep
from cogs.errors import answer_errors, reply_error
from cogs.quiz_render import LETTERS, choice_label, step_embed

SELECT_LABEL_MAX = 100
NOT_YOURS = "This quiz belongs to someone else. Start your own with /quiz start."

_ID = r"(?P<sid>\d+):(?P<pos>\d+)"
_USER = r"(?P<uid>\d+)"


class _LearnerOnly:
    """Shared by the quiz items: only the learner named in the custom_id may use them, and errors
    are answered like command errors (discord.py only logs errors raised in dynamic items)."""

    owner_id: int

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id != self.owner_id:
            await reply_error(interaction, PermissionDenied(NOT_YOURS))
            return False
        return True

    @staticmethod
    async def show(interaction: discord.Interaction, action: Callable[[], Awaitable[QuizStep]]) -> None:
        """Run a session action and redraw the session's message with its result."""

        async def redraw() -> None:
            step = await action()
            await interaction.response.edit_message(content=step.notice, embed=step_embed(step),
                                                    view=session_view(step))

        await answer_errors(interaction, redraw())


def _services(interaction: discord.Interaction) -> Any:
    return interaction.client.services  # type: ignore[attr-defined]


class AnswerButton(_LearnerOnly, discord.ui.DynamicItem[discord.ui.Button[Any]],
                   template=rf"quiz:a:{_ID}:(?P<opt>\d):{_USER}"):
    def __init__(self, session_id: int, position: int, option: int, owner_id: int, label: str) -> None:
        super().__init__(discord.ui.Button(
            label=label, style=discord.ButtonStyle.primary, row=0,
            custom_id=f"quiz:a:{session_id}:{position}:{option}:{owner_id}",
        ))
        self.session_id, self.position, self.option, self.owner_id = session_id, position, option, owner_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> AnswerButton:
        return cls(int(match["sid"]), int(match["pos"]), int(match["opt"]), int(match["uid"]),
                   getattr(item, "label", None) or "?")

    async def callback(self, interaction: discord.Interaction) -> None:
        await self.show(interaction, lambda: _services(interaction).quiz.answer(
            self.session_id, interaction.user.id, self.position, [self.option]))


class ChoiceSelect(_LearnerOnly, discord.ui.DynamicItem[discord.ui.Select[Any]],
                   template=rf"quiz:s:{_ID}:{_USER}"):
    """Multiple choice: the selection is saved on every change and answered by Submit."""

    def __init__(self, session_id: int, position: int, owner_id: int,
                 options: list[discord.SelectOption] | None = None) -> None:
        options = options or [discord.SelectOption(label="?", value="0")]
        super().__init__(discord.ui.Select(
            custom_id=f"quiz:s:{session_id}:{position}:{owner_id}", placeholder="Choose every answer that applies",
            min_values=1, max_values=len(options), options=options, row=0,
        ))
        self.session_id, self.position, self.owner_id = session_id, position, owner_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> ChoiceSelect:
        options = list(getattr(item, "options", None) or [])
        return cls(int(match["sid"]), int(match["pos"]), int(match["uid"]), options)

    async def callback(self, interaction: discord.Interaction) -> None:
        chosen = [int(value) for value in self.item.values]
        await self.show(interaction, lambda: _services(interaction).quiz.choose(
            self.session_id, interaction.user.id, self.position, chosen))


class SubmitButton(_LearnerOnly, discord.ui.DynamicItem[discord.ui.Button[Any]],
                   template=rf"quiz:ok:{_ID}:{_USER}"):
    def __init__(self, session_id: int, position: int, owner_id: int) -> None:
        super().__init__(discord.ui.Button(
            label="Submit", style=discord.ButtonStyle.success, row=1,
            custom_id=f"quiz:ok:{session_id}:{position}:{owner_id}",
        ))
        self.session_id, self.position, self.owner_id = session_id, position, owner_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> SubmitButton:
        return cls(int(match["sid"]), int(match["pos"]), int(match["uid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await self.show(interaction, lambda: _services(interaction).quiz.submit(
            self.session_id, interaction.user.id, self.position))


class NextButton(_LearnerOnly, discord.ui.DynamicItem[discord.ui.Button[Any]],
                 template=rf"quiz:n:{_ID}:{_USER}"):
    def __init__(self, session_id: int, position: int, owner_id: int, *, last: bool = False) -> None:
        super().__init__(discord.ui.Button(
            label="Finish" if last else "Next", style=discord.ButtonStyle.primary, row=1,
            custom_id=f"quiz:n:{session_id}:{position}:{owner_id}",
        ))
        self.session_id, self.position, self.owner_id = session_id, position, owner_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> NextButton:
        return cls(int(match["sid"]), int(match["pos"]), int(match["uid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await self.show(interaction, lambda: _services(interaction).quiz.next_card(
            self.session_id, interaction.user.id, self.position))


class EndButton(_LearnerOnly, discord.ui.DynamicItem[discord.ui.Button[Any]],
                template=rf"quiz:e:(?P<sid>\d+):{_USER}"):
    def __init__(self, session_id: int, owner_id: int) -> None:
        super().__init__(discord.ui.Button(
            label="End", style=discord.ButtonStyle.secondary, row=2, custom_id=f"quiz:e:{session_id}:{owner_id}",
        ))
        self.session_id, self.owner_id = session_id, owner_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> EndButton:
        return cls(int(match["sid"]), int(match["uid"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await self.show(interaction, lambda: _services(interaction).quiz.end_session(
            self.session_id, interaction.user.id))


class StartSessionButton(_LearnerOnly, discord.ui.DynamicItem[discord.ui.Button[Any]],
                         template=rf"quiz:go:{_USER}:(?P<gid>\d+)"):
    """Starts a new session in a new message: "Review now" in reminder DMs, "Start another" after a
    summary. It credits the server named in the custom_id (where /remind set was run)."""

    def __init__(self, owner_id: int, guild_id: int, label: str = "Review now") -> None:
        super().__init__(discord.ui.Button(
            label=label, style=discord.ButtonStyle.success, custom_id=f"quiz:go:{owner_id}:{guild_id}",
        ))
        self.owner_id, self.guild_id = owner_id, guild_id

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> StartSessionButton:
        return cls(int(match["uid"]), int(match["gid"]), getattr(item, "label", None) or "Review now")

    async def callback(self, interaction: discord.Interaction) -> None:
        await answer_errors(interaction, self._start(interaction))

    async def _start(self, interaction: discord.Interaction) -> None:
        step = await _services(interaction).quiz.start_session(interaction.user.id, self.guild_id or None)
        await interaction.response.send_message(
            content=step.notice, embed=step_embed(step), view=session_view(step),
            ephemeral=interaction.guild_id is not None,  # a DM is private already
        )


QUIZ_DYNAMIC_ITEMS = (AnswerButton, ChoiceSelect, SubmitButton, NextButton, EndButton, StartSessionButton)


def session_view(step: QuizStep) -> discord.ui.View:
    """The components for a session step: options (or a select and Submit), Next, End, Start again."""
    view = discord.ui.View(timeout=None)  # state lives in the database and the custom_ids
    sid, pos, uid = step.session_id, step.position, step.user_id
    if step.kind == "card":
        assert step.card is not None
        card = step.card.card
        if card.type == "multiple_choice":
            options = [
                discord.SelectOption(label=_fit(f"{LETTERS[i]}. {text}", SELECT_LABEL_MAX), value=str(i),
                                     default=i in step.pending)
                for i, text in enumerate(card.choices)
            ]
            view.add_item(ChoiceSelect(sid, pos, uid, options))
            view.add_item(SubmitButton(sid, pos, uid))
        else:
            for index in range(len(card.choices)):
                view.add_item(AnswerButton(sid, pos, index, uid, choice_label(step, index)))
        view.add_item(EndButton(sid, uid))
    elif step.kind == "feedback":
        view.add_item(NextButton(sid, pos, uid, last=pos + 1 >= step.total))
        view.add_item(EndButton(sid, uid))
    else:
        view.add_item(StartSessionButton(uid, step.guild_id, label="Start another session"))
    return view


def reminder_view(user_id: int, guild_id: int) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    view.add_item(StartSessionButton(user_id, guild_id, label="Review now"))
    return view


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
