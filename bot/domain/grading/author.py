"""Author check: a drill's own model justification must grade excellent and make every key
point, and a generic template must stay poor. The content validator calls this."""

from __future__ import annotations

from bot.domain.grading.grader import grade
from bot.packs.schema import Drill

MODEL_MIN = 85
GENERIC_MAX = 30


def generic_template(drill: Drill) -> str:
    """A realistic generic justification of the gold ranking: right verdict, no substance."""
    gold = drill.gold_ranking
    best, worst = gold.labels[0], gold.labels[-1]
    return (f"Response {best} is better. It is more helpful overall and better quality. "
            f"It is well written and more complete. Response {worst} is less clear.")


def author_check(drill: Drill) -> list[str]:
    """Problems with a drill's grading data, as messages for its author (empty when fine)."""
    problems: list[str] = []
    model = grade(drill, drill.gold, drill.model_justification, check_copy=False)
    if model.score < MODEL_MIN:
        weak = ", ".join(f"{c.id} {c.score}/{c.max}" for c in model.criteria if c.score < c.max)
        problems.append(
            f"{drill.id}: the model justification grades {model.score} ({model.band}), below {MODEL_MIN}; "
            f"weak criteria: {weak}."
        )
    found = {k.text: k for k in model.key_points_found}
    for point in model.missed_key_points:
        near = found.get(point.text)
        detail = f" (best coverage {near.coverage:.2f} in sentence {near.sentence + 1})" if near else ""
        problems.append(
            f'{drill.id}: the model justification does not make key point "{point.text}"{detail}; '
            "add terms to the key point (synonym groups the model answer uses) or say it in the model answer."
        )
    generic = grade(drill, drill.gold, generic_template(drill), check_copy=False)
    if generic.score > GENERIC_MAX:
        problems.append(
            f"{drill.id}: a generic justification scores {generic.score} (> {GENERIC_MAX}); key points or terms "
            "are too easy to match with filler words."
        )
    return problems
