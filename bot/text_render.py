"""Plain-text rendering of content for the console and for previews."""

from __future__ import annotations

import textwrap

from bot.domain.dimensions import DIMENSIONS
from bot.packs.schema import Card, Drill

WIDTH = 88
DIFFICULTY = {1: "easy", 2: "medium", 3: "hard"}


def wrap(text: str, indent: str = "") -> str:
    paragraphs = list(text.strip().split("\n"))
    lines = []
    for paragraph in paragraphs:
        if not paragraph.strip():
            lines.append("")
            continue
        lines.extend(
            textwrap.wrap(paragraph, WIDTH, initial_indent=indent, subsequent_indent=indent,
                          replace_whitespace=False, drop_whitespace=True) or [indent]
        )
    return "\n".join(lines)


def dimension_titles(ids: list[str]) -> str:
    return ", ".join(DIMENSIONS[d].title if d in DIMENSIONS else d for d in ids)


def card_question_text(card: Card, global_id: str) -> str:
    kind = {"single_choice": "choose one", "multiple_choice": "choose all that apply", "true_false": "true or false"}
    lines = [
        f"[{global_id}] deck {card.deck} · {DIFFICULTY[card.difficulty]} · {kind[card.type]}",
        wrap(card.question),
    ]
    for index, option in enumerate(card.choices):
        lines.append(f"  {index + 1}) {option}")
    return "\n".join(lines)


def card_preview_text(card: Card, global_id: str) -> str:
    answer = ", ".join(f"{i + 1}) {card.choices[i]}" for i in sorted(card.correct_indexes))
    lines = [card_question_text(card, global_id), f"Answer: {answer}", "Why: " + wrap(card.explanation).lstrip()]
    if card.dimensions:
        lines.append(f"Dimensions: {dimension_titles(card.dimensions)}")
    return "\n".join(lines)


def drill_task_text(drill: Drill, global_id: str) -> str:
    """What a learner sees: the prompt and the responses in full."""
    lines = [
        f"[{global_id}] {drill.title}",
        f"{drill.domain} · {DIFFICULTY[drill.difficulty]} · judged on {dimension_titles(drill.dimensions)}",
        "",
        "Prompt:",
        wrap(drill.prompt, "  "),
    ]
    for label, response in drill.responses.items():
        lines += ["", f"Response {label}:", wrap(response, "  ")]
    return "\n".join(lines)


def drill_preview_text(drill: Drill, global_id: str) -> str:
    """What an author sees: the task plus the gold, key points and model justification."""
    lines = [drill_task_text(drill, global_id), "", f"Gold ranking: {drill.gold}", "Key points:"]
    for point in drill.key_points:
        tags = ", ".join(
            part for part in (
                f"about {point.about}" if point.about else "",
                DIMENSIONS[point.dimension].title if point.dimension else "",
                f"weight {point.weight:g}" if point.weight != 1 else "",
            ) if part
        )
        lines.append(wrap(f"- {point.text}" + (f" ({tags})" if tags else ""), "  ").replace("  - ", "  - ", 1))
    lines += ["Model justification:", wrap(drill.model_justification, "  ")]
    return "\n".join(lines)
