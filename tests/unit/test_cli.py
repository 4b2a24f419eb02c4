"""The command line as an operator uses it (run as a subprocess, like a shell would)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def studycoach(*args: str, cwd: Path, stdin: str = "", env: dict[str, str] | None = None):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "STUDYCOACH_"))}
    clean["STUDYCOACH_CONTENT_DIRS"] = str(REPO / "content" / "packs")
    clean.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, input=stdin, capture_output=True, text=True,
        env=clean, timeout=120, check=False,
    )


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = studycoach("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("run", "console", "sync", "content", "db", "grade"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["run", "sync"])
def test_missing_token_exits_2_with_one_line(tmp_path: Path, command: str) -> None:
    result = studycoach(command, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "DISCORD_TOKEN" in lines[0]
    assert "studycoach console" in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists()  # failed before touching anything


def test_invalid_setting_exits_2(tmp_path: Path) -> None:
    result = studycoach("run", cwd=tmp_path, env={"DISCORD_TOKEN": "x", "STUDYCOACH_DEV_GUILD_ID": "abc"})
    assert result.returncode == 2
    assert result.stderr.strip().startswith("STUDYCOACH_DEV_GUILD_ID")
    assert len(result.stderr.strip().splitlines()) == 1


def test_console_help_and_quit(tmp_path: Path) -> None:
    result = studycoach("console", cwd=tmp_path, stdin="help\nquit\n")
    assert result.returncode == 0, result.stderr
    assert "preview <pack>/<id>" in result.stdout
    assert (tmp_path / "data" / "studycoach.db").exists()


def test_console_reports_unknown_items_and_commands(tmp_path: Path) -> None:
    result = studycoach("console", cwd=tmp_path, stdin="frobnicate\npreview nope/nothing\npreview x\n")
    assert result.returncode == 0, result.stderr
    assert "Unknown command 'frobnicate'" in result.stdout
    assert "No card or drill `nope/nothing`" in result.stdout
    assert "<pack>/<id>" in result.stdout


def test_db_commands(tmp_path: Path) -> None:
    assert studycoach("db", "migrate", cwd=tmp_path).returncode == 0
    check = studycoach("db", "check", cwd=tmp_path)
    assert check.returncode == 0
    assert "integrity: ok" in check.stdout
    backup = studycoach("db", "backup", str(tmp_path / "copy.db"), cwd=tmp_path)
    assert backup.returncode == 0
    assert (tmp_path / "copy.db").stat().st_size > 0


def test_shipped_content_validates(tmp_path: Path) -> None:
    result = studycoach("content", "validate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_validate_reports_every_error_with_file_and_line(tmp_path: Path) -> None:
    pack = REPO / "tests" / "fixtures" / "packs" / "multi-error"
    result = studycoach("content", "validate", str(pack), cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 16
    for line in lines:
        file, line_no, rest = line.split(":", 2)
        assert file.startswith(str(pack)), line
        assert line_no.isdigit(), line
        assert rest.startswith(" multi-error/"), line
    assert "16 problem(s)" in result.stderr


def test_grade_command_follows_the_contract(tmp_path: Path) -> None:
    import json

    lines = [
        json.dumps({"id": "one", "drill_id": "core-rubrics/dr-general-01", "ranking": "A > B",
                    "justification": "Response A is better. Response B invents a study. A is honest."}),
        "{not json",
        json.dumps({"id": "three", "drill_id": "core-rubrics/nope", "ranking": "A > B", "justification": "x"}),
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n")
    result = studycoach("grade", "--input", "in.jsonl", "--output", "out.jsonl", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    first, second, third = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert first["id"] == "one"
    assert {"score", "band", "ranking", "criteria", "missed_key_points", "flags"} <= set(first)
    assert [c["id"] for c in first["criteria"]] == [
        "key_points", "evidence", "dimensions", "tradeoff", "consistency", "form"]
    assert second["line"] == 2
    assert "error" in second
    assert third["line"] == 3
    assert third["id"] == "three"
    assert "error" in third
    explained = studycoach("grade", "--input", "in.jsonl", "--explain", cwd=tmp_path)
    assert "Score" in explained.stdout
    assert "line 2" in explained.stdout
