import json

from bot.services.grading import run_grade
from tests.unit.grading.conftest import SLEEP

TEXT = ("B > A. Response A cites a 2019 Stanford study that is made up. B gives 8 to 10 hours and names the "
        "American Academy of Sleep Medicine.")


def test_json_lines_with_ids_and_errors(sleep_drill):
    lines = [
        json.dumps({"id": "one", "drill": SLEEP, "ranking": "B > A", "justification": TEXT}),
        "{not json",
        json.dumps({"id": "three", "drill_id": "core/sleep-study", "ranking": "B > A", "justification": TEXT}),
        json.dumps({"id": "four", "drill_id": "core/nope", "ranking": "B > A", "justification": TEXT}),
        json.dumps({"id": "five", "drill": SLEEP, "ranking": "B > Z", "justification": TEXT}),
        json.dumps({"id": "six", "drill": {"id": "x"}, "ranking": "B > A", "justification": TEXT}),
        "",
    ]
    out = [json.loads(line) for line in run_grade(lines, {"core/sleep-study": sleep_drill}.get, explain=False)]
    assert len(out) == 6
    assert out[0]["id"] == "one"
    assert 0 <= out[0]["score"] <= 100
    assert out[0]["ranking"]["gold"] == "B > A"
    assert out[1]["line"] == 2
    assert "JSON" in out[1]["error"]
    assert out[2]["id"] == "three"
    assert out[2]["score"] == out[0]["score"]
    assert out[3] == {"line": 4, "id": "four", "error": "unknown drill_id 'core/nope'"}
    assert out[4]["line"] == 5
    assert "ranking" in out[4]["error"]
    assert out[5]["line"] == 6
    assert out[5]["error"].startswith("invalid drill")


def test_explain_yields_text(sleep_drill):
    line = json.dumps({"id": "one", "drill": SLEEP, "ranking": "B > A", "justification": TEXT})
    (text,) = list(run_grade([line, "[]"], lambda _: None, explain=True))[:1]
    assert text.startswith("[one] The invented study")
    assert "key points" in text
    assert "Score" in text
    errors = list(run_grade(["[]"], lambda _: None, explain=True))
    assert errors == ["line 1: error: each line must be a JSON object"]
