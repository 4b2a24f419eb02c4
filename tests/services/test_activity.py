from datetime import UTC, date, datetime

from bot.storage.db import Database
from bot.storage.repositories.activity import ActivityEvent, ActivityRepository


async def test_record_keeps_ledger_and_daily_aggregate_in_step(tmp_path) -> None:
    db = await Database.open(tmp_path / "db.sqlite")
    repo = ActivityRepository(db)
    day = date(2026, 3, 2)
    async with db.transaction() as tx:
        for points in (2, 2, 0):
            await repo.record(tx, ActivityEvent(
                guild_id=1, user_id=9, kind="quiz_review", ref="p/c", points=points,
                at_utc=datetime(2026, 3, 2, 12, tzinfo=UTC), local_day=day,
            ))
    assert await repo.points_on_day(db, guild_id=1, user_id=9, kind="quiz_review", local_day=day) == 4
    assert await repo.points_on_day(db, guild_id=2, user_id=9, kind="quiz_review", local_day=day) == 0
    row = await db.fetchone("SELECT points, events FROM activity_daily WHERE guild_id = 1 AND user_id = 9")
    assert (row["points"], row["events"]) == (4, 3)
    assert len(await repo.events(guild_id=1, user_id=9)) == 3
    await db.close()
