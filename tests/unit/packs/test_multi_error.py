"""A pack with many errors reports all of them at once, in file order."""

from __future__ import annotations

from bot.packs.validator import validate_paths
from tests.unit.packs.conftest import FIXTURES

PACK = FIXTURES / "multi-error"

# (file inside the pack, line, item, a substring of the message), in the order they are reported
EXPECTED = [
    ("cards/a-syntax.yaml", 4, "a-syntax.yaml", "YAML syntax error: mapping values are not allowed"),
    ("cards/b-cards.yaml", 6, "fa-001", "answer index 2 is out of range: options are numbered 0 to 1"),
    ("cards/b-cards.yaml", 10, "fa-003", "deck 'basix' is not declared in the pack's decks (did you mean 'basics'?)"),
    ("cards/b-cards.yaml", 22, "fa-004", "unknown dimension 'tonee' (did you mean 'tone'?); valid dimensions:"),
    ("cards/b-cards.yaml", 28, "fa-005", "options[1] is 88 characters, over the limit of 80"),
    ("cards/b-cards.yaml", 30, "fa-005", "unknown field 'explaination' (did you mean 'explanation'?)"),
    ("cards/b-cards.yaml", 32, "card#5", "a card must be a mapping of fields (name: value), not a text"),
    ("drills/c-drills.yaml", 2, "fa-001", "id 'fa-001' is already used in this pack, by the card at"),
    ("drills/c-drills.yaml", 19, "drill-002", "domain: 'code' is not one of general, coding, math"),
    ("drills/c-drills.yaml", 40, "drill-003", "gold 'A = B' has a tie but allow_tie is false"),
    ("drills/c-drills.yaml", 43, "drill-003", "key point about 'C' names no response (labels: A, B)"),
    ("drills/c-drills.yaml", 46, "drill-004", "missing required field 'key_points'"),
    ("drills/c-drills.yaml", 54, "drill-004", "response label 'E' is not valid"),
    ("pack.yaml", 4, "pack.yaml", "unknown field 'titel' (did you mean 'title'?)"),
    ("pack.yaml", 5, "pack.yaml", "version must be at least 1, not 0"),
    ("pack.yaml", 10, "pack.yaml", "deck id 'basics' is declared twice"),
]


def test_every_error_is_reported_at_once() -> None:
    report = validate_paths([PACK])
    found = [(issue.file, issue.line, issue.item) for issue in report.issues]
    assert found == [((PACK / file).as_posix(), line, item) for file, line, item, _ in EXPECTED]
    for issue, (*_, message) in zip(report.issues, EXPECTED, strict=True):
        assert message in issue.message, str(issue)
    assert {issue.pack for issue in report.issues} == {"multi-error"}


def test_broken_metadata_means_no_pack() -> None:
    report = validate_paths([PACK])
    assert report.packs == []
    assert not report.ok
    assert report.summary() == "0 pack(s), 0 cards, 0 drills: 16 problem(s)"
