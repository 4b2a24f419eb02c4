"""Persistent components: every DynamicItem in cogs is registered in setup_hook, its custom_id fits
Discord's 100 characters with the largest ids and routes back to it, and the items the feature tests
do not yet click after a restart (the quiz select, Submit and End; the drill ranking select) work then."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import discord

import cogs
from bot.clock import FixedClock
from cogs.drill_ui import JUSTIFY, JustificationForm, RankSelect, StartDrillButton, WriteButton
from cogs.ui.quiz_views import AnswerButton, ChoiceSelect, EndButton, NextButton, StartSessionButton, SubmitButton
from tests.e2e.conftest import BotRunner, World
from tests.e2e.test_component_refusals import multiple_choice_card
from tests.e2e.test_drill_flow import TEXT, configure, post_now, task_message
from tests.e2e.test_quiz import button
from tests.support.fake_discord import FakeDiscord

BIG = 2**64 - 1  # the largest snowflake: 20 digits
CUSTOM_ID_MAX = 100


def dynamic_item_classes() -> set[type]:
    found = set()
    for module_info in pkgutil.walk_packages(cogs.__path__, "cogs."):
        module = importlib.import_module(module_info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, discord.ui.DynamicItem) and value is not discord.ui.DynamicItem:
                found.add(value)
    return found


async def test_every_dynamic_item_is_registered_at_start(runner: BotRunner) -> None:
    bot = await runner.start()
    registered = set(bot._connection._view_store._dynamic_items.values())  # private: no public accessor
    assert dynamic_item_classes() <= registered


def test_custom_ids_fit_with_the_largest_ids_and_route_back() -> None:
    options = [discord.SelectOption(label="A > B > C > D", value="A>B>C>D")]
    items = [
        AnswerButton(BIG, 999, 4, BIG, "E"), ChoiceSelect(BIG, 999, BIG, options), SubmitButton(BIG, 999, BIG),
        NextButton(BIG, 999, BIG), EndButton(BIG, BIG), StartSessionButton(BIG, BIG),
        StartDrillButton(2**63 - 1), RankSelect("p" + "9" * 19, options), RankSelect("x" + "f" * 10, options),
        WriteButton("p" + "9" * 19, "A=B=C=D"),
    ]
    for item in items:
        custom_id = item.item.custom_id
        assert custom_id is not None
        assert len(custom_id) <= CUSTOM_ID_MAX, custom_id
        assert type(item).__discord_ui_compiled_template__.fullmatch(custom_id), custom_id
    assert {type(item) for item in items} == dynamic_item_classes()
    form = JustificationForm("p" + "9" * 19, "A>B=C>D", BIG)
    assert len(form.custom_id) <= CUSTOM_ID_MAX
    assert JUSTIFY.fullmatch(form.custom_id)
    assert len(form.title) <= 45


async def test_quiz_select_submit_and_end_after_a_restart(
    runner: BotRunner, server: FakeDiscord, world: World, no_errors
) -> None:
    bot = await runner.start()
    card = await multiple_choice_card(server, bot, world)
    bot = await runner.restart()
    select = card.message.selects[0]
    picked = await server.select(world.learner, card.message, select.custom_id, [select.option_values[0]])
    assert picked.type == 7
    assert re.search(r"Selected", picked.message.text)
    answered = await server.click(world.learner, picked.message, button(picked, "quiz:ok:"))
    assert answered.embed["title"] in ("Correct", "Not quite")
    bot = await runner.restart()
    ended = await server.click(world.learner, answered.message, button(answered, "quiz:e:"))
    assert ended.embed["title"] == "Session ended"
    await no_errors()


async def test_drill_ranking_select_after_a_restart(
    runner: BotRunner, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    bot = await runner.start()
    await configure(server, world)
    post = await post_now(bot, server, clock, world)
    started = await server.click(world.learner, post, r"drill:start:\d+")
    await runner.restart()
    message = task_message(started)
    select = message.selects[0]
    picked = await server.select(world.learner, message, select.custom_id, [select.option_values[-1]])
    assert picked.type == 7
    assert [o["value"] for o in picked.message.selects[0].options if o.get("default")] == [select.option_values[-1]]
    write = await server.click(world.learner, picked.message, r"drill:write:.+")
    result = await server.submit_modal(world.learner, write, values={"drill:justification": TEXT})
    assert "/100" in result.embeds[0]["title"]
    await no_errors()
