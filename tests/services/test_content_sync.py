"""Loading packs into the database: upsert by version, retire removed items, never delete."""

from pathlib import Path

import pytest
import yaml

from bot.clock import FixedClock
from bot.errors import NotFound, UserError
from bot.services.container import Services
from bot.settings import Settings

CARD = {
    "id": "c-1", "deck": "basics", "type": "single_choice", "question": "Which dimension fails?",
    "options": ["Factual accuracy", "Tone"], "answer": 0, "explanation": "The date is wrong.",
    "dimensions": ["factual_accuracy"], "difficulty": 1,
}
DRILL = {
    "id": "d-1", "title": "Dates", "domain": "general", "difficulty": 1, "dimensions": ["factual_accuracy"],
    "prompt": "When was the Eiffel Tower finished?",
    "responses": {"A": "It was finished in 1889.", "B": "It was finished in 1899."},
    "gold": "A > B",
    "key_points": [{"text": "Response B gives the wrong year, 1899.", "about": "B", "dimension": "factual_accuracy"}],
    "model_justification": "Response A is better because it gives the right year, 1889. Response B says 1899, "
                           "a factual accuracy error. Both are short, so the date decides it.",
}


def write_pack(root: Path, *, version: int, cards: list[dict], drills: list[dict]) -> Path:
    folder = root / "mini"
    (folder / "cards").mkdir(parents=True, exist_ok=True)
    (folder / "drills").mkdir(parents=True, exist_ok=True)
    meta = {"format": 1, "pack": "mini", "title": "Mini", "version": version, "license": "CC-BY-4.0",
            "decks": [{"id": "basics", "title": "Basics"}]}
    (folder / "pack.yaml").write_text(yaml.safe_dump(meta))
    (folder / "cards" / "all.yaml").write_text(yaml.safe_dump(cards))
    (folder / "drills" / "all.yaml").write_text(yaml.safe_dump(drills))
    return root


@pytest.fixture
async def mini_services(tmp_path: Path, settings: Settings, clock: FixedClock):
    write_pack(tmp_path / "packs", version=1, cards=[CARD], drills=[DRILL])
    settings.content_dirs = [tmp_path / "packs"]
    services = await Services.open(settings, clock)
    yield services, tmp_path / "packs"
    await services.close()


async def test_packs_load_at_start(mini_services) -> None:
    services, _ = mini_services
    [pack] = await services.content.packs()
    assert (pack.id, pack.version, pack.cards, pack.drills, pack.decks) == ("mini", 1, 1, 1, 1)
    item = await services.content.get_item("mini/c-1")
    assert item.card is not None
    assert item.card.question == "Which dimension fails?"
    assert (await services.content.get_item("mini/d-1")).drill is not None


async def test_removed_items_are_retired_not_deleted(mini_services) -> None:
    services, root = mini_services
    second = {**CARD, "id": "c-2", "question": "Another?"}
    write_pack(root, version=2, cards=[second], drills=[])
    report = await services.content.sync_dirs([root])
    assert report.packs[0].retired == 2
    [pack] = await services.content.packs()
    assert (pack.version, pack.cards, pack.drills) == (2, 1, 0)
    # History keeps its references: the retired card can still be read by id.
    assert (await services.content.get_item("mini/c-1")).card is not None


async def test_resync_without_changes_touches_nothing(mini_services) -> None:
    services, root = mini_services
    report = await services.content.sync_dirs([root])
    assert report.packs[0].added_or_updated == 0
    assert report.packs[0].retired == 0


async def test_older_version_does_not_overwrite(mini_services) -> None:
    services, root = mini_services
    write_pack(root, version=2, cards=[{**CARD, "question": "Changed in v2?"}], drills=[DRILL])
    await services.content.sync_dirs([root])
    write_pack(root, version=1, cards=[CARD], drills=[DRILL])
    report = await services.content.sync_dirs([root])
    assert report.packs[0].skipped
    assert (await services.content.get_item("mini/c-1")).card.question == "Changed in v2?"


async def test_invalid_pack_is_skipped_and_reported(mini_services) -> None:
    services, root = mini_services
    write_pack(root, version=2, cards=[{**CARD, "answer": 9}], drills=[DRILL])
    report = await services.content.sync_dirs([root])
    assert report.problems
    assert any("out of range" in problem for problem in report.problems)
    [pack] = await services.content.packs()
    assert pack.version == 1  # the broken version was not loaded


async def test_lookup_errors_are_specific(mini_services) -> None:
    services, _ = mini_services
    with pytest.raises(NotFound, match="Did you mean `mini/c-1`"):
        await services.content.get_item("mini/c-11")
    with pytest.raises(UserError, match="<pack>/<id>"):
        await services.content.get_item("c-1")
