"""One broken fixture per kind of error: each yields exactly one issue, at the right FILE:LINE."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.packs.loader import load_all
from tests.unit.packs.conftest import FIXTURES

BROKEN = FIXTURES / "broken"
FOLDERS = FIXTURES / "broken-folders"

# fixture -> (file the issue is in, line, item, a substring of the message)
CASES: dict[Path, tuple[Path, int, str, str]] = {
    BROKEN / "answer-out-of-range.yaml": (
        BROKEN / "answer-out-of-range.yaml", 16, "fa-001",
        "answer index 4 is out of range: options are numbered 0 to 3"),
    BROKEN / "unknown-field.yaml": (
        BROKEN / "unknown-field.yaml", 17, "fa-001", "unknown field 'explaination' (did you mean 'explanation'?)"),
    BROKEN / "missing-field.yaml": (BROKEN / "missing-field.yaml", 11, "fa-001", "missing required field 'deck'"),
    BROKEN / "unknown-deck.yaml": (
        BROKEN / "unknown-deck.yaml", 12, "fa-001",
        "deck 'basic' is not declared in the pack's decks (did you mean 'basics'?); declared: basics"),
    BROKEN / "unknown-dimension.yaml": (
        BROKEN / "unknown-dimension.yaml", 18, "fa-001",
        ("unknown dimension 'accuracy' (did you mean 'factual_accuracy'?); valid dimensions: factual_accuracy, "
        "instruction_following, helpfulness")),
    BROKEN / "gold-labels.yaml": (
        BROKEN / "gold-labels.yaml", 29, "drill-001", "gold: ranking 'A > B > C' must rank exactly A, B, each once"),
    BROKEN / "key-point-about.yaml": (
        BROKEN / "key-point-about.yaml", 32, "drill-001", "key point about 'C' names no response (labels: A, B)"),
    BROKEN / "tie-without-allow-tie.yaml": (
        BROKEN / "tie-without-allow-tie.yaml", 29, "drill-001", "has a tie but allow_tie is false"),
    BROKEN / "option-too-long.yaml": (
        BROKEN / "option-too-long.yaml", 15, "fa-001",
        "options[2] is 85 characters, over the limit of 80: an option is shown as a button label (80)"),
    BROKEN / "yaml-boolean.yaml": (
        BROKEN / "yaml-boolean.yaml", 15, "fa-001",
        "options[3] must be text, not true/false (YAML reads yes/no/on/off/true/false"),
    BROKEN / "duplicate-key.yaml": (
        BROKEN / "duplicate-key.yaml", 24, "drill-001", "'difficulty' is given twice (first on line 23)"),
    BROKEN / "duplicate-id.yaml": (
        BROKEN / "duplicate-id.yaml", 20, "fa-001",
        f"id 'fa-001' is already used in this pack, by the card at {(BROKEN / 'duplicate-id.yaml').as_posix()}:11"),
    BROKEN / "bad-id.yaml": (
        BROKEN / "bad-id.yaml", 11, "FA 001", "id 'FA 001' is not valid: use lowercase letters, digits and '-'"),
    BROKEN / "bad-difficulty.yaml": (
        BROKEN / "bad-difficulty.yaml", 23, "drill-001", "difficulty must be 1 (easy), 2 (medium) or 3 (hard), not 5"),
    BROKEN / "bad-response-label.yaml": (
        BROKEN / "bad-response-label.yaml", 28, "drill-001", "response label 'E' is not valid"),
    BROKEN / "format-2.yaml": (
        BROKEN / "format-2.yaml", 2, "format-2.yaml", "format 2 is not supported: this version of studycoach reads"),
    BROKEN / "empty-text.yaml": (BROKEN / "empty-text.yaml", 14, "fa-001", "question is empty"),
    BROKEN / "drill-too-big-for-embed.yaml": (
        BROKEN / "drill-too-big-for-embed.yaml", 27, "drill-001",
        "response A does not fit one Discord embed with the title and prompt: 6603 characters, over 5800"),
    BROKEN / "checks-without-code.yaml": (
        BROKEN / "checks-without-code.yaml", 37, "drill-001",
        "checks run response A's code, but it has no ```python block"),
    BROKEN / "mapping-text-colon.yaml": (
        BROKEN / "mapping-text-colon.yaml", 14, "mapping-text-colon.yaml",
        "a text containing ': ' must be quoted or written as a block (key: >)"),
    FOLDERS / "tab-indent": (
        FOLDERS / "tab-indent/cards/basics.yaml", 3, "basics.yaml",
        "YAML does not allow tabs for indentation: use spaces"),
    FOLDERS / "json-syntax.json": (
        FOLDERS / "json-syntax.json", 5, "json-syntax.json", "JSON syntax error: Expecting ',' delimiter"),
    FOLDERS / "not-a-list": (
        FOLDERS / "not-a-list/cards/basics.yaml", 2, "basics.yaml",
        "a cards file must be a list of cards, or a mapping with the one key 'cards'; this looks like a single card"),
    FOLDERS / "wrong-mapping": (
        FOLDERS / "wrong-mapping/drills/ranking.yaml", 2, "ranking.yaml",
        "a drills file must be a list of drills, or a mapping with the one key 'drills'; found the keys cards"),
    FOLDERS / "missing-pack-yaml": (
        FOLDERS / "missing-pack-yaml/pack.yaml", 1, "pack.yaml", "missing pack.yaml: every pack folder needs one"),
    FOLDERS / "wrong-folder-name": (
        FOLDERS / "wrong-folder-name/pack.yaml", 3, "pack.yaml",
        "pack id 'another-name' differs from its folder name 'wrong-folder-name'"),
    FOLDERS / "stray-file": (
        FOLDERS / "stray-file/extra-cards.yaml", 1, "extra-cards.yaml",
        "not read: a pack folder holds pack.yaml, cards/*.yaml and drills/*.yaml"),
    FOLDERS / "duplicate-pack-ids": (
        FOLDERS / "duplicate-pack-ids/two.yaml", 3, "two.yaml",
        f"pack id 'same-id' is already used by {(FOLDERS / 'duplicate-pack-ids/one.yaml').as_posix()}"),
}


@pytest.mark.parametrize("fixture", list(CASES), ids=lambda path: path.name)
def test_each_broken_fixture_yields_its_one_issue(fixture: Path) -> None:
    file, line, item, message = CASES[fixture]
    issues = [issue for result in load_all([fixture]) for issue in result.issues]
    assert len(issues) == 1, "\n".join(map(str, issues))
    [issue] = issues
    assert (issue.file, issue.line, issue.item) == (file.as_posix(), line, item)
    assert message in issue.message
    assert str(issue).startswith(f"{file.as_posix()}:{line}: ")


def test_every_broken_fixture_is_covered() -> None:
    fixtures = {*BROKEN.iterdir(), *FOLDERS.iterdir()}
    assert fixtures == set(CASES), "add a CASES row for each new broken fixture"


def test_issue_str_is_file_line_pack_item_message() -> None:
    [result] = load_all([BROKEN / "answer-out-of-range.yaml"])
    assert [str(issue) for issue in result.issues] == [
        ("tests/fixtures/packs/broken/answer-out-of-range.yaml:16: answer-out-of-range/fa-001: "
        "answer index 4 is out of range: options are numbered 0 to 3")
    ]


def test_a_broken_item_is_left_out_and_the_rest_of_the_pack_kept() -> None:
    [result] = load_all([BROKEN / "answer-out-of-range.yaml"])
    assert result.pack is not None
    assert not result.ok
    assert [card.id for card in result.pack.cards] == []
    assert [drill.id for drill in result.pack.drills] == ["drill-001"]


def test_unknown_field_without_a_close_match_lists_the_valid_fields(tmp_path: Path) -> None:
    text = (BROKEN / "unknown-field.yaml").read_text().replace("explaination", "zzz")
    (tmp_path / "pack.yaml").write_text(text)
    issues = [str(issue) for result in load_all([tmp_path / "pack.yaml"]) for issue in result.issues]
    assert any("unknown field 'zzz'; the fields of a card are id, deck, type, question" in i for i in issues)
    assert any("missing required field 'explanation'" in i for i in issues)


def test_errors_in_json_packs_point_at_their_line(tmp_path: Path) -> None:
    source = (FIXTURES / "valid" / "single.json").read_text()
    (tmp_path / "broken.json").write_text(source.replace('"difficulty": 2', '"difficulty": 7'))
    [result] = load_all([tmp_path / "broken.json"])
    [issue] = result.issues
    assert issue.line == 23
    assert issue.item == "json-drill"
    assert "difficulty must be 1 (easy), 2 (medium) or 3 (hard), not 7" in issue.message
