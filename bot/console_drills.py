"""Drill commands for `studycoach console`: the daily drill and practice drills in the terminal.

    drill                  today's drill for the console's server (posted through the same service as
                           in Discord, with a console Publisher: the console has no scheduler)
    drill practice [ID]    an unscored drill: the one named, or one from the archive
    drill history | stats  your last attempts; your agreement and weakest criterion

A ranking is typed like `B > A` (ties as `A = B` where the drill allows them; an invalid one is refused
with the valid labels and asked again, 'cancel' stops); the justification is read line by line until
an empty line.
"""

from __future__ import annotations

from bot.console import Console
from bot.domain.grading import format_grade_text
from bot.errors import UserError
from bot.publishing import DrillAnnouncement, DrillReveal
from bot.services.drill_attempts import check_ranking
from bot.services.drills import AttemptResult, DrillStatsView, DrillTask, HistoryEntry
from bot.text_render import DIFFICULTY, drill_task_text, wrap

USAGE = "drill [practice [ID]|history|stats]"
CANCEL_WORDS = {"cancel", "end", "stop", "quit", "exit", "q"}


class ConsolePublisher:
    """Prints what the Discord adapter would post in the drill channel."""

    def __init__(self, console: Console) -> None:
        self._console = console
        self._next_id = 0

    def _id(self) -> int:
        self._next_id += 1
        return self._next_id

    async def post_drill(self, channel_id: int, announcement: DrillAnnouncement) -> int:
        self._console.say(
            f"📢 Daily drill for {announcement.local_date}: {announcement.title} "
            f"({announcement.domain}, {DIFFICULTY.get(announcement.difficulty, announcement.difficulty)}; "
            f"closes {announcement.closes_at:%Y-%m-%d %H:%M} UTC)"
        )
        return self._id()

    async def find_drill_post(self, channel_id: int, post_id: int) -> int | None:
        return None  # nothing outlives a console session's output

    async def post_reveal(self, channel_id: int, message_id: int | None, reveal: DrillReveal) -> int | None:
        self._console.say(reveal_text(reveal))
        return self._id()


def reveal_text(reveal: DrillReveal) -> str:
    lines = [f"Results of {reveal.local_date}'s drill, {reveal.title}: {reveal.participants} participant(s)."]
    if reveal.distribution:
        lines.append("Rankings given: " + "; ".join(
            f"{share.ranking} ×{share.count}" + (" (gold)" if share.gold else "") for share in reveal.distribution
        ))
    if reveal.matching_gold is not None:
        lines.append(f"{reveal.matching_gold:.0%} matched the gold ranking {reveal.gold}.")
    else:
        lines.append(f"Gold ranking: {reveal.gold}.")
    if reveal.average_score is not None:
        lines.append(f"Average score: {reveal.average_score:.0f}/100.")
    if reveal.most_missed_key_point:
        lines.append(f"Most missed key point: {reveal.most_missed_key_point}")
    lines += ["Model justification:", wrap(reveal.model_justification, "  "),
              f"Community agreement (last {reveal.alpha.posts} drills): {reveal.alpha.text}"]
    return "\n".join(lines)


def result_text(result: AttemptResult) -> str:
    if result.grade is None:
        return (f"Saved your ranking {result.ranking} and justification, but grading failed; it is graded again "
                f"automatically (see `drill history`). {result.note}")
    points = f" +{result.points} points." if result.scored and result.points is not None else ""
    return "\n".join([
        f"{result.note}{points}",
        format_grade_text(result.grade),
        f"Gold ranking: {result.gold}",
        "Model justification:",
        wrap(result.model_justification, "  "),
    ])


def history_text(entries: list[HistoryEntry]) -> str:
    if not entries:
        return "No drill attempts yet: try `drill` or `drill practice`."
    lines = ["Your last drills:"]
    for e in entries:
        score = f"{e.score}/100 {e.band}" if e.score is not None else "grading pending"
        kind = f"+{e.points} pts" if e.scored and e.points is not None else ("scored" if e.scored else "practice")
        lines.append(f"  {e.local_day}  {e.title} — {e.ranking} · {score} · {kind}")
    return "\n".join(lines)


def stats_text(stats: DrillStatsView) -> str:
    if not stats.attempts:
        return "No scored drills yet: your first submission on each daily drill is scored."
    lines = [f"Over your last {stats.attempts} scored drill(s):"]
    if stats.gold_agreement is not None:
        lines.append(f"  agreement with the gold: {stats.gold_agreement:.0%} of pairs, "
                     f"exact {stats.exact_share or 0:.0%}")
    if stats.community_agreement is not None:
        lines.append(f"  agreement with the community majority: {stats.community_agreement:.0%}")
    if stats.average_score is not None:
        lines.append(f"  average score: {stats.average_score:.0f}/100")
    lines += [f"  {c.title}: {c.percent:.0f}%" for c in stats.criteria]
    if stats.weakest is not None and stats.tip:
        lines.append(f"Work on {stats.weakest.title.lower()}: {stats.tip}")
    return "\n".join(lines)


def register_drill_commands(console: Console) -> None:
    publisher = ConsolePublisher(console)
    services = console.services

    async def run(task: DrillTask) -> None:
        console.say(drill_task_text(task.drill, task.drill_id))
        console.say(task.note)
        labels = ", ".join(task.drill.labels)
        while True:
            typed = console.ask(f"Your ranking, best first (labels {labels}; e.g. B > A; 'cancel' stops): ")
            if typed is None or typed.strip().lower() in CANCEL_WORDS:
                console.say("Cancelled: nothing was saved.")
                return
            try:
                ranking = check_ranking(typed, task.drill)
                break
            except UserError as exc:
                console.say(f"{exc} Try again, or 'cancel'.")
        text = console.ask_paragraph("Your justification, 3-5 sentences (finish with an empty line):")
        if not text:
            console.say("Cancelled: nothing was saved.")
            return
        result = await services.drill_attempts.submit(
            console.guild_id, console.user_id, task.source, str(ranking), text
        )
        console.say(result_text(result))

    async def drill(args: list[str]) -> None:
        action = args[0].lower() if args else ""
        if action == "":
            await services.drill_posts.post_today(console.guild_id, publisher)
            await run(await services.drill_attempts.start_today(console.guild_id, console.user_id))
        elif action == "practice" and len(args) <= 2:
            task = await services.drill_attempts.start_practice(
                console.guild_id, console.user_id, drill_id=args[1] if len(args) == 2 else None
            )
            await run(task)
        elif action == "history" and len(args) == 1:
            console.say(history_text(await services.drill_attempts.history(console.guild_id, console.user_id)))
        elif action == "stats" and len(args) == 1:
            console.say(stats_text(await services.drill_attempts.stats(console.guild_id, console.user_id)))
        else:
            console.say(f"usage: {USAGE}")

    console.add_command(
        "drill", USAGE, "today's ranking drill; an unscored practice drill (by id or from the archive); "
        "your drill history; your drill stats", drill
    )
