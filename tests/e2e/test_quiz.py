"""/quiz end to end: the real bot against the local Discord server, on the shipped quiz cards."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.packs.schema import Card
from bot.settings import Settings
from cogs.client import StudyCoachBot
from tests.e2e.conftest import BotRunner, World
from tests.services.test_quiz_content import use_quiz_cards
from tests.support.discord_results import flat_items
from tests.support.fake_discord import FakeDiscord

DECK = "core-rubrics/factual-accuracy"


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    return use_quiz_cards(settings, tmp_path)


async def shown_card(bot: StudyCoachBot, result: object) -> tuple[str, Card]:
    """The card a session message shows: its components name the session and the position in its queue."""
    sent = flat_items(result.data.get("components") or [])  # type: ignore[attr-defined]  # as sent, not as edited since
    answer = next(i.custom_id for i in sent if i.custom_id.startswith(("quiz:a:", "quiz:s:")))
    session_id, position = (int(part) for part in answer.split(":")[2:4])
    row = await bot.services.db.fetchone("SELECT queue FROM quiz_sessions WHERE id = ?", (session_id,))
    card_id = json.loads(row["queue"])[position]
    item = await bot.services.content.get_item(card_id)
    assert item.card is not None
    return card_id, item.card


def answer_button(result: object, option: int) -> str:
    ids = [b.custom_id for b in result.message.buttons if b.custom_id.startswith("quiz:a:")]  # type: ignore[attr-defined]
    return next(i for i in ids if i.split(":")[4] == str(option))


def button(result: object, prefix: str) -> str:
    return next(b.custom_id for b in result.message.buttons if b.custom_id.startswith(prefix))  # type: ignore[attr-defined]


async def click_answer(server: FakeDiscord, bot: StudyCoachBot, user: object, result: object, *, correct: bool):
    _, card = await shown_card(bot, result)
    assert card.type != "multiple_choice"
    right = min(card.correct_indexes)
    option = right if correct else next(i for i in range(len(card.choices)) if i not in card.correct_indexes)
    return await server.click(user, result.message, answer_button(result, option))  # type: ignore[attr-defined]


async def start(server: FakeDiscord, world: World, deck: str | None = DECK, user: object = None):
    options = {"deck": deck} if deck else None
    return await server.slash(user or world.learner, world.guild, world.general, "quiz start", options)


async def test_a_whole_session_start_right_wrong_next_end(bot, server, world: World, no_errors) -> None:
    started = await start(server, world)
    assert started.ephemeral
    assert started.embed["title"] == "Factual accuracy and hallucinations"
    assert "Card 1 of 10" in started.embed["footer"]["text"]
    assert [b.custom_id.split(":")[1] for b in started.message.buttons] == ["a"] * 4 + ["e"]

    right = await click_answer(server, bot, world.learner, started, correct=True)
    assert right.type == 7  # the same message, edited
    assert right.embed["title"] == "Correct"
    fields = {f["name"]: f["value"] for f in right.embed["fields"]}
    assert fields["Comes back"].startswith("Next review in 10 minutes")
    _, card = await shown_card(bot, started)
    assert fields["Why"] == card.explanation
    assert "+2 points" in right.embed["footer"]["text"]
    assert [b.label for b in right.message.buttons] == ["Next", "End"]

    second = await server.click(world.learner, right.message, button(right, "quiz:n:"))
    assert "Card 2 of 10" in second.embed["footer"]["text"]
    wrong = await click_answer(server, bot, world.learner, second, correct=False)
    assert wrong.embed["title"] == "Not quite"
    fields = {f["name"]: f["value"] for f in wrong.embed["fields"]}
    _, card = await shown_card(bot, second)
    assert card.choices[min(card.correct_indexes)] in fields["Correct answer"]
    assert "again later in this session" in fields["Comes back"]
    assert "Card 2 of 11" in wrong.embed["footer"]["text"]  # the missed card was queued again

    ended = await server.click(world.learner, wrong.message, button(wrong, "quiz:e:"))
    assert ended.embed["title"] == "Session ended"
    fields = {f["name"]: f["value"] for f in ended.embed["fields"]}
    assert (fields["Reviewed"], fields["Correct"]) == ("2", "1 (50%)")
    assert "Next review: in 1 minute" in fields["What's next"]
    assert [b.label for b in ended.message.buttons] == ["Start another session"]

    reviews = await bot.services.db.fetchall("SELECT rating, guild_id FROM srs_reviews ORDER BY id")
    assert [(r["rating"], r["guild_id"]) for r in reviews] == [(3, world.guild.id), (1, world.guild.id)]
    await no_errors()


async def test_another_users_click_is_refused(bot, server, world: World, no_errors) -> None:
    started = await start(server, world)
    refused = await server.click(world.other, started.message, answer_button(started, 0))
    assert refused.ephemeral
    assert "belongs to someone else" in refused.content
    ended = await server.click(world.other, started.message, button(started, "quiz:e:"))
    assert "belongs to someone else" in ended.content
    count = await bot.services.db.fetchone("SELECT COUNT(*) AS n FROM srs_reviews")
    assert count["n"] == 0
    await no_errors()


async def test_multiple_choice_select_then_submit(bot, server, world: World, no_errors) -> None:
    result = await start(server, world)
    _, card = await shown_card(bot, result)
    while card.type != "multiple_choice":
        answered = await click_answer(server, bot, world.learner, result, correct=True)
        result = await server.click(world.learner, answered.message, button(answered, "quiz:n:"))
        _, card = await shown_card(bot, result)
    select = result.message.selects[0]
    assert select.max_values == len(card.choices)
    empty_submit = await server.click(world.learner, result.message, button(result, "quiz:ok:"))
    assert empty_submit.ephemeral
    assert "Pick one or more options" in empty_submit.content

    chosen = [str(i) for i in sorted(card.correct_indexes)]
    picked = await server.select(world.learner, result.message, select.custom_id, chosen)
    assert picked.type == 7
    fields = {f["name"]: f["value"] for f in picked.embed["fields"]}
    assert fields["Selected"] == ", ".join("ABCDE"[int(i)] for i in chosen)
    assert [o["value"] for o in picked.message.selects[0].options if o.get("default")] == chosen

    submitted = await server.click(world.learner, picked.message, button(picked, "quiz:ok:"))
    assert submitted.embed["title"] == "Correct"
    await no_errors()


async def test_a_session_survives_a_restart(runner: BotRunner, server, world: World, no_errors) -> None:
    bot = await runner.start()
    started = await start(server, world)
    bot = await runner.restart()
    answered = await click_answer(server, bot, world.learner, started, correct=True)
    assert answered.embed["title"] == "Correct"
    nxt = await server.click(world.learner, answered.message, button(answered, "quiz:n:"))
    assert "Card 2 of 10" in nxt.embed["footer"]["text"]
    await no_errors()


async def test_an_idle_session_says_it_timed_out(bot, server, world: World, clock, no_errors) -> None:
    from datetime import timedelta

    started = await start(server, world)
    answered = await click_answer(server, bot, world.learner, started, correct=True)
    clock.advance(timedelta(minutes=45))
    late = await server.click(world.learner, answered.message, button(answered, "quiz:n:"))
    assert late.embed["title"] == "Session timed out"
    assert "Your answers are saved" in late.embed["description"]
    assert [b.label for b in late.message.buttons] == ["Start another session"]
    again = await server.click(world.learner, late.message, button(late, "quiz:go:"))
    assert again.ephemeral
    assert again.type == 4
    assert "Card 1 of" in again.embed["footer"]["text"]
    await no_errors()


async def test_deck_autocomplete_and_unknown_deck(bot, server, world: World, no_errors) -> None:
    choices = await server.autocomplete(world.learner, world.guild, world.general, "quiz start", {"deck": "halluc"})
    assert choices == [{"name": "Factual accuracy and hallucinations", "value": DECK}]
    everything = await server.autocomplete(world.learner, world.guild, world.general, "quiz start", {"deck": ""})
    assert len(everything) == 10
    refused = await start(server, world, deck="core-rubrics/safty")
    assert refused.ephemeral
    assert "There is no deck `core-rubrics/safty`" in refused.content
    assert "core-rubrics/safety" in refused.content
    await no_errors()


async def test_nothing_left_today_is_explained(bot, server, world: World, no_errors) -> None:
    await server.slash(world.learner, world.guild, world.general, "quiz settings", {"new_cards_per_day": 0})
    refused = await start(server, world, deck=None)
    assert refused.ephemeral
    assert "today's 0 new cards" in refused.content
    await no_errors()


async def test_decks_and_stats(bot, server, world: World, no_errors) -> None:
    started = await start(server, world)
    await click_answer(server, bot, world.learner, started, correct=True)
    decks = await server.slash(world.learner, world.guild, world.general, "quiz decks")
    assert decks.ephemeral
    listed = decks.embed["description"]
    assert "**Factual accuracy and hallucinations**\n18 cards · 1 studied · 0 due · 0 mastered" in listed
    assert "core-rubrics/" not in listed  # titles, not raw ids
    stats = await server.slash(world.learner, world.guild, world.general, "quiz stats")
    fields = {f["name"]: f["value"] for f in stats.embed["fields"]}
    assert fields["Today"] == "1 review, 100% correct"
    assert fields["Due"] == "now: 0\ntoday: 1\ntomorrow: 0\nnext 7 days: 1"
    assert fields["Retention (30 days)"] == "No reviews of learned cards yet.\nAll answers: 100% of 1 correct."
    assert fields["Next review"].startswith("in 10 minutes")
    assert fields["New cards left today"] == "9"
    assert "Factual accuracy and hallucinations: 0% (0/18)" in fields["Mastery (stability ≥ 21 days)"]
    await no_errors()


async def test_settings_show_change_and_refuse_a_bad_timezone(bot, server, world: World, no_errors) -> None:
    shown = await server.slash(world.learner, world.guild, world.general, "quiz settings")
    assert shown.ephemeral
    assert shown.embed["title"] == "Your quiz settings"
    zones = await server.autocomplete(world.learner, world.guild, world.general, "quiz settings",
                                      {"timezone": "kolk"})
    assert zones == [{"name": "Asia/Kolkata", "value": "Asia/Kolkata"}]
    changed = await server.slash(world.learner, world.guild, world.general, "quiz settings",
                                 {"timezone": "Asia/Kolkata", "retention": 0.85, "new_cards_per_day": 5})
    fields = {f["name"]: f["value"] for f in changed.embed["fields"]}
    assert (fields["Timezone"], fields["Retention"], fields["New cards per day"]) == ("Asia/Kolkata", "0.85", "5")

    refused = await server.slash(world.learner, world.guild, world.general, "quiz settings",
                                 {"timezone": "Europe/Berln", "new_cards_per_day": 20})
    assert refused.ephemeral
    assert "`Europe/Berln` is not a timezone I know" in refused.content
    assert "Did you mean `Europe/Berlin`" in refused.content
    settings = await bot.services.users.get(world.learner.id)
    assert (settings.timezone, settings.new_cards_per_day) == ("Asia/Kolkata", 5)  # nothing changed
    await no_errors()
