import os
import subprocess
import sys

import pytest

from regionforum.config import ConfigError, database_config, env_bool, env_int


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("REGIONFORUM_")}
    environment.update(env)
    return subprocess.run(  # noqa: S603 - our own entry point with fixed arguments
        [sys.executable, "-m", "regionforum", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@h/db", "must start with sqlite:// or postgres://; got 'mysql'"),
        ("nonsense", "is not a database URL we support"),
        ("postgres://", "names no database"),
    ],
)
def test_cli_bad_database_url_exits_2_with_one_line(url, message, tmp_path):
    result = run_cli("check", REGIONFORUM_DATABASE_URL=url, REGIONFORUM_DATA_DIR=str(tmp_path))

    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("regionforum: configuration error: REGIONFORUM_DATABASE_URL")
    assert message in lines[0]


def test_cli_server_without_secret_key_exits_2(tmp_path):
    result = run_cli("runserver", "--noreload", REGIONFORUM_DATA_DIR=str(tmp_path))

    assert result.returncode == 2
    assert result.stderr.strip() == (
        "regionforum: configuration error: REGIONFORUM_SECRET_KEY is not set; "
        "set it, or set REGIONFORUM_DEBUG=1 for development"
    )


def test_cli_command_without_secret_key_runs(tmp_path):
    result = run_cli("check", REGIONFORUM_DATA_DIR=str(tmp_path))

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_env_bool_malformed_raises(monkeypatch):
    monkeypatch.setenv("REGIONFORUM_X", "maybe")

    with pytest.raises(ConfigError, match="REGIONFORUM_X must be one of"):
        env_bool("REGIONFORUM_X", False)


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("off", False), ("Yes", True)])
def test_env_bool_accepts_forms(monkeypatch, raw, expected):
    monkeypatch.setenv("REGIONFORUM_X", raw)

    assert env_bool("REGIONFORUM_X", not expected) is expected


def test_env_int_below_minimum_raises(monkeypatch):
    monkeypatch.setenv("REGIONFORUM_N", "0")

    with pytest.raises(ConfigError, match="at least 1; got 0"):
        env_int("REGIONFORUM_N", 5, minimum=1)


def test_database_config_defaults_to_sqlite_in_data_dir(tmp_path):
    config = database_config(None, tmp_path / "sub" / "db.sqlite3")

    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "sub" / "db.sqlite3")
    assert (tmp_path / "sub").is_dir()


def test_database_config_postgres_url():
    config = database_config("postgres://app@db.example:5433/forum", None)  # type: ignore[arg-type]

    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["HOST"], config["PORT"], config["USER"]) == (
        "forum",
        "db.example",
        5433,
        "app",
    )


PRODUCTION = {
    "REGIONFORUM_SECRET_KEY": "k9Vx2LrQ7mT0aZ4pW8sN1bE6yH3jU5cF_dG-oIqRtXvB2nM7kL0wS4eA9zP3",
    "REGIONFORUM_ALLOWED_HOSTS": "forum.example",
    "REGIONFORUM_HTTPS": "1",
    "REGIONFORUM_PROXY_COUNT": "1",
}


def test_check_deploy_is_clean_with_the_documented_production_settings(tmp_path):
    result = run_cli("check", "--deploy", REGIONFORUM_DATA_DIR=str(tmp_path), **PRODUCTION)

    assert (result.returncode, result.stdout.strip(), result.stderr) == (
        0,
        "System check identified no issues (0 silenced).",
        "",
    )


def test_check_deploy_without_https_names_what_is_missing(tmp_path):
    settings = {**PRODUCTION, "REGIONFORUM_HTTPS": "0"}

    result = run_cli("check", "--deploy", REGIONFORUM_DATA_DIR=str(tmp_path), **settings)

    assert "security.W004" in result.stderr + result.stdout
    assert "security.W008" in result.stderr + result.stdout


def test_cli_bad_cache_url_exits_2_with_one_line(tmp_path):
    result = run_cli(
        "check", REGIONFORUM_CACHE_URL="memcached://h:11211", REGIONFORUM_DATA_DIR=str(tmp_path)
    )

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "REGIONFORUM_CACHE_URL must be a Redis URL" in lines[0]
    assert "'memcached://h:11211'" in lines[0]


def test_figures_command_reads_the_shared_cache_across_processes(tmp_path):
    """Two `figures` processes on one database and one Redis: the second reads what the first
    computed, so the command benefits from the cache although each process starts cold."""
    redis = "redis://127.0.0.1:6379/14"
    env = {
        "REGIONFORUM_DATA_DIR": str(tmp_path),
        "REGIONFORUM_DEBUG": "1",
        "REGIONFORUM_CACHE_URL": redis,
    }
    clear = "from django.core.cache import cache; cache.clear()"
    if run_cli("shell", "--no-imports", "-c", clear, **env).returncode != 0:
        pytest.skip("no Redis on 127.0.0.1:6379")
    assert run_cli("migrate", **env).returncode == 0
    count = (
        "from django.core.cache import cache; "
        "print(len(cache._cache.get_client().keys('*regionforum:analytics:figures:*')))"
    )

    first = run_cli("figures", "--json", **env)
    cached_keys = run_cli("shell", "--no-imports", "-c", count, **env)
    second = run_cli("figures", "--json", **env)

    assert first.returncode == second.returncode == 0
    assert first.stdout == second.stdout
    assert cached_keys.stdout.strip() == "1"
