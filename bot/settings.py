"""Settings, read from the environment and `.env` when the program starts (never at import)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

#: The packs shipped with the project (a source checkout or an editable install).
BUILTIN_CONTENT_DIR = Path(__file__).resolve().parent.parent / "content" / "packs"

CONSOLE_HINT = "To try the bot without Discord, run `studycoach console`."

# What each variable means, for error messages.
_HELP = {
    "DISCORD_TOKEN": "the bot token from the Discord developer portal (Bot > Reset Token)",
    "STUDYCOACH_DATABASE_PATH": "a file path for the SQLite database",
    "STUDYCOACH_DEV_GUILD_ID": "a Discord server id (digits only) for instant command sync",
    "STUDYCOACH_LOG_LEVEL": "one of DEBUG, INFO, WARNING, ERROR",
    "STUDYCOACH_CONTENT_DIRS": f"content pack folders separated by '{os.pathsep}'",
}


class SettingsError(Exception):
    """A missing or invalid setting; the message is one line that says what to do."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    discord_token: SecretStr | None = Field(default=None, alias="DISCORD_TOKEN")
    database_path: Path = Field(default=Path("data/studycoach.db"), alias="STUDYCOACH_DATABASE_PATH")
    dev_guild_id: int | None = Field(default=None, alias="STUDYCOACH_DEV_GUILD_ID", gt=0)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", alias="STUDYCOACH_LOG_LEVEL"
    )
    content_dirs: Annotated[list[Path], NoDecode] = Field(
        default_factory=lambda: [BUILTIN_CONTENT_DIR], alias="STUDYCOACH_CONTENT_DIRS"
    )

    @field_validator("log_level", mode="before")
    @classmethod
    def _upper_level(cls, value: object) -> object:
        return value.upper() if isinstance(value, str) else value

    @field_validator("dev_guild_id", mode="before")
    @classmethod
    def _blank_guild_is_none(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("content_dirs", mode="before")
    @classmethod
    def _split_dirs(cls, value: object) -> object:
        if isinstance(value, str):
            return [Path(part) for part in value.split(os.pathsep) if part.strip()]
        return value

    def token(self) -> str:
        """The bot token, or a SettingsError saying how to set it."""
        if self.discord_token is None or not self.discord_token.get_secret_value().strip():
            raise SettingsError(
                f"DISCORD_TOKEN is not set: put {_HELP['DISCORD_TOKEN']} in the environment or in .env. "
                + CONSOLE_HINT
            )
        return self.discord_token.get_secret_value().strip()


def load_settings(**overrides: object) -> Settings:
    """Build the settings, turning validation errors into one clear line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "settings"
        name = Settings.model_fields[field].alias if field in Settings.model_fields else field
        value = error.get("input")
        shown = "" if value is None or name == "DISCORD_TOKEN" else f" {str(value)!r}"
        raise SettingsError(
            f"{name} has an invalid value{shown}: expected {_HELP.get(name or '', error['msg'])}. "
            "Fix it in the environment or in .env. " + CONSOLE_HINT
        ) from None
