"""Loading packs: folders and single files, YAML and JSON, lines for every item, discovery."""

from __future__ import annotations

from pathlib import Path

from bot.packs.loader import discover_packs, load_all, load_pack, load_packs
from tests.unit.packs.conftest import FIXTURES

VALID = FIXTURES / "valid"
GOOD = VALID / "good-pack"


def test_the_valid_folder_pack_loads_cleanly() -> None:
    result = load_pack(GOOD)
    assert result.ok, "\n".join(map(str, result.issues))
    pack = result.pack
    assert pack is not None
    assert (pack.id, pack.meta.version, pack.source) == ("good-pack", 2, GOOD.as_posix())
    # cards/basics.yaml is a list, cards/more.yaml a {cards: [...]} mapping: both forms load
    assert [card.id for card in pack.cards] == ["fa-001", "fa-002", "tf-001"]
    assert [drill.id for drill in pack.drills] == ["drill-001", "drill-002", "code-001"]
    assert pack.drills[1].allow_tie
    assert pack.drills[2].checks is not None
    assert pack.drills[2].checks.cases[0].expect == [2, 3]


def test_every_item_knows_its_file_and_line() -> None:
    result = load_pack(GOOD)
    cards, drills = (GOOD / "cards").as_posix(), (GOOD / "drills").as_posix()
    assert {item: (file, line) for item, (file, line) in result.sources.items()} == {
        "fa-001": (f"{cards}/basics.yaml", 1),
        "fa-002": (f"{cards}/basics.yaml", 13),
        "tf-001": (f"{cards}/more.yaml", 2),
        "drill-001": (f"{drills}/ranking.yaml", 2),
        "drill-002": (f"{drills}/ranking.yaml", 31),
        "code-001": (f"{drills}/ranking.yaml", 55),
    }
    assert result.pack_source == ((GOOD / "pack.yaml").as_posix(), 3)


def test_single_file_yaml_pack() -> None:
    result = load_pack(VALID / "single.yaml")
    assert result.ok, result.issues
    assert result.pack is not None
    assert [deck.id for deck in result.pack.meta.decks] == ["shared", "solo"]
    assert result.sources["tie-001"].line == 23


def test_single_file_json_pack_with_tabs_and_escapes() -> None:
    result = load_pack(VALID / "single.json")
    assert result.ok, result.issues
    assert result.pack is not None
    assert result.pack.meta.decks[0].title == "JSON deck \N{GRINNING FACE}"  # a surrogate pair, decoded by json
    assert (result.sources["json-001"].line, result.sources["json-drill"].line) == (9, 19)


def test_responses_are_kept_in_label_order(tmp_path: Path) -> None:
    text = (VALID / "single.yaml").read_text().replace(
        "      A: 12 times 12 is 144.\n      B: It is 144, because 12 x 12 = 144.\n",
        "      B: It is 144, because 12 x 12 = 144.\n      A: 12 times 12 is 144.\n",
    )
    (tmp_path / "swapped.yaml").write_text(text)
    result = load_pack(tmp_path / "swapped.yaml")
    assert result.ok, result.issues
    assert result.pack is not None
    assert result.pack.drills[0].labels == ("A", "B")


def test_discovery_in_a_packs_root_skips_other_files() -> None:
    assert discover_packs([VALID]) == [GOOD, VALID / "single.json", VALID / "single.yaml"]  # not README.md


def test_discovery_of_a_folder_a_file_and_a_missing_path() -> None:
    missing = FIXTURES / "nope"
    assert discover_packs([GOOD, VALID / "single.yaml", missing]) == [GOOD, VALID / "single.yaml", missing]


def test_discovery_lists_each_pack_once() -> None:
    assert discover_packs([VALID, GOOD, Path.cwd() / GOOD]) == [GOOD, VALID / "single.json", VALID / "single.yaml"]


def test_discovery_finds_a_pack_folder_that_lacks_pack_yaml() -> None:
    assert FIXTURES / "broken-folders" / "missing-pack-yaml" in discover_packs([FIXTURES / "broken-folders"])


def test_missing_and_empty_paths_are_reported(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    issues = [str(issue) for result in load_all([tmp_path / "nope", tmp_path / "empty"]) for issue in result.issues]
    assert issues == [
        (f"{(tmp_path / 'empty').as_posix()}:1: empty/empty: no packs here: expected pack folders with pack.yaml, "
        "or .yaml/.json pack files"),
        f"{(tmp_path / 'nope').as_posix()}:1: nope/nope: no such file or folder",
    ]


def test_load_packs_returns_packs_and_issues() -> None:
    packs, issues = load_packs([VALID])
    assert [pack.id for pack in packs] == ["good-pack", "single-json", "single-yaml"]
    assert issues == []


def test_a_duplicate_pack_id_drops_the_later_pack() -> None:
    packs, issues = load_packs([FIXTURES / "broken-folders" / "duplicate-pack-ids"])
    assert [pack.meta.title for pack in packs] == ["Pack one"]
    assert [issue.pack for issue in issues] == ["same-id"]


def test_empty_item_files_are_fine(tmp_path: Path) -> None:
    pack = tmp_path / "good-pack"
    (pack / "cards").mkdir(parents=True)
    (pack / "pack.yaml").write_text((GOOD / "pack.yaml").read_text())
    (pack / "cards" / "empty.yaml").write_text("# nothing yet\n")
    result = load_pack(pack)
    assert result.ok, result.issues
