"""The JSONL grade runner behind `studycoach grade --input FILE.jsonl [--output FILE] [--explain]`.

Each input line is `{"id": ..., "drill": {...} | "drill_id": "<pack>/<id>", "ranking": "B > A",
"justification": "..."}`. Each output line is the grade as JSON with the id echoed, or with
`explain`, the readable text the console and Discord show. A bad line yields an error line that
names its line number (`{"line": 3, "error": "..."}`), and the run goes on. Blank lines are skipped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from pydantic import ValidationError

from bot.domain.grading import Grade, format_grade_text, grade
from bot.packs.schema import Drill

DrillResolver = Callable[[str], Drill | None]


class LineError(ValueError):
    """A line that cannot be graded; the message says why."""


def _validation_message(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "drill"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"invalid drill: {where}: {first.get('msg', 'invalid')}{more}"


def _drill(item: dict[str, Any], resolve_drill: DrillResolver) -> Drill:
    if "drill" in item:
        if not isinstance(item["drill"], dict):
            raise LineError("'drill' must be an object (a drill as in CONTENT_FORMAT.md)")
        try:
            return Drill.model_validate(item["drill"])
        except ValidationError as exc:
            raise LineError(_validation_message(exc)) from None
    drill_id = item.get("drill_id")
    if not isinstance(drill_id, str) or not drill_id:
        raise LineError("each line needs 'drill' (an object) or 'drill_id' (\"<pack>/<id>\")")
    drill = resolve_drill(drill_id)
    if drill is None:
        raise LineError(f"unknown drill_id {drill_id!r}")
    return drill


def grade_item(item: Any, resolve_drill: DrillResolver) -> tuple[Grade, Drill]:
    """Grade one decoded input object; raises LineError with a message for the user."""
    if not isinstance(item, dict):
        raise LineError("each line must be a JSON object")
    drill = _drill(item, resolve_drill)
    ranking, justification = item.get("ranking"), item.get("justification")
    if not isinstance(ranking, str):
        raise LineError("'ranking' must be a string such as \"B > A\"")
    if not isinstance(justification, str):
        raise LineError("'justification' must be a string")
    try:
        result = grade(drill, ranking, justification)
    except ValueError as exc:  # InvalidRanking
        raise LineError(str(exc)) from None
    item_id = item.get("id")
    if item_id is not None:
        result = result.model_copy(update={"id": str(item_id)})
    return result, drill


def grade_json(result: Grade) -> str:
    data = result.model_dump(mode="json")
    if data.get("id") is None:
        data.pop("id", None)
    return json.dumps(data, ensure_ascii=False)


def run_grade(input_lines: Iterable[str], resolve_drill: DrillResolver, explain: bool) -> Iterator[str]:
    """Grade each JSONL line; yield one output line (JSON, or text with `explain`) per input line."""
    for number, line in enumerate(input_lines, start=1):
        if not line.strip():
            continue
        item: Any = None
        try:
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise LineError(f"not valid JSON: {exc.msg} at column {exc.colno}") from None
            result, drill = grade_item(item, resolve_drill)
        except LineError as exc:
            item_id = item.get("id") if isinstance(item, dict) else None
            if explain:
                yield f"line {number}{f' ({item_id})' if item_id is not None else ''}: error: {exc}"
            else:
                error: dict[str, Any] = {"line": number}
                if item_id is not None:
                    error["id"] = item_id
                error["error"] = str(exc)
                yield json.dumps(error, ensure_ascii=False)
            continue
        if explain:
            header = f"[{result.id}] " if result.id is not None else f"[line {number}] "
            yield header + format_grade_text(result, drill)
        else:
            yield grade_json(result)
