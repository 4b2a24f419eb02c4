"""Author check: a drill's own model justification must grade excellent and make every key
point, a generic template must stay poor, and no term group may be made only of generic words.
The content validator calls this and prints each message after the drill's id."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.grading.grader import grade
from bot.domain.grading.lexicon import GENERIC_TERMS, STOP_WORDS, WEAK_WORDS
from bot.domain.grading.text import normalize, tokenize
from bot.packs.schema import Drill

MODEL_MIN = 85
GENERIC_MAX = 30
CROSS_MAX = 49  # another drill's model justification must stay poor here
_GENERIC = STOP_WORDS | WEAK_WORDS | GENERIC_TERMS
_FUNCTION = STOP_WORDS | GENERIC_TERMS


def generic_template(drill: Drill) -> str:
    """A realistic generic justification of the gold ranking: right verdict, no substance."""
    gold = drill.gold_ranking
    best, worst = gold.labels[0], gold.labels[-1]
    return (f"Response {best} is better. It is more helpful overall and better quality. "
            f"It is well written and more complete. Response {worst} is less clear.")


def is_generic(alternative: str) -> bool:
    """Whether a term alternative is one word any justification uses ("but", "one", "code"), or a
    phrase of function words only ("does not"); "off by one" is specific."""
    words = [t.norm for t in tokenize(normalize(alternative)) if t.kind != "sym"]
    if len(words) == 1:
        return words[0] in _GENERIC
    return bool(words) and all(w in _FUNCTION for w in words)


def generic_groups(drill: Drill) -> list[tuple[str, list[str]]]:
    """(key point text, group) for every authored term group whose alternatives are all generic."""
    return [
        (point.text, list(group))
        for point in drill.key_points
        for group in point.terms or ()
        if group and all(is_generic(alternative) for alternative in group)
    ]


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def author_check(drill: Drill) -> list[str]:
    """Problems with a drill's grading data, as messages for its author (empty when fine). The
    validator prefixes each with the drill's id, so the messages do not repeat it."""
    problems: list[str] = []
    model = grade(drill, drill.gold, drill.model_justification, check_copy=False)
    if model.score < MODEL_MIN:
        weak = ", ".join(f"{c.id} {c.score}/{c.max}" for c in model.criteria if c.score < c.max)
        problems.append(
            f"the model justification grades {model.score} ({model.band}), below {MODEL_MIN}; "
            f"weak criteria: {weak}."
        )
    found = {k.text: k for k in model.key_points_found}
    for point in model.missed_key_points:
        near = found.get(point.text)
        detail = f" (best coverage {near.coverage:.2f} in sentence {near.sentence + 1})" if near else ""
        problems.append(
            f'the model justification does not make key point "{point.text}"{detail}; '
            "add terms to the key point (synonym groups the model answer uses) or say it in the model answer."
        )
    generic = grade(drill, drill.gold, generic_template(drill), check_copy=False)
    if generic.score > GENERIC_MAX:
        problems.append(
            f"a generic justification scores {generic.score} (> {GENERIC_MAX}); key points or terms "
            "are too easy to match with filler words."
        )
    for text, group in generic_groups(drill):
        problems.append(
            f'key point "{_short(text)}": the term group {group} holds only generic words that almost any '
            "justification uses, so it matches other drills' answers too; use words specific to this point "
            "(the fact, number, name or quote)."
        )
    return problems


def cross_check(drills: Sequence[Drill], limit: int = CROSS_MAX) -> list[str]:
    """Grade every drill's model justification against every other drill (with that drill's gold
    ranking, the kindest case): each must stay at or below `limit`. A pair above it means a drill's key
    points or terms are broad enough to be made by an answer about something else."""
    problems = []
    for source in drills:
        for target in drills:
            if target.id == source.id:
                continue
            result = grade(target, target.gold, source.model_justification, check_copy=False)
            if result.score > limit:
                made = [k.text for k in result.key_points_found if k.matched]
                problems.append(
                    f"{source.id}'s model justification scores {result.score} on {target.id}"
                    + (f'; it makes {len(made)} key point(s) there, e.g. "{_short(made[0])}"' if made else "")
                )
    return problems
