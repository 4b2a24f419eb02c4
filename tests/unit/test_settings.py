from pathlib import Path

import pytest

from bot.settings import BUILTIN_CONTENT_DIR, Settings, SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    for name in ("DISCORD_TOKEN", "STUDYCOACH_DATABASE_PATH", "STUDYCOACH_DEV_GUILD_ID",
                 "STUDYCOACH_LOG_LEVEL", "STUDYCOACH_CONTENT_DIRS"):
        monkeypatch.delenv(name, raising=False)


def test_defaults() -> None:
    settings = load_settings()
    assert settings.database_path == Path("data/studycoach.db")
    assert settings.dev_guild_id is None
    assert settings.log_level == "INFO"
    assert settings.content_dirs == [BUILTIN_CONTENT_DIR]


def test_missing_token_is_one_clear_line() -> None:
    with pytest.raises(SettingsError) as info:
        load_settings().token()
    message = str(info.value)
    assert "DISCORD_TOKEN" in message
    assert "studycoach console" in message
    assert "\n" not in message


def test_blank_token_counts_as_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "   ")
    with pytest.raises(SettingsError, match="DISCORD_TOKEN is not set"):
        load_settings().token()


def test_env_values_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", " abc ")
    monkeypatch.setenv("STUDYCOACH_DEV_GUILD_ID", "1234")
    monkeypatch.setenv("STUDYCOACH_LOG_LEVEL", "debug")
    monkeypatch.setenv("STUDYCOACH_CONTENT_DIRS", "one:two")
    monkeypatch.setenv("STUDYCOACH_DATABASE_PATH", "/tmp/x.db")
    settings = load_settings()
    assert settings.token() == "abc"
    assert settings.dev_guild_id == 1234
    assert settings.log_level == "DEBUG"
    assert settings.content_dirs == [Path("one"), Path("two")]
    assert settings.database_path == Path("/tmp/x.db")


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("DISCORD_TOKEN=from-dotenv\n")
    assert load_settings().token() == "from-dotenv"


@pytest.mark.parametrize(
    ("name", "value"),
    [("STUDYCOACH_DEV_GUILD_ID", "not-a-number"), ("STUDYCOACH_DEV_GUILD_ID", "-5"),
     ("STUDYCOACH_LOG_LEVEL", "LOUD")],
)
def test_invalid_value_names_the_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        load_settings()
    message = str(info.value)
    assert message.startswith(name)
    assert "\n" not in message
    assert "studycoach console" in message


def test_token_is_secret() -> None:
    settings = Settings(DISCORD_TOKEN="very-secret")
    assert "very-secret" not in repr(settings)
    assert "very-secret" not in str(settings.model_dump())


def test_settings_are_not_built_at_import() -> None:
    import bot.settings as module

    assert not any(isinstance(value, Settings) for value in vars(module).values())
