"""/settings drills as a service: validation that changes nothing, the shared timezone, listeners."""

from datetime import UTC, datetime

import pytest

from bot.errors import UserError
from bot.services.container import Services

GUILD = 77


async def test_saves_the_schedule_and_the_servers_timezone(services: Services) -> None:
    seen: list[int] = []

    async def listener(guild_id: int) -> None:
        seen.append(guild_id)

    services.server_settings.on_drill_settings_change(listener)
    view = await services.server_settings.set_drills(
        GUILD, channel_id=5, time="7:30", timezone="America/New_York", days="mon,wed,fri", ping_role_id=9,
        close_hours=12,
    )
    assert (view.post_time, view.timezone, view.weekdays_text) == ("07:30", "America/New_York", "Mon, Wed, Fri")
    assert view.ping_role_id == 9
    assert view.close_hours == 12
    assert view.next_post_at == datetime(2026, 3, 2, 12, 30, tzinfo=UTC)  # 07:30 EST today (now 07:00 there)
    assert (await services.guilds.get(GUILD)).timezone == "America/New_York"
    assert seen == [GUILD]
    # Leaving timezone and days out keeps the server's timezone and means every day.
    view = await services.server_settings.set_drills(GUILD, channel_id=6, time="20:00")
    assert (view.timezone, view.weekdays_text, view.channel_id) == ("America/New_York", "every day", 6)


@pytest.mark.parametrize(("change", "message"), [
    ({"time": "25:00"}, "HH:MM"),
    ({"timezone": "Moon/Base"}, "IANA"),
    ({"days": "someday"}, "mon,wed,fri"),
    ({"close_hours": 0}, "between 1 and"),
    ({"ping_role_id": GUILD}, "@everyone"),
])
async def test_bad_values_change_nothing(services: Services, change: dict, message: str) -> None:
    await services.server_settings.set_drills(GUILD, channel_id=5, time="09:00", timezone="Europe/Paris")
    options = {"channel_id": 99, "time": "10:00", "timezone": "Asia/Tokyo", **change}
    with pytest.raises(UserError, match=message):
        await services.server_settings.set_drills(GUILD, **options)
    kept = await services.server_settings.drill_settings(GUILD)
    assert kept is not None
    assert (kept.channel_id, kept.post_time, kept.timezone) == (5, "09:00", "Europe/Paris")


async def test_unconfigured_server(services: Services) -> None:
    assert await services.server_settings.drill_settings(GUILD) is None
    assert await services.server_settings.all_drill_settings() == []


async def test_the_moderator_role_and_the_servers_timezone_share_one_row_without_clobbering(
    services: Services
) -> None:
    await services.guilds.set_moderator_role(GUILD, 55)
    await services.server_settings.set_drills(GUILD, channel_id=5, time="09:00", timezone="Asia/Manila")
    await services.guilds.set_moderator_role(GUILD, 66)
    row = await services.guilds.get(GUILD)
    assert (row.moderator_role_id, row.timezone) == (66, "Asia/Manila")
    assert await services.drill_posts.local_date(GUILD, datetime(2026, 3, 2, 16, 30, tzinfo=UTC)) == \
        datetime(2026, 3, 3).date()  # 00:30 in Manila
