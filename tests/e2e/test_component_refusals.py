"""Refusals on components that the feature tests only use on the happy path: someone else's quiz
select and Next button, a forged ranking, a Write justification button whose drill cannot be answered
any more, and a learner setting the moderator role. Each is refused privately and changes nothing."""

from __future__ import annotations

import discord

from bot.clock import FixedClock
from cogs.client import StudyCoachBot
from cogs.drill_ui import WriteButton
from tests.e2e.conftest import World
from tests.e2e.test_drill_flow import configure, post_now, task_message
from tests.e2e.test_quiz import button, click_answer, shown_card, start
from tests.support.fake_discord import FakeDiscord, FakeMessage, InteractionResult


async def multiple_choice_card(server: FakeDiscord, bot: StudyCoachBot, world: World) -> InteractionResult:
    """Answer cards until the session shows a multiple-choice one."""
    result = await start(server, world)
    _, card = await shown_card(bot, result)
    while card.type != "multiple_choice":
        answered = await click_answer(server, bot, world.learner, result, correct=True)
        result = await server.click(world.learner, answered.message, button(answered, "quiz:n:"))
        _, card = await shown_card(bot, result)
    return result


async def test_someone_elses_quiz_select_and_next_are_refused(
    bot: StudyCoachBot, server: FakeDiscord, world: World, no_errors
) -> None:
    card = await multiple_choice_card(server, bot, world)
    reviews_before = (await bot.services.db.fetchone("SELECT COUNT(*) AS n FROM srs_reviews"))["n"]
    select = card.message.selects[0]
    refused = await server.select(world.other, card.message, select.custom_id, [select.option_values[0]])
    assert refused.ephemeral
    assert "belongs to someone else" in refused.content
    assert not card.message.edited or "Selected" not in card.message.text  # the learner's message is untouched

    picked = await server.select(world.learner, card.message, select.custom_id, [select.option_values[0]])
    answered = await server.click(world.learner, picked.message, button(picked, "quiz:ok:"))
    refused = await server.click(world.other, answered.message, button(answered, "quiz:n:"))
    assert refused.ephemeral
    assert "belongs to someone else" in refused.content
    assert answered.message.embed["title"] in ("Correct", "Not quite")  # still the learner's feedback
    reviews = (await bot.services.db.fetchone("SELECT COUNT(*) AS n FROM srs_reviews"))["n"]
    assert reviews == reviews_before + 1  # only the learner's own answer
    await no_errors()


async def test_a_forged_ranking_is_refused(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    await configure(server, world)
    post = await post_now(bot, server, clock, world)
    started = await server.click(world.learner, post, r"drill:start:\d+")
    message = task_message(started)
    select = message.selects[0]
    refused = await server.select(world.learner, message, select.custom_id, ["D>C>B>A"], force=True)
    assert refused.ephemeral
    assert refused.type == 4  # a private note; the drill message keeps its menu
    assert "not one of this drill's choices" in refused.content
    assert not any(b.custom_id.startswith("drill:write:") for b in message.buttons)
    await no_errors()


async def stale_write_button(bot: StudyCoachBot, server: FakeDiscord, world: World, source: str,
                             ranking: str) -> FakeMessage:
    """A message carrying a Write justification button, as one survives a database restored from an
    older backup or a drill whose responses changed since the ranking was chosen."""
    view = discord.ui.View(timeout=None)
    view.add_item(WriteButton(source, ranking))
    sent = await bot.get_partial_messageable(world.general.id).send(view=view)
    return server.message(sent.id)


async def test_write_justification_is_refused_before_the_form_opens(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    await configure(server, world)
    post = await post_now(bot, server, clock, world)
    post_source = post.buttons[0].custom_id.removeprefix("drill:start:")

    gone = await stale_write_button(bot, server, world, "p987654", "A>B")
    refused = await server.click(world.learner, gone, r"drill:write:.+")
    assert refused.modal is None  # no form to fill in for nothing
    assert refused.ephemeral
    assert "no longer exists" in refused.content

    too_many = await stale_write_button(bot, server, world, f"p{post_source}", "A>B>C>D")
    refused = await server.click(world.learner, too_many, r"drill:write:.+")
    assert refused.modal is None
    assert refused.ephemeral
    assert "Rank the responses" in refused.content
    assert await bot.services.drill_attempts.history(world.guild.id, world.learner.id) == []
    await no_errors()


async def test_a_learner_cannot_set_the_moderator_role(
    bot: StudyCoachBot, server: FakeDiscord, world: World, no_errors
) -> None:
    helpers = world.guild.add_role("Helpers", 0)
    await server.refresh_guild(world.guild)
    refused = await server.slash(world.learner, world.guild, world.general, "settings moderator-role",
                                 {"role": helpers})
    assert refused.ephemeral
    assert "for moderators" in refused.content
    assert await bot.services.guilds.moderator_role_id(world.guild.id) is None
    cleared = await server.slash(world.moderator, world.guild, world.general, "settings moderator-role")
    assert cleared.content == "Moderator role cleared."
    await no_errors()
