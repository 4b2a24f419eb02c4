"""Every renderer on the longest content, under the harness' strict Discord limits (DISCORD.md): the
longest shipped cards and drills, items at the content schema's maximum sizes, and learners' 1,500-
character justifications. A message over a limit is rejected by the local server (HTTP 400) as Discord
would, so any overflow fails these tests: embeds (4,096 / 1,024 / 25 fields / 6,000 per message /
10 per message), selects (25 options, 100-character labels), buttons (80), modals (45), content (2,000).

The content is chosen when the test runs, so a longer card or drill added later is covered too."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.clock import FixedClock
from bot.packs.loader import load_packs
from bot.services.drill_attempts import JUSTIFICATION_MAX
from bot.settings import Settings
from cogs.client import StudyCoachBot
from tests.e2e.conftest import World
from tests.e2e.test_drill_flow import TEXT, configure, post_now, task_message
from tests.e2e.test_quiz import shown_card
from tests.support.fake_discord import FakeDiscord, InteractionResult

CORE = Path(__file__).resolve().parents[2] / "content" / "packs" / "core-rubrics"
LABELS = "ABCD"


def _items(folder: str) -> list[dict[str, Any]]:
    """The items of a pack folder's files (each a list of items, or a mapping holding one)."""
    items = []
    for path in sorted((CORE / folder).glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        items += data[folder] if isinstance(data, dict) else data
    return items


def _longest(items: list[dict[str, Any]], measures: list[Any]) -> list[dict[str, Any]]:
    chosen: dict[str, dict[str, Any]] = {}
    for measure in measures:
        candidates = [item for item in items if measure(item) is not None]
        if candidates:
            item = max(candidates, key=measure)
            chosen[item["id"]] = item
    return list(chosen.values())


def longest_shipped() -> dict[str, Any]:
    """core-rubrics' metadata with only its longest cards and drills, by every measure a renderer shows."""
    meta = yaml.safe_load((CORE / "pack.yaml").read_text())
    cards = _longest(_items("cards"), [
        lambda c: len(c["question"]), lambda c: len(c["explanation"]),
        lambda c: sum(map(len, c.get("options", []))), lambda c: max(map(len, c.get("options", [""]))),
        lambda c: len(c["question"]) + sum(map(len, c.get("options", []))) + len(c["explanation"]),
        lambda c: sum(map(len, c["options"])) if c["type"] == "multiple_choice" else None,
        lambda c: len(c["question"]) if c["type"] == "true_false" else None,
    ])
    drills = _longest(_items("drills"), [
        lambda d: len(d["prompt"]) + sum(map(len, d["responses"].values())), lambda d: len(d["prompt"]),
        lambda d: max(map(len, d["responses"].values())), lambda d: len(d["responses"]),
        lambda d: sum(len(k["text"]) for k in d["key_points"]), lambda d: max(len(k["text"]) for k in d["key_points"]),
        lambda d: len(d["model_justification"]), lambda d: len(d["title"]),
    ])
    return {**meta, "cards": cards, "drills": drills}


def _words(size: int, seed: str) -> str:
    """Readable filler of exactly `size` characters."""
    text = " ".join(f"{seed}{index}" for index in range(size))
    return text[:size].rstrip() + "." * (size - len(text[:size].rstrip()))


def schema_maximum() -> dict[str, Any]:
    """A pack whose every shown text is as long as the content schema allows (bot/packs/schema.py)."""
    options = [_words(80, f"o{i}") for i in range(5)]
    card = {"deck": "max", "question": _words(3896, "question"), "options": options, "explanation": _words(1024, "why")}
    key_points = [{"text": _words(1024, f"point{i}"), "about": LABELS[i % 2]} for i in range(8)]
    drill = {"domain": "general", "difficulty": 3, "dimensions": ["factual_accuracy", "helpfulness", "conciseness",
             "harmlessness", "honesty", "instruction_following"], "key_points": key_points,
             "model_justification": _words(1500, "model")}
    return {
        "format": 1, "pack": "limits", "title": _words(256, "pack"), "version": 1, "license": "CC0-1.0",
        "description": _words(1024, "about"),
        "decks": [{"id": "max", "title": _words(100, "deck"), "description": _words(100, "deckabout")}],
        "cards": [
            {**card, "id": "max-single", "type": "single_choice", "answer": 4},
            {**card, "id": "max-multiple", "type": "multiple_choice", "answer": [0, 2, 4]},
            {"id": "max-true-false", "deck": "max", "type": "true_false", "question": _words(3896, "claim"),
             "answer": False, "explanation": _words(1024, "because")},
        ],
        "drills": [
            # A long title and prompt leave 5,800 - 256 - 3,896 characters per response (schema rule).
            {**drill, "id": "max-prompt", "title": _words(256, "title"), "prompt": _words(3896, "prompt"),
             "responses": {label: _words(1648, f"resp{label}") for label in "AB"}, "gold": "B > A"},
            {**drill, "id": "max-responses", "title": _words(256, "heading"), "prompt": _words(200, "ask"),
             "responses": {label: _words(3996, f"long{label}") for label in LABELS}, "gold": "D > C > B > A",
             "key_points": [{**point, "about": LABELS[i % 4]} for i, point in enumerate(key_points)]},
        ],
    }


@pytest.fixture
def settings(settings: Settings, tmp_path: Path) -> Settings:
    packs = tmp_path / "limit-packs"
    packs.mkdir()
    (packs / "core-rubrics.yaml").write_text(yaml.safe_dump(longest_shipped(), allow_unicode=True, sort_keys=False))
    (packs / "limits.yaml").write_text(yaml.safe_dump(schema_maximum(), allow_unicode=True, sort_keys=False))
    loaded, problems = load_packs([packs])
    assert not problems, problems
    assert len(loaded) == 2
    settings.content_dirs = [packs]
    return settings


def long_justification(responses: dict[str, str]) -> str:
    """1,500 characters that exercise every kind of feedback: quotes real and invented, dimensions,
    a generic phrase, a contradiction, and @mentions."""
    labels = sorted(responses)
    parts = [f"Response {labels[-1]} is better than Response {labels[0]} on factual accuracy and helpfulness."]
    for label in labels:
        quote = " ".join(responses[label].split()[:8])
        parts.append(f'Response {label} says "{quote}", which matters for conciseness and honesty.')
    parts += ['Response A also claims "the moon is made of cheese", a quote that appears nowhere.',
              "Overall it is more helpful and better quality.", "@everyone note Response A is actually best."]
    text = " ".join(parts)
    while len(text) < JUSTIFICATION_MAX:
        text += " Response B keeps the answer short and checkable, which the rubric rewards."
    return text[:JUSTIFICATION_MAX - 1].rsplit(" ", 1)[0] + "."


async def answer_card(server: FakeDiscord, bot: StudyCoachBot, user: object, shown: InteractionResult, *,
                      correct: bool) -> InteractionResult:
    _, card = await shown_card(bot, shown)
    right = sorted(card.correct_indexes)
    wrong = [i for i in range(len(card.choices)) if i not in card.correct_indexes]
    if card.type == "multiple_choice":
        select = shown.message.selects[0]
        picked = await server.select(user, shown.message, select.custom_id,
                                     [str(i) for i in (right if correct else wrong[:1] + right)])
        submit = next(b.custom_id for b in picked.message.buttons if b.custom_id.startswith("quiz:ok:"))
        return await server.click(user, picked.message, submit)
    option = right[0] if correct else wrong[0]
    answer = next(b.custom_id for b in shown.message.buttons
                  if b.custom_id.startswith("quiz:a:") and b.custom_id.split(":")[4] == str(option))
    return await server.click(user, shown.message, answer)


async def test_quiz_renderers_on_the_longest_cards(
    bot: StudyCoachBot, server: FakeDiscord, world: World, no_errors
) -> None:
    shown = await server.slash(world.learner, world.guild, world.general, "quiz start")
    seen: set[str] = set()
    while shown.embed["title"] not in ("Session complete", "Session ended"):
        card_id, _ = await shown_card(bot, shown)
        feedback = await answer_card(server, bot, world.learner, shown, correct=card_id in seen)
        seen.add(card_id)
        assert feedback.embed["title"] in ("Correct", "Not quite")
        forward = next(b.custom_id for b in feedback.message.buttons if b.custom_id.startswith("quiz:n:"))
        shown = await server.click(world.learner, feedback.message, forward)
    assert {"core-rubrics/" + c["id"] for c in longest_shipped()["cards"]} <= seen
    assert {"limits/max-single", "limits/max-multiple", "limits/max-true-false"} <= seen
    for command in ("quiz decks", "quiz stats", "quiz settings", "about", "help"):
        result = await server.slash(world.learner, world.guild, world.general, command)
        assert result.embeds, command
    decks = await server.autocomplete(world.learner, world.guild, world.general, "quiz start", {"deck": "deck"})
    assert decks
    await no_errors()


async def test_drill_renderers_on_the_longest_drills(
    bot: StudyCoachBot, server: FakeDiscord, world: World, clock: FixedClock, no_errors
) -> None:
    drills = [f"core-rubrics/{d['id']}" for d in longest_shipped()["drills"]]
    drills += ["limits/max-prompt", "limits/max-responses"]
    await configure(server, world)
    for drill_id in drills:
        await server.slash(world.moderator, world.guild, world.general, "drill queue", {"drill": drill_id})
    upcoming = await server.slash(world.moderator, world.guild, world.general, "drill upcoming")
    assert drills[0] in upcoming.embed["description"]

    by_title = {d["title"]: d for d in [*longest_shipped()["drills"], *schema_maximum()["drills"]]}
    posted = []
    for day in range(len(drills)):
        clock.set(clock.now().replace(hour=13) + timedelta(days=1 if day else 0))
        post = await post_now(bot, server, clock, world)  # also reveals yesterday's drill
        started = await server.click(world.learner, post, r"drill:start:\d+")
        drill = by_title[started.embeds[0]["title"]]
        posted.append(drill["id"])
        message = task_message(started)
        select = message.selects[0]
        picked = await server.select(world.learner, message, select.custom_id, [select.option_values[0]])
        write = await server.click(world.learner, picked.message, r"drill:write:.+")
        text = long_justification(drill["responses"])
        assert len(text) <= JUSTIFICATION_MAX
        result = await server.submit_modal(world.learner, write, values={"drill:justification": text})
        assert "/100" in result.embeds[0]["title"], drill["id"]
        assert result.message.mentioned_user_ids == []

        other = await server.click(world.other, post, r"drill:start:\d+")
        other_message = task_message(other)
        other_select = other_message.selects[0]
        other_pick = await server.select(world.other, other_message, other_select.custom_id,
                                         [other_select.option_values[-1]])
        other_write = await server.click(world.other, other_pick.message, r"drill:write:.+")
        await server.submit_modal(world.other, other_write, values={"drill:justification": TEXT})
    assert sorted(posted) == sorted(d.split("/")[1] for d in drills)  # every queued drill, in some order
    clock.advance(timedelta(days=1))
    await post_now(bot, server, clock, world)  # reveals the last one
    reveals = [m for m in server.messages_in(world.drills, include_ephemeral=False)
               if m.embed and m.embed["title"].startswith("Results:")]
    assert len(reveals) == len(drills)

    for command in ("drill history", "drill stats", "drill today"):
        result = await server.slash(world.learner, world.guild, world.general, command)
        assert result.embeds, command
    practice = await server.slash(world.learner, world.guild, world.general, "drill practice")
    assert practice.embeds
    shown = await server.slash(world.moderator, world.guild, world.general, "settings show")
    assert len(shown.embeds) == 2
    await no_errors()
