"""Drill embeds stay inside Discord's limits whatever the content (pure rendering, no Discord)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import discord

from bot.domain.grading.models import CriterionScore, FlaggedSentence, Grade, MissedKeyPoint, RankingResult
from bot.publishing import AlphaSummary, DrillAnnouncement, DrillReveal, RankingShare
from bot.services.drills import AttemptResult
from cogs.drill_render import (
    MESSAGE_EMBEDS_MAX,
    MESSAGE_TOTAL_MAX,
    announcement_content,
    announcement_embed,
    pack_embeds,
    result_embeds,
    reveal_embed,
)

LONG = "word " * 900


def fits(embeds: list[discord.Embed]) -> bool:
    return (len(embeds) <= MESSAGE_EMBEDS_MAX and sum(len(e) for e in embeds) <= MESSAGE_TOTAL_MAX
            and all(len(e.description or "") <= 4096 and all(len(f.value) <= 1024 for f in e.fields) for e in embeds))


def test_pack_embeds_splits_by_size_and_count() -> None:
    big = [discord.Embed(title=f"Response {i}", description="x" * 3900) for i in range(4)]
    messages = pack_embeds(big)
    assert [len(m) for m in messages] == [1, 1, 1, 1]
    small = [discord.Embed(description="y") for _ in range(23)]
    assert [len(m) for m in pack_embeds(small)] == [10, 10, 3]
    assert all(fits(m) for m in pack_embeds(big + small))


def test_result_fits_one_message_even_with_long_feedback() -> None:
    grade = Grade(
        score=41, band="poor", ranking=RankingResult(given="A > B", gold="B > A", agreement=0.0),
        criteria=[CriterionScore(id=c, score=1, max=15, feedback=LONG) for c in
                  ("key_points", "evidence", "dimensions", "tradeoff", "consistency", "form")],
        missed_key_points=[MissedKeyPoint(text=LONG[:1000], about="A") for _ in range(8)], flags=["generic_phrase"],
        flagged=[FlaggedSentence(flag="generic_phrase", sentence=0, text=LONG[:300])] * 5,
        ranking_feedback=LONG[:500], caps=["capped at 30: too generic"],
    )
    result = AttemptResult(attempt_id=1, drill_id="p/d", title="T" * 300, ranking="A > B", scored=True, note="Scored.",
                           points=12, grade=grade, gold="B > A", model_justification="m" * 1500)
    embeds = result_embeds(result)
    assert fits(embeds)
    assert embeds[1].description.startswith("Gold ranking: **B > A**\n||")
    assert embeds[1].description.endswith("||")
    assert "+12 points" in embeds[0].description


def test_announcement_and_reveal_fit_and_only_ping_the_role() -> None:
    post = DrillAnnouncement(post_id=1, guild_id=2, drill_id="p/d", title="T" * 300, prompt="p" * 3896,
                             domain="general", difficulty=3, dimensions=["Factual accuracy"], response_count=2,
                             local_date=date(2026, 3, 2), closes_at=datetime(2026, 3, 3, 8, tzinfo=UTC),
                             ping_role_id=55)
    assert fits([announcement_embed(post)])
    assert announcement_content(post) == "<@&55> today's drill is up."
    assert announcement_content(post.model_copy(update={"ping_role_id": None})) is None
    reveal = DrillReveal(
        post_id=1, guild_id=2, drill_id="p/d", title="T", local_date=date(2026, 3, 2), participants=1,
        distribution=[RankingShare(ranking="B > A", count=1, gold=True)], gold="B > A", matching_gold=1.0,
        average_score=80, graded=1, model_justification="m" * 1500, most_missed_key_point=LONG[:1024],
        most_missed_count=1, alpha=AlphaSummary(value=None, text="not enough data yet", posts=1),
    )
    embed = reveal_embed(reveal)
    assert fits([embed])
    assert "1** participant." in embed.description
    assert embed.description.endswith("m" * 1500)  # the whole model justification
