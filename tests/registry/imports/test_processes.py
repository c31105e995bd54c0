"""Imports as separate `regionforum import` processes on one database: at once, and killed.

The processes share the test database: on PostgreSQL they connect to it by name; on SQLite the
migrated in-memory test database is copied into a file in a data folder that they open.
"""

from __future__ import annotations

import csv
import functools
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from regionforum.registry.imports.pipeline import IMPORT_LOCK
from tests.registry.synthetic import _header, generate

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[3]
WAITING = "another import is writing to the registry"


@dataclass
class Registry:
    """The shared database as the processes see it, and how to reach it from the test."""

    env: dict[str, str]
    sqlite_file: Path | None

    def query(self, sql: str) -> list[tuple[object, ...]]:
        if self.sqlite_file is None:
            with connection.cursor() as cursor:
                cursor.execute(sql)
                return cursor.fetchall()
        with sqlite3.connect(self.sqlite_file) as db:
            return db.execute(sql).fetchall()

    def counts(self) -> dict[str, int]:
        tables = ("agreement", "sourcerecord", "organisation", "party", "importbatch")
        existing = {
            name for name in connection.introspection.table_names() if name.startswith("registry_")
        }
        return {
            table: int(self.query(f"SELECT COUNT(*) FROM registry_{table}")[0][0])  # noqa: S608
            for table in tables
            if f"registry_{table}" in existing
        }

    def wal_size(self) -> int:
        """The size of SQLite's write-ahead log (0 on PostgreSQL)."""
        if self.sqlite_file is None:
            return 0
        wal = self.sqlite_file.with_name(self.sqlite_file.name + "-wal")
        return wal.stat().st_size if wal.exists() else 0

    def duplicates(self) -> int:
        """Rows (the same cells, ref included) that went into more than one agreement."""
        return int(
            self.query(
                "SELECT COUNT(*) FROM (SELECT row_hash FROM registry_sourcerecord "
                "GROUP BY row_hash HAVING COUNT(DISTINCT agreement_id) > 1) AS spread"
            )[0][0]
        )


@pytest.fixture
def registry(tmp_path) -> Registry:
    call_command("gazetteer", "load", verbosity=0)
    env = {
        **os.environ,
        "REGIONFORUM_DEBUG": "1",
        "REGIONFORUM_DATA_DIR": str(tmp_path / "data"),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }
    env.pop("REGIONFORUM_DATABASE_URL", None)
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        env["REGIONFORUM_DATABASE_URL"] = (
            f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/"
            f"{settings['NAME']}"
        )
        return Registry(env=env, sqlite_file=None)
    target = tmp_path / "data" / "regionforum.sqlite3"
    target.parent.mkdir()
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)
        # As the app's own connections leave it; switching needs the database to itself.
        copy.execute("PRAGMA journal_mode=WAL")
    return Registry(env=env, sqlite_file=target)


@functools.cache
def belarusian_rows() -> list[dict[str, object]]:
    """About 4,000 rows of distinct agreements as a Belarusian office reports them."""
    return generate(agreements=5000, seed=3, convert=lambda usd, currency, on: usd).by_rows


def sheet(path: Path, first: int, last: int) -> Path:
    """A sheet of rows first..last (0-based, exclusive) of one set of agreements."""
    rows = [
        {**row, "ref": f"BY-{first + index + 1}", **({"currency": "USD"} if row["amount"] else {})}
        for index, row in enumerate(belarusian_rows()[first:last])
    ]
    header, fields = _header(rows, True), _header(rows, False)
    cells = [[row.get(name, "") for name in fields] for row in rows]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(
            [cell.strftime("%d.%m.%Y") if hasattr(cell, "strftime") else cell for cell in line]
            for line in cells
        )
    return path


def start(registry: Registry, path: Path, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "regionforum", "import", str(path), "--reporter", "BY"]
    with log.open("wb") as err:
        return subprocess.Popen(  # noqa: S603 - our own entry point
            [*command, "--json"], env=registry.env, stdout=subprocess.PIPE, stderr=err
        )


def finish(process: subprocess.Popen[bytes], log: Path) -> tuple[int, dict[str, object], str]:
    out, _err = process.communicate(timeout=300)
    return process.returncode, json.loads(out), log.read_text()


def until(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


class WriteLock:
    """The registry's write lock, held by the test: the imports' advisory lock on PostgreSQL,
    SQLite's write lock on SQLite."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.db: sqlite3.Connection | None = None

    def __enter__(self) -> WriteLock:
        if self.registry.sqlite_file is None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [IMPORT_LOCK])
        else:
            self.db = sqlite3.connect(self.registry.sqlite_file, isolation_level=None)
            self.db.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, *exc: object) -> None:
        if self.db is None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [IMPORT_LOCK])
        else:
            self.db.execute("ROLLBACK")
            self.db.close()


def writing(registry: Registry, wal_before: int) -> bool:
    """Whether an import has written agreements inside its transaction and not committed yet."""
    if registry.sqlite_file is None:
        return bool(
            registry.query(
                "SELECT 1 FROM pg_locks JOIN pg_class ON pg_locks.relation = pg_class.oid "
                "WHERE pg_class.relname = 'registry_agreement' AND pg_locks.granted "
                "AND pg_locks.mode = 'RowExclusiveLock' AND pg_locks.pid <> pg_backend_pid()"
            )
        )
    # Uncommitted pages spill into the write-ahead log while the write lock is held.
    if registry.wal_size() <= wal_before + 256 * 1024:
        return False
    probe = sqlite3.connect(registry.sqlite_file, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()
    return False


def imports_at_once(registry: Registry, tmp_path: Path, paths: list[Path]):
    """Start one import a path while the lock is held, so that all reach it and wait, then let
    them go at the same moment."""
    logs = [tmp_path / f"import-{index}.log" for index in range(len(paths))]
    with WriteLock(registry):
        processes = [start(registry, path, log) for path, log in zip(paths, logs, strict=True)]
        until(
            lambda: (
                all(WAITING in log.read_text() for log in logs)
                or any(process.poll() is not None for process in processes)
            )
        )
        assert [WAITING in log.read_text() for log in logs] == [True] * len(paths)
    return [finish(process, log) for process, log in zip(processes, logs, strict=True)]


def test_same_file_imported_twice_at_once_creates_no_duplicates(registry, tmp_path):
    path = sheet(tmp_path / "by.csv", 0, 300)
    results = imports_at_once(registry, tmp_path, [path, path])
    assert [code for code, _result, _log in results] == [0, 0]
    assert sorted(result["unchanged"] for _code, result, _log in results) == [0, 300]
    created = sum(result["created"] for _code, result, _log in results)
    assert registry.counts()["agreement"] == created > 0
    assert registry.counts()["sourcerecord"] == 300
    assert registry.duplicates() == 0


def test_overlapping_files_imported_at_once_create_no_duplicates(registry, tmp_path):
    first = sheet(tmp_path / "first.csv", 0, 300)
    second = sheet(tmp_path / "second.csv", 150, 450)
    results = imports_at_once(registry, tmp_path, [first, second])
    assert [code for code, _result, _log in results] == [0, 0]
    assert all("could not be read" not in log for _code, _result, log in results)
    assert [result["rows"] for _code, result, _log in results] == [300, 300]
    created = sum(result["created"] for _code, result, _log in results)
    assert registry.counts()["agreement"] == created
    # Each of the 150 shared rows is merged into the agreement the other file created.
    assert sum(result["merged"] for _code, result, _log in results) >= 150
    assert registry.counts()["sourcerecord"] == 600
    assert registry.duplicates() == 0


def test_import_killed_mid_write_leaves_registry_and_rerun_completes(registry, tmp_path):
    code, _result, _log = finish(
        start(registry, sheet(tmp_path / "earlier.csv", 0, 50), tmp_path / "earlier.log"),
        tmp_path / "earlier.log",
    )
    assert code == 0
    before = registry.counts()
    large = sheet(tmp_path / "large.csv", 1000, 4000)
    log = tmp_path / "large.log"
    wal_before = registry.wal_size()
    process = start(registry, large, log)
    # Killed as soon as it is seen writing: between its first writes and its commit.
    until(lambda: writing(registry, wal_before) or process.poll() is not None, seconds=300)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL, "the import ended before it could be killed"
    assert registry.counts() == before

    code, result, _log = finish(start(registry, large, log), log)
    assert (code, result["rows"], result["rejected"]) == (0, 3000, 0)
    after = registry.counts()
    assert after["agreement"] == before["agreement"] + result["created"]
    assert after["sourcerecord"] == before["sourcerecord"] + 3000
    assert registry.duplicates() == 0
