"""Validate content paths: every problem the loader finds, plus checks plugged in from elsewhere.

The loader already applies the schema and the pack rules (deck exists, unique ids, unique pack
ids); this adds the checks other parts of the bot own, e.g. the grader's author check that a
drill's model justification grades as excellent. Each string a check returns becomes an issue at
that drill's line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.packs.loader import LoadResult, ValidationIssue, load_all
from bot.packs.schema import Drill, Pack

__all__ = ["DrillCheck", "ValidationIssue", "ValidationReport", "validate_paths"]

DrillCheck = Callable[[Drill], list[str]]


@dataclass(frozen=True)
class ValidationReport:
    """The packs found (each with the items that validated) and every issue, in file order."""

    packs: list[Pack]
    issues: list[ValidationIssue]

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def counts(self) -> dict[str, int]:
        return {
            "packs": len(self.packs),
            "cards": sum(len(pack.cards) for pack in self.packs),
            "drills": sum(len(pack.drills) for pack in self.packs),
            "issues": len(self.issues),
        }

    def summary(self) -> str:
        counts = self.counts
        found = f"{counts['packs']} pack(s), {counts['cards']} cards, {counts['drills']} drills"
        return f"{found}: {counts['issues']} problem(s)" if counts["issues"] else f"{found}: OK"


def validate_paths(paths: Sequence[Path], extra_drill_checks: Sequence[DrillCheck] = ()) -> ValidationReport:
    """Validate every pack under `paths` (packs roots, pack folders or pack files)."""
    results = load_all(paths)
    for result in results:
        result.issues += _drill_check_issues(result, extra_drill_checks)
    return ValidationReport(
        packs=[result.pack for result in results if result.pack is not None],
        issues=[issue for result in results for issue in result.issues],
    )


def _drill_check_issues(result: LoadResult, checks: Sequence[DrillCheck]) -> list[ValidationIssue]:
    if result.pack is None or not checks:
        return []
    issues = []
    for drill in result.pack.drills:
        where = result.sources[drill.id]
        issues += [
            ValidationIssue(where.file, where.line, result.pack.id, drill.id, message)
            for check in checks
            for message in _run(check, drill)
        ]
    return issues


def _run(check: DrillCheck, drill: Drill) -> list[str]:
    try:
        return list(check(drill))
    except Exception as exc:  # noqa: BLE001 - a crashing plug-in is one more issue, not the end of the run
        name = getattr(check, "__name__", repr(check))
        return [f"check {name} crashed: {type(exc).__name__}: {exc}"]
