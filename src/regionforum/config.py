"""Read and validate the REGIONFORUM_* environment variables.

Settings are read from the environment only. A malformed value raises ConfigError, which the
entry point turns into one clear line and exit code 2.
"""

from __future__ import annotations

import os
from pathlib import Path


class ConfigError(Exception):
    """A REGIONFORUM_* variable is missing or malformed."""


# Set by the console entry point for commands that do not serve requests: they sign nothing
# that outlives the process, so a missing secret key is replaced by a random one for the run.
allow_ephemeral_secret_key = False


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigError(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {raw!r}")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number; got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}; got {value}")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    raw = os.environ.get("REGIONFORUM_DATA_DIR")
    if raw:
        return Path(raw).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "regionforum"


def database_config(
    url: str | None, default_sqlite: Path, *, conn_max_age: int = 60
) -> dict[str, object]:
    import dj_database_url

    if not url:
        try:
            default_sqlite.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ConfigError(
                f"cannot create the data folder {default_sqlite.parent}: {exc.strerror}; "
                "set REGIONFORUM_DATA_DIR or REGIONFORUM_DATABASE_URL"
            ) from None
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL;",
            },
        }
    try:
        config = dict(dj_database_url.parse(url, conn_max_age=conn_max_age))
    except Exception as exc:  # dj-database-url raises several unrelated types
        raise ConfigError(
            f"REGIONFORUM_DATABASE_URL is not a database URL we support: {exc}"
        ) from None
    engine = str(config.get("ENGINE") or "")
    if engine not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
        raise ConfigError(
            "REGIONFORUM_DATABASE_URL must start with sqlite:// or postgres://; "
            f"got {url.split('://', 1)[0]!r}"
        )
    if not config.get("NAME"):
        raise ConfigError("REGIONFORUM_DATABASE_URL names no database")
    return config
