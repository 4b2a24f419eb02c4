"""Run the Python code of a drill response against a drill's code checks (a test helper).

The FIRST ```python fenced block of a response is the code under test. It runs in a separate
interpreter (`sys.executable -I`), so a response that hangs, exits or prints cannot disturb the
test run: the harness calls the named function on every case, compares the JSON-normalised result
with `expect` (floats with a small tolerance) and prints one JSON object with the results.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TIMEOUT_SECONDS = 5.0

_FIRST_PYTHON_BLOCK = re.compile(r"```(?:python|py)[ \t]*\r?\n(.*?)```", re.DOTALL | re.IGNORECASE)

# Runs inside the child interpreter: reads {"code", "function", "cases"} on stdin, writes one JSON line.
_HARNESS = r"""
import contextlib, io, json, math, sys

def same(got, expect):
    if isinstance(expect, bool) or isinstance(got, bool):
        return type(got) is type(expect) and got == expect
    if isinstance(expect, (int, float)) and isinstance(got, (int, float)):
        if isinstance(expect, float) or isinstance(got, float):
            return math.isclose(got, expect, rel_tol=1e-9, abs_tol=1e-12)
        return got == expect
    if isinstance(expect, list) and isinstance(got, list):
        return len(got) == len(expect) and all(same(g, e) for g, e in zip(got, expect))
    if isinstance(expect, dict) and isinstance(got, dict):
        return got.keys() == expect.keys() and all(same(got[k], expect[k]) for k in expect)
    return type(got) is type(expect) and got == expect

payload = json.loads(sys.stdin.read())
out = sys.stdout
report = {"error": None, "results": []}
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    namespace = {"__name__": "drill_response"}
    try:
        exec(compile(payload["code"], "<response>", "exec"), namespace)
        function = namespace[payload["function"]]
    except BaseException as exc:
        report["error"] = f"{type(exc).__name__}: {exc}"
    else:
        for case in payload["cases"]:
            try:
                got = json.loads(json.dumps(function(*case["args"])))
            except BaseException as exc:
                report["results"].append({"ok": False, "error": f"{type(exc).__name__}: {exc}"})
            else:
                report["results"].append({"ok": same(got, case["expect"]), "got": got})
out.write(json.dumps(report) + "\n")
"""


@dataclass(frozen=True)
class CaseResult:
    ok: bool
    args: list[Any]
    expect: Any
    got: Any = None
    error: str | None = None


@dataclass(frozen=True)
class RunResult:
    error: str | None
    cases: list[CaseResult]

    @property
    def all_passed(self) -> bool:
        return self.error is None and bool(self.cases) and all(case.ok for case in self.cases)

    @property
    def any_failed(self) -> bool:
        return self.error is not None or any(not case.ok for case in self.cases)

    def describe(self) -> str:
        if self.error:
            return f"error: {self.error}"
        return "; ".join(
            f"{'ok' if c.ok else 'FAIL'} {c.args!r} -> {c.error or repr(c.got)} (expect {c.expect!r})"
            for c in self.cases
        )


def first_python_block(response: str) -> str | None:
    """The code of the first ```python fenced block in a response, or None."""
    match = _FIRST_PYTHON_BLOCK.search(response)
    return match.group(1) if match else None


def run_cases(code: str, function: str, cases: list[dict[str, Any]], timeout: float = TIMEOUT_SECONDS) -> RunResult:
    """Run `function(*args)` for each case in a fresh isolated interpreter and compare with `expect`."""
    payload = json.dumps({"code": code, "function": function, "cases": cases})
    try:
        completed = subprocess.run(
            [sys.executable, "-I", "-c", _HARNESS],
            input=payload,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return RunResult(error=f"timed out after {timeout:g} s", cases=[])
    lines = completed.stdout.strip().splitlines()
    if completed.returncode != 0 or not lines:
        detail = completed.stderr.strip().splitlines()[-1:] or [f"exit code {completed.returncode}"]
        return RunResult(error=f"harness failed: {detail[0]}", cases=[])
    report = json.loads(lines[-1])
    results = [
        CaseResult(ok=r["ok"], args=c["args"], expect=c["expect"], got=r.get("got"), error=r.get("error"))
        for c, r in zip(cases, report["results"], strict=False)
    ]
    return RunResult(error=report["error"], cases=results)


def run_response(response: str, function: str, cases: list[dict[str, Any]]) -> RunResult:
    """Extract a response's first python block and run it against the cases."""
    code = first_python_block(response)
    if code is None:
        return RunResult(error="no ```python block in the response", cases=[])
    return run_cases(code, function, cases)


PACKS_DIR = Path(__file__).resolve().parents[3] / "content" / "packs"


def pack_drill_items(packs_dir: Path = PACKS_DIR) -> list[tuple[str, dict[str, Any]]]:
    """Every raw drill item under content/packs, keyed "<pack>/<id>" (drills/*.yaml and one-file packs)."""
    import yaml

    found: list[tuple[str, dict[str, Any]]] = []
    for path in sorted(packs_dir.rglob("*")):
        if not path.is_file() or path.suffix not in (".yaml", ".yml", ".json"):
            continue
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
        if isinstance(data, dict):
            items = data.get("drills") or []
        elif isinstance(data, list) and path.parent.name == "drills":
            items = data
        else:
            items = []
        pack = path.relative_to(packs_dir).parts[0]
        found.extend((f"{pack}/{item.get('id')}", item) for item in items if isinstance(item, dict))
    return found


def main(argv: list[str] | None = None) -> int:
    """`python -m tests.unit.content.code_runner DRILLS.yaml [DRILL_ID]`: print each response's results as JSON."""
    import yaml

    args = sys.argv[1:] if argv is None else argv
    if not args:
        sys.stderr.write("usage: code_runner.py DRILLS.yaml [DRILL_ID]\n")
        return 2
    data = yaml.safe_load(Path(args[0]).read_text(encoding="utf-8"))
    items = data.get("drills", []) if isinstance(data, dict) else data
    for item in items:
        checks = item.get("checks")
        if not checks or (len(args) > 1 and item["id"] != args[1]):
            continue
        for label, response in item["responses"].items():
            result = run_response(response, checks["function"], checks["cases"])
            line = {"drill": item["id"], "response": label, "all_passed": result.all_passed,
                    "error": result.error, "cases": [c.__dict__ for c in result.cases]}
            sys.stdout.write(json.dumps(line) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
