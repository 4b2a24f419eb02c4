"""Quiz commands for `studycoach console`: whole sessions in the terminal, decks, stats and settings.

    quiz [deck]          a session: answer 1-5 or a-e (several with commas for "choose all"), 'end' stops
    quiz stats | decks   your statistics, the decks with your progress
    quiz settings [new N] [retention R] [timezone ZONE]
"""

from __future__ import annotations

import re

from bot.console import Console
from bot.packs.schema import Card
from bot.services.quiz import SESSION_IDLE, DeckList, QuizStats, QuizStep
from bot.text_render import card_question_text, wrap

END_WORDS = {"end", "stop", "quit", "exit", "q"}
LETTERS = "abcde"
_SEPARATORS = re.compile(r"[,\s]+")


class AnswerError(ValueError):
    """Input that is not an answer to the card; the message names the valid choices."""


def valid_choices_hint(card: Card) -> str:
    count = len(card.choices)
    choices = f"1-{count} or a-{LETTERS[count - 1]}"
    if card.type == "true_false":
        choices = "1 or 2, a or b, or true / false"
    several = ", several separated by commas" if card.type == "multiple_choice" else ""
    return f"Answer with {choices}{several}; or 'end' to finish the session."


def parse_answer(text: str, card: Card) -> list[int]:
    """'2', 'b', 'a, c' or 'true' -> 0-based option indexes; AnswerError says what is valid."""
    tokens = [token for token in _SEPARATORS.split(text.strip().lower()) if token]
    if not tokens:
        raise AnswerError(valid_choices_hint(card))
    chosen: list[int] = []
    for token in tokens:
        index = _option_index(token, card)
        if index is None:
            raise AnswerError(f"`{token}` is not one of the options. {valid_choices_hint(card)}")
        if index not in chosen:
            chosen.append(index)
    if card.type != "multiple_choice" and len(chosen) > 1:
        raise AnswerError(f"This card takes one answer. {valid_choices_hint(card)}")
    return sorted(chosen)


def _option_index(token: str, card: Card) -> int | None:
    count = len(card.choices)
    if token.isdigit() and 1 <= int(token) <= count:
        return int(token) - 1
    if len(token) == 1 and token in LETTERS[:count]:
        return LETTERS.index(token)
    if card.type == "true_false" and token in ("true", "t", "false", "f"):
        return 0 if token.startswith("t") else 1
    return None


# -- rendering ------------------------------------------------------------------------------


def card_text(step: QuizStep) -> str:
    assert step.card is not None
    head = f"— Card {step.position + 1} of {step.total} · {step.card.deck_title} —"
    return f"{head}\n{card_question_text(step.card.card, step.card.card_id)}"


def feedback_text(step: QuizStep) -> str:
    assert step.card is not None
    assert step.feedback is not None
    card, feedback = step.card.card, step.feedback
    answer = "; ".join(f"{i + 1}) {card.choices[i]}" for i in feedback.correct_indexes)
    lines = ["Correct!" if feedback.correct else f"Not quite. The answer: {answer}"]
    lines.append("Why: " + wrap(feedback.explanation).lstrip())
    comes_back = f"Next review {feedback.comes_back}."
    if feedback.retry_in_session:
        comes_back += " You will also see it again later in this session."
    lines.append(comes_back)
    if feedback.leech:
        lines.append(f"This card is now suspended as a leech: you have forgotten it {feedback.lapses} times after "
                     "learning it. Re-read the explanation; it will not be asked again.")
    if feedback.points:
        lines.append(f"+{feedback.points} points")
    return "\n".join(lines)


def summary_text(step: QuizStep) -> str:
    assert step.summary is not None
    summary = step.summary
    idle = int(SESSION_IDLE.total_seconds() // 60)
    title = {"finished": "Session complete.", "ended": "Session ended.",
             "timeout": f"Session timed out after {idle} minutes without activity; your answers are saved.",
             "replaced": "This session was replaced by a newer one; your answers are saved."}[summary.reason]
    next_due = summary.next_due_in or "nothing scheduled yet"
    return "\n".join([
        title,
        f"Reviewed {summary.reviewed}, correct {summary.correct} ({summary.percent}%).",
        (f"Due now: {summary.due_now} · due today: {summary.due_today} · next review: {next_due} · "
         f"new cards left today: {summary.new_left_today}"),
    ])


def decks_text(decks: DeckList) -> str:
    if not decks.decks:
        return "No decks are loaded."
    width = max(len(d.deck_id) for d in decks.decks)
    lines = [
        f"{d.deck_id.ljust(width)}  {d.cards:3} cards · {d.studied} studied · {d.due} due · {d.mastered} mastered"
        + (f" · {d.suspended} suspended" if d.suspended else "") + f"  {d.title}"
        for d in decks.decks
    ]
    return "\n".join(lines)


def stats_text(stats: QuizStats) -> str:
    def percent(part: int, whole: int) -> str:
        return f"{round(100 * part / whole)}%" if whole else "—"

    retention = stats.retention_30_days
    lines = [
        (f"Today ({stats.today}, {stats.timezone}): {stats.reviews_today.total} review(s), "
         f"{percent(stats.reviews_today.correct, stats.reviews_today.total)} correct"),
        (f"Due: now {stats.due_now} · today {stats.due_today} · tomorrow {stats.due_tomorrow} · "
         f"next 7 days {stats.due_next_7_days}"),
        "Retention (30 days): " + (f"{percent(retention.correct, retention.total)} of {retention.total} reviews "
                                   "of learned cards" if retention.total else "no reviews of learned cards yet")
        + f" · all answers: {percent(stats.accuracy_30_days.correct, stats.accuracy_30_days.total)} correct",
        f"Next review: {stats.next_due_in or 'nothing scheduled yet'} · new cards left today: {stats.new_left_today}",
        "Mastery (stability >= 21 days):",
    ]
    lines += [f"  {d.title}: {round(100 * d.mastery)}% ({d.mastered}/{d.cards})" for d in stats.decks]
    if stats.suspended:
        lines.append(f"{stats.suspended} leech card(s) suspended.")
    return "\n".join(lines)


# -- commands -------------------------------------------------------------------------------


class ConsoleQuiz:
    def __init__(self, console: Console) -> None:
        self.console = console
        self.quiz = console.services.quiz

    async def command(self, args: list[str]) -> None:
        if args and args[0].lower() == "stats":
            self.console.say(stats_text(await self.quiz.stats(self.console.user_id)))
        elif args and args[0].lower() == "decks":
            await self.decks([])
        elif args and args[0].lower() == "settings":
            await self.settings(args[1:])
        elif len(args) > 1:
            self.console.say("usage: quiz [deck] | quiz stats | quiz decks | quiz settings")
        else:
            await self.session(await self._deck_id(args[0]) if args else None)

    async def decks(self, _: list[str]) -> None:
        decks = await self.quiz.decks(self.console.user_id)
        if decks.notice:
            self.console.say(decks.notice)
        self.console.say(decks_text(decks))

    async def session(self, deck_id: str | None) -> None:
        console = self.console
        step = await self.quiz.start_session(console.user_id, console.guild_id, deck_id)
        if step.notice:
            console.say(step.notice)
        console.say("Answer with the option's number or letter; 'end' finishes the session.")
        while step.kind != "summary":
            if step.kind == "feedback":
                console.say(feedback_text(step))
                console.say()
                step = await self.quiz.next_card(step.session_id, console.user_id, step.position)
                continue
            console.say(card_text(step))
            chosen = self._read_answer(step)
            if chosen is None:
                step = await self.quiz.end_session(step.session_id, console.user_id)
            else:
                step = await self.quiz.answer(step.session_id, console.user_id, step.position, chosen)
        console.say(summary_text(step))

    def _read_answer(self, step: QuizStep) -> list[int] | None:
        """The learner's answer, asked again until valid; None to end the session."""
        assert step.card is not None
        while True:
            line = self.console.ask("answer> ")
            if line is None or line.strip().lower() in END_WORDS:
                return None
            try:
                return parse_answer(line, step.card.card)
            except AnswerError as exc:
                self.console.say(str(exc))

    async def settings(self, args: list[str]) -> None:
        users = self.console.services.users
        if len(args) % 2:
            self.console.say("usage: quiz settings [new N] [retention R] [timezone ZONE]")
            return
        changes: dict[str, object] = {}
        for name, value in zip(args[::2], args[1::2], strict=True):
            try:
                if name == "new":
                    changes["new_cards_per_day"] = int(value)
                elif name == "retention":
                    changes["desired_retention"] = float(value)
                elif name == "timezone":
                    changes["timezone"] = value
                else:
                    self.console.say(f"Unknown setting {name!r}: use new, retention or timezone.")
                    return
            except ValueError:
                self.console.say(f"{value!r} is not a number.")
                return
        settings = await (users.update(self.console.user_id, **changes) if changes  # type: ignore[arg-type]
                          else users.get(self.console.user_id))
        self.console.say(f"New cards per day: {settings.new_cards_per_day} · retention: "
                         f"{settings.desired_retention:.2f} · timezone: {settings.timezone}")

    async def _deck_id(self, name: str) -> str:
        """A deck by full id or by its short name (`factual-accuracy`)."""
        if "/" in name:
            return name
        for choice in await self.quiz.deck_choices(name):
            if choice.deck_id.endswith("/" + name):
                return choice.deck_id
        return name  # the service explains that it does not exist, with suggestions


def register_quiz_commands(console: Console) -> None:
    quiz = ConsoleQuiz(console)
    console.add_command(
        "quiz", "quiz [deck|stats|decks|settings]",
        "a quiz session (answer 1-5 or a-e, 'end' stops); your stats; decks; settings (new, retention, timezone)",
        quiz.command,
    )
    console.add_command("decks", "decks", "the quiz decks with your progress", quiz.decks)
