"""`studycoach sync` publishes the command tree through the real client, without opening the gateway."""

from __future__ import annotations

from pydantic import SecretStr

from bot.cli import _sync
from bot.settings import Settings
from tests.e2e.conftest import World
from tests.support.fake_discord import FakeDiscord


async def test_sync_to_one_guild(server: FakeDiscord, world: World, settings: Settings, capsys) -> None:
    settings.discord_token = SecretStr(server.token)
    assert await _sync(settings, world.guild.id) == 0
    puts = server.calls_to("PUT", rf"/applications/\d+/guilds/{world.guild.id}/commands")
    assert len(puts) == 1
    assert {"help", "about", "settings", "quiz", "remind", "drill"} <= {c["name"] for c in puts[0].json}
    assert "Synced" in capsys.readouterr().out
    assert not server.identify  # a sync never connects to the gateway


async def test_global_sync(server: FakeDiscord, settings: Settings, capsys) -> None:
    settings.discord_token = SecretStr(server.token)
    assert await _sync(settings, None) == 0
    assert len(server.calls_to("PUT", r"/applications/\d+/commands$")) == 1
    assert "global" in capsys.readouterr().out
