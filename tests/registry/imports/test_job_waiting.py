"""A web import job that meets another import writing: its page says that it waits, then it
goes on. The job runs in a process of its own, as on a task worker, while the test holds the
registry's write lock (see test_processes)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest
from django.db import connection

from regionforum.registry.imports import import_job_create, import_job_waiting
from tests.registry.imports.test_processes import Registry, WriteLock, registry, until
from tests.registry.sheets import RU_HEADER, ru_row, write_csv
from tests.web.factories import user_with_role

pytestmark = pytest.mark.django_db(transaction=True)

__all__ = ["registry"]

WAITING = "Waiting for another import to finish; this one goes on after it."


def _share(registry: Registry) -> None:
    """Hand the rows made since the fixture copied the database to the job's process."""
    if registry.sqlite_file is None:
        return
    registry.sqlite_file.unlink()
    with sqlite3.connect(registry.sqlite_file) as copy:
        connection.connection.backup(copy)
        copy.execute("PRAGMA journal_mode=WAL")


def _run_job(registry: Registry, job_id: int) -> subprocess.Popen[bytes]:
    code = (
        "from regionforum.registry.imports import import_job_run\n"
        "from regionforum.registry.models import ImportJob\n"
        f"import_job_run(job=ImportJob.objects.get(pk={job_id}), commit=True)\n"
    )
    return subprocess.Popen(  # noqa: S603 - our own entry point
        [sys.executable, "-m", "regionforum", "shell", "--no-imports", "-c", code],
        env=registry.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_import_job_waiting_on_a_held_lock_reports_it_then_goes_on(
    registry, tmp_path, client, settings
):
    settings.DATA_DIR = tmp_path / "data"
    user = user_with_role("coordinator")
    sheet = write_csv(tmp_path / "by.csv", RU_HEADER, [ru_row("1")])
    job = import_job_create(
        file_name="by.csv", chunks=[sheet.read_bytes()], reporter="BY", user=user
    )
    _share(registry)
    client.force_login(user)

    with WriteLock(registry):
        process = _run_job(registry, job.pk)
        try:
            until(lambda: import_job_waiting(job=job) or process.poll() is not None)
        except AssertionError:
            # Not left blocked on the lock, where it would hold up the database's teardown.
            process.kill()
            process.wait()
            raise
        progress = client.get(f"/imports/{job.pk}/progress/").json()
        page = client.get(f"/imports/{job.pk}/").content.decode()
        still_waiting = process.poll() is None
    _out, err = process.communicate(timeout=300)

    assert still_waiting, err.decode()
    assert (progress["waiting"], progress["stage"]) == (True, WAITING)
    assert f'<p id="job-stage" data-field="stage" aria-live="polite">{WAITING}</p>' in page
    assert process.returncode == 0, err.decode()
    assert not import_job_waiting(job=job)
    query = f"SELECT status, progress FROM registry_importjob WHERE id = {job.pk}"  # noqa: S608
    assert registry.query(query) == [("done", 100)]
    assert registry.counts()["agreement"] == 1
    after = client.get(f"/imports/{job.pk}/progress/").json()
    assert (after["waiting"], after["stage"]) == (False, "")
