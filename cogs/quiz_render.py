"""Quiz results -> embeds: the card, the feedback on an answer, the session summary, decks, stats,
settings and reminders. Pure functions of their arguments; no I/O."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.services.quiz import SESSION_IDLE, AnswerFeedback, DeckList, QuizStats, QuizStep, SessionSummary
from bot.services.reminders import ReminderSettings
from bot.services.user_settings import UserSettings

BRAND = discord.Colour.from_rgb(88, 101, 242)
RIGHT = discord.Colour.green()
WRONG = discord.Colour.red()
LETTERS = "ABCDE"
FIELD_MAX = 1024
DESCRIPTION_MAX = 4096
#: The question is repeated above the feedback, shortened so the embed stays within 6,000 characters.
FEEDBACK_QUESTION_MAX = 900
HOW_TO_ANSWER = {
    "single_choice": "Choose one answer.",
    "true_false": "True or false?",
    "multiple_choice": "Choose every answer that applies in the menu, then press Submit.",
}
SUMMARY_TITLES = {
    "finished": "Session complete",
    "ended": "Session ended",
    "timeout": "Session timed out",
    "replaced": "This session was replaced",
}


def choice_label(step: QuizStep, index: int) -> str:
    """How an option is named on buttons and in feedback: a letter, or True / False."""
    assert step.card is not None
    if step.card.card.type == "true_false":
        return step.card.card.choices[index]
    return LETTERS[index]


def card_embed(step: QuizStep) -> discord.Embed:
    assert step.card is not None
    card = step.card.card
    embed = discord.Embed(title=step.card.deck_title, description=_fit(card.question, DESCRIPTION_MAX), colour=BRAND)
    if card.type != "true_false":
        options = "\n".join(f"**{LETTERS[i]}.** {option}" for i, option in enumerate(card.choices))
        embed.add_field(name="Options", value=_fit(options, FIELD_MAX), inline=False)
    if step.pending:
        embed.add_field(name="Selected", value=", ".join(LETTERS[i] for i in step.pending), inline=False)
    embed.set_footer(
        text=f"Card {step.position + 1} of {step.total} · {HOW_TO_ANSWER[card.type]}"
    )
    return embed


def feedback_embed(step: QuizStep) -> discord.Embed:
    assert step.card is not None
    assert step.feedback is not None
    feedback = step.feedback
    card = step.card.card
    embed = discord.Embed(
        title="Correct" if feedback.correct else "Not quite",
        description=_fit(card.question, FEEDBACK_QUESTION_MAX),
        colour=RIGHT if feedback.correct else WRONG,
    )
    embed.add_field(name="Your answer", value=_answers(step, feedback.chosen), inline=False)
    if not feedback.correct:
        embed.add_field(name="Correct answer", value=_answers(step, feedback.correct_indexes), inline=False)
    embed.add_field(name="Why", value=_fit(feedback.explanation, FIELD_MAX), inline=False)
    embed.add_field(name="Comes back", value=_comes_back(feedback), inline=False)
    if feedback.leech:
        embed.add_field(
            name="Card suspended (leech)",
            value=(f"You have forgotten this card {feedback.lapses} times after learning it, so it is taken out of "
                   "your reviews: drilling it again would cost time without sticking. Re-read the explanation "
                   "above; the idea behind it is what to remember."),
            inline=False,
        )
    points = f" · +{feedback.points} points" if feedback.points else ""
    embed.set_footer(text=f"Card {step.position + 1} of {step.total}{points}")
    return embed


def summary_embed(step: QuizStep) -> discord.Embed:
    assert step.summary is not None
    summary = step.summary
    embed = discord.Embed(title=SUMMARY_TITLES[summary.reason], colour=BRAND, description=_summary_intro(summary))
    embed.add_field(name="Reviewed", value=str(summary.reviewed), inline=True)
    embed.add_field(name="Correct", value=f"{summary.correct} ({summary.percent}%)", inline=True)
    embed.add_field(name="What's next", value=_whats_next(summary), inline=False)
    return embed


def step_embed(step: QuizStep) -> discord.Embed:
    if step.kind == "card":
        return card_embed(step)
    if step.kind == "feedback":
        return feedback_embed(step)
    return summary_embed(step)


def decks_embed(decks: DeckList) -> discord.Embed:
    embed = discord.Embed(title="Quiz decks", colour=BRAND)
    if not decks.decks:
        embed.description = "No decks are loaded. Ask a moderator to load a content pack."
        return embed
    lines = [
        f"**{d.title}**\n{d.cards} cards · {d.studied} studied · {d.due} due · {d.mastered} mastered"
        + (f" · {d.suspended} suspended" if d.suspended else "")
        for d in decks.decks
    ]
    embed.description = _fit("\n".join(lines), DESCRIPTION_MAX)
    embed.set_footer(text="Study one deck with /quiz start deck:<name>, or all of them with /quiz start.")
    return embed


def stats_embed(stats: QuizStats) -> discord.Embed:
    embed = discord.Embed(title="Your quiz statistics", colour=BRAND)
    today = stats.reviews_today
    embed.add_field(
        name="Today", value=f"{_count(today.total, 'review')}, {_percent(today.correct, today.total)} correct",
        inline=True,
    )
    embed.add_field(
        name="Due",
        value=(f"now: {stats.due_now}\ntoday: {stats.due_today}\ntomorrow: {stats.due_tomorrow}\n"
               f"next 7 days: {stats.due_next_7_days}"),
        inline=True,
    )
    retention, accuracy = stats.retention_30_days, stats.accuracy_30_days
    recalled = (f"{_percent(retention.correct, retention.total)} of {retention.total} reviews of learned cards"
                if retention.total else "No reviews of learned cards yet.")
    answered = f"All answers: {_percent(accuracy.correct, accuracy.total)} of {accuracy.total} correct."
    embed.add_field(name="Retention (30 days)", value=f"{recalled}\n{answered}", inline=False)
    embed.add_field(name="Next review", value=_next_due(stats.next_due, stats.next_due_in), inline=True)
    embed.add_field(name="New cards left today", value=str(stats.new_left_today), inline=True)
    mastery = "\n".join(
        f"{d.title}: {round(100 * d.mastery)}% ({d.mastered}/{d.cards})" for d in stats.decks
    ) or "No decks loaded."
    embed.add_field(name="Mastery (stability ≥ 21 days)", value=_fit(mastery, FIELD_MAX), inline=False)
    footer = f"Days follow your timezone, {stats.timezone} (change it with /quiz settings)."
    if stats.suspended:
        footer += f" {stats.suspended} leech card(s) suspended."
    embed.set_footer(text=footer)
    return embed


def settings_embed(settings: UserSettings, reminder: ReminderSettings | None, *, changed: bool) -> discord.Embed:
    embed = discord.Embed(title="Quiz settings saved" if changed else "Your quiz settings", colour=BRAND)
    embed.add_field(name="New cards per day", value=str(settings.new_cards_per_day), inline=True)
    embed.add_field(name="Retention", value=f"{settings.desired_retention:.2f}", inline=True)
    embed.add_field(name="Timezone", value=settings.timezone, inline=True)
    embed.add_field(name="Daily reminder", value=_reminder_text(reminder), inline=False)
    if not changed:
        embed.set_footer(text="Change them with the options of /quiz settings; reminders with /remind set.")
    return embed


def reminder_set_text(reminder: ReminderSettings) -> str:
    return (f"Daily reminder set for **{reminder.time}** in **{reminder.timezone}** (your timezone from "
            f"/quiz settings). The next one comes {discord.utils.format_dt(reminder.next_at, 'R')}. "
            "It arrives as a direct message; turn it off with /remind off.")


def reminder_dm_text(due: int, new: int) -> str:
    parts = []
    if due:
        parts.append(f"{due} card{'s are' if due != 1 else ' is'} due for review")
    if new:
        parts.append(f"{new} new card{'s' if new != 1 else ''} {'are' if new != 1 else 'is'} waiting")
    return "Time for your rubric quiz: " + " and ".join(parts) + "."


# -- helpers ------------------------------------------------------------------------------


def _answers(step: QuizStep, indexes: list[int]) -> str:
    assert step.card is not None
    card = step.card.card
    if card.type == "true_false":
        return ", ".join(card.choices[i] for i in indexes)
    return _fit("\n".join(f"**{LETTERS[i]}.** {card.choices[i]}" for i in indexes), FIELD_MAX)


def _comes_back(feedback: AnswerFeedback) -> str:
    text = f"Next review {feedback.comes_back} ({discord.utils.format_dt(feedback.due, 'f')})."
    if feedback.retry_in_session:
        text += " You will also see it again later in this session."
    return text


def _summary_intro(summary: SessionSummary) -> str:
    if summary.reason == "timeout":
        return (f"This session timed out after {idle_minutes()} minutes without activity. Your answers are saved. "
                "Start a new one with /quiz start or the button below.")
    if summary.reason == "replaced":
        return "You started a newer session; your answers here are saved. Continue in the newer one."
    return "Your answers are saved. Well done for showing up."


def _whats_next(summary: SessionSummary) -> str:
    lines = [f"Due now: {summary.due_now} · due today: {summary.due_today}",
             f"Next review: {_next_due(summary.next_due, summary.next_due_in)}",
             f"New cards left today: {summary.new_left_today}"]
    return "\n".join(lines)


def _next_due(moment: datetime | None, text: str | None) -> str:
    if moment is None or text is None:
        return "nothing scheduled yet"
    return f"{text} ({discord.utils.format_dt(moment, 'f')})" if text != "now" else "now"


def _reminder_text(reminder: ReminderSettings | None) -> str:
    if reminder is None:
        return "off (turn it on with /remind set HH:MM)"
    return f"{reminder.time} {reminder.timezone}, next {discord.utils.format_dt(reminder.next_at, 'R')}"


def idle_minutes() -> int:
    return int(SESSION_IDLE.total_seconds() // 60)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
