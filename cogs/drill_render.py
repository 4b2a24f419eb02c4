"""Drill results -> embeds, within Discord's limits. Pure functions of their arguments; no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import discord

from bot.domain.dimensions import DIMENSIONS
from bot.domain.drill_stats import CRITERION_TITLES
from bot.publishing import DrillAnnouncement, DrillReveal
from bot.services.drills import AttemptResult, DrillStatsView, DrillTask, HistoryEntry, QueuedDrill, UpcomingDrill
from bot.services.server_settings import DrillSettingsView

DRILL_COLOUR = discord.Colour.from_rgb(87, 242, 135)
RESULT_COLOURS = {
    "excellent": discord.Colour.green(), "good": discord.Colour.teal(), "fair": discord.Colour.gold(),
    "poor": discord.Colour.red(),
}
DIFFICULTY = {1: "easy", 2: "medium", 3: "hard"}
DESCRIPTION_MAX, FIELD_MAX, TITLE_MAX, FOOTER_MAX = 4096, 1024, 256, 2048
MESSAGE_EMBEDS_MAX, MESSAGE_TOTAL_MAX = 10, 6000


def fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bullets(lines: Sequence[str], limit: int) -> str:
    """As many whole lines as fit in `limit` characters, then "…and N more" (rather than a line cut short)."""
    for shown in range(len(lines), 0, -1):
        hidden = len(lines) - shown
        text = "\n".join(lines[:shown]) + (f"\n…and {hidden} more" if hidden else "")
        if len(text) <= limit:
            return text
    more = f"\n…and {len(lines) - 1} more" if len(lines) > 1 else ""
    return fit(lines[0], limit - len(more)) + more if lines else ""


def when(moment: datetime, style: str = "F") -> str:
    """A Discord timestamp: every reader sees it in their own timezone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


def embed_size(embed: discord.Embed) -> int:
    return len(embed)


def pack_embeds(embeds: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Split embeds into messages of at most 10 embeds and 6,000 characters each, in order."""
    messages: list[list[discord.Embed]] = [[]]
    total = 0
    for embed in embeds:
        size = embed_size(embed)
        if messages[-1] and (len(messages[-1]) >= MESSAGE_EMBEDS_MAX or total + size > MESSAGE_TOTAL_MAX):
            messages.append([])
            total = 0
        messages[-1].append(embed)
        total += size
    return messages


# -- the public post --------------------------------------------------------------------------


def announcement_embed(post: DrillAnnouncement) -> discord.Embed:
    embed = discord.Embed(title=fit(f"Daily drill: {post.title}", TITLE_MAX), description=fit(post.prompt, 3900),
                          colour=DRILL_COLOUR)
    embed.add_field(name="Difficulty", value=DIFFICULTY.get(post.difficulty, str(post.difficulty)), inline=True)
    embed.add_field(name="Domain", value=post.domain, inline=True)
    embed.add_field(name="Responses", value=str(post.response_count), inline=True)
    embed.add_field(name="Judged on", value=fit(", ".join(post.dimensions), FIELD_MAX), inline=False)
    embed.add_field(name="Closes", value=f"{when(post.closes_at)} ({when(post.closes_at, 'R')})", inline=False)
    embed.set_footer(text="Press Start drill: read the responses, rank them and justify your ranking in private. "
                          "Your first submission is scored; results are revealed when the drill closes.")
    return embed


def announcement_content(post: DrillAnnouncement) -> str | None:
    return f"<@&{post.ping_role_id}> today's drill is up." if post.ping_role_id else None


def reveal_embed(reveal: DrillReveal) -> discord.Embed:
    embed = discord.Embed(title=fit(f"Results: {reveal.title}", TITLE_MAX), colour=DRILL_COLOUR)
    if reveal.participants:
        lines = [f"**{reveal.participants}** participant{'s' if reveal.participants != 1 else ''}."]
        if reveal.matching_gold is not None:
            lines.append(f"**{reveal.matching_gold:.0%}** matched the gold ranking **{reveal.gold}**.")
        if reveal.average_score is not None:
            lines.append(f"Average justification score: **{reveal.average_score:.0f}/100**.")
    else:
        lines = [f"Nobody answered this one. The gold ranking was **{reveal.gold}**."]
    # The model justification (up to 1,500 characters) goes in the description: a field holds only 1,024.
    lines += ["", "**Model justification**", reveal.model_justification]
    embed.description = fit("\n".join(lines), DESCRIPTION_MAX)
    if reveal.distribution:
        total = sum(share.count for share in reveal.distribution) or 1
        shares = [f"`{share.ranking}` — {share.count} ({share.count / total:.0%})" + (" ✓ gold" if share.gold else "")
                  for share in reveal.distribution]
        embed.add_field(name="Rankings given", value=fit("\n".join(shares), FIELD_MAX), inline=False)
    if reveal.most_missed_key_point:
        embed.add_field(
            name=f"Most missed key point ({reveal.most_missed_count} of {reveal.graded})",
            value=fit(reveal.most_missed_key_point, FIELD_MAX), inline=False,
        )
    embed.add_field(
        name=f"Community agreement (last {reveal.alpha.posts} drill{'s' if reveal.alpha.posts != 1 else ''})",
        value=fit(reveal.alpha.text, FIELD_MAX), inline=False,
    )
    embed.set_footer(text="Agreement is Krippendorff's alpha (ordinal) over the positions learners gave each response.")
    return embed


# -- the learner's flow -----------------------------------------------------------------------


def task_embeds(task: DrillTask) -> list[discord.Embed]:
    """The prompt, then each response in full (one embed each)."""
    drill = task.drill
    dims = ", ".join(DIMENSIONS[d].title for d in drill.dimensions if d in DIMENSIONS)
    head = discord.Embed(title=fit(drill.title, TITLE_MAX), description=fit(drill.prompt, 3900), colour=DRILL_COLOUR)
    head.add_field(name="Judge on", value=fit(dims, FIELD_MAX), inline=False)
    if task.closes_at and task.scored:
        head.add_field(name="Closes", value=f"{when(task.closes_at)} ({when(task.closes_at, 'R')})", inline=False)
    head.set_footer(text=fit(task.note, FOOTER_MAX))
    embeds = [head]
    for label, text in drill.responses.items():
        embeds.append(discord.Embed(title=f"Response {label}", description=fit(text, DESCRIPTION_MAX),
                                    colour=discord.Colour.light_grey()))
    return embeds


def result_embeds(result: AttemptResult) -> list[discord.Embed]:
    grade = result.grade
    if grade is None:
        return [discord.Embed(
            title=fit(f"Saved: {result.title}", TITLE_MAX), colour=discord.Colour.orange(),
            description=(f"Your ranking **{result.ranking}** and justification are saved, but grading failed on our "
                         "side. Nothing is lost: it is graded again automatically; see `/drill history` in a few "
                         f"minutes.\n\n{result.note}"),
        )]
    r = grade.ranking
    verdict = ("✅ Your ranking matches the gold." if r.agreement >= 1.0
               else f"❌ Your ranking **{r.given}** differs from the gold **{r.gold}** "
                    f"({r.agreement:.0%} of the pairs agree).")
    lines = [result.note, verdict]
    if grade.ranking_feedback:
        lines.append(grade.ranking_feedback)
    if result.scored and result.points is not None:
        lines.append(f"**+{result.points} points.**")
    lines += [f"Note: {cap}." for cap in grade.caps]
    embed = discord.Embed(title=fit(f"{grade.score}/100 · {grade.band} — {result.title}", TITLE_MAX),
                          description=fit("\n".join(lines), DESCRIPTION_MAX),
                          colour=RESULT_COLOURS.get(grade.band, DRILL_COLOUR))
    for criterion in grade.criteria:
        title = CRITERION_TITLES.get(criterion.id, criterion.id)
        embed.add_field(name=f"{title} {criterion.score}/{criterion.max}", value=fit(criterion.feedback or "—",
                                                                                    FIELD_MAX), inline=False)
    if grade.missed_key_points:
        missed = [f"• {p.text}" + (f" (Response {p.about})" if p.about else "") for p in grade.missed_key_points]
        embed.add_field(name="Missed key points", value=bullets(missed, FIELD_MAX), inline=False)
    flagged = [f for f in grade.flagged if f.flag not in ("too_short", "too_long")]
    if flagged:
        lines = [f"• {f.flag.replace('_', ' ').capitalize()}: “{fit(f.text, 120)}”"
                 + (f" — {f.detail}" if f.detail else "") for f in flagged]
        embed.add_field(name="Flagged", value=bullets(lines, FIELD_MAX), inline=False)
    _trim_to_total(embed, MESSAGE_TOTAL_MAX - 1600 - 60)
    # The gold is no secret here (the verdict above names it); the model justification is hidden so the
    # learner can compare their reasons first.
    model = discord.Embed(title="Model justification", colour=discord.Colour.dark_grey(),
                          description=f"Gold ranking: **{result.gold}**\n||{fit(result.model_justification, 1550)}||")
    return [embed, model]


def _trim_to_total(embed: discord.Embed, limit: int) -> None:
    """Drop trailing fields until the embed fits (the criteria come first and are kept longest)."""
    while len(embed) > limit and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    if len(embed) > limit and embed.description:
        embed.description = fit(embed.description, max(1, len(embed.description) - (len(embed) - limit)))


def history_embed(entries: Sequence[HistoryEntry]) -> discord.Embed:
    embed = discord.Embed(title="Your last drills", colour=DRILL_COLOUR)
    if not entries:
        embed.description = "No drill attempts yet: press Start on today's drill, or try `/drill practice`."
        return embed
    lines = []
    for e in entries:
        score = f"**{e.score}/100** {e.band}" if e.score is not None else "grading pending"
        kind = f"+{e.points} pts" if e.scored and e.points is not None else ("scored" if e.scored else "practice")
        lines.append(f"`{e.local_day}` {fit(e.title, 60)} — `{e.ranking}` · {score} · {kind}")
    embed.description = fit("\n".join(lines), DESCRIPTION_MAX)
    return embed


def stats_embed(stats: DrillStatsView) -> discord.Embed:
    embed = discord.Embed(title="Your drill statistics", colour=DRILL_COLOUR)
    if not stats.attempts:
        embed.description = ("No scored drills yet. Your first submission on each daily drill is scored; "
                             "statistics appear after the first one.")
        return embed
    plural = "s" if stats.attempts != 1 else ""
    lines = [f"Based on your last **{stats.attempts}** scored drill{plural} (up to {stats.window} count):"]
    if stats.gold_agreement is not None:
        lines.append(f"• Agreement with the gold: **{stats.gold_agreement:.0%}** of response pairs; "
                     f"exact ranking {stats.exact_share or 0:.0%} of the time.")
    if stats.community_agreement is not None:
        lines.append(f"• Agreement with the community majority: **{stats.community_agreement:.0%}** "
                     f"(over {stats.community_attempts} drill{'s' if stats.community_attempts != 1 else ''}).")
    else:
        lines.append("• Agreement with the community: not enough other learners on your drills yet.")
    if stats.average_score is not None:
        lines.append(f"• Average justification score: **{stats.average_score:.0f}/100**.")
    embed.description = "\n".join(lines)
    if stats.criteria:
        embed.add_field(name="Average per criterion", value="\n".join(
            f"{c.title}: {c.percent:.0f}%" for c in stats.criteria), inline=False)
    if stats.weakest is not None and stats.tip:
        embed.add_field(name=f"Work on: {stats.weakest.title}", value=fit(stats.tip, FIELD_MAX), inline=False)
    return embed


# -- moderators ---------------------------------------------------------------------------------


def upcoming_embed(drills: Sequence[UpcomingDrill]) -> discord.Embed:
    embed = discord.Embed(title="Next drills", colour=DRILL_COLOUR)
    if not drills:
        embed.description = "No live drills are loaded."
        return embed
    lines = []
    for d in drills:
        at = when(d.at, "D") if d.at else "unscheduled"
        dimension = DIMENSIONS[d.primary_dimension].title if d.primary_dimension in DIMENSIONS else d.primary_dimension
        lines.append(f"{at} — `{d.drill_id}` {fit(d.title, 70)} · {d.domain} · {dimension} · "
                     f"{DIFFICULTY.get(d.difficulty, d.difficulty)}" + (" · queued" if d.queued else ""))
    embed.description = fit("\n".join(lines), DESCRIPTION_MAX)
    if drills[0].at is None:
        embed.set_footer(text="Drills are not scheduled here yet: /settings drills sets the channel and time.")
    return embed


def queued_text(queued: QueuedDrill) -> str:
    where = "next" if queued.position == 1 else f"number {queued.position} in the queue"
    return f"Queued `{queued.drill_id}` ({queued.title}): it will be posted {where}."


def drill_settings_embed(view: DrillSettingsView | None) -> discord.Embed:
    embed = discord.Embed(title="Daily drills", colour=DRILL_COLOUR)
    if view is None:
        embed.description = "Not scheduled. Set them up with `/settings drills`."
        return embed
    embed.add_field(name="Status", value="on" if view.enabled else "paused", inline=True)
    embed.add_field(name="Channel", value=f"<#{view.channel_id}>", inline=True)
    embed.add_field(name="Time", value=f"{view.post_time} {view.timezone}, {view.weekdays_text}", inline=False)
    embed.add_field(name="Ping role", value=f"<@&{view.ping_role_id}>" if view.ping_role_id else "none", inline=True)
    closes = f"{view.close_hours} h after posting" if view.close_hours else "when the next drill is posted"
    embed.add_field(name="Closes", value=closes, inline=True)
    if view.next_post_at is not None:
        embed.add_field(name="Next post", value=when(view.next_post_at), inline=False)
    if view.last_post_error:
        embed.add_field(name=f"Last post ({view.last_post_date}) failed",
                        value=fit(view.last_post_error, FIELD_MAX), inline=False)
    return embed
